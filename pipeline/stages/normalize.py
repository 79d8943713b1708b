"""Normalize: language segments in, segments in Simplified script with personal data masked out.

Traditional Chinese runs of the zh stream are converted with OpenCC (t2s); only a
segment whose conversion differs is changed, and each change is an `edit`
(kind `script`) with the original text, so the source script stays auditable.
E-mail addresses and phone numbers become `<EMAIL>` and `<PHONE>` (kind `mask`),
punctuation follows the segment's script (kind `punct`) and glued English words
are split (kind `glue`).
The streams and their offsets are rebuilt from the changed segments; a segment's
source offsets keep pointing at its original text.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline import glue, pii, punctuation
from pipeline.model import Document, Edit, Segment
from pipeline.stages import Context
from pipeline.stages.language import build_streams


def _shifted(earlier: list[tuple[int, str, str, str]], changes: list[tuple[int, str, str]],
             kind: str) -> list[tuple[int, str, str, str]]:
    """Earlier edits moved to offsets in the text after `changes`, followed by `changes` themselves."""
    moved = []
    for offset, before, after, earlier_kind in earlier:
        shift = sum(len(new) - len(old) for at, old, new in changes if at < offset)
        moved.append((offset + shift, before, after, earlier_kind))
    return sorted(moved + [(at, old, new, kind) for at, old, new in changes])


def run(doc: Document, ctx: Context) -> Document:
    segments = list(doc.segments or ())
    convert = bool(ctx.config.get("normalize", "traditional_to_simplified"))
    stats = doc.stats.copy()
    zh_total = sum(1 for s in segments if s.lang == "zh")
    mask = bool(ctx.config.get("normalize", "mask_personal_data"))
    fix_punctuation = bool(ctx.config.get("normalize", "punctuation"))
    repair_glue = bool(ctx.config.get("normalize", "glued_words"))
    changed: list[Segment] = []
    converted: dict[int, str] = {}
    traditional = 0  # zh segments written in Traditional characters, converted or not
    masked: dict[int, list[tuple[int, str, str, str]]] = {}
    for position, segment in enumerate(segments):
        text = segment.text
        if segment.lang == "zh":
            simplified = ctx.t2s.convert(text)
            if simplified != text:
                traditional += 1
                if convert:
                    converted[position] = text
                    text = simplified
        if mask:
            text, changes = pii.mask(text)
            masked[position] = [(offset, before, after, "mask") for offset, before, after in changes]
        if fix_punctuation:
            text, changes = punctuation.normalize(text, segment.lang)
            masked[position] = _shifted(masked.get(position, []), changes, "punct")
        if repair_glue and segment.lang == "en":
            text, repairs = glue.repair(text, ctx.protected_words)
            changes = [(r.start, r.before, r.after) for r in repairs]
            masked[position] = _shifted(masked.get(position, []), changes, "glue")
        if text != segment.text:
            segment = replace(segment, text=text)
        changed.append(segment)
    streams, placed = build_streams(changed)
    edits: list[Edit] = []
    for position, segment in enumerate(placed):
        base = segment.start or 0
        if position in converted:
            edits.append(Edit("script", "zh", converted[position], ctx.t2s.convert(converted[position]), base))
        for offset, before, after, kind in masked.get(position, []):
            edits.append(Edit(kind, segment.lang, before, after, base + offset))
    stats["normalize.traditional_converted"] += len(converted)
    for changes in masked.values():
        for change in changes:
            stats[f"normalize.{change[3]}"] += 1
    if zh_total == 0:
        source_script = None
    elif not traditional:
        source_script = "hans"
    elif traditional == zh_total:
        source_script = "hant"
    else:
        source_script = "mixed"
    return doc.evolve(segments=tuple(placed), streams=streams, edits=tuple(edits), zh_script=source_script,
                      stats=stats)
