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
# where a repeat's first copy ends, and what it may be written with: each pattern's group is one unbroken run of
# these characters ending right before the separator, so a search need only start inside the run before one
ZH_SEPARATOR, ZH_RUN = re.compile(r"[，,、；;]"), frozenset(map(chr, range(0x4E00, 0xA000)))
EN_SEPARATOR, EN_RUN = re.compile(r", "), frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz ")


def count_repeats(pattern: re.Pattern[str], separator: re.Pattern[str], run: frozenset[str], text: str) -> int:
    """len(pattern.findall(text)) for REPEATED_ZH or REPEATED_EN, trying the pattern only where a match can
    start: in the run of `run` characters before each separator, left to right, past the last match. Tried at
    every position, their backtracking made the mt stage as slow as a cleaning stage."""
    count = position = 0
    for found in separator.finditer(text):
        end = found.start()
        if end < position:
            continue
        start = end
        while start > position and text[start - 1] in run:
            start -= 1
        for begin in range(start, end):
            match = pattern.match(text, begin)
            if match:
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
        "repeated_phrases": count_repeats(REPEATED_ZH, ZH_SEPARATOR, ZH_RUN, zh)
        + count_repeats(REPEATED_EN, EN_SEPARATOR, EN_RUN, en),
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
