"""The document model every stage shares.

A `Page` is what ingest produces from a source (one file, or one item of a
JSONL/WARC container). A `Document` carries a page through the stages; each
stage returns a new `Document` with its own fields filled in. Fields a stage
has not computed stay `None`, so a record never shows a made-up value.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace


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


@dataclass(frozen=True)
class Edit:
    kind: str
    stream: str
    before: str
    after: str
    start: int


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


@dataclass(frozen=True)
class Document:
    page: Page
    kept: tuple[Line, ...] = ()
    removed: tuple[Removal, ...] = ()
    meta: dict[str, object] = field(default_factory=dict)
    segments: tuple[Segment, ...] | None = None
    lang: dict[str, object] | None = None
    mt: dict[str, object] | None = None
    streams: dict[str, str] | None = None  # "en" and "zh" text, one paragraph per line
    zh_script: str | None = None
    edits: tuple[Edit, ...] | None = None
    terms: tuple[TermHit, ...] | None = None
    pairs: tuple[dict[str, object], ...] | None = None
    stats: Counter = field(default_factory=Counter)

    def evolve(self, **changes: object) -> Document:
        return replace(self, **changes)
