"""The digest under faults, against a real SMTP server on 127.0.0.1: a reader holding the state,
a full disk, a crash after the server's 250, damaged state, and a hub that never answers.
Across all runs each digest reaches the server once (an interrupted one again with the same
Message-ID, which mail clients collapse), and nothing is lost."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from digest_corpus import write_articles
from mailserver import HOST, inbox  # noqa: F401  (fixture)

from summarize.cli import cli
from summarize.digest import state as state_module

RECENT = datetime.now(timezone.utc) - timedelta(hours=2)


@pytest.fixture()
def runner(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    return CliRunner()


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "news"
    write_articles(folder, ["tram-1", "tram-2"], RECENT)
    return folder


def digest(runner, corpus, state, port, *extra, model="extractive"):
    args = ["digest", corpus, "--state", state, "--to", "team@example.org", "--from",
            "digest@news.example", "--smtp-host", HOST, "--smtp-port", port, "--model", model, *extra]
    return runner.invoke(cli, [str(a) for a in args])


def message_ids(inbox) -> list[str]:
    return [m["Message-ID"] for m in inbox.messages]


def test_a_reader_holding_the_state_does_not_stop_or_double_the_digest(runner, corpus, inbox, tmp_path):
    state = tmp_path / "state.db"
    assert digest(runner, corpus, state, inbox.port).exit_code == 0
    write_articles(corpus, ["tram-3"], RECENT)
    reader = sqlite3.connect(state)
    reader.execute("BEGIN")
    reader.execute("SELECT * FROM digests").fetchall()  # a backup script's SHARED lock
    try:
        second = digest(runner, corpus, state, inbox.port)
    finally:
        reader.rollback()
        reader.close()
    assert second.exit_code == 0, second.output
    third = digest(runner, corpus, state, inbox.port)
    assert third.exit_code == 0 and "nothing new" in third.stderr
    assert len(inbox.messages) == 2 and len(set(message_ids(inbox))) == 2


def test_a_full_disk_fails_before_sending_and_the_next_run_sends_once(runner, corpus, inbox, tmp_path,
                                                                    monkeypatch):
    state = tmp_path / "state.db"
    original = state_module.DigestState.commit
    calls = {"n": 0}

    def full_disk(self):
        calls["n"] += 1
        if calls["n"] == 1:  # the pending record, before the send
            raise state_module.StateUnwritable(f"{state}: cannot write the digest state "
                                               "(database or disk is full)")
        return original(self)

    monkeypatch.setattr(state_module.DigestState, "commit", full_disk)
    failed = digest(runner, corpus, state, inbox.port)
    assert failed.exit_code == 1 and "disk is full" in failed.stderr
    assert "no digest was sent" in failed.stderr and inbox.messages == []
    monkeypatch.setattr(state_module.DigestState, "commit", original)
    assert digest(runner, corpus, state, inbox.port).exit_code == 0
    assert digest(runner, corpus, state, inbox.port).exit_code == 0
    assert len(inbox.messages) == 1


def test_a_state_on_a_really_full_disk(runner, corpus, inbox, tmp_path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root); the stubbed test covers it")
    try:
        (mount / "filler").write_bytes(b"\0" * 30_000)  # leave too little for the database
        failed = digest(runner, corpus, mount / "state.db", inbox.port)
        assert failed.exit_code == 1, failed.output
        assert inbox.messages == [] and "no digest was sent" in failed.stderr
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_crash_after_the_250_resends_the_same_message_before_anything_new(runner, corpus, inbox,
                                                                          tmp_path, monkeypatch):
    state = tmp_path / "state.db"

    def crash(self, *args, **kwargs):
        raise KeyboardInterrupt  # the process dies between the server's 250 and the record

    with monkeypatch.context() as patch:
        patch.setattr(state_module.DigestState, "mark_sent", crash)
        crashed = digest(runner, corpus, state, inbox.port)
    assert crashed.exit_code != 0 and len(inbox.messages) == 1
    first_id = inbox.messages[0]["Message-ID"]

    write_articles(corpus, ["tram-3"], RECENT)  # a new article arrives before the next run
    again = digest(runner, corpus, state, inbox.port)
    assert again.exit_code == 0, again.output
    assert "re-sent the digest an interrupted run left pending" in again.stderr
    # The interrupted digest again, byte for byte, then the update with only the new article.
    assert message_ids(inbox)[:2] == [first_id, first_id]
    assert inbox.messages[1].as_bytes() == inbox.messages[0].as_bytes()
    assert len(inbox.messages) == 3 and inbox.messages[2]["Message-ID"] != first_id
    assert "UPDATE: 1 new article" in inbox.messages[2].get_body(("plain",)).get_content()
    assert "nothing new" in digest(runner, corpus, state, inbox.port).stderr
    assert len(inbox.messages) == 3


@pytest.mark.parametrize(
    "damage, message",
    [
        ("DROP TABLE articles", "table 'articles' is missing"),
        ("ALTER TABLE digests RENAME COLUMN message_id TO mid", "lacks message_id"),
        ("UPDATE digests SET sent_at = 'yesterday'", "sent_at 'yesterday' is not a time"),
    ],
)
def test_damaged_state_is_exit_2_with_a_reason_and_sends_nothing(runner, corpus, inbox, tmp_path,
                                                               damage, message):
    state = tmp_path / "state.db"
    assert digest(runner, corpus, state, inbox.port).exit_code == 0
    write_articles(corpus, ["tram-3"], RECENT)
    with sqlite3.connect(state) as db:
        db.execute(damage)
    result = digest(runner, corpus, state, inbox.port)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert len(inbox.messages) == 1


def test_damaged_pages_are_exit_2(runner, corpus, inbox, tmp_path):
    state = tmp_path / "state.db"
    assert digest(runner, corpus, state, inbox.port).exit_code == 0
    with sqlite3.connect(state) as db:
        db.execute("PRAGMA journal_mode=DELETE")
    data = bytearray(state.read_bytes())
    assert len(data) >= 3 * 4096
    data[4096:len(data)] = b"\xff" * (len(data) - 4096)  # scribble over every page but the first
    state.write_bytes(bytes(data))
    result = digest(runner, corpus, state, inbox.port)
    assert result.exit_code == 2, result.output
    assert "digest state" in result.stderr and "Traceback" not in result.output


@pytest.fixture()
def silent_hub(monkeypatch):
    """A 'hub' on 127.0.0.1 that accepts connections and never answers."""
    server = socket.socket()
    server.bind((HOST, 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    monkeypatch.setenv("HF_ENDPOINT", f"http://{HOST}:{server.getsockname()[1]}")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    yield
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


@pytest.mark.usefixtures("silent_hub")
def test_a_hub_that_never_answers_costs_the_digest_seconds_not_the_digest(runner, corpus, inbox,
                                                                          tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    start = time.monotonic()
    result = digest(runner, corpus, tmp_path / "state.db", inbox.port, model="someorg/some-model")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - start < 60 and len(inbox.messages) == 1
    assert "did not answer" in result.stderr
    start = time.monotonic()
    run = runner.invoke(cli, ["run", str(corpus), "--model", "someorg/some-model"])
    assert run.exit_code == 1 and time.monotonic() - start < 30
    assert len(run.stderr.strip().splitlines()) == 1 and "did not answer" in run.stderr
