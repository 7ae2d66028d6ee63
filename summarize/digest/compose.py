"""The digest email: tonight's events as one multipart message (the email renderer,
summarize.render.mail), with a subject that counts new and updated events and a Message-ID
derived from what is sent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from summarize.digest.state import Selected
from summarize.records import Summary
from summarize.render.mail import email_message
from summarize.render.view import EventView, count, event_views


@dataclass(frozen=True)
class DigestItem:
    """One event of the digest with its summary."""

    selected: Selected
    summary: Summary


def subject_line(items: Sequence[DigestItem], now: datetime) -> str:
    """E.g. "News digest 2025-03-22: 3 events (1 update)"."""
    updates = sum(item.selected.status == "update" for item in items)
    extra = f" ({count(updates, 'update')})" if updates else ""
    return f"News digest {now:%Y-%m-%d}: {count(len(items), 'event')}{extra}"


def digest_views(items: Sequence[DigestItem]) -> list[EventView]:
    """The items as event views, with their status and new articles."""
    events = [item.selected.event for item in items]
    return event_views(
        events, [item.summary for item in items],
        status={item.selected.event.id: item.selected.status for item in items},
        new_articles={
            item.selected.event.id: item.selected.new_articles
            for item in items if item.selected.status == "update"
        },
    )


def compose_digest(
    items: Sequence[DigestItem], *, sender: str, recipients: Sequence[str], now: datetime
) -> EmailMessage:
    """The digest message.

    The Message-ID is derived from the recipients and the articles sent, so a message sent
    again after a crash between sending and recording carries the same id and mail clients
    show it once.
    """
    if not items:
        raise ValueError("a digest needs at least one event")
    msg = email_message(digest_views(items), subject=subject_line(items, now), now=now)
    msg["From"] = sender
    if recipients:
        msg["To"] = ", ".join(recipients)
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = _message_id(items, sender, recipients)
    return msg


def _message_id(items: Sequence[DigestItem], sender: str, recipients: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for part in sorted(recipients):
        digest.update(part.encode() + b"\0")
    for item in items:
        digest.update(item.selected.status.encode() + b"\0")
        for article_id in sorted(item.selected.new_articles):
            digest.update(article_id.encode() + b"\0")
        digest.update(b"\1")
    domain = sender.rpartition("@")[2].strip(" >") or "summarize.invalid"
    return f"<digest.{digest.hexdigest()[:32]}@{domain}>"
