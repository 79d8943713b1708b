"""Dolma documents: `documents/medclean-0000.json.gz`, one document per language stream of a page, with the
fields Dolma's tools read: `id`, `text`, `source`, `added`, `created`, `metadata`.

`added` is when the records were written (the records file's modification time), `created` the page's
own date where the page states one, else the same; the gzip stream carries no timestamp, so the same
folder exports to the same bytes."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

from pipeline.exports.base import Exporter, ExportOptions, register, stream_text
from pipeline.writers.atomic import open_atomic

FOLDER = "documents"
SOURCE = "medclean"
PER_FILE = 100_000


def documents(record: dict, added: str, options: ExportOptions) -> list[dict]:
    meta = record.get("meta") or {}
    created = meta.get("date") or added
    found = []
    for lang in options.languages:
        text = stream_text(record, lang)
        if text.strip():
            found.append({
                "id": f"{record['id']}#{lang}",
                "text": text,
                "source": SOURCE,
                "added": added,
                "created": created if "T" in created else f"{created}T00:00:00.000Z",
                "metadata": {"page": record["id"], "lang": lang, "url": (record.get("source") or {}).get("url"),
                             "title": meta.get("title"), "mt_score": (record.get("mt") or {}).get("score"),
                             "concepts": sorted({hit["concept"] for hit in record.get("terms") or ()
                                                 if hit["stream"] == lang}),
                             "pipeline": record.get("pipeline")},
            })
    return found


def write(records: list[dict], out: Path, options: ExportOptions) -> list[Path]:
    added = datetime.fromtimestamp(int(options.written_at), UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    docs = [doc for record in records for doc in documents(record, added, options)]
    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, start in enumerate(range(0, max(len(docs), 1), PER_FILE)):
        target = folder / f"{SOURCE}-{number:04d}.json.gz"
        body = "".join(json.dumps(doc, ensure_ascii=False, sort_keys=True) + "\n"
                       for doc in docs[start:start + PER_FILE])
        with open_atomic(target) as handle:
            handle.write(gzip.compress(body.encode("utf-8"), mtime=0))
        written.append(target)
    return written


register(Exporter("dolma", "Dolma documents (gzipped JSON lines), one per language stream", write))
