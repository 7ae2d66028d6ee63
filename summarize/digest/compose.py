"""The digest email: one multipart/alternative message (plain text + HTML) for tonight's events.

The HTML follows the common practice for mail clients (Gmail, Outlook, Apple Mail): table
layout, inline styles only, no scripts, no external images or fonts. Everything that comes from
articles (titles, text, sources, links) is untrusted and goes through `html.escape`; a link is
made only for http(s) URLs, so a `javascript:` address stays inert text.
"""

from __future__ import annotations

import hashlib
import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit

from summarize.digest.state import Selected
from summarize.records import Article, Summary

FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
TEXT_WIDTH = 72


@dataclass(frozen=True)
class DigestItem:
    """One event of the digest with its summary."""

    selected: Selected
    summary: Summary


def subject_line(items: Sequence[DigestItem], now: datetime) -> str:
    """E.g. "News digest 2025-03-22: 3 events (1 update)"."""
    updates = sum(item.selected.status == "update" for item in items)
    count = f"{len(items)} event" + ("" if len(items) == 1 else "s")
    extra = f" ({updates} update{'' if updates == 1 else 's'})" if updates else ""
    return f"News digest {now:%Y-%m-%d}: {count}{extra}"


def compose_digest(
    items: Sequence[DigestItem],
    *,
    sender: str,
    recipients: Sequence[str],
    now: datetime,
    notices: Sequence[str] = (),
) -> EmailMessage:
    """The digest message. `notices` (e.g. a model fallback) are shown above the events.

    The Message-ID is derived from the recipients and the articles sent, so a message sent
    again after a crash between sending and recording carries the same id and mail clients
    show it once.
    """
    if not items:
        raise ValueError("a digest needs at least one event")
    msg = EmailMessage()
    msg["Subject"] = subject_line(items, now)
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = _message_id(items, sender, recipients)
    msg.set_content(render_text(items, now, notices))
    msg.add_alternative(render_html(items, now, notices), subtype="html")
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


def _overview(items: Sequence[DigestItem]) -> str:
    new = sum(item.selected.status == "new" for item in items)
    updated = len(items) - new
    parts = [f"{new} new"] if new else []
    parts += [f"{updated} updated"] if updated else []
    noun = "event" if len(items) == 1 else "events"
    return f"{len(items)} {noun}: {', '.join(parts)}"


def _method(summary: Summary) -> str:
    return "; ".join((f"Method: {summary.method}", *summary.notes))


def _safe_url(url: str) -> str | None:
    """The URL if it is an absolute http(s) link, else None (no javascript:, data:, ...)."""
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _article_name(article: Article, words: int = 12) -> str:
    """The article's title; else the opening words of its text (ids make poor headlines)."""
    if article.title:
        return article.title
    opening = article.text.split()
    if not opening:
        return article.id
    return " ".join(opening[:words]) + ("…" if len(opening) > words else "")


def _source_label(article: Article) -> str:
    source = article.source or urlsplit(article.url).netloc
    when = f"{article.published:%d %b %Y}" if article.published else ""
    return ", ".join(p for p in (source, when) if p)


def _article_tags(item: DigestItem, article: Article) -> list[str]:
    tags = []
    if item.selected.status == "update" and article.id in item.selected.new_articles:
        tags.append("new")
    if article.id in item.selected.event.duplicate_of:
        tags.append("near-copy")
    return tags


# plain text ------------------------------------------------------------------------------


def render_text(items: Sequence[DigestItem], now: datetime, notices: Sequence[str] = ()) -> str:
    """The plain-text part: numbered events, wrapped at 72 columns, links in <...>."""
    wrap = textwrap.TextWrapper(width=TEXT_WIDTH, initial_indent="   ", subsequent_indent="   ")
    lines = [f"News digest, {now:%A %d %B %Y}", _overview(items), ""]
    for notice in notices:
        lines += textwrap.wrap(f"Note: {notice}", TEXT_WIDTH) + [""]
    for number, item in enumerate(items, 1):
        selected = item.selected
        label = "NEW" if selected.status == "new" else _update_label(selected)
        lines += textwrap.wrap(
            f"{number}. [{label}] {selected.event.title}", TEXT_WIDTH, subsequent_indent="   "
        )
        lines += wrap.wrap(item.summary.text) + ["", "   Sources:"]
        for article in selected.event.articles:
            details = [_source_label(article), *_article_tags(item, article)]
            head = f"- {_article_name(article)}"
            if any(details):
                head += f" ({'; '.join(d for d in details if d)})"
            url = _safe_url(article.url)
            lines += textwrap.wrap(
                head + (f" <{url}>" if url else ""),
                TEXT_WIDTH,
                initial_indent="   ",
                subsequent_indent="     ",
                break_long_words=False,
                break_on_hyphens=False,
            )
        lines += wrap.wrap(_method(item.summary)) + [""]
    lines.append("Sent by summarize digest.")
    return "\n".join(lines) + "\n"


