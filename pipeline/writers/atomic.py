"""Atomic files: a target path and its bytes in, the file in place out.

Every file is written to a temporary name beside its target, flushed and renamed
into place, so an interrupted run never leaves a half-written output.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def _creation_mode() -> int:
    """The mode a new file gets under the process umask (mkstemp's own 0600 would survive the rename)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def open_atomic(target: Path, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary file to write `target` through: a temporary beside it, flushed (`durable`: and synced to disk)
    and renamed into place when the block ends, removed (and `target` left as it was) when the block raises.
    Without `durable` the rename still keeps a killed process from leaving a half-written file, but a power
    loss may: for files their reader checks and can make again."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(handle, _creation_mode())
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_atomic(target: Path, chunks: Iterable[bytes], durable: bool = True) -> None:
    with open_atomic(target, durable) as out:
        for chunk in chunks:
            out.write(chunk)


def write_json(target: Path, data: dict[str, object]) -> None:
    write_atomic(target, [(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")])
