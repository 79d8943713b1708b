"""`medclean export`: every format read back by the tool that consumes it, not by our own code."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from conftest import medclean, read_records

PAGES = {
    "alternating.txt": "Methadone is an opioid agonist used to treat heroin addiction.\n"
                       "美沙酮是一种阿片类激动剂，用于治疗海洛因成瘾。\n"
                       "Patients take it once a day at a clinic.\n"
                       "患者每天在诊所服用一次。\n"
                       "Withdrawal symptoms include anxiety & insomnia <at night>.\n"
                       "戒断症状包括焦虑和失眠。\n",
    "block.txt": "Heroin is a highly addictive opioid drug. Methadone reduces cravings for heroin. "
                 "Naloxone reverses an overdose within minutes.\n"
                 "海洛因是一种极易成瘾的阿片类药物。美沙酮可以减少对海洛因的渴求。纳洛酮能在几分钟内逆转过量。\n",
    "english.txt": "Buprenorphine is a partial opioid agonist.\nIt is taken under the tongue.\n",
}


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    for name, text in PAGES.items():
        (raw / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("cleaned")
    result = medclean("run", str(raw), "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr
    records = read_records(out)
    pairs = [pair for record in records for pair in record["pairs"]]
    assert len(pairs) == 6  # three line pairs and three sentence pairs, checked in test_pairs.py
    return out, records, pairs


def export(cleaned_dir, fmt, out, *extra):
    result = medclean("export", str(cleaned_dir), "--format", fmt, "--out", str(out), *extra)
    assert result.returncode == 0, result.stderr
    assert (out / "README.md").is_file()
    return result


def test_tmx_reads_back_in_translate_toolkit(cleaned, tmp_path):
    from translate.storage.tmx import tmxfile

    out, _, pairs = cleaned
    export(out, "tmx", tmp_path)
    with open(tmp_path / "pairs.tmx", "rb") as handle:
        units = tmxfile(handle, "en", "zh").units
    assert [(unit.source, unit.target) for unit in units] == [(pair["en"], pair["zh"]) for pair in pairs]
    text = (tmp_path / "pairs.tmx").read_text(encoding="utf-8")
    assert '<prop type="x-page">alternating.txt</prop>' in text and '<prop type="x-concept">methadone</prop>' in text
    assert "&amp; insomnia &lt;at night&gt;." in text


def test_moses_files_are_line_aligned(cleaned, tmp_path):
    _, _, pairs = cleaned
    export(cleaned[0], "moses", tmp_path)
    english = (tmp_path / "train.en").read_text(encoding="utf-8").splitlines()
    chinese = (tmp_path / "train.zh").read_text(encoding="utf-8").splitlines()
    assert english == [pair["en"] for pair in pairs] and chinese == [pair["zh"] for pair in pairs]


def test_min_pair_score_leaves_out_the_weaker_pairs(cleaned, tmp_path):
    _, _, pairs = cleaned
    threshold = sorted(pair["score"] for pair in pairs)[2]
    export(cleaned[0], "moses", tmp_path, "--min-pair-score", str(threshold))
    kept = (tmp_path / "train.en").read_text(encoding="utf-8").splitlines()
    assert kept == [pair["en"] for pair in pairs if pair["score"] >= threshold] and len(kept) < len(pairs)


def test_parquet_reads_back_in_pyarrow(cleaned, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    _, records, pairs = cleaned
    export(cleaned[0], "parquet", tmp_path)
    pages = pq.read_table(tmp_path / "records.parquet")
    table = pq.read_table(tmp_path / "pairs.parquet")
    assert pages.column("id").to_pylist() == [record["id"] for record in records]
    assert str(pages.schema.field("mt_score").type) == "double"
    assert table.column("en").to_pylist() == [pair["en"] for pair in pairs]
    assert table.column("zh_start").to_pylist() == [pair["zh_span"][0] for pair in pairs]


def test_docbin_reads_back_in_spacy_with_term_hits_as_entities(cleaned, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    _, records, _ = cleaned
    export(cleaned[0], "docbin", tmp_path)
    docs = list(DocBin().from_disk(tmp_path / "zh.spacy").get_docs(spacy.blank("zh").vocab))
    with_chinese = [record for record in records if record["zh"]["text"].strip()]
    assert [doc.text for doc in docs] == [record["zh"]["text"] for record in with_chinese]
    first = with_chinese[0]
    hits = [(hit["start"], hit["end"], hit["concept"]) for hit in first["terms"] if hit["stream"] == "zh"]
    entities = [(ent.start_char, ent.end_char, ent.kb_id_) for ent in docs[0].ents]
    assert set(entities) <= set(hits)  # overlapping hits keep the longest (spaCy's filter_spans)
    assert all(any(s <= start and end <= e for s, e, _ in entities) for start, end, _ in hits)
    assert ("美沙酮", "DRUG") in [(ent.text, ent.label_) for ent in docs[0].ents]


def test_hf_jsonl_loads_in_datasets_with_stable_types(cleaned, tmp_path):
    datasets = pytest.importorskip("datasets")
    _, records, _ = cleaned
    export(cleaned[0], "hf", tmp_path)
    data = datasets.load_dataset("json", data_files=str(tmp_path / "data.jsonl"), split="train",
                                 cache_dir=str(tmp_path / "cache"))
    assert data.num_rows == len(records)
    assert data.features["mt_score"].dtype == "float64"
    assert data.features["text_zh"].dtype == "string"
    assert [row["id"] for row in data] == [record["id"] for record in records]
    assert [len(row["pairs"]) for row in data] == [len(record["pairs"]) for record in records]


DOLMA_FIELDS = {"id", "text", "source", "added", "created", "metadata"}
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def test_dolma_documents_have_the_documented_fields_and_export_byte_for_byte_again(cleaned, tmp_path):
    _, records, _ = cleaned
    export(cleaned[0], "dolma", tmp_path / "one")
    export(cleaned[0], "dolma", tmp_path / "two")
    files = sorted((tmp_path / "one" / "documents").glob("*.json.gz"))
    assert [path.name for path in files] == ["medclean-0000.json.gz"]
    assert files[0].read_bytes() == (tmp_path / "two" / "documents" / files[0].name).read_bytes()
    documents = [json.loads(line) for line in gzip.decompress(files[0].read_bytes()).decode("utf-8").splitlines()]
    expected = [f"{record['id']}#{lang}" for record in records for lang in ("en", "zh") if record[lang]["text"].strip()]
    assert [doc["id"] for doc in documents] == expected
    for doc in documents:
        assert set(doc) == DOLMA_FIELDS and doc["source"] == "medclean"
        assert ISO.fullmatch(doc["added"]) and ISO.fullmatch(doc["created"])
        assert isinstance(doc["metadata"], dict) and doc["text"].strip()


def test_a_language_filter_keeps_one_stream(cleaned, tmp_path):
    export(cleaned[0], "dolma", tmp_path, "--lang", "zh")
    documents = gzip.decompress((tmp_path / "documents" / "medclean-0000.json.gz").read_bytes()).decode("utf-8")
    assert all(json.loads(line)["id"].endswith("#zh") for line in documents.splitlines())


def test_the_dataset_card_counts_what_was_exported(cleaned, tmp_path):
    export(cleaned[0], "tmx", tmp_path)
    card = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "| pages in the records | 3 |" in card and "| sentence pairs exported | 6 |" in card
    assert "| methadone |" in card


def test_a_folder_without_records_is_a_usage_error(tmp_path):
    result = medclean("export", str(tmp_path), "--format", "tmx")
    assert result.returncode == 2
    assert f"{tmp_path}: no records*.jsonl[.gz]" in result.stderr
