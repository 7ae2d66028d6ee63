"""What earlier digests sent, in a SQLite file: the memory that makes the digest exactly-once.

An event's identity is the set of articles it was sent with. Grouping is redone every night
and its event ids may change, so tonight's event is matched to a sent one by shared articles:
no shared article means a new event; shared articles plus at least one unsent original
(not a near-copy) means an update; otherwise it was already sent and is left out. Each sent
original also keeps its profile (summarize.digest.profiles), so that the job can match an
event whose earlier articles are no longer among the inputs (stream mode).

Exactly-once, as far as a mail server allows: a run holds an exclusive lock file beside the
state (a second digest at the same time waits, then fails clearly), the database is in WAL
mode (a reader, such as a backup, never blocks the commit), and a digest is recorded as
*pending*, with its whole message, and committed BEFORE it is sent. A lock or a full disk
therefore fails before anything is sent; a failed send cancels the pending record; a crash
after the server's 250 leaves it pending, and the next run re-sends that same message (same
Message-ID, so mail clients show it once) before anything new. Damaged state of any kind is
a StateError naming the file.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from summarize.records import Event, as_utc

SCHEMA_VERSION = 3

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
    sent_at  TEXT NOT NULL,
    profile  TEXT                    -- JSON (summarize.digest.profiles), NULL for a near-copy
);
CREATE TABLE digests (
    id         INTEGER PRIMARY KEY,
    sent_at    TEXT NOT NULL,
    message_id TEXT NOT NULL,
    recipients TEXT NOT NULL,        -- comma-separated
    events     INTEGER NOT NULL,
    articles   INTEGER NOT NULL,
    status     TEXT NOT NULL DEFAULT 'sent',  -- 'pending' until the server accepted it
    message    BLOB                           -- the whole message while pending
);
CREATE INDEX articles_event ON articles(event_id);
"""
# Version 1 had no pending digests, version 2 no article profiles.
_MIGRATIONS = {
    1: ("ALTER TABLE digests ADD COLUMN status TEXT NOT NULL DEFAULT 'sent'",
        "ALTER TABLE digests ADD COLUMN message BLOB"),
    2: ("ALTER TABLE articles ADD COLUMN profile TEXT",),
}
_COLUMNS = {
    "events": {"id", "title", "first_sent", "last_sent"},
    "articles": {"id", "event_id", "sent_at", "profile"},
    "digests": {"id", "sent_at", "message_id", "recipients", "events", "articles", "status", "message"},
}


class StateError(Exception):
    """The state file cannot be used (not a digest state, newer schema, unreadable)."""


class StateLocked(StateError):
    """Another digest run holds the state."""


class StateUnwritable(StateError):
    """The state cannot be written now (disk full, locked): nothing was sent."""


@dataclass(frozen=True)
class Pending:
    """A digest recorded but not known to be accepted by the mail server."""

    digest_id: int
    message: bytes
    recipients: tuple[str, ...]


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

    def __init__(self, connection: sqlite3.Connection, path: Path, *, writable: bool) -> None:
        self._db = connection
        self.path = path
        self.writable = writable

    def commit(self) -> None:
        """Make what was recorded so far durable now (then go on in a new transaction);
        StateUnwritable when the disk is full or the file cannot be written."""
        if not self.writable:
            return
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StateUnwritable(f"{self.path}: cannot write the digest state ({exc})") from exc
        self._db.execute("BEGIN IMMEDIATE")

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
        (value,) = self._db.execute(
            "SELECT max(sent_at) FROM digests WHERE status = 'sent'").fetchone()
        if not value:
            return None
        try:
            return as_utc(datetime.fromisoformat(value))
        except (TypeError, ValueError):
            raise StateError(f"{self.path}: damaged digest state: sent_at {value!r} is not a time") from None

    def pending(self) -> Pending | None:
        """The digest recorded before a send whose outcome was never recorded, if any."""
        row = self._db.execute(
            "SELECT id, message, recipients FROM digests WHERE status = 'pending' ORDER BY id LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        if not isinstance(row[1], bytes) or not row[1]:
            raise StateError(f"{self.path}: damaged digest state: pending digest {row[0]} has no message")
        return Pending(row[0], row[1], tuple(r for r in str(row[2]).split(",") if r))

    def profiles(self, since: datetime) -> dict[int, list[str]]:
        """The article profiles of every event sent since `since`, by state id."""
        rows = self._db.execute(
            "SELECT a.event_id, a.profile FROM articles a JOIN events e ON e.id = a.event_id"
            " WHERE e.last_sent >= ? AND a.profile IS NOT NULL ORDER BY a.event_id, a.id",
            (as_utc(since).isoformat(timespec="microseconds"),),
        )
        found: dict[int, list[str]] = {}
        for state_id, profile in rows:
            found.setdefault(state_id, []).append(profile)
        return found

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
        message: bytes | None = None,
        profiles: Mapping[str, str] | None = None,
    ) -> int:
        """Record a digest (visible once committed): as sent, or with the `message` to send as
        pending (`mark_sent` once the server accepted it), with the `profiles` of its new
        articles (by id). Returns the digest's id."""
        profiles = profiles or {}
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
                if message is None:
                    self._touch(state_id, item.event.title, when)
            self._db.executemany(
                "INSERT INTO articles(id, event_id, sent_at, profile) VALUES (?, ?, ?, ?)",
                [(article_id, state_id, when, profiles.get(article_id)) for article_id in item.new_articles],
            )
        cursor = self._db.execute(
            "INSERT INTO digests(sent_at, message_id, recipients, events, articles, status, message)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                when,
                message_id,
                ",".join(recipients),
                len(selected),
                sum(len(item.new_articles) for item in selected),
                "sent" if message is None else "pending",
                message,
            ),
        )
        return cursor.lastrowid

    def _touch(self, state_id: int, title: str | None, when: str) -> None:
        self._db.execute(
            "UPDATE events SET title = coalesce(?, title), last_sent = ? WHERE id = ?",
            (title, when, state_id),
        )

    def mark_sent(self, digest_id: int, *, sent_at: datetime, recipients: Sequence[str]) -> None:
        """The pending digest was accepted by the server (for `recipients`): the events it
        updated are marked as sent again only now, so a cancelled digest leaves no trace."""
        (recorded,) = self._db.execute("SELECT sent_at FROM digests WHERE id = ?", (digest_id,)).fetchone()
        for (state_id,) in self._db.execute(
            "SELECT DISTINCT event_id FROM articles WHERE sent_at = ?", (recorded,)
        ).fetchall():
            self._touch(state_id, None, recorded)
        self._db.execute(
            "UPDATE digests SET status = 'sent', message = NULL, sent_at = ?, recipients = ?"
            " WHERE id = ?",
            (as_utc(sent_at).isoformat(timespec="microseconds"), ",".join(recipients), digest_id),
        )

    def cancel(self, digest_id: int) -> None:
        """Forget a pending digest that was not sent: its articles count as unsent again."""
        (when,) = self._db.execute("SELECT sent_at FROM digests WHERE id = ?", (digest_id,)).fetchone()
        self._db.execute("DELETE FROM articles WHERE sent_at = ?", (when,))
        self._db.execute("DELETE FROM events WHERE first_sent = ?", (when,))
        self._db.execute("DELETE FROM digests WHERE id = ?", (digest_id,))