def _update_label(selected: Selected) -> str:
    count = len(selected.new_articles)
    return f"UPDATE: {count} new article{'' if count == 1 else 's'}"


# HTML ------------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


_BADGE = (
    "display:inline-block;padding:2px 8px;border-radius:10px;font-size:11px;"
    "font-weight:600;letter-spacing:0.04em;text-transform:uppercase;"
)
_BADGE_NEW = _BADGE + "background:#dafbe1;color:#116329;"
_BADGE_UPDATE = _BADGE + "background:#fff1c2;color:#7a4d00;"
_TAG = "font-size:11px;color:#7a4d00;background:#fff8e1;padding:0 5px;border-radius:6px;"


def render_html(items: Sequence[DigestItem], now: datetime, notices: Sequence[str] = ()) -> str:
    """The HTML part: a centred 640 px card per digest, inline styles, everything escaped."""
    title = _e(subject_line(items, now))
    notes = "".join(
        f'<p style="margin:12px 0 0;padding:10px 12px;background:#f6f8fa;border-left:3px solid '
        f'#d0d7de;font-size:13px;color:#424a53;">{_e(n)}</p>'
        for n in notices
    )
    events = "".join(_html_event(item) for item in items)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:640px;background:#ffffff;border:1px solid #e5e7eb;border-radius:8px;font-family:{FONT};color:#1f2328;">
<tr><td style="padding:24px 28px 16px;">
<h1 style="margin:0;font-size:22px;line-height:1.3;">News digest</h1>
<p style="margin:4px 0 0;font-size:14px;color:#57606a;">{_e(f"{now:%A %d %B %Y}")} &middot; {_e(_overview(items))}</p>
{notes}
</td></tr>
{events}<tr><td style="padding:16px 28px 24px;border-top:1px solid #e5e7eb;font-size:12px;color:#6e7781;">Sent by summarize digest.</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
"""


def _html_event(item: DigestItem) -> str:
    selected = item.selected
    if selected.status == "new":
        badge = f'<span style="{_BADGE_NEW}">New</span>'
    else:
        badge = f'<span style="{_BADGE_UPDATE}">{_e(_update_label(selected))}</span>'
    sources = "".join(_html_source(item, article) for article in selected.event.articles)
    return (
        '<tr><td style="padding:20px 28px;border-top:1px solid #e5e7eb;">\n'
        f"{badge}\n"
        f'<h2 style="margin:8px 0 8px;font-size:18px;line-height:1.35;">'
        f"{_e(selected.event.title)}</h2>\n"
        f'<p style="margin:0 0 12px;font-size:15px;line-height:1.6;">'
        f"{_e(item.summary.text)}</p>\n"
        '<p style="margin:0 0 4px;font-size:13px;font-weight:600;color:#424a53;">Sources</p>\n'
        f'<ul style="margin:0 0 12px;padding-left:20px;font-size:13px;line-height:1.5;">'
        f"{sources}</ul>\n"
        f'<p style="margin:0;font-size:12px;color:#6e7781;">{_e(_method(item.summary))}</p>\n'
        "</td></tr>\n"
    )


def _html_source(item: DigestItem, article: Article) -> str:
    name = _e(_article_name(article))
    url = _safe_url(article.url)
    link = (
        f'<a href="{_e(url)}" style="color:#0969da;text-decoration:none;">{name}</a>'
        if url
        else name
    )
    label = _source_label(article)
    details = f' <span style="color:#6e7781;">&middot; {_e(label)}</span>' if label else ""
    tags = "".join(f' <span style="{_TAG}">{_e(t)}</span>' for t in _article_tags(item, article))
    return f"<li>{link}{details}{tags}</li>"
