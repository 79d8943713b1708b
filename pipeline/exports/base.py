"""The export registry and what every format shares: the records of a cleaned folder, the options, the card."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from importlib import import_module
from pathlib import Path

FORMAT_MODULES = ("tmx", "moses", "parquet", "docbin", "hf", "dolma")


@dataclass(frozen=True)
class ExportOptions:
    min_pair_score: float = 0.0  # pairs scored below this are left out
    languages: tuple[str, ...] = ("en", "zh")  # streams exported (where a format exports streams)
    keep_duplicates: bool = False  # records marked duplicate_of another, and repeated pairs, are kept
    written_at: float = 0.0  # when the records were written (seconds since the epoch): Dolma's `added`


@dataclass(frozen=True)
class Exporter:
    name: str
    description: str
    write: Callable[[list[dict], Path, ExportOptions], list[Path]]  # records, folder, options -> files written
    needs: str | None = None  # the package it needs, named in the error when it is missing


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    EXPORTERS[exporter.name] = exporter
    return exporter


def load_formats() -> dict[str, Exporter]:
    for name in FORMAT_MODULES:
        import_module(f"pipeline.exports.{name}")
    return EXPORTERS


def record_files(folder: Path) -> list[Path]:
    """`records*.jsonl[.gz]` in the folder and its visible sub-folders, in name order."""
    return sorted(path for pattern in ("records*.jsonl", "records*.jsonl.gz") for path in folder.rglob(pattern)
                  if not any(part.startswith(".") for part in path.relative_to(folder).parts))


class RecordsError(ValueError):
    """A records file that cannot be read; the message names the file (and line)."""


def records_in(path: Path) -> Iterator[dict]:
    """The records of one records.jsonl (or .jsonl.gz), or a `RecordsError` naming the file and line."""
    opener = gzip.open if path.suffix == ".gz" else open
    number = 0
    try:
        with opener(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                record = json.loads(line)
                if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                    raise RecordsError(f"{path}:{number}: not a medclean record")
                yield record
    except json.JSONDecodeError as error:
        raise RecordsError(f"{path}:{number}: not JSON ({error.msg})") from None
    except UnicodeDecodeError:
        raise RecordsError(f"{path}:{number + 1}: not UTF-8") from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise RecordsError(f"{path}: not a whole gzip file ({error})") from None


def read_records(folder: Path) -> Iterator[dict]:
    for path in record_files(folder):
        yield from records_in(path)


def selected(records: list[dict], options: ExportOptions) -> list[dict]:
    """The records to export: without the ones marked as a duplicate, unless kept."""
    return [record for record in records if options.keep_duplicates or not record.get("duplicate_of")]


def pairs_of(records: list[dict], options: ExportOptions) -> Iterator[tuple[dict, dict]]:
    """(record, pair) for every pair scored at least `min_pair_score`; a pair seen before (same English and
    Chinese, ignoring spacing) is left out unless duplicates are kept."""
    seen: set[tuple[str, str]] = set()
    for record in records:
        for pair in record.get("pairs") or ():
            if (pair.get("score") or 0.0) < options.min_pair_score:
                continue
            key = (" ".join(pair["en"].split()).casefold(), "".join(pair["zh"].split()))
            if key in seen and not options.keep_duplicates:
                continue
            seen.add(key)
            yield record, pair


def stream_text(record: dict, lang: str) -> str:
    side = record.get(lang) or {}
    return side.get("text", "") if isinstance(side, dict) else str(side)


def terms_in(record: dict, stream: str, start: int, end: int) -> list[dict]:
    return [hit for hit in record.get("terms") or () if hit["stream"] == stream and start <= hit["start"]
            and hit["end"] <= end]


def pair_terms(record: dict, pair: dict, lang: str, records_by_id: dict[str, dict]) -> list[dict]:
    """The term hits inside one side of a pair: the Chinese side of a pair across two pages stands in the
    Chinese page's stream (`zh_page`)."""
    holder = records_by_id.get(pair.get("zh_page"), record) if lang == "zh" else record
    return terms_in(holder, lang, *pair[f"{lang}_span"])


def export(folder: Path, fmt: str, out: Path, options: ExportOptions) -> list[Path]:
    """Write `fmt` and the dataset card into `out`; the files written."""
    from pipeline.exports.card import write_card

    exporter = load_formats()[fmt]
    files = record_files(folder)
    if not files:
        raise FileNotFoundError(f"{folder}: no records*.jsonl[.gz] (run `medclean run` first)")
    options = replace(options, written_at=max(path.stat().st_mtime for path in files))
    records = selected(list(read_records(folder)), options)
    out.mkdir(parents=True, exist_ok=True)
    written = exporter.write(records, out, options)
    return written + [write_card(list(read_records(folder)), records, out, fmt, options)]
