"""What every reader shares: a `Source` and its bytes in, `Page`s and `Rejection`s out.

`Reader` is the interface a format module declares (its name, the file suffixes it
claims, and the function that turns a file's bytes into pages); `page_from_bytes`
is the one way a reader turns one document's bytes into a `Page` (decoded, reduced
to its text, identified), or into a `Rejection` when the bytes are binary content
(`binary.detect`, before decoding) or decode to more undecodable characters than
`max_undecodable_share`. `read_limited` and `sha256` are the byte-level helpers
the registry and the readers use.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import IngestSettings
from pipeline.model import Page
from pipeline.paths import escape
from pipeline.readers import binary
from pipeline.readers.decoding import decode, replaced

CHUNK = 1 << 20


@dataclass(frozen=True)
class Source:
    """A file to read: its path as given and the input root it was found under."""

    path: Path
    root: Path

    @property
    def relative(self) -> str:
        if self.root == self.path:
            return self.path.name
        return self.path.relative_to(self.root).as_posix()


@dataclass(frozen=True)
class Rejection:
    """A file (or one line of it) that could not be read, and why; the rest of the batch goes on."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        path = escape(self.path)
        where = f"{path}:{self.line}" if self.line is not None else path
        return f"{where}: {self.reason}"


class InputTooLarge(Exception):
    pass


ReadPages = Callable[[Source, bytes, IngestSettings], Iterator[Page | Rejection]]


@dataclass(frozen=True)
class Reader:
    """One input format: its name, the suffixes it claims (lower case, with the dot) and its read function.

    `read` gets the file's bytes (already decompressed and within the size limit) and yields
    the pages and rejections in them; it never raises for bad input. `items_are_lines` says a
    page's `item` is its line number in the file, so a rejection of that page can name the line.
    """

    format: str
    suffixes: tuple[str, ...]
    read: ReadPages
    items_are_lines: bool = False


ToText = Callable[[str, str | None, IngestSettings], tuple[str, dict[str, object]]]


def as_is(text: str, url: str | None, settings: IngestSettings) -> tuple[str, dict[str, object]]:
    """The decoded text as the page text, with no metadata (plain text)."""
    return text, {}


def read_limited(path: Path, gzipped: bool, limit: int) -> bytes:
    """The file's bytes, decompressed when gzipped, refusing more than `limit` bytes."""
    with open(path, "rb") as handle:
        if not gzipped:
            data = handle.read(limit + 1)
        else:
            chunks, total = [], 0
            with gzip.GzipFile(fileobj=handle) as unzipped:
                while chunk := unzipped.read(min(CHUNK, limit + 1 - total)):
                    total += len(chunk)
                    chunks.append(chunk)
                    if total > limit:
                        break
            data = b"".join(chunks)
    if len(data) > limit:
        raise InputTooLarge(f"larger than the {limit:,}-byte limit" + (" once decompressed" if gzipped else ""))
    return data


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def binary_reason(kind: str) -> str:
    """The rejection reason of a document that is binary content of `kind` ("PNG image", "NUL bytes")."""
    return f"binary content ({kind})"


def undecodable_reason(share: float) -> str:
    """The rejection reason of a document whose decoded characters are `share` undecodable ("12.3%")."""
    shown = f"{share:.1%}" if share >= 0.0005 else "under 0.1%"
    return f"undecodable bytes ({shown} of characters)"


def page_from_bytes(source: Source, data: bytes, fmt: str, settings: IngestSettings, *, to_text: ToText = as_is,
                    is_html: bool = False, item: str | None = None, url: str | None = None,
                    declared: str | None = None) -> Page | Rejection:
    """One document's bytes as a `Page`: decoded (`declared` charset first, a `<meta charset>` too when
    `is_html`), reduced to its text by `to_text`, identified by its URL, else its relative path (+ `#item`).

    Binary content is rejected before decoding, and a decoded text whose share of characters standing for
    undecodable bytes is above `settings.max_undecodable_share` before it is reduced; a page at or under
    it records the share."""
    kind = binary.detect(data)
    if kind:
        return Rejection(str(source.path), binary_reason(kind))
    decoded = decode(data, declared=declared, is_html=is_html)
    share = replaced(data, decoded) / len(decoded.text) if decoded.text else 0.0
    if share > settings.max_undecodable_share:
        return Rejection(str(source.path), undecodable_reason(share))
    text, meta = to_text(decoded.text, url, settings)
    identity = url or (source.relative + (f"#{item}" if item else ""))
    return Page(path=str(source.path), identity=identity, item=item, sha256=sha256(data), format=fmt,
                encoding=decoded.codec, declared_encoding=decoded.declared, url=url, text=text, meta_hints=meta,
                undecodable=round(share, 4))
