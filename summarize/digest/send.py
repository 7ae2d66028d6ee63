"""Delivering the digest: SMTP (smtplib, optional STARTTLS, login from the environment) or an .eml file.

Credentials are read only from the environment (SUMMARIZE_SMTP_USER, SUMMARIZE_SMTP_PASSWORD),
never from options or config files, so they do not end up in shell history, `ps` output or a
checked-in config. They are never sent over an unencrypted connection to another machine.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

USER_ENV = "SUMMARIZE_SMTP_USER"
PASSWORD_ENV = "SUMMARIZE_SMTP_PASSWORD"
LOOPBACK = ("localhost", "127.0.0.1", "::1")


class DeliveryError(Exception):
    """The message was not accepted (connection, TLS, login or the server refused it)."""


class CredentialsError(ValueError):
    """The SMTP credentials in the environment are incomplete or unusable."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    starttls: bool = False
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 60.0
    # The CA bundle to trust for STARTTLS; None is the system's default context.
    tls_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)


def credentials_from_env(environ: Mapping[str, str] = os.environ) -> tuple[str | None, str | None]:
    """(user, password) from the environment; both or neither must be set."""
    user, password = environ.get(USER_ENV) or None, environ.get(PASSWORD_ENV) or None
    if bool(user) != bool(password):
        missing = PASSWORD_ENV if user else USER_ENV
        raise CredentialsError(f"{missing} is not set (SMTP login needs both user and password)")
    return user, password


def send_message(msg: EmailMessage, settings: SmtpSettings) -> dict[str, tuple[int, bytes]]:
    """Hand `msg` to the SMTP server; returns the recipients it refused (empty when all passed).

    Raises DeliveryError when nothing was accepted.
    """
    if settings.user and not settings.starttls and settings.host not in LOOPBACK:
        raise DeliveryError(
            f"refusing to send SMTP credentials to {settings.host} over an unencrypted "
            "connection; add --starttls"
        )
    where = f"{settings.host}:{settings.port}"
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
            smtp.ehlo()
            if settings.starttls:
                smtp.starttls(context=settings.tls_context or ssl.create_default_context())
                smtp.ehlo()
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            return smtp.send_message(msg)
    except smtplib.SMTPNotSupportedError as exc:
        hint = "" if settings.starttls else "; try --starttls (servers offer login only after it)"
        raise DeliveryError(f"{where}: {str(exc).rstrip('.')}{hint}") from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"{where} refused the login for {settings.user}: {_reply(exc)}") from exc
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(f"{addr} ({_reply(err)})" for addr, err in exc.recipients.items())
        raise DeliveryError(f"{where} refused every recipient: {refused}") from exc
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"{where} refused the message: {_reply(exc)}") from exc
    except (smtplib.SMTPException, ssl.SSLError, OSError) as exc:
        raise DeliveryError(f"cannot deliver to {where}: {exc}") from exc


def _reply(exc: smtplib.SMTPResponseException | tuple[int, bytes]) -> str:
    code, text = (exc.smtp_code, exc.smtp_error) if isinstance(exc, Exception) else exc
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {text}".strip()


def write_eml(msg: EmailMessage, path: str | Path) -> None:
    """Write `msg` as an RFC 5322 .eml file (atomically: a half-written file never appears,
    and a failed write leaves no temporary file)."""
    path = Path(path)
    data = msg.as_bytes()
    tmp = None
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
            tmp.write(data)
        Path(tmp.name).replace(path)
    except BaseException:
        if tmp is not None:
            Path(tmp.name).unlink(missing_ok=True)
        raise


def delivery(smtp: SmtpSettings, dry_run: str | None = None) -> Callable[[EmailMessage], Mapping]:
    """How a digest is delivered: written to the .eml file `dry_run`, or sent over SMTP.

    The callable returns the recipients the server refused and raises DeliveryError when
    the message did not go out.
    """

    def deliver(message: EmailMessage) -> Mapping:
        if dry_run:
            try:
                write_eml(message, dry_run)
            except OSError as exc:
                raise DeliveryError(f"cannot write {dry_run}: {exc.strerror or exc}") from exc
            return {}
        return send_message(message, smtp)

    return deliver
