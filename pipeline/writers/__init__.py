"""Writers: what a run produces in, files in the output folder out, every one written atomically.

`records.jsonl` (or `.jsonl.gz`) holds one record per live page, `dropped.jsonl` the pages
a keep policy dropped with their reason, `stats.json` the run's counts. Exports of the
records in other formats join the registry `FORMATS` as they are built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.writers.atomic import write_atomic, write_json
from pipeline.writers.jsonl import serialise, write_lines, write_stream

RECORDS = "records"
DROPPED_FILE = "dropped"

# format name -> writer of serialised records into an output folder
FORMATS: dict[str, Callable[[Path, Iterable[str], bool], Path]] = {
    "jsonl": lambda out_dir, lines, compress: write_lines(out_dir, RECORDS, lines, compress),
}


def write_records(out_dir: Path, lines: Iterable[str], compress: bool, fmt: str = "jsonl") -> Path:
    return FORMATS[fmt](out_dir, lines, compress)


def write_dropped(out_dir: Path, lines: Iterable[str] | None) -> None:
    """`dropped.jsonl` with `lines`, or no such file when no keep policy is set (`lines` None)."""
    if lines is not None:
        write_lines(out_dir, DROPPED_FILE, lines, compress=False)
    elif (out_dir / f"{DROPPED_FILE}.jsonl").exists():
        (out_dir / f"{DROPPED_FILE}.jsonl").unlink()


__all__ = ["FORMATS", "serialise", "write_atomic", "write_dropped", "write_json", "write_records", "write_stream"]
