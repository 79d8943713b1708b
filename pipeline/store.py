"""The catalog: what was processed, from which bytes, by which pipeline, and where its records are
(SQLite in `OUT/.medclean/`), plus the lock that keeps two runs out of one output folder.

Per source file: its sha256, the fingerprint (pipeline version, code, glossary and
configuration) that read it, how many chunks of pages it was cut into and the parts that
could not be read. Per chunk: the shard file holding its records (one JSON line each),
their ids, the keep policy's verdict on each, the stage counts and the repeated lines
its pages held when it was cleaned. The catalog holds pointers, never the records
themselves, and is committed after every file read and every chunk cleaned, so a killed
run resumes where it stopped.

The learned line counts (cc_net-style): for every page ever processed, the hashes of its
normalised lines. A line's count is the number of distinct pages that hold it, so
processing the same page again changes nothing, and pages of earlier runs keep teaching
later ones.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from pipeline.paths import escape, unescape

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    pages INTEGER NOT NULL,
    chunks INTEGER NOT NULL,
    rejections TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    path TEXT NOT NULL,
    number INTEGER NOT NULL,
    shard TEXT NOT NULL,
    ids TEXT NOT NULL,
    dropped TEXT NOT NULL,
    stats TEXT NOT NULL,
    repeated TEXT NOT NULL,
    rejections TEXT NOT NULL,
    counterparts TEXT NOT NULL,
    PRIMARY KEY (path, number)
);
CREATE TABLE IF NOT EXISTS page_lines (
    page TEXT NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (page, line)
) WITHOUT ROWID;
-- no index by line: its one query groups the whole table, which SQLite sorts in C in a few tens of ms, while
-- keeping the index up cost most of the time a cold run spends recording lines (0.7 s of 1.1 s, 148,000 rows)
DROP INDEX IF EXISTS page_lines_by_line;
CREATE TABLE IF NOT EXISTS first_seen (
    page TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS written (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""
# 5: repeated-line keys hold the page's site; 6: a chunk keeps its pages' rejections; 7: the order pages were first
# seen in, across runs (the first copy of a near-duplicate is the page seen first); 8: a chunk keeps its pages'
# counterpart keys (`pipeline/counterparts.py`) and what the last run wrote (`written`: its key, files, counts)
CATALOG_VERSION = 8


@dataclass(frozen=True)
class FileEntry:
    """A file read in full by one pipeline: the chunks its pages make and what could not be read."""

    sha256: str
    fingerprint: str
    pages: int
    chunks: int
    rejections: list[dict[str, object]]


@dataclass(frozen=True)
class ChunkEntry:
    """A chunk of a file's pages, cleaned: where its records are and what they hold."""

    number: int
    shard: str  # file name in the shards folder
    ids: list[str]  # the record ids, in the order of the shard's lines
    dropped: list[str | None]  # per record, the keep policy's reason to drop it (None: kept)
    stats: dict[str, int]
    repeated: list[str]  # the repeated lines among its pages when it was cleaned (`RepeatedLines.signature`)
    rejections: list[dict[str, object]] = field(default_factory=list)  # its pages that could not be cleaned
    counterparts: list[str | None] = field(default_factory=list)  # per record, its key to a page in another language


def chunks_committed(state_dir: Path) -> int:
    """How many cleaned chunks the catalog in `state_dir` holds, read from outside the run that writes it
    (read-only: a catalog not yet made is not created); 0 while there is none."""
    path = state_dir / "catalog.sqlite"
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    except sqlite3.Error:
        return 0


class OutputBusy(RuntimeError):
    """Another run holds the output folder."""


# the lock files open in this process, closed in a child it forks (closing, unlike unlocking, leaves the
# parent's lock); one hook for all of them, as a hook cannot be unregistered
_OPEN_LOCK_FILES: weakref.WeakSet[TextIO] = weakref.WeakSet()


def _close_lock_files_in_child() -> None:
    for handle in list(_OPEN_LOCK_FILES):
        if not handle.closed:
            handle.close()  # its buffer is empty: the holder's line was flushed when the lock was taken
    _OPEN_LOCK_FILES.clear()


os.register_at_fork(after_in_child=_close_lock_files_in_child)


