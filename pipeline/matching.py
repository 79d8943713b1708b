"""Glossary matchers: text in, (start, end, concept) hits out, longest first, nested hits included.

- `PhraseMatcher`-based English matching (spaCy blank English tokenizer, lower case),
  with each form's plural added, so "Partial agonists" and "opioid receptors" match
  "partial agonist" and "opioid receptor"; texts are matched a paragraph at a time
  (spaCy refuses texts over 1,000,000 characters);
- regular-expression matching for Chinese forms (longest first, by substring) and
  for English forms written inside Chinese, where spaCy's tokenizer does not split
  at the script boundary ("HIV和").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.align import english_restorable
from pipeline.glossary import Concept, Glossary
from pipeline.scripts import ALPHABET


def plural(form: str) -> str:
    """The plural of a term's last word: agonist -> agonists, therapy -> therapies, virus -> viruses."""
    if re.search(r"[^aeiou]y$", form):
        return form[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", form):
        return form + "es"
    return form + "s"


@dataclass(frozen=True)
class RegexMatcher:
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


def build_regex_matcher(forms: dict[str, Concept], english: bool) -> RegexMatcher | None:
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
    return RegexMatcher(pattern, forms, prefixes, english)


class EnglishPhraseMatcher:
    """English glossary forms (and their plurals) matched on lower-cased spaCy tokens."""

    def __init__(self, forms: dict[str, Concept]) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self._nlp = spacy.blank("en")
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._concepts: dict[str, Concept] = {}
        for form, concept in sorted(forms.items()):
            variants = {form} if form.isupper() else {form, plural(form)}
            key = f"{concept.id}"
            self._concepts[key] = concept
            self._matcher.add(key, [self._nlp.make_doc(variant) for variant in sorted(variants)])

    def find(self, text: str) -> list[tuple[int, int, Concept]]:
        hits: set[tuple[int, int, str]] = set()
        offset = 0
        for paragraph in text.split("\n"):
            if paragraph:
                doc: Any = self._nlp.make_doc(paragraph)
                for match_id, start, end in self._matcher(doc):
                    span = doc[start:end]
                    key = self._nlp.vocab.strings[match_id]
                    hits.add((offset + span.start_char, offset + span.end_char, key))
            offset += len(paragraph) + 1
        return [(start, end, self._concepts[key])
                for start, end, key in sorted(hits, key=lambda hit: (hit[0], -(hit[1] - hit[0]), hit[2]))]


@dataclass(frozen=True)
class TermMatchers:
    english: EnglishPhraseMatcher | None
    english_in_chinese: RegexMatcher | None
    chinese: RegexMatcher | None
    chinese_forms: dict[str, Concept]
    restorable_english: dict[str, Concept]
    mistranslations: dict[str, Concept]

    @classmethod
    def from_glossary(cls, glossary: Glossary) -> TermMatchers:
        wrong = {form: concept for concept in glossary.concepts if concept.zh for form in concept.mistranslations}
        english = glossary.english_forms()
        return cls(EnglishPhraseMatcher(english) if english else None, build_regex_matcher(english, True),
                   build_regex_matcher(glossary.chinese_forms(), False), glossary.chinese_forms(),
                   english_restorable(glossary.concepts), wrong)

    def concepts_in(self, streams: dict[str, str]) -> set[str]:
        found = set()
        for matcher, text in ((self.english, streams.get("en", "")), (self.english_in_chinese, streams.get("zh", "")),
                              (self.chinese, streams.get("zh", ""))):
            if matcher is not None and text:
                found |= {concept.id for _, _, concept in matcher.find(text)}
        return found
