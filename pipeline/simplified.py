"""Traditional to Simplified Chinese: a text in, the text in Simplified characters (OpenCC t2s) out.

OpenCC's pure-Python converter builds a parse tree for every text, which costs as much
on a Simplified text (nearly all of them) as on a Traditional one. A text can only
change where it holds one of the converter's table entries, so each entry lends one of
its characters (a Traditional one where it has one) to a trigger set, read from the
converter's own dictionary files; a text holding no trigger character is returned as it
is, which is exactly what the converter would give.

The converter parts a text at its own separators (spaces, punctuation) and then tries,
longest first, every substring of each part against its tables: quadratic in a part's
length. A part longer than MAX_PART characters (real prose has punctuation every few
dozen) is converted MAX_PART characters at a time, so an endless run of Han characters
costs linear time; only a phrase straddling such a cut could convert differently.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import opencc
from opencc import OpenCC

CONVERSION = "t2s"


def _dictionary_files(conversion: str) -> list[Path]:
    package = Path(opencc.__file__).parent
    config = json.loads((package / "config" / f"{conversion}.json").read_text(encoding="utf-8"))
    files: list[Path] = []

    def collect(entry: dict[str, object]) -> None:
        if entry.get("type") == "group":
            for member in entry.get("dicts", []):  # type: ignore[attr-defined]
                collect(member)
        elif entry.get("type") == "txt":
            files.append(package / "dictionary" / str(entry["file"]))

    for step in config["conversion_chain"]:
        collect(step["dict"])
    return files


def trigger_characters(conversion: str = CONVERSION) -> frozenset[str]:
    """Every character that converts on its own, and one character of every other entry that changes text: a
    text holding none of them is left unchanged by the converter."""
    entries: dict[str, str] = {}
    for path in _dictionary_files(conversion):
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("\t")
            if key:
                entries[key] = value
    changing = {key for key, value in entries.items() if len(key) == 1 and value.split(" ")[0] != key}
    listed = {key for key in entries if len(key) == 1}  # characters the table knows, changed or not (著)
    triggers = set(changing)
    for key, value in entries.items():
        if value == key:
            continue  # an entry that writes itself changes nothing (有序); its characters may still trigger others
        for choice in (changing, listed):
            found = [char for char in key if char in choice]
            if found:
                triggers.add(found[0])
                break
        else:
            triggers.add(key[0])
    return frozenset(triggers)


MAX_PART = 500


class SimplifiedConverter:
    def __init__(self) -> None:
        self._converter = OpenCC(CONVERSION)
        self._triggers = trigger_characters()
        self._converter.convert("")  # loads its tables, and with them its separators
        separators = self._converter.split_chars_re.pattern
        self._long_part = re.compile(f"(?:(?!{separators}).){{{MAX_PART + 1},}}", re.DOTALL)

    def needs_conversion(self, text: str) -> bool:
        return not self._triggers.isdisjoint(text)

    def convert(self, text: str) -> str:
        if not self.needs_conversion(text):
            return text
        if len(text) <= MAX_PART or not self._long_part.search(text):
            return self._converter.convert(text)
        pieces, position = [], 0
        for match in self._long_part.finditer(text):
            pieces.append(self._converter.convert(text[position:match.start()]))
            pieces.extend(self._converter.convert(text[cut:min(cut + MAX_PART, match.end())])
                          for cut in range(match.start(), match.end(), MAX_PART))
            position = match.end()
        pieces.append(self._converter.convert(text[position:]))
        return "".join(pieces)
