"""The catalog: what was processed, from which bytes, by which pipeline (SQLite in `OUT/.medclean/`).

Per source file it keeps the file's sha256, the fingerprint (pipeline version +
glossary + config) that processed it, its records (as serialised JSON lines),
its rejections, its stage counts and the repeated lines its records relied on.
A re-run reuses a file's entry when both hashes match and the repeated lines
among its pages are unchanged, and processes it again otherwise; files no
longer among the inputs are forgotten, so the output never holds a stale record.

The learned line counts (cc_net-style): for every page ever processed, the
hashes of its normalised lines. A line's count is the number of distinct pages
that hold it, so processing the same page again changes nothing, and pages of
earlier runs keep teaching later ones.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    ids TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    records TEXT NOT NULL,
    dropped TEXT NOT NULL,
    rejections TEXT NOT NULL,
    stats TEXT NOT NULL,
    repeated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS page_lines (
    page TEXT NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (page, line)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS page_lines_by_line ON page_lines (line);
"""


@dataclass(frozen=True)
class FileEntry:
    sha256: str
    fingerprint: str
    ids: list[str]  # the record ids, in the order of `records`
    records: list[str]  # serialised records, one JSON line each
    dropped: list[str | None]  # per record, the keep policy's reason to drop it (None: kept)
    rejections: list[dict[str, object]]
    stats: dict[str, int]
    repeated: list[str]  # the repeated lines among its pages when it was cleaned (`RepeatedLines.signature`)


CATALOG_VERSION = 3


class Catalog:
    def __init__(self, state_dir: Path) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(state_dir / "catalog.sqlite")
        if self._db.execute("PRAGMA user_version").fetchone()[0] != CATALOG_VERSION:
            # an older layout is a cache of another version's work: start it afresh
            self._db.executescript("DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS page_lines;")
            self._db.execute(f"PRAGMA user_version = {CATALOG_VERSION}")
        self._db.executescript(SCHEMA)

    def get(self, path: str) -> FileEntry | None:
        row = self._db.execute(
            "SELECT sha256, fingerprint, ids, records, dropped, rejections, stats, repeated FROM files WHERE path = ?",
            (path,)).fetchone()
        if row is None:
            return None
        records = row[3].split("\n") if row[3] else []
        return FileEntry(row[0], row[1], json.loads(row[2]), records, json.loads(row[4]), json.loads(row[5]),
                         json.loads(row[6]), json.loads(row[7]))

    def put(self, path: str, entry: FileEntry) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (path, json.dumps(entry.ids, ensure_ascii=False), entry.sha256, entry.fingerprint, "\n".join(entry.records),
             json.dumps(entry.dropped), json.dumps(entry.rejections, ensure_ascii=False),
             json.dumps(entry.stats, sort_keys=True),
             json.dumps(entry.repeated)),
        )

    def set_page_lines(self, page: str, lines: set[str]) -> None:
        """Replace what is learned from `page` by its current line hashes."""
        self._db.execute("DELETE FROM page_lines WHERE page = ?", (page,))
        self._db.executemany("INSERT INTO page_lines VALUES (?, ?)", [(page, line) for line in sorted(lines)])

    def page_lines(self, page: str) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT line FROM page_lines WHERE page = ?", (page,))}

    def lines_on_pages(self, min_pages: int) -> dict[str, int]:
        """Hashes of the lines held by at least `min_pages` distinct pages, with their page counts."""
        query = "SELECT line, COUNT(*) FROM page_lines GROUP BY line HAVING COUNT(*) >= ?"
        return dict(self._db.execute(query, (min_pages,)).fetchall())

    def forget_all_but(self, live: set[str]) -> int:
        known = [row[0] for row in self._db.execute("SELECT path FROM files")]
        stale = [path for path in known if path not in live]
        self._db.executemany("DELETE FROM files WHERE path = ?", [(path,) for path in stale])
        return len(stale)

    def commit(self) -> None:
        self._db.commit()

    def close(self) -> None:
        self._db.close()
