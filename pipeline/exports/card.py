"""The dataset card: `README.md` in the export folder, written from the records it describes.

Counts (pages, exported pages, duplicates left out), the language mix, the sentence pairs and the
distribution of their scores, term coverage (the concepts found most, restored and corrected), the
removals by reason, a licence note and the pipeline fingerprints the records were made with."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipeline.exports.base import ExportOptions, pairs_of
from pipeline.writers.atomic import write_atomic

FILE = "README.md"
SCORE_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.01)
TOP = 15


def _table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def card(all_records: list[dict], records: list[dict], fmt: str, options: ExportOptions) -> str:
    duplicates = sum(1 for record in all_records if record.get("duplicate_of"))
    languages = Counter((record.get("lang") or {}).get("doc") or "unknown" for record in records)
    chosen = [pair for _, pair in pairs_of(records, options)]
    bins = Counter()
    for pair in chosen:
        for low, high in zip(SCORE_BINS, SCORE_BINS[1:], strict=False):
            if low <= pair["score"] < high:
                bins[f"{low:.1f}–{min(high, 1.0):.1f}"] += 1
    concepts: Counter[str] = Counter()
    actions: Counter[str] = Counter()
    for record in records:
        for hit in record.get("terms") or ():
            concepts[hit["concept"]] += 1
            actions[hit["action"]] += 1
    removed = Counter(item["reason"] for record in records for item in record.get("removed") or ())
    fingerprints = Counter((p.get("version"), p.get("glossary", "")[:12], p.get("config", "")[:12])
                           for p in (record.get("pipeline") or {} for record in records))
    with_terms = sum(1 for record in records if record.get("terms"))
    text = [f"# medclean export ({fmt})\n",
            "Bilingual (English / Chinese) medical web text cleaned by medclean: boilerplate removed, English and "
            "Chinese separated, normalised, glossary terms aligned. Generated from the records; do not edit.\n",
            "## Contents\n",
            _table(("what", "count"), [
                ("pages in the records", len(all_records)),
                ("pages exported", len(records)),
                ("near-duplicate pages left out", 0 if options.keep_duplicates else duplicates),
                ("sentence pairs exported", len(chosen)),
                (f"pairs scored below {options.min_pair_score:g} left out",
                 sum(1 for r in records for p in r.get("pairs") or () if p["score"] < options.min_pair_score)),
                ("pages with glossary terms", with_terms),
            ]),
            "## Language of the pages\n",
            _table(("language", "pages"), sorted(languages.items(), key=lambda item: (-item[1], item[0]))),
            "## Sentence pair scores\n",
            "The score combines the length fit of the two sides with the dictionary evidence that they translate "
            "each other (1 - (1 - length probability) x (1 - evidence)).\n",
            _table(("score", "pairs"), sorted(bins.items())) if chosen else "No sentence pairs.\n",
            "## Glossary terms\n",
            _table(("action", "hits"), sorted(actions.items())) if actions else "No term hits.\n",
            "\nMost frequent concepts:\n\n",
            _table(("concept", "hits"), concepts.most_common(TOP)) if concepts else "None.\n",
            "## Lines removed, by reason\n",
            _table(("reason", "lines"), sorted(removed.items(), key=lambda item: (-item[1], item[0])))
            if removed else "None.\n",
            "## Licence\n",
            "The text belongs to the sites it was scraped from; check their terms before you redistribute it. The "
            "glossary terms (concept ids, Chinese forms) come from CC-CEDICT and Chinese Wikipedia under CC BY-SA "
            "4.0 (see glossary/README.md in medclean).\n",
            "## Made with\n",
            _table(("medclean version", "glossary", "config", "pages"),
                   [(*key, count) for key, count in sorted(fingerprints.items(), key=str)])]
    return "\n".join(text)


def write_card(all_records: list[dict], records: list[dict], out: Path, fmt: str, options: ExportOptions) -> Path:
    target = out / FILE
    write_atomic(target, [card(all_records, records, fmt, options).encode("utf-8")])
    return target
