"""What every reader shares: a `Source` and its `Contents` in, `Page`s and `Rejection`s out.

`Reader` is the interface a format module declares (its name, the file suffixes it
claims, and the function that turns a file's contents into pages); `page_from_bytes`
is the one way a reader turns one document's bytes into a `Page` (decoded, reduced
to its text, identified), or into a `Rejection` when the bytes are binary content
(`binary.detect`, before decoding) or decode to more undecodable characters than
`max_undecodable_share`. `read_limited`, `gunzip` and `sha256` are the byte-level
helpers the registry and the readers use: a compressed stream cut short gives the bytes
before the cut and says why (`Contents.cut`), so a container keeps its complete items;
`truncated` is the one rejection a container gives for its damaged tail.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

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


@dataclass(frozen=True)
class Contents:
    """A file's bytes, decompressed, and why they stop before the file's end (`cut`; None when they do not)."""

    data: bytes
    cut: str | None = None
    # a part of the file for one of several readers: only the items that start at these byte offsets [start,
    # end) are read, what concerns the whole file is said by the part that starts at 0 (None: the whole file)
    part: tuple[int, int] | None = None


ReadPages = Callable[[Source, Contents, IngestSettings], Iterator[Page | Rejection]]


@dataclass(frozen=True)
class Reader:
    """One input format: its name, the suffixes it claims (lower case, with the dot) and its read function.

    `read` gets the file's contents (already decompressed and within the size limit) and yields
    the pages and rejections in them; it never raises for bad input. `items_are_lines` says a
    page's `item` is its line number in the file, so a rejection of that page can name the line.
    `keeps_complete_items` says the format is a container whose `read` takes contents cut short
    (`Contents.cut`): it yields every complete item before the cut, then one `truncated` rejection;
    a single document cut short is rejected whole before its reader sees it. `reads_parts` says
    `read` honours `Contents.part`, so several workers can read one large file, a byte range each.
    """

    format: str
    suffixes: tuple[str, ...]
    read: ReadPages
    items_are_lines: bool = False
    reads_parts: bool = False
    keeps_complete_items: bool = False


def truncated(source: Source, fmt: str, count: int, unit: str, cause: str) -> Rejection:
    """The one rejection for a container's damaged tail: how many complete items came before it, and why."""
    if cause[1:2].islower():
        cause = cause[0].lower() + cause[1:]  # "Compressed file ended…" reads on after the colon
    return Rejection(str(source.path), f"truncated {fmt} after {count:,} {unit}{'' if count == 1 else 's'}: {cause}")


ToText = Callable[[str, str | None, IngestSettings], tuple[str, dict[str, object]]]


def as_is(text: str, url: str | None, settings: IngestSettings) -> tuple[str, dict[str, object]]:
    """The decoded text as the page text, with no metadata (plain text)."""
    return text, {}


GZIP_MAGIC = b"\x1f\x8b"
GZIP_CUT = "Compressed file ended before the end-of-stream marker was reached"  # the gzip module's words


def _next_member(stream: BinaryIO, rest: bytes) -> bytes | None:
    """The bytes that open the next gzip member after one that ended (`rest` and what follows on the
    stream, zero padding skipped as the gzip module skips it); None at the end of the stream, a lone
    first magic byte when the stream is cut inside the next member's magic."""
    while True:
        rest = rest.lstrip(b"\0")
        if len(rest) < len(GZIP_MAGIC):
            more = stream.read(CHUNK)
            if more:
                rest += more
                continue
            if not rest:
                return None
        if not rest.startswith(GZIP_MAGIC) and not (len(rest) < len(GZIP_MAGIC) and GZIP_MAGIC.startswith(rest)):
            raise gzip.BadGzipFile(f"Not a gzipped file ({rest[:2]!r})")
        return rest


def gunzip(stream: BinaryIO, limit: int) -> Contents:
    """The decompressed bytes of a gzip stream (every member of it), refusing more than `limit` bytes.

    A stream that ends early (inside a member, or inside the next member's magic) gives every byte
    decompressed before the end, and why (`Contents.cut`); any other damage (not gzip, corrupt data,
    a failed CRC) raises `gzip.BadGzipFile` or `zlib.error`.
    """
    chunks: list[bytes] = []
    total = 0
    pending = stream.read(CHUNK)
    if not pending:
        return Contents(b"")  # an empty file is an empty gzip stream, as the gzip module reads it
    if not pending.startswith(GZIP_MAGIC):
        raise gzip.BadGzipFile(f"Not a gzipped file ({pending[:2]!r})")
    member = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip header and trailer (CRC, size) checked
    while True:
        if not pending and not (pending := stream.read(CHUNK)):
            return Contents(b"".join(chunks), GZIP_CUT)  # the stream ends inside a member
        chunk = member.decompress(pending, limit + 1 - total)  # output beyond the limit is refused below
        pending = member.unconsumed_tail
        total += len(chunk)
        chunks.append(chunk)
        if total > limit:
            raise InputTooLarge(f"larger than the {limit:,}-byte limit once decompressed")
        if member.eof:
            following = _next_member(stream, member.unused_data + pending)
            if following is None:
                return Contents(b"".join(chunks))
            if not following.startswith(GZIP_MAGIC):
                return Contents(b"".join(chunks), GZIP_CUT)  # the stream ends inside the next member's magic
            pending = following
            member = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)


def gunzip_bytes(data: bytes, limit: int) -> Contents:
    """`gunzip` of bytes in memory (a container that holds gzipped data under a name without `.gz`)."""
    return gunzip(io.BytesIO(data), limit)


def read_limited(path: Path, gzipped: bool, limit: int) -> Contents:
    """The file's contents, decompressed when gzipped, refusing more than `limit` bytes."""
    with open(path, "rb") as handle:
        if gzipped:
            return gunzip(handle, limit)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"larger than the {limit:,}-byte limit")
    return Contents(data)


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
