"""Sentence pairs: a document's segments, streams and term hits in, its pairs out (`page_pairs`); or the
English stream of one page and the Chinese stream of its counterpart in another language (`pairs_across`).

A page carries a text and its translation when nearly all of it stands in lines of one language
(English lines and Chinese lines, not sentences that switch inside) and the two languages are of
comparable length. Such a page is read as runs of lines of one language; neighbouring runs of the
two languages are paired where their lengths agree. Where the page alternates line by line, each
English line and the Chinese line beside it are a pair as the page gives them; where a run holds a
block (a paragraph and its translation), its sentences are aligned (`pipeline/sentalign.py`). The
evidence that two sides translate each other is the share of the English content words that a
Chinese word of the other side translates (`pipeline/lexicon.py`: CC-CEDICT and the glossary),
raised by anchors both sides write (numbers, Latin names, glossary concepts); a link with less than
MIN_OVERLAP of its English explained is not a pair. So a page of machine-translated fragments or of
unrelated lines in two languages gets no pair, and `pairs` is empty.

Each pair: `{en, zh, score, en_span, zh_span}`, the spans as [start, end) offsets into the streams, the
score 1 - (1 - length probability) * (1 - evidence). Across two pages, every paragraph of the English page
and of the Chinese page is one run, aligned sentence by sentence, and each pair names the Chinese page
(`zh_page`), into whose zh stream its `zh_span` points.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from pipeline import sentalign
from pipeline.lexicon import Lexicon, english_words
from pipeline.model import Document, Segment
from pipeline.scripts import sentence_spans

MIN_MONOLINGUAL_SHARE = 0.9  # of the page's English and Chinese bytes, in lines of one language
LINE_LANGUAGE_SHARE = 0.9  # of a line's bytes, for the line to count as of one language
MAX_LENGTH_RATIO = 2.5  # of the larger language's bytes to the smaller's, over the page
RUN_LOG_RATIO_DEVIATION = 0.35  # of ln(bytes of one run / bytes of its translation)
RUN_PAIR_BONUS = 5.0  # nats: two neighbouring runs are paired when their length probability is above e^-5
MAX_ANCHORS = 3
WORD_NATS = 1.0  # evidence per English content word the other side translates
ANCHOR_NATS = 2.0  # evidence per anchor both sides write (up to MAX_ANCHORS)
RUN_EVIDENCE_NATS = 10.0  # evidence of two runs that translate each other completely
MIN_OVERLAP = 0.1  # share of a pair's English content words its Chinese side must translate
# across two pages, the share the median pair must reach: in blocks of six WMT Medline sentences, 2 in 100
# translations fall below it and 2 in 100 unrelated abstracts on the same subjects reach it
MIN_MEDIAN_OVERLAP_ACROSS = 0.2
LINE_MODE_SHARE = 2 / 3  # of the paired runs holding one line each, for the page to be paired line by line
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]{2,}")


@dataclass(frozen=True)
class Paragraph:
    """One source line of one language: where it stands in its stream."""

    lang: str
    start: int
    end: int


def _paragraphs(segments: tuple[Segment, ...]) -> tuple[list[Paragraph], float]:
    """The page's monolingual lines in order, and the share of its en+zh bytes they hold."""
    extents: dict[int, dict[str, list[int]]] = defaultdict(dict)
    sizes: dict[int, dict[str, int]] = defaultdict(lambda: {"en": 0, "zh": 0})
    for segment in segments:
        if segment.lang not in ("en", "zh") or segment.start is None or segment.end is None:
            continue
        extent = extents[segment.line].setdefault(segment.lang, [segment.start, segment.end])
        extent[0], extent[1] = min(extent[0], segment.start), max(extent[1], segment.end)
        sizes[segment.line][segment.lang] += len(segment.text.encode("utf-8", "surrogatepass"))
    paragraphs, monolingual, total = [], 0, 0
    for line in sorted(sizes):
        size = sizes[line]
        line_total = size["en"] + size["zh"]
        total += line_total
        lang = max(size, key=lambda name: size[name])
        if line_total and size[lang] >= LINE_LANGUAGE_SHARE * line_total:
            monolingual += line_total
            start, end = extents[line][lang]
            paragraphs.append(Paragraph(lang, start, end))
    return paragraphs, (monolingual / total if total else 0.0)


def _runs(paragraphs: list[Paragraph]) -> list[list[Paragraph]]:
    runs: list[list[Paragraph]] = []
    for paragraph in paragraphs:
        if runs and runs[-1][0].lang == paragraph.lang:
            runs[-1].append(paragraph)
        else:
            runs.append([paragraph])
    return runs


def _bytes(streams: dict[str, str], run: list[Paragraph]) -> int:
    return sum(len(streams[p.lang][p.start:p.end].encode("utf-8", "surrogatepass")) for p in run)


