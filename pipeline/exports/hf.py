"""Hugging Face JSONL: one row per record with the same columns and types on every row, so that
`datasets.load_dataset("json", data_files=...)` infers one schema."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.exports.base import Exporter, ExportOptions, register, stream_text
from pipeline.writers.atomic import open_atomic

FILE = "data.jsonl"


def row(record: dict, options: ExportOptions) -> dict:
    meta = record.get("meta") or {}
    return {
        "id": record["id"],
        "url": (record.get("source") or {}).get("url") or "",
        "title": meta.get("title") or "",
        "date": meta.get("date") or "",
        "doc_lang": (record.get("lang") or {}).get("doc") or "",
        "mt_score": float((record.get("mt") or {}).get("score") or 0.0),
        "text_en": stream_text(record, "en") if "en" in options.languages else "",
        "text_zh": stream_text(record, "zh") if "zh" in options.languages else "",
        "pairs": [{"en": pair["en"], "zh": pair["zh"], "score": float(pair["score"])}
                  for pair in record.get("pairs") or () if pair["score"] >= options.min_pair_score],
        "concepts": sorted({hit["concept"] for hit in record.get("terms") or ()}),
        "duplicate_of": record.get("duplicate_of") or "",
    }


def write(records: list[dict], out: Path, options: ExportOptions) -> list[Path]:
    target = out / FILE
    with open_atomic(target) as handle:
        for record in records:
            handle.write((json.dumps(row(record, options), ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    return [target]


register(Exporter("hf", "JSONL for Hugging Face datasets: one row per page, stable column types", write))
