"""Parquet (pyarrow): `records.parquet`, one row per page, and `pairs.parquet`, one row per sentence pair."""

from __future__ import annotations

from pathlib import Path

from pipeline.exports.base import Exporter, ExportOptions, pairs_of, register, stream_text
from pipeline.writers.atomic import open_atomic


def tables(records: list[dict], options: ExportOptions):
    import pyarrow as pa

    pages = pa.table({
        "id": pa.array([r["id"] for r in records], pa.string()),
        "url": pa.array([(r.get("source") or {}).get("url") for r in records], pa.string()),
        "title": pa.array([(r.get("meta") or {}).get("title") for r in records], pa.string()),
        "date": pa.array([(r.get("meta") or {}).get("date") for r in records], pa.string()),
        "doc_lang": pa.array([(r.get("lang") or {}).get("doc") for r in records], pa.string()),
        "mt_score": pa.array([(r.get("mt") or {}).get("score") for r in records], pa.float64()),
        **{f"text_{lang}": pa.array([stream_text(r, lang) for r in records], pa.string())
           for lang in options.languages},
        "concepts": pa.array([sorted({hit["concept"] for hit in r.get("terms") or ()}) for r in records],
                             pa.list_(pa.string())),
        "pairs": pa.array([len(r.get("pairs") or ()) for r in records], pa.int32()),
        "duplicate_of": pa.array([r.get("duplicate_of") for r in records], pa.string()),
    })
    chosen = list(pairs_of(records, options))
    pairs = pa.table({
        "page": pa.array([record["id"] for record, _ in chosen], pa.string()),
        "en": pa.array([pair["en"] for _, pair in chosen], pa.string()),
        "zh": pa.array([pair["zh"] for _, pair in chosen], pa.string()),
        "score": pa.array([pair["score"] for _, pair in chosen], pa.float64()),
        "en_start": pa.array([pair["en_span"][0] for _, pair in chosen], pa.int64()),
        "en_end": pa.array([pair["en_span"][1] for _, pair in chosen], pa.int64()),
        "zh_start": pa.array([pair["zh_span"][0] for _, pair in chosen], pa.int64()),
        "zh_end": pa.array([pair["zh_span"][1] for _, pair in chosen], pa.int64()),
        "zh_page": pa.array([pair.get("zh_page") for _, pair in chosen], pa.string()),
    })
    return pages, pairs


def write(records: list[dict], out: Path, options: ExportOptions) -> list[Path]:
    import pyarrow.parquet as pq

    written = []
    for name, table in zip(("records", "pairs"), tables(records, options), strict=True):
        target = out / f"{name}.parquet"
        with open_atomic(target) as handle:
            pq.write_table(table, handle, compression="zstd")
        written.append(target)
    return written


register(Exporter("parquet", "Parquet tables: records.parquet (one row per page) and pairs.parquet", write,
                  needs="pyarrow"))
