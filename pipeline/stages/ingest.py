"""Ingest: a path in, `Page`s and rejections out.

Formats by file name: `.txt`, `.md`, `.html`/`.htm`, `.jsonl` (one page per line:
`text`, optional `url`, `id`, `date`), `.warc` and any of these gzipped
(`.warc.gz` included). HTML is reduced to its main content with trafilatura
(comments off), keeping the metadata it finds; Markdown and wiki markup are
reduced to their text. Size limits apply to the file
after decompression and to each page's decoded text; every breach, unreadable
file or bad JSONL line becomes a `Rejection` naming the file (and line), and the
rest of the batch goes on.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.decoding import charset_from_content_type, decode
from pipeline.html import extract_main
from pipeline.markdown import to_text as markdown_to_text
from pipeline.model import Page

FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
           ".xhtml": "html", ".jsonl": "jsonl", ".warc": "warc"}
CHUNK = 1 << 20


@dataclass(frozen=True)
class Source:
    """A file to ingest: its path as given and the input root it was found under."""

    path: Path
    root: Path

    @property
    def relative(self) -> str:
        if self.root == self.path:
            return self.path.name
        return self.path.relative_to(self.root).as_posix()


@dataclass(frozen=True)
class Rejection:
    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


class InputTooLarge(Exception):
    pass


def format_of(path: Path) -> tuple[str | None, bool]:
    """(format, gzipped) from the file name; format None when unsupported."""
    name = path.name.lower()
    gzipped = name.endswith(".gz")
    if gzipped:
        name = name[:-3]
    return FORMATS.get(os.path.splitext(name)[1]), gzipped


def discover(inputs: list[Path]) -> tuple[list[Source], list[Rejection]]:
    """Files under `inputs` in a stable order; folders walked recursively, symlink loops skipped.

    Hidden files and folders and files of unsupported formats inside folders are
    skipped; a missing input or an unsupported file named directly is a rejection.
    """
    sources: list[Source] = []
    rejections: list[Rejection] = []
    seen: set[str] = set()
    for given in inputs:
        if given.is_dir():
            visited: set[str] = set()
            for folder, dirs, files in os.walk(given, followlinks=True):
                real = os.path.realpath(folder)
                if real in visited:
                    dirs[:] = []
                    continue
                visited.add(real)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    path = Path(folder) / name
                    if name.startswith(".") or format_of(path)[0] is None or not path.is_file():
                        continue
                    key = os.path.realpath(path)
                    if key not in seen:
                        seen.add(key)
                        sources.append(Source(path=path, root=given))
        elif given.is_file():
            if format_of(given)[0] is None:
                rejections.append(Rejection(str(given), "unsupported format (expected .txt, .md, .html, "
                                                          ".jsonl, .warc, optionally .gz)"))
                continue
            key = os.path.realpath(given)
            if key not in seen:
                seen.add(key)
                sources.append(Source(path=given, root=given))
        else:
            rejections.append(Rejection(str(given), "no such file or folder"))
    return sources, rejections


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


def _page_from_bytes(source: Source, data: bytes, fmt: str, *, item: str | None, url: str | None,
                     declared: str | None, settings: dict[str, object]) -> Page:
    text, codec = decode(data, declared=declared, is_html=fmt == "html")
    meta: dict[str, object] = {}
    if fmt == "html":
        text, meta = extract_main(text, url=url, favor_precision=bool(settings["html_favor_precision"]))
    elif fmt == "md":
        text = markdown_to_text(text)
    identity = url or (source.relative + (f"#{item}" if item else ""))
    return Page(path=str(source.path), identity=identity, item=item, sha256=sha256(data), format=fmt,
                encoding=codec, url=url, text=text, meta_hints=meta)


def _jsonl_pages(source: Source, data: bytes, settings: dict[str, object]) -> Iterator[Page | Rejection]:
    for number, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            yield Rejection(str(source.path), f"not a JSON object: {error}", line=number)
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield Rejection(str(source.path), 'expected an object with a string "text"', line=number)
            continue
        url = obj.get("url") if isinstance(obj.get("url"), str) else None
        given_id = obj.get("id")
        item = str(number)
        identity = str(given_id) if given_id is not None else url or f"{source.relative}#{item}"
        meta = {"date": obj["date"]} if isinstance(obj.get("date"), str) else {}
        yield Page(path=str(source.path), identity=identity, item=item, sha256=sha256(raw), format="jsonl",
                   encoding="utf-8", url=url, text=obj["text"], meta_hints=meta)


def _warc_pages(source: Source, data: bytes, settings: dict[str, object]) -> Iterator[Page | Rejection]:
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
                fmt = "html"
            elif lowered.startswith("text/"):
                fmt = "txt"
            else:
                continue
            payload = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0):
                raise ValueError(f"record {record.rec_headers.get_header('WARC-Record-ID')} is truncated")
            url = record.rec_headers.get_header("WARC-Target-URI")
            item = record.rec_headers.get_header("WARC-Record-ID")
            page = _page_from_bytes(source, payload, fmt, item=item, url=url,
                                    declared=charset_from_content_type(content_type), settings=settings)
            yield replace(page, format="warc")
    except (ArchiveLoadFailed, zlib.error, OSError, ValueError) as error:
        yield Rejection(str(source.path), f"not a readable WARC file: {error}")


def ingest(source: Source, settings: dict[str, object]) -> Iterator[Page | Rejection]:
    """Yield the `Page`s of `source`, and a `Rejection` for each part that cannot be read."""
    fmt, gzipped = format_of(source.path)
    limit = int(settings["max_file_bytes"])
    max_chars = int(settings["max_page_chars"])
    try:
        data = read_limited(source.path, gzipped, limit)
    except InputTooLarge as error:
        yield Rejection(str(source.path), str(error))
        return
    except (OSError, EOFError, zlib.error) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        yield Rejection(str(source.path), f"cannot read: {reason}")
        return
    if fmt == "jsonl":
        items: Iterator[Page | Rejection] = _jsonl_pages(source, data, settings)
    elif fmt == "warc":
        items = _warc_pages(source, data, settings)
    else:
        items = iter([_page_from_bytes(source, data, fmt, item=None, url=None, declared=None, settings=settings)])
    for item in items:
        if isinstance(item, Rejection):
            yield item
        elif len(item.text) > max_chars:
            line = int(item.item) if item.format == "jsonl" else None
            yield Rejection(str(source.path), f"page text longer than the {max_chars:,}-character limit", line=line)
        else:
            yield item
