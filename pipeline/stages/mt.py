"""Machine-translation score: a document's segments, edits and streams in, `mt.score` with its signals out.

Signals, each counted on the page: sentences that switch between English and
Chinese inside themselves (the mark of spun or half-translated text; a gloss in
brackets does not switch, the language stage keeps it in its sentence), phrases
repeated back to back ("增加就业率,增加就业率"), glued words repaired by
normalize, and known mistranslations from the glossary (corrected or left in the
zh stream).
The score is evidence / (evidence + HALF): 0 without evidence, 0.5 at HALF.
"""

from __future__ import annotations

import re
from collections import defaultdict

from pipeline.model import Document
from pipeline.stages import Context

HALF = 2.0  # this much evidence reads as machine-translated (score 0.5)
REPEATED_ZH = re.compile(r"([\u4e00-\u9fff]{2,10})[，,、；;]\s*\1")
REPEATED_EN = re.compile(r"\b([A-Za-z]+(?: [A-Za-z]+){1,4}), \1\b", re.IGNORECASE)
HAN_CHARACTERS = frozenset(map(chr, range(0x4E00, 0xA000)))  # REPEATED_ZH's letters
ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
MAX_ZH_REPEAT, MAX_EN_REPEAT = 10, 5  # characters, words: the longest phrase the patterns repeat


def _zh_starts(text: str, end: int, floor: int) -> range:
    """Where a REPEATED_ZH match whose phrase ends at `end` may start: 2 to 10 Han characters before it."""
    begin = end
    while begin > floor and end - begin < MAX_ZH_REPEAT and text[begin - 1] in HAN_CHARACTERS:
        begin -= 1
    return range(begin, end - 1)


def _en_starts(text: str, end: int, floor: int) -> list[int]:
    """Where a REPEATED_EN match whose phrase ends at `end` may start: the starts of the last five words (ASCII
    letters, one space apart) before it."""
    starts: list[int] = []
    word_end = end
    while len(starts) < MAX_EN_REPEAT:
        start = word_end
        while start > floor and text[start - 1] in ASCII_LETTERS:
            start -= 1
        if start == word_end:
            break
        starts.append(start)
        if not (start - 1 > floor and text[start - 1] == " "):
            break
        word_end = start - 1
    return starts[::-1]


def count_repeats(text: str, chinese: bool) -> int:
    """len(REPEATED_ZH.findall(text)) (or REPEATED_EN's), trying the pattern only where a match can start: the
    phrase ends right before a separator and its copy starts right after, with the same first letter. Tried at
    every position, the patterns' backtracking made the mt stage as slow as a cleaning stage."""
    pattern, separator = (REPEATED_ZH, ZH_SEPARATOR) if chinese else (REPEATED_EN, EN_SEPARATOR)
    count = position = 0
    for found in separator.finditer(text):
        end, after = found.start(), found.end()
        if end < position:
            continue
        if chinese:
            while after < len(text) and text[after].isspace():
                after += 1
        if after >= len(text):
            break
        first = text[after] if chinese else text[after].lower()
        starts = _zh_starts(text, end, position) if chinese else _en_starts(text, end, position)
        for begin in starts:
            if (text[begin] if chinese else text[begin].lower()) == first and (match := pattern.match(text, begin)):
                count += 1
                position = match.end()
                break
    return count


ZH_SEPARATOR, EN_SEPARATOR = re.compile(r"[，,、；;]"), re.compile(r", ")
WEIGHTS = {"switched_sentences": 1.0, "repeated_phrases": 1.0, "glued_words": 0.25, "mistranslations": 1.0}


def signals(doc: Document, ctx: Context) -> dict[str, int]:
    languages: dict[int, set[str]] = defaultdict(set)
    for segment in doc.segments or ():
        languages[segment.sentence].add(segment.lang)
    streams = doc.streams or {}
    zh, en = streams.get("zh", ""), streams.get("en", "")
    wrong = ctx.matchers.mistranslation_forms
    return {
        "sentences": len(languages),
        "switched_sentences": sum(1 for langs in languages.values() if {"en", "zh"} <= langs),
        "repeated_phrases": count_repeats(zh, chinese=True) + count_repeats(en, chinese=False),
        "glued_words": sum(1 for edit in doc.edits or () if edit.kind == "glue"),
        "mistranslations": sum(zh.count(form) for form in wrong)
        + sum(1 for hit in doc.terms or () if hit.action == "corrected"),
    }


def run(doc: Document, ctx: Context) -> Document:
    found = signals(doc, ctx)
    evidence = sum(weight * found[name] for name, weight in WEIGHTS.items())
    score = round(evidence / (evidence + HALF), 4)
    report = {"mt.machine_translated" if score >= 0.5 else "mt.human": 1}
    return doc.evolve(mt={"score": score, "signals": found}, report=report)
