"""Glued English words: a text in, the replacements that split them (or the repaired text and its changes) out.

Machine translation and bad scraping glue words together: "thewithdrawal",
"therapyor", "Buprenorphine.has". A token is split only when it is not itself a
word (wordfreq's English frequencies, plus the glossary's forms), not the plural
of a word, and one split gives a function word ("the", "or", "with"…, listed in
`data/function_words.txt`) next to a common word (`pipeline/english.py`), or before a long lower-case
word (rare medical words are long and rarely in frequency lists). Compounds of
two content words (micropolitics) are left alone. Tokens with inner capitals,
digits, URLs and e-mail addresses are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from pipeline.datafiles import data_path
from pipeline.edits import Change, Replacement, apply
from pipeline.english import COMMON_WORD_ZIPF, words_at_least, zipf

# a token, not the second part of a hyphenated compound; "andfollow-up" is one ("and follow-up")
TOKEN = re.compile(r"(?<![\w@/.:-])([A-Za-z]{4,})(?![\w@/]|-(?![A-Za-z])|\.[A-Za-z]{2,}\b|:\/\/)")
PERIOD_GLUE = re.compile(r"(?<![\w@/.:-])([A-Za-z]{3,})\.([a-z]{2,})(?![\w@/.-])")
# what every PERIOD_GLUE match holds, and every TOKEN is (a whole run of 4+ ASCII letters): cheap passes that
# rule out most texts before the patterns with look-arounds run
DOT_BEFORE_LOWER = re.compile(r"\.[a-z]")
LETTER_RUN = re.compile(r"[A-Za-z]{4,}")
KNOWN_WORD_ZIPF = 1.0  # a token at least this frequent is a word: never split
# (COMMON_WORD_ZIPF: both parts that frequent or more make a split plausible)
LEADING = frozenset({"the", "and", "with", "for", "from", "of", "in", "to", "or", "on", "by"})
GLUED_PAIR_MAX_ZIPF = 2.0  # a listed token rarer than this may still be two glued words
GLUED_PAIR_PART_ZIPF = 4.5
GLUED_PAIR_GAP = 3.9  # zipf units (log10) between the rarer part and the glued form: "thefuture" 4.2, "ingrowth" 3.5
RARE_PART = 6  # after a function word, a part this long may be a rare word (medical terms are long and rare)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    text = data_path("function_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def word_prefixes() -> tuple[str, ...]:
    text = data_path("word_prefixes.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def best_split(token: str, protected: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """The most plausible two-word reading of a glued token, or None when it is a word or no split fits."""
    lower = token.lower()
    if lower in protected or not (token.islower() or token[1:].islower()):
        return None
    if zipf(lower) >= KNOWN_WORD_ZIPF:
        return _frequent_glue(token) if token.islower() else None  # "Themen" is German, not "The men"
    small = function_words()
    if lower.endswith("s") and zipf(lower[:-1]) >= KNOWN_WORD_ZIPF:
        return None  # the plural of a word
    best: tuple[float, tuple[str, str]] | None = None
    capitalised = not token.islower()
    for cut in range(2, len(token) - 1):
        left, right = lower[:cut], lower[cut:]
        if capitalised and left not in LEADING:
            continue  # a capitalised token is a name unless it starts with a word that starts sentences
        if left in small and (right in small or zipf(right) >= COMMON_WORD_ZIPF):
            score = min(zipf(left), zipf(right))
        elif left in LEADING and len(right) >= RARE_PART and not capitalised \
                and not lower.startswith(word_prefixes()):
            score = 1.0 + zipf(right)  # a rare word after a function word: "withcontractural"
        elif right in small and zipf(left) >= COMMON_WORD_ZIPF and not capitalised:
            score = min(zipf(left), zipf(right))
        else:
            continue
        if best is None or score > best[0]:
            best = (score, (token[:cut], token[cut:]))
    return best[1] if best else None


def _frequent_glue(token: str) -> tuple[str, str] | None:
    """A glued pair common enough on the web to have a frequency of its own ("thefuture", "ofthese"):
    a function word and a common word, each thousands of times more frequent than the glued form.
    Real words of this shape (ingrowth, inroad, forgoes) are far less out of proportion."""
    lower = token.lower()
    frequency = zipf(lower)
    if frequency >= GLUED_PAIR_MAX_ZIPF:
        return None
    for cut in range(2, len(token) - 2):
        left, right = lower[:cut], lower[cut:]
        if left in LEADING and zipf(right) >= GLUED_PAIR_PART_ZIPF \
                and min(zipf(left), zipf(right)) - frequency >= GLUED_PAIR_GAP:
            return token[:cut], token[cut:]
    return None


def _period_glued(match: re.Match[str]) -> str | None:
    """`Buprenorphine.has` reads `Buprenorphine has`: a stray full stop between a word and a lower-case word."""
    left, right = match.group(1), match.group(2)
    if not left[0].isupper() or not left[1:].islower() or right not in function_words():
        return None  # code (array.map, city.name) and file names keep their dots
    return f"{left} {right}"


def find(text: str, protected: frozenset[str] = frozenset()) -> list[Replacement]:
    """The glued words of `text`, each as a replacement (kind `glue`) by its split form; `protected` holds
    lower-cased words never to split."""
    found: list[Replacement] = []
    taken: set[int] = set()  # offsets inside a period-glued pair: no token split starts there
    for match in PERIOD_GLUE.finditer(text) if DOT_BEFORE_LOWER.search(text) else ():
        fixed = _period_glued(match)
        if fixed:
            found.append(Replacement(match.start(), match.end(), fixed, "glue"))
            taken.update(range(match.start(), match.end()))
    # the letter runs include every token (a token is a whole run), so a run that may not be split rules out the
    # tokens spelled like it, and the token pattern runs only where some run may be split
    runs = set(LETTER_RUN.findall(text))
    rare = set(map(str.lower, runs)) - words_at_least(GLUED_PAIR_MAX_ZIPF)  # no token as frequent is split
    glued = {run for run in runs if run.lower() in rare and _cached_split(run, protected)} if rare else set()
    if not glued:
        return found  # nearly every text: its words were looked up once each, not walked one by one
    for match in TOKEN.finditer(text):
        if match.start() in taken or match.group(1) not in glued:
            continue
        split = _cached_split(match.group(1), protected)
        if split:
            found.append(Replacement(match.start(), match.end(), f"{split[0]} {split[1]}", "glue"))
    return found


def protected_forms(forms: Iterable[str]) -> frozenset[str]:
    return frozenset(form.lower() for form in forms)


@lru_cache(maxsize=1 << 17)
def _cached_split(token: str, protected: frozenset[str]) -> tuple[str, str] | None:
    return best_split(token, protected)


def repair(text: str, protected: Iterable[str] = ()) -> tuple[str, list[Change]]:
    """`text` with its glued words split, and every change with its offset in the result."""
    edited = apply(text, find(text, protected_forms(protected)))
    return edited.text, list(edited.changes)
