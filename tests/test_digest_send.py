"""Delivery against real SMTP servers on 127.0.0.1 (aiosmtpd): plain, STARTTLS + login, failures."""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from mailserver import HOST, Inbox, Login, Refusing, RefusingRecipient, free_port, smtp_server
from mailserver import tls  # noqa: F401  (fixture)

from summarize.digest.send import (
    CredentialsError, DeliveryError, SmtpSettings, credentials_from_env, send_message, write_eml,
)


def message(to=("team@example.org",)) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = "News digest 2025-03-22: 1 event"
    msg["From"] = "digest@news.example"
    msg["To"] = ", ".join(to)
    msg.set_content("plain body")
    msg.add_alternative("<p>html body</p>", subtype="html")
    return msg


def test_plain_smtp_delivers_the_message():
    inbox = Inbox()
    with smtp_server(inbox) as server:
        refused = send_message(message(), SmtpSettings(HOST, server.port))
    assert refused == {}
    assert inbox.envelopes == [("digest@news.example", ["team@example.org"])]
    (received,) = inbox.messages
    assert received["Subject"] == "News digest 2025-03-22: 1 event"
    assert received.get_body(("html",)).get_content().strip() == "<p>html body</p>"


def test_starttls_with_login_from_the_environment(tls, monkeypatch):
    server_tls, client_tls = tls.server, tls.client
    monkeypatch.setenv("SUMMARIZE_SMTP_USER", "digest")
    monkeypatch.setenv("SUMMARIZE_SMTP_PASSWORD", "s3cret")
    user, password = credentials_from_env()
    inbox, login = Inbox(), Login("digest", "s3cret")
    options = dict(tls_context=server_tls, require_starttls=True, authenticator=login,
                   auth_require_tls=True)
    with smtp_server(inbox, **options) as server:
        settings = SmtpSettings(HOST, server.port, starttls=True, user=user, password=password,
                                tls_context=client_tls)
        assert send_message(message(), settings) == {}
        # Without STARTTLS the server refuses to go on.
        with pytest.raises(DeliveryError, match=f"{HOST}:{server.port}"):
            send_message(message(), SmtpSettings(HOST, server.port, tls_context=client_tls))
        bad = SmtpSettings(HOST, server.port, starttls=True, user="digest", password="wrong",
                           tls_context=client_tls)
        with pytest.raises(DeliveryError, match="refused the login for digest: 535"):
            send_message(message(), bad)
    assert len(inbox.messages) == 1
    assert set(login.attempts) == {b"digest"}
    assert "s3cret" not in repr(settings)


def test_starttls_checks_the_certificate(tls):
    server_tls = tls.server
    with smtp_server(Inbox(), tls_context=server_tls) as server:
        # The system's CA store does not trust the self-signed test certificate.
        with pytest.raises(DeliveryError, match="CERTIFICATE_VERIFY_FAILED"):
            send_message(message(), SmtpSettings(HOST, server.port, starttls=True))


def test_a_server_that_is_down_raises_delivery_error():
    port = free_port()
    with pytest.raises(DeliveryError, match=f"cannot deliver to {HOST}:{port}: .*refused"):
        send_message(message(), SmtpSettings(HOST, port, timeout=5))


def test_a_server_that_refuses_the_message_raises_delivery_error():
    with smtp_server(Refusing()) as server:
        with pytest.raises(DeliveryError, match="refused the message: 554 5.7.1 Message rejected"):
            send_message(message(), SmtpSettings(HOST, server.port))


def test_refused_recipients_are_returned_or_raised_when_all_are_refused():
    inbox = RefusingRecipient()
    with smtp_server(inbox) as server:
        settings = SmtpSettings(HOST, server.port)
        refused = send_message(message(["team@example.org", "nobody@example.org"]), settings)
        assert refused == {"nobody@example.org": (550, b"5.1.1 No such user")}
        with pytest.raises(DeliveryError, match="refused every recipient: nobody@example.org"):
            send_message(message(["nobody@example.org"]), settings)
    assert inbox.envelopes == [("digest@news.example", ["team@example.org"])]


def test_credentials_never_travel_unencrypted_to_another_host():
    settings = SmtpSettings("smtp.example.org", 25, user="digest", password="s3cret")
    with pytest.raises(DeliveryError, match="add --starttls"):
        send_message(message(), settings)


def test_credentials_come_as_a_pair():
    assert credentials_from_env({}) == (None, None)
    assert credentials_from_env({"SUMMARIZE_SMTP_USER": "u", "SUMMARIZE_SMTP_PASSWORD": "p"}) == ("u", "p")
    with pytest.raises(CredentialsError, match="SUMMARIZE_SMTP_PASSWORD is not set"):
        credentials_from_env({"SUMMARIZE_SMTP_USER": "u"})
    with pytest.raises(CredentialsError, match="SUMMARIZE_SMTP_USER is not set"):
        credentials_from_env({"SUMMARIZE_SMTP_PASSWORD": "p"})


def test_eml_file_reads_back_with_both_parts(tmp_path):
    path = tmp_path / "digest.eml"
    write_eml(message(), path)
    parsed = email.message_from_bytes(path.read_bytes(), policy=default_policy)
    assert parsed["Subject"] == "News digest 2025-03-22: 1 event"
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]
    assert [p.name for p in tmp_path.iterdir()] == ["digest.eml"]  # no temporary file left
