"""Terms: segments plus the glossary in, segments with each stream's own terms and the term hits out.

First the alignment policy (`pipeline/align.py`): a term written in the other
script is restored in the stream's language, a known mistranslation is corrected
when the page is in the glossary's domain (two or more of its concepts on the
page); each becomes a hit with action `restored` or `corrected`. Then tagging:
English forms (canonical, aliases, abbreviation) match case-insensitively at word
boundaries in the en stream, and in the zh stream where English sits inside
Chinese; Chinese forms (canonical, Traditional, aliases) match in the zh stream,
longest first. Every match is tagged with its concept and
left as written; a concept nested in a longer match (`methadone` inside
`methadone maintenance`) is tagged too. Each hit records its surface and offsets
into its stream.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.align import align, english_restorable
from pipeline.glossary import Concept, Glossary
from pipeline.model import Document, TermHit
from pipeline.scripts import ALPHABET
from pipeline.stages import Context
from pipeline.stages.language import build_streams


@dataclass(frozen=True)
class Matcher:
    pattern: re.Pattern[str]
    forms: dict[str, Concept]  # key: surface as matched, case-folded for English
    prefixes: dict[str, tuple[str, ...]]  # form -> shorter forms it starts with
    fold: bool

    def find(self, text: str) -> list[tuple[int, int, Concept]]:
        hits: list[tuple[int, int, Concept]] = []
        seen: set[tuple[int, int]] = set()
        for match in self.pattern.finditer(text):
            surface = match.group(1)
            start = match.start(1)
            key = surface.lower() if self.fold else surface
            for form in (key, *self.prefixes.get(key, ())):
                end = start + len(form)
                if (start, end) not in seen:
                    seen.add((start, end))
                    hits.append((start, end, self.forms[form]))
        return sorted(hits, key=lambda hit: (hit[0], -(hit[1] - hit[0])))


def build_matcher(forms: dict[str, Concept], english: bool) -> Matcher | None:
    if not forms:
        return None
    ordered = sorted(forms, key=lambda form: (-len(form), form))
    alternation = "|".join(re.escape(form) for form in ordered)
    if english:
        pattern = re.compile(rf"(?=(?<![{ALPHABET}0-9-])({alternation})(?![{ALPHABET}0-9-]))", re.IGNORECASE)
    else:
        pattern = re.compile(rf"(?=({alternation}))")
    prefixes: dict[str, tuple[str, ...]] = {}
    for form in ordered:
        shorter = [other for other in ordered if len(other) < len(form) and form.startswith(other)
                   and (not english or not form[len(other)].isalnum())]
        if shorter:
            prefixes[form] = tuple(shorter)
    return Matcher(pattern, forms, prefixes, english)


@dataclass(frozen=True)
class TermMatchers:
    english: Matcher | None
    chinese: Matcher | None
    chinese_forms: dict[str, Concept]
    restorable_english: dict[str, Concept]
    mistranslations: dict[str, Concept]

    @classmethod
    def from_glossary(cls, glossary: Glossary) -> TermMatchers:
        wrong = {form: concept for concept in glossary.concepts if concept.zh for form in concept.mistranslations}
        return cls(build_matcher(glossary.english_forms(), True), build_matcher(glossary.chinese_forms(), False),
                   glossary.chinese_forms(), english_restorable(glossary.concepts), wrong)

    def concepts_in(self, streams: dict[str, str]) -> set[str]:
        found = set()
        for matcher, text in ((self.english, streams.get("en", "")), (self.english, streams.get("zh", "")),
                              (self.chinese, streams.get("zh", ""))):
            if matcher is not None and text:
                found |= {concept.id for _, _, concept in matcher.find(text)}
        return found


def run(doc: Document, ctx: Context) -> Document:
    matchers = ctx.matchers
    stats = doc.stats.copy()
    in_domain = len(matchers.concepts_in(doc.streams or {})) >= 2
    segments, alignments = align(list(doc.segments or ()), matchers.chinese_forms, matchers.restorable_english,
                                 matchers.mistranslations, in_domain)
    streams, placed = build_streams(segments)
    hits: list[TermHit] = []
    written: set[tuple[str, int, int]] = set()
    for alignment in alignments:
        segment = placed[alignment.segment]
        start = (segment.start or 0) + alignment.offset
        end = start + len(alignment.term)
        concept = alignment.concept
        hits.append(TermHit(concept.id, concept.en, concept.zh, alignment.surface, alignment.lang, segment.lang,
                            alignment.action, start, end))
        written.add((segment.lang, start, end))
        stats[f"terms.{alignment.action}"] += 1
    # English forms are also looked for in the zh stream: an English term inside a Chinese sentence
    passes = (("en", "en", matchers.english), ("zh", "zh", matchers.chinese), ("zh", "en", matchers.english))
    for stream, lang, matcher in passes:
        text = streams.get(stream, "")
        if matcher is None or not text:
            continue
        for start, end, concept in matcher.find(text):
            if (stream, start, end) in written:
                continue
            hits.append(TermHit(concept.id, concept.en, concept.zh, text[start:end], lang, stream, "tagged",
                                start, end))
            stats["terms.tagged"] += 1
    hits.sort(key=lambda hit: (hit.stream != "en", hit.start, -hit.end))
    return doc.evolve(segments=tuple(placed), streams=streams, terms=tuple(hits), stats=stats)
