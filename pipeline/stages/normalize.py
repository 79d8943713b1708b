"""Normalize: language segments in, segments with their zh runs in Simplified script out.

Traditional Chinese runs of the zh stream are converted with OpenCC (t2s); only a
segment whose conversion differs is changed, and each change is an `edit`
(kind `script`) with the original text, so the source script stays auditable.
The streams and their offsets are rebuilt from the changed segments.
"""

from __future__ import annotations

from pipeline.model import Document, Edit, Segment
from pipeline.stages import Context
from pipeline.stages.language import build_streams


def run(doc: Document, ctx: Context) -> Document:
    segments = list(doc.segments or ())
    convert = bool(ctx.config.get("normalize", "traditional_to_simplified"))
    stats = doc.stats.copy()
    zh_total = sum(1 for s in segments if s.lang == "zh")
    converted_positions: set[int] = set()
    changed: list[Segment] = []
    for position, segment in enumerate(segments):
        if convert and segment.lang == "zh":
            simplified = ctx.t2s.convert(segment.text)
            if simplified != segment.text:
                segment = Segment(segment.lang, simplified, segment.src_start, segment.src_end, segment.line)
                converted_positions.add(position)
        changed.append(segment)
    streams, placed = build_streams(changed)
    edits = [Edit("script", "zh", segments[i].text, placed[i].text, placed[i].start or 0)
             for i in sorted(converted_positions)]
    stats["normalize.traditional_converted"] += len(edits)
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
