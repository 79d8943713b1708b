"""The HTML report: a cleaned folder (records.jsonl or .jsonl.gz, stats.json) in, a self-contained report out.

`report.html` is the corpus view (numbers, languages, machine-translation scores, removed lines by reason and
by site with examples, glossary concepts found, restored and corrected, untranslated terms, rejected inputs,
duplicates and pairs, changes since the previous run); beside it, `report_pages/` holds the page index
(ROWS_PER_INDEX pages a file) and the page views (PAGES_PER_FILE a file, each page an anchor `#p<number>`),
written as the records are read, so memory holds counts and one short row per page. Nothing is fetched: styles
and charts (SVG) are inline, the only script sorts tables, and every scraped string is escaped.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pipeline import __version__
from pipeline.exports.base import RecordsError, records_in
from pipeline.report.markup import LEGEND, document, numbers, table, text
from pipeline.report.page import page_view
from pipeline.report.summary import LISTED, MT_EDGES, PAIR_EDGES, CorpusSummary
from pipeline.report.svg import bars, histogram
from pipeline.writers.atomic import write_atomic

PAGES_PER_FILE = 100
ROWS_PER_INDEX = 1000
SITES_LISTED = 100
CONCEPTS_LISTED = 100
REJECTIONS_LISTED = 500


@dataclass(frozen=True)
class Report:
    path: Path  # the corpus view
    folder: Path  # the page index and page views
    pages: int
    files: int  # files written, the corpus view included


def records_file(folder: Path) -> Path:
    for name in ("records.jsonl", "records.jsonl.gz"):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"{folder}: no records.jsonl (run `medclean run` first)")


def _stats(folder: Path) -> dict:
    path = folder / "stats.json"
    if not path.is_file():
        return {}
    try:
        stats = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise RecordsError(f"{path}: not JSON") from None
    return stats if isinstance(stats, dict) else {}


def pages_file(number: int) -> str:
    return f"pages-{number // PAGES_PER_FILE + 1:04d}.html"


def page_link(number: int, label: str, prefix: str = "") -> str:
    return f'<a href="{prefix}{pages_file(number)}#p{number}">{text(label)}</a>'


def build_report(folder: Path, out: Path | None = None) -> Report:
    """Write the report; the page views go to a temporary folder first and replace the old ones only once every
    page is written, so a run that fails leaves the last report as it was."""
    out = out or folder / "report.html"
    pages_folder = out.parent / f"{out.stem}_pages"
    building = out.parent / f".{out.stem}_pages.building"
    stats = _stats(folder)
    records_path = records_file(folder)
    summary = CorpusSummary()
    articles: list[str] = []
    written = 0
    link_back = quote(out.name)

    def flush(last: int) -> None:
        nonlocal written
        body = (f'<p><a href="../{link_back}">corpus view</a> · <a href="index-{last // ROWS_PER_INDEX + 1:03d}.html">'
                f"page index</a></p>\n{LEGEND}\n" + "\n".join(articles))
        write_atomic(building / pages_file(last), [document(f"pages from {last - len(articles) + 2}",
                                                            body).encode("utf-8")])
        articles.clear()
        written += 1

    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    try:
        for number, record in enumerate(records_in(records_path)):
            summary.add(record)
            articles.append(page_view(record, number, records_path.name))
            if len(articles) == PAGES_PER_FILE:
                flush(number)
        if articles:
            flush(summary.pages - 1)
        indexes = _write_indexes(summary, building, link_back)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    shutil.rmtree(pages_folder, ignore_errors=True)
    building.rename(pages_folder)
    write_atomic(out, [_corpus_view(summary, stats, folder, quote(pages_folder.name), indexes).encode("utf-8")])
    return Report(out, pages_folder, summary.pages, written + indexes + 1)


def _shown(count: int, total: int) -> str:
    return f'<p class="muted">the first {count} of {total}</p>' if total > count else ""


def _write_indexes(summary: CorpusSummary, pages_folder: Path, report_link: str) -> int:
    count = (len(summary.rows) + ROWS_PER_INDEX - 1) // ROWS_PER_INDEX
    for index in range(count):
        rows = summary.rows[index * ROWS_PER_INDEX:(index + 1) * ROWS_PER_INDEX]
        others = " ".join(f'<a href="index-{other + 1:03d}.html">{other + 1}</a>' if other != index
                          else f"<b>{other + 1}</b>" for other in range(count))
        body = (f'<h1>pages {rows[0].number + 1} to {rows[-1].number + 1}</h1><p><a href="../{report_link}">'
                f"corpus view</a> · index files: {others}</p>"
                + table(("page", "site", "language", "mt score", "removed lines", "terms", "pairs", "duplicate of"),
                        [(page_link(row.number, row.id), row.site, row.lang, "" if row.mt is None else row.mt,
                          row.removed, row.terms, row.pairs, row.duplicate_of or "") for row in rows],
                        numeric=(3, 4, 5, 6), raw=(0,)))
        write_atomic(pages_folder / f"index-{index + 1:03d}.html",
                     [document("page index", body, sortable=True).encode("utf-8")])
    return count


def _corpus_view(summary: CorpusSummary, stats: dict, folder: Path, pages_folder: str, indexes: int) -> str:
    counts = stats.get("counts") or {}
    actions = {action: sum(by_action[action] for by_action in summary.concepts.values())
               for action in ("tagged", "restored", "corrected")}
    rejections = stats.get("rejections") or []
    machine = sum(summary.mt_bins[index] for index, edge in enumerate(MT_EDGES[:-1]) if edge >= 0.5)
    prefix = f"{pages_folder}/"
    dropped = sum(value for key, value in counts.items() if key.startswith("dropped."))
    parts = [f"<h1>medclean report: {text(folder.name or folder)}</h1>",
             f'<p class="muted">records of {text(folder)}; medclean {text(stats.get("version") or __version__)}, '
             f"pipeline fingerprint {text((stats.get('fingerprint') or '')[:16])}</p>",
             numbers([("pages", summary.pages), ("sites", len(summary.sites)),
                      *((f"{lang} pages", count) for lang, count in sorted(summary.languages.items())),
                      ("machine-translated (mt ≥ 0.5)", machine), ("removed lines", sum(summary.removed.values())),
                      ("term hits", sum(actions.values())), ("terms restored", actions["restored"]),
                      ("terms corrected", actions["corrected"]), ("sentence pairs", summary.pairs),
                      ("near-duplicates", summary.duplicates), ("rejected inputs", len(rejections)),
                      ("dropped by policy", dropped)]),
             "<h2>changes since the previous run</h2>"]
    changes = stats.get("changes") or {}
    no_changes = '<p class="muted">no changes recorded (no stats.json, or one without them)</p>'
    parts.append(table(("new", "changed", "unchanged", "gone", "rejected"),
                       [[changes.get(key, "") for key in ("new", "changed", "unchanged", "gone", "rejected")]],
                       numeric=range(5), sortable=False) if changes else no_changes)
    parts += ["<h2>languages</h2>", bars(sorted(summary.languages.items(), key=lambda item: -item[1])),
              "<h2>machine translation</h2><p>pages by mt score</p>",
              histogram(summary.mt_bins, MT_EDGES, label="pages by mt score")]
    if summary.machine_translated:
        listed = [(page_link(number, page_id, prefix), site, score)
                  for score, page_id, site, number in _numbered(summary.machine_translated, summary)]
        parts.append(f"<p>the {len(listed)} pages that read most machine-translated</p>"
                     + table(("page", "site", "mt score"), listed, numeric=(2,), raw=(0,)))
    parts += ["<h2>removed lines by reason</h2>", bars(summary.removed.most_common()),
              table(("reason", "lines", "examples"),
                    [(reason, count, " | ".join(summary.examples[reason]))
                     for reason, count in summary.removed.most_common()], numeric=(1,)),
              "<h2>sites by share of text removed</h2>"]
    site_rows = []
    for site, pages in summary.sites.items():
        removed, kept = summary.site_removed[site], summary.site_kept[site]
        share = removed / (removed + kept) if removed + kept else 0.0
        site_rows.append((site, pages, removed, kept, round(share, 3)))
    site_rows.sort(key=lambda row: (-row[4], row[0]))
    parts.append(table(("site", "pages", "characters removed", "characters kept", "share removed"),
                       site_rows[:SITES_LISTED], numeric=(1, 2, 3, 4)) + _shown(SITES_LISTED, len(site_rows)))
    concept_rows = sorted(((concept, by_action["tagged"], by_action["restored"], by_action["corrected"],
                            sum(by_action.values())) for concept, by_action in summary.concepts.items()),
                          key=lambda row: (-row[4], row[0]))
    parts += ["<h2>glossary concepts</h2>",
              table(("concept", "tagged", "restored", "corrected", "hits"), concept_rows[:CONCEPTS_LISTED],
                    numeric=(1, 2, 3, 4)) + _shown(CONCEPTS_LISTED, len(concept_rows)),
              "<h2>untranslated terms</h2><p>concepts found in one stream of a bilingual page whose counterpart never "
              "appears in the other stream</p>",
              table(("concept", "missing from", "pages"), [
                  (concept, side, count) for (concept, side), count in summary.untranslated.most_common(LISTED)],
                  numeric=(2,)) + _shown(LISTED, len(summary.untranslated)),
              f"<h2>rejected inputs ({len(rejections)})</h2>",
              table(("file", "line", "reason"), [(item.get("path"), item.get("line") or "", item.get("reason"))
                                                 for item in rejections[:REJECTIONS_LISTED]])
              + _shown(REJECTIONS_LISTED, len(rejections)),
              f"<h2>near-duplicates ({summary.duplicates})</h2>",
              table(("page", "repeats"), summary.duplicate_rows) + _shown(len(summary.duplicate_rows),
                                                                         summary.duplicates),
              f"<h2>sentence pairs ({summary.pairs})</h2>",
              histogram(summary.pair_bins, PAIR_EDGES, label="pairs by score"),
              "<h2>pages</h2><p>" + " ".join(f'<a href="{prefix}index-{index + 1:03d}.html">pages '
                                             f"{index * ROWS_PER_INDEX + 1} to "
                                             f"{min((index + 1) * ROWS_PER_INDEX, summary.pages)}</a>"
                                             for index in range(indexes)) + "</p>"]
    return document(f"medclean report: {folder.name}", "\n".join(parts), sortable=True)


def _numbered(listed: list[tuple[float, str, str]], summary: CorpusSummary) -> list[tuple[float, str, str, int]]:
    numbers_by_id = {row.id: row.number for row in summary.rows}
    return [(score, page_id, site, numbers_by_id[page_id]) for score, page_id, site in listed]
