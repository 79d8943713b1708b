"""The document model every stage shares.

A `Page` is what a reader (`pipeline/readers/`) produces from a source (one file, or one item of a
JSONL/WARC container). A `Document` carries a page through the stages; each
stage returns a new `Document` with its own fields filled in. Fields a stage
has not computed stay `None`, so a record never shows a made-up value.

Segments are the one place text lives after the language stage: the streams (`en`,
`zh`, `other` text, one paragraph per line), each segment's offsets into them and
the edits in stream offsets are laid out from the segments here, once per change of
segments (`Document.with_segments`), so no stage builds them again. Segment text is
rewritten only through `Segment.edit` (the primitive in `pipeline/edits.py`).
"""

from __future__ import annotations

import operator
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from urllib.parse import urlsplit

from pipeline.edits import Change, Replacement, apply


@dataclass(frozen=True)
class Page:
    """One page as read from its source: decoded text plus where it came from."""

    path: str  # the file as given on the command line (joined with the walked folder)
    identity: str  # stable page key: URL when known, else path relative to its input root (+ #item)
    item: str | None  # the page's name inside a container (JSONL line number, WARC record id)
    sha256: str  # of the page's own bytes (the JSONL line, the WARC payload, the file)
    format: str  # txt, md, html; jsonl or warc for a page inside such a container
    encoding: str | None  # codec the bytes were decoded with (JSONL is UTF-8 by definition)
    url: str | None
    text: str  # the decoded text; for HTML the text of the extracted main content
    meta_hints: dict[str, object] = field(default_factory=dict)  # metadata the format itself gave
    declared_encoding: str | None = None  # the charset the container or page declared, as a codec name
    undecodable: float = 0.0  # share of the decoded characters that stand for undecodable bytes (4 decimals)

    @property
    def site(self) -> str:
        """Where the page was published: its URL's host (without `www.`), else the host its HTML names as its
        own address, else the folder of its file."""
        host = (urlsplit(self.url).hostname if self.url else None) or self.meta_hints.get("site")
        return str(host).removeprefix("www.") if host else os.path.dirname(self.path)


@dataclass(frozen=True)
class Line:
    """One line of the page's text with its offsets into `Page.text`."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Removal:
    text: str
    reason: str
    src_start: int | None = None  # where the line stood in the source text (None: it stood in none)


@dataclass(frozen=True)
class Segment:
    """A stretch of one language: offsets into its stream and into the source text."""

    lang: str  # en, zh or other
    text: str
    src_start: int
    src_end: int
    line: int  # index of the kept line it came from (paragraph boundary)
    start: int | None = None  # offsets into the stream, set when the streams are built
    end: int | None = None
    sentence: int = 0  # index of the sentence it belongs to, counted over the page
    changes: tuple[Change, ...] = ()  # how `text` differs from the source: offsets into `text` and the page

    def edit(self, replacements: Iterable[Replacement]) -> tuple[Segment, tuple[int | None, ...]]:
        """The segment with `replacements` (offsets into its text) written in, and where each landed.
        Only for a segment whose text came from one stretch of the source (not one joined by `joined`)."""
        edited = apply(self.text, replacements, self.changes, origin=self.src_start)
        if edited.text == self.text and edited.changes == self.changes:
            return self, edited.placed
        return Segment(self.lang, edited.text, self.src_start, self.src_end, self.line, None, None, self.sentence,
                       edited.changes), edited.placed

    def joined(self, other: Segment, gap: str) -> Segment:
        """This segment and `other` (the next one of the same language) as one, `gap` between them."""
        shift = len(self.text) + len(gap)
        moved = tuple(replace(change, start=change.start + shift) for change in other.changes)
        return replace(self, text=self.text + gap + other.text, src_end=other.src_end,
                       changes=self.changes + moved)


@dataclass(frozen=True)
class Edit:
    """A change in the record: `after` at `start` in its stream, `before` at `src_start` in the source text."""

    kind: str
    stream: str
    before: str
    after: str
    start: int
    src_start: int


@dataclass(frozen=True)
class TermHit:
    concept: str
    en: str
    zh: str | None
    surface: str
    lang: str
    stream: str
    action: str
    start: int
    end: int


STREAMS = ("en", "zh", "other")
TERM_CHANGE = "term"  # a change made by term alignment: recorded as a term hit, not as an edit


@dataclass(frozen=True)
class Layout:
    """The streams laid out from a document's segments."""

    streams: dict[str, str]  # "en", "zh" and "other" text, one paragraph per line
    segments: tuple[Segment, ...]  # the segments with their offsets into their stream
    edits: tuple[Edit, ...]  # every segment's changes, in stream offsets


