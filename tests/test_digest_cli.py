"""`summarize digest` end to end against real SMTP servers on 127.0.0.1 (aiosmtpd).

Articles are dated a few hours before the real clock, as the nightly job sees them.
"""

from __future__ import annotations

import email
import hashlib
from datetime import datetime, timedelta, timezone
from email.policy import default as default_policy

import pytest
from summarize.testing.chromium import find_chromium, is_blank, screenshot
from click.testing import CliRunner
from digest_corpus import write_article, write_articles
from mailserver import (
    HOST, Inbox, Login, Refusing, RefusingRecipient, free_port, smtp_server,
)
from mailserver import inbox, tls  # noqa: F401  (fixtures)

from summarize.cli import cli

RECENT = datetime.now(timezone.utc) - timedelta(hours=2)
TEAM = "team@example.org"


@pytest.fixture()
def runner(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-home"))
    for name in ("CONFIG", "MODEL", "MAX_WORDS", "STATE", "SINCE", "TO", "FROM", "SMTP_HOST",
                 "SMTP_PORT", "SMTP_STARTTLS", "SMTP_USER", "SMTP_PASSWORD"):
        monkeypatch.delenv(f"SUMMARIZE_{name}", raising=False)
    return CliRunner()


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "news"
    write_articles(folder, ["tram-1", "tram-2", "flood-1", "flood-2"], RECENT)
    return folder


def digest(runner, corpus, state, port, *extra, model="extractive"):
    args = ["digest", corpus, "--state", state, "--to", TEAM, "--from", "digest@news.example",
            "--smtp-host", HOST, "--smtp-port", port, "--model", model, *extra]
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def events_in(message) -> list[str]:
    """The numbered event headings of the plain-text part."""
    text = message.get_body(("plain",)).get_content()
    return [line for line in text.splitlines() if line[:3] in ("1. ", "2. ", "3. ")]


def fingerprint(path) -> str:
    """What the state records (every row of every table), not its bytes: SQLite may reuse
    pages differently after a cancelled pending digest."""
    import sqlite3

    with sqlite3.connect(path) as db:
        rows = [(t, db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall())
                for t in ("events", "articles", "digests")]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_new_then_nothing_then_one_update(runner, corpus, inbox, tmp_path):
    state = tmp_path / "state.db"
    first = digest(runner, corpus, state, inbox.port)
    assert first.exit_code == 0, first.output
    (message,) = inbox.messages
    assert message["Subject"] == f"News digest {datetime.now():%Y-%m-%d}: 2 events"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    headings = events_in(message)
    assert len(headings) == 2 and all("[NEW]" in h for h in headings)
    assert any("Northgate" in h for h in headings) and any("Lessa" in h for h in headings)
    assert "sent to team@example.org" in first.stderr

    again = digest(runner, corpus, state, inbox.port)
    assert again.exit_code == 0 and len(inbox.messages) == 1
    assert "nothing new since" in again.stderr and "no email sent" in again.stderr

    write_articles(corpus, ["tram-3"], RECENT)
    update = digest(runner, corpus, state, inbox.port)
    assert update.exit_code == 0, update.output
    assert len(inbox.messages) == 2
    message = inbox.messages[1]
    assert message["Subject"].endswith(": 1 event (1 update)")
    (heading,) = events_in(message)
    assert heading.startswith("1. [UPDATE: 1 new article]")
    html = message.get_body(("html",)).get_content()
    assert "Northgate tram extension wins regional funding" in html and "Lessa" not in html
    assert inbox.envelopes[1] == ("digest@news.example", [TEAM])


def test_a_follow_up_alone_in_the_next_feed_is_sent_as_an_update(runner, inbox, tmp_path):
    """Stream mode end to end: the second night's feed holds only the follow-up (no near-copy
    of the first night's reports, which are gone), matched by the stored event profile."""
    state = tmp_path / "state.db"
    write_articles(tmp_path / "night-1", ["tram-1", "tram-2", "flood-1"], RECENT)
    assert digest(runner, tmp_path / "night-1", state, inbox.port).exit_code == 0
    write_articles(tmp_path / "night-2", ["tram-3"], RECENT)
    update = digest(runner, tmp_path / "night-2", state, inbox.port)
    assert update.exit_code == 0, update.output
    message = inbox.messages[1]
    assert message["Subject"].endswith(": 1 event (1 update)")
    (heading,) = events_in(message)
    assert heading.startswith("1. [UPDATE: 1 new article]") and "Northgate" in heading


@pytest.mark.parametrize("failure", ["down", "refusing"])
def test_failed_send_changes_nothing_and_the_next_run_sends_everything_once(
    runner, corpus, inbox, tmp_path, failure
):
    state = tmp_path / "state.db"
    assert digest(runner, corpus, state, inbox.port).exit_code == 0
    before = fingerprint(state)
    write_articles(corpus, ["tram-3"], RECENT)

    if failure == "down":
        failed = digest(runner, corpus, state, free_port())
        assert "Connection refused" in failed.stderr
    else:
        with smtp_server(Refusing()) as refusing:
            failed = digest(runner, corpus, state, refusing.port)
        assert "refused the message: 554 5.7.1 Message rejected by policy" in failed.stderr
    assert failed.exit_code == 1
    assert "digest not sent" in failed.stderr and "nothing was recorded" in failed.stderr
    assert fingerprint(state) == before

    # More news arrives before the next night; both the missed update and the new one go out.
    write_article(corpus, "flood-3", "Lessa recedes in Brennmoor",
                  "The river Lessa fell below 5 metres in Brennmoor on Friday. Residents of "
                  "the 300 flooded homes began to return from the sports hall.", RECENT)
    recovered = digest(runner, corpus, state, inbox.port)
    assert recovered.exit_code == 0, recovered.output
    assert len(inbox.messages) == 2
    headings = events_in(inbox.messages[1])
    assert [h[3:26] for h in headings] == ["[UPDATE: 1 new article]"] * 2
    html = inbox.messages[1].get_body(("html",)).get_content()
    assert "Northgate tram extension wins regional funding" in html
    assert "Lessa recedes in Brennmoor" in html
    assert digest(runner, corpus, state, inbox.port).exit_code == 0
    assert len(inbox.messages) == 2  # exactly once


def test_starttls_login_with_credentials_from_the_environment(runner, corpus, tmp_path, tls,
                                                             monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(tls.cert))  # trust the test certificate
    monkeypatch.setenv("SUMMARIZE_SMTP_USER", "digest")
    monkeypatch.setenv("SUMMARIZE_SMTP_PASSWORD", "s3cret")
    inbox, login = Inbox(), Login("digest", "s3cret")
    with smtp_server(inbox, tls_context=tls.server, require_starttls=True, authenticator=login,
                     auth_require_tls=True) as server:
        plain = digest(runner, corpus, tmp_path / "state.db", server.port)
        assert plain.exit_code == 1
        assert "SMTP AUTH extension not supported by server; try --starttls" in plain.stderr
        result = digest(runner, corpus, tmp_path / "state.db", server.port, "--starttls")
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1 and login.attempts == [b"digest"]
    assert "s3cret" not in result.output


def test_a_refused_recipient_fails_the_run_but_the_others_are_recorded(runner, corpus, tmp_path):
    state, inbox = tmp_path / "state.db", RefusingRecipient()
    with smtp_server(inbox) as server:
        partial = digest(runner, corpus, state, server.port, "--to", "nobody@example.org")
        assert partial.exit_code == 1
        assert "the server refused nobody@example.org" in partial.stderr
        assert inbox.envelopes == [("digest@news.example", [TEAM])]
        # Recorded as sent: the accepted recipient does not get it twice.
        assert digest(runner, corpus, state, server.port).exit_code == 0
    assert len(inbox.messages) == 1


def test_article_markup_is_escaped_in_the_html_part(runner, corpus, inbox, tmp_path):
    assert digest(runner, corpus, tmp_path / "state.db", inbox.port).exit_code == 0
    html = inbox.messages[0].get_body(("html",)).get_content()
    assert "<script" not in html.lower() and "<b>" not in html
    assert "River Lessa floods &lt;b&gt;Brennmoor&lt;/b&gt; &lt;script&gt;alert(&#x27;x&#x27;)" in html
    text = inbox.messages[0].get_body(("plain",)).get_content()
    assert "<script>alert('x')</script>" in text  # plain text is shown as text, not markup


def test_dry_run_writes_a_readable_eml_and_records_nothing(runner, corpus, tmp_path):
    state, eml = tmp_path / "state.db", tmp_path / "digest.eml"
    result = digest(runner, corpus, state, free_port(), "--dry-run", eml)
    assert result.exit_code == 0, result.output
    assert f"wrote {eml} (dry run: state not changed)" in result.stderr
    assert not state.exists()
    message = email.message_from_bytes(eml.read_bytes(), policy=default_policy)
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["To"] == TEAM and message["Subject"].endswith(": 2 events")
    assert len(events_in(message)) == 2

    if find_chromium() is None:
        pytest.skip("no Chromium binary on PATH for the rendering check")
    page = tmp_path / "digest.html"
    page.write_text(message.get_body(("html",)).get_content(), encoding="utf-8")
    assert not is_blank(screenshot(page, tmp_path / "digest.png"))


def test_unloadable_model_falls_back_and_the_email_says_so(runner, corpus, inbox, tmp_path):
    pytest.importorskip("summarize.fuse")
    missing = tmp_path / "no-such-model"
    result = digest(runner, corpus, tmp_path / "state.db", inbox.port, model=missing)
    assert result.exit_code == 0, result.output
    assert "no-such-model" in result.stderr
    text = inbox.messages[0].get_body(("plain",)).get_content()
    # The operator's notice stays on stderr; readers learn the method in their words.
    assert "no-such-model" not in text and "Note: " not in text
    assert text.count("Summary made of sentences taken from the articles.") == 2


def test_config_file_environment_and_options_resolve_in_order(runner, corpus, inbox, tmp_path,
                                                              monkeypatch):
    state = tmp_path / "from-config.db"
    config = tmp_path / "config.toml"
    config.write_text(
        f'[digest]\nto = ["config@example.org"]\nsmtp_host = "{HOST}"\n'
        f'smtp_port = {free_port()}\nstate = "{state}"\nmodel = "extractive"\nsince = "7d"\n'
    )
    base = ["--config", config, "digest", corpus]

    def run(*extra):
        return runner.invoke(cli, [str(a) for a in (*base, *extra)], catch_exceptions=False)

    assert run().exit_code == 1  # the config's port has no server
    monkeypatch.setenv("SUMMARIZE_SMTP_PORT", str(inbox.port))  # environment beats the file
    assert run().exit_code == 0
    assert inbox.envelopes[0][1] == ["config@example.org"] and state.exists()
    write_articles(corpus, ["tram-3"], RECENT)
    result = run("--to", "option@example.org", "--state", tmp_path / "other.db")
    assert result.exit_code == 0  # options beat both: a fresh state sends everything again
    assert inbox.envelopes[1][1] == ["option@example.org"]
    assert len(events_in(inbox.messages[1])) == 2


@pytest.mark.parametrize(
    ("args", "config", "message"),
    [
        (["--since", "yesterday"], "", "'yesterday' is not a duration"),
        (["--to", "not-an-address"], "", "'not-an-address' is not an email address"),
        ([], "", "give at least one recipient with --to"),
        (["--to", TEAM], 'smtp_password = "x"\n', "unknown key 'smtp_password' in [digest] (SMTP "
         "credentials are read only from SUMMARIZE_SMTP_USER and SUMMARIZE_SMTP_PASSWORD)"),
        (["--to", TEAM, "--password", "x"], "", "No such option '--password'"),
    ],
)
def test_bad_usage_exits_2(runner, corpus, tmp_path, args, config, message):
    config_file = tmp_path / "config.toml"
    config_file.write_text(f"[digest]\n{config}")
    result = runner.invoke(cli, ["--config", str(config_file), "digest", str(corpus),
                                 "--state", str(tmp_path / "s.db"), *args])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())


def test_half_the_credentials_is_a_usage_error(runner, corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_SMTP_USER", "digest")
    result = digest(runner, corpus, tmp_path / "s.db", free_port())
    assert result.exit_code == 2 and "SUMMARIZE_SMTP_PASSWORD is not set" in result.stderr


def test_a_state_file_of_another_program_is_refused(runner, corpus, tmp_path):
    state = tmp_path / "notes.txt"
    state.write_text("not a database at all\n" * 100)
    result = digest(runner, corpus, state, free_port())
    assert result.exit_code == 2 and "not a digest state file" in result.stderr


def test_unusable_state_path_and_unwritable_eml_fail_clearly(runner, corpus, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    bad_state = digest(runner, corpus, blocker / "state.db", free_port())
    assert bad_state.exit_code == 2 and "cannot open the digest state" in bad_state.stderr
    eml = tmp_path / "missing-dir" / "digest.eml"
    bad_eml = digest(runner, corpus, tmp_path / "s.db", free_port(), "--dry-run", eml)
    assert bad_eml.exit_code == 1 and f"cannot write {eml}: No such file" in bad_eml.stderr
