"""Glossary candidates mined from a corpus: pages in, ranked `Suggestion`s (glossary TSV rows) out.

A candidate is a Chinese term glossed in brackets with its English, as
medical writing does: `上皮细胞的间质化过程（epithelial-mesenchymal transition, EMT）`
gives zh 上皮细胞的间质化过程, en epithelial-mesenchymal transition, abbreviation EMT.
Brackets are （） or (); a last part after a comma (, or ，) is the abbreviation
when it looks like one (no space, an upper-case letter, at most 15 characters).
The English must be words (Latin letters, digits, - ' / .), hold a lower-case
run of three letters, and not be a bare abbreviation (`ICMJE`, `miRNA`), so
`(n=11)`, `(P<0.05)` and `(ICMJE)` give nothing.

The Chinese span, from the run of Han characters (with glued ASCII letters,
digits, hyphens and the name dot ·, as in T1加权成像) that ends at the bracket
(spaces or tabs may stand between run and bracket):
1. anchor: when the English's first word (e.g. `T1`, `logistic`) starts a
   Latin token of the run, the span starts there;
2. otherwise the run is cut into words (backward maximum matching against
   wordfreq's Chinese list, words of 2-4 characters at Zipf >= 3) and starts
   after the last function word (`FUNCTION_WORDS`: 是 在 和 对 与 及 将 了
   被 把 ..., 其中, 因此, 通过, 患者, 两个 ...); as whole words, 对照组 or
   自由基 are not cut;
3. 的 ends the span too, but only when the span is longer than 10 characters,
   so a short noun phrase with 的 (上皮细胞的间质化过程) stays whole;
4. leading words that open a clause (`LEADING_WORDS`: 研究 探讨 本文 目前 ...,
   and 的) are dropped from the start only, since they also occur inside
   names (国际肺癌研究学会); a leading number or hyphen goes too;
5. the span must keep 2-16 characters with at least two Han characters.
A Traditional span gives zh in Simplified (OpenCC t2s) and zh_hant as written.

Suggestions are grouped by (zh, lower-cased en), ranked by distinct pages, then
occurrences, then English; pairs whose English or Chinese is already a glossary
form (mistranslations included) are skipped. Each is a `Concept` with an id from
its English, source "suggested from corpus: N pages" and one example as note.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import IngestSettings
from pipeline.glossary import Concept, Glossary
from pipeline.model import Page
from pipeline.readers import Rejection, discover, read
from pipeline.scripts import HAN, HAN_RANGES
from pipeline.tbx import concept_id

GLOSS = re.compile(f"(?P<run>[{HAN_RANGES}A-Za-z0-9·-]+)[ \\t]*[（(](?P<inner>[^（）()\\n]{{1,160}})[）)]")
ABBREVIATION = re.compile(r"(?=[^A-Z]*[A-Z])[A-Za-z0-9][A-Za-z0-9\-/+.αβγδκ]{0,14}")
ENGLISH = re.compile(r"[A-Za-z][A-Za-z0-9'’\-/. ]*[A-Za-z0-9]")
ASCII_TOKEN = re.compile(r"[A-Za-z0-9-]+")
FUNCTION_WORDS = frozenset(
    "是 在 和 对 与 及 将 了 被 把 从 向 于 或 并 而 其 为 以 由 跟 同 给 使 至 即 "
    "其中 因此 以及 通过 采用 使用 利用 进行 包括 属于 称为 作为 例如 或者 并且 而且 对于 关于 由于 基于 "
    "一个 两个 一种 两种 多种 各种 这种 这些 患者 针对 为了 就是 也是 都是 但是 于是 所以 因为 如果 虽然 "
    "尤其 比如 导致 引起 出现 发生 患有 具有 含有".split())
LEADING_WORDS = frozenset(
    "研究 探讨 分析 观察 检测 测定 评估 评价 比较 构建 建立 应用 本文 本研究 我们 目前 该 此 这 "
    "目的 结果 方法 结论 背景 也 还 可 均 已 都 又 所 的".split())
DE = "的"
DE_SPAN_LIMIT = 10
MAX_SPAN = 16
MIN_ZIPF = 3.0


@dataclass(frozen=True)
class Gloss:
    zh: str
    zh_hant: str | None
    en: str
    abbreviation: str | None
    context: str  # the gloss with a little text before it, on one line


@dataclass(frozen=True)
class Suggestion:
    concept: Concept
    pages: int
    occurrences: int


@dataclass
class _Tally:
    pages: set[str] = field(default_factory=set)
    occurrences: int = 0
    english: Counter = field(default_factory=Counter)
    abbreviations: Counter = field(default_factory=Counter)
    traditional: Counter = field(default_factory=Counter)
    example: str = ""
    first_page: str = ""


def chinese_words(min_zipf: float = MIN_ZIPF) -> frozenset[str]:
    """Chinese words of 2-4 characters from wordfreq's list at or above `min_zipf`."""
    from wordfreq import get_frequency_dict

    floor = 10 ** (min_zipf - 9)
    return frozenset(word for word, freq in get_frequency_dict("zh").items()
                     if 2 <= len(word) <= 4 and freq >= floor and all(HAN.match(ch) for ch in word))


