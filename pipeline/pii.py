"""Personal data in a text: e-mail addresses (also obfuscated, `name{at}host`) and phone numbers.

`find(text)` gives the replacements (kind `mask`) of each by `<EMAIL>` or `<PHONE>`, left to right, not
overlapping.
Phone numbers need 9 to 15 digits in a shape phones are written in; dates,
times, years, ranges, percentages and reference numbers (`BMJ 1998;317:13`) do not match.
"""

from __future__ import annotations

import re

from pipeline.edits import Change, Replacement, apply

AT = r"(?:@|\s?[\[({]\s?at\s?[\])}]\s?|\s+at\s+(?=[\w-]+\s+(?:dot|\[dot\]|\(dot\))\s+))"
DOT = r"(?:\.|\s?[\[({]\s?dot\s?[\])}]\s?|\s+dot\s+)"
EMAIL = re.compile(rf"(?<![A-Za-z0-9_.+-])[A-Za-z0-9][\w.+-]*{AT}[A-Za-z0-9-]+(?:{DOT}[A-Za-z0-9-]+)+", re.IGNORECASE)
PHONE = re.compile(
    r"(?<![A-Za-z0-9_+/.-])(?:"
    r"\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]\d{2,4}){1,4}"  # +1 555 123 4567, +86 10 1234 5678
    r"|\(\d{2,4}\)\s?\d{3,4}[\s.-]\d{3,4}"  # (555) 123-4567
    r"|1[3-9]\d{9}"  # Chinese mobile
    r"|0\d{2,3}-\d{7,8}"  # Chinese landline 0432-62099222
    r"|\d{3}[.-]\d{3}[.-]\d{4}"  # 555-123-4567
    r"|[48]00[\s-]?\d{3}[\s-]?\d{4}"  # 400 / 800 service numbers
    r")(?![A-Za-z0-9_/-])"
)
PLACEHOLDERS = (("<EMAIL>", EMAIL), ("<PHONE>", PHONE))
BRACKETED_AT = re.compile(r"[\[({]\s?[aA][tT]\s?[\])}]")  # as EMAIL's IGNORECASE reads it: only A and T fold to a, t


def _may_hold_an_email(text: str) -> bool:
    """What every EMAIL match holds: an @, a bracketed "at" or a "dot" (tests in C; one search under
    IGNORECASE, which cannot skip ahead to a literal, tries every position)."""
    return "@" in text or "dot" in text.lower() or BRACKETED_AT.search(text) is not None


# what a text must hold for each pattern to match: one cheap test skips the costly search on most texts
NEEDS = {"<EMAIL>": _may_hold_an_email,
         "<PHONE>": re.compile(r"(?:\D*\d){9}").match}  # nine digits anywhere (anchored: one linear pass)


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def find(text: str) -> list[Replacement]:
    spans: list[Replacement] = []
    for placeholder, pattern in PLACEHOLDERS:
        if not NEEDS[placeholder](text):
            continue
        for match in pattern.finditer(text):
            if placeholder == "<PHONE>" and not 9 <= _digits(match.group()) <= 15:
                continue
            start, end = match.span()
            if any(start < other.end and other.start < end for other in spans):
                continue
            spans.append(Replacement(start, end, placeholder, "mask"))
    return sorted(spans, key=lambda item: item.start)


def mask(text: str) -> tuple[str, list[Change]]:
    """The masked text and every masking, with its offset in the masked text."""
    edited = apply(text, find(text))
    return edited.text, list(edited.changes)
