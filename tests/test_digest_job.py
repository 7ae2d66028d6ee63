"""The digest job with a fixed clock: selection, the --since window, fallback, recording."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest
from digest_corpus import FLOOD, TRAM, write_articles

from summarize.digest.job import parse_duration, run_digest
from summarize.registry import resolve
from summarize.digest.state import open_state

NIGHT = datetime(2025, 3, 22, 22, 0, tzinfo=timezone.utc)
SENDER = "digest@news.example"


class Outbox:
    """A deliver callable that keeps messages, or fails like a refused send."""

    def __init__(self, fail: bool = False):
        self.messages = []
        self.fail = fail

    def __call__(self, message):
        if self.fail:
            raise ConnectionRefusedError("server down")
        self.messages.append(message)
        return {}


def digest(corpus, state, now, deliver, **options):
    options.setdefault("summarizer", lambda: resolve("extractive"))
    return run_digest([str(corpus)], state_path=state, since=timedelta(hours=24), sender=SENDER,
                      recipients=["team@example.org"], deliver=deliver, now=now, **options)


def event_sets(outcome):
    return sorted((i.selected.status, tuple(sorted(i.selected.event.article_ids)))
                  for i in outcome.items)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("24h", timedelta(hours=24)), ("7d", timedelta(days=7)), ("90m", timedelta(minutes=90)),
     ("1d12h", timedelta(hours=36)), ("2w", timedelta(weeks=2)), (" 45S ", timedelta(seconds=45))],
)
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "24", "h", "1.5h", "-3h", "0h", "3 h", "24hours", "1y"])
def test_parse_duration_rejects(text):
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_new_update_and_unchanged_with_a_fixed_clock(tmp_path):
    corpus, state = tmp_path / "news", tmp_path / "state.db"
    write_articles(corpus, ["tram-1", "tram-2", "flood-1", "flood-2"], NIGHT - timedelta(hours=3))
    outbox = Outbox()
    first = digest(corpus, state, NIGHT, outbox)
    assert event_sets(first) == [("new", ("flood-1", "flood-2")), ("new", ("tram-1", "tram-2"))]
    assert first.recorded and len(outbox.messages) == 1
    assert all(i.summary.method == "extractive" and i.summary.text for i in first.items)

    assert digest(corpus, state, NIGHT + timedelta(hours=1), outbox).message is None

    write_articles(corpus, ["tram-3"], NIGHT + timedelta(hours=20))
    third = digest(corpus, state, NIGHT + timedelta(days=1), outbox)
    (item,) = third.items
    assert (item.selected.status, item.selected.new_articles) == ("update", ("tram-3",))
    assert sorted(item.selected.event.article_ids) == ["tram-1", "tram-2", "tram-3"]
    assert len(outbox.messages) == 2


def test_already_sent_articles_anchor_an_update_after_they_left_the_window(tmp_path):
    corpus, state = tmp_path / "news", tmp_path / "state.db"
    write_articles(corpus, ["tram-1", "tram-2"], NIGHT - timedelta(hours=2))
    digest(corpus, state, NIGHT, Outbox())
    # A week later the first articles are far outside --since 24h, yet the new one is an
    # update of the event they were sent in, not a new event.
    later = NIGHT + timedelta(days=7)
    write_articles(corpus, ["tram-3"], later - timedelta(hours=1))
    (item,) = digest(corpus, state, later, Outbox()).items
    assert (item.selected.status, item.selected.state_id) == ("update", 1)


def test_window_excludes_old_articles_and_reaches_back_past_failed_nights(tmp_path):
    corpus, state = tmp_path / "news", tmp_path / "state.db"
    write_articles(corpus, ["flood-1", "flood-2"], NIGHT - timedelta(days=3))  # too old
    write_articles(corpus, ["tram-1", "tram-2"], NIGHT - timedelta(hours=5))
    first = digest(corpus, state, NIGHT, Outbox())
    assert event_sets(first) == [("new", ("tram-1", "tram-2"))]
    assert first.window_start == NIGHT - timedelta(hours=24)

    # Published the next morning; the next two nights' sends fail.
    write_articles(corpus, ["tram-3"], NIGHT + timedelta(hours=10))
    for nights in (1, 2):
        with pytest.raises(ConnectionRefusedError):
            digest(corpus, state, NIGHT + timedelta(days=nights), Outbox(fail=True))
    # On the third night tram-3 is 60 hours old, yet the window starts 24 hours before the
    # last digest that went out, so nothing is lost.
    third = digest(corpus, state, NIGHT + timedelta(days=3), Outbox())
    assert third.window_start == NIGHT - timedelta(hours=24)
    assert [i.selected.new_articles for i in third.items] == [("tram-3",)]


def test_file_modification_time_stands_in_for_a_missing_date(tmp_path):
    corpus, state = tmp_path / "news", tmp_path / "state.db"
    corpus.mkdir()
    for name, hours in (("tram-1", 2), ("tram-2", 3), ("flood-1", 50), ("flood-2", 60)):
        title, text = {**TRAM, **FLOOD}[name]
        path = corpus / f"{name}.txt"
        path.write_text(f"{text}\n", encoding="utf-8")
        stamp = (NIGHT - timedelta(hours=hours)).timestamp()
        os.utime(path, (stamp, stamp))
    outcome = digest(corpus, state, NIGHT, Outbox())
    assert event_sets(outcome) == [("new", ("tram-1", "tram-2"))]


def test_a_failed_delivery_records_nothing_and_a_dry_run_never_records(tmp_path):
    corpus, state = tmp_path / "news", tmp_path / "state.db"
    write_articles(corpus, ["tram-1", "tram-2"], NIGHT - timedelta(hours=1))
    with pytest.raises(ConnectionRefusedError):
        digest(corpus, state, NIGHT, Outbox(fail=True))
    outbox = Outbox()
    dry = digest(corpus, state, NIGHT, outbox, record=False)
    assert dry.message is not None and not dry.recorded
    with open_state(state, writable=False) as opened:
        assert opened.counts() == {"events": 0, "articles": 0, "digests": 0}
    assert digest(corpus, state, NIGHT, outbox).recorded
    with open_state(state, writable=False) as opened:
        assert opened.counts() == {"events": 1, "articles": 2, "digests": 1}


def test_the_summarizer_is_loaded_only_when_there_is_something_to_send(tmp_path):
    corpus, state = tmp_path / "news", tmp_path / "state.db"
    write_articles(corpus, ["flood-1", "flood-2"], NIGHT - timedelta(hours=1))
    loads = []

    def summarizer():
        loads.append(1)
        return resolve("lead")

    outcome = digest(corpus, state, NIGHT, Outbox(), summarizer=summarizer)
    (item,) = outcome.items
    assert item.summary.method == "lead" and loads == [1]
    again = digest(corpus, state, NIGHT + timedelta(hours=1), Outbox(), summarizer=summarizer)
    assert again.message is None and loads == [1]

