"""Properties that must hold for any input: no line lost or duplicated by the boilerplate stage, no letter
lost by the normalisers, every edit found where it says it is, dates always real dates."""

from __future__ import annotations

import datetime
import re

from conftest import text_page
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline import glue, meta, punctuation
from pipeline.model import Document
from pipeline.rules import load_boilerplate
from pipeline.scripts import HAN
from pipeline.stages import boilerplate

# pieces real pages are made of, so that generated lines hit the rules, spam and metadata paths
FRAGMENTS = ["Leave a Reply", "Share this", "发表评论", "版权所有", "万博官网", "#re: 标题", "1. ", "2. ", "3. ",
             "Methadone reduces cravings for heroin.", "美沙酮维持治疗可以降低复吸率。", "By Jane Doe",
             "Published 04 July 1998", "References", "http://www.example.com", "Yоur соntеnt", "2005-03-25 15:10",
             "thewithdrawal", "therapyor", "Buprenorphine.has", "|", "·", "(12)", "…", "...", "\t", " ", "\n"]
page_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join)
LETTERS = re.compile(r"[A-Za-z]|" + HAN.pattern)


@settings(max_examples=200, deadline=None)
@given(page_text)
def test_every_line_is_kept_or_removed_and_kept_offsets_point_at_their_text(context, text):
    doc = boilerplate.run(Document(page=text_page(text)), context)
    lines = [line.strip() for line in re.split(r"[\n\r\u2028\u2029\x85]", text) if line.strip()]
    for line in doc.kept:
        assert text[line.start:line.end] == line.text
    pieces = [line.text for line in doc.kept] + [removal.text for removal in doc.removed]
    # a spam token and the rest of its line are recorded apart: compare letters, not line by line
    assert sorted(LETTERS.findall("".join(pieces))) == sorted(LETTERS.findall("".join(lines)))
    assert all(removal.reason for removal in doc.removed)


@settings(max_examples=300, deadline=None)
@given(page_text)
def test_reason_codes_are_known_kinds(text):
    reason = load_boilerplate().reason_for(text)
    assert reason is None or re.fullmatch(r"boilerplate\.[a-z-]+", reason)


@settings(max_examples=300, deadline=None)
@given(page_text)
def test_glue_repair_keeps_every_letter_and_records_where_it_split(text):
    repaired, repairs = glue.repair(text)
    assert LETTERS.findall(repaired) == LETTERS.findall(text)
    for repair in repairs:
        assert repaired[repair.start:repair.start + len(repair.after)] == repair.after


@settings(max_examples=300, deadline=None)
@given(page_text, st.sampled_from(["en", "zh"]))
def test_punctuation_keeps_every_letter_and_records_where_it_changed(text, lang):
    normalized, changes = punctuation.normalize(text, lang)
    assert LETTERS.findall(normalized) == LETTERS.findall(text)
    for change in changes:
        assert normalized[change.start:change.end] == change.after


@settings(max_examples=300, deadline=None)
@given(st.one_of(page_text, st.from_regex(r"(19|20)\d\d[-/年. ]\d{1,2}[-/月. ]\d{1,2}日?", fullmatch=True)))
def test_dates_found_are_real_calendar_dates(text):
    found = meta.iso_date(text)
    if found is not None:
        assert datetime.date.fromisoformat(found)


# what the rewriting stages act on: Traditional characters, personal data, punctuation of the other script,
# glued words, glossary terms in the other script and a known mistranslation
REWRITTEN = ["海洛英成癮治療", "長期追蹤，", "write to jane@example.org", "電話 555-123-4567", "Methadone，a",
             "opioid。", "通常,海洛因", "thewithdrawal", "therapyor", "Buprenorphine.has", "美沙酮", "(Dolophine)",
             " is an opioid agonist", "解毒计划", "美沙酮维持治疗", "pharmacotherapy", "口服", "，", ",", ".", " ",
             "\n", "Quitting heroin", "可能是非常困难的"]
rewritten_text = st.lists(st.sampled_from(REWRITTEN), max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(rewritten_text)
def test_every_edit_points_at_its_after_in_the_stream_and_its_before_in_the_source(context, text):
    from conftest import run_stages

    from pipeline.stages import language, mt, normalize, terms

    doc = run_stages(text, context, language.run, normalize.run, terms.run, mt.run)
    for edit in doc.edits:
        assert doc.streams[edit.stream][edit.start:edit.start + len(edit.after)] == edit.after
        assert text[edit.src_start:edit.src_start + len(edit.before)] == edit.before
    for hit in doc.terms:
        written = doc.streams[hit.stream][hit.start:hit.end]
        if hit.action == "tagged":
            assert written == hit.surface
        else:  # restored or corrected: the stream's own canonical form (capitalised where it opens a sentence)
            assert written.lower() == (hit.en if hit.stream == "en" else hit.zh).lower()
    for segment in doc.segments:
        assert doc.streams[segment.lang][segment.start:segment.end] == segment.text


MIXED_SCRIPTS = st.text(alphabet=st.sampled_from(list("ab Z-'’9_中文。の한é\u3005\U00020001,.\n")), max_size=60)


@settings(max_examples=500, deadline=None)
@given(st.one_of(MIXED_SCRIPTS, st.text(max_size=60)))
def test_word_and_han_counts_are_those_of_the_plain_definitions(text):
    from pipeline.scripts import CJK_BLOCK, WORD, han_count, word_count

    assert word_count(text) == len(WORD.findall(CJK_BLOCK.sub(" ", text)))  # alphabetic words, CJK blanked out
    assert han_count(text) == len(HAN.findall(text))


CONTACT_PIECES = ["+86 10 12 34 56 78", "(555) 123-4567", "13912345678", "0432-62099222", "800-123-4567", "a@b.cn",
                  "jane [at] example [dot] org", "x at host dot com", "1998;317:13", "2005-03-25", "@", "dot", " "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(CONTACT_PIECES), st.text(max_size=8)), max_size=12).map("".join))
