"""The normalize stage: script conversion, masking, punctuation and glue through the edit primitive, each edit
pointing at its text in the stream and in the source."""

from __future__ import annotations

from conftest import kept_lines, text_page

from pipeline.model import Document, Line
from pipeline.stages import language, normalize


def test_personal_data_is_masked_and_recorded(context):
    text = "Call the clinic at 555-123-4567 or write to help@clinic.org for an appointment.\n门诊电话：0432-62099222。"
    page = text_page(text)
    kept = kept_lines(text)
    doc = normalize.run(language.run(Document(page=page, kept=kept), context), context)
    assert doc.streams["en"] == "Call the clinic at <PHONE> or write to <EMAIL> for an appointment."
    assert doc.streams["zh"] == "门诊电话：<PHONE>。"
    assert [(e.kind, e.stream, e.before, e.after, e.start, e.src_start) for e in doc.edits] == [
        ("mask", "en", "555-123-4567", "<PHONE>", 19, 19),
        ("mask", "en", "help@clinic.org", "<EMAIL>", 39, 44),
        ("mask", "zh", "0432-62099222", "<PHONE>", 5, 85),
    ]
    for edit in doc.edits:
        assert doc.streams[edit.stream][edit.start:edit.start + len(edit.after)] == edit.after
    # source offsets still point at the original text
    assert [text[s.src_start:s.src_end] for s in doc.segments][0].endswith("help@clinic.org for an appointment.")


def test_traditional_chinese_is_converted_and_recorded(context):
    text = "海洛英成癮治療需要長期追蹤。"
    page = text_page(text)
    doc = normalize.run(language.run(Document(page=page, kept=(Line(text, 0, len(text)),)), context), context)
    assert doc.streams["zh"] == "海洛英成瘾治疗需要长期追踪。"
    assert doc.zh_script == "hant"
    # one edit per run of converted characters, each pointing at its text in the stream and the source
    edits = [(e.kind, e.before, e.after, e.start, e.src_start) for e in doc.edits]
    assert edits == [("script", "癮", "瘾", 4, 4), ("script", "療", "疗", 6, 6), ("script", "長", "长", 9, 9),
                     ("script", "蹤", "踪", 12, 12)]  # 治 is written alike in both scripts


def test_source_script_is_recorded_when_conversion_is_off(context):
    from dataclasses import replace

    from pipeline import config
    keep_script = replace(context, config=config.Config(
        normalize=config.NormalizeSettings(traditional_to_simplified=False)))
    for text, script in (("海洛英成癮治療需要長期追蹤。", "hant"), ("美沙酮维持治疗需要长期坚持。", "hans")):
        doc = language.run(Document(page=text_page(text), kept=(Line(text, 0, len(text)),)), keep_script)
        doc = normalize.run(doc, keep_script)
        assert (doc.streams["zh"], doc.zh_script, doc.edits) == (text, script, ())
        assert "normalize.traditional_converted" not in doc.report


def test_the_stage_reports_each_kind_of_change_it_made(context):
    text = "海洛英成癮治療需要長期追蹤, 電話 555-123-4567。\nCall thewithdrawal line，now."
    doc = normalize.run(language.run(Document(page=text_page(text), kept=kept_lines(text)), context), context)
    kinds = [edit.kind for edit in doc.edits]
    assert doc.report == {"normalize.traditional_converted": 1, "normalize.script": kinds.count("script"),
                          "normalize.mask": 1, "normalize.punct": 2, "normalize.glue": 1}


def test_commas_between_chinese_clauses_of_an_english_sentence_become_chinese(context):
    # seed page 003: the ASCII commas between the Chinese clauses belong to the Chinese run, not to the English
    text = ("Although the detoxification process itself is not成瘾治疗,它可能是一个有效的第一步,然后是behavioral "
            "therapy or pharmacological treatment, according to the National Institute on Drug Abuse.")
    doc = normalize.run(language.run(Document(page=text_page(text), kept=kept_lines(text)), context), context)
    assert doc.streams["zh"] == "成瘾治疗，它可能是一个有效的第一步，然后是"
    assert doc.streams["en"] == ("Although the detoxification process itself is not behavioral therapy or "
                                 "pharmacological treatment, according to the National Institute on Drug Abuse.")


def test_neighbouring_converted_characters_make_one_script_edit(context):
    text = "這輛車很好。"
    doc = normalize.run(language.run(Document(page=text_page(text), kept=kept_lines(text)), context), context)
    assert [(e.kind, e.before, e.after, e.start, e.src_start) for e in doc.edits] == [
        ("script", "這輛車", "这辆车", 0, 0)]


def test_english_inside_a_chinese_sentence_is_not_split_as_glued_words(context):
    text = "服用thewithdrawal药物的患者需要随访。"
    doc = normalize.run(language.run(Document(page=text_page(text), kept=kept_lines(text)), context), context)
    assert doc.streams["zh"] == text and doc.edits == ()


# finders over a page's segments at once (normalize.page_finds): what each finds in every segment, from one search


def _finders(context, lang):
    return normalize.finders_for(lang, context.config.normalize, context.protected_words)


def test_a_phone_number_cut_by_a_segment_edge_is_found_in_neither_segment(context):
    # joined by a space, "+1 555" and "123 4567" would read as one number
    texts = ["Call +1 555", "123 4567 today.", "Or write to help@clinic.org now."]
    finds = dict(normalize.page_finds(texts, _finders(context, "en")))
    from pipeline import pii
    assert finds[pii.find] == [[], [], [normalize.Replacement(12, 27, "<EMAIL>", "mask")]]


def test_local_finds_are_given_per_segment_and_other_finds_are_left_to_the_segment(context):
    texts = ["Buprenorphine.has few effects.", "It helps thewithdrawal pass，slowly."]
    by_kind = {getattr(finder, "func", finder).__module__.rsplit(".", 1)[-1]: found
               for finder, found in normalize.page_finds(texts, _finders(context, "en"))}
    assert by_kind["glue"] == [[normalize.Replacement(0, 17, "Buprenorphine has", "glue")],
                               [normalize.Replacement(9, 22, "the withdrawal", "glue")]]
    assert by_kind["pii"] == [[], []]
    assert by_kind["punctuation"] == [None, None]  # found on the page: each segment is searched itself


def test_a_page_whose_text_the_finders_leave_alone_is_not_searched_segment_by_segment(context, monkeypatch):
    from pipeline import glue
    calls = []
    real = glue.find
    monkeypatch.setattr(glue, "find", lambda text, protected=frozenset(): calls.append(text) or real(text, protected))
    text = "Methadone is taken daily. It reduces craving. Doses are adjusted slowly."
    doc = normalize.run(language.run(Document(page=text_page(text), kept=kept_lines(text)), context), context)
    assert len(doc.segments) == 3 and doc.edits == ()
    assert calls == [normalize.SEGMENT_EDGE.join(segment.text for segment in doc.segments)]


def test_a_segment_an_earlier_finder_changed_is_searched_again(context):
    # the glued word's offsets move once the phone number is masked: the page's finds no longer fit the text
    text = "Call 555-123-4567 about thewithdrawal symptoms."
    doc = normalize.run(language.run(Document(page=text_page(text), kept=kept_lines(text)), context), context)
    assert doc.streams["en"] == "Call <PHONE> about the withdrawal symptoms."
    assert [(e.kind, e.before, e.after, e.start, e.src_start) for e in doc.edits] == [
        ("mask", "555-123-4567", "<PHONE>", 5, 5), ("glue", "thewithdrawal", "the withdrawal", 19, 24)]