@contextmanager
def open_state(
    path: str | Path, *, writable: bool = True, timeout: float = 10.0
) -> Iterator[DigestState]:
    """`with open_state(path) as state:` commits when the block succeeds, else rolls back
    what was not committed with `state.commit()`.

    A writable state is held by this run alone (a lock file beside it) for the whole block.
    With `writable=False` (dry runs) the file is only read; a missing or empty file reads as
    an empty state and is not created.
    """
    path = Path(path)
    lock = _run_lock(path, timeout) if writable else None
    try:
        try:
            db = _connect(path, writable, timeout)
        except (sqlite3.Error, OSError) as exc:
            raise _opening_error(path, exc, timeout) from exc
        try:
            try:
                db.execute("BEGIN IMMEDIATE" if writable else "BEGIN")
                _prepare(db, path)
            except sqlite3.OperationalError as exc:
                raise _opening_error(path, exc, timeout) from exc
            except sqlite3.DatabaseError as exc:
                raise StateError(f"{path}: not a digest state file ({exc})") from exc
            try:
                yield DigestState(db, path, writable=writable)
            except sqlite3.DatabaseError as exc:
                raise StateError(f"{path}: damaged digest state ({exc})") from exc
            if writable:
                DigestState(db, path, writable=True).commit()
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")
            db.close()
    finally:
        if lock is not None:
            os.close(lock)


def _opening_error(path: Path, exc: Exception, timeout: float) -> StateError:
    """A lock or a full/read-only disk is a condition of tonight (exit 1, try again later);
    anything else is a problem with the file itself."""
    text = str(exc).lower()
    if "locked" in text:
        return StateLocked(f"{path}: the state is locked by another digest run (waited {timeout:g} s)")
    if any(word in text for word in ("full", "readonly", "read-only", "disk i/o", "unable to open")):
        return StateUnwritable(f"{path}: cannot write the digest state ({exc})")
    return StateError(f"{path}: cannot open the digest state: {exc}")


def _run_lock(path: Path, timeout: float) -> int:
    """An exclusive lock on `<state>.lock` for this run, waiting up to `timeout` seconds."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StateError(f"{path}: cannot open the digest state's lock file: {exc.strerror or exc}") from exc
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise StateLocked(
                    f"{path}: the state is locked by another digest run (waited {timeout:g} s)"
                ) from None
            time.sleep(0.05)


def _connect(path: Path, writable: bool, timeout: float) -> sqlite3.Connection:
    if writable:
        path.parent.mkdir(parents=True, exist_ok=True)
        target, uri = str(path), False
    elif path.exists() and path.stat().st_size:
        target, uri = f"{path.resolve().as_uri()}?mode=ro", True
    else:
        target, uri = ":memory:", False
    # isolation_level=None: transactions are begun and ended explicitly by open_state.
    db = sqlite3.connect(target, timeout=timeout, isolation_level=None, uri=uri)
    if writable:
        try:  # WAL: readers (a backup, a monitor) never block the commit; kept in the file
            db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError:
            pass  # not a database: _prepare says so
    return db


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    """Check the schema version; create the schema in a new (empty) database."""
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if version in _MIGRATIONS:
        for step in range(version, SCHEMA_VERSION):
            for statement in _MIGRATIONS[step]:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        version = SCHEMA_VERSION
    if version == SCHEMA_VERSION:
        _check_schema(db, path)
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


def _check_schema(db: sqlite3.Connection, path: Path) -> None:
    """Every table and column the state needs, and pages that read back."""
    (check,) = db.execute("PRAGMA quick_check").fetchone()
    if check != "ok":
        raise StateError(f"{path}: damaged digest state ({check})")
    for table, columns in _COLUMNS.items():
        found = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if not found:
            raise StateError(f"{path}: damaged digest state: table {table!r} is missing")
        if columns - found:
            missing = ", ".join(sorted(columns - found))
            raise StateError(f"{path}: damaged digest state: table {table!r} lacks {missing}")
