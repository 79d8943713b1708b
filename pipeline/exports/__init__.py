"""Exports: a cleaned output folder's records in, files other tools read out (`medclean export`).

One module per format, each registering an `Exporter` in `EXPORTERS`: `tmx` (TMX 1.4b translation
units), `moses` (line-aligned `train.en` / `train.zh`), `parquet` (a records table and a pairs table),
`docbin` (spaCy DocBin with term hits as entity spans), `hf` (JSONL with stable column types for
`datasets`), `dolma` (gzipped Dolma documents, one per language stream). Every export also writes the
dataset card `README.md` (`pipeline/exports/card.py`). Records are read, never changed; the same
folder and options give the same bytes.
"""

from __future__ import annotations

from pipeline.exports.base import EXPORTERS, Exporter, ExportOptions, export

__all__ = ["EXPORTERS", "ExportOptions", "Exporter", "export"]
