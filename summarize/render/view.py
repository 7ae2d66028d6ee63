"""The per-event view every renderer reads: the event, its summary, where each article came
from (outlet, date, title, link) and, in a digest, whether the event is new or updated.

Built once per event (`event_views`), so text, Markdown, JSON, HTML and the email cannot
disagree about what an event is. Links are kept only for absolute http(s) URLs: article
metadata is untrusted, and a `javascript:` address must stay inert text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from summarize.records import Article, Event, SourceRef, Summary

NAME_WORDS = 12
# C0 and C1 control characters except tab and newline: terminal escapes in article text
# (screen clears, hidden OSC-8 links) must not reach a reader's terminal.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` without control characters."""
    return _CONTROLS.sub("", text)


def safe_url(url: str) -> str:
    """The URL if it is an absolute http(s) link, else "" (no javascript:, data:, ...)."""
    url = url.strip()
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def count(n: int, word: str, plural: str = "") -> str:
    """"1 article", "2 articles", "2 near-copies"."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


@dataclass(frozen=True)
class SourceView:
    """One article of an event as a reader sees it in a source list."""

    number: int  # 1-based position in the event's source list (citations point at it)
    article: Article
    copy_of: str | None
    new: bool = False  # in a digest update: arrived since the last digest

    @property
    def url(self) -> str:
        return safe_url(self.article.url)

    @property
    def outlet(self) -> str:
        return self.article.source or urlsplit(self.url).netloc

    @property
    def name(self) -> str:
        """The article's title; else the opening words of its text (ids make poor headlines)."""
        if self.article.title:
            return self.article.title
        opening = self.article.text.split()
        if not opening:
            return self.article.id
        return " ".join(opening[:NAME_WORDS]) + ("…" if len(opening) > NAME_WORDS else "")

    @property
    def label(self) -> str:
        """ "Outlet, 01 Dec 2026" (what is known of it)."""
        published = self.article.published
        when = f"{published:%d %b %Y}" if published else ""
        return ", ".join(p for p in (self.outlet, when) if p)

    @property
    def tags(self) -> list[str]:
        return [tag for tag, on in (("new", self.new), ("near-copy", self.copy_of)) if on]


@dataclass(frozen=True)
class EventView:
    """One event with its summary (None for `summarize group`) and its sources."""

    event: Event
    summary: Summary | None
    sources: tuple[SourceView, ...]
    status: str | None = None  # "new" or "update" in a digest
    new_articles: frozenset[str] = frozenset()

    @property
    def title(self) -> str:
        return self.event.title or self.event.id

    @property
    def facts(self) -> str:
        """ "3 articles, 1 near-copy counted once"."""
        facts = count(len(self.event.articles), "article")
        if self.event.duplicates:
            facts += f", {count(len(self.event.duplicates), 'near-copy', 'near-copies')} counted once"
        return facts

    def number_of(self, ref: SourceRef) -> int | None:
        """The source-list number of the article a citation points at."""
        return next((s.number for s in self.sources if s.article.id == ref.article), None)

    def cited(self, refs: Sequence[SourceRef]) -> list[int]:
        """The distinct source numbers of `refs`, in order."""
        numbers = [self.number_of(ref) for ref in refs]
        return list(dict.fromkeys(n for n in numbers if n is not None))


def event_views(
    events: Sequence[Event],
    summaries: Sequence[Summary] | None = None,
    *,
    status: Mapping[str, str] | None = None,
    new_articles: Mapping[str, Sequence[str]] | None = None,
) -> list[EventView]:
    """A view per event, with its summary (when given) and, for a digest, its status and
    the ids of the articles that are new since the last digest."""
    by_event = {s.event_id: s for s in summaries or ()}
    views = []
    for event in events:
        new = frozenset((new_articles or {}).get(event.id, ()))
        copy_of = event.duplicate_of
        sources = tuple(
            SourceView(k, article, copy_of.get(article.id), article.id in new)
            for k, article in enumerate(event.articles, start=1)
        )
        views.append(
            EventView(event, by_event.get(event.id), sources, (status or {}).get(event.id), new)
        )
    return views


def published_iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC ("2026-12-01T20:30:00+00:00"), or None."""
    return moment.isoformat() if moment else None
