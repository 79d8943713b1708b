"""Normalize: language segments in, segments in Simplified script with personal data masked out.

Traditional Chinese runs of the zh stream are converted with OpenCC (t2s); each changed
run is an edit of kind `script` with the original characters, so the source script stays
auditable. E-mail addresses and phone numbers become `<EMAIL>` and `<PHONE>` (kind `mask`),
punctuation follows the segment's script (kind `punct`) and glued English words are split
(kind `glue`). Every rewrite goes through `Segment.edit`, so each edit keeps pointing at
its text in the stream and in the source.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher

from pipeline import glue, pii, punctuation
from pipeline.edits import Replacement
from pipeline.model import Document, Segment
from pipeline.stages import Context


def script_replacements(text: str, converted: str) -> list[Replacement]:
    """The runs where `converted` (OpenCC's output for `text`) differs from `text`, as replacements."""
    if len(text) == len(converted):
        runs: list[Replacement] = []
        for index, (old, new) in enumerate(zip(text, converted, strict=True)):
            if old == new:
                continue
            if runs and runs[-1].end == index:
                last = runs[-1]
                runs[-1] = Replacement(last.start, index + 1, last.after + new, "script")
            else:
                runs.append(Replacement(index, index + 1, new, "script"))
        return runs
    matcher = SequenceMatcher(None, text, converted, autojunk=False)
    return [Replacement(i1, i2, converted[j1:j2], "script")
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def source_script(zh_segments: int, traditional: int) -> str | None:
    if zh_segments == 0:
        return None
    if not traditional:
        return "hans"
    return "hant" if traditional == zh_segments else "mixed"


def run(doc: Document, ctx: Context) -> Document:
    settings = ctx.config.normalize
    counts: Counter[str] = Counter()
    segments: list[Segment] = []
    zh_segments = traditional = 0
    for segment in doc.segments or ():
        finders: list[Callable[[str], list[Replacement]]] = []
        if segment.lang == "zh":
            zh_segments += 1
            simplified = ctx.t2s.convert(segment.text)
            if simplified != segment.text:
                traditional += 1
                if settings.traditional_to_simplified:
                    finders.append(lambda text, simplified=simplified: script_replacements(text, simplified))
                    counts["normalize.traditional_converted"] += 1
        if settings.mask_personal_data:
            finders.append(pii.find)
        if settings.punctuation:
            finders.append(lambda text, lang=segment.lang: punctuation.find(text, lang))
        if settings.glued_words and segment.lang == "en":
            finders.append(lambda text: glue.find(text, ctx.protected_words))
        for finder in finders:
            replacements = finder(segment.text)
            if not replacements:
                continue
            segment, placed = segment.edit(replacements)
            for replacement, where in zip(replacements, placed, strict=True):
                if where is not None:
                    counts[f"normalize.{replacement.kind}"] += 1
        segments.append(segment)
    written = source_script(zh_segments, traditional)
    stream = "hans" if written and settings.traditional_to_simplified else written
    return doc.with_segments(segments, zh_script=written, zh_stream_script=stream, report=counts)
