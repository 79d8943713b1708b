"""Normalize: language segments in, segments in Simplified script with personal data masked out.

Traditional Chinese runs of the zh stream are converted with OpenCC (t2s); each changed
run is an edit of kind `script` with the original characters, so the source script stays
auditable. E-mail addresses and phone numbers become `<EMAIL>` and `<PHONE>` (kind `mask`),
punctuation follows the segment's script (kind `punct`) and glued English words are split
(kind `glue`). Every rewrite goes through `Segment.edit`, so each edit keeps pointing at
its text in the stream and in the source. Each finder searches a page's segments of one
language at once, joined by a character none of its patterns crosses: a masking or a glued
word is handed to its segment, and a segment is searched on its own only when the page holds
punctuation to change or an earlier finder changed its text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher
from functools import partial
from itertools import accumulate

from pipeline import glue, pii, punctuation
from pipeline.config import NormalizeSettings
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


# joins a page's segments of one language for one search: no finder's pattern matches across it, and each
# reads it as the edge of a text, so what a finder finds in the joined text is what it finds in each of them
SEGMENT_EDGE = "\x00"

Finder = Callable[[str], list[Replacement]]


def finders_for(lang: str, settings: NormalizeSettings, protected: frozenset[str]) -> list[tuple[Finder, bool]]:
    """The finders a segment in `lang` goes through, in order (each reads the text the one before left), each
    with whether it is local: its finds in a text depend only on the text between two segment edges, so a
    segment's are the joined text's finds inside it (punctuation looks past a segment's end: not local)."""
    finders: list[tuple[Finder, bool]] = []
    if settings.mask_personal_data:
        finders.append((pii.find, True))
    if settings.punctuation:
        finders.append((partial(punctuation.find, lang=lang), False))
    if settings.glued_words and lang == "en":
        finders.append((partial(glue.find, protected=protected), True))
    return finders


def _by_text(found: list[Replacement], starts: list[int], texts: list[str]) -> list[list[Replacement] | None]:
    """The replacements of `found` (offsets into the joined text) inside each text, in their order, in offsets
    into that text (None for a text one of them runs out of: that text is searched itself)."""
    per_text: list[list[Replacement] | None] = [[] for _ in texts]
    for item in found:
        index = bisect_right(starts, item.start) - 1
        start, held = starts[index], per_text[index]
        if item.end > start + len(texts[index]):
            per_text[index] = None
        elif held is not None:
            held.append(Replacement(item.start - start, item.end - start, item.after, item.kind))
    return per_text


PageFinds = list[tuple[Finder, list[list[Replacement] | None]]]


def page_finds(texts: list[str], finders: list[tuple[Finder, bool]]) -> PageFinds:
    """Each finder with what it finds in each of `texts` (a page's segments of one language), from one search
    of them joined: the finds themselves for a local finder, else none when the joined text holds none, and
    None (search the text itself) when it holds some."""
    joined = SEGMENT_EDGE.join(texts)
    starts = list(accumulate((len(text) + len(SEGMENT_EDGE) for text in texts), initial=0))
    result: PageFinds = []
    for finder, local in finders:
        found = finder(joined)
        if not found:
            result.append((finder, [[] for _ in texts]))
        elif local:
            result.append((finder, _by_text(found, starts, texts)))
        else:
            result.append((finder, [None] * len(texts)))
    return result


def run(doc: Document, ctx: Context) -> Document:
    settings = ctx.config.normalize
    counts: Counter[str] = Counter()
    segments: list[Segment] = []
    zh_segments = traditional = 0
    held = doc.segments or ()
    texts: dict[str, list[str]] = {}
    for segment in held:
        texts.setdefault(segment.lang, []).append(segment.text)
    finds = {lang: page_finds(of_lang, finders_for(lang, settings, ctx.protected_words))
             for lang, of_lang in texts.items()}
    position = dict.fromkeys(texts, 0)  # the segment's index among the page's segments of its language
    for segment in held:
        written, index = segment.text, position[segment.lang]
        position[segment.lang] += 1
        if segment.lang == "zh":
            zh_segments += 1
            simplified = ctx.t2s.convert(segment.text)  # the text itself when it holds nothing to convert
            if simplified != segment.text:
                traditional += 1
                if settings.traditional_to_simplified:
                    segment = _edited(segment, script_replacements(segment.text, simplified), counts)
                    counts["normalize.traditional_converted"] += 1
        for finder, found in finds[segment.lang]:
            known = found[index] if segment.text == written else None  # an edited text is searched itself
            segment = _edited(segment, finder(segment.text) if known is None else known, counts)
        segments.append(segment)
    written_script = source_script(zh_segments, traditional)
    stream = "hans" if written_script and settings.traditional_to_simplified else written_script
    return doc.with_segments(segments, zh_script=written_script, zh_stream_script=stream, report=counts)


def _edited(segment: Segment, replacements: list[Replacement], counts: Counter[str]) -> Segment:
    """`segment` with `replacements` written in, each one placed counted by its kind."""
    if not replacements:
        return segment
    segment, placed = segment.edit(replacements)
    for replacement, where in zip(replacements, placed, strict=True):
        if where is not None:
            counts[f"normalize.{replacement.kind}"] += 1
    return segment
