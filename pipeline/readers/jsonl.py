"""JSON Lines (`.jsonl`): a file's bytes in, one `Page` per non-blank line out, a `Rejection` per bad line.

Each line is a UTF-8 JSON object (a byte-order mark allowed on the first) with a string
`text` and optional `url`, `id` and `date`. A page's item is its line number, so blank
lines keep the numbering and a rejection names its line; its identity is the `id` when
given, else the `url`, else the file's relative path plus `#line`. A compressed file
cut short keeps its complete lines; the partial line after the last line break is the
damage, one rejection (`truncated JSONL after N lines: why`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from pipeline.config import IngestSettings
from pipeline.model import Page
from pipeline.readers.base import Contents, Reader, Rejection, Source, sha256, truncated


def read(source: Source, contents: Contents, settings: IngestSettings) -> Iterator[Page | Rejection]:
    data = contents.data
    if contents.cut is not None:
        data = data[:data.rfind(b"\n") + 1]  # the complete lines: a line ends with its line break
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
    if contents.cut is not None:
        yield truncated(source, "JSONL", data.count(b"\n"), "line", contents.cut)


READER = Reader(format="jsonl", suffixes=(".jsonl",), read=read, items_are_lines=True, keeps_complete_items=True)
