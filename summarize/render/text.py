"""Plain text: a block per event (title, facts, the summary with [n] citations, the numbered
sources), wrapped at 78 columns; control characters are stripped from untrusted text."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from summarize.records import Skipped
from summarize.render.view import EventView, SourceView, printable

WIDTH = 78


def citation(view: EventView, refs) -> str:
    numbers = view.cited(refs)
    return f" [{', '.join(map(str, numbers))}]" if numbers else ""


def source_line(source: SourceView) -> str:
    """ "[1] id: Title (Outlet, 01 Dec 2026; near-copy) <https://...>"."""
    details = "; ".join(p for p in (source.label, *source.tags) if p)
    line = f"[{source.number}] {source.article.id}: {source.name}"
    line += f" ({details})" if details else ""
    return printable(line + (f" <{source.url}>" if source.url else ""))


def render_text(views: Sequence[EventView], skipped: Sequence[Skipped]) -> str:
    blocks = []
    for view in views:
        title = printable(view.title)
        lines = [title, "=" * min(len(title), WIDTH), f"[{view.event.id}] {view.facts}"]
        summary = view.summary
        if summary is not None:
            body = " ".join(printable(s.text) + citation(view, s.sources) for s in summary.sentences)
            lines += ["", *(textwrap.wrap(body, WIDTH) or ["(no summary)"]), ""]
        lines.append("Sources:")
        for source in view.sources:
            lines += textwrap.wrap(
                source_line(source), WIDTH, initial_indent="  ", subsequent_indent="      ",
                break_long_words=False, break_on_hyphens=False,
            )
        if summary is not None:
            lines.append(f"method: {printable(summary.method)}")
            lines.extend(f"note: {printable(note)}" for note in summary.notes)
        blocks.append("\n".join(lines))
    if skipped:
        blocks.append("Skipped:\n" + "\n".join(
            f"  {printable(s.path)}: {printable(s.reason)}" for s in skipped))
    return "\n\n".join(blocks) + "\n"
