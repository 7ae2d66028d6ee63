"""What earlier digests sent, in a SQLite file: the memory that makes the digest exactly-once.

An event's identity is the set of articles it was sent with. Grouping is redone every night
and its event ids may change, so tonight's event is matched to a sent one by shared articles:
no shared article means a new event; shared articles plus at least one unsent original
(not a near-copy) means an update; otherwise it was already sent and is left out.

The state is opened inside one transaction (`BEGIN IMMEDIATE`, so a second digest running at
the same time waits, then fails clearly instead of sending the same events again). Writes made
by `record` become visible only when the caller commits, which the digest job does after the
SMTP server accepted the message.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from summarize.records import Event, as_utc

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,  -- the stable digest event id
    title      TEXT NOT NULL,
    first_sent TEXT NOT NULL,        -- ISO 8601, UTC
    last_sent  TEXT NOT NULL
);
CREATE TABLE articles (
    id       TEXT PRIMARY KEY,       -- the article id from ingest
    event_id INTEGER NOT NULL REFERENCES events(id),
    sent_at  TEXT NOT NULL
);
CREATE TABLE digests (
    id         INTEGER PRIMARY KEY,
    sent_at    TEXT NOT NULL,
    message_id TEXT NOT NULL,
    recipients TEXT NOT NULL,        -- comma-separated
    events     INTEGER NOT NULL,
    articles   INTEGER NOT NULL
);
CREATE INDEX articles_event ON articles(event_id);
"""


class StateError(Exception):
    """The state file cannot be used (not a digest state, newer schema, unreadable)."""


class StateLocked(StateError):
    """Another digest run holds the state."""


@dataclass(frozen=True)
class Selected:
    """An event chosen for tonight's digest.

    `status` is "new" (no article sent before) or "update" (grew since it was sent);
    `state_id` is the matched sent event (None for a new one); `new_articles` are the ids
    not sent before, in the event's order.
    """

    event: Event
    status: Literal["new", "update"]
    state_id: int | None
    new_articles: tuple[str, ...]


class DigestState:
    """An open state file, inside one transaction. Use `open_state` to get one."""

    def __init__(self, connection: sqlite3.Connection, *, writable: bool) -> None:
        self._db = connection
        self.writable = writable

    # reading -------------------------------------------------------------------------

    def sent_articles(self, ids: Iterable[str]) -> dict[str, int]:
        """For each of `ids` already sent: the digest event it was sent in."""
        found: dict[str, int] = {}
        batch: list[str] = []
        for article_id in ids:
            batch.append(article_id)
            if len(batch) == 500:  # stay under SQLite's bound-parameter limit
                found.update(self._lookup(batch))
                batch = []
        found.update(self._lookup(batch))
        return found

    def _lookup(self, ids: Sequence[str]) -> dict[str, int]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._db.execute(f"SELECT id, event_id FROM articles WHERE id IN ({marks})", ids)
        return dict(rows.fetchall())

    def last_sent(self) -> datetime | None:
        """When the last digest was accepted by the mail server (None before the first)."""
        (value,) = self._db.execute("SELECT max(sent_at) FROM digests").fetchone()
        return datetime.fromisoformat(value) if value else None

    def counts(self) -> dict[str, int]:
        """Rows per table (for messages and tests)."""
        return {
            table: self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("events", "articles", "digests")
        }

    def select(self, events: Sequence[Event]) -> list[Selected]:
        """The events that are new or have gained original articles since they were sent."""
        sent = self.sent_articles(a for e in events for a in e.article_ids)
        chosen: list[Selected] = []
        for event in events:
            unsent = tuple(a for a in event.article_ids if a not in sent)
            duplicate_of = event.duplicate_of
            if not any(a not in duplicate_of for a in unsent):
                continue  # nothing, or only near-copies of what readers already have
            matches = Counter(sent[a] for a in event.article_ids if a in sent)
            if not matches:
                chosen.append(Selected(event, "new", None, unsent))
                continue
            # Two sent events can meet in one group tonight: continue the one that shares
            # the most articles (the oldest on a tie), so the choice is deterministic.
            state_id = min(matches, key=lambda sid: (-matches[sid], sid))
            chosen.append(Selected(event, "update", state_id, unsent))
        return chosen

    # writing -------------------------------------------------------------------------

    def record(
        self,
        selected: Sequence[Selected],
        *,
        sent_at: datetime,
        message_id: str,
        recipients: Sequence[str],
    ) -> None:
        """Record a digest the server accepted (visible once the transaction commits)."""
        if not self.writable:
            raise StateError("the state was opened read-only (dry run); nothing can be recorded")
        when = as_utc(sent_at).isoformat(timespec="microseconds")  # sorts as text
        for item in selected:
            if item.state_id is None:
                cursor = self._db.execute(
                    "INSERT INTO events(title, first_sent, last_sent) VALUES (?, ?, ?)",
                    (item.event.title, when, when),
                )
                state_id = cursor.lastrowid
            else:
                state_id = item.state_id
                self._db.execute(
                    "UPDATE events SET title = ?, last_sent = ? WHERE id = ?",
                    (item.event.title, when, state_id),
                )
            self._db.executemany(
                "INSERT INTO articles(id, event_id, sent_at) VALUES (?, ?, ?)",
                [(article_id, state_id, when) for article_id in item.new_articles],
            )
        self._db.execute(
            "INSERT INTO digests(sent_at, message_id, recipients, events, articles)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                when,
                message_id,
                ",".join(recipients),
                len(selected),
                sum(len(item.new_articles) for item in selected),
            ),
        )


@contextmanager
def open_state(
    path: str | Path, *, writable: bool = True, timeout: float = 10.0
) -> Iterator[DigestState]:
    """`with open_state(path) as state:` commits when the block succeeds, else rolls back.

    With `writable=False` (dry runs) the file is only read; a missing or empty file reads as
    an empty state and is not created.
    """
    path = Path(path)
    try:
        db = _connect(path, writable, timeout)
    except (sqlite3.Error, OSError) as exc:
        raise StateError(f"{path}: cannot open the digest state: {exc}") from exc
    try:
        try:
            db.execute("BEGIN IMMEDIATE" if writable else "BEGIN")
            _prepare(db, path)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                raise StateLocked(
                    f"{path}: the state is locked by another digest run (waited {timeout:g} s)"
                ) from exc
            raise StateError(f"{path}: cannot open the digest state: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise StateError(f"{path}: not a digest state file ({exc})") from exc
        yield DigestState(db, writable=writable)
        db.execute("COMMIT" if writable else "ROLLBACK")
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()


def _connect(path: Path, writable: bool, timeout: float) -> sqlite3.Connection:
    if writable:
        path.parent.mkdir(parents=True, exist_ok=True)
        target, uri = str(path), False
    elif path.exists() and path.stat().st_size:
        target, uri = f"{path.resolve().as_uri()}?mode=ro", True
    else:
        target, uri = ":memory:", False
    # isolation_level=None: transactions are begun and ended explicitly by open_state.
    return sqlite3.connect(target, timeout=timeout, isolation_level=None, uri=uri)


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    """Check the schema version; create the schema in a new (empty) database."""
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise StateError(
            f"{path}: state schema version {version} is newer than this summarize "
            f"understands ({SCHEMA_VERSION}); upgrade summarize"
        )
    if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise StateError(f"{path}: this SQLite file is not a digest state")
    # One statement at a time: executescript() would commit the open transaction.
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
