"""Bytes in, `Decoded` (text, codec used, charset declared) out: the declared charset first, detection as
the fallback.

A declared charset that leaves a few undecodable bytes (under 1%) is still taken:
one stray byte should not send a whole page to guesswork. Bytes that are strictly
valid UTF-8 with multi-byte characters in them are read as UTF-8 whatever the page
declares: a legacy-charset text is all but never valid UTF-8 by chance, while pages
re-saved as UTF-8 keep their old `<meta charset="gb2312">` all the time.

Order: a byte-order mark; the charset the container declared (WARC HTTP header,
JSONL is UTF-8 by definition); for HTML a `<meta charset>` in the first 4 KB;
strict UTF-8; then charset-normalizer. GB2312 and GBK are read as GB18030, their
superset, and Big5 as CP950 (what real Big5 sites emit), because pages declared
with the narrow name routinely use characters only the superset has.

`replaced` counts the characters of a decoded text that stand for undecodable bytes
(each U+FFFD the decoding put in, not one the bytes held).
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from typing import NamedTuple

from charset_normalizer import from_bytes
from wordfreq import get_frequency_list

SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "x-gbk": "gb18030",
    "big5": "cp950",
    "ascii": "utf-8",
    "us-ascii": "utf-8",
    "iso-8859-1": "cp1252",  # browsers read Latin-1 declarations as windows-1252
    "latin-1": "cp1252",
}

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
COMMON_HAN = 3000  # this many of the most frequent characters cover nearly all running Chinese text
MIN_HAN = 20  # fewer Han characters than this cannot tell GB from Big5
MIN_COMMON_SHARE = 0.8
MAX_BAD_SHARE = 0.01  # undecodable characters a declared charset may leave before detection is tried
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def canonical_codec(name: str | None) -> str | None:
    """The Python codec for a declared charset name, widened to its superset; None if unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return SUPERSETS.get(name, SUPERSETS.get(codec, codec))


def charset_from_content_type(value: str | None) -> str | None:
    match = HEADER_CHARSET.search(value or "")
    return match.group(1) if match else None


def html_declared_charset(data: bytes) -> str | None:
    match = META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _bom(data: bytes) -> tuple[str, int] | None:
    for mark, codec in BOMS:
        if data.startswith(mark):
            return codec, len(mark)
    return None


@lru_cache(maxsize=1)
def common_han() -> frozenset[str]:
    """The most frequent Chinese characters (wordfreq's list), in Simplified and Traditional forms."""
    from opencc import OpenCC

    seen: dict[str, None] = {}
    for bucket in get_frequency_list("zh"):
        for word in bucket:
            for char in word:
                if HAN_CHAR.match(char):
                    seen.setdefault(char)
        if len(seen) >= COMMON_HAN:
            break
    simplified = list(seen)[:COMMON_HAN]
    to_traditional = OpenCC("s2t")
    return frozenset(simplified) | {to_traditional.convert(char) for char in simplified}


def chinese_reading(data: bytes) -> tuple[str, str] | None:
    """GB18030 or CP950, whichever reads `data` as common Chinese characters; None when neither does.

    Both codecs accept most byte pairs, so a strict decode proves little: the reading whose
    characters are the common ones is the right one (charset-normalizer takes some GB pages
    for ptcp154)."""
    readings = []
    for codec in ("gb18030", "cp950"):
        text = data.decode(codec, errors="replace")
        if text.count("\ufffd") > MAX_BAD_SHARE * len(text):
            continue
        han = HAN_CHAR.findall(text)
        if len(han) >= MIN_HAN:
            common = common_han()
            readings.append((sum(char in common for char in han) / len(han), codec, text))
    if not readings:
        return None
    share, codec, text = max(readings)
    return (text, codec) if share >= MIN_COMMON_SHARE else None


class Decoded(NamedTuple):
    text: str
    codec: str  # the codec the text was read with
    declared: str | None  # the charset the container or the page declared (as a codec), None when neither did


def _strict_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode(data: bytes, declared: str | None = None, is_html: bool = False) -> Decoded:
    """Decode `data`: the text, the codec used and the charset declared (both recorded in the record)."""
    candidates = [canonical_codec(declared)]
    if is_html:
        in_page = canonical_codec(html_declared_charset(data))
        # a declaration readable as ASCII cannot be true of UTF-16/32 bytes: HTML reads it as UTF-8
        candidates.append("utf-8" if in_page and in_page.startswith(("utf-16", "utf-32")) else in_page)
    declaration = next((codec for codec in candidates if codec), None)
    bom = _bom(data)
    if bom:
        codec, skip = bom
        return Decoded(data[skip:].decode(codec.removesuffix("-sig"), errors="replace"),
                       codec.removesuffix("-sig"), declaration)
    if declaration not in (None, "utf-8") and not data.isascii() and (text := _strict_utf8(data)) is not None:
        return Decoded(text, "utf-8", declaration)  # multi-byte UTF-8 outweighs a contradicting declaration
    for codec in candidates:
        if codec and not codec.startswith(("utf-16", "utf-32")):
            try:
                return Decoded(data.decode(codec), codec, declaration)
            except UnicodeDecodeError:
                # a few bad bytes in a page that is otherwise what it declares: keep the declaration
                text = data.decode(codec, errors="replace")
                if text.count("\ufffd") <= MAX_BAD_SHARE * len(text):
                    return Decoded(text, codec, declaration)
                continue  # the declaration lies; fall through to detection
    if (text := _strict_utf8(data)) is not None:
        return Decoded(text, "utf-8", declaration)
    chinese = chinese_reading(data)
    if chinese:
        return Decoded(*chinese, declaration)
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        codec = canonical_codec(best.encoding) or best.encoding
        try:
            return Decoded(data.decode(codec), codec, declaration)
        except UnicodeDecodeError:
            return Decoded(data.decode(codec, errors="replace"), codec, declaration)
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", declaration)


def replaced(data: bytes, decoded: Decoded) -> int:
    """How many characters of `decoded.text` (what `decode` gave for `data`) stand for undecodable bytes.

    Every replacement `errors="replace"` made is one U+FFFD that `errors="ignore"` leaves out, while both
    read the rest alike: a U+FFFD the bytes themselves held (its proper UTF-8) is not counted."""
    if "\ufffd" not in decoded.text:
        return 0
    bom = _bom(data)
    body = data[bom[1]:] if bom else data
    return len(decoded.text) - len(body.decode(decoded.codec, errors="ignore"))
