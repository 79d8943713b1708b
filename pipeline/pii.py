"""Personal data in a text: e-mail addresses (also obfuscated, `name{at}host`) and phone numbers.

`find(text)` gives (start, end, placeholder) spans, left to right, not overlapping.
Phone numbers need 9 to 15 digits in a shape phones are written in; dates,
times, years, ranges, percentages and reference numbers (`BMJ 1998;317:13`) do not match.
"""

from __future__ import annotations

import re

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


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def find(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for placeholder, pattern in PLACEHOLDERS:
        for match in pattern.finditer(text):
            if placeholder == "<PHONE>" and not 9 <= _digits(match.group()) <= 15:
                continue
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end, _ in spans):
                continue
            spans.append((start, end, placeholder))
    return sorted(spans)


def mask(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """The masked text and, per masking, (start in the masked text, original, placeholder)."""
    pieces, changes, position, shift = [], [], 0, 0
    for start, end, placeholder in find(text):
        pieces.append(text[position:start])
        changes.append((start + shift, text[start:end], placeholder))
        pieces.append(placeholder)
        shift += len(placeholder) - (end - start)
        position = end
    pieces.append(text[position:])
    return "".join(pieces), changes