def _ratio_probability(one: int, other: int) -> float:
    """How usual the ratio of two blocks' byte lengths is for a text and its translation: over whole
    paragraphs a translation's length differs by a share of the text, not by Gale-Church's square root."""
    if not one or not other:
        return 0.0
    return math.erfc(abs(math.log(other / one)) / RUN_LOG_RATIO_DEVIATION / math.sqrt(2))


def _paired_runs(streams: dict[str, str], runs: list[list[Paragraph]],
                 lexicon: Lexicon) -> list[tuple[list[Paragraph], list[Paragraph]]]:
    """Neighbouring runs of the two languages paired so that the pairs' fit is best over the page: a run
    left unpaired costs nothing; a pair earns RUN_PAIR_BONUS plus its log length probability plus the
    dictionary evidence that the runs translate each other, and needs MIN_OVERLAP of that evidence."""
    count = len(runs)

    def words(run: list[Paragraph]) -> set[str]:
        text = "\n".join(streams[p.lang][p.start:p.end] for p in run)
        return english_words(text, lexicon.stop_words) if run[0].lang == "en" else lexicon.chinese_glosses(text)

    run_words = [words(run) for run in runs]
    best = [0.0] * (count + 2)
    take = [False] * (count + 1)
    for i in range(count - 2, -1, -1):
        best[i] = best[i + 1]
        if runs[i][0].lang != runs[i + 1][0].lang:
            english, glosses = (run_words[i], run_words[i + 1]) if runs[i][0].lang == "en" else \
                (run_words[i + 1], run_words[i])
            overlap = len(english & glosses) / len(english) if english else 0.0
            if overlap < MIN_OVERLAP:
                continue
            probability = _ratio_probability(_bytes(streams, runs[i]), _bytes(streams, runs[i + 1]))
            gain = RUN_PAIR_BONUS + math.log(max(probability, 1e-12)) + RUN_EVIDENCE_NATS * overlap + best[i + 2]
            if gain > best[i]:
                best[i], take[i] = gain, True
    pairs, i = [], 0
    while i < count - 1:
        if take[i]:
            first, second = runs[i], runs[i + 1]
            pairs.append((first, second) if first[0].lang == "en" else (second, first))
            i += 2
        else:
            i += 1
    return pairs


@dataclass(frozen=True)
class Unit:
    """A sentence (or a whole line) of one stream, with the anchors it holds."""

    start: int
    end: int
    anchors: frozenset[str]
    words: frozenset[str]  # English content words, or the English glosses of the Chinese words
    opens_paragraph: bool


def _anchors(text: str, start: int, end: int, concepts: list[tuple[int, int, str]]) -> frozenset[str]:
    found = {"#" + number.replace(",", ".") for number in NUMBER.findall(text)}
    found |= {"@" + name.lower() for name in LATIN_NAME.findall(text)}
    found |= {"c:" + concept for hit_start, hit_end, concept in concepts if start <= hit_start and hit_end <= end}
    return frozenset(found)


def _units(streams: dict[str, str], run: list[Paragraph], split: bool,
           concepts: dict[str, list[tuple[int, int, str]]], lexicon: Lexicon) -> list[Unit]:
    units = []
    for paragraph in run:
        stream = streams[paragraph.lang]
        spans = [(paragraph.start, paragraph.end)]
        if split:
            spans = [(paragraph.start + s, paragraph.start + e) for s, e in
                     sentence_spans(stream[paragraph.start:paragraph.end])]
        for number, (start, end) in enumerate(spans):
            text = stream[start:end]
            words = (english_words(text, lexicon.stop_words) if paragraph.lang == "en"
                     else lexicon.chinese_glosses(text))
            units.append(Unit(start, end, _anchors(text, start, end, concepts[paragraph.lang]), frozenset(words),
                              number == 0))
    return units


