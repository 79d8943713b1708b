"""Terms: segments plus the glossary in, segments with each stream's own terms and the term hits out.

First the alignment policy (`pipeline/align.py`): a term written in the other
script is restored in the stream's language, a known mistranslation is corrected
when the page is in the glossary's domain (two or more concepts on the page that
mark it, `data/domain.tsv`: a drug or treatment of addiction medicine, not a
general medical term); each becomes a hit with action `restored` or `corrected`. Then tagging:
English forms (canonical, aliases, abbreviation, plurals) match on lower-cased
spaCy tokens in the en stream, and by pattern in the zh stream where English sits
inside Chinese; Chinese forms (canonical, Traditional, aliases) match in the zh
stream, longest first (`pipeline/matching.py`). Every match is tagged with its
concept and left as written; a concept nested at the start of a longer match
(`methadone` in `methadone maintenance`) is tagged too, one inside it further on
(`depression` in `respiratory depression`) is not. Each hit records its surface and offsets
into its stream.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

from pipeline.align import align
from pipeline.datafiles import data_path
from pipeline.glossary import Concept
from pipeline.model import Document, TermHit
from pipeline.stages import Context


def nested_at_start_only(hits: list[tuple[int, int, Concept]]) -> list[tuple[int, int, Concept]]:
    """Drop a hit that lies inside a longer one starting before it ("depression" in "respiratory
    depression", 性病 in 慢性病); a hit sharing the longer one's start stays ("methadone" in
    "methadone maintenance")."""
    kept = []
    reach = -1  # the furthest end of the hits that start before the current position
    current_start, current_reach = -1, -1
    for start, end, concept in sorted(hits, key=lambda hit: (hit[0], -(hit[1] - hit[0]))):
        if start != current_start:
            reach = max(reach, current_reach)
            current_start = start
        if end > reach:
            kept.append((start, end, concept))
        current_reach = max(current_reach, end)
    return kept


MIN_DOMAIN_CONCEPTS = 2


@cache
def domain_markers() -> frozenset[tuple[str, str]]:
    """(glossary file name, category) of the concepts that mark a page as one of the domain (data/domain.tsv)."""
    found = set()
    for line in data_path("domain.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, categories = line.split("\t")
            found |= {(name.strip(), category.strip()) for category in categories.split("|")}
    return frozenset(found)


def marks_domain(concept: Concept) -> bool:
    return (Path(concept.origin.rsplit(":", 1)[0]).name, concept.category or "") in domain_markers()


def in_domain(streams: dict[str, str], ctx: Context) -> bool:
    """Whether the page is one of the domain: MIN_DOMAIN_CONCEPTS concepts on it that mark the domain (a drug, a
    treatment, a disorder of addiction medicine; `data/domain.tsv`), general medical terms and symptoms aside."""
    marking = [concept for concept in ctx.matchers.concepts_in(streams).values() if marks_domain(concept)]
    return len(marking) >= MIN_DOMAIN_CONCEPTS


def run(doc: Document, ctx: Context) -> Document:
    matchers = ctx.matchers
    settings = ctx.config.terms
    counts: Counter[str] = Counter()
    streams = doc.streams or {}
    zh = streams.get("zh", "")
    # the domain test reads the whole page: only worth it when the page holds a mistranslation to correct
    correct = settings.correct and any(form in zh for form in matchers.mistranslations) and in_domain(streams, ctx)
    segments, alignments = align(list(doc.segments or ()), matchers.chinese, matchers.restorable_english,
                                 matchers.mistranslations, correct, settings.restore)
    aligned = doc.with_segments(segments)
    placed, streams = aligned.segments or (), aligned.streams or {}
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
        counts[f"terms.{alignment.action}"] += 1
    # English forms are also looked for in the zh stream: an English term inside a Chinese sentence
    passes = (("en", "en", matchers.english), ("zh", "zh", matchers.chinese),
              ("zh", "en", matchers.english_in_chinese))
    for stream, lang, matcher in passes:
        text = streams.get(stream, "")
        if matcher is None or not text:
            continue
        for start, end, concept in nested_at_start_only(matcher.find(text)):
            if (stream, start, end) in written:
                continue
            hits.append(TermHit(concept.id, concept.en, concept.zh, text[start:end], lang, stream, "tagged",
                                start, end))
            counts["terms.tagged"] += 1
    hits.sort(key=lambda hit: (hit.stream != "en", hit.start, -hit.end))
    return aligned.evolve(terms=tuple(hits), report=counts)
