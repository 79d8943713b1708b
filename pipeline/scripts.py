"""Script classes of characters, lines, sentence spans and Han/Latin runs: text in, offsets out.

Pure functions over strings, shared by the stages and the helpers around them.
Han covers the CJK extension blocks, 〇 and 々 (a bare `[\u4e00-\u9fff]` misses them).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.datafiles import data_path
from pipeline.model import Line

HAN_RANGES = "\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
KANA_RANGES = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
HANGUL_RANGES = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"

CJK_PUNCTUATION = ("\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01\uff08\uff09\uff0c\uff0e\uff1a\uff1b\uff1f"
                   "\u201c\u201d\u2018\u2019")
# the same less the opening brackets and quotes (〈《「『【〔〖〘〚〝（“‘): what a Chinese run may end with
CJK_PUNCTUATION_NOT_OPENING = ("\u3001-\u3003\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019\u301b\u301c"
                               "\u301e\u301f\uff01\uff09\uff0c\uff0e\uff1a\uff1b\uff1f\u201d\u2019")

HAN = re.compile(f"[{HAN_RANGES}]")
NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")  # \w is isalnum() or "_"
HAN_RUN = re.compile(f"[{HAN_RANGES}]+")
KANA = re.compile(f"[{KANA_RANGES}]")
HANGUL = re.compile(f"[{HANGUL_RANGES}]")
CJK_BLOCK = re.compile(f"[{HAN_RANGES}{KANA_RANGES}{HANGUL_RANGES}]+")
ALPHABET = "A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0370-\u03ff\u0400-\u04ff"  # Latin, Greek, Cyrillic letters
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# a word of letters other than CJK: a negated class, so no CJK run has to be blanked out first
ALPHABETIC_LETTER = f"[^\\W\\d_{HAN_RANGES}{KANA_RANGES}{HANGUL_RANGES}]"
ALPHABETIC_WORD = re.compile(f"{ALPHABETIC_LETTER}+(?:['’-]{ALPHABETIC_LETTER}+)*")
ASCII_WORD = re.compile(r"[A-Za-z]+(?:['-][A-Za-z]+)*")  # ALPHABETIC_WORD in ASCII text, where it is a third faster
# a Latin run: letters, digits and the punctuation and spaces that sit inside English text
LATIN_RUN = re.compile(f"(?:\\d+(?:[.,]\\d+)*\\s?)?[{ALPHABET}](?:[{ALPHABET}0-9]|[\\s\\-'’.,:;/&%+()\"?!])*")

LINE = re.compile(r"[^\n\r\u2028\u2029\x85]+")  # a line between any of Unicode's line breaks
PARENTHETICAL = re.compile(r"[(（\[【][^()（）\[\]【】]*[)）\]】]")  # a bracketed gloss or aside
SENTENCE_END = re.compile(
    r"[。！？!?]+[”’」』）)\"']*"  # CJK and exclamation/question marks end a sentence anywhere
    r"|\.+[”’\"')]*(?=\s+[\"“(\[]?[A-Z\d\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])"  # before a capital, digit or CJK
    r"|\.(?=[\u3400-\u9fff])"  # a full stop glued to Chinese
)


# the sentence so far is only a list number ("1.", "3.1.", "(2)."): its full stop ends no sentence
ENUMERATOR = re.compile(r"\s*[(（]?\d{1,3}(?:\.\d{1,3})*[)）]?\.*")



LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(text: str) -> str:
    """`text` with each lone surrogate (no character at all: UTF-8 cannot hold it) as U+FFFD, the same length."""
    return LONE_SURROGATE.sub("\ufffd", text)


def han_count(text: str) -> int:
    if text.isascii():
        return 0
    return sum(map(len, HAN_RUN.findall(text)))  # runs, not characters: far fewer objects


def letters_and_digits(text: str) -> str:
    """`text` case-folded with everything but letters, digits and Han removed: two texts that say the
    same words with other spacing, punctuation or case compare equal."""
    return NOT_LETTER_OR_DIGIT.sub("", text.casefold())


def word_count(text: str) -> int:
    """Words written in an alphabet (Latin, Cyrillic, Greek...), ignoring CJK characters."""
    return len((ASCII_WORD if text.isascii() else ALPHABETIC_WORD).findall(text))


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    text = data_path("abbreviations.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


ABBREVIATION_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _ends_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at `dot` closes an abbreviation or an initial (Dr., e.g., J.)."""
    begin = dot
    while begin > 0 and text[begin - 1] in ABBREVIATION_CHARS:  # walk back: linear in the word, not the text
        begin -= 1
    token = text[begin:dot].lstrip(".")
    if not token:
        return False
    return token.lower() in abbreviations() or (len(token) == 1 and token.isupper())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, stripped of surrounding spaces; they cover every non-space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        if match.group().startswith(".") and (_ends_abbreviation(text, match.start())
                                              or ENUMERATOR.fullmatch(text, start, match.start())):
            continue
        end = match.end()
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    result = []
    for begin, end in spans:
        piece = text[begin:end]
        kept = piece.strip()
        if kept:
            begin += len(piece) - len(piece.lstrip())
            result.append((begin, begin + len(kept)))
    return result


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with offsets of their stripped text into `text`."""
    lines = []
    for match in LINE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + (len(raw) - len(raw.lstrip()))
            lines.append(Line(stripped, start, start + len(stripped)))
    return lines
