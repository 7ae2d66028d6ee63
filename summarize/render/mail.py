"""Email: one multipart/alternative body (plain text + HTML) of event views, as the digest
sends it and as `summarize run --format email` writes it (an .eml a mail client opens).

The HTML follows the common practice for mail clients (Gmail, Outlook, Apple Mail): table
layout, inline styles only, no scripts, no external images or fonts. Everything that comes
from articles is escaped; links are made only for http(s) URLs. Readers see which method
made a summary in their words, never an operator's notice (those go to stderr and the log).
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage

from summarize.records import Skipped, Summary
from summarize.render.view import EventView, SourceView, count, printable

FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
TEXT_WIDTH = 72


def overview(views: Sequence[EventView]) -> str:
    """ "3 events: 2 new, 1 updated" (or "2 events" outside a digest)."""
    total = count(len(views), "event")
    if not any(view.status for view in views):
        return total
    new = sum(view.status == "new" for view in views)
    updated = len(views) - new
    parts = [f"{new} new"] * bool(new) + [f"{updated} updated"] * bool(updated)
    return f"{total}: {', '.join(parts)}"


def method_words(summary: Summary) -> str:
    """Which method made the summary, in a reader's words."""
    if summary.method == "extractive":
        return "Summary made of sentences taken from the articles."
    if any(s.origin == "generated" for s in summary.sentences):
        return f"Summary written by the {summary.method} model from the articles."
    return f"Summary chosen by {summary.method} from the articles' sentences."


def _label(view: EventView) -> str:
    if view.status == "update":
        return f"UPDATE: {count(len(view.new_articles), 'new article')}"
    return "NEW" if view.status == "new" else ""


def _source_text(source: SourceView) -> str:
    details = "; ".join(p for p in (source.label, *source.tags) if p)
    line = f"- {source.name}" + (f" ({details})" if details else "")
    return printable(line + (f" <{source.url}>" if source.url else ""))


def email_text(views: Sequence[EventView], now: datetime, skipped: Sequence[Skipped] = ()) -> str:
    """The plain-text part: numbered events, wrapped at 72 columns, links in <...>."""
    wrap = textwrap.TextWrapper(width=TEXT_WIDTH, initial_indent="   ", subsequent_indent="   ")
    lines = [f"News digest, {now:%A %d %B %Y}", overview(views), ""]
    for number, view in enumerate(views, 1):
        label = _label(view)
        head = f"{number}. " + (f"[{label}] " if label else "") + printable(view.title)
        lines += textwrap.wrap(head, TEXT_WIDTH, subsequent_indent="   ")
        if view.summary is not None:
            lines += wrap.wrap(printable(view.summary.text))
        lines += ["", "   Sources:"]
        for source in view.sources:
            lines += textwrap.wrap(
                _source_text(source), TEXT_WIDTH, initial_indent="   ", subsequent_indent="     ",
                break_long_words=False, break_on_hyphens=False,
            )
        if view.summary is not None:
            lines += wrap.wrap(method_words(view.summary))
        lines.append("")
    if skipped:
        lines.append(f"Not read: {count(len(skipped), 'input')}.")
    lines.append("Sent by summarize.")
    return "\n".join(lines) + "\n"


def _e(text: str) -> str:
    return html.escape(printable(text), quote=True)


_BADGE = (
    "display:inline-block;padding:2px 8px;border-radius:10px;font-size:11px;"
    "font-weight:600;letter-spacing:0.04em;text-transform:uppercase;"
)
_BADGE_NEW = _BADGE + "background:#dafbe1;color:#116329;"
_BADGE_UPDATE = _BADGE + "background:#fff1c2;color:#7a4d00;"
_TAG = "font-size:11px;color:#7a4d00;background:#fff8e1;padding:0 5px;border-radius:6px;"


def email_html(views: Sequence[EventView], now: datetime, title: str) -> str:
    """The HTML part: a centred 640 px card, inline styles, everything escaped."""
    events = "".join(_html_event(view) for view in views)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:640px;background:#ffffff;border:1px solid #e5e7eb;border-radius:8px;font-family:{FONT};color:#1f2328;">
<tr><td style="padding:24px 28px 16px;">
<h1 style="margin:0;font-size:22px;line-height:1.3;">News digest</h1>
<p style="margin:4px 0 0;font-size:14px;color:#57606a;">{_e(f"{now:%A %d %B %Y}")} &middot; {_e(overview(views))}</p>
</td></tr>
{events}<tr><td style="padding:16px 28px 24px;border-top:1px solid #e5e7eb;font-size:12px;color:#6e7781;">Sent by summarize.</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
"""


def _html_event(view: EventView) -> str:
    label = _label(view)
    badge = ""
    if label:
        style = _BADGE_NEW if view.status == "new" else _BADGE_UPDATE
        badge = f'<span style="{style}">{_e("New" if view.status == "new" else label)}</span>\n'
    summary = view.summary
    text = f'<p style="margin:0 0 12px;font-size:15px;line-height:1.6;">{_e(summary.text)}</p>\n' if summary else ""
    method = (f'<p style="margin:0;font-size:12px;color:#6e7781;">{_e(method_words(summary))}</p>\n'
              if summary else "")
    sources = "".join(_html_source(source) for source in view.sources)
    return (
        '<tr><td style="padding:20px 28px;border-top:1px solid #e5e7eb;">\n'
        f"{badge}"
        f'<h2 style="margin:8px 0 8px;font-size:18px;line-height:1.35;">{_e(view.title)}</h2>\n'
        f"{text}"
        '<p style="margin:0 0 4px;font-size:13px;font-weight:600;color:#424a53;">Sources</p>\n'
        f'<ul style="margin:0 0 12px;padding-left:20px;font-size:13px;line-height:1.5;">'
        f"{sources}</ul>\n"
        f"{method}"
        "</td></tr>\n"
    )


def _html_source(source: SourceView) -> str:
    name = _e(source.name)
    link = (
        f'<a href="{_e(source.url)}" style="color:#0969da;text-decoration:none;">{name}</a>'
        if source.url else name
    )
    details = f' <span style="color:#6e7781;">&middot; {_e(source.label)}</span>' if source.label else ""
    tags = "".join(f' <span style="{_TAG}">{_e(t)}</span>' for t in source.tags)
    return f"<li>{link}{details}{tags}</li>"


def email_message(views: Sequence[EventView], *, subject: str, now: datetime,
                  skipped: Sequence[Skipped] = ()) -> EmailMessage:
    """A multipart/alternative message of the views (headers other than Subject are the
    sender's to add)."""
    message = EmailMessage()
    message["Subject"] = subject
    message.set_content(email_text(views, now, skipped))
    message.add_alternative(email_html(views, now, subject), subtype="html")
    return message


def render_email(views: Sequence[EventView], skipped: Sequence[Skipped]) -> str:
    """The views as an .eml message (for `summarize run --format email`)."""
    from datetime import timezone

    now = datetime.now(timezone.utc)
    return email_message(views, subject=f"News summary: {overview(views)}", now=now,
                         skipped=skipped).as_string()
