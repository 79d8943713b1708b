"""The record contract: a finished `Document` in, the record (a JSON-ready dict) out.

Key order is fixed here so that the same document always serialises to the same
bytes. Values a stage has not computed are `None` (JSON null), never a default.
"""

from __future__ import annotations

from pipeline import SCHEMA_VERSION
from pipeline.model import Document
from pipeline.paths import escape


def to_record(doc: Document, version: str, glossary_fingerprint: str, config_fingerprint: str) -> dict[str, object]:
    page = doc.page
    streams = doc.streams or {}
    meta = doc.meta or {}
    return {
        "schema_version": SCHEMA_VERSION,
        "id": escape(page.identity),
        "source": {"path": escape(page.path), "item": page.item, "sha256": page.sha256, "format": page.format,
                   "encoding": page.encoding, "declared_encoding": page.declared_encoding,
                   "undecodable": page.undecodable, "url": page.url, "site": page.site},
        "meta": {key: meta.get(key) for key in ("title", "date", "authors", "doi", "citation")},
        "lang": doc.lang,
        "mt": doc.mt or {"score": None, "signals": None},
        "en": {"text": streams.get("en", "")},
        "zh": {"text": streams.get("zh", ""), "script": doc.zh_stream_script,
               "source_script": doc.zh_script},
        "other": {"text": streams.get("other", "")},
        "segments": None if doc.segments is None else [
            {"lang": s.lang, "start": s.start, "end": s.end, "src_start": s.src_start, "src_end": s.src_end}
            for s in doc.segments
        ],
        "terms": None if doc.terms is None else [
            {"concept": t.concept, "en": t.en, "zh": t.zh, "surface": t.surface, "lang": t.lang, "stream": t.stream,
             "action": t.action, "start": t.start, "end": t.end}
            for t in doc.terms
        ],
        "edits": None if doc.edits is None else [
            {"kind": e.kind, "stream": e.stream, "before": e.before, "after": e.after, "start": e.start,
             "src_start": e.src_start}
            for e in doc.edits
        ],
        "removed": [{"text": r.text, "reason": r.reason, "src_start": r.src_start} for r in doc.removed],
        "pairs": None if doc.pairs is None else list(doc.pairs),
        "duplicate_of": None,  # set when the records are written, where pages are compared (pipeline/duplicates.py)
        "pipeline": {"version": version, "glossary": glossary_fingerprint, "config": config_fingerprint},
    }