def test_the_cheap_gates_before_the_personal_data_patterns_never_skip_a_match(text):
    from pipeline import pii

    ungated = dict.fromkeys(pii.NEEDS, lambda _text: True)
    original = dict(pii.NEEDS)
    try:
        pii.NEEDS.update(ungated)
        expected = pii.find(text)
    finally:
        pii.NEEDS.update(original)
    assert pii.find(text) == expected


@settings(max_examples=500, deadline=None)
@given(st.one_of(MIXED_SCRIPTS, st.text(max_size=60)))
def test_letters_and_digits_keeps_exactly_the_alphanumeric_characters(text):
    from pipeline.scripts import letters_and_digits

    assert letters_and_digits(text) == "".join(char for char in text.casefold() if char.isalnum())


HOSTILE_PIECES = ["\x00", "\ud800", "\udfff", "e\u0301", "\u0301", "\u202e", "\u200f", "مرحبا", "שלום", "👩‍⚕️",
                  "🇨🇳", "\ufeff", "\u2028", "\r\n", "Ａ", "ﬁ", "İ", "ß", "美沙酮", "丙型肝炎", "（", "）", "Dr.",
                  "thewithdrawal", "HIV", "e-mail a@b.cn", "13912345678", "<p>", "&amp;", "\t", " ", "\n"]
any_text = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=10)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_any_unicode_goes_through_every_stage_with_every_offset_valid(context, text):
    from pipeline.clean import clean_page

    page = text_page(text)
    doc, _ = clean_page(page, context)
    for line in doc.kept:
        assert page.text[line.start:line.end] == line.text
    streams = doc.streams or {}
    for segment in doc.segments or ():
        assert 0 <= segment.src_start <= segment.src_end <= len(page.text)
        assert streams[segment.lang][segment.start:segment.end] == segment.text
    for edit in doc.edits or ():
        assert streams[edit.stream][edit.start:edit.start + len(edit.after)] == edit.after
        assert page.text[edit.src_start:edit.src_start + len(edit.before)] == edit.before
    for hit in doc.terms or ():
        placed = streams[hit.stream][hit.start:hit.end]
        # a restored or corrected term is the concept's form (capitalised at a sentence start)
        assert placed == hit.surface if hit.action == "tagged" else placed.casefold() in (hit.en.casefold(), hit.zh)


REPEAT_PIECES = ["ab", "Ab", "AB", "cd", "x", " ", ", ", ",", "戒毒", "治疗", "，", "、", "；", "é", "3", "_", "中",
                 "\t", "ab cd ab cd ab cd, "]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(REPEAT_PIECES), max_size=30).map("".join))
def test_repeated_phrases_are_counted_as_the_patterns_find_them(text):
    from pipeline.stages import mt

    zh, en = mt.count_repeats(text, chinese=True), mt.count_repeats(text, chinese=False)
    assert (zh, en) == (len(mt.REPEATED_ZH.findall(text)), len(mt.REPEATED_EN.findall(text)))


def _repeat(parts):
    prefix, phrase, separator, copy_case, suffix = parts
    copy = phrase.upper() if copy_case else phrase
    return f"{prefix}{phrase}{separator}{copy}{suffix}"


REPEATED_PHRASES = st.tuples(
    st.lists(st.sampled_from(REPEAT_PIECES), max_size=4).map("".join),
    st.one_of(st.lists(st.sampled_from(["ab", "Cd", "x", "longer"]), min_size=1, max_size=7).map(" ".join),
              st.text(alphabet="戒毒治疗中", min_size=1, max_size=12)),
    st.sampled_from([", ", ",", "，", "、 ", "；\u3000", "; "]),
    st.booleans(),
    st.lists(st.sampled_from(REPEAT_PIECES), max_size=4).map("".join),
).map(_repeat)


@settings(max_examples=1000, deadline=None)
@given(REPEATED_PHRASES)
@example("said longer ab Cd x ab, LONGER ab cd X AB today")  # five words, the longest phrase repeated
@example("戒毒治疗戒毒治疗中戒，戒毒治疗戒毒治疗中戒")  # ten characters
def test_phrases_repeated_after_a_separator_are_counted_as_the_patterns_find_them(text):
    from pipeline.stages import mt

    zh, en = mt.count_repeats(text, chinese=True), mt.count_repeats(text, chinese=False)
    assert (zh, en) == (len(mt.REPEATED_ZH.findall(text)), len(mt.REPEATED_EN.findall(text)))


