"""Cleaning: a file in, its pages and their line keys out; a chunk of pages in, their records out.

`Job` is what every call of a run shares: the configuration, the glossary, the run's
fingerprint, and the context the stages read, loaded once per process that uses it.
These functions are what an executor runs, in this process, in a pool or on a cluster:
they touch no output file and never raise for one bad input: an unexpected error
becomes a message, so a bug cannot cost the rest of the batch its output.
"""

from __future__ import annotations

import signal
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property

from pipeline import __version__
from pipeline.config import Config
from pipeline.glossary import Glossary
from pipeline.model import Document, Page
from pipeline.policy import drop_reason
from pipeline.readers import Rejection, Source, read
from pipeline.record import to_record
from pipeline.repeated import RepeatedLines, page_line_keys
from pipeline.stages import Context, build_context, stage_list
from pipeline.writers import serialise


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
        return build_context(self.config, self.glossary)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("context", None)  # each process loads its own models
        state.pop("config_fingerprint", None)
        return state


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


@dataclass(frozen=True)
class ChunkResult:
    ids: list[str]
    records: list[str]  # serialised, one per page
    dropped: list[str | None]
    stats: dict[str, int]
    rejections: list[Rejection] = field(default_factory=list)  # pages that could not be cleaned, and why


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


def read_file(job: Job, source: Source) -> FileRead | str:
    """A file's pages and rejections, or the message of an unexpected error."""
    try:
        pages: list[Page] = []
        rejections: list[Rejection] = []
        for item in read(source, job.config.ingest):
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
    the message of an unexpected error."""
    try:
        ctx = replace(job.context, repeated_lines=task.repeated) if task.repeated else job.context
        budget = job.config.ingest.max_page_seconds
        result = ChunkResult([], [], [], {})
        stats: Counter[str] = Counter()
        for page in task.pages:
            try:
                with time_budget(budget):
                    doc, counts = clean_page(page, ctx)
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
            stats.update(counts)
            stats["pages"] += 1
            stats[f"ingest.format.{page.format}"] += 1
        result.stats.update(stats)
        return result
    except Exception as error:
        return internal_error(error)
