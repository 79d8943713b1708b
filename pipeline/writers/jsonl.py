"""JSON Lines: records (JSON-ready dicts or their serialised lines) in, `NAME.jsonl` or `NAME.jsonl.gz` out.

One record per line, keys in the order the record contract gives them, non-ASCII
written as itself. Gzip output carries no timestamp or name, so the bytes depend on
the content alone. Only one form of a file is live: writing one removes the other.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path

from pipeline.writers.atomic import write_atomic


def serialise(record: dict[str, object]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def write_lines(out_dir: Path, name: str, lines: Iterable[str], compress: bool) -> Path:
    """Write `name.jsonl` (or `name.jsonl.gz`) from serialised lines and remove the other form."""
    target = out_dir / (f"{name}.jsonl.gz" if compress else f"{name}.jsonl")
    payload = "".join(line + "\n" for line in lines).encode("utf-8")
    if compress:
        payload = gzip.compress(payload, mtime=0)
    write_atomic(target, [payload])
    other = out_dir / (f"{name}.jsonl" if compress else f"{name}.jsonl.gz")
    if other.exists():
        other.unlink()
    return target