def _segment(run: str, words: frozenset[str]) -> list[str]:
    """Backward maximum matching: ASCII runs are one token, Han words from `words`, else single characters."""
    tokens: list[str] = []
    end = len(run)
    while end > 0:
        if run[end - 1].isascii():
            start = end - 1
            while start > 0 and run[start - 1].isascii():
                start -= 1
        else:
            start = next((end - size for size in (4, 3, 2) if end - size >= 0 and run[end - size:end] in words),
                         end - 1)
        tokens.append(run[start:end])
        end = start
    return tokens[::-1]


def _anchor(run: str, english: str) -> int | None:
    """Where the English's first word starts a Latin token of the run (T1加权成像 for T1-weighted image)."""
    first = ASCII_TOKEN.match(english.replace("-", " "))
    if not first or len(first.group()) < 2:
        return None
    word = first.group().lower()
    lowered = run.lower()
    found = None
    for match in re.finditer(re.escape(word), lowered):
        before = lowered[match.start() - 1] if match.start() else ""
        after = lowered[match.end()] if match.end() < len(lowered) else ""
        if not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalpha()):
            found = match.start()
    return found


def chinese_span(run: str, english: str, words: frozenset[str]) -> int | None:
    """Start of the Chinese term inside `run` (which ends at the bracket), or None when no term is left."""
    start = _anchor(run, english)
    if start is None:
        tokens = _segment(run, words)
        offsets = [0]
        for token in tokens:
            offsets.append(offsets[-1] + len(token))
        first = 0
        for index, token in enumerate(tokens):
            if token in FUNCTION_WORDS:
                first = index + 1
        if len(run) - offsets[first] > DE_SPAN_LIMIT:
            for index in range(first, len(tokens)):
                if tokens[index] == DE:
                    first = index + 1
        while first < len(tokens) - 1 and tokens[first] in LEADING_WORDS and \
                sum(1 for ch in run[offsets[first + 1]:] if HAN.match(ch)) >= 2:
            first += 1
        while first < len(tokens) - 1 and not any(ch.isalpha() for ch in tokens[first]):
            first += 1  # a bare number, hyphen or dot left over from the text before (-21对...)
        start = offsets[first]
    span = run[start:]
    if len(span) > MAX_SPAN or sum(1 for ch in span if HAN.match(ch)) < 2:
        return None
    return start


def _english(inner: str) -> tuple[str, str | None] | None:
    """(English, abbreviation) from the bracket's content, or None when it is not an English gloss."""
    inner = " ".join(inner.split())
    english, abbreviation = inner, None
    head, comma, tail = max(inner.rpartition(","), inner.rpartition("，"), key=lambda part: len(part[0]))
    if comma and ABBREVIATION.fullmatch(tail.strip()):
        english, abbreviation = head.strip(), tail.strip()
    if not ENGLISH.fullmatch(english) or len(english) > 80 or not re.search(r"[a-z]{3}", english):
        return None
    if " " not in english and "-" not in english and (sum(ch.isupper() for ch in english) > 1
                                                      or any(ch.isdigit() for ch in english)
                                                      or any(ch.isupper() for ch in english[1:])):
        return None
    return english, abbreviation


