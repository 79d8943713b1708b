"""WARC (`.warc`): a file's contents in, one `Page` per successful HTML or text record out.

Only `response` and `resource` records with a 2xx status (when they carry HTTP headers)
and an HTML or `text/*` content type are read; the HTTP `Content-Type` charset is the
declared one. A record's item is its `WARC-Record-ID`, its identity the target URI, and
its format `warc`. Gzipped contents under a name without `.gz` are decompressed first.

Records are framed here before warcio parses them (a version line, header lines up to a
blank line, `Content-Length` bytes, then a blank line or the end), so warcio only ever
sees complete records: every complete record before damage is read, and the damage is
one `Rejection` naming the file: `truncated WARC after N records: why` when the data ends
inside a record (or a compressed file was cut short), `not a readable WARC file after N
records: why` when a record is malformed. warcio then has nothing to warn about on stderr,
and the one thing it logs (a target URI with spaces, which it escapes) is escaped before
it looks: medclean's stderr holds only medclean's one-line messages.
A payload that is binary content or too undecodable is a `Rejection` of its own (the
records after it are read).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from pipeline.config import IngestSettings
from pipeline.model import Page
from pipeline.readers import html, text
from pipeline.readers.base import Contents, InputTooLarge, Reader, Rejection, Source, gunzip_bytes, truncated
from pipeline.readers.decoding import charset_from_content_type

GZIP_MAGIC = b"\x1f\x8b"
VERSION = b"WARC/"
NOT_READABLE = "not a readable WARC file"


@dataclass(frozen=True)
class Framing:
    """Where the complete records of a WARC stream end, how many there are, and what stops the stream there."""

    end: int  # offset just after the last complete record's block
    records: int
    problem: str | None = None  # None: every byte up to the end is complete records and blank lines
    cut_short: bool = False  # the problem is the data ending inside a record


def _line_end(data: bytes, position: int) -> int:
    """The offset just after the line that starts at `position` (its line break included), or the end."""
    newline = data.find(b"\n", position)
    return len(data) if newline < 0 else newline + 1


def _after_blank_lines(data: bytes, position: int) -> int:
    """The offset of the first line at or after `position` that holds more than whitespace (or the end)."""
    while position < len(data):
        line_end = _line_end(data, position)
        if data[position:line_end].strip():
            return position
        position = line_end
    return position


def looks_like_warc(data: bytes) -> bool:
    """The data starts with a WARC version line, or is too short to say otherwise (empty, or cut inside one)."""
    start = _after_blank_lines(data, 0)
    return data.startswith(VERSION, start) or VERSION.startswith(data[start:])


def _content_length(header: bytes) -> int | None:
    for line in header.split(b"\n")[1:]:
        name, colon, value = line.partition(b":")
        if colon and name.rstrip(b" \t").lower() == b"content-length":
            try:
                length = int(value.strip())
            except ValueError:
                return None
            return length if length >= 0 else None
    return None


def frame(data: bytes) -> Framing:
    """The complete records at the start of `data` (uncompressed WARC), read as warcio reads them; linear."""
    records = end = 0
    position = _after_blank_lines(data, 0)
    while position < len(data):
        number = records + 1
        if not data.startswith(VERSION, position):
            if VERSION.startswith(data[position:]):
                return Framing(end, records, f"record {number} is cut short in its version line", cut_short=True)
            return Framing(end, records, f"record {number} does not start with a {VERSION.decode()} version line")
        header_end = position
        while True:  # header lines up to the first line of whitespace only
            line_end = _line_end(data, header_end)
            line, header_end = data[header_end:line_end], line_end
            if not line.endswith(b"\n"):
                return Framing(end, records, f"the header of record {number} is cut short", cut_short=True)
            if not line.strip():
                break
        length = _content_length(data[position:header_end])
        if length is None:
            return Framing(end, records, f"record {number} has no valid Content-Length")
        block_end = header_end + length
        if block_end > len(data):
            return Framing(end, records, f"record {number} ends after {len(data) - header_end:,} of its "
                                         f"{length:,} bytes", cut_short=True)
        if data[block_end:_line_end(data, block_end)].strip():
            return Framing(end, records, f"record {number} is not followed by a blank line "
                                         "(its Content-Length is wrong)")
        records, end = number, block_end
        position = _after_blank_lines(data, block_end)
    return Framing(end, records)


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _quiet_loader() -> Any:
    """warcio's record loader, less its log line: a target URI with spaces is escaped as warcio escapes it
    (`%20`) before warcio looks, so nothing is logged to stderr."""
    from warcio.recordloader import ArcWarcRecordLoader

    class QuietLoader(ArcWarcRecordLoader):  # type: ignore[misc]
        def _ensure_target_uri_format(self, rec_headers: Any) -> Any:
            uri = rec_headers.get_header("WARC-Target-URI")
            if uri is not None and " " in uri:
                rec_headers.replace_header("WARC-Target-URI", uri.replace(" ", "%20"))
            return super()._ensure_target_uri_format(rec_headers)

    return QuietLoader()


def _next_record(iterator: Iterator[Any]) -> Any:
    """The next record warcio parses, None after the last."""
    try:
        return next(iterator, None)
    except AttributeError as error:  # warcio's own failure on a record it cannot parse (no target URI)
        raise ValueError(f"a record warcio cannot parse ({error})") from error


def _pages(source: Source, data: bytes, settings: IngestSettings) -> Iterator[Page | Rejection]:
    """The pages of the records in `data` (a binary or undecodable payload as its own rejection), parsed by
    warcio; raises on a record warcio cannot parse."""
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(io.BytesIO(data))
    iterator.loader = _quiet_loader()  # the loader ArchiveIterator makes, with its defaults, minus the log line
    while (record := _next_record(iterator)) is not None:
        if record.rec_type not in ("response", "resource"):
            continue
        content_type = (record.http_headers.get_header("Content-Type") if record.http_headers
                        else record.rec_headers.get_header("Content-Type")) or ""
        if record.http_headers and not record.http_headers.get_statuscode().startswith("2"):
            continue
        lowered = content_type.lower()
        if "html" in lowered:
            to_page = html.page
        elif lowered.startswith("text/"):
            to_page = text.page
        else:
            continue
        payload = record.content_stream().read()
        if getattr(record.raw_stream, "limit", 0):
            raise ValueError(f"record {record.rec_headers.get_header('WARC-Record-ID')} is truncated")
        url = record.rec_headers.get_header("WARC-Target-URI")
        item = record.rec_headers.get_header("WARC-Record-ID")
        page = to_page(source, payload, settings, item=item, url=url,
                       declared=charset_from_content_type(content_type))
        yield replace(page, format="warc") if isinstance(page, Page) else page


def read(source: Source, contents: Contents, settings: IngestSettings) -> Iterator[Page | Rejection]:
    from warcio.exceptions import ArchiveLoadFailed

    if contents.data.startswith(GZIP_MAGIC):
        try:
            contents = gunzip_bytes(contents.data, settings.max_file_bytes)
        except InputTooLarge as error:
            yield Rejection(str(source.path), str(error))
            return
        except (OSError, EOFError, zlib.error) as error:
            yield Rejection(str(source.path), f"{NOT_READABLE}: {_one_line(error)}")
            return
    data = contents.data
    framing = frame(data) if looks_like_warc(data) else None
    try:  # not a WARC at all (framing None): warcio says what it found
        yield from _pages(source, data if framing is None else data[:framing.end], settings)
    except (ArchiveLoadFailed, zlib.error, OSError, ValueError, EOFError) as error:
        yield Rejection(str(source.path), f"{NOT_READABLE}: {_one_line(error)}")
        return
    if framing is None:
        return
    if framing.problem is not None and not framing.cut_short:
        yield Rejection(str(source.path), f"{NOT_READABLE} after {framing.records:,} record"
                                          f"{'' if framing.records == 1 else 's'}: {framing.problem}")
    elif framing.problem is not None or contents.cut is not None:
        yield truncated(source, "WARC", framing.records, "record", contents.cut or framing.problem or "")


READER = Reader(format="warc", suffixes=(".warc",), read=read, keeps_complete_items=True)
