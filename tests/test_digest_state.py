"""Digest state: event identity across regroupings, new/update/unchanged, transactions."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timezone

import pytest

from summarize.digest.state import StateError, StateLocked, open_state
from summarize.records import Article, Event

NIGHT_1 = datetime(2025, 3, 21, 22, 0, tzinfo=timezone.utc)
NIGHT_2 = datetime(2025, 3, 22, 22, 0, tzinfo=timezone.utc)


def event(event_id: str, *article_ids: str, duplicates=(), title: str = "") -> Event:
    return Event(
        event_id, title or f"Event {event_id}",
        tuple(Article(a, f"text of {a}") for a in article_ids), tuple(duplicates),
    )


def send(path, events, when=NIGHT_1, message_id="<m1@x>"):
    """Select and record in one transaction, as the job does after a successful send."""
    with open_state(path) as state:
        selected = state.select(events)
        state.record(selected, sent_at=when, message_id=message_id, recipients=["team@example.org"])
    return selected


def test_first_run_selects_every_event_as_new(tmp_path):
    selected = send(tmp_path / "s.db", [event("g1", "a", "b"), event("g2", "c")])
    assert [(s.status, s.state_id, s.new_articles) for s in selected] == [
        ("new", None, ("a", "b")), ("new", None, ("c",)),
    ]
    with open_state(tmp_path / "s.db", writable=False) as state:
        assert state.counts() == {"events": 2, "articles": 3, "digests": 1}
        assert state.sent_articles(["a", "c", "zzz"]) == {"a": 1, "c": 2}
        assert state.last_sent() == NIGHT_1


def test_regrouped_event_with_a_new_article_is_an_update_of_the_same_event(tmp_path):
    path = tmp_path / "s.db"
    send(path, [event("g1", "a", "b"), event("g2", "c")])
    # Tonight's grouping gives other ids and another order; identity comes from the articles.
    tonight = [event("x7", "c"), event("x3", "d", "b", "a", title="Event one, later")]
    selected = send(path, tonight, NIGHT_2, "<m2@x>")
    assert [(s.event.id, s.status, s.state_id, s.new_articles) for s in selected] == [
        ("x3", "update", 1, ("d",)),
    ]
    with open_state(path, writable=False) as state:
        assert state.sent_articles(["d"]) == {"d": 1}
        assert state.counts() == {"events": 2, "articles": 4, "digests": 2}
        assert state.select(tonight) == []


def test_unchanged_events_are_not_selected(tmp_path):
    path = tmp_path / "s.db"
    send(path, [event("g1", "a", "b")])
    with open_state(path, writable=False) as state:
        # The same articles, split differently, are nothing new either.
        assert state.select([event("g1", "a", "b")]) == []
        assert state.select([event("p", "a"), event("q", "b")]) == []


def test_a_new_near_copy_alone_is_not_an_update(tmp_path):
    path = tmp_path / "s.db"
    send(path, [event("g1", "a", "b")])
    with open_state(path, writable=False) as state:
        copy_only = event("g1", "a", "b", "a-wire", duplicates=[("a-wire", "a")])
        assert state.select([copy_only]) == []
        copy_and_new = event("g1", "a", "b", "a-wire", "e", duplicates=[("a-wire", "a")])
        (selected,) = state.select([copy_and_new])
        assert (selected.status, selected.new_articles) == ("update", ("a-wire", "e"))


def test_two_sent_events_merged_tonight_continue_the_one_sharing_most(tmp_path):
    path = tmp_path / "s.db"
    send(path, [event("g1", "a"), event("g2", "b", "c")])
    with open_state(path, writable=False) as state:
        (selected,) = state.select([event("m", "a", "b", "c", "d")])
        assert (selected.status, selected.state_id, selected.new_articles) == ("update", 2, ("d",))
        # On a tie the older event wins, whatever the order of articles.
        (tie,) = state.select([event("t", "b", "a", "e")])
        assert tie.state_id == 1


def test_nothing_is_written_when_the_block_fails(tmp_path):
    path = tmp_path / "s.db"
    send(path, [event("g1", "a")])
    with pytest.raises(ConnectionRefusedError):
        with open_state(path) as state:
            selected = state.select([event("g2", "b")])
            state.record(selected, sent_at=NIGHT_2, message_id="<m2@x>", recipients=["t@x.org"])
            raise ConnectionRefusedError("the SMTP server is down")
    with open_state(path, writable=False) as state:
        assert state.counts() == {"events": 1, "articles": 1, "digests": 1}
        assert state.last_sent() == NIGHT_1


def test_read_only_state_neither_creates_the_file_nor_records(tmp_path):
    path = tmp_path / "missing" / "s.db"
    with open_state(path, writable=False) as state:
        (selected,) = state.select([event("g1", "a")])
        assert selected.status == "new"
        with pytest.raises(StateError, match="read-only"):
            state.record([selected], sent_at=NIGHT_1, message_id="<m@x>", recipients=[])
    assert not path.exists()


def test_a_foreign_sqlite_file_or_garbage_is_refused(tmp_path):
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes(x)")
    with pytest.raises(StateError, match="not a digest state"):
        with open_state(foreign):
            pass
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StateError, match="not a digest state"):
        with open_state(garbage):
            pass


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "s.db"
    send(path, [event("g1", "a")])
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StateError, match="newer"):
        with open_state(path):
            pass


def test_a_second_run_at_the_same_time_is_locked_out(tmp_path):
    path = tmp_path / "s.db"
    send(path, [event("g1", "a")])
    inside, release = threading.Event(), threading.Event()

    def first_run():
        with open_state(path):
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=first_run)
    thread.start()
    try:
        inside.wait(10)
        with pytest.raises(StateLocked, match="locked by another digest run"):
            with open_state(path, timeout=0.2):
                pass
    finally:
        release.set()
        thread.join()