def align_run_pair(streams: dict[str, str], english: list[Unit], chinese: list[Unit]) -> list[dict[str, object]]:
    def length(units: list[Unit], lang: str) -> list[int]:
        return [len(streams[lang][unit.start:unit.end].encode("utf-8", "surrogatepass")) for unit in units]

    def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
        words = frozenset().union(*(unit.words for unit in english[a[0]:a[1]]))
        glosses = frozenset().union(*(unit.words for unit in chinese[b[0]:b[1]]))
        return len(words & glosses) / len(words) if words else 0.0

    def shared_anchors(a: tuple[int, int], b: tuple[int, int]) -> int:
        left = frozenset().union(*(unit.anchors for unit in english[a[0]:a[1]]))
        right = frozenset().union(*(unit.anchors for unit in chinese[b[0]:b[1]]))
        return len(left & right)

    def translated_words(a: tuple[int, int], b: tuple[int, int]) -> int:
        words = frozenset().union(*(unit.words for unit in english[a[0]:a[1]]))
        glosses = frozenset().union(*(unit.words for unit in chinese[b[0]:b[1]]))
        return len(words & glosses)

    def evidence(a: tuple[int, int], b: tuple[int, int]) -> float:
        return WORD_NATS * translated_words(a, b) + ANCHOR_NATS * min(shared_anchors(a, b), MAX_ANCHORS)

    def certainty(a: tuple[int, int], b: tuple[int, int]) -> float:
        return 1 - (1 - overlap(a, b)) * 0.5 ** min(shared_anchors(a, b), MAX_ANCHORS)

    pairs = []
    def breaks(units: list[Unit]) -> frozenset[int]:
        return frozenset(index for index, unit in enumerate(units) if unit.opens_paragraph)

    en_lengths, zh_lengths = length(english, "en"), length(chinese, "zh")
    ratio = min(max(sum(zh_lengths) / max(sum(en_lengths), 1), 1 / MAX_LENGTH_RATIO), MAX_LENGTH_RATIO)
    for link in sentalign.align(en_lengths, zh_lengths, evidence, breaks(english), breaks(chinese), ratio):
        if link.a[0] == link.a[1] or link.b[0] == link.b[1] or overlap(link.a, link.b) < MIN_OVERLAP:
            continue  # a sentence without its translation
        en_span = (english[link.a[0]].start, english[link.a[1] - 1].end)
        zh_span = (chinese[link.b[0]].start, chinese[link.b[1] - 1].end)
        pairs.append({
            "en": " ".join(streams["en"][en_span[0]:en_span[1]].split()),
            "zh": "".join(streams["zh"][zh_span[0]:zh_span[1]].split("\n")),
            "score": round(1 - (1 - link.length_probability) * (1 - certainty(link.a, link.b)), 4),
            "en_span": list(en_span),
            "zh_span": list(zh_span),
        })
    return pairs


def page_pairs(doc: Document, lexicon: Lexicon) -> list[dict[str, object]]:
    streams, segments = doc.streams or {}, doc.segments or ()
    if not streams.get("en") or not streams.get("zh"):
        return []  # a page in one language (most pages): nothing to pair, told before its paragraphs
    paragraphs, monolingual = _paragraphs(segments)
    english = sum(p.end - p.start for p in paragraphs if p.lang == "en")
    chinese = sum(p.end - p.start for p in paragraphs if p.lang == "zh")
    if monolingual < MIN_MONOLINGUAL_SHARE or not english or not chinese:
        return []
    en_bytes = _bytes(streams, [p for p in paragraphs if p.lang == "en"])
    zh_bytes = _bytes(streams, [p for p in paragraphs if p.lang == "zh"])
    if max(en_bytes, zh_bytes) > MAX_LENGTH_RATIO * min(en_bytes, zh_bytes):
        return []
    run_pairs = _paired_runs(streams, _runs(paragraphs), lexicon)
    # a page that alternates line by line has aligned itself: its lines are the units to pair
    single = sum(1 for en, zh in run_pairs if len(en) == 1 and len(zh) == 1)
    line_by_line = len(run_pairs) >= 2 and single >= LINE_MODE_SHARE * len(run_pairs)
    concepts: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for hit in doc.terms or ():
        concepts[hit.stream].append((hit.start, hit.end, hit.concept))
    pairs: list[dict[str, object]] = []
    for en_run, zh_run in run_pairs:
        pairs += align_run_pair(streams, _units(streams, en_run, not line_by_line, concepts, lexicon),
                                _units(streams, zh_run, not line_by_line, concepts, lexicon))
    return pairs


def stream_paragraphs(lang: str, text: str) -> list[Paragraph]:
    """Each non-blank line of a stream as a paragraph."""
    paragraphs, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append(Paragraph(lang, start, start + len(line)))
        start += len(line) + 1
    return paragraphs


def pairs_across(english: str, chinese: str, terms: dict[str, list[tuple[int, int, str]]],
                 lexicon: Lexicon) -> list[dict[str, object]]:
    """The sentence pairs of an English stream and the Chinese stream of its counterpart page, when the two
    translate each other as wholes (their lengths and MIN_OVERLAP of dictionary evidence, as two runs of one
    page) and sentence by sentence (the median pair's Chinese translates MIN_MEDIAN_OVERLAP_ACROSS of its
    English); `terms` holds each stream's (start, end, concept) hits."""
    streams = {"en": english, "zh": chinese}
    en_run, zh_run = stream_paragraphs("en", english), stream_paragraphs("zh", chinese)
    if not en_run or not zh_run or not _paired_runs(streams, [en_run, zh_run], lexicon):
        return []
    concepts = defaultdict(list, terms)
    pairs = align_run_pair(streams, _units(streams, en_run, True, concepts, lexicon),
                           _units(streams, zh_run, True, concepts, lexicon))
    overlaps = sorted(_overlap(str(pair["en"]), str(pair["zh"]), lexicon) for pair in pairs)
    if not overlaps or overlaps[len(overlaps) // 2] < MIN_MEDIAN_OVERLAP_ACROSS:
        return []  # two pages on one subject, not a text and its translation
    return pairs


def _overlap(english: str, chinese: str, lexicon: Lexicon) -> float:
    words = english_words(english, lexicon.stop_words)
    return len(words & lexicon.chinese_glosses(chinese)) / len(words) if words else 0.0
