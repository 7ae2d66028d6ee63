"""Render events and their summaries as text, Markdown, JSON (the DESIGN.md contract) or HTML.

`summaries` is None for `summarize group` (events without summaries). Article text is
untrusted: everything that reaches HTML goes through html.escape.
"""

from __future__ import annotations

import html
import json
import textwrap
from collections.abc import Callable, Sequence

from summarize.records import Event, Skipped, Summary, SummarySentence

Renderer = Callable[[Sequence[Event], "Sequence[Summary] | None", Sequence[Skipped]], str]


def as_dict(
    events: Sequence[Event], summaries: Sequence[Summary] | None, skipped: Sequence[Skipped]
) -> dict:
    """The JSON contract: {"events": [...], "skipped": [...]}."""
    by_event = {s.event_id: s for s in summaries or ()}
    out = []
    for event in events:
        item: dict = {"id": event.id, "title": event.title, "articles": event.article_ids}
        if event.duplicates:
            item["duplicates"] = [{"article": d, "copy_of": o} for d, o in event.duplicates]
        summary = by_event.get(event.id)
        if summary is not None:
            item["summary"] = summary.text
            item["method"] = summary.method
            item["sentences"] = [
                {"text": s.text, "sources": [{"article": r.article, "sentence": r.sentence} for r in s.sources]}
                for s in summary.sentences
            ]
            if summary.notes:
                item["notes"] = list(summary.notes)
        out.append(item)
    return {"events": out, "skipped": [{"path": s.path, "reason": s.reason} for s in skipped]}


def render_json(events, summaries, skipped) -> str:
    return json.dumps(as_dict(events, summaries, skipped), ensure_ascii=False, indent=2) + "\n"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _event_facts(event: Event) -> str:
    facts = _count(len(event.articles), "article")
    if event.duplicates:
        facts += f", {_count(len(event.duplicates), 'near-copy')} counted once"
    return facts


def _source_labels(sentence: SummarySentence) -> str:
    return ", ".join(f"{r.article}#{r.sentence}" for r in sentence.sources)


def render_text(events, summaries, skipped) -> str:
    by_event = {s.event_id: s for s in summaries or ()}
    blocks = []
    for event in events:
        lines = [event.title or event.id, "=" * min(len(event.title or event.id), 78)]
        lines.append(f"[{event.id}] {_event_facts(event)}: {', '.join(event.article_ids)}")
        summary = by_event.get(event.id)
        if summary is not None:
            lines.append("")
            lines.extend(textwrap.wrap(summary.text, 78) or ["(no summary)"])
            lines.append("")
            lines.append(f"method: {summary.method}")
            lines.extend(f"note: {note}" for note in summary.notes)
        blocks.append("\n".join(lines))
    if skipped:
        blocks.append("Skipped:\n" + "\n".join(f"  {s.path}: {s.reason}" for s in skipped))
    return "\n\n".join(blocks) + "\n"


def _md_escape(text: str) -> str:
    """Neutralise Markdown/HTML syntax in untrusted text."""
    text = html.escape(text, quote=False)
    for ch in "\\`*_[]#|":
        text = text.replace(ch, "\\" + ch)
    return text


def render_markdown(events, summaries, skipped) -> str:
    by_event = {s.event_id: s for s in summaries or ()}
    parts = []
    for event in events:
        parts.append(f"## {_md_escape(event.title or event.id)}\n")
        parts.append(f"*{_event_facts(event)}: {_md_escape(', '.join(event.article_ids))}*\n")
        summary = by_event.get(event.id)
        if summary is not None:
            parts.append(" ".join(_md_escape(s.text) for s in summary.sentences) + "\n")
            parts.append(f"**Method:** {_md_escape(summary.method)}\n")
            parts.extend(f"> {_md_escape(note)}\n" for note in summary.notes)
            cited = [s for s in summary.sentences if s.sources]
            if cited:
                parts.append("<details><summary>Sources per sentence</summary>\n")
                parts.extend(f"{i}. {_md_escape(_source_labels(s))}" for i, s in enumerate(cited, 1))
                parts.append("\n</details>\n")
    if skipped:
        parts.append("## Skipped inputs\n")
        parts.extend(f"- {_md_escape(s.path)}: {_md_escape(s.reason)}" for s in skipped)
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


_STYLE = """
body{font-family:Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;
color:#1d1d1f;line-height:1.55;background:#fff}
h1{font-family:Helvetica,Arial,sans-serif;font-size:1.5rem;border-bottom:2px solid #1d1d1f}
h2{font-family:Helvetica,Arial,sans-serif;font-size:1.2rem;margin-bottom:.2rem}
.facts,.method{font-family:Helvetica,Arial,sans-serif;font-size:.85rem;color:#555}
.note{font-family:Helvetica,Arial,sans-serif;font-size:.85rem;color:#8a4b00}
sup{font-size:.7rem;color:#666}
section{margin-bottom:2rem}
"""


def render_html(events, summaries, skipped) -> str:
    esc = html.escape
    by_event = {s.event_id: s for s in summaries or ()}
    body = [f"<h1>{'News summary' if summaries is not None else 'News events'}</h1>"]
    for event in events:
        body.append("<section>")
        body.append(f"<h2>{esc(event.title or event.id)}</h2>")
        body.append(f"<p class=\"facts\">{esc(_event_facts(event))}: {esc(', '.join(event.article_ids))}</p>")
        summary = by_event.get(event.id)
        if summary is not None:
            sentences = []
            for s in summary.sentences:
                cite = f"<sup title=\"{esc(_source_labels(s))}\">[{esc(_source_labels(s))}]</sup>" if s.sources else ""
                sentences.append(f"{esc(s.text)}{cite}")
            body.append(f"<p>{' '.join(sentences)}</p>")
            body.append(f"<p class=\"method\">method: {esc(summary.method)}</p>")
            body.extend(f"<p class=\"note\">{esc(note)}</p>" for note in summary.notes)
        body.append("</section>")
    if skipped:
        body.append("<h2>Skipped inputs</h2><ul>")
        body.extend(f"<li><code>{esc(s.path)}</code>: {esc(s.reason)}</li>" for s in skipped)
        body.append("</ul>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>summarize</title><style>{_STYLE}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "html": render_html,
}


def render(
    fmt: str,
    events: Sequence[Event],
    summaries: Sequence[Summary] | None = None,
    skipped: Sequence[Skipped] = (),
) -> str:
    """Render in format `fmt` (a key of RENDERERS)."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(RENDERERS)}") from None
    return renderer(events, summaries, skipped)
