"""Markdown and wiki markup in, plain text out (one output line per input line).

Links and images keep their text (`[text](url)` gives `text`, `![alt](src)` gives
`alt`, `[[Page|label]]` gives `label`), heading marks, emphasis and inline-code
ticks go, and reference-style link definitions (`[1]: http://…`) become blank
lines. Line count is preserved so that line numbers stay meaningful.
"""

from __future__ import annotations

import re

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
