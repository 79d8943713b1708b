"""Lines repeated across pages (cc_net-style): a page's text in, its line keys out; the learned page counts in,
a `RepeatedLines` view that the boilerplate stage asks out.

A line's key is a short hash of the line with case, digits, spaces and punctuation
folded. The catalog counts, for every key, the distinct pages that hold it, over this
run and earlier ones. A line on `min_pages` pages is `OFTEN` seen (boilerplate unless it
reads as a sentence); on twice as many it is `VERY_OFTEN` seen (boilerplate even then:
syndicated sentences repeat too, but not that often).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum

from pipeline.scripts import split_lines

NOT_LETTERS = re.compile(r"[\W_]+")
DIGIT = re.compile(r"\d")


class Seen(IntEnum):
    RARELY = 0
    OFTEN = 1
    VERY_OFTEN = 2


def line_key(text: str) -> str:
    """A short hash of the line with case, digits, spaces and punctuation folded ("" for a line of none)."""
    folded = NOT_LETTERS.sub("", unicodedata.normalize("NFKC", text).lower())
    folded = DIGIT.sub("0", folded)
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest() if folded else ""


def page_line_keys(text: str) -> set[str]:
    return {key for line in split_lines(text) if (key := line_key(line.text))}


@dataclass(frozen=True)
class RepeatedLines:
    """How often each repeated line has been seen; a key not held is seen rarely."""

    seen: Mapping[str, Seen] = field(default_factory=dict)

    @classmethod
    def from_counts(cls, counts: Mapping[str, int], min_pages: int) -> RepeatedLines:
        if min_pages <= 0:
            return cls()
        return cls({key: Seen.VERY_OFTEN if count >= 2 * min_pages else Seen.OFTEN
                    for key, count in counts.items() if count >= min_pages})

    def how_often(self, text: str) -> Seen:
        return self.seen.get(line_key(text), Seen.RARELY) if self.seen else Seen.RARELY

    def among(self, keys: Iterable[str]) -> RepeatedLines:
        """The part of this view that concerns `keys` (the lines of one file's pages)."""
        return RepeatedLines({key: self.seen[key] for key in sorted(set(keys)) if key in self.seen})

    def signature(self) -> list[str]:
        """A stable list of what is held, to tell whether a file's repeated lines changed since it was cleaned."""
        return [f"{key}:{int(seen)}" for key, seen in sorted(self.seen.items())]

    def __len__(self) -> int:
        return len(self.seen)
