"""Term alignment: language segments and glossary forms in, segments with each stream's own terms out.

Three rewrites, each returned as an `Alignment` so the terms stage can record it:
- restored into English: a Chinese segment of an English sentence that is nothing
  but a glossary term (`美沙酮(Dolophine…) is an opioid agonist`) becomes the English
  canonical term and joins the English around it;
- restored into Chinese: a glossary term written in English inside a Chinese
  segment (`口服非典型抗精神病pharmacotherapy双相障碍`) becomes the Chinese canonical
  term; acronyms (HIV, CBT), brand names (capitalised aliases) and bracketed glosses
  (`磁共振成像(magnetic resonance imaging，MRI)`) stay as written;
- corrected: a known mistranslation in the Chinese stream (解毒 where the field says
  脱毒) becomes the canonical term, when the page is in the glossary's domain and
  the match is not part of a longer glossary form (解毒剂, antidote).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace

from pipeline.edits import Replacement
from pipeline.glossary import Concept
from pipeline.matching import LatinRunMatcher, SubstringMatcher
from pipeline.model import TERM_CHANGE, Segment
from pipeline.scripts import HAN, PARENTHETICAL

NO_SPACE_BEFORE = tuple(",.;:!?)）]")
NO_SPACE_AFTER = tuple("(（[")


@dataclass(frozen=True)
class Alignment:
    segment: int  # index into the returned segments
    offset: int  # start of the new term inside the segment's text
    term: str  # the text written
    surface: str  # what the page had
    concept: Concept
    lang: str  # language of the surface
    action: str  # restored or corrected


@dataclass(frozen=True)
class Rewrite:
    """One term to write: `term` in place of `segment.text[start:end]`."""

    start: int
    end: int
    term: str
    concept: Concept
    lang: str  # of the surface
    action: str


Note = tuple[int, str, str, Concept, str, str]  # offset, term written, surface, concept, surface language, action


def _chinese_term_in_english(segments: list[Segment], zh_forms: dict[str, Concept]) -> dict[int, Rewrite]:
    """Chinese segments of English sentences that are only a term, by index: the term to write in English."""
    if all(segment.lang != "zh" for segment in segments):
        return {}
    by_sentence: dict[int, list[int]] = defaultdict(list)
    for index, segment in enumerate(segments):
        by_sentence[segment.sentence].append(index)
    restored = {}
    for members in by_sentence.values():
        if not any(segments[i].lang == "en" for i in members):
            continue
        for position, index in enumerate(members):
            segment = segments[index]
            if segment.lang != "zh":
                continue
            han = [i for i, char in enumerate(segment.text) if HAN.match(char)]
            if not han:
                continue
            start, end = han[0], han[-1] + 1
            concept = zh_forms.get(segment.text[start:end])
            if concept is None:
                continue
            term = concept.en
            if position == 0 and not segment.text[:start].strip():
                term = term[0].upper() + term[1:]
            restored[index] = Rewrite(start, end, term, concept, "zh", "restored")
    return restored


def _english_terms_in_chinese(text: str, zh_forms: SubstringMatcher, en_forms: LatinRunMatcher,
                              wrong: re.Pattern[str] | None, mistranslations: dict[str, Concept],
                              restore: bool) -> list[Rewrite]:
    """In a Chinese segment: English glossary terms to write in Chinese, mistranslations to correct."""
    rewrites: list[Rewrite] = []
    glosses = [match.span() for match in PARENTHETICAL.finditer(text)]
    for start, end, concept in en_forms.find(text, whole_runs_only=True) if restore else ():
        if concept.zh and not any(open_ < start and end < close for open_, close in glosses):  # a gloss stays
            rewrites.append(Rewrite(start, end, concept.zh, concept, "en", "restored"))
    if wrong is not None:
        longer = [(start, end) for start, end, _ in zh_forms.find(text)]
        for match in wrong.finditer(text):
            inside = any(start <= match.start() and match.end() <= end and end - start > len(match.group())
                         for start, end in longer)
            concept = mistranslations[match.group()]
            if not inside and concept.zh:  # 解毒 is wrong for detoxification, 解毒剂 (antidote) is right
                rewrites.append(Rewrite(match.start(), match.end(), concept.zh, concept, "zh", "corrected"))
    return rewrites


def _written(segment: Segment, rewrites: list[Rewrite], index: int,
             notes: dict[int, list[Note]]) -> Segment:
    """`segment` with `rewrites` written through the edit primitive; a note for each one written."""
    replacements = [Replacement(r.start, r.end, r.term, TERM_CHANGE) for r in rewrites]
    edited, placed = segment.edit(replacements)
    for rewrite, where in zip(rewrites, placed, strict=True):
        if where is not None:
            surface = segment.text[rewrite.start:rewrite.end]
            notes[index].append((where, rewrite.term, surface, rewrite.concept, rewrite.lang, rewrite.action))
    return edited


def _merge(segments: list[Segment], notes: dict[int, list[Note]]) -> tuple[list[Segment], dict[int, list[Note]]]:
    """Join neighbouring segments of one sentence and language, carrying the notes' offsets along."""
    merged: list[Segment] = []
    moved: dict[int, list[Note]] = defaultdict(list)
    for index, segment in enumerate(segments):
        previous = merged[-1] if merged else None
        # a sentence lies on one line: the same sentence means the same paragraph
        if previous and previous.lang == segment.lang and previous.sentence == segment.sentence:
            gap = "" if segment.lang == "zh" or previous.text.endswith(NO_SPACE_AFTER) \
                or segment.text.startswith(NO_SPACE_BEFORE) else " "
            shift = len(previous.text) + len(gap)
            merged[-1] = previous.joined(segment, gap)
            for offset, *rest in notes.get(index, []):
                moved[len(merged) - 1].append((offset + shift, *rest))
        else:
            merged.append(segment)
            for note in notes.get(index, []):
                moved[len(merged) - 1].append(note)
    return merged, moved


def align(segments: list[Segment], zh_forms: SubstringMatcher, en_forms: LatinRunMatcher,
          mistranslations: dict[str, Concept], correct: bool, restore: bool = True
          ) -> tuple[list[Segment], list[Alignment]]:
    notes: dict[int, list[Note]] = defaultdict(list)
    segments = list(segments)
    into_english = _chinese_term_in_english(segments, zh_forms.forms) if restore else {}
    wrong = _alternation(mistranslations) if correct else None
    for index, segment in enumerate(segments):
        if index in into_english:
            segments[index] = replace(_written(segment, [into_english[index]], index, notes), lang="en")
        elif segment.lang == "zh":
            rewrites = _english_terms_in_chinese(segment.text, zh_forms, en_forms, wrong, mistranslations, restore)
            if rewrites:
                segments[index] = _written(segment, rewrites, index, notes)
    merged, moved = _merge(segments, notes)
    alignments = [Alignment(index, offset, term, surface, concept, lang, action)
                  for index in sorted(moved) for offset, term, surface, concept, lang, action in sorted(
                      moved[index], key=lambda note: note[0])]
    return merged, alignments


def _alternation(forms: dict[str, Concept]) -> re.Pattern[str] | None:
    if not forms:
        return None
    return re.compile("|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True)))
