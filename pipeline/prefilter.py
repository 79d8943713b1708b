r"""What a regular expression needs: a pattern in, the strings one of which every match holds (or None) and the
longest text it can match out.

A rule table of a hundred regular expressions tried on every line costs a hundred
searches a line, though nearly every line matches none. Most patterns cannot match
without some literal word ("cookie", "newsletter", "分享"): when none of a pattern's
necessary literals is in the line, its search is skipped. The literals are read off
the parsed pattern: a run of parts that each match one of a few strings (a literal
character, a small class of signs, an alternation of such, an anchor) is spelled out
(`\.(com|net)`: ".com" or ".net", not "co"); the union over the branches of an
alternation, a group or a repeat taken at least once give what they need; whatever else
(a wider character class, an optional part) requires nothing. Of a sequence's runs and
parts the one whose shortest literal is longest is kept. The prefilter is only ever a necessary
condition, so matching results are the same with it or without it. Which literals a text
holds is found by one Aho-Corasick pass (`LiteralIndex`, also the glossary's matcher of
Chinese forms).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from operator import itemgetter
from re import _constants as constants  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]

import ahocorasick

Literals = frozenset[str] | None  # None: nothing is known to be required

MAX_CLASS = 4  # a character class this small is a set of literals


def _useful(literal: str) -> bool:
    """A literal worth looking for: two characters or more, or one sign that most lines lack (©, |, 【)."""
    return len(literal) >= 2 or not (literal.isalnum() or literal.isspace())


def _best(candidates: list[frozenset[str]]) -> Literals:
    useful = [option for option in candidates if option and "" not in option and all(map(_useful, option))]
    if not useful:
        return None
    return max(useful, key=lambda option: (min(map(len, option)), -len(option)))


class LiteralIndex:
    """Which of many literals a text holds, and where: an Aho-Corasick automaton (pyahocorasick), one pass
    over the text in C whatever the number of literals."""

    def __init__(self, literals: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for literal in sorted(set(literals)):
            if literal:
                self._automaton.add_word(literal, literal)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def holds_any(self, text: str) -> bool:
        return not self._empty and next(self._automaton.iter(text), None) is not None

    def iter(self, text: str) -> Iterator[tuple[int, str]]:
        """Every (index of the last character, literal), overlapping and nested ones included."""
        return iter(()) if self._empty else self._automaton.iter(text)

    def present(self, text: str) -> set[str]:
        return set() if self._empty else set(map(itemgetter(1), self._automaton.iter(text)))

    def occurrences(self, text: str) -> list[tuple[int, int, str]]:
        """Every (start, end, literal), overlapping and nested ones included, by start, longest first."""
        if self._empty:
            return []
        found = [(end + 1 - len(literal), end + 1, literal) for end, literal in self._automaton.iter(text)]
        found.sort(key=lambda hit: (hit[0], -hit[1]))
        return found


Exact = tuple[frozenset[str] | None, bool]  # (literals, whether the part matches exactly one of them)
MAX_PRODUCT = 64  # strings of a spelled-out run of exact parts


def _sequence(items: list[tuple[object, object]]) -> Literals:
    return _sequence_exact(items)[0]


def _sequence_exact(items: list[tuple[object, object]]) -> Exact:
    """A run of parts that each match one of a few strings (a literal, a small class, an alternation of such, an
    anchor) matches one of their concatenations: `\\.(com|net)` needs ".com" or ".net", far rarer than "co"."""
    candidates: list[frozenset[str]] = []
    run = frozenset({""})
    exact = True
    for op, value in items:
        found, found_exact = _element(op, value)
        if found is not None and found_exact:
            product = frozenset(head + tail for head in run for tail in found)
            if len(product) <= MAX_PRODUCT:
                run = product
                continue
            exact = False
            candidates.append(run)
            run = found
            continue
        exact = False
        candidates.append(run)
        run = frozenset({""})
        if found:
            candidates.append(found)
    if exact:
        return run, True
    candidates.append(run)
    return _best(candidates), False


def _element(op: object, value: object) -> Exact:
    if op is constants.LITERAL:
        return frozenset({chr(value)}), True  # type: ignore[arg-type]
    if op is constants.AT:  # an anchor or word boundary matches no character
        return frozenset({""}), True
    if op is constants.SUBPATTERN:
        _group, add_flags, del_flags, pattern = value  # type: ignore[misc]
        if add_flags or del_flags:  # (?i:…) and the like: the literals may be written otherwise
            return None, False
        return _sequence_exact(list(pattern))
    if op is constants.BRANCH:
        union: set[str] = set()
        exact = True
        for branch in value[1]:  # type: ignore[index]
            found, found_exact = _sequence_exact(list(branch))
            if not found:
                return None, False
            union |= found
            exact = exact and found_exact
        return (frozenset(union), True) if exact else (_best([frozenset(union)]), False)
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT, getattr(constants, "POSSESSIVE_REPEAT", None)):
        low, high, item = value  # type: ignore[misc]
        if low < 1:
            return None, False
        found, found_exact = _sequence_exact(list(item))
        return found, found_exact and low == high == 1
    if op is getattr(constants, "ATOMIC_GROUP", None):
        return _sequence_exact(list(value))  # type: ignore[arg-type]
    if op is constants.IN:  # a small class of signs: [|｜], [【\[]
        members = list(value)  # type: ignore[call-overload]
        if 0 < len(members) <= MAX_CLASS and all(kind is constants.LITERAL for kind, _ in members):
            return frozenset(chr(code) for _, code in members), True
    return None, False


def necessary_literals(pattern: str, flags: int = 0) -> Literals:
    """Strings one of which every match of `pattern` contains, or None when the pattern requires none
    (or cannot be read). With IGNORECASE nothing is promised: match lower-cased text instead."""
    if flags & re.IGNORECASE:
        return None
    try:
        parsed = parser.parse(pattern, flags)
    except (re.error, TypeError, ValueError, RecursionError):
        return None
    return _sequence(list(parsed))


UNBOUNDED = 1 << 62


def max_width(pattern: str) -> int:
    """The longest text `pattern` can match (`UNBOUNDED` when it has no bound or cannot be read)."""
    try:
        return min(parser.parse(pattern).getwidth()[1], UNBOUNDED)
    except (re.error, TypeError, ValueError, RecursionError):
        return UNBOUNDED
