"""The record contract: what a finished document becomes, validated against the JSON Schema."""

from __future__ import annotations

import pytest
from conftest import run_stages, text_page

from pipeline.record import to_record
from pipeline.stages import language, mt, normalize, terms

GLOSSARY_HASH, CONFIG_HASH = "a" * 64, "b" * 64


def _record(text, context):
    doc = run_stages(text, context, language.run, normalize.run, terms.run, mt.run)
    return to_record(doc, "test", GLOSSARY_HASH, CONFIG_HASH)


def test_a_traditional_page_says_so_and_is_written_in_simplified(context, validator):
    record = _record("海洛英成癮治療需要長期追蹤。", context)
    validator.validate(record)
    assert (record["zh"]["text"], record["zh"]["script"], record["zh"]["source_script"]) == (
        "海洛英成瘾治疗需要长期追踪。", "hans", "hant")


def test_with_conversion_off_the_stream_says_it_is_traditional(context, validator):
    from dataclasses import replace

    from pipeline import config

    keep = replace(context, config=config.Config(normalize=config.NormalizeSettings(traditional_to_simplified=False)))
    record = _record("海洛英成癮治療需要長期追蹤。", keep)
    validator.validate(record)
    assert (record["zh"]["text"], record["zh"]["script"], record["zh"]["source_script"]) == (
        "海洛英成癮治療需要長期追蹤。", "hant", "hant")


def test_a_page_of_both_scripts_is_mixed_and_one_without_chinese_has_no_script(context, validator):
    mixed = _record("海洛英成癮治療需要長期追蹤。\n美沙酮维持治疗需要长期坚持。", context)
    english = _record("Methadone reduces cravings.", context)
    for record in (mixed, english):
        validator.validate(record)
    assert mixed["zh"]["source_script"] == "mixed"
    assert (english["zh"]["script"], english["zh"]["source_script"]) == (None, None)


def test_edits_carry_both_offsets(context, validator):
    text = "Call 555-123-4567 about thewithdrawal."
    record = _record(text, context)
    validator.validate(record)
    assert [(e["kind"], e["before"], e["after"], e["start"], e["src_start"]) for e in record["edits"]] == [
        ("mask", "555-123-4567", "<PHONE>", 5, 5), ("glue", "thewithdrawal", "the withdrawal", 19, 24)]
    assert record["pipeline"] == {"version": "test", "glossary": GLOSSARY_HASH, "config": CONFIG_HASH}


def test_the_share_of_undecodable_characters_is_in_source(context, validator):
    from dataclasses import replace

    clean = _record("Methadone reduces cravings.", context)
    doc = run_stages("Methadone \ufffd reduces cravings.", context, language.run, normalize.run, terms.run, mt.run)
    flagged = to_record(replace(doc, page=replace(doc.page, undecodable=0.0345)), "test", GLOSSARY_HASH, CONFIG_HASH)
    for record in (clean, flagged):
        validator.validate(record)
    assert list(clean["source"]) == ["path", "item", "sha256", "format", "encoding", "declared_encoding",
                                     "undecodable", "url", "site"]
    assert (clean["source"]["undecodable"], flagged["source"]["undecodable"]) == (0.0, 0.0345)
    assert not validator.is_valid({**flagged, "source": {**flagged["source"], "undecodable": 1.5}})


def test_a_document_evolves_into_a_new_one_with_its_other_fields_kept():
    from pipeline.model import Document

    doc = Document(page=text_page("Methadone."), meta={"title": "t"}, report={"x": 1})
    evolved = doc.evolve(lang={"doc": "en"})
    assert evolved is not doc and evolved.lang == {"doc": "en"} and doc.lang is None
    assert evolved.meta == {"title": "t"} and evolved.page is doc.page and evolved.report == {}
    assert evolved == Document(page=doc.page, meta={"title": "t"}, lang={"doc": "en"})
    with pytest.raises(TypeError, match="no field 'langs'"):
        doc.evolve(langs={})
