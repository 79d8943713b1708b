"""The catalog: what was processed, from which bytes, by which pipeline (SQLite in `OUT/.medclean/`).

Per source file it keeps the file's sha256, the fingerprint (pipeline version +
glossary + config) that processed it, its records (as serialised JSON lines),
its rejections and its stage counts. A re-run reuses a file's entry when both
hashes match, and processes it again otherwise; files no longer among the
inputs are forgotten, so the output never holds a stale record.
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
    rejections TEXT NOT NULL,
    stats TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class FileEntry:
    sha256: str
    fingerprint: str
    ids: list[str]  # the record ids, in the order of `records`
    records: list[str]  # serialised records, one JSON line each
    rejections: list[dict[str, object]]
    stats: dict[str, int]


class Catalog:
    def __init__(self, state_dir: Path) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(state_dir / "catalog.sqlite")
        self._db.executescript(SCHEMA)

    def get(self, path: str) -> FileEntry | None:
        row = self._db.execute(
            "SELECT sha256, fingerprint, ids, records, rejections, stats FROM files WHERE path = ?", (path,)
        ).fetchone()
        if row is None:
            return None
        records = row[3].split("\n") if row[3] else []
        return FileEntry(row[0], row[1], json.loads(row[2]), records, json.loads(row[4]), json.loads(row[5]))

    def put(self, path: str, entry: FileEntry) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
            (path, json.dumps(entry.ids, ensure_ascii=False), entry.sha256, entry.fingerprint, "\n".join(entry.records),
             json.dumps(entry.rejections, ensure_ascii=False), json.dumps(entry.stats, sort_keys=True)),
        )

    def forget_all_but(self, live: set[str]) -> int:
        known = [row[0] for row in self._db.execute("SELECT path FROM files")]
        stale = [path for path in known if path not in live]
        self._db.executemany("DELETE FROM files WHERE path = ?", [(path,) for path in stale])
        return len(stale)

    def commit(self) -> None:
        self._db.commit()

    def close(self) -> None:
        self._db.close()
