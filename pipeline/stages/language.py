"""Language: kept lines in, language segments, the page's language shares and label out.

Each kept line is cut into sentences, each sentence into Han and Latin script runs.
A sentence is English-based when it has more English words than Han characters,
else Chinese-based. In a Chinese-based sentence a Latin run becomes its own `en`
segment only when it reads as a clause (enough ordinary words, not a parenthetical
gloss, not a string of capitalised names): acronyms, units, gene, drug and brand
names stay with their sentence. In an English-based sentence every Han run is a
`zh` segment. Kana or Hangul outside quotes and brackets make a sentence `other`;
Latin-script text that langdetect (seeded, restricted profiles) calls another
language is `other` too. Segments without a letter or Han character (list numbers,
dates, arrows) join the stream of their neighbours.

A page's Latin-script text is identified as a whole; then a paragraph of prose that
reads unlike the page (few English function words on an English page, many on a page in
another language) is identified on its own and moves when langdetect is confident, so a
German paragraph on an English page is `other` and an English quote on a German page `en`.

Segments partition each sentence, so every letter and Han character of the kept
lines lands in exactly one segment. The machine-translation score is the `mt`
stage's, after normalisation and terms.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from pipeline.english import COMMON_WORD_ZIPF, count_most_frequent, is_most_frequent, zipf
from pipeline.model import Document, Segment
from pipeline.scripts import (
    ALPHABETIC_LETTER,
    CJK_BLOCK,
    CJK_PUNCTUATION,
    CJK_PUNCTUATION_NOT_OPENING,
    HAN,
    HAN_RANGES,
    HANGUL,
    HANGUL_RANGES,
    KANA,
    KANA_RANGES,
    LATIN_RUN,
    PARENTHETICAL,
    han_count,
    sentence_spans,
    word_count,
)
from pipeline.stages import Context

LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
NATURAL_WORD = re.compile(r"(?<![A-Za-z0-9-])[A-Za-z][a-z]+(?![A-Za-z0-9-])")
# a letter of any alphabet, or any character of the kana and Hangul blocks (・ too, which is no letter)
LETTER_NOT_HAN = re.compile(f"[^\\W\\d_{HAN_RANGES}]|[{KANA_RANGES}{HANGUL_RANGES}]")
WORDY = re.compile(f"{ALPHABETIC_LETTER}|[{HAN_RANGES}]")  # what makes a text's amount() more than 0
# a Chinese run inside an English sentence, with the numbers written inside it (在2016年, 7000平米, 9 月 14 日)
# and the ASCII punctuation between its clauses (成瘾治疗,它可能是…,然后是): that belongs to the Chinese; an opening
# bracket or quote at its end belongs to what follows (美沙酮（Dolophine…）is)
HAN_RUN = re.compile(f"(?:[0-9][0-9.,%]*\\s?)?[{HAN_RANGES}]"
                     f"(?:[{HAN_RANGES}{CJK_PUNCTUATION}\\s0-9.,;:!?%]*[{HAN_RANGES}{CJK_PUNCTUATION_NOT_OPENING}])?")
MIXED_MIN_SHARE = 0.10
LONG_CLAUSE_WORDS = 5  # this many ordinary words read as English even without a function word
PARAGRAPH_MIN_WORDS = 12  # a line is identified on its own only when it has this many words
FOREIGN_BELOW = 0.12  # on an English page, a paragraph with fewer function words than this is checked
ENGLISH_ABOVE = 0.25  # on a page in another language, a paragraph with more than this is checked
# Latin text with this share of English function words over this many words is English without asking
# langdetect: pages in other Latin languages stay under 0.12 on the suites, English pages mostly over 0.3
CLEARLY_ENGLISH_SHARE = 0.25
CLEARLY_ENGLISH_WORDS = 30
SAMPLE_CHARS = 1500  # as much as langdetect reads of a page
PARAGRAPH_CONFIDENCE = 0.95
TABLE_ROW = re.compile(r"\|.*\||\t")  # cells of a table row are names and labels, not prose
PROSE_LETTER_SHARE = 0.8  # letters and spaces in a line of prose (code and tables have fewer)


def _natural_words(text: str) -> list[str]:
    return NATURAL_WORD.findall(text)


def _is_function_word(word: str) -> bool:
    """The most frequent English words (the, of, and, our, in…) are its function words."""
    return is_most_frequent(word)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(open_ < start and end < close for open_, close in spans)


def _is_clause(sentence: str, start: int, end: int, min_words: int, glosses: list[tuple[int, int]]) -> bool:
    """A Latin run that reads as an English clause: ordinary words, a function word (or many words),
    not a parenthetical gloss and not a string of capitalised names."""
    words = _natural_words(sentence[start:end])
    if len(words) < min_words or _inside(glosses, start, end):
        return False
    content = [word for word in words if not _is_function_word(word)]
    if content and all(word[0].isupper() for word in content):
        return False  # a name such as "Union for International Cancer Control"
    if len(words) >= LONG_CLAUSE_WORDS or any(_is_function_word(word) for word in words):
        return True
    # "Quitting heroin可能是…": common English words opening the sentence with a capital
    opens_sentence = not sentence[:start].strip() and sentence[start].isupper()
    return opens_sentence and sum(zipf(word.lower()) >= COMMON_WORD_ZIPF for word in words) >= min_words


def _latin_runs(sentence: str) -> list[tuple[int, int]]:
    runs = []
    for match in LATIN_RUN.finditer(sentence):
        start, end = match.span()
        while end > start and sentence[end - 1] in " \t)）\"'’(":
            end -= 1
        if end > start:
            runs.append((start, end))
    return runs


QUOTED = re.compile(r"《[^《》]*》|“[^“”]*”|「[^「」]*」|『[^『』]*』|\"[^\"]*\"")


def _reads_as_japanese_or_korean(sentence: str) -> bool:
    """Kana or Hangul outside quotes and brackets (Japanese always writes kana particles, Korean is
    Hangul): a Chinese sentence quoting a Korean name or song title (“김종국”, 《나 어릴적 꿈》) stays
    Chinese. A sentence that is only a quote or an aside is judged by what it holds."""
    rest = PARENTHETICAL.sub(" ", QUOTED.sub(" ", sentence))
    if not HAN.search(rest) and not KANA.search(rest) and not HANGUL.search(rest):
        rest = sentence
    return bool(KANA.search(rest) or HANGUL.search(rest))


def sentence_segments(sentence: str, min_words: int) -> list[tuple[str, int, int]]:
    """(lang, start, end) pieces that partition `sentence`."""
    if (KANA.search(sentence) or HANGUL.search(sentence)) and _reads_as_japanese_or_korean(sentence):
        return [("other", 0, len(sentence))]
    if not HAN.search(sentence):
        return [("en", 0, len(sentence))]
    english_based = word_count(sentence) > han_count(sentence)
    glosses = [match.span() for match in PARENTHETICAL.finditer(sentence)]
    pieces: list[tuple[str, int, int]] = []
    position = 0
    if english_based:
        # Chinese runs (with the punctuation inside them) are the pieces; digits and symbols stay English
        base, other, runs = "en", "zh", [m.span() for m in HAN_RUN.finditer(sentence)]
    else:
        base, other = "zh", "en"
        runs = [(start, end) for start, end in _latin_runs(sentence)
                if _is_clause(sentence, start, end, min_words, glosses)]
    for start, end in runs:
        if start > position:
            pieces.append((base, position, start))
        pieces.append((other, start, end))
        position = end
    if position < len(sentence):
        pieces.append((base, position, len(sentence)))
    merged: list[tuple[str, int, int]] = []
    for lang, start, end in pieces:
        if merged and (merged[-1][0] == lang or not sentence[start:end].strip()):
            merged[-1] = (merged[-1][0], merged[-1][1], end)
        elif merged and lang == "zh" and not HAN.search(sentence[start:end]):
            # punctuation or digits between English runs: no Chinese of their own
            merged[-1] = (merged[-1][0], merged[-1][1], end)
        else:
            merged.append((lang, start, end))
    return merged


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def line_segments(text: str, base: int, line_index: int, min_words: int, first_sentence: int = 0) -> list[Segment]:
    segments = []
    # sentence_segments' plain cases, told for the whole line: no CJK, every sentence English; no letter but
    # Han, every sentence Chinese (or English when it holds no Han either: a list number, a date)
    latin_only = CJK_BLOCK.search(text) is None
    han_only = not latin_only and LETTER_NOT_HAN.search(text) is None
    for number, (sent_start, sent_end) in enumerate(sentence_spans(text), first_sentence):
        sentence = text[sent_start:sent_end]
        if latin_only or han_only:  # sentence spans are stripped already
            lang = "zh" if han_only and HAN.search(sentence) else "en"
            segments.append(Segment(lang, sentence, base + sent_start, base + sent_end, line_index, sentence=number))
            continue
        for lang, start, end in sentence_segments(sentence, min_words):
            start, end = _trimmed(sentence, start, end)
            if start == end:
                continue
            absolute = sent_start + start
            segments.append(Segment(lang, sentence[start:end], base + absolute, base + sent_start + end, line_index,
                                    sentence=number))
    return segments


def amount(text: str) -> int:
    """Content size: English (or other alphabetic) words plus Han characters, each about a word's worth."""
    return word_count(text) + han_count(text)


