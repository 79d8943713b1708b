"""WARC (`.warc`): a file's bytes in, one `Page` per successful HTML or text record out.

Only `response` and `resource` records with a 2xx status (when they carry HTTP headers)
and an HTML or `text/*` content type are read; the HTTP `Content-Type` charset is the
declared one. A record's item is its `WARC-Record-ID`, its identity the target URI, and
its format `warc`. A truncated record or a file that is not a WARC archive becomes one
`Rejection` (the pages before it are kept); a payload that is binary content or too
undecodable is a `Rejection` of its own (the records after it are read).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import replace

from pipeline.config import IngestSettings
from pipeline.model import Page
from pipeline.readers import html, text
from pipeline.readers.base import Reader, Rejection, Source
from pipeline.readers.decoding import charset_from_content_type


def read(source: Source, data: bytes, settings: IngestSettings) -> Iterator[Page | Rejection]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for record in ArchiveIterator(io.BytesIO(data)):
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
    except (ArchiveLoadFailed, zlib.error, OSError, ValueError) as error:
        yield Rejection(str(source.path), f"not a readable WARC file: {error}")


READER = Reader(format="warc", suffixes=(".warc",), read=read)
