"""JSON Lines (`.jsonl`): a file's bytes in, one `Page` per non-blank line out, a `Rejection` per bad line.

Each line is a UTF-8 JSON object (a byte-order mark allowed on the first) with a string
`text` and optional `url`, `id` and `date`. A page's item is its line number, so blank
lines keep the numbering and a rejection names its line; its identity is the `id` when
given, else the `url`, else the file's relative path plus `#line`. JSON may escape lone
surrogates (`"\ud800"`), which are no characters at all: in `text`, `url` and `date` each
becomes U+FFFD; an id keeps them, escaped where it is written (`pipeline/paths.py`).

Binary content is rejected as in every format: a file that opens with a binary file's
magic number is one rejection; a line whose bytes, or whose `text` as UTF-8, are binary
content (`binary.detect`) is a rejection naming its line. JSON reads strict UTF-8, so a
page's `undecodable` share is 0.0.

A compressed file cut short keeps its complete lines; the partial line after the last
line break is the damage, one rejection (`truncated JSONL after N lines: why`). A part of a
file (`Contents.part`, for several workers reading one large file) is the lines that start
in its byte range, numbered as in the whole file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from pipeline.config import IngestSettings
from pipeline.model import Page
from pipeline.readers import binary
from pipeline.readers.base import Contents, Reader, Rejection, Source, binary_reason, sha256, truncated
from pipeline.scripts import without_lone_surrogates


def read(source: Source, contents: Contents, settings: IngestSettings) -> Iterator[Page | Rejection]:
    data = contents.data
    first, after = contents.part or (0, len(data) + 1)
    kind = binary.signature(data)
    if kind:  # a binary file named .jsonl: one rejection, not one per "line" of it
        if first == 0:
            yield Rejection(str(source.path), binary_reason(kind))
        return
    if contents.cut is not None:
        data = data[:data.rfind(b"\n") + 1]  # the complete lines: a line ends with its line break
    line_start = 0
    for number, raw in enumerate(data.split(b"\n"), 1):
        starts_here, line_start = line_start, line_start + len(raw) + 1
        if not first <= starts_here < after or not raw.strip():
            continue
        if kind := binary.detect(raw):
            yield Rejection(str(source.path), binary_reason(kind), line=number)
            continue
        try:
            obj = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            yield Rejection(str(source.path), f"not a JSON object: {error}", line=number)
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield Rejection(str(source.path), 'expected an object with a string "text"', line=number)
            continue
        if kind := binary.detect(obj["text"][:binary.SAMPLE].encode("utf-8", "surrogatepass")):
            yield Rejection(str(source.path), binary_reason(kind), line=number)
            continue
        url = without_lone_surrogates(obj["url"]) if isinstance(obj.get("url"), str) else None
        given_id = obj.get("id")
        item = str(number)
        identity = str(given_id) if given_id is not None else url or f"{source.relative}#{item}"
        meta = {"date": without_lone_surrogates(obj["date"])} if isinstance(obj.get("date"), str) else {}
        yield Page(path=str(source.path), identity=identity, item=item, sha256=sha256(raw), format="jsonl",
                   encoding="utf-8", url=url, text=without_lone_surrogates(obj["text"]), meta_hints=meta)
    if contents.cut is not None and first == 0:
        yield truncated(source, "JSONL", data.count(b"\n"), "line", contents.cut)


READER = Reader(format="jsonl", suffixes=(".jsonl",), read=read, items_are_lines=True, keeps_complete_items=True,
                reads_parts=True)
