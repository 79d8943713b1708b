"""Lines a site repeats across its pages (cc_net-style, per site): a page's text and site in, its line keys
out; the learned page counts in, a `RepeatedLines` view that the boilerplate stage asks out.

Boilerplate is what one site repeats around its pages. A line's key is a short hash of
the page's site (`Page.site`: the URL's host, else the folder of the file) and the line
with case, digits, spaces and punctuation folded, so the same text on pages of
different sites (a syndicated article, a press release, a drug label) is counted apart
per site. The catalog counts, for every key, the distinct pages that hold it, over this
run and earlier ones; a line on `min_pages` pages of its site is repeated.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.meta import is_long_paragraph

NOT_LETTERS = re.compile(r"[\W_]+")
DIGIT = re.compile(r"\d")


def line_key(text: str, site: str = "") -> str:
    """A short hash of the site and the line with case, digits, spaces and punctuation folded ("" for a line
    of none)."""
    folded = NOT_LETTERS.sub("", unicodedata.normalize("NFKC", text).lower())
    folded = DIGIT.sub("0", folded)
    return _hashed(site, folded) if folded else ""


def _hashed(site: str, folded: str) -> str:
    return hashlib.blake2b(f"{site}\x00{folded}".encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


NOT_LETTERS_KEEPING_LINES = re.compile(r"[^\w\n\r\u2028\u2029\x85]+|_+")
LINE_BREAKS = re.compile(r"[\n\r\u2028\u2029\x85]+")


def page_line_keys(text: str, site: str = "") -> set[str]:
    """The keys of the lines of a page that may be repeated boilerplate: `line_key` of each line but the long
    paragraphs (which the boilerplate stage never removes as repeated, so their counts would never be asked),
    folded for the whole page in one pass (folding never crosses a line break), hashed line by line."""
    lines = [line for line in LINE_BREAKS.split(text) if not is_long_paragraph(line.strip())]
    folded = NOT_LETTERS_KEEPING_LINES.sub("", unicodedata.normalize("NFKC", "\n".join(lines)).lower())
    return {_hashed(site, line) for line in LINE_BREAKS.split(DIGIT.sub("0", folded)) if line}


@dataclass(frozen=True)
class RepeatedLines:
    """The keys of the lines a site repeated on `min_pages` of its pages or more."""

    keys: frozenset[str] = frozenset()

    @classmethod
    def from_counts(cls, counts: Mapping[str, int], min_pages: int) -> RepeatedLines:
        if min_pages <= 0:
            return cls()
        return cls(frozenset(key for key, count in counts.items() if count >= min_pages))

    def is_repeated(self, text: str, site: str = "") -> bool:
        return bool(self.keys) and line_key(text, site) in self.keys

    def among(self, keys: Iterable[str]) -> RepeatedLines:
        """The part of this view that concerns `keys` (the lines of one file's pages)."""
        return RepeatedLines(self.keys.intersection(keys))

    def signature(self) -> list[str]:
        """A stable list of what is held, to tell whether a file's repeated lines changed since it was cleaned."""
        return sorted(self.keys)

    def __len__(self) -> int:
        return len(self.keys)
