"""Cleaning: a page in, its record out (every stage, the record contract, the keep policy); a file's pages in,
its catalog entry out.

`Job` is what every call of a run shares: the configuration, the glossary, the run's
fingerprint, and the context the stages read, loaded once per process that uses it.
These functions are what an executor runs; they never raise for one bad file: an
unexpected error becomes a message, so a bug cannot cost the rest of the batch its output.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property

from pipeline import __version__
from pipeline.config import Config
from pipeline.glossary import Glossary
from pipeline.model import Document, Page
from pipeline.policy import drop_reason
from pipeline.readers import Rejection, Source, read
from pipeline.record import to_record
from pipeline.repeated import RepeatedLines
from pipeline.stages import Context, build_context, stage_list
from pipeline.store import FileEntry
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
class FileTask:
    path: str
    sha256: str
    items: list[Page | Rejection]
    repeated: RepeatedLines = field(default_factory=RepeatedLines)  # the repeated lines among its pages


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


def read_file(job: Job, source: Source) -> list[Page | Rejection] | str:
    """A file's pages and rejections, or the message of an unexpected error."""
    try:
        return list(read(source, job.config.ingest))
    except Exception as error:
        return internal_error(error)


def clean_file(job: Job, task: FileTask) -> FileEntry | str:
    """The catalog entry of one file from its pages, or the message of an unexpected error."""
    try:
        ctx = replace(job.context, repeated_lines=task.repeated) if task.repeated else job.context
        ids: list[str] = []
        records: list[str] = []
        dropped: list[str | None] = []
        rejections: list[dict[str, object]] = []
        stats: Counter[str] = Counter()
        for item in task.items:
            if isinstance(item, Rejection):
                rejections.append({"path": item.path, "reason": item.reason, "line": item.line})
                stats["ingest.rejected"] += 1
                continue
            doc, counts = clean_page(item, ctx)
            record = to_record(doc, __version__, job.glossary.fingerprint, job.config_fingerprint)
            ids.append(item.identity)
            records.append(serialise(record))
            dropped.append(drop_reason(doc, job.config.policy))
            stats.update(counts)
            stats["pages"] += 1
            stats[f"ingest.format.{item.format}"] += 1
        return FileEntry(task.sha256, job.fingerprint, ids, records, dropped, rejections, dict(stats),
                         task.repeated.signature())
    except Exception as error:
        return internal_error(error)
