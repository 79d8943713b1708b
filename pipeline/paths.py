"""File names (and ids made of them) as text any encoder takes: a string in, its escaped form out, and back.

On POSIX a file name is bytes. Python hands a name that is not UTF-8 over as a string
holding lone surrogates (`os.fsdecode`), and a JSON id may hold one too; SQLite, JSON
files and UTF-8 streams refuse them. Where such a string leaves the program (the
catalog, records, stats, messages) it is escaped reversibly: a byte of the name that
was not UTF-8 becomes `\\xNN`, any other lone surrogate `\\uXXXX`, and a backslash
`\\\\`. A string without surrogates or backslashes, as nearly every name is, is left
exactly as it is.
"""

from __future__ import annotations

import os
import re

ESCAPE = re.compile("[\\\\\ud800-\udfff]")
ESCAPED = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\\":
        return "\\\\"
    code = ord(char)
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def _unescaped(match: re.Match[str]) -> str:
    body = match.group(1)
    if body == "\\":
        return "\\"
    return chr(0xDC00 + int(body[1:], 16)) if body[0] == "x" else chr(int(body[1:], 16))


def escape(text: str) -> str:
    return ESCAPE.sub(_escaped, text) if ESCAPE.search(text) else text


def unescape(text: str) -> str:
    return ESCAPED.sub(_unescaped, text) if "\\" in text else text


def to_bytes(text: str) -> bytes:
    """A file name's own bytes, from its escaped form."""
    return os.fsencode(unescape(text))
