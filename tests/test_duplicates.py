"""Near-duplicate pages: the same article re-published is found, two articles on one drug are not, the page seen
first is the original, across runs, and the keep policy can drop the copies."""

from __future__ import annotations

import json

import pytest
from conftest import medclean, read_records

from pipeline.duplicates import NO_SIGNATURE, DuplicateIndex, bands, signature

ARTICLE = (
    "Methadone maintenance treatment reduces illicit opioid use and the spread of HIV among people who inject "
    "drugs. Patients usually start at a low dose, between 20 and 30 milligrams a day, which the clinic raises "
    "slowly over several weeks until withdrawal symptoms and cravings stop. Because methadone has a long "
    "half-life, the dose must not be raised too quickly: deaths in the first two weeks of treatment are most "
    "often caused by doses that accumulate. Most patients do well on 60 to 120 milligrams a day. Take-home doses "
    "are allowed once a patient has been stable for some months and attends the clinic regularly.\n"
    "美沙酮维持治疗可以减少非法阿片类药物的使用，并降低注射吸毒人群中艾滋病病毒的传播。患者通常从每天20至30毫克的低剂量开始，"
    "诊所在数周内逐渐加量，直到戒断症状和渴求消失。\n")
OTHER_ARTICLE = (
    "Methadone is a synthetic opioid first made in Germany in 1937. It is taken by mouth as a liquid or a tablet "
    "and acts on the same receptors as morphine and heroin, but its effect lasts for a day or more, so one dose "
    "a day is enough. Side effects include constipation, sweating, drowsiness and a lower sex drive; a few "
    "patients develop changes in the heart rhythm that an electrocardiogram can show. Methadone interacts with "
    "many other medicines, among them some antibiotics and drugs against HIV, which can raise or lower its "
    "level in the blood.\n"
    "美沙酮是一种合成阿片类药物，1937年首次在德国合成。它以口服液或片剂的形式服用，作用于与吗啡和海洛因相同的受体。\n")


def page(header: str, text: str, footer: str) -> str:
    return f"{header}\n\n{text}\n{footer}\n"


def test_the_same_article_with_another_header_and_footer_is_a_near_duplicate():
    index = DuplicateIndex(0.85)
    assert index.first_copy("a", signature(page("Health News Daily", ARTICLE, "Share this page"))) is None
    again = page("Addiction Today | Home | Contact", ARTICLE, "© 2024 Addiction Today. All rights reserved.")
    assert index.first_copy("b", signature(again)) == "a"


def test_two_different_articles_on_one_drug_are_not():
    index = DuplicateIndex(0.85)
    assert index.first_copy("a", signature(ARTICLE)) is None
    assert index.first_copy("b", signature(OTHER_ARTICLE)) is None


def test_the_earliest_page_is_the_original_of_every_later_copy():
    index = DuplicateIndex(0.85)
    assert [index.first_copy(name, signature(ARTICLE + suffix)) for name, suffix in
            (("a", ""), ("b", " Updated."), ("c", " Reviewed."))] == [None, "a", "a"]


def test_a_short_page_is_not_compared():
    assert signature("Page not found.") == NO_SIGNATURE
    index = DuplicateIndex(0.85)
    assert index.first_copy("a", NO_SIGNATURE) is None and index.first_copy("b", NO_SIGNATURE) is None


def test_signatures_are_the_same_in_every_process():
    assert signature(ARTICLE) == signature(ARTICLE)
    assert len(signature(ARTICLE)) == 128 * 8


def test_duplicates_are_marked_across_runs_and_dropped_by_the_policy(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "b-original.txt").write_text(page("Health News Daily", ARTICLE, "Share this page"), encoding="utf-8")
    (raw / "c-other.txt").write_text(OTHER_ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert medclean("run", str(raw), "--out", str(out), "-q").returncode == 0
    assert {r["id"]: r["duplicate_of"] for r in read_records(out)} == {"b-original.txt": None, "c-other.txt": None}

    # a copy that sorts before the original in the input is still the copy: the original was seen first
    (raw / "a-copy.txt").write_text(page("Addiction Today", ARTICLE, "© 2024 Addiction Today"), encoding="utf-8")
    assert medclean("run", str(raw), "--out", str(out), "-q").returncode == 0
    records = {r["id"]: r["duplicate_of"] for r in read_records(out)}
    assert records == {"a-copy.txt": "b-original.txt", "b-original.txt": None, "c-other.txt": None}
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats["counts"]["duplicates.pages"] == 1

    config = tmp_path / "medclean.toml"
    config.write_text("[policy]\ndrop_duplicates = true\n", encoding="utf-8")
    assert medclean("run", str(raw), "--out", str(out), "--config", str(config), "-q").returncode == 0
    assert [r["id"] for r in read_records(out)] == ["b-original.txt", "c-other.txt"]
    dropped = [json.loads(line) for line in (out / "dropped.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(d["reason"], d["record"]["id"], d["record"]["duplicate_of"]) for d in dropped] == [
        ("policy.duplicate", "a-copy.txt", "b-original.txt")]


def test_a_candidate_the_lsh_returns_below_the_threshold_is_not_a_duplicate():
    import numpy as np

    values = np.random.default_rng(7).integers(1, 2**32 - 1, size=128, dtype=np.uint64)
    close = values.copy()
    close[100:] += 1  # 100 of 128 values shared: estimated Jaccard 0.78, but whole LSH bands agree
    index = DuplicateIndex(0.85)
    assert index.first_copy("a", values.astype("<u8").tobytes()) is None
    assert index.first_copy("b", close.astype("<u8").tobytes()) is None
    same = values.copy()
    same[120:] += 1  # 120 of 128: 0.94
    assert index.first_copy("c", same.astype("<u8").tobytes()) == "a"


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.8, 0.85, 0.9, 0.95])
def test_the_bands_are_those_datasketch_chooses(threshold):
    from datasketch.lsh import _optimal_param

    assert bands(threshold) == _optimal_param(threshold, 128, 0.5, 0.5)


def test_the_index_names_the_same_first_copies_as_datasketchs_lsh(shared):
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    pages = sorted((shared / "eval" / "mixed" / "pages").iterdir())
    texts = [path.read_bytes().decode("utf-8", "replace") for path in pages if path.suffix != ".gz"]
    texts += [text[: len(text) * 9 // 10] for text in texts[:40]]  # copies that lose their last tenth
    index, reference = DuplicateIndex(0.85), MinHashLSH(0.85, 128)
    indexed: dict[str, object] = {}  # page -> its datasketch MinHash, in the order added
    found, expected = [], []
    for number, text in enumerate(texts):
        raw = signature(text)
        found.append(index.first_copy(str(number), raw))
        if raw == NO_SIGNATURE:
            expected.append(None)
            continue
        minhash = MinHash(128, hashvalues=np.frombuffer(raw, "<u8"), scheme="affine32",
                          permutations=np.ones((2, 128), dtype=np.uint32))
        earlier = sorted(reference.query(minhash), key=list(indexed).index)
        first = next((page for page in earlier if minhash.jaccard(indexed[page]) >= 0.85), None)
        expected.append(first)
        if first is None:
            indexed[str(number)] = minhash
            reference.insert(str(number), minhash)
    assert found == expected
    assert sum(first is not None for first in found) >= 30
