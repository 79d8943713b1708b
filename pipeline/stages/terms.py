"""Terms: the en and zh streams plus the glossary in, term hits out.

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

from pipeline.glossary import Concept, Glossary
from pipeline.model import Document, TermHit
from pipeline.scripts import ALPHABET
from pipeline.stages import Context


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

    @classmethod
    def from_glossary(cls, glossary: Glossary) -> TermMatchers:
        return cls(build_matcher(glossary.english_forms(), True), build_matcher(glossary.chinese_forms(), False))


def run(doc: Document, ctx: Context) -> Document:
    streams = doc.streams or {}
    hits: list[TermHit] = []
    stats = doc.stats.copy()
    # English forms are also looked for in the zh stream: an English term inside a Chinese sentence
    passes = (("en", "en", ctx.matchers.english), ("zh", "zh", ctx.matchers.chinese),
              ("zh", "en", ctx.matchers.english))
    for stream, lang, matcher in passes:
        text = streams.get(stream, "")
        if matcher is None or not text:
            continue
        for start, end, concept in matcher.find(text):
            hits.append(TermHit(concept.id, concept.en, concept.zh, text[start:end], lang, stream, "tagged",
                                start, end))
            stats["terms.tagged"] += 1
    hits.sort(key=lambda hit: (hit.stream != "en", hit.start, -hit.end))
    return doc.evolve(terms=tuple(hits), stats=stats)
