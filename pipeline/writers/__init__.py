"""Writers: what a run produces in, files in the output folder out, every one written atomically.

`records.jsonl` (or `.jsonl.gz`) holds one record per live page, `dropped.jsonl` the pages
a keep policy dropped with their reason, `stats.json` the run's counts. Exports of the
records in other formats are `pipeline/exports/`, which reads a finished output folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.writers.atomic import open_atomic, write_atomic, write_json
from pipeline.writers.jsonl import dropped_line, serialise, write_stream

RECORDS = "records"
DROPPED_FILE = "dropped"

def write_records(out_dir: Path, blocks: Iterable[bytes], compress: bool) -> Path:
    """`records.jsonl` (or `.jsonl.gz`) from blocks of whole encoded lines (a line, or a shard's lines)."""
    return write_stream(out_dir, RECORDS, blocks, compress)


@contextmanager
def dropped_writer(out_dir: Path, active: bool) -> Iterator[Callable[[str, str], None] | None]:
    """With a keep policy (`active`), a function taking (reason, serialised record) that adds the page to
    `dropped.jsonl`, written atomically when the block ends, so it can be filled while the records stream
    out; without one, None, and no `dropped.jsonl` is left from an earlier run."""
    target = out_dir / f"{DROPPED_FILE}.jsonl"
    if not active:
        target.unlink(missing_ok=True)
        yield None
        return
    with open_atomic(target) as out:
        yield lambda reason, record_line: out.write((dropped_line(reason, record_line) + "\n").encode("utf-8"))


__all__ = ["DROPPED_FILE", "dropped_writer", "serialise", "write_atomic", "write_json", "write_records"]
