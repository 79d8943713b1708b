"""Sentence pairs beside a reference aligner: run by hand from the project's root (not a test).

    .venv/bin/pip install galechurch      # the reference: Gale-Church 1993, PyPI `galechurch` (Rust core)
    .venv/bin/python bench/pairs.py [--out DIR]

Runs `medclean run` over ../shared/eval/mixed/pages (or reads DIR if it holds a run), then scores, with
../shared/eval/score.py's own matching (both sides equal within 10% after skeletonising):
- medclean's `pairs`;
- galechurch on every page's cleaned streams, split into sentences (what a user would get by feeding
  our streams to the reference aligner);
- galechurch on the pages medclean found bilingual only (the same decision, the reference's alignment).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def sentences(stream: str) -> list[str]:
    from pipeline.scripts import sentence_spans

    return [line[start:end] for line in stream.splitlines() for start, end in sentence_spans(line)]


def reference_pairs(record: dict) -> list[tuple[str, str]]:
    import galechurch

    english, chinese = sentences(record["en"]["text"]), sentences(record["zh"]["text"])
    if not english or not chinese:
        return []
    block = galechurch.align(english, chinese)
    return [(" ".join(english[b.source_start:b.source_end]), "".join(chinese[b.target_start:b.target_end]))
            for b in block.beads if b.source_end > b.source_start and b.target_end > b.target_start]


def score(predicted: dict[str, list[tuple[str, str]]], gold: dict) -> tuple[float, float, int]:
    sys.path.insert(0, str(EVAL))
    from score import same, skeleton

    hits = total = found = wanted = 0
    for name, page in gold.items():
        want = [(skeleton(en), skeleton(zh)) for en, zh in page.get("pairs", [])]
        got = [(skeleton(en), skeleton(zh)) for en, zh in predicted.get(name, [])]
        hits += sum(any(same(pair, w) for w in want) for pair in got)
        total += len(got)
        found += sum(any(same(pair, w) for pair in got) for w in want)
        wanted += len(want)
    return hits / max(total, 1), found / max(wanted, 1), total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / ".pairs")
    args = parser.parse_args()
    if not (args.out / "records.jsonl").is_file():
        subprocess.run([sys.executable, "-m", "pipeline", "run", str(EVAL / "mixed" / "pages"), "--out",
                        str(args.out), "-q"], check=True)
    gold = json.loads((EVAL / "mixed" / "gold.json").read_text(encoding="utf-8"))["pages"]
    records = {}
    for line in (args.out / "records.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        name = Path(record["source"]["path"]).name
        records[name if name in gold else name.removesuffix(".gz")] = record
    ours = {name: [(p["en"], p["zh"]) for p in record["pairs"]] for name, record in records.items()}
    every_page = {name: reference_pairs(record) for name, record in records.items()}
    our_pages = {name: reference_pairs(record) for name, record in records.items() if record["pairs"]}
    print(f"{'mixed (' + str(sum(bool(p.get('pairs')) for p in gold.values())) + ' bilingual pages)':48s}"
          f"{'pair_precision':>15s}{'pair_recall':>12s}{'pairs':>7s}")
    for label, predicted in (("medclean", ours), ("galechurch, every page's streams", every_page),
                             ("galechurch, pages medclean found bilingual", our_pages)):
        precision, recall, total = score(predicted, gold)
        print(f"{label:48s}{precision:15.3f}{recall:12.3f}{total:7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