def shares(segments: list[Segment]) -> dict[str, object]:
    # counted in each language's segments joined by a space, which no word or Han run crosses: one count each
    totals = {lang: amount(" ".join(segment.text for segment in segments if segment.lang == lang))
              for lang in ("en", "zh", "other")}
    whole = sum(totals.values())
    if whole == 0:
        return {"doc": "empty", "en": None, "zh": None, "other": None}
    ratio = {lang: round(count / whole, 4) for lang, count in totals.items()}
    if totals["other"] > whole / 2:
        label = "other"
    elif min(totals["en"], totals["zh"]) >= MIXED_MIN_SHARE * whole:
        label = "mixed"
    else:
        label = "en" if totals["en"] >= totals["zh"] else "zh"
    return {"doc": label, **ratio}


def _share_of_function_words(words: list[str]) -> float:
    return count_most_frequent(words) / len(words) if words else 0.0


def _is_prose(text: str) -> bool:
    """Running text, not a table row or code (the caller has counted its words)."""
    if TABLE_ROW.search(text):
        return False
    letters = sum(map(str.isalpha, text)) + sum(map(str.isspace, text))
    return letters >= PROSE_LETTER_SHARE * len(text)


def page_language(latin: str, ctx: Context) -> str:
    """The language of a page's Latin-script text: English when it is plainly full of English function words,
    else what langdetect says."""
    words = LATIN_WORD.findall(latin[:SAMPLE_CHARS])
    if len(words) >= CLEARLY_ENGLISH_WORDS and _share_of_function_words(words) >= CLEARLY_ENGLISH_SHARE:
        return "en"
    return ctx.latin_identifier.language(latin)