class RunLock:
    """An exclusive lock on an output folder's state, held for a run; released when the process ends, however
    it ends, so a killed run never leaves the folder locked. A process forked from the holder (a worker) does
    not hold it: a lock belongs to every process with the file open, and a worker can outlive a killed run."""

    def __init__(self, state_dir: Path) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        self._path = state_dir / "lock"
        self._handle = open(self._path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the run
        _OPEN_LOCK_FILES.add(self._handle)
        try:
            fcntl.flock(self._handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._handle.seek(0)
            holder = self._handle.read().strip() or "another process"
            self._handle.close()
            raise OutputBusy(f"{state_dir.parent}: in use by another medclean run ({holder})") from None
        self._handle.seek(0)
        self._handle.truncate()
        self._handle.write(f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        self._handle.flush()

    def release(self) -> None:
        if not self._handle.closed:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()


class Catalog:
    def __init__(self, state_dir: Path) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(state_dir / "catalog.sqlite")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        if self._db.execute("PRAGMA user_version").fetchone()[0] != CATALOG_VERSION:
            # an older layout is a cache of another version's work: start it afresh
            self._db.executescript("DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS chunks; "
                                   "DROP TABLE IF EXISTS page_lines; DROP TABLE IF EXISTS first_seen; "
                                   "DROP TABLE IF EXISTS written;")
            self._db.execute(f"PRAGMA user_version = {CATALOG_VERSION}")
        self._db.executescript(SCHEMA)

    def file(self, path: str) -> FileEntry | None:
        row = self._db.execute("SELECT sha256, fingerprint, pages, chunks, rejections FROM files WHERE path = ?",
                               (escape(path),)).fetchone()
        return None if row is None else FileEntry(row[0], row[1], row[2], row[3], json.loads(row[4]))

    def put_file(self, path: str, entry: FileEntry) -> None:
        """Record that `path` was read into `entry.chunks` chunks; the chunks of what it held before go."""
        self._db.execute("DELETE FROM chunks WHERE path = ?", (escape(path),))
        self._db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                         (escape(path), entry.sha256, entry.fingerprint, entry.pages, entry.chunks,
                          json.dumps(entry.rejections, ensure_ascii=False)))

    def chunks(self, path: str) -> dict[int, ChunkEntry]:
        rows = self._db.execute("SELECT number, shard, ids, dropped, stats, repeated, rejections, counterparts "
                                "FROM chunks WHERE path = ?", (escape(path),))
        return {row[0]: ChunkEntry(row[0], row[1], [unescape(page) for page in json.loads(row[2])],
                                   json.loads(row[3]), json.loads(row[4]), json.loads(row[5]), json.loads(row[6]),
                                   json.loads(row[7]))
                for row in rows}

    def put_chunk(self, path: str, entry: ChunkEntry) -> None:
        """Record a cleaned chunk (a shard it replaces is then held by no chunk)."""
        self._db.execute("INSERT OR REPLACE INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (escape(path), entry.number, entry.shard,
                          json.dumps([escape(page) for page in entry.ids], ensure_ascii=False),
                          json.dumps(entry.dropped), json.dumps(entry.stats, sort_keys=True),
                          json.dumps(entry.repeated), json.dumps(entry.rejections, ensure_ascii=False),
                          json.dumps(entry.counterparts, ensure_ascii=False)))

    def set_pages_lines(self, pages: Iterable[tuple[str, Iterable[str]]]) -> None:
        """Replace what is learned from each page by its current line hashes (a page id given twice: the last
        wins): a file's pages in a few statements (one per page costs more than the writing)."""
        learned = {escape(page): lines for page, lines in pages}
        keys = list(learned)
        rows = [(key, line) for key, lines in learned.items() for line in sorted(lines)]
        for start in range(0, len(keys), 500):  # SQLite's limit on bound parameters
            batch = keys[start:start + 500]
            self._db.execute(f"DELETE FROM page_lines WHERE page IN ({', '.join('?' * len(batch))})", batch)
        self._db.executemany("INSERT INTO page_lines VALUES (?, ?)", rows)

    def lines_of_pages(self, pages: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(pages), 500):  # SQLite's limit on bound parameters
            batch = [escape(page) for page in pages[start:start + 500]]
            query = f"SELECT DISTINCT line FROM page_lines WHERE page IN ({', '.join('?' * len(batch))})"
            found.update(row[0] for row in self._db.execute(query, batch))
        return found

    def lines_on_pages(self, min_pages: int) -> dict[str, int]:
        """Hashes of the lines held by at least `min_pages` distinct pages, with their page counts."""
        query = "SELECT line, COUNT(*) FROM page_lines GROUP BY line HAVING COUNT(*) >= ?"
        return dict(self._db.execute(query, (min_pages,)).fetchall())

    def forget_all_but(self, live: set[str]) -> int:
        """Drop the files no longer among the inputs (their shards are then held by no chunk)."""
        kept = {escape(path) for path in live}
        stale = [row[0] for row in self._db.execute("SELECT path FROM files") if row[0] not in kept]
        for path in stale:
            self._db.execute("DELETE FROM chunks WHERE path = ?", (path,))
            self._db.execute("DELETE FROM files WHERE path = ?", (path,))
        return len(stale)

    def first_seen(self, pages: list[str]) -> dict[str, int]:
        """The order each page was first seen in, over every run: pages not seen before are numbered now, after
        all others, in the order given."""
        known: dict[str, int] = {}
        for start in range(0, len(pages), 500):  # SQLite's limit on bound parameters
            batch = [escape(page) for page in pages[start:start + 500]]
            query = f"SELECT page, seq FROM first_seen WHERE page IN ({', '.join('?' * len(batch))})"
            known.update((unescape(page), seq) for page, seq in self._db.execute(query, batch))
        following = (self._db.execute("SELECT MAX(seq) FROM first_seen").fetchone()[0] or 0) + 1
        new = [page for page in dict.fromkeys(pages) if page not in known]
        self._db.executemany("INSERT INTO first_seen VALUES (?, ?)",
                             [(escape(page), following + number) for number, page in enumerate(new)])
        known.update((page, following + number) for number, page in enumerate(new))
        return known

    def file_hashes(self) -> list[tuple[str, str]]:
        return [(unescape(row[0]), row[1]) for row in self._db.execute("SELECT path, sha256 FROM files")]

    def shards(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT shard FROM chunks")}

    def last_written(self) -> dict[str, object] | None:
        """What the last finished write left (`put_written`), or None."""
        row = self._db.execute("SELECT value FROM written WHERE name = 'output'").fetchone()
        return None if row is None else json.loads(row[0])

    def put_written(self, written: dict[str, object]) -> None:
        self._db.execute("INSERT OR REPLACE INTO written VALUES ('output', ?)",
                         (json.dumps(written, ensure_ascii=False, sort_keys=True),))

    def commit(self) -> None:
        self._db.commit()

    def close(self) -> None:
        self._db.close()
