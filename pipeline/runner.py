"""Runner: input paths and a configuration in, the output folder written, a `RunResult` out.

Discovers the input files, reuses the catalog's entry for every file whose bytes,
fingerprint and repeated lines are unchanged, runs ingest and the stages over
the others (after learning which lines recur across pages), then
writes `records.jsonl` (one record per live page, first occurrence of an id
wins), `dropped.jsonl` when a keep policy is set, `stats.json` and the catalog in
`OUT/.medclean/`.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from pipeline import __version__
from pipeline.config import Config, IngestSettings
from pipeline.glossary import Glossary
from pipeline.model import Document, Page
from pipeline.policy import drop_reason, is_active
from pipeline.readers import Rejection, Source, discover, read
from pipeline.stages import Context, build_context, stage_list
from pipeline.stages.boilerplate import STRONGLY, page_line_keys
from pipeline.stages.records import to_record
from pipeline.store import Catalog, FileEntry
from pipeline.writers import serialise, write_atomic, write_json, write_records

STATE_DIR = ".medclean"


@dataclass
class RunResult:
    records_path: Path
    pages: int
    files: int
    reused_files: int
    rejections: list[Rejection] = field(default_factory=list)
    stats: Counter = field(default_factory=Counter)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's code and data files: a changed pipeline re-runs every page even when
    its version number has not moved (as between commits of a checkout)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".tsv", ".txt", ".json"):
            digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(config: Config, glossary: Glossary) -> str:
    blob = "\0".join((__version__, code_fingerprint(), glossary.fingerprint, config.fingerprint()))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def process_page(page: Page, ctx: Context) -> tuple[dict[str, object], Counter]:
    doc = Document(page=page)
    for _name, stage in stage_list():
        doc = stage(doc, ctx)
    record = to_record(doc, __version__, ctx.glossary.fingerprint, ctx.config.fingerprint())
    return record, doc.stats


def process_items(items: list[Page | Rejection], ctx: Context, file_hash: str, run_fingerprint: str,
                  repeated: list[str]) -> FileEntry:
    ids: list[str] = []
    records: list[str] = []
    rejections: list[dict[str, object]] = []
    stats: Counter = Counter()
    for item in items:
        if isinstance(item, Rejection):
            rejections.append({"path": item.path, "reason": item.reason, "line": item.line})
            stats["ingest.rejected"] += 1
            continue
        record, page_stats = process_page(item, ctx)
        ids.append(item.identity)
        records.append(serialise(record))
        stats.update(page_stats)
        stats["pages"] += 1
        stats[f"ingest.format.{item.format}"] += 1
    return FileEntry(file_hash, run_fingerprint, ids, records, rejections, dict(stats), repeated)


def _internal_error(error: Exception) -> str:
    return f"internal error, please report: {type(error).__name__}: {error}"


def ingest_task(task: tuple[Source, IngestSettings]) -> list[Page | Rejection] | str:
    """A file's pages and rejections, or the message of an unexpected error (a bug must not cost the
    rest of the batch its output)."""
    source, settings = task
    try:
        return list(read(source, settings))
    except Exception as error:
        return _internal_error(error)


_CONTEXTS: dict[str, Context] = {}  # one per run fingerprint in each process: models load once per worker


def clean_task(task: tuple[list[Page | Rejection], Config, Glossary, str, str, list[str]]) -> FileEntry | str:
    """The catalog entry of one file from its ingested items, or the message of an unexpected error."""
    items, config, glossary, file_hash, run_fingerprint, repeated = task
    if run_fingerprint not in _CONTEXTS:
        _CONTEXTS.clear()
        _CONTEXTS[run_fingerprint] = build_context(config, glossary)
    ctx = replace(_CONTEXTS[run_fingerprint], repeated_lines=frozenset(repeated))
    try:
        return process_items(items, ctx, file_hash, run_fingerprint, repeated)
    except Exception as error:
        return _internal_error(error)


def run(inputs: list[Path], out_dir: Path, config: Config, glossary: Glossary,
        progress: Callable[[list[Source]], object] | None = None, workers: int = 1) -> RunResult:
    """Two passes: ingest changed files and learn their lines; then clean every file whose
    result is not already in the catalog, and write the output. With `workers` > 1 both passes
    run in that many processes; results are taken in input order, so the output is the same."""
    sources, rejections = discover(inputs)
    out_dir.mkdir(parents=True, exist_ok=True)
    catalog = Catalog(out_dir / STATE_DIR)
    run_fingerprint = fingerprint(config, glossary)
    settings = config.ingest
    min_pages = int(config.get("boilerplate", "repeated_min_pages"))
    totals: Counter = Counter()
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
    mapper = pool.map if pool else map
    try:
        # pass 1: which files changed; ingest those and learn their lines
        hashes: dict[str, str] = {}
        entries: dict[str, FileEntry] = {}
        changed: list[Source] = []
        for source in sources:
            key = str(source.path)
            try:
                hashes[key] = file_sha256(source.path)
            except OSError as error:
                rejections.append(Rejection(key, f"cannot read: {error.strerror or error}"))
                continue
            entry = catalog.get(key)
            if entry and entry.sha256 == hashes[key] and entry.fingerprint == run_fingerprint:
                entries[key] = entry
            else:
                changed.append(source)
        pending: dict[str, list[Page | Rejection]] = {}
        outcomes = mapper(ingest_task, [(source, settings) for source in changed])
        for source, outcome in zip(progress(changed) if progress else changed, outcomes, strict=True):
            key = str(source.path)
            if isinstance(outcome, str):
                rejections.append(Rejection(key, outcome))
                totals["run.internal_errors"] += 1
                continue
            pending[key] = outcome
            for item in outcome:
                if isinstance(item, Page):
                    catalog.set_page_lines(item.identity, page_line_keys(item.text))
        counts = catalog.lines_on_pages(min_pages) if min_pages > 0 else {}
        # a line on min_pages pages is boilerplate; one that reads as a sentence needs twice as many
        marks = {line: line + (STRONGLY if count >= 2 * min_pages else "") for line, count in counts.items()}

        # pass 2: clean what is not already known, in input order
        tasks: dict[str, tuple[list[Page | Rejection], Config, Glossary, str, str, list[str]]] = {}
        reused = 0
        for source in sources:
            key = str(source.path)
            entry = entries.get(key)
            if entry is not None:
                page_keys = set().union(*(catalog.page_lines(page) for page in entry.ids)) if entry.ids else set()
                if sorted(marks[key] for key in page_keys if key in marks) == entry.repeated:
                    reused += 1
                    continue
                del entries[key]  # a line of it has become boilerplate since: clean it again
                outcome = ingest_task((source, settings))
                if isinstance(outcome, str):
                    rejections.append(Rejection(key, outcome))
                    continue
                pending[key] = outcome
            if key in pending:
                items = pending.pop(key)
                page_keys = set().union(*(page_line_keys(item.text) for item in items if isinstance(item, Page)))
                tasks[key] = (items, config, glossary, hashes[key], run_fingerprint,
                              sorted(marks[key] for key in page_keys if key in marks))
        keys = list(tasks)
        for key, outcome in zip(progress(keys) if progress else keys, mapper(clean_task, tasks.values()),
                                strict=True):
            if isinstance(outcome, str):
                rejections.append(Rejection(key, outcome))
                totals["run.internal_errors"] += 1
                continue
            catalog.put(key, outcome)
            entries[key] = outcome
        lines: list[str] = []
        seen_ids: set[str] = set()
        for source in sources:
            entry = entries.get(str(source.path))
            if entry is None:
                continue
            for rejection in entry.rejections:
                rejections.append(Rejection(str(rejection["path"]), str(rejection["reason"]), rejection.get("line")))
            for record_id, line in zip(entry.ids, entry.records, strict=True):
                if record_id in seen_ids:
                    totals["records.duplicate_id_skipped"] += 1
                    continue
                seen_ids.add(record_id)
                lines.append(line)
            totals.update(entry.stats)
        catalog.forget_all_but(set(hashes))
        policy = config.values["policy"]
        if is_active(policy):
            kept: list[str] = []
            dropped: list[str] = []
            for line in lines:
                reason = drop_reason(json.loads(line), policy)
                if reason:
                    dropped.append(serialise({"reason": reason, "record": json.loads(line)}))
                    totals[f"dropped.{reason}"] += 1
                else:
                    kept.append(line)
            lines = kept
            write_atomic(out_dir / "dropped.jsonl", ["".join(d + "\n" for d in dropped).encode("utf-8")])
        elif (out_dir / "dropped.jsonl").exists():
            (out_dir / "dropped.jsonl").unlink()
        records_path = write_records(out_dir, lines, bool(config.get("output", "compress")))
        totals["run.files"] = len(sources)
        totals["run.files_reused"] = reused
        totals["run.records"] = len(lines)
        totals["run.rejections"] = len(rejections)
        totals["run.repeated_lines_known"] = len(marks)
        write_json(out_dir / "stats.json", {
            "version": __version__, "fingerprint": run_fingerprint, "counts": dict(sorted(totals.items())),
        })
        catalog.commit()
    finally:
        catalog.close()
        if pool:
            pool.shutdown()
    return RunResult(records_path, len(lines), len(sources), reused, rejections, totals)
