"""Terms: segments plus the glossary in, segments with each stream's own terms and the term hits out.

First the alignment policy (`pipeline/align.py`): a term written in the other
script is restored in the stream's language, a known mistranslation is corrected
when the page is in the glossary's domain (two or more of its concepts on the
page); each becomes a hit with action `restored` or `corrected`. Then tagging:
English forms (canonical, aliases, abbreviation, plurals) match on lower-cased
spaCy tokens in the en stream, and by pattern in the zh stream where English sits
inside Chinese; Chinese forms (canonical, Traditional, aliases) match in the zh
stream, longest first (`pipeline/matching.py`). Every match is tagged with its
concept and left as written; a concept nested in a longer match (`methadone` inside
`methadone maintenance`) is tagged too. Each hit records its surface and offsets
into its stream.
"""

from __future__ import annotations

from pipeline.align import align
from pipeline.model import Document, TermHit
from pipeline.stages import Context
from pipeline.stages.language import build_streams


def run(doc: Document, ctx: Context) -> Document:
    matchers = ctx.matchers
    stats = doc.stats.copy()
    in_domain = len(matchers.concepts_in(doc.streams or {})) >= 2
    segments, alignments = align(list(doc.segments or ()), matchers.chinese_forms, matchers.restorable_english,
                                 matchers.mistranslations, in_domain)
    streams, placed = build_streams(segments)
    hits: list[TermHit] = []
    written: set[tuple[str, int, int]] = set()
    for alignment in alignments:
        segment = placed[alignment.segment]
        start = (segment.start or 0) + alignment.offset
        end = start + len(alignment.term)
        concept = alignment.concept
        hits.append(TermHit(concept.id, concept.en, concept.zh, alignment.surface, alignment.lang, segment.lang,
                            alignment.action, start, end))
        written.add((segment.lang, start, end))
        stats[f"terms.{alignment.action}"] += 1
    # English forms are also looked for in the zh stream: an English term inside a Chinese sentence
    passes = (("en", "en", matchers.english), ("zh", "zh", matchers.chinese),
              ("zh", "en", matchers.english_in_chinese))
    for stream, lang, matcher in passes:
        text = streams.get(stream, "")
        if matcher is None or not text:
            continue
        for start, end, concept in matcher.find(text):
            if (stream, start, end) in written:
                continue
            hits.append(TermHit(concept.id, concept.en, concept.zh, text[start:end], lang, stream, "tagged",
                                start, end))
            stats["terms.tagged"] += 1
    hits.sort(key=lambda hit: (hit.stream != "en", hit.start, -hit.end))
    return doc.evolve(segments=tuple(placed), streams=streams, terms=tuple(hits), stats=stats)