def _is_latin(segment: Segment) -> bool:
    """An en or other segment without kana, Hangul or Han: what paragraph identification may move."""
    return segment.lang in ("en", "other") and not CJK_BLOCK.search(segment.text)


def paragraph_languages(segments: list[Segment], page_lang: str, ctx: Context) -> dict[int, str]:
    """Lines whose Latin-script prose langdetect confidently gives a language other than the page's:
    line index -> "en" or "other"."""
    lines: dict[int, list[str]] = {}
    for segment in segments:
        if _is_latin(segment):
            lines.setdefault(segment.line, []).append(segment.text)
    moved: dict[int, str] = {}
    for line, parts in lines.items():
        text = " ".join(parts)
        words = LATIN_WORD.findall(text)
        if len(words) < PARAGRAPH_MIN_WORDS:
            continue
        share = _share_of_function_words(words)
        unlike_the_page = share < FOREIGN_BELOW if page_lang == "en" else share > ENGLISH_ABOVE
        if not unlike_the_page or not _is_prose(text):  # the share first: it rules out most lines
            continue
        found = ctx.latin_identifier.confident_language(text, PARAGRAPH_CONFIDENCE)
        if found is not None and (found == "en") != (page_lang == "en"):
            moved[line] = "en" if found == "en" else "other"
    return moved


def follow_neighbours(segments: list[Segment]) -> list[Segment]:
    """Segments without a letter or Han character (list numbers, dates, arrows) have no language of their
    own: they join the stream of the segment before them, or after them at the start of a page."""
    wordy = [segment.lang == "other" or WORDY.search(segment.text) is not None for segment in segments]
    next_lang: list[str | None] = [None] * (len(segments) + 1)
    for index in range(len(segments) - 1, -1, -1):
        next_lang[index] = segments[index].lang if wordy[index] else next_lang[index + 1]
    resolved: list[Segment] = []
    for index, segment in enumerate(segments):
        if not wordy[index]:
            lang = resolved[-1].lang if resolved else next_lang[index] or segment.lang
            segment = replace(segment, lang=lang)
        resolved.append(segment)
    return resolved


def run(doc: Document, ctx: Context) -> Document:
    min_words = ctx.config.language.min_clause_words
    segments: list[Segment] = []
    for index, line in enumerate(doc.kept):
        first = segments[-1].sentence + 1 if segments else 0
        segments.extend(line_segments(line.text, line.start, index, min_words, first))
    segments = follow_neighbours(segments)
    latin = " ".join(s.text for s in segments if s.lang == "en")
    counts: Counter[str] = Counter()
    page_lang = page_language(latin, ctx) if latin else "en"
    if page_lang != "en":
        segments = [replace(s, lang="other") if s.lang == "en" else s for s in segments]
        counts["language.latin_not_english"] += 1
    if latin:
        moved = paragraph_languages(segments, page_lang, ctx)
        segments = [replace(s, lang=moved[s.line]) if s.line in moved and _is_latin(s) else s for s in segments]
        counts["language.paragraphs_moved"] += len(moved)
    for segment in segments:
        counts[f"language.segments.{segment.lang}"] += 1
    lang = shares(segments)
    counts[f"language.doc.{lang['doc']}"] += 1
    return doc.with_segments(segments, lang=lang, report=counts)
