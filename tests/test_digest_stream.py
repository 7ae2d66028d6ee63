"""Stream mode: an event keeps its identity across nights even when its earlier articles are
gone from the inputs (a feed keeps a few days of items). Tonight's event is matched to the
profiles of the events sent before (summarize.digest.profiles) and reported as an update,
unless it reports another happening of the same topic."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from digest_corpus import FLOOD, TRAM, write_article

from summarize.digest.job import run_digest
from summarize.digest.state import open_state
from summarize.registry import resolve

NIGHT = datetime(2026, 3, 10, 22, 0, tzinfo=timezone.utc)


def tonight(folder, state, now, since=timedelta(days=1)):
    """One digest run over `folder`; returns (outcome, the messages delivered)."""
    sent = []
    outcome = run_digest(
        [str(folder)], state_path=state, since=since, sender="digest@news.example",
        recipients=["team@example.org"], deliver=lambda m: sent.append(m) or {},
        summarizer=lambda: resolve("extractive"), now=now,
    )
    return outcome, sent


def write(folder, names, published):
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        title, text = {**TRAM, **FLOOD}[name]
        write_article(folder, name, title, text, published)


def event_of(state, article_id) -> int:
    with sqlite3.connect(state) as db:
        (event_id,) = db.execute("SELECT event_id FROM articles WHERE id = ?", (article_id,)).fetchone()
    return event_id


def test_a_follow_up_joins_the_event_sent_last_night_after_its_articles_are_gone(tmp_path):
    state = tmp_path / "state.db"
    night_one, night_two = tmp_path / "feed-1", tmp_path / "feed-2"
    write(night_one, ["tram-1", "tram-2", "flood-1"], NIGHT - timedelta(hours=3))
    first, _ = tonight(night_one, state, NIGHT)
    assert sorted(item.selected.status for item in first.items) == ["new", "new"]

    # The next night's feed has only the follow-up of the tram story and a new flood report.
    write(night_two, ["tram-3", "flood-2"], NIGHT + timedelta(hours=21))
    second, (message,) = tonight(night_two, state, NIGHT + timedelta(days=1))
    status = {item.selected.event.article_ids[0]: item.selected for item in second.items}
    assert status["tram-3"].status == "update" and status["flood-2"].status == "update"
    assert message["Subject"].endswith(": 2 events (2 updates)")
    assert event_of(state, "tram-3") == event_of(state, "tram-1")
    assert event_of(state, "flood-2") == event_of(state, "flood-1")
    with open_state(state, writable=False) as opened:
        assert opened.counts()["events"] == 2


def test_an_unrelated_story_on_the_next_night_stays_new(tmp_path):
    state = tmp_path / "state.db"
    write(tmp_path / "feed-1", ["tram-1", "tram-2"], NIGHT - timedelta(hours=3))
    tonight(tmp_path / "feed-1", state, NIGHT)
    write(tmp_path / "feed-2", ["flood-1"], NIGHT + timedelta(hours=21))
    second, _ = tonight(tmp_path / "feed-2", state, NIGHT + timedelta(days=1))
    (item,) = second.items
    assert item.selected.status == "new"
    assert event_of(state, "flood-1") != event_of(state, "tram-1")


def test_an_event_sent_beyond_the_horizon_is_not_continued(tmp_path):
    state = tmp_path / "state.db"
    write(tmp_path / "feed-1", ["tram-1", "tram-2"], NIGHT - timedelta(hours=3))
    tonight(tmp_path / "feed-1", state, NIGHT)
    later = NIGHT + timedelta(days=45)
    write(tmp_path / "feed-2", ["tram-3"], later - timedelta(hours=3))
    second, _ = tonight(tmp_path / "feed-2", state, later)
    assert [item.selected.status for item in second.items] == ["new"]


SEED_A = ("000_a2bd2d2e159aa8bd", "001_ccd537dd00057503")
SEED_B = ("002_fccc882e8405e502", "003_534328365c2cefb0", "004_26bfea19f4d2bd91")


def copy_seeds(seeds_dir, folder, names):
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(seeds_dir / "articles" / f"{name}.txt", folder)


@pytest.mark.parametrize("night_one, night_two, continues", [
    (SEED_B[:2], SEED_B[2:], True),   # the rest of the same missile test
    (SEED_B[1:], SEED_B[:1], True),
    (SEED_A, SEED_B[1:2], False),     # the other missile test, months apart: a new event
    (SEED_A[:1], SEED_B, False),
    (SEED_B, SEED_A[1:], False),
])
def test_seed_nights_continue_the_same_happening_only(seeds_dir, tmp_path, night_one, night_two, continues):
    state = tmp_path / "state.db"
    copy_seeds(seeds_dir, tmp_path / "feed-1", night_one)
    copy_seeds(seeds_dir, tmp_path / "feed-2", night_two)
    # The seeds are plain text without dates: their files' times put them in the window.
    first, _ = tonight(tmp_path / "feed-1", state, datetime.now(timezone.utc))
    assert len(first.items) == 1
    second, _ = tonight(tmp_path / "feed-2", state, datetime.now(timezone.utc) + timedelta(minutes=1))
    (item,) = second.items
    assert item.selected.status == ("update" if continues else "new")
    assert (event_of(state, night_two[0]) == event_of(state, night_one[0])) is continues


def test_a_version_2_state_gains_profiles_and_keeps_matching_by_articles(tmp_path):
    state = tmp_path / "state.db"
    write(tmp_path / "feed", ["tram-1", "tram-2"], NIGHT - timedelta(hours=3))
    tonight(tmp_path / "feed", state, NIGHT)
    with sqlite3.connect(state) as db:  # as version 2 left it: no profile column
        db.execute("ALTER TABLE articles DROP COLUMN profile")
        db.execute("PRAGMA user_version = 2")
    write(tmp_path / "feed", ["tram-3"], NIGHT + timedelta(hours=21))
    second, _ = tonight(tmp_path / "feed", state, NIGHT + timedelta(days=1))
    assert [item.selected.status for item in second.items] == ["update"]
    with sqlite3.connect(state) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (3,)
        rows = dict(db.execute("SELECT id, profile IS NOT NULL FROM articles").fetchall())
    assert rows == {"tram-1": 0, "tram-2": 0, "tram-3": 1}
