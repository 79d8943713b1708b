"""JSON Lines: records (JSON-ready dicts or their serialised lines) in, `NAME.jsonl` or `NAME.jsonl.gz` out.

One record per line, keys in the order the record contract gives them, non-ASCII
written as itself. Gzip output carries no timestamp or name, so the bytes depend on
the content alone. Only one form of a file is live: writing one removes the other.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.writers.atomic import write_atomic


def serialise(record: dict[str, object]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def dropped_line(reason: str, record_line: str) -> str:
    """A dropped page's line: `{"reason": …, "record": …}`, the record's serialised bytes kept as they are."""
    return serialise({"reason": reason})[:-1] + ',"record":' + record_line + "}"


def write_stream(out_dir: Path, name: str, chunks: Iterable[bytes], compress: bool) -> Path:
    """Write `name.jsonl` (or `name.jsonl.gz`) from chunks of encoded lines, as they come (memory does not grow
    with the file), and remove the other form."""
    target = out_dir / (f"{name}.jsonl.gz" if compress else f"{name}.jsonl")
    write_atomic(target, _gzipped(chunks) if compress else chunks)
    other = out_dir / (f"{name}.jsonl" if compress else f"{name}.jsonl.gz")
    if other.exists():
        other.unlink()
    return target


def _gzipped(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """A deterministic gzip stream (no name, no timestamp) of `chunks`."""
    sink = _Sink()
    with gzip.GzipFile(filename="", mode="wb", fileobj=sink, mtime=0) as packer:
        for chunk in chunks:
            packer.write(chunk)
            if sink.parts:
                yield sink.take()
    yield sink.take()


class _Sink:
    """A write-only file object whose written bytes are taken away as they come."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data
