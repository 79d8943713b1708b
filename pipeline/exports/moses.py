"""Moses parallel text: `train.en` and `train.zh`, one sentence pair per line, line for line."""

from __future__ import annotations

from pathlib import Path

from pipeline.exports.base import Exporter, ExportOptions, pairs_of, register
from pipeline.writers.atomic import open_atomic


def one_line(text: str) -> str:
    return " ".join(text.split())


def write(records: list[dict], out: Path, options: ExportOptions) -> list[Path]:
    pairs = [pair for _, pair in pairs_of(records, options)]
    written = []
    for lang in ("en", "zh"):
        target = out / f"train.{lang}"
        with open_atomic(target) as handle:
            handle.write("".join(one_line(pair[lang]) + "\n" for pair in pairs).encode("utf-8"))
        written.append(target)
    return written


register(Exporter("moses", "Moses parallel text: train.en and train.zh, line-aligned sentence pairs", write))
