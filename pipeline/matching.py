"""Glossary matchers: text in, (start, end, concept) hits out, longest first, nested hits included.

- spaCy `PhraseMatcher`-based English matching (lower case, on word and sign tokens), with
  each form's plural added, so "Partial agonists" and "opioid receptors" match
  "partial agonist" and "opioid receptor";
- dictionary look-up for Chinese forms (every substring of a form's length, longest
  first) and for English forms written inside Chinese (word spans of each Latin run),
  where spaCy's tokenizer does not split at the script boundary ("HIV和"); both are
  linear in the text whatever the glossary's size.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from pipeline.glossary import Concept, Glossary, is_acronym
from pipeline.prefilter import LiteralIndex
from pipeline.scripts import ALPHABET, without_lone_surrogates


def plural(form: str) -> str:
    """The plural of a term's last word: agonist -> agonists, therapy -> therapies, virus -> viruses."""
    if re.search(r"[^aeiou]y$", form):
        return form[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", form):
        return form + "es"
    return form + "s"


class SubstringMatcher:
    """Chinese forms found at every position, nested ones included, by one Aho-Corasick pass (`LiteralIndex`):
    linear in the text whatever the glossary's size."""

    def __init__(self, forms: dict[str, Concept]) -> None:
        self.forms = forms
        self._index = LiteralIndex(forms)

    def find(self, text: str) -> list[tuple[int, int, Concept]]:
        return [(start, end, self.forms[form]) for start, end, form in self._index.occurrences(text)]


LATIN_WORD = rf"[{ALPHABET}]+(?:['’-][{ALPHABET}]+)*"
LATIN_WORDS = re.compile(rf"{LATIN_WORD}(?:[ \t]+{LATIN_WORD})*")


@dataclass(frozen=True)
class LatinRunMatcher:
    """English forms inside Chinese text: each run of Latin words is looked up word span by word span
    (lower case), so a match starts and ends at word boundaries and never crosses a script run."""

    forms: dict[str, Concept]  # lower-cased, acronyms as written
    max_words: int

    @classmethod
    def build(cls, forms: dict[str, Concept]) -> LatinRunMatcher:
        keyed = {form if is_acronym(form) else form.lower(): concept for form, concept in forms.items()}
        return cls(keyed, max((len(form.split()) for form in keyed), default=1))

    def runs(self, text: str) -> list[tuple[int, int]]:
        return [match.span() for match in LATIN_WORDS.finditer(text)]

    def find(self, text: str, whole_runs_only: bool = False) -> list[tuple[int, int, Concept]]:
        hits = []
        for run_start, run_end in self.runs(text):
            words = [(m.start() + run_start, m.end() + run_start)
                     for m in re.finditer(r"[^ \t]+", text[run_start:run_end])]
            for first in range(len(words)):
                for last in range(min(len(words), first + self.max_words) - 1, first - 1, -1):
                    start, end = words[first][0], words[last][1]
                    if whole_runs_only and (start, end) != (run_start, run_end):
                        continue
                    written = " ".join(text[start:end].split())
                    concept = self.forms.get(written) if is_acronym(written) else None
                    concept = concept or self.forms.get(written.lower())
                    if concept is not None:
                        hits.append((start, end, concept))
        return hits


# a web address (whole: no term inside it), a run of letters and digits (a hyphen beside a digit joins:
# COVID-19, 12-step), one sign, or a line break
ENGLISH_TOKEN = re.compile(r"(?:https?://|www\.)\S+|[\w.-]+\.[a-z]{2,}/\S*|[^\W_]+(?:-(?:(?<=\d-)|(?=\d))[^\W_]+)*|[^\w\s]|_|\n")
ENGLISH_TOKEN_PIECES = re.compile(f"({ENGLISH_TOKEN.pattern})")  # split: what lies between tokens, then a token


class EnglishPhraseMatcher:
    """English glossary forms (and their plurals) matched by spaCy's `PhraseMatcher`: lower-cased tokens,
    acronyms on their exact spelling. Tokens are runs of letters and digits and single signs (one regular
    expression, for the text and the forms alike): the matcher needs the same tokens on both sides, not
    spaCy's rule-based tokenizer, which costs several times the matching. A line break is a token, so no
    match spans two lines; and a match holds the longest token of its form, so only the lines that hold one
    of those (one Aho-Corasick pass) are tokenized; a word that is in no form reaches spaCy as a line break."""

    def __init__(self, forms: dict[str, Concept]) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self._vocab = spacy.blank("en").vocab
        self._lower = PhraseMatcher(self._vocab, attr="LOWER")
        self._exact = PhraseMatcher(self._vocab, attr="ORTH")
        self._concepts: dict[str, Concept] = {}
        keys: list[str] = []
        spelled: list[str] = []
        for form, concept in sorted(forms.items()):
            self._concepts[concept.id] = concept
            variants = [form] if is_acronym(form) else sorted({form, plural(form)})
            patterns = [self._doc(self._tokens(variant, 0, len(variant))[0]) for variant in variants]
            (self._exact if is_acronym(form) else self._lower).add(concept.id, patterns)
            keys += [max((token.lower_ for token in pattern), key=len) for pattern in patterns]
            spelled += [f" {' '.join(token.lower_ for token in pattern)} " for pattern in patterns]
        self._keys = LiteralIndex(keys)
        self._spelled = LiteralIndex(spelled)  # each form's tokens, lower-cased, each after a space and one after all
        self._vocab.strings.add("\n")

    @staticmethod
    def _tokens(text: str, start: int, end: int) -> tuple[list[str], list[tuple[int, int]]]:
        """The tokens of text[start:end] and their spans in `text`: one split in C, the spans summed over
        the pieces (the pieces between tokens and the tokens tile the text)."""
        pieces = ENGLISH_TOKEN_PIECES.split(text[start:end])
        offsets = list(accumulate(map(len, pieces), initial=start))
        return pieces[1::2], list(zip(offsets[1:-1:2], offsets[2::2], strict=True))

    def _doc(self, words: list[str]) -> Any:
        from spacy.tokens import Doc

        return Doc(self._vocab, words=words)

    def _candidate_tokens(self, text: str) -> tuple[list[str], list[tuple[int, int]]]:
        """The tokens that may be part of a match, each line's followed by a line break token (an empty span), so
        that no match spans two lines. A line may hold a match only when it holds, lower-cased, the longest token
        of some form; in such a line, a token may only when it lies in a run of tokens that are a form's, lower-cased
        (one Aho-Corasick pass over the line's lower-cased tokens, each after a space). Every
        other token goes in as a line break (one for a run of them): no match holds it, the Doc stays a few
        tokens a line, and the vocabulary (which keeps every string it is given) stays the forms' own."""
        words: list[str] = []
        spans: list[tuple[int, int]] = []
        line_start = 0
        for line in text.split("\n"):
            if self._keys.holds_any(line.lower()):
                self._add_spelled_runs(text, line_start, line_start + len(line), words, spans)
            line_start += len(line) + 1
        return words, spans

    def _add_spelled_runs(self, text: str, start: int, end: int, words: list[str],
                          spans: list[tuple[int, int]]) -> None:
        line_words, line_spans = self._tokens(text, start, end)
        lowered = list(map(str.lower, line_words))
        # the line's tokens, lower-cased, each after a space and one after all (no token holds a space): a form
        # written that way is found only where its tokens are the line's, whole and in order
        offsets = list(accumulate((len(word) + 1 for word in lowered), initial=1))  # where each token starts
        runs: list[tuple[int, int]] = []  # [first, after) token indexes that spell a form
        for last, key in self._spelled.iter(f" {' '.join(lowered)} "):
            first = bisect_left(offsets, last + 2 - len(key))
            runs.append((first, first + key.count(" ") - 1))
        covered = 0  # tokens up to here are in words or stood for by a line break
        for first, after in sorted(runs):
            if after <= covered:
                continue
            if first > covered and words and words[-1] != "\n":
                words.append("\n")
                spans.append((0, 0))
            first = max(first, covered)
            words += line_words[first:after]
            spans += line_spans[first:after]
            covered = after
        if words and words[-1] != "\n":
            words.append("\n")
            spans.append((0, 0))

    def find(self, text: str) -> list[tuple[int, int, Concept]]:
        text = without_lone_surrogates(text)  # spaCy's strings are UTF-8; the same length keeps the spans
        words, spans = self._candidate_tokens(text)
        if not words:
            return []
        doc = self._doc(words)
        hits = {(spans[start][0], spans[end - 1][1], self._vocab.strings[match_id])
                for match_id, start, end in [*self._lower(doc), *self._exact(doc)]}
        return [(start, end, self._concepts[key])
                for start, end, key in sorted(hits, key=lambda hit: (hit[0], -(hit[1] - hit[0]), hit[2]))]


@dataclass(frozen=True)
class TermMatchers:
    english: EnglishPhraseMatcher | None
    english_in_chinese: LatinRunMatcher
    chinese: SubstringMatcher
    restorable_english: LatinRunMatcher
    mistranslations: dict[str, Concept]  # the known wrong forms of concepts with a Chinese form
    mistranslation_forms: tuple[str, ...] = ()  # every concept's known wrong forms, in glossary order

    @classmethod
    def from_glossary(cls, glossary: Glossary) -> TermMatchers:
        wrong = {form: concept for concept in glossary.concepts if concept.zh for form in concept.mistranslations}
        english = glossary.english_forms()
        return cls(EnglishPhraseMatcher(english) if english else None, LatinRunMatcher.build(english),
                   SubstringMatcher(glossary.chinese_forms()),
                   LatinRunMatcher.build(glossary.restorable_english_forms()), wrong,
                   tuple(form for concept in glossary.concepts for form in concept.mistranslations))

    def concepts_in(self, streams: dict[str, str]) -> dict[str, Concept]:
        """Concept id -> concept, for every concept the streams hold."""
        found: dict[str, Concept] = {}
        for matcher, text in ((self.english, streams.get("en", "")), (self.english_in_chinese, streams.get("zh", "")),
                              (self.chinese, streams.get("zh", ""))):
            if matcher is not None and text:
                found.update((concept.id, concept) for _, _, concept in matcher.find(text))
        return found
