"""`summarize digest`: the nightly email of new and updated events (see summarize.digest.job)."""

from __future__ import annotations

import os
import socket
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import click

from summarize.cli.common import (
    check_model,
    fail,
    engine_options,
    fetch_options,
    max_words_option,
    model_options,
    report_skip,
    say,
    say_guard,
    start_engine,
    summarizer_on,
    summarizer_options,
)
from summarize.digest.job import parse_duration


class Duration(click.ParamType):
    name = "duration"

    def convert(self, value, param, ctx) -> timedelta:
        if isinstance(value, timedelta):
            return value
        try:
            return parse_duration(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class Address(click.ParamType):
    name = "address"

    def convert(self, value, param, ctx) -> str:
        text = str(value).strip()
        _, addr = parseaddr(text)
        local, _, domain = addr.rpartition("@")
        if not local or not domain or any(c in text for c in "\r\n"):
            self.fail(f"{value!r} is not an email address", param, ctx)
        return text


def default_state() -> str:
    """$XDG_STATE_HOME/summarize/digest.sqlite (~/.local/state/... when unset)."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return str(Path(base) / "summarize" / "digest.sqlite")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--state", type=click.Path(dir_okay=False), default=default_state, envvar="SUMMARIZE_STATE",
    show_default="$XDG_STATE_HOME/summarize/digest.sqlite",
    help="SQLite file recording what earlier digests sent.",
)
@click.option(
    "--since", type=Duration(), default="24h", envvar="SUMMARIZE_SINCE", show_default=True,
    help="Consider articles published (or files modified) this long before the last digest "
    "(before now on the first run), e.g. 24h, 7d, 90m.",
)
@click.option(
    "--to", "to", multiple=True, type=Address(), envvar="SUMMARIZE_TO",
    help="Recipient (repeatable; required unless --dry-run). In the environment: space-separated.",
)
@click.option(
    "--from", "sender", type=Address(), default=lambda: f"summarize@{socket.gethostname()}",
    envvar="SUMMARIZE_FROM", show_default="summarize@<hostname>",
    help="Sender address (config key: sender).",
)
@click.option(
    "--smtp-host", default="localhost", envvar="SUMMARIZE_SMTP_HOST", show_default=True,
    help="SMTP server to hand the email to.",
)
@click.option(
    "--smtp-port", type=click.IntRange(1, 65535), default=None, envvar="SUMMARIZE_SMTP_PORT",
    help="[default: 587 with --starttls, else 25]",
)
@click.option(
    "--starttls", is_flag=True, envvar="SUMMARIZE_SMTP_STARTTLS",
    help="Upgrade the SMTP connection with STARTTLS (certificate checked).",
)
@model_options(
    fallback=False,
    model_help="The summarizer; a model that cannot be loaded falls back to the extractive "
    "summary (said on stderr), so the digest still goes out. ",
)
@max_words_option
@fetch_options
@engine_options
@click.option(
    "--dry-run", "dry_run", type=click.Path(dir_okay=False, writable=True), default=None,
    help="Write the email to FILE.eml instead of sending it; the state is not changed.",
)
def digest(
    paths: tuple[str, ...], state: str, since: timedelta, to: tuple[str, ...],
    sender: str, smtp_host: str, smtp_port: int | None, starttls: bool, model: str,
    device: str, endpoint: str | None, quantize: bool, dtype: str, max_words: int, dry_run: str | None,
    cache_dir: str | None, refresh: bool, engine: str, ray_address: str | None,
) -> None:
    """Email one digest of the events in PATH... that are new or have grown since the last one.

    The state file records what was sent, only after the SMTP server accepted the message:
    a failed send exits 1 and the next run sends everything missed; a rerun sends nothing
    twice. SMTP login comes only from the environment: SUMMARIZE_SMTP_USER and
    SUMMARIZE_SMTP_PASSWORD. Other settings can live in the [digest] table of the config file.
    """
    from summarize.digest.job import run_digest
    from summarize.digest.send import (
        CredentialsError, DeliveryError, SmtpSettings, credentials_from_env, delivery,
    )
    from summarize.digest.state import StateError, StateLocked, StateUnwritable
    from summarize.sources import FetchOptions

    check_model(model)
    # Fallback on: a model that cannot load must not cost the team its digest.
    options = summarizer_options(device, dtype, quantize, endpoint, fallback="extractive")
    if not to and not dry_run:
        raise click.UsageError("give at least one recipient with --to (or [digest] to = [...])")
    try:
        user, password = credentials_from_env()
    except CredentialsError as exc:
        raise click.UsageError(str(exc)) from None
    port = smtp_port or (587 if starttls else 25)
    smtp = SmtpSettings(smtp_host, port, starttls=starttls, user=user, password=password)

    workers = start_engine(engine, ray_address)
    try:
        outcome = run_digest(
            paths, state_path=state, since=since, sender=sender, recipients=to,
            deliver=delivery(smtp, dry_run), record=not dry_run,
            summarizer=lambda: summarizer_on(workers, model, options), max_words=max_words,
            engine=workers,
            on_skip=report_skip, fetch=FetchOptions(cache_dir=Path(cache_dir) if cache_dir else None,
                                                    refresh=refresh),
            on_note=lambda message: say(f"note: {message}"),
        )
    except DeliveryError as exc:
        fail(f"digest not sent: {exc}\nsummarize: nothing was recorded in {state}; "
             "the next run will include these events")
    except (StateLocked, StateUnwritable) as exc:
        fail(f"{exc}\nsummarize: no digest was sent")
    except StateError as exc:  # damaged or foreign state: a problem with the given file
        raise click.UsageError(str(exc)) from None
    finally:
        workers.close()
    if outcome.resent is not None:
        say(f"re-sent the digest an interrupted run left pending: {outcome.resent['Subject']} "
            f"({outcome.resent['Message-ID']})")

    if outcome.message is None:
        say(
            f"nothing new since {outcome.window_start:%Y-%m-%d %H:%M} UTC "
            f"({outcome.considered} articles considered); no email sent"
        )
        return
    where = f"wrote {dry_run} (dry run: state not changed)" if dry_run else (
        f"sent to {', '.join(to)} via {smtp_host}:{port}")
    say(f"{outcome.message['Subject']}: {where}")
    say_guard([item.summary for item in outcome.items])
    if outcome.refused:
        refused = ", ".join(str(addr) for addr in outcome.refused)
        fail(f"the server refused {refused}; the digest was recorded as sent to the others")
