"""Page metadata from lines of text: title, publication date, authors, DOI, citation.

Pure functions over strings. Dates come out as ISO 8601 (`1998-07-04`) and only
from explicit markers ("Published 04 July 1998", "发布时间：2020-01-01"), never
from a bare date banner, which is the day the page was scraped as often as not.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from functools import lru_cache

from pipeline.scripts import HAN, han_count, letters_and_digits, word_count

MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], 1) for name in names}
MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
        r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DATE_FORMS = (
    (re.compile(rf"\b(\d{{1,2}})\s+{MONTH}\s+(\d{{4}})\b", re.I), ("day", "month", "year")),
    (re.compile(rf"\b{MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I), ("month", "day", "year")),
    (re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b"), ("year", "month", "day")),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), ("year", "month", "day")),
)
PUBLISHED = re.compile(r"(published|posted|publication date|first published|发布时间|发布日期|发表时间|发表日期|"
                       r"发布于|发表于|出版日期)\s*(on|:|：)?\s*", re.I)
DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
DOI_MARKER = "10."  # in every DOI: a test in C before the search, which tries the pattern at every word start
CITE = re.compile(r"cite this (?:article )?as\s*[:：]\s*(.+)$", re.I)
CITE_MARKER = "cite this"  # in every line CITE matches, lower-cased
PARTICLE = r"(?:[A-Z][\w'’.-]*|de|del|della|der|den|di|da|dos|das|du|la|le|van|von|ten|ter|bin|al)"
NUMBERED_AUTHOR = re.compile(rf"^\d{{1,2}}\.\s+([A-Z][\w'’.-]*\s+(?:{PARTICLE}\s+){{0,4}}[A-Z][\w'’-]+),\s")
BYLINE = re.compile(r"^(?:by|written by|作者[:：]|执笔人?[:：]|撰稿人?[:：]|文[:：/])\s*(.+)$", re.I)
NAME = re.compile(r"^(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+$|^[\u4e00-\u9fff]{2,4}$")
SHORT_WORDS = 8
PARAGRAPH_SIZE = 25
PARAGRAPH_CHARS = 150
CLOSING_QUOTES = re.compile(r"[”’\"')）\s]+$")
TERMINAL = "。！？；….!?;:：\"”’」』)）"


def iso_date(text: str) -> str | None:
    """The first date in `text` as YYYY-MM-DD, or None."""
    best: tuple[int, str] | None = None
    for pattern, order in DATE_FORMS:
        match = pattern.search(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = parts["month"]
        month_number = MONTHS.get(month.lower().rstrip(".")) if not month.isdigit() else int(month)
        year, day = int(parts["year"]), int(parts["day"])
        try:
            when = datetime.date(year, month_number or 0, day)
        except ValueError:
            continue
        if 1900 <= when.year <= 2100:
            candidate = (match.start(), when.isoformat())
            best = min(best, candidate) if best else candidate
    return best[1] if best else None


def published_date(line: str) -> str | None:
    """A publication date stated as one in `line` ("Published 04 July 1998")."""
    marker = PUBLISHED.search(line)
    return iso_date(line[marker.end():marker.end() + 60]) if marker else None


def doi(line: str) -> str | None:
    match = DOI.search(line)
    return match.group(0).rstrip(".,;)") if match else None


def citation(line: str) -> str | None:
    match = CITE.search(line)
    return match.group(1).strip() if match else None


def numbered_author(line: str) -> str | None:
    """`1. Thomas V Perneger, medical epidemiologist` gives `Thomas V Perneger`."""
    match = NUMBERED_AUTHOR.match(line)
    return match.group(1).strip() if match else None


def byline_authors(line: str) -> list[str] | None:
    """`By Jane Doe and John Smith, September 14, 2025` gives both names."""
    match = BYLINE.match(line.strip())
    if not match:
        return None
    body = re.split(r",\s*(?=\w+\s+\d|\d)|\s[|·]\s", match.group(1))[0]
    names = [name.strip() for name in re.split(r",\s*|\s+and\s+|、|\s+", body) if name.strip()] \
        if HAN.search(body) else [name.strip() for name in re.split(r",\s*|\s+and\s+|\s*&\s*", body) if name.strip()]
    names = [name for name in names if NAME.match(name)]
    return names or None


@lru_cache(maxsize=8192)
def _counts(text: str) -> tuple[int, int]:
    """(alphabetic words, Han characters): asked of one line by several tests, so counted once."""
    return word_count(text), han_count(text)


# one of these is in the case-folded text of every line PUBLISHED matches: a test in C before its search, which
# under IGNORECASE cannot skip ahead to a literal (İ and ı fold to i, with or without a combining dot, as there)
PUBLISHED_MARKERS = ("publish", "posted", "publication", "发布", "发表", "出版日期")
FOLDED_AS_I = str.maketrans({"\u0131": "i", "\u0307": None})


def may_state_publication(text: str) -> bool:
    folded = text.casefold().translate(FOLDED_AS_I) if not text.isascii() else text.lower()
    return any(marker in folded for marker in PUBLISHED_MARKERS) and PUBLISHED.search(text) is not None


def stated_metadata(texts: list[str], dated: list[bool]) -> dict[str, str | None]:
    """The first publication date stated on a line where `dated`, DOI and citation of a page's lines; each
    looked for line by line only when the page holds its marker at all (one search of the whole text)."""
    page = "\n".join(texts)

    def first(values: Iterable[str | None]) -> str | None:
        return next((value for value in values if value), None)

    return {
        "date": first(published_date(text) for text, ok in zip(texts, dated, strict=True) if ok)
        if may_state_publication(page) else None,
        "doi": first(doi(text) for text in texts) if DOI_MARKER in page and DOI.search(page) else None,
        "citation": first(citation(text) for text in texts) if CITE_MARKER in page.lower() else None,
    }


def is_content(text: str) -> bool:
    """A line that reads as running text: a full sentence of some length, or a long line."""
    size = sum(_counts(text))
    ends = text.rstrip()[-1:] in TERMINAL if text.strip() else False
    return (ends and size >= 6) or size >= 25


def ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in "。！？.!?" if text.strip() else False


def is_paragraph(text: str) -> bool:
    """A long line of running text: 25 or more words or Han characters (or, for results full of figures,
    PARAGRAPH_CHARS characters), ending as a sentence."""
    return is_long_paragraph(text) or (sum(_counts(text)) >= PARAGRAPH_SIZE
                                       and ends_sentence(CLOSING_QUOTES.sub("", text)))


def is_long_paragraph(text: str) -> bool:
    """A paragraph by its length alone (PARAGRAPH_CHARS characters ending as a sentence): told without
    counting words."""
    return len(text) >= PARAGRAPH_CHARS and ends_sentence(CLOSING_QUOTES.sub("", text))


def is_short(text: str) -> bool:
    """Fewer than 8 words, counting two Han characters as a word: a menu item, a label, a banner."""
    words, han = _counts(text)
    return words + han / 2 < SHORT_WORDS


def is_headline(text: str) -> bool:
    """A Title Case line of up to 15 words without a sentence end: a link to another story."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    if not 3 <= len(words) <= 15 or ends_sentence(text):
        return False
    capitalised = sum(word[0].isupper() for word in words if len(word) > 3)
    long_words = sum(1 for word in words if len(word) > 3)
    return long_words > 0 and capitalised / long_words >= 0.8


