"""The one text-edit primitive: a text, its earlier changes and new replacements in; the new text and its changes out.

Every stage that rewrites text (glued words, masking, punctuation, script conversion,
term alignment) states *what* to replace as `Replacement`s in the text it sees, and
`apply` does the rest: it writes them, shifts the earlier changes to their new
offsets, and keeps each change pointing both ways: `after` stands at `start` in the
edited text, `before` at `src_start` in the source. A replacement that overlaps an
earlier change is merged with it into one change, so `before` is always the source's
own text. Replacements in one call are offsets into the same text; one that overlaps a
replacement accepted before it (in order of start) is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Replacement:
    """Replace `text[start:end]` with `after`; `kind` names the change (glue, mask, punct, script, term)."""

    start: int
    end: int
    after: str
    kind: str


@dataclass(frozen=True)
class Change:
    """A change between the source and the edited text."""

    kind: str
    before: str  # the source's text
    after: str  # what stands in the edited text
    start: int  # offset of `after` in the edited text
    src_start: int  # offset of `before` in the source

    @property
    def end(self) -> int:
        return self.start + len(self.after)


@dataclass(frozen=True)
class Edited:
    text: str
    changes: tuple[Change, ...]
    placed: tuple[int | None, ...]  # per replacement given, where its `after` starts in `text` (None: skipped)


def _accepted(replacements: Sequence[Replacement], length: int) -> list[tuple[int, Replacement]]:
    """(index, replacement) of the replacements to write, in text order, none overlapping another."""
    order = sorted(range(len(replacements)), key=lambda i: (replacements[i].start, replacements[i].end, i))
    accepted: list[tuple[int, Replacement]] = []
    reach = 0
    for index in order:
        item = replacements[index]
        if not 0 <= item.start <= item.end <= length:
            raise ValueError(f"replacement {item} lies outside a text of {length} characters")
        if item.start < reach or (item.start == item.end and not item.after):
            continue
        accepted.append((index, item))
        reach = item.end
    return accepted


def _rewrite(text: str, start: int, end: int, spans: Iterable[tuple[int, int, str]]) -> str:
    """`text[start:end]` with each (span start, span end, new text) written in; spans sorted, not overlapping."""
    pieces, position = [], start
    for span_start, span_end, new in spans:
        pieces.append(text[position:span_start])
        pieces.append(new)
        position = span_end
    pieces.append(text[position:end])
    return "".join(pieces)


def apply(text: str, replacements: Iterable[Replacement], changes: Sequence[Change] = (),
          origin: int = 0) -> Edited:
    """Write `replacements` into `text`. `changes` are the changes that made `text` from its source (sorted,
    not overlapping); a position of `text` outside them lies at `origin` + its offset + the length they
    removed before it in the source. Returns the new text, every change in the new text's offsets (an
    earlier change overlapped by a replacement merged with it), and where each replacement landed."""
    replacements = list(replacements)
    accepted = _accepted(replacements, len(text))
    placed: list[int | None] = [None] * len(replacements)
    if not accepted:
        return Edited(text, tuple(changes), tuple(placed))
    # earlier changes (False) and replacements (True) in text order; overlapping spans make one cluster
    spans = sorted([(c.start, c.end, False, i) for i, c in enumerate(changes)]
                   + [(r.start, r.end, True, i) for i, (_, r) in enumerate(accepted)],
                   key=lambda span: (span[0], span[1], span[2]))
    clusters: list[list[tuple[int, int, bool, int]]] = []
    reach = -1
    for span in spans:
        if clusters and span[0] < reach:
            clusters[-1].append(span)
        else:
            clusters.append([span])
        reach = max(reach, span[1]) if len(clusters[-1]) > 1 else span[1]

    pieces: list[str] = []
    result: list[Change] = []
    position = 0  # in `text`
    length = 0  # of the new text so far
    removed = 0  # source characters minus text characters, over the changes before `position`
    for cluster in clusters:
        start, end = cluster[0][0], max(span[1] for span in cluster)
        pieces.append(text[position:start])
        new_start = length + start - position
        earlier = [changes[i] for _, _, is_new, i in cluster if not is_new]
        written = [accepted[i] for _, _, is_new, i in cluster if is_new]
        source = _rewrite(text, start, end, ((c.start, c.end, c.before) for c in earlier))
        after = _rewrite(text, start, end, ((r.start, r.end, r.after) for _, r in written))
        shift = 0
        for index, item in written:
            placed[index] = new_start + item.start - start + shift
            shift += len(item.after) - (item.end - item.start)
        if written and source != after:
            result.append(Change(written[-1][1].kind, source, after, new_start, origin + start + removed))
        elif not written:
            result.append(replace(earlier[0], start=new_start))
        pieces.append(after)
        removed += len(source) - (end - start)
        length = new_start + len(after)
        position = end
    pieces.append(text[position:])
    return Edited("".join(pieces), tuple(result), tuple(placed))
