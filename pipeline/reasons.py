"""Reason codes: the registry `data/reasons.tsv` in, the codes the code uses and a check of any code out.

Every removed line and every dropped page carries a reason from this one registry; the
pattern library is checked against it when loaded, and the record schema's list of
reasons is kept equal to it by a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.datafiles import data_path

REMOVED = "removed"
DROPPED = "dropped"

# the codes the code itself gives (the pattern library gives the others)
REPEATED = "boilerplate.repeated"
REFERENCES = "boilerplate.references"
COMMENTS = "boilerplate.comments"
EDGE = "boilerplate.edge"
META_TITLE = "meta.title"
META_AUTHORS = "meta.authors"
SPAM_INJECTED = "spam.injected"
SPAM_DISGUISED = "spam.disguised"
EXTRACT_NO_TEXT = "extract.no-text"
POLICY_EMPTY = "policy.empty"
POLICY_LANGUAGE = "policy.language"
POLICY_MACHINE_TRANSLATED = "policy.machine-translated"
POLICY_DUPLICATE = "policy.duplicate"
IN_CODE = (REPEATED, REFERENCES, COMMENTS, EDGE, META_TITLE, META_AUTHORS, SPAM_INJECTED, SPAM_DISGUISED,
           EXTRACT_NO_TEXT, POLICY_EMPTY, POLICY_LANGUAGE, POLICY_MACHINE_TRANSLATED, POLICY_DUPLICATE)


class UnknownReason(ValueError):
    pass


@dataclass(frozen=True)
class Reason:
    code: str
    applies_to: str  # removed (a line) or dropped (a page)
    meaning: str


@lru_cache(maxsize=1)
def registry() -> dict[str, Reason]:
    return load_registry(data_path("reasons.tsv"))


def load_registry(path: Path) -> dict[str, Reason]:
    reasons: dict[str, Reason] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) != 3 or cells[1] not in (REMOVED, DROPPED) or cells[0] in reasons:
            raise UnknownReason(f"{path}:{number}: expected a new code<TAB>removed|dropped<TAB>meaning")
        reasons[cells[0]] = Reason(*cells)
    return reasons


def checked(code: str, applies_to: str = REMOVED) -> str:
    """`code` when the registry holds it for `applies_to`; an `UnknownReason` otherwise."""
    reason = registry().get(code)
    if reason is None or reason.applies_to != applies_to:
        raise UnknownReason(f"{code}: not a registered reason for a {applies_to} item (see data/reasons.tsv)")
    return code
