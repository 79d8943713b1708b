"""Punctuation by script: a segment's text and language in, the text with punctuation of its own script out.

In Chinese, ASCII , ; : ? ! and . after a Han character become ，；：？！。 and
ASCII brackets around Chinese become （）; numbers (1,000 / 3.5 / 12:30) are left
alone. In English, full-width punctuation becomes ASCII, followed by a space
where a word follows. `find` gives the replacements (kind `punct`), `normalize` the text and its changes.
"""

from __future__ import annotations

import re

from pipeline.edits import Change, Replacement, apply
from pipeline.scripts import HAN

TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}
TO_ASCII = {"，": ",", "；": ";", "：": ":", "？": "?", "！": "!", "。": ".", "、": ",", "（": "(", "）": ")"}
ASCII_PUNCT = re.compile(r"[,;:?!.]")
PAREN_HAN = re.compile(r"\(([^()]*)\)")


def _is_han(text: str, index: int) -> bool:
    return 0 <= index < len(text) and bool(HAN.match(text[index]))


def to_chinese(text: str) -> list[tuple[int, str, str]]:
    changes = []
    for match in ASCII_PUNCT.finditer(text):
        i = match.start()
        before = i - 1
        while before >= 0 and text[before] == " ":
            before -= 1
        if not _is_han(text, before):
            continue
        if match.group() == "." and (i + 1 < len(text) and (text[i + 1].isalnum() and not _is_han(text, i + 1))):
            continue  # 3.5, file.txt, 例如.NET
        changes.append((i, match.group(), TO_FULL[match.group()]))
    for match in PAREN_HAN.finditer(text):
        if HAN.search(match.group(1)) or _is_han(text, match.start() - 1):
            changes.append((match.start(), "(", "（"))
            changes.append((match.end() - 1, ")", "）"))
    return sorted(changes)


FULL_WIDTH = re.compile("[" + "".join(TO_ASCII) + "]")


def to_english(text: str) -> list[tuple[int, str, str]]:
    changes = []
    for match in FULL_WIDTH.finditer(text):
        i, char = match.start(), match.group()
        after = TO_ASCII[char]
        following = text[i + 1] if i + 1 < len(text) else ""
        if after != "(" and following and not following.isspace() and following not in TO_ASCII \
                and following not in ".,;:!?)":
            after += " "
        changes.append((i, char, after))
    return changes


def find(text: str, lang: str) -> list[Replacement]:
    """The punctuation of `text` (a segment in `lang`, en or zh) to replace by its own script's."""
    changes = to_chinese(text) if lang == "zh" else to_english(text) if lang == "en" else []
    return [Replacement(index, index + len(before), after, "punct") for index, before, after in changes]


def normalize(text: str, lang: str) -> tuple[str, list[Change]]:
    """`text` with its punctuation in its own script, and every change with its offset in the result."""
    edited = apply(text, find(text, lang))
    return edited.text, list(edited.changes)
