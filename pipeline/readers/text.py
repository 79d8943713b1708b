"""Plain text (`.txt`, `.text`): a file's bytes in, one `Page` of its decoded text out.

The encoding is found by `decoding.decode` (byte-order mark, strict UTF-8, GB18030 or
CP950 by their common characters, then charset-normalizer); the text is kept as it is.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.config import IngestSettings
from pipeline.model import Page
from pipeline.readers.base import Contents, Reader, Rejection, Source, page_from_bytes


def page(source: Source, data: bytes, settings: IngestSettings, *, item: str | None = None,
         url: str | None = None, declared: str | None = None) -> Page | Rejection:
    """One text document's bytes as a `Page` (also used for a WARC record of type text/*), or its `Rejection`."""
    return page_from_bytes(source, data, "txt", settings, item=item, url=url, declared=declared)


def read(source: Source, contents: Contents, settings: IngestSettings) -> Iterator[Page | Rejection]:
    yield page(source, contents.data, settings)


READER = Reader(format="txt", suffixes=(".txt", ".text"), read=read)
