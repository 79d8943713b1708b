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

from pipeline.glossary import Concept
from pipeline.matching import LatinRunMatcher, SubstringMatcher
from pipeline.model import Segment
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


Restoration = tuple[int, str, str, str, Concept]  # offset of the term, new segment text, term, surface, concept
Note = tuple[int, str, str, Concept, str, str]  # offset, term written, surface, concept, surface language, action


def _restore_chinese_terms(segments: list[Segment], zh_forms: dict[str, Concept]) -> dict[int, Restoration]:
    """Chinese segments of English sentences that are only a term, by index."""
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
            core = segment.text[han[0]: han[-1] + 1]
            concept = zh_forms.get(core)
            if concept is None:
                continue
            lead, tail = segment.text[: han[0]], segment.text[han[-1] + 1:]
            term = concept.en
            if position == 0 and not lead.strip():
                term = term[0].upper() + term[1:]
            if tail.startswith(NO_SPACE_AFTER):
                tail = " " + tail
            restored[index] = (len(lead), lead + term + tail, term, core, concept)
    return restored


def _merge(segments: list[Segment], notes: dict[int, list[Note]]) -> tuple[list[Segment], dict[int, list[Note]]]:
    """Join neighbouring segments of one sentence and language, carrying the notes' offsets along."""
    merged: list[Segment] = []
    moved: dict[int, list[Note]] = defaultdict(list)
    for index, segment in enumerate(segments):
        previous = merged[-1] if merged else None
        if previous and previous.lang == segment.lang and previous.sentence == segment.sentence \
                and previous.line == segment.line:
            gap = "" if segment.lang == "zh" or previous.text.endswith(NO_SPACE_AFTER) \
                or segment.text.startswith(NO_SPACE_BEFORE) else " "
            shift = len(previous.text) + len(gap)
            merged[-1] = replace(previous, text=previous.text + gap + segment.text, src_end=segment.src_end)
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
    restorable = _restore_chinese_terms(segments, zh_forms.forms) if restore else {}
    for index, (offset, text, term, surface, concept) in restorable.items():
        notes[index].append((offset, term, surface, concept, "zh", "restored"))
        segments[index] = replace(segments[index], lang="en", text=text)
    rewritten: list[Segment] = []
    wrong = _alternation(mistranslations)
    for index, segment in enumerate(segments):
        if segment.lang != "zh":
            rewritten.append(segment)
            continue
        text = segment.text
        replacements: list[tuple[int, int, str, Concept, str, str]] = []
        glosses = [match.span() for match in PARENTHETICAL.finditer(text)]
        for start, end, concept in en_forms.find(text, whole_runs_only=True) if restore else ():
            if not any(open_ < start and end < close for open_, close in glosses):  # a gloss stays as written
                replacements.append((start, end, concept.zh or "", concept, "en", "restored"))
        if correct and wrong is not None:
            longer = [(start, end) for start, end, _ in zh_forms.find(text)]
            for match in wrong.finditer(text):
                inside = any(start <= match.start() and match.end() <= end and end - start > len(match.group())
                             for start, end in longer)
                if not inside:  # 解毒 is wrong for detoxification, 解毒剂 (antidote) is right
                    concept = mistranslations[match.group()]
                    replacements.append((match.start(), match.end(), concept.zh or "", concept, "zh", "corrected"))
        replacements = [r for r in sorted(replacements) if r[2]]
        pieces, position, shift = [], 0, 0
        for start, end, term, concept, lang, action in replacements:
            if start < position:
                continue
            pieces.append(text[position:start])
            notes[index].append((start + shift, term, text[start:end], concept, lang, action))
            pieces.append(term)
            shift += len(term) - (end - start)
            position = end
        pieces.append(text[position:])
        rewritten.append(replace(segment, text="".join(pieces)) if replacements else segment)
    merged, moved = _merge(rewritten, notes)
    alignments = [Alignment(index, offset, term, surface, concept, lang, action)
                  for index in sorted(moved) for offset, term, surface, concept, lang, action in sorted(
                      moved[index], key=lambda note: note[0])]
    return merged, alignments


def _alternation(forms: dict[str, Concept]) -> re.Pattern[str] | None:
    if not forms:
        return None
    return re.compile("|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True)))
