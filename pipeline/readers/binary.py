"""Binary content: a document's bytes in (before decoding), the kind of binary content they are out, or None.

Two tests. A magic number at the start of the bytes (`data/binary_signatures.tsv`: hex bytes with `?` for
any hex digit, and the name the first matching row gives: "PNG image", "ELF executable"). Then the shares of
NUL bytes and of other control bytes (C0 but tab, LF, FF, CR and ESC) among the first `SAMPLE` bytes: text in
any 8-bit or multi-byte charset (UTF-8, GB18030, Big5, Shift JIS, ISO-2022 with its ESC) holds next to none.
Text in UTF-16 or UTF-32 is half NULs: bytes that open with either's byte-order mark are not measured, nor
a sample that reads strictly as UTF-16 with no control characters and that charset-normalizer, which
`decoding.decode` reads UTF-16 without a mark by, takes for UTF-16 too (a strict reading alone proves
little: ASCII read as UTF-16 is valid CJK).
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline.datafiles import data_path
from pipeline.readers.decoding import BOMS

SAMPLE = 8192  # bytes measured from the start of a document
MAX_NUL_SHARE = 0.01  # text holds no NUL byte; a stray one or two are not a binary file
MAX_CONTROL_SHARE = 0.05  # random bytes (compressed or encrypted data) hold about 10.5%
NUL = "NUL bytes"
CONTROL = "control characters"

WIDE_BOMS = tuple(mark for mark, codec in BOMS if codec.startswith(("utf-16", "utf-32")))
CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
CONTROL_CHAR = re.compile("[" + re.escape(CONTROL_BYTES.decode("ascii")) + "]")
HEX_DIGITS = "0123456789abcdef"
SIGNATURE = re.compile(r"(?:[0-9a-f?]{2})+")


class SignatureError(ValueError):
    """A row of the signature table that cannot be read; the message names the file and line."""


def _byte_pattern(pair: str) -> bytes:
    """The regular expression for one byte of a signature: `89`, `??` (any byte), `0?` (00 to 0f)."""
    if pair == "??":
        return b"."
    values = [int(high + low, 16) for high in (HEX_DIGITS if pair[0] == "?" else pair[0])
              for low in (HEX_DIGITS if pair[1] == "?" else pair[1])]
    if len(values) == 1:
        return re.escape(bytes(values))
    return b"[" + b"".join(re.escape(bytes([value])) for value in values) + b"]"


def load_signatures(path: Path) -> tuple[re.Pattern[bytes], tuple[str, ...]]:
    """The table at `path` as one pattern (a group per row, in order) and the name of each row's group."""
    patterns: list[bytes] = []
    names: list[str] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) != 2 or not SIGNATURE.fullmatch(cells[0]) or not cells[1].strip():
            raise SignatureError(f"{path}:{number}: expected hex bytes (? for any digit)<TAB>name")
        body = b"".join(_byte_pattern(cells[0][at:at + 2]) for at in range(0, len(cells[0]), 2))
        patterns.append(b"(?P<s%d>%s)" % (len(patterns), body))
        names.append(cells[1].strip())
    return re.compile(b"|".join(patterns), re.DOTALL), tuple(names)


@lru_cache(maxsize=1)
def signatures() -> tuple[re.Pattern[bytes], tuple[str, ...]]:
    return load_signatures(data_path("binary_signatures.tsv"))


def signature(data: bytes) -> str | None:
    """The kind of file whose magic number `data` opens with, or None."""
    pattern, names = signatures()
    match = pattern.match(data)
    return names[int(match.lastgroup[1:])] if match and match.lastgroup else None


def _reads_as_utf16(sample: bytes) -> bool:
    """Whether `sample` is UTF-16 text without a byte-order mark: strictly decodable in one byte order with no
    control characters, and read as UTF-16 by charset-normalizer."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = codecs.getincrementaldecoder(codec)().decode(sample, final=False)  # a cut pair is held back
        except UnicodeDecodeError:
            continue
        if not CONTROL_CHAR.search(text):
            best = from_bytes(sample[:len(text.encode(codec))]).best()
            return best is not None and best.encoding.startswith("utf_16")
    return False


def control_kind(data: bytes) -> str | None:
    """`NUL` or `CONTROL` when the first `SAMPLE` bytes hold more of them than text does, else None."""
    if data.startswith(WIDE_BOMS):
        return None
    sample = data[:SAMPLE]
    if not sample:
        return None
    if sample.count(0) > MAX_NUL_SHARE * len(sample):
        kind = NUL
    elif len(sample) - len(sample.translate(None, CONTROL_BYTES)) > MAX_CONTROL_SHARE * len(sample):
        kind = CONTROL
    else:
        return None
    return None if _reads_as_utf16(sample) else kind


def detect(data: bytes) -> str | None:
    """What binary content `data` is ("PNG image", "NUL bytes", "control characters"), None for text."""
    return signature(data) or control_kind(data)
