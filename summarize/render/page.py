"""HTML: one self-contained page, a section per event whose citations link to its numbered
source list. Article text is untrusted: everything goes through html.escape, and links are
made only for http(s) URLs."""

from __future__ import annotations

import html
from collections.abc import Sequence

from summarize.records import Skipped
from summarize.render.view import EventView, SourceView, printable

STYLE = """
body{font-family:Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;
color:#1d1d1f;line-height:1.55;background:#fff}
h1{font-family:Helvetica,Arial,sans-serif;font-size:1.5rem;border-bottom:2px solid #1d1d1f}
h2{font-family:Helvetica,Arial,sans-serif;font-size:1.2rem;margin-bottom:.2rem}
.facts,.method,.sources{font-family:Helvetica,Arial,sans-serif;font-size:.85rem;color:#555}
.note{font-family:Helvetica,Arial,sans-serif;font-size:.85rem;color:#8a4b00}
sup{font-size:.7rem}
sup a,.sources a{color:#0969da;text-decoration:none}
section{margin-bottom:2rem}
"""


def esc(text: str) -> str:
    return html.escape(printable(text), quote=True)


def _anchor(event_number: int, source_number: int) -> str:
    return f"src-{event_number}-{source_number}"


def _source(event_number: int, source: SourceView) -> str:
    name = esc(source.name)
    if source.url:
        name = f'<a href="{esc(source.url)}">{name}</a>'
    details = "; ".join(p for p in (source.label, *source.tags) if p)
    return (
        f'<li id="{_anchor(event_number, source.number)}">{name}'
        + (f" &middot; {esc(details)}" if details else "")
        + f" <code>{esc(source.article.id)}</code></li>"
    )


def _citation(view: EventView, event_number: int, refs) -> str:
    links = [
        f'<a href="#{_anchor(event_number, n)}">{n}</a>' for n in view.cited(refs)
    ]
    return f"<sup>[{', '.join(links)}]</sup>" if links else ""


def render_html(views: Sequence[EventView], skipped: Sequence[Skipped]) -> str:
    summarized = any(view.summary is not None for view in views)
    body = [f"<h1>{'News summary' if summarized else 'News events'}</h1>"]
    for k, view in enumerate(views, start=1):
        body.append("<section>")
        body.append(f"<h2>{esc(view.title)}</h2>")
        body.append(f'<p class="facts">{esc(view.facts)}</p>')
        summary = view.summary
        if summary is not None:
            sentences = [esc(s.text) + _citation(view, k, s.sources) for s in summary.sentences]
            body.append(f"<p>{' '.join(sentences)}</p>")
            body.append(f'<p class="method">method: {esc(summary.method)}</p>')
            body.extend(f'<p class="note">{esc(note)}</p>' for note in summary.notes)
        body.append('<ol class="sources">' + "".join(_source(k, s) for s in view.sources) + "</ol>")
        body.append("</section>")
    if skipped:
        body.append("<h2>Skipped inputs</h2><ul>")
        body.extend(f"<li><code>{esc(s.path)}</code>: {esc(s.reason)}</li>" for s in skipped)
        body.append("</ul>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>summarize</title><style>{STYLE}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
