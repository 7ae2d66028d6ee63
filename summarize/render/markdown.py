"""Markdown: a section per event with [n] citations and a numbered source list that links
to each article; untrusted text has its Markdown and HTML syntax neutralised."""

from __future__ import annotations

import html
from collections.abc import Sequence

from summarize.records import Skipped
from summarize.render.view import EventView, SourceView, printable


def md_escape(text: str) -> str:
    """Neutralise Markdown/HTML syntax (and control characters) in untrusted text."""
    text = html.escape(printable(text), quote=False).replace("\n", " ")
    for ch in "\\`*_[]#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _citation(view: EventView, refs) -> str:
    numbers = view.cited(refs)
    return f" \\[{', '.join(map(str, numbers))}\\]" if numbers else ""


def _source(source: SourceView) -> str:
    name = md_escape(source.name)
    linked = f"[{name}](<{source.url}>)" if source.url and ">" not in source.url else name
    details = "; ".join(p for p in (source.label, *source.tags) if p)
    return (f"{source.number}. `{md_escape(source.article.id)}` {linked}"
            + (f" ({md_escape(details)})" if details else ""))


def render_markdown(views: Sequence[EventView], skipped: Sequence[Skipped]) -> str:
    parts = []
    for view in views:
        parts.append(f"## {md_escape(view.title)}\n")
        parts.append(f"*{md_escape(view.facts)}*\n")
        summary = view.summary
        if summary is not None:
            parts.append(" ".join(
                md_escape(s.text) + _citation(view, s.sources) for s in summary.sentences) + "\n")
            parts.append(f"**Method:** {md_escape(summary.method)}\n")
            parts.extend(f"> {md_escape(note)}\n" for note in summary.notes)
        parts.append("**Sources**\n")
        parts.extend(_source(s) for s in view.sources)
        parts.append("")
    if skipped:
        parts.append("## Skipped inputs\n")
        parts.extend(f"- {md_escape(s.path)}: {md_escape(s.reason)}" for s in skipped)
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
