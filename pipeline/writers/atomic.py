"""Atomic files: a target path and its bytes in, the file in place out.

Every file is written to a temporary name beside its target, flushed and renamed
into place, so an interrupted run never leaves a half-written output.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


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


def write_json(target: Path, data: dict[str, object]) -> None:
    write_atomic(target, [(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")])
