"""The fetch cache: one SQLite file under the user's cache directory, keeping each URL's body
with its ETag and Last-Modified, so a nightly rerun asks only "has it changed?" (conditional
GET, answered 304) and an article page already read is not fetched again."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    url           TEXT PRIMARY KEY,   -- as requested
    final_url     TEXT NOT NULL,      -- after redirects
    content_type  TEXT NOT NULL,
    etag          TEXT,
    last_modified TEXT,
    body          BLOB NOT NULL,
    fetched_at    REAL NOT NULL       -- seconds since the epoch
)
"""


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/summarize (~/.cache/summarize when unset)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "summarize"


@dataclass(frozen=True)
class Cached:
    url: str
    final_url: str
    content_type: str
    etag: str | None
    last_modified: str | None
    body: bytes


class FetchCache:
    """Thread-safe get/put of responses by URL (one connection, one lock: fetches are few and
    network-bound, so the database is never the bottleneck)."""

    def __init__(self, folder: str | Path):
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "fetch.sqlite"
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
        self._db.execute(_SCHEMA)

    def get(self, url: str) -> Cached | None:
        with self._lock:
            row = self._db.execute(
                "SELECT url, final_url, content_type, etag, last_modified, body FROM responses"
                " WHERE url = ?", (url,)).fetchone()
        return Cached(*row) if row else None

    def put(self, entry: Cached) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?)",
                (entry.url, entry.final_url, entry.content_type, entry.etag, entry.last_modified,
                 entry.body, time.time()),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
