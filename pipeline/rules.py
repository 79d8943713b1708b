"""Rule tables kept as data files in `pipeline/data/`, loaded once per run.

`boilerplate.tsv`: reason, scope (`line` or `contains`), regular expression.
A malformed row is an error naming the file and line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.datafiles import data_path
from pipeline.reasons import UnknownReason, checked
from pipeline.scripts import han_count, sentence_spans

MAX_CONTAINS_CHARS = 200  # a "contains" rule fires only on lines this short: long lines are prose
MAX_CONTAINS_HAN = 80  # and on lines with at most this many Han characters (80 make a paragraph)
MIN_BOILERPLATE_SHARE = 0.5  # a longer line goes when sentences a rule matches make at least this share of it


class RuleError(ValueError):
    pass


@dataclass(frozen=True)
class BoilerplateRule:
    reason: str
    scope: str
    pattern: re.Pattern[str]
    line: int


@dataclass(frozen=True)
class BoilerplateRules:
    rules: tuple[BoilerplateRule, ...]

    def reason_for(self, line: str) -> str | None:
        """The reason code of the first rule matching `line`, or None. A line too long for a "contains" rule
        is judged sentence by sentence: it goes when matched sentences make most of it (a footer paragraph
        of copyright and reprint sentences), and stays when they are a minority (prose with an aside)."""
        text = normalize_for_matching(line)
        reason = self._short_reason(text)
        if reason or self._is_short(text):
            return reason
        cased = unicodedata.normalize("NFKC", line).strip()  # sentence ends are found by the capital after them
        matched: dict[str, int] = {}
        for start, end in sentence_spans(cased):
            sentence = normalize_for_matching(cased[start:end])
            # phrase ("contains") rules only: a "line" rule describes a whole line, not a sentence of prose
            if (sentence_reason := self._short_reason(sentence, scopes=("contains",))) is not None:
                matched[sentence_reason] = matched.get(sentence_reason, 0) + end - start
        if sum(matched.values()) >= MIN_BOILERPLATE_SHARE * len(cased):
            return max(matched, key=lambda key: matched[key])
        return None

    @staticmethod
    def _is_short(text: str) -> bool:
        return len(text) <= MAX_CONTAINS_CHARS and han_count(text) <= MAX_CONTAINS_HAN

    def _short_reason(self, text: str, scopes: tuple[str, ...] = ("line", "contains")) -> str | None:
        short = self._is_short(text)
        for rule in self.rules:
            if rule.scope not in scopes:
                continue
            if rule.scope == "line":
                if rule.pattern.fullmatch(text):
                    return rule.reason
            elif short and rule.pattern.search(text):
                return rule.reason
        return None


def normalize_for_matching(line: str) -> str:
    text = unicodedata.normalize("NFKC", line).strip().lower()
    return re.sub(r"\s+", " ", text)


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
            pattern = re.compile(cells[2], re.IGNORECASE)
        except re.error as error:
            raise RuleError(f"{path}:{number}: bad pattern: {error}") from error
        rules.append(BoilerplateRule(cells[0], cells[1], pattern, number))
    return BoilerplateRules(tuple(rules))
