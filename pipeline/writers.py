"""Writers: serialised records and run counts in, files in the output folder out.

Every file is written to a temporary name beside its target and renamed into
place, so an interrupted run never leaves a half-written output. Gzip output
carries no timestamp or name, so the bytes depend on the content alone.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

RECORD_FILES = ("records.jsonl", "records.jsonl.gz")


def serialise(record: dict[str, object]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _creation_mode() -> int:
    """The mode a new file gets under the process umask (mkstemp's own 0600 would survive the rename)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(target: Path, chunks: Iterable[bytes]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(handle, _creation_mode())
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_records(out_dir: Path, lines: list[str], compress: bool) -> Path:
    """Write `records.jsonl` (or `.jsonl.gz`) and remove the other form so only one is live."""
    name = "records.jsonl.gz" if compress else "records.jsonl"
    target = out_dir / name
    payload = "".join(line + "\n" for line in lines).encode("utf-8")
    if compress:
        payload = gzip.compress(payload, mtime=0)
    write_atomic(target, [payload])
    for other in RECORD_FILES:
        if other != name and (out_dir / other).exists():
            (out_dir / other).unlink()
    return target


def write_json(target: Path, data: dict[str, object]) -> None:
    write_atomic(target, [(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")])
