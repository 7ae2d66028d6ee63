"""Test helper: real SMTP servers (aiosmtpd) on 127.0.0.1, a free port each, for the digest tests."""

from __future__ import annotations

import email
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd handler that keeps every accepted message (parsed) with its envelope."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


class Refusing(Inbox):
    """Accepts the connection and the envelope, then refuses the message itself."""

    async def handle_DATA(self, server, session, envelope) -> str:
        return "554 5.7.1 Message rejected by policy"


class RefusingRecipient(Inbox):
    """Refuses recipients whose address starts with "nobody"."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address.startswith("nobody"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


class Login:
    """aiosmtpd authenticator accepting one user/password pair."""

    def __init__(self, user: str, password: str) -> None:
        self.credentials = (user.encode(), password.encode())
        self.attempts: list[bytes] = []

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        self.attempts.append(auth_data.login)
        ok = (auth_data.login, auth_data.password) == self.credentials
        return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server(handler: Inbox, **options) -> Iterator[Controller]:
    """Run an aiosmtpd server on 127.0.0.1 for the duration of the block."""
    controller = Controller(handler, hostname=HOST, port=free_port(), **options)
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


@dataclass(frozen=True)
class Tls:
    cert: Path
    server: ssl.SSLContext
    client: ssl.SSLContext  # trusts only `cert`


@pytest.fixture(scope="module")
def tls(tmp_path_factory) -> Tls:
    """A self-signed certificate for 127.0.0.1 with server and client contexts (import to use)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = self_signed(tmp_path_factory.mktemp("tls"))
    server, client = tls_contexts(cert, key)
    return Tls(cert, server, client)


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1/localhost and its key, made with the openssl CLI."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


def tls_contexts(cert: Path, key: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context, client context trusting only `cert`)."""
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client


@pytest.fixture()
def inbox() -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1 keeping what it accepts; `inbox.port` is its port."""
    handler = Inbox()
    with smtp_server(handler) as server:
        handler.port = server.port
        yield handler
