"""Render events and their summaries: text, Markdown, JSON (the DESIGN.md contract), HTML and
email, all drawn from the same per-event view (summarize.render.view).

`RENDERERS` is the registry of output formats; the CLI's `--format` choices come from it.
Article text is untrusted: HTML and email escape it, every format strips control characters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from summarize.records import Event, Skipped, Summary
from summarize.render.contract import as_dict, render_json
from summarize.render.mail import render_email
from summarize.render.markdown import render_markdown
from summarize.render.page import render_html
from summarize.render.text import render_text
from summarize.render.view import EventView, event_views

__all__ = ["RENDERERS", "EventView", "as_dict", "event_views", "render"]

Renderer = Callable[[Sequence[EventView], Sequence[Skipped]], str]

RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "html": render_html,
    "email": render_email,
}


def render(
    fmt: str,
    events: Sequence[Event],
    summaries: Sequence[Summary] | None = None,
    skipped: Sequence[Skipped] = (),
) -> str:
    """Render in format `fmt` (a key of RENDERERS); `summaries` None for events alone."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(RENDERERS)}") from None
    return renderer(event_views(events, summaries), skipped)