def lay_out(segments: Iterable[Segment]) -> Layout:
    """Join each language's segments, one paragraph per source line, and place segments and edits in the
    streams. Two Chinese runs that had another language's run between them are parted by a space, so no
    false sentence is made."""
    parts: dict[str, list[str]] = {lang: [] for lang in STREAMS}
    lengths = dict.fromkeys(STREAMS, 0)
    last_line = dict.fromkeys(STREAMS, -1)
    placed: list[Segment] = []
    edits: list[Edit] = []
    previous_lang = None
    for segment in segments:
        lang = segment.lang
        separator = ""
        if parts[lang]:
            if last_line[lang] != segment.line:
                separator = "\n"
            elif lang != "zh" or previous_lang != "zh":
                separator = " "  # Chinese runs join directly only where nothing stood between them
        previous_lang = lang
        parts[lang].append(separator)
        start = lengths[lang] + len(separator)
        parts[lang].append(segment.text)
        lengths[lang] = start + len(segment.text)
        last_line[lang] = segment.line
        end = start + len(segment.text)
        placed.append(segment if segment.start == start and segment.end == end else  # placed there already
                      Segment(lang, segment.text, segment.src_start, segment.src_end, segment.line, start, end,
                              segment.sentence, segment.changes))
        if segment.changes:
            edits.extend(Edit(change.kind, lang, change.before, change.after, start + change.start, change.src_start)
                         for change in segment.changes if change.kind != TERM_CHANGE)
    return Layout({lang: "".join(chunks) for lang, chunks in parts.items()}, tuple(placed), tuple(edits))


@dataclass(frozen=True)
class Document:
    page: Page
    kept: tuple[Line, ...] = ()
    removed: tuple[Removal, ...] = ()
    meta: dict[str, object] = field(default_factory=dict)
    layout: Layout | None = None  # set with the segments, by `with_segments`
    lang: dict[str, object] | None = None
    mt: dict[str, object] | None = None
    zh_script: str | None = None  # the script the page wrote its Chinese in: hans, hant or mixed
    zh_stream_script: str | None = None  # the script of the zh stream: hans once converted, else as written
    terms: tuple[TermHit, ...] | None = None
    pairs: tuple[dict[str, object], ...] | None = None
    report: Mapping[str, int] = field(default_factory=dict)  # what the last stage counted; the runner adds it up

    def evolve(self, **changes: object) -> Document:
        """A new document with `changes`; its `report` is the one given, or none: counts never carry over.
        (Its fields copied, not passed through `__init__` as `dataclasses.replace` does: seven times a page.)"""
        unknown = changes.keys() - DOCUMENT_FIELDS
        if unknown:
            raise TypeError(f"Document has no field {sorted(unknown)[0]!r}")
        evolved = object.__new__(Document)
        evolved.__dict__.update(self.__dict__)
        evolved.__dict__.update({"report": {}, **changes})
        return evolved

    def with_segments(self, segments: Iterable[Segment], **changes: object) -> Document:
        """A new document with `segments` laid out (the layout kept when they are the segments it holds)."""
        segments = tuple(segments)
        held = self.layout.segments if self.layout is not None else None
        unchanged = held is not None and len(held) == len(segments) and all(map(operator.is_, held, segments))
        return self.evolve(layout=self.layout if unchanged else lay_out(segments), **changes)

    @property
    def segments(self) -> tuple[Segment, ...] | None:
        return None if self.layout is None else self.layout.segments

    @property
    def streams(self) -> dict[str, str] | None:
        return None if self.layout is None else self.layout.streams

    @property
    def edits(self) -> tuple[Edit, ...] | None:
        return None if self.layout is None else self.layout.edits


DOCUMENT_FIELDS = frozenset(field.name for field in fields(Document))
