"""Readers: input paths in, `Source`s out (`discover`); a `Source` in, `Page`s and `Rejection`s out (`read`).

One module per input format, each declaring a `Reader` (its format name, the file
suffixes it claims, its read function); `READERS` lists them and the suffix registry is
built from their declarations. Any of the formats may be gzipped (`.warc.gz` included).
`read` applies what is common to every format: the size limit on the file after
decompression and on each page's decoded text; every breach, unreadable file or bad
JSONL line becomes a `Rejection` naming the file (and line), and the rest of the batch
goes on. Each document's bytes pass `base.page_from_bytes` (JSONL lines their own
check), which rejects binary content and text too undecodable to keep. A compressed
file cut short keeps what came before the cut: a container (WARC, JSONL) yields its
complete items and one rejection for the damage; a single document cut short is
rejected. Adding a format is one module and one entry in `READERS`.
"""

from __future__ import annotations

import os
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from pipeline.config import IngestSettings
from pipeline.model import Page
from pipeline.readers import html, jsonl, markdown, text, warc
from pipeline.readers.base import Contents, InputTooLarge, Reader, Rejection, Source, read_limited

__all__ = ["READERS", "SUFFIXES", "Contents", "Reader", "Rejection", "Source", "discover", "discover_counting_skipped",
           "format_of", "load", "read", "reader_of"]

READERS: tuple[Reader, ...] = (text.READER, markdown.READER, html.READER, jsonl.READER, warc.READER)


def _by_suffix(readers: tuple[Reader, ...]) -> Mapping[str, Reader]:
    table: dict[str, Reader] = {}
    for reader in readers:
        for suffix in reader.suffixes:
            if suffix in table:
                raise ValueError(f"suffix {suffix} claimed by both {table[suffix].format} and {reader.format}")
            table[suffix] = reader
    return MappingProxyType(table)


SUFFIXES: Mapping[str, Reader] = _by_suffix(READERS)  # read-only: ".htm" -> the HTML reader
UNSUPPORTED = ("unsupported format (expected " + ", ".join(reader.suffixes[0] for reader in READERS)
               + ", optionally .gz)")


def reader_of(path: Path) -> tuple[Reader | None, bool]:
    """(reader, gzipped) from the file name; reader None when no reader claims its suffix."""
    name = path.name.lower()
    gzipped = name.endswith(".gz")
    if gzipped:
        name = name[:-3]
    return SUFFIXES.get(os.path.splitext(name)[1]), gzipped


def format_of(path: Path) -> tuple[str | None, bool]:
    """(format, gzipped) from the file name; format None when unsupported."""
    reader, gzipped = reader_of(path)
    return (reader.format if reader else None), gzipped


def discover(inputs: list[Path]) -> tuple[list[Source], list[Rejection]]:
    """Files under `inputs` in a stable order; folders walked recursively, symlink loops skipped.

    Hidden files and folders and files of unsupported formats inside folders are
    skipped; a missing input or an unsupported file named directly is a rejection.
    """
    sources, rejections, _ = discover_counting_skipped(inputs)
    return sources, rejections


def skipped_kind(name: str) -> str:
    """How a skipped file is counted: its extension without the dot ("pdf"), or "no-extension"."""
    suffix = os.path.splitext(name.lower().removesuffix(".gz"))[1]
    return suffix[1:] if suffix else "no-extension"


def discover_counting_skipped(inputs: list[Path]) -> tuple[list[Source], list[Rejection], Counter[str]]:
    """`discover`, and the files of other formats it skipped inside folders, counted by extension."""
    skipped: Counter[str] = Counter()
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
                    if name.startswith(".") or not path.is_file():
                        continue
                    if reader_of(path)[0] is None:
                        skipped[skipped_kind(name)] += 1
                        continue
                    key = os.path.realpath(path)
                    if key not in seen:
                        seen.add(key)
                        sources.append(Source(path=path, root=given))
        elif given.is_file():
            if reader_of(given)[0] is None:
                rejections.append(Rejection(str(given), UNSUPPORTED))
                continue
            key = os.path.realpath(given)
            if key not in seen:
                seen.add(key)
                sources.append(Source(path=given, root=given))
        else:
            rejections.append(Rejection(str(given), "no such file or folder"))
    return sources, rejections, skipped


def load(source: Source, settings: IngestSettings) -> Contents | Rejection:
    """The bytes of `source` (decompressed, within the size limit), read where the file is; or why they cannot
    be had."""
    reader, gzipped = reader_of(source.path)
    if reader is None:
        return Rejection(str(source.path), UNSUPPORTED)
    try:
        return read_limited(source.path, gzipped, settings.max_file_bytes)
    except InputTooLarge as error:
        return Rejection(str(source.path), str(error))
    except (OSError, EOFError, zlib.error) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        return Rejection(str(source.path), f"cannot read: {reason}")


def read(source: Source, settings: IngestSettings, loaded: Contents | Rejection | None = None,
         ) -> Iterator[Page | Rejection]:
    """Yield the `Page`s of `source`, and a `Rejection` for each part that cannot be read; `loaded`: what `load`
    gave for it elsewhere (a process that cannot see the file), else it is loaded here."""
    contents = load(source, settings) if loaded is None else loaded
    if isinstance(contents, Rejection):
        yield contents
        return
    reader, _ = reader_of(source.path)
    if reader is None:  # load() rejects such a file; contents loaded elsewhere may name one
        yield Rejection(str(source.path), UNSUPPORTED)
        return
    if contents.cut is not None and not reader.keeps_complete_items:
        yield Rejection(str(source.path), f"cannot read: {contents.cut}")  # a document cut short is not the page
        return
    max_chars = settings.max_page_chars
    for item in reader.read(source, contents, settings):
        if isinstance(item, Rejection):
            yield item
        elif len(item.text) > max_chars:
            line = int(item.item) if reader.items_are_lines and item.item is not None else None
            yield Rejection(str(source.path), f"page text longer than the {max_chars:,}-character limit", line=line)
        else:
            yield item
