"""A cleaned chunk's shard: its record lines and their MinHash signatures in, two files in the state's shards
folder out (`NAME.jsonl`, and `NAME.minhash` beside it). Written by the process that cleaned the chunk when it
sees this machine's files (a serial run, a local worker), so records do not travel back to the run's process;
by the run's process otherwise (a cluster's worker sends them back)."""

from __future__ import annotations

from pathlib import Path

from pipeline.writers.atomic import write_atomic

SIGNATURES_SUFFIX = ".minhash"


def signatures_file(shard: str) -> str:
    """The file beside a shard that holds its records' MinHash signatures, in the order of its lines."""
    return shard.removesuffix(".jsonl") + SIGNATURES_SUFFIX


def write_shard(path: Path, records: list[str], signatures: list[bytes]) -> None:
    write_atomic(path.parent / signatures_file(path.name), [b"".join(signatures)])
    write_atomic(path, ["".join(line + "\n" for line in records).encode("utf-8")])
