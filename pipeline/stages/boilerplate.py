"""Boilerplate: a page's text in, kept lines and removed lines (each with a reason) out.

Lines are cut at line breaks; blank lines are layout, not content, and vanish
without a record. A line matched by the pattern library (`pipeline/data/
boilerplate.tsv`) is removed with that rule's reason code; a line whose key
(`line_key`) the run found on many distinct pages is removed as
`boilerplate.repeated`. Metadata the format already gave (HTML title/date/author,
a JSONL `date`) goes to `meta`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pipeline.model import Document, Line, Removal
from pipeline.stages import Context

META_FIELDS = ("title", "date", "authors", "doi", "citation")


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with offsets of their stripped text into `text`."""
    lines = []
    for match in re.finditer(r"[^\n\r\u2028\u2029\x85]+", text):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + (len(raw) - len(raw.lstrip()))
            lines.append(Line(stripped, start, start + len(stripped)))
    return lines


NOT_LETTERS = re.compile(r"[\W_]+")


def line_key(text: str) -> str:
    """A short hash of the line with case, digits, spaces and punctuation folded (cc_net's normalisation)."""
    folded = NOT_LETTERS.sub("", unicodedata.normalize("NFKC", text).lower())
    folded = re.sub(r"\d", "0", folded)
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest() if folded else ""


def page_line_keys(text: str) -> set[str]:
    return {key for line in split_lines(text) if (key := line_key(line.text))}


def run(doc: Document, ctx: Context) -> Document:
    use_patterns = bool(ctx.config.get("boilerplate", "patterns"))
    kept: list[Line] = []
    removed: list[Removal] = []
    stats = doc.stats.copy()
    for line in split_lines(doc.page.text):
        reason = ctx.boilerplate.reason_for(line.text) if use_patterns else None
        if reason is None and ctx.repeated_lines and line_key(line.text) in ctx.repeated_lines:
            reason = "boilerplate.repeated"
        if reason:
            removed.append(Removal(line.text, reason))
            stats[f"removed.{reason}"] += 1
        else:
            kept.append(line)
    stats["boilerplate.kept_lines"] += len(kept)
    hints = doc.page.meta_hints
    meta = {name: hints.get(name) for name in META_FIELDS}
    return doc.evolve(kept=tuple(kept), removed=tuple(removed), meta=meta, stats=stats)
