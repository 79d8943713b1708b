"""Normalize: language segments in, segments in Simplified script with personal data masked out.

Traditional Chinese runs of the zh stream are converted with OpenCC (t2s); only a
segment whose conversion differs is changed, and each change is an `edit`
(kind `script`) with the original text, so the source script stays auditable.
E-mail addresses and phone numbers become `<EMAIL>` and `<PHONE>` (kind `mask`).
The streams and their offsets are rebuilt from the changed segments; a segment's
source offsets keep pointing at its original text.
"""

from __future__ import annotations

from pipeline import pii
from pipeline.model import Document, Edit, Segment
from pipeline.stages import Context
from pipeline.stages.language import build_streams


def run(doc: Document, ctx: Context) -> Document:
    segments = list(doc.segments or ())
    convert = bool(ctx.config.get("normalize", "traditional_to_simplified"))
    stats = doc.stats.copy()
    zh_total = sum(1 for s in segments if s.lang == "zh")
    converted_positions: set[int] = set()
    mask = bool(ctx.config.get("normalize", "mask_personal_data"))
    changed: list[Segment] = []
    converted: dict[int, str] = {}
    masked: dict[int, list[tuple[int, str, str]]] = {}
    for position, segment in enumerate(segments):
        text = segment.text
        if convert and segment.lang == "zh":
            simplified = ctx.t2s.convert(text)
            if simplified != text:
                converted[position] = text
                text = simplified
        if mask:
            text, changes = pii.mask(text)
            if changes:
                masked[position] = changes
        if text != segment.text:
            segment = Segment(segment.lang, text, segment.src_start, segment.src_end, segment.line)
        changed.append(segment)
    streams, placed = build_streams(changed)
    edits: list[Edit] = []
    for position, segment in enumerate(placed):
        base = segment.start or 0
        if position in converted:
            edits.append(Edit("script", "zh", converted[position], ctx.t2s.convert(converted[position]), base))
        for offset, before, after in masked.get(position, []):
            edits.append(Edit("mask", segment.lang, before, after, base + offset))
    converted_positions = set(converted)
    stats["normalize.traditional_converted"] += len(converted)
    stats["normalize.masked"] += sum(len(changes) for changes in masked.values())
    if zh_total == 0 or not convert:
        source_script = None
    elif not converted_positions:
        source_script = "hans"
    elif len(converted_positions) == zh_total:
        source_script = "hant"
    else:
        source_script = "mixed"
    return doc.evolve(segments=tuple(placed), streams=streams, edits=tuple(edits), zh_script=source_script,
                      stats=stats)
