"""Runner: input paths and a configuration in, the output folder written, a `RunResult` out.

plan → learn → execute → decide → write:
- plan: discover the input files, hash them, and reuse the catalog's entry for every
  file whose bytes and fingerprint are unchanged;
- learn: read the other files and record their lines in the catalog, so a line's count
  is the number of distinct pages that hold it (this run and earlier ones);
- execute: clean every file whose entry cannot be reused (new, changed, or holding a
  line that has since become repeated), on the chosen executor;
- decide: the keep policy's verdict, taken per page while cleaning, splits the records;
- write: `records.jsonl` (one record per live page, the first of an id wins), `dropped.jsonl`
  when a keep policy is set, `stats.json`, and the catalog in `OUT/.medclean/`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline import __version__
from pipeline.clean import FileTask, Job, clean_file, read_file
from pipeline.config import Config
from pipeline.executors import Executor, make_executor
from pipeline.glossary import Glossary
from pipeline.model import Page
from pipeline.readers import Rejection, Source, discover
from pipeline.repeated import RepeatedLines, page_line_keys
from pipeline.store import Catalog, FileEntry
from pipeline.writers import serialise, write_dropped, write_json, write_records

STATE_DIR = ".medclean"
Progress = Callable[[list[str]], Iterable[str]]


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


@dataclass
class Plan:
    sources: list[Source]
    hashes: dict[str, str]  # path -> sha256 of every readable input file
    known: dict[str, FileEntry]  # the catalog's entries made from the same bytes by the same pipeline
    changed: list[Source]  # the files to read
    rejections: list[Rejection]


def make_plan(inputs: list[Path], catalog: Catalog, run_fingerprint: str) -> Plan:
    sources, rejections = discover(inputs)
    plan = Plan(sources, {}, {}, [], rejections)
    for source in sources:
        key = str(source.path)
        try:
            plan.hashes[key] = file_sha256(source.path)
        except OSError as error:
            rejections.append(Rejection(key, f"cannot read: {error.strerror or error}"))
            continue
        entry = catalog.get(key)
        if entry and entry.sha256 == plan.hashes[key] and entry.fingerprint == run_fingerprint:
            plan.known[key] = entry
        else:
            plan.changed.append(source)
    return plan


def _labelled(progress: Progress | None, keys: list[str]) -> Iterable[str]:
    return progress(keys) if progress else keys


def learn(plan: Plan, executor: Executor, job: Job, catalog: Catalog, totals: Counter,
          progress: Progress | None) -> dict[str, list[Page | Rejection]]:
    """Read the changed files and record the lines of their pages; their items, by path."""
    read: dict[str, list[Page | Rejection]] = {}
    keys = [str(source.path) for source in plan.changed]
    outcomes = executor.map(read_file, job, plan.changed)
    for key, outcome in zip(_labelled(progress, keys), outcomes, strict=True):
        if isinstance(outcome, str):
            plan.rejections.append(Rejection(key, outcome))
            totals["run.internal_errors"] += 1
            continue
        read[key] = outcome
        for item in outcome:
            if isinstance(item, Page):
                catalog.set_page_lines(item.identity, page_line_keys(item.text))
    return read


def _lines_of(items: list[Page | Rejection]) -> set[str]:
    return set().union(*(page_line_keys(item.text) for item in items if isinstance(item, Page)))


def tasks_to_run(plan: Plan, read: dict[str, list[Page | Rejection]], repeated: RepeatedLines,
                 catalog: Catalog, job: Job) -> tuple[list[FileTask], int]:
    """The files to clean, in input order, and how many known entries stay valid. A known entry goes
    when a line of its pages has become repeated (or stopped being) since it was made."""
    tasks: list[FileTask] = []
    reused = 0
    for source in plan.sources:
        key = str(source.path)
        entry = plan.known.get(key)
        if entry is not None:
            page_keys = set().union(*(catalog.page_lines(page) for page in entry.ids)) if entry.ids else set()
            if repeated.among(page_keys).signature() == entry.repeated:
                reused += 1
                continue
            del plan.known[key]
            outcome = read_file(job, source)
            if isinstance(outcome, str):
                plan.rejections.append(Rejection(key, outcome))
                continue
            read[key] = outcome
        if key in read:
            items = read.pop(key)
            tasks.append(FileTask(key, plan.hashes[key], items, repeated.among(_lines_of(items))))
    return tasks, reused


def execute(tasks: list[FileTask], executor: Executor, job: Job, catalog: Catalog, plan: Plan, totals: Counter,
            progress: Progress | None) -> None:
    """Clean the tasks and keep each entry in the catalog and the plan."""
    keys = [task.path for task in tasks]
    for key, outcome in zip(_labelled(progress, keys), executor.map(clean_file, job, tasks), strict=True):
        if isinstance(outcome, str):
            plan.rejections.append(Rejection(key, outcome))
            totals["run.internal_errors"] += 1
            continue
        catalog.put(key, outcome)
        plan.known[key] = outcome


@dataclass
class Output:
    records: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def decide(plan: Plan, totals: Counter) -> Output:
    """The records of every file in input order (the first of an id wins), split by the keep policy."""
    output = Output()
    seen_ids: set[str] = set()
    for source in plan.sources:
        entry = plan.known.get(str(source.path))
        if entry is None:
            continue
        for rejection in entry.rejections:
            plan.rejections.append(Rejection(str(rejection["path"]), str(rejection["reason"]), rejection.get("line")))
        for record_id, line, reason in zip(entry.ids, entry.records, entry.dropped, strict=True):
            if record_id in seen_ids:
                totals["records.duplicate_id_skipped"] += 1
                continue
            seen_ids.add(record_id)
            if reason:
                output.dropped.append(_dropped_line(reason, line))
                totals[f"dropped.{reason}"] += 1
            else:
                output.records.append(line)
        totals.update(entry.stats)
    return output


def _dropped_line(reason: str, record_line: str) -> str:
    return serialise({"reason": reason})[:-1] + ',"record":' + record_line + "}"


def run(inputs: list[Path], out_dir: Path, config: Config, glossary: Glossary,
        progress: Progress | None = None, workers: int = 1) -> RunResult:
    """Clean `inputs` into `out_dir`. With `workers` > 1 reading and cleaning run in that many processes;
    results are taken in input order, so the output is the same."""
    out_dir.mkdir(parents=True, exist_ok=True)
    catalog = Catalog(out_dir / STATE_DIR)
    job = Job(config, glossary, fingerprint(config, glossary))
    executor = make_executor(workers)
    totals: Counter = Counter()
    try:
        plan = make_plan(inputs, catalog, job.fingerprint)
        read = learn(plan, executor, job, catalog, totals, progress)
        min_pages = config.boilerplate.repeated_min_pages
        counts = catalog.lines_on_pages(min_pages) if min_pages > 0 else {}
        repeated = RepeatedLines.from_counts(counts, min_pages)
        tasks, reused = tasks_to_run(plan, read, repeated, catalog, job)
        execute(tasks, executor, job, catalog, plan, totals, progress)
        output = decide(plan, totals)
        catalog.forget_all_but(set(plan.hashes))
        write_dropped(out_dir, output.dropped if config.policy.active else None)
        records_path = write_records(out_dir, output.records, config.output.compress)
        totals["run.files"] = len(plan.sources)
        totals["run.files_reused"] = reused
        totals["run.records"] = len(output.records)
        totals["run.rejections"] = len(plan.rejections)
        totals["run.repeated_lines_known"] = len(repeated)
        write_json(out_dir / "stats.json", {
            "version": __version__, "fingerprint": job.fingerprint, "counts": dict(sorted(totals.items())),
        })
        catalog.commit()
    finally:
        catalog.close()
        executor.close()
    return RunResult(records_path, len(output.records), len(plan.sources), reused, plan.rejections, totals)


__all__ = ["RunResult", "STATE_DIR", "run"]
