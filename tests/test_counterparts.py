"""Counterpart pages: URLs that differ by a language marker make an English page and its Chinese translation,
and a run aligns the two into sentence pairs held by the English page's record."""

from __future__ import annotations

import json

import pytest
from conftest import medclean, read_records

from pipeline.counterparts import counterpart_key, counterparts, language_free


@pytest.mark.parametrize(("english", "chinese"), [
    ("https://www.example.org/en/methadone.html", "https://example.org/zh-cn/methadone.html"),
    ("http://example.org/about_en.html", "http://example.org/about_cn.html"),
    ("http://example.org/about.en.html", "http://example.org/about.zh.html"),
    ("http://en.example.org/drugs/heroin", "http://cn.example.org/drugs/heroin"),
    ("http://example.org/page?id=3&lang=en", "http://example.org/page?id=3&lang=zh"),
    ("http://example.org/English/faq", "http://example.org/chinese/faq"),
])
def test_urls_that_differ_by_a_language_marker_share_a_key(english, chinese):
    assert language_free(english)[1] == "en"
    assert language_free(chinese)[1] == "zh"
    assert language_free(english)[0] == language_free(chinese)[0]


@pytest.mark.parametrize("url", [
    "http://example.org/methadone.html", "http://example.org/encyclopedia/heroin", "http://example.org/?q=en",
    "not a url", "http://[bad",
])
def test_a_url_without_a_language_marker_has_no_key(url):
    assert language_free(url) is None


def test_the_marker_in_the_path_is_found_in_place():
    assert language_free("https://www.example.org/en/methadone.html") == ("//example.org/{lang}/methadone.html", "en")


def test_a_page_that_does_not_read_as_its_marker_has_no_counterpart_key():
    assert counterpart_key("https://example.org/en/a.html", "en") == "//example.org/{lang}/a.html\ten"
    assert counterpart_key("https://example.org/en/a.html", "zh") is None
    assert counterpart_key("https://example.org/en/a.html", "mixed") is None
    assert counterpart_key(None, "en") is None


def test_counterparts_pair_one_english_and_one_chinese_page_in_page_order():
    english_b = counterpart_key("https://s.org/en/b.html", "en")
    english_a = counterpart_key("https://s.org/en/a.html", "en")
    chinese_a = counterpart_key("https://s.org/zh/a.html", "zh")
    chinese_b = counterpart_key("https://s.org/zh/b.html", "zh")
    pages = [("zh-a", chinese_a), ("en-b", english_b), ("other", None), ("en-a", english_a), ("zh-b", chinese_b)]
    assert counterparts(pages) == [("en-b", "zh-b"), ("en-a", "zh-a")]


def test_a_key_held_by_three_pages_or_two_of_one_language_pairs_nothing():
    english = counterpart_key("https://s.org/en/a.html", "en")
    chinese = counterpart_key("https://s.org/zh/a.html", "zh")
    assert counterparts([("1", english), ("2", chinese), ("3", counterpart_key("https://s.org/cn/a.html", "zh"))]) == []
    assert counterparts([("1", english), ("2", counterpart_key("https://s.org/english/a.html", "en"))]) == []


def _medline(shared, first: int, count: int) -> list[tuple[str, str]]:
    """`count` sentences of WMT19 Medline abstracts (line-aligned human translations) from line `first`."""
    folder = shared / "eval" / "data" / "parallel"
    english = (folder / "wmt19.medline.en-zh.en").read_text(encoding="utf-8").split("\n")
    chinese = (folder / "wmt19.medline.en-zh.zh").read_text(encoding="utf-8").split("\n")
    return [(en.strip(), zh.strip()) for en, zh in zip(english[first:first + count], chinese[first:first + count],
                                                       strict=True)]


def _pages(tmp_path, pages: list[tuple[str, str]]):
    raw = tmp_path / "raw"
    raw.mkdir()
    lines = [json.dumps({"url": url, "text": text}, ensure_ascii=False) for url, text in pages]
    (raw / "site.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return raw


def test_an_english_page_and_its_chinese_counterpart_are_aligned_sentence_by_sentence(shared, tmp_path, validator):
    sentences = _medline(shared, 0, 10)
    english = " ".join(en for en, _ in sentences[:5]) + "\n" + " ".join(en for en, _ in sentences[5:])
    chinese = "".join(zh for _, zh in sentences[:5]) + "\n" + "".join(zh for _, zh in sentences[5:])
    raw = _pages(tmp_path, [("https://health.example.org/en/abstracts/7.html", english),
                            ("https://health.example.org/news.html", "Unrelated news of the day. " * 8),
                            ("https://health.example.org/zh/abstracts/7.html", chinese)])
    done = medclean("run", str(raw), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    records = {record["source"]["url"]: record for record in read_records(tmp_path / "out")}
    assert [error.message for record in records.values() for error in validator.iter_errors(record)] == []
    english_record = records["https://health.example.org/en/abstracts/7.html"]
    chinese_record = records["https://health.example.org/zh/abstracts/7.html"]
    found = {(pair["en"], pair["zh"]) for pair in english_record["pairs"]}
    correct = found & set(sentences)
    assert len(correct) >= 0.8 * len(sentences)
    assert len(correct) >= 0.9 * len(found)
    for pair in english_record["pairs"]:
        assert pair["zh_page"] == chinese_record["id"]
        assert english_record["en"]["text"][slice(*pair["en_span"])] == pair["en"]
        assert chinese_record["zh"]["text"][slice(*pair["zh_span"])] == pair["zh"]
    assert chinese_record["pairs"] == []
    stats = json.loads((tmp_path / "out" / "stats.json").read_text(encoding="utf-8"))
    assert stats["counts"]["pairs.counterpart_pages"] == 1
    done = medclean("export", "--format", "parquet", str(tmp_path / "out"), "--out", str(tmp_path / "parquet"))
    assert done.returncode == 0, done.stderr
    import pyarrow.parquet as pq

    pairs = pq.read_table(next((tmp_path / "parquet").glob("pairs*.parquet"))).to_pylist()
    assert len(pairs) == len(english_record["pairs"])
    assert {pair["page"] for pair in pairs} == {english_record["id"]}
    assert {pair["zh_page"] for pair in pairs} == {chinese_record["id"]}


def test_counterparts_that_do_not_translate_each_other_pair_nothing(shared, tmp_path):
    english = " ".join(en for en, _ in _medline(shared, 0, 6))
    chinese = "".join(zh for _, zh in _medline(shared, 100, 6))
    raw = _pages(tmp_path, [("https://health.example.org/en/7.html", english),
                            ("https://health.example.org/zh/7.html", chinese)])
    done = medclean("run", str(raw), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert all(record["pairs"] == [] for record in read_records(tmp_path / "out"))