def content_words(text: str) -> set[str]:
    """Lower-cased English words of 4+ letters and Han bigrams: what a title shares with its body."""
    words = {word.lower() for word in re.findall(r"[A-Za-z]{4,}", text)}
    han = "".join(HAN.findall(text))
    return words | {han[i:i + 2] for i in range(len(han) - 1)}


def shares_topic(text: str, topic: set[str]) -> bool:
    """True when `text` shares an English content word or two Han bigrams with `topic` (see content_words)."""
    shared = content_words(text) & topic
    return any(word.isascii() for word in shared) or len(shared) >= 2


SAME_TITLE_OVERLAP = 0.5


def same_title(text: str, title: str) -> bool:
    """True when `text` is the page's title as given elsewhere (the HTML <title>): one holds the other, or
    they share at least half their content words (a headline and its shorter or longer variant)."""
    line, known = letters_and_digits(text), letters_and_digits(title)
    if line and known and (line in known or known in line):
        return True
    mine, theirs = content_words(text), content_words(title)
    return bool(mine and theirs) and len(mine & theirs) >= SAME_TITLE_OVERLAP * len(mine | theirs)


def is_title(text: str, topic: set[str]) -> bool:
    """A heading-like line (2-30 words or 4-40 Han characters, no sentence end) that shares words with the body,
    whose `content_words` are `topic`."""
    words, han = word_count(text), han_count(text)
    if text.rstrip()[-1:] in "。！？.!?;；,，" or iso_date(text):
        return False
    if not (2 <= words <= 30 or 4 <= han <= 40) or len(text) > 200:
        return False
    return shares_topic(text, topic)
