"""JSON: the DESIGN.md contract, {"events": [...], "skipped": [...]}, as a dict and as text."""

from __future__ import annotations

import json
from collections.abc import Sequence

from summarize.records import Skipped
from summarize.render.view import EventView, published_iso


def as_dict(views: Sequence[EventView], skipped: Sequence[Skipped]) -> dict:
    """The JSON contract (README "Output"): per event its id, title, articles, sources, and
    with a summary its text, method, sentences (origin and sources) and notes."""
    out = []
    for view in views:
        event = view.event
        item: dict = {"id": event.id, "title": event.title, "articles": event.article_ids}
        item["sources"] = [
            {
                "id": s.article.id, "title": s.article.title or None, "url": s.article.url or None,
                "source": s.article.source or None, "published": published_iso(s.article.published),
            }
            for s in view.sources
        ]
        if event.duplicates:
            item["duplicates"] = [{"article": d, "copy_of": o} for d, o in event.duplicates]
        if view.status:
            item["status"] = view.status
        summary = view.summary
        if summary is not None:
            item["summary"] = summary.text
            item["method"] = summary.method
            item["sentences"] = [
                {
                    "text": s.text, "origin": s.origin,
                    "sources": [{"article": r.article, "sentence": r.sentence} for r in s.sources],
                }
                for s in summary.sentences
            ]
            if summary.notes:
                item["notes"] = list(summary.notes)
        out.append(item)
    return {"events": out, "skipped": [{"path": s.path, "reason": s.reason} for s in skipped]}


def render_json(views: Sequence[EventView], skipped: Sequence[Skipped]) -> str:
    return json.dumps(as_dict(views, skipped), ensure_ascii=False, indent=2) + "\n"
