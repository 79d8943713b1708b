"""Sentence pairs: a document's segments, streams and term hits in, `pairs` out (`pipeline/pairing.py`: a page
whose text stands in English and Chinese lines that translate each other gets its pairs, any other page none)."""

from __future__ import annotations

from pipeline.model import Document
from pipeline.pairing import page_pairs
from pipeline.stages import Context


def run(doc: Document, ctx: Context) -> Document:
    pairs = page_pairs(doc, ctx.lexicon)
    report = {"pairs.pairs": len(pairs), "pairs.pages": 1} if pairs else {}
    return doc.evolve(pairs=tuple(pairs), report=report)
