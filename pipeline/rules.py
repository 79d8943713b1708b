"""Rule tables kept as data files in `pipeline/data/`, loaded once per run.

`boilerplate.tsv`: reason, scope (`line` or `contains`), regular expression.
A malformed row is an error naming the file and line. Patterns are matched on
NFKC-normalised, lower-cased text, so they are written in lower case and compiled
without IGNORECASE; each is tried only on a line holding one of its necessary
literals (`pipeline/prefilter.py`), which gives the same results with far fewer searches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pipeline.datafiles import data_path
from pipeline.prefilter import UNBOUNDED, LiteralIndex, Literals, max_width, necessary_literals
from pipeline.reasons import UnknownReason, checked
from pipeline.scripts import han_count, sentence_spans

MAX_CONTAINS_CHARS = 200  # a "contains" rule fires only on lines this short: long lines are prose
MAX_CONTAINS_HAN = 80  # and on lines with at most this many Han characters (80 make a paragraph)
MIN_BOILERPLATE_SHARE = 0.5  # a longer line goes when sentences a rule matches make at least this share of it


UPPER_LITERAL = re.compile(r"[A-Z]")


class RuleError(ValueError):
    pass


@dataclass(frozen=True)
class BoilerplateRule:
    reason: str
    scope: str
    pattern: re.Pattern[str]
    line: int
    literals: Literals = None  # one of these is in every line the pattern matches (None: unknown)
    max_width: int = UNBOUNDED  # the longest text the pattern can match (a "line" rule: the longest line)


class RuleGroup:
    """Rules in table order with an index of their necessary literals: the ones that may match a text."""

    def __init__(self, rules: list[BoilerplateRule]) -> None:
        self.rules = tuple(rules)
        by_literal: dict[str, set[int]] = {}
        for position, rule in enumerate(self.rules):
            for literal in rule.literals or ():
                by_literal.setdefault(literal, set()).add(position)
        self._index = LiteralIndex(by_literal)
        self._by_literal = {literal: frozenset(positions) for literal, positions in by_literal.items()}
        self._unfiltered = frozenset(position for position, rule in enumerate(self.rules) if rule.literals is None)

    def may_match(self, text: str) -> bool:
        """False when no rule of the group can match `text` or any part of it (no literal of theirs in it)."""
        return bool(self._unfiltered) or bool(self._index.present(text))

    def candidates(self, text: str) -> list[BoilerplateRule]:
        positions = set(self._unfiltered)
        for literal in self._index.present(text):
            positions |= self._by_literal[literal]
        return [rule for rule in map(self.rules.__getitem__, sorted(positions))
                if rule.scope != "line" or rule.max_width >= len(text)]  # a whole line no longer than the pattern


@dataclass(frozen=True)
class BoilerplateRules:
    rules: tuple[BoilerplateRule, ...]

    @cached_property
    def _every(self) -> RuleGroup:
        return RuleGroup(list(self.rules))

    @cached_property
    def _phrases(self) -> RuleGroup:
        return RuleGroup([rule for rule in self.rules if rule.scope == "contains"])

    @cached_property
    def _long_lines(self) -> RuleGroup:  # "line" rules that can match a text too long for phrase rules
        return RuleGroup([rule for rule in self.rules if rule.scope == "line" and rule.max_width > MAX_CONTAINS_HAN])

    def reason_for(self, line: str) -> str | None:
        """The reason code of the first rule matching `line`, or None. A line too long for a "contains" rule
        is judged sentence by sentence: it goes when matched sentences make most of it (a footer paragraph
        of copyright and reprint sentences), and stays when they are a minority (prose with an aside)."""
        text = normalize_for_matching(line)
        if self._is_short(text):
            return self._first_match(self._every, text, short=True)
        reason = self._first_match(self._long_lines, text, short=False)
        if reason or not self._phrases.may_match(text):  # a sentence holds only literals its line holds
            return reason
        cased = unicodedata.normalize("NFKC", line).strip()  # sentence ends are found by the capital after them
        matched: dict[str, int] = {}
        for start, end in sentence_spans(cased):
            sentence = normalize_for_matching(cased[start:end])
            # phrase ("contains") rules only: a "line" rule describes a whole line, not a sentence of prose
            if self._is_short(sentence) and (found := self._first_match(self._phrases, sentence, short=True)):
                matched[found] = matched.get(found, 0) + end - start
        if sum(matched.values()) >= MIN_BOILERPLATE_SHARE * len(cased):
            return max(matched, key=lambda key: matched[key])
        return None

    @staticmethod
    def _is_short(text: str) -> bool:
        return len(text) <= MAX_CONTAINS_CHARS and han_count(text) <= MAX_CONTAINS_HAN

    @staticmethod
    def _first_match(group: RuleGroup, text: str, short: bool) -> str | None:
        """The reason of the first rule of `group` matching `text`: a "line" rule the whole text, a
        "contains" rule (only on a short text) anywhere in it."""
        for rule in group.candidates(text):
            if rule.scope == "line":
                if rule.pattern.fullmatch(text):
                    return rule.reason
            elif short and rule.pattern.search(text):
                return rule.reason
        return None


def normalize_for_matching(line: str) -> str:
    """NFKC, lower-cased, every run of whitespace one space, none at the ends (str.split's whitespace is the
    regular expressions' \\s: the same test of each character)."""
    return " ".join(unicodedata.normalize("NFKC", line).lower().split())


def load_boilerplate(path: Path | None = None) -> BoilerplateRules:
    path = path or data_path("boilerplate.tsv")
    rules = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) != 3 or cells[1] not in ("line", "contains"):
            raise RuleError(f"{path}:{number}: expected reason<TAB>line|contains<TAB>pattern")
        try:
            checked(cells[0])
        except UnknownReason as error:
            raise RuleError(f"{path}:{number}: {error}") from error
        try:
            pattern = re.compile(cells[2])
        except re.error as error:
            raise RuleError(f"{path}:{number}: bad pattern: {error}") from error
        if cells[2] != cells[2].lower() and UPPER_LITERAL.search(re.sub(r"\\[A-Za-z]", "", cells[2])):
            raise RuleError(f"{path}:{number}: write the pattern in lower case (lines are lower-cased to match)")
        rules.append(BoilerplateRule(cells[0], cells[1], pattern, number, necessary_literals(cells[2]),
                                     max_width(cells[2])))
    return BoilerplateRules(tuple(rules))
