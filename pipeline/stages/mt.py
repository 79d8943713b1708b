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
from collections.abc import Iterator

from pipeline.model import Document
from pipeline.stages import Context

HALF = 2.0  # this much evidence reads as machine-translated (score 0.5)
REPEATED_ZH = re.compile(r"([\u4e00-\u9fff]{2,10})[，,、；;]\s*\1")
REPEATED_EN = re.compile(r"\b([A-Za-z]+(?: [A-Za-z]+){1,4}), \1\b", re.IGNORECASE)
ZH_SEPARATOR, EN_SEPARATOR = re.compile(r"[，,、；;]"), re.compile(r", ")
ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
MAX_ZH_REPEAT, MAX_EN_REPEAT = 10, 5  # characters, words: the longest phrase the patterns repeat


def _zh_starts(text: str, end: int, floor: int, first: str) -> Iterator[int]:
    """Where a REPEATED_ZH match whose phrase ends at `end` may start: 2 to 10 characters before it, at the
    character its copy starts with (found in C)."""
    begin = text.find(first, max(floor, end - MAX_ZH_REPEAT), end - 1)
    while begin >= 0:
        yield begin
        begin = text.find(first, begin + 1, end - 1)


def _en_starts(text: str, end: int, floor: int, first: str) -> Iterator[int]:
    """Where a REPEATED_EN match whose phrase ends at `end` may start: the starts of the last five words (ASCII
    letters, one space apart) before it that open with `first` in either case."""
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
    return (start for start in reversed(starts) if text[start].lower() == first)


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
        starts = _zh_starts(text, end, position, text[after]) if chinese \
            else _en_starts(text, end, position, text[after].lower())
        for begin in starts:
            if match := pattern.match(text, begin):
                count += 1
                position = match.end()
                break
    return count


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
