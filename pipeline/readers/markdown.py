"""Markdown and wiki markup (`.md`, `.markdown`): a file's bytes in, one `Page` of its plain text out.

`to_text` keeps one output line per input line: links and images keep their text
(`[text](url)` gives `text`, `![alt](src)` gives `alt`, `[[Page|label]]` gives `label`),
heading marks, emphasis and inline-code ticks go, and reference-style link definitions
(`[1]: http://…`) become blank lines. Line count is preserved so that line numbers stay
meaningful.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.config import IngestSettings
from pipeline.model import Page
from pipeline.readers.base import Contents, Reader, Rejection, Source, page_from_bytes

IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]")
WIKI_LINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]+)\]\]")
DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
CODE = re.compile(r"`([^`]*)`")
WIKI_HEADING = re.compile(r"^\s*(=+)\s*(.*?)\s*\1\s*$")
RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")


def to_text(markdown: str) -> str:
    """The plain text of `markdown`, line for line."""
    lines = []
    for line in markdown.split("\n"):
        if DEFINITION.match(line) or RULE.match(line):
            lines.append("")
            continue
        line = WIKI_HEADING.sub(r"\2", line)
        line = HEADING.sub("", line)
        line = IMAGE.sub(r"\1", line)
        line = WIKI_LINK.sub(r"\1", line)
        line = LINK.sub(lambda m: m.group(1) or m.group(2), line)
        line = CODE.sub(r"\1", line)
        line = EMPHASIS.sub(lambda m: m.group(2) or m.group(3), line)
        lines.append(line)
    return "\n".join(lines)


def _page_text(text: str, url: str | None, settings: IngestSettings) -> tuple[str, dict[str, object]]:
    return to_text(text), {}


def read(source: Source, contents: Contents, settings: IngestSettings) -> Iterator[Page | Rejection]:
    yield page_from_bytes(source, contents.data, "md", settings, to_text=_page_text)


READER = Reader(format="md", suffixes=(".md", ".markdown"), read=read)
