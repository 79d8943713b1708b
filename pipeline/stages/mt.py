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
        "repeated_phrases": len(REPEATED_ZH.findall(zh)) + len(REPEATED_EN.findall(en)),
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