def _rule_texts():
    rules = [rule for rule in load_boilerplate().rules if rule.literals]
    return st.sampled_from(rules).flatmap(
        lambda rule: st.tuples(st.just(rule), st.from_regex(rule.pattern, fullmatch=rule.scope == "line")))


@settings(max_examples=1500, deadline=None)
@given(_rule_texts())
def test_every_text_a_boilerplate_rule_matches_holds_one_of_its_literals(rule_and_text):
    """The prefilter skips a rule on a line holding none of its necessary literals: so every match must hold one."""
    rule, text = rule_and_text
    text = text.lower()
    if rule.pattern.search(text):
        assert any(literal in text for literal in rule.literals), (rule.pattern.pattern, text)


PUBLICATION_PIECES = ["Published", "PUBLİSHED", "publıshed", "Poſted", "posted on", "Publication Date", "发布时间",
                      "发表于", "出版日期", ": ", "2020-01-01", "x", " ", "ß", "K"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PUBLICATION_PIECES), st.text(max_size=6)), max_size=8).map("".join))
def test_the_gate_before_the_publication_pattern_never_skips_a_match(text):
    assert meta.may_state_publication(text) == (meta.PUBLISHED.search(text) is not None)


LINE_PIECES = ["美沙酮", "治疗", "。", "，", "Methadone", " is ", "an opioid.", "HIV", "(1)", "2020年", "・", "の",
               "한", "é", "²", " ", "！", "《", "》", "“", "”", "々", "\U00020001", "Quitting heroin", "ー"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(LINE_PIECES), max_size=16).map("".join))
def test_a_line_is_segmented_as_its_sentences_one_by_one(text):
    """The whole-line shortcuts (no CJK; no letter but Han) give what sentence_segments gives each sentence."""
    from pipeline.scripts import sentence_spans
    from pipeline.stages import language

    expected = []
    for number, (start, end) in enumerate(sentence_spans(text)):
        sentence = text[start:end]
        for lang, piece_start, piece_end in language.sentence_segments(sentence, 2):
            piece_start, piece_end = language._trimmed(sentence, piece_start, piece_end)
            if piece_start < piece_end:
                expected.append((lang, sentence[piece_start:piece_end], start + piece_start, number))
    got = [(s.lang, s.text, s.src_start, s.sentence) for s in language.line_segments(text, 0, 0, 2)]
    assert got == expected


# what a finder finds in one search of a page's segments joined is what it finds in each segment
SEGMENT_TEXT = st.text(alphabet=st.sampled_from(list("abcthewinorfdg TWB.,;:!?()-@+0123456789戒毒治疗，。（）")),
                       max_size=30)


@given(st.lists(SEGMENT_TEXT, min_size=1, max_size=6), st.sampled_from(["en", "zh"]))
@example(["Call +1 555", "123 4567 now"], "en")
@example(["thewithdrawal", "Buprenorphine.has it"], "en")
@example(["戒毒(", "治疗)"], "zh")
@settings(max_examples=300, deadline=None)
def test_page_finds_equal_each_segments_own(texts, lang):
    from pipeline import config
    from pipeline.stages import normalize

    finders = normalize.finders_for(lang, config.Config().normalize, frozenset())
    for (finder, local), (_, found) in zip(finders, normalize.page_finds(texts, finders), strict=True):
        for text, given_finds in zip(texts, found, strict=True):
            own = finder(text)
            if local:
                assert given_finds == own, (finder, text)
            else:  # none only when the segment itself holds none; else it is searched itself (None)
                assert given_finds is None or (given_finds == [] and own == []), (finder, text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab. !?。！\t \u3000\u00a0Dr戒")), max_size=40))
def test_sentence_spans_are_stripped_in_order_and_cover_every_non_space(text):
    from pipeline.scripts import sentence_spans

    spans = sentence_spans(text)
    covered = [False] * len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered[start:end] = [True] * (end - start)
        previous_end = end
    assert all(covered[index] or char.isspace() for index, char in enumerate(text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
@example("don't re-use e-mail's 3-step co--op _x_ Ab9cd")
def test_ascii_text_counts_the_words_the_alphabetic_pattern_counts(text):
    from pipeline.scripts import ALPHABETIC_WORD, ASCII_WORD

    assert ASCII_WORD.findall(text) == ALPHABETIC_WORD.findall(text)


SPACE_LIKE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u200b\u3000\ufeffAaİ"


@given(st.text(alphabet=st.characters(), max_size=60) | st.text(alphabet=SPACE_LIKE, max_size=30))
@example("  Share  this\u3000page\u2028now ")
def test_matching_text_has_one_space_for_each_run_of_what_patterns_call_whitespace(line):
    import unicodedata

    from pipeline.rules import normalize_for_matching

    expected = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", line).strip().lower())
    assert normalize_for_matching(line) == expected