def find_glosses(text: str, words: frozenset[str], t2s: object) -> list[Gloss]:
    """Every bracketed English gloss of a Chinese term in `text`; `t2s` converts to Simplified."""
    glosses = []
    for match in GLOSS.finditer(text):
        parsed = _english(match.group("inner"))
        if parsed is None:
            continue
        english, abbreviation = parsed
        run = match.group("run")
        simplified = t2s.convert(run)  # type: ignore[attr-defined]
        if len(simplified) != len(run):
            simplified = run
        start = chinese_span(simplified, english, words)
        if start is None:
            continue
        zh = simplified[start:]
        written = run[start:]
        left = " ".join(text[max(0, match.start("run") + start - 12):match.start("run") + start].split())
        context = f"…{left}{written}{text[match.end('run'):match.end()]}"
        glosses.append(Gloss(zh=zh, zh_hant=written if written != zh else None, en=english,
                             abbreviation=abbreviation, context=" ".join(context.split())))
    return glosses


def read_corpus(inputs: list[Path], settings: IngestSettings) -> Iterator[Page | Rejection]:
    """The pages of `inputs` (files or folders, every format the readers read) and the rejections."""
    sources, rejections = discover(inputs)
    yield from rejections
    for source in sources:
        yield from read(source, settings)


def _most_common(counter: Counter) -> str | None:
    """The most frequent value, ties to the one seen first."""
    return max(counter, key=lambda value: counter[value], default=None)


def suggest(pages: Iterable[Page], glossary: Glossary, top: int | None = None,
            words: frozenset[str] | None = None) -> list[Suggestion]:
    """Ranked glossary candidates from `pages`, the glossary's own forms left out."""
    from pipeline.simplified import SimplifiedConverter

    words = chinese_words() if words is None else words
    t2s = SimplifiedConverter()
    english_forms = glossary.english_forms()
    chinese_forms = set(glossary.chinese_forms())
    chinese_forms.update(wrong for concept in glossary.concepts for wrong in concept.mistranslations)
    tallies: dict[tuple[str, str], _Tally] = {}
    for page in pages:
        for gloss in find_glosses(page.text, words, t2s):
            if gloss.en.lower() in english_forms or gloss.zh in chinese_forms or gloss.zh_hant in chinese_forms:
                continue
            tally = tallies.setdefault((gloss.zh, gloss.en.lower()), _Tally())
            if not tally.example:
                tally.example, tally.first_page = gloss.context, page.identity
            tally.pages.add(page.identity)
            tally.occurrences += 1
            tally.english[gloss.en] += 1
            if gloss.abbreviation:
                tally.abbreviations[gloss.abbreviation] += 1
            if gloss.zh_hant:
                tally.traditional[gloss.zh_hant] += 1
    ranked = sorted(tallies.items(), key=lambda item: (-len(item[1].pages), -item[1].occurrences, item[0][1],
                                                      item[0][0]))
    if top is not None:
        ranked = ranked[:top]
    taken = {concept.id for concept in glossary.concepts}
    suggestions = []
    for (zh, _), tally in ranked:
        english = _most_common(tally.english) or ""
        identity = concept_id(english, taken)
        taken.add(identity)
        count = len(tally.pages)
        concept = Concept(
            id=identity, en=english, zh=zh, zh_hant=_most_common(tally.traditional), en_aliases=(), zh_aliases=(),
            mistranslations=(), abbreviation=_most_common(tally.abbreviations), category=None,
            source=f"suggested from corpus: {count} page{'s' if count != 1 else ''}",
            note=f"example ({tally.first_page}): {tally.example}", origin=tally.first_page)
        suggestions.append(Suggestion(concept=concept, pages=count, occurrences=tally.occurrences))
    return suggestions
