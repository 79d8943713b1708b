"""The corpus view's numbers: records in (one at a time), a `CorpusSummary` out; memory holds counts, a few
examples per kind and one short row per page, never the records."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath
from urllib.parse import urlsplit

MT_EDGES = [round(step / 10, 1) for step in range(11)]
PAIR_EDGES = MT_EDGES
MACHINE_TRANSLATED = 0.5  # mt.score from which a page reads as machine-translated (the mt stage's half)
EXAMPLES = 3  # example lines kept per removal reason
EXAMPLE_CHARS = 160
LISTED = 50  # rows kept for the lists of pages (machine-translated, duplicates)
MIN_STREAM_CHARS = 40  # both streams at least this long for a concept missing from one to count as untranslated


@dataclass(frozen=True)
class PageRow:
    number: int  # the record's place in records.jsonl, from 0
    id: str
    site: str
    lang: str
    mt: float | None
    removed: int
    terms: int
    pairs: int
    duplicate_of: str | None


@dataclass
class CorpusSummary:
    pages: int = 0
    languages: Counter = field(default_factory=Counter)
    sites: Counter = field(default_factory=Counter)
    mt_bins: list[int] = field(default_factory=lambda: [0] * (len(MT_EDGES) - 1))
    machine_translated: list[tuple[float, str, str]] = field(default_factory=list)
    removed: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    site_removed: Counter = field(default_factory=Counter)  # characters removed per site
    site_kept: Counter = field(default_factory=Counter)  # characters kept per site
    concepts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # concept -> action counts
    untranslated: Counter = field(default_factory=Counter)  # (concept, the stream it is missing from)
    duplicates: int = 0
    duplicate_rows: list[tuple[str, str]] = field(default_factory=list)
    pairs: int = 0
    pair_bins: list[int] = field(default_factory=lambda: [0] * (len(PAIR_EDGES) - 1))
    rows: list[PageRow] = field(default_factory=list)

    def add(self, record: dict) -> None:
        """Count one record (in records.jsonl order)."""
        site = site_of(record)
        lang = (record.get("lang") or {}).get("doc") or "unknown"
        mt = (record.get("mt") or {}).get("score")
        self.pages += 1
        self.languages[lang] += 1
        self.sites[site] += 1
        if isinstance(mt, int | float):
            self.mt_bins[_bin(float(mt), MT_EDGES)] += 1
            if mt >= MACHINE_TRANSLATED:
                self.machine_translated.append((float(mt), record["id"], site))
                self.machine_translated.sort(key=lambda item: (-item[0], item[1]))
                del self.machine_translated[LISTED:]
        removed = record.get("removed") or []
        for line in removed:
            reason = line["reason"]
            self.removed[reason] += 1
            shown = " ".join(line["text"].split())[:EXAMPLE_CHARS]
            if len(self.examples[reason]) < EXAMPLES and shown not in self.examples[reason]:
                self.examples[reason].append(shown)
            self.site_removed[site] += len(line["text"])
        streams = {lang: (record.get(lang) or {}).get("text", "") for lang in ("en", "zh", "other")}
        self.site_kept[site] += sum(len(stream) for stream in streams.values())
        terms = record.get("terms") or []
        found: dict[str, set[str]] = {"en": set(), "zh": set()}
        for hit in terms:
            self.concepts[hit["concept"]][hit["action"]] += 1
            if hit["stream"] in found:
                found[hit["stream"]].add(hit["concept"])
        if all(len(streams[lang]) >= MIN_STREAM_CHARS for lang in ("en", "zh")):
            for concept in found["en"] - found["zh"]:
                self.untranslated[concept, "zh"] += 1
            for concept in found["zh"] - found["en"]:
                self.untranslated[concept, "en"] += 1
        first = record.get("duplicate_of")
        if first:
            self.duplicates += 1
            if len(self.duplicate_rows) < LISTED:
                self.duplicate_rows.append((record["id"], first))
        pairs = record.get("pairs") or []
        self.pairs += len(pairs)
        for pair in pairs:
            self.pair_bins[_bin(float(pair["score"]), PAIR_EDGES)] += 1
        self.rows.append(PageRow(self.pages - 1, record["id"], site, lang, mt, len(removed), len(terms), len(pairs),
                                 first))


def site_of(record: dict) -> str:
    """Where the page was published, as the record says (`source.site`); for a record without it, the host of
    its address (without www.), else the folder of its input file."""
    source = record.get("source") or {}
    if source.get("site"):
        return str(source["site"])
    url = source.get("url")
    if url:
        try:
            host = urlsplit(url).hostname
        except ValueError:
            host = None
        if host:
            return host.removeprefix("www.")
    parent = PurePath(source.get("path") or "").parent.name
    return f"(file) {parent or '.'}"


def _bin(value: float, edges: list[float]) -> int:
    for index in range(len(edges) - 1):
        if value < edges[index + 1]:
            return index
    return len(edges) - 2
