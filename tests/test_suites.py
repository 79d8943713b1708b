"""The shared evaluation suites, scored by ../shared/eval/score.py: floors just under the figures reached,
so a regression fails (skipped when ../shared is absent)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import medclean, read_records

SUITES = {
    "seeds": "seeds",
    "mixed": "eval/mixed/pages",
    "html-en": "eval/html-en/pages",
    "html-zh": "eval/html-zh/pages",
}

# figures reached when these floors were set (python ../shared/eval/score.py GOLD OUTDIR), minus a little slack
FLOORS = {
    "seeds": {"coverage": 1.0, "recall": 1.0, "f1": 1.0, "boilerplate_removed": 1.0, "meta": 1.0,
              "separation": 1.0, "doc_lang": 1.0, "repair": 1.0, "mt": 1.0, "term_repair": 1.0, "concepts": 1.0},
    "mixed": {"coverage": 1.0, "recall": 0.99, "f1": 0.972, "boilerplate_removed": 0.95, "separation": 0.985,
              "doc_lang": 0.985, "repair": 0.98, "mt": 0.97, "term_repair": 0.99, "concepts": 0.99},
    "html-en": {"coverage": 1.0, "recall": 0.91, "precision": 0.955, "f1": 0.93, "boilerplate_removed": 0.955},
    "html-zh": {"coverage": 1.0, "recall": 0.965, "precision": 0.955, "f1": 0.96, "boilerplate_removed": 0.92},
}

@pytest.fixture(scope="module")
def scored(shared, tmp_path_factory):
    cache: dict[str, tuple[dict, object]] = {}

    def score(suite: str) -> tuple[dict, object]:
        if suite not in cache:
            out = tmp_path_factory.mktemp(suite)
            result = medclean("run", str(shared / SUITES[suite]), "--out", str(out), "--quiet")
            assert result.returncode == 0, result.stderr[-2000:]
            gold = shared / "eval" / suite / "gold.json"
            figures = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(gold), str(out),
                                      "--json"], capture_output=True, text=True, check=True).stdout
            cache[suite] = (json.loads(figures), out)
        return cache[suite]

    return score


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_suite_figures_hold_their_floors(scored, suite):
    figures, _ = scored(suite)
    below = {key: (figures.get(key), floor) for key, floor in FLOORS[suite].items()
             if figures.get(key) is None or figures[key] < floor}
    assert not below, f"{suite}: figures below their floors: {below}"
    assert "duplicate_records" not in figures


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_every_suite_record_matches_the_schema(scored, suite, validator):
    _, out = scored(suite)
    for record in read_records(out):
        errors = [error.message for error in validator.iter_errors(record)]
        assert errors == [], (record["id"], errors[:3])


def test_mixed_suite_encodings_are_recorded(scored):
    _, out = scored("mixed")
    encodings = {record["source"]["encoding"] for record in read_records(out)}
    assert {"utf-8", "gb18030", "cp950", "utf-16-le"} <= encodings
