"""The records that flow between stages: frozen dataclasses, one per kind of thing.

ingest -> Article (+ Skipped); sentences -> Sentence; group -> Event;
rank -> Ranking of RankedSentence; fuse -> Summary of SummarySentence with SourceRef links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone


@dataclass(frozen=True)
class Article:
    """One news article. `id` is unique within a run (see ingest for how it is made);
    `path` is the file it was read from ("" for stdin and records made in code)."""

    id: str
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: datetime | None = None
    path: str = ""

    def __post_init__(self) -> None:
        # One rule for every date: timezone-aware UTC, a naive time taken as UTC.
        if self.published is not None:
            object.__setattr__(self, "published", as_utc(self.published))


def as_utc(moment: datetime) -> datetime:
    """`moment` as timezone-aware UTC (a naive time is taken to be UTC already)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


@dataclass(frozen=True)
class Skipped:
    """An input that was not used, and why (shown on stderr and in JSON `skipped`)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Sentence:
    """A sentence of a cleaned article; `index` is its 0-based position in that article."""

    article_id: str
    index: int
    text: str


@dataclass(frozen=True)
class Event:
    """Articles about one happening.

    `duplicates` maps an article id to the id of the article it is a near-copy of
    (syndicated wire text); duplicates are listed but not double-counted.
    """

    id: str
    title: str
    articles: tuple[Article, ...]
    duplicates: tuple[tuple[str, str], ...] = ()

    @property
    def article_ids(self) -> list[str]:
        return [a.id for a in self.articles]

    @property
    def duplicate_of(self) -> dict[str, str]:
        return dict(self.duplicates)

    @property
    def originals(self) -> tuple[Article, ...]:
        """The articles that are not near-copies of another one."""
        dup = self.duplicate_of
        return tuple(a for a in self.articles if a.id not in dup)


@dataclass(frozen=True)
class RankedSentence:
    """A sentence with its salience score (higher is more salient).

    `copies`: the same sentence in other articles of the event (wire copies), counted once.
    """

    sentence: Sentence
    score: float
    copies: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class Ranking:
    """The ranker's result for one event.

    `ranked`: all candidate sentences in redundancy-aware selection order (best first).
    `selected`: the extractive summary under the word budget, in reading order.
    """

    event_id: str
    ranked: tuple[RankedSentence, ...]
    selected: tuple[RankedSentence, ...]


@dataclass(frozen=True)
class SourceRef:
    """A link from a summary sentence to the source sentence that supports it."""

    article: str
    sentence: int


ORIGINS = ("generated", "replaced", "extracted")


@dataclass(frozen=True)
class SummarySentence:
    """A sentence of a summary and the source sentences that support it.

    `origin`: "generated" (written by a model and kept), "replaced" (the faithfulness guard put
    a source sentence in place of a generated one) or "extracted" (taken as written).
    """

    text: str
    sources: tuple[SourceRef, ...] = ()
    origin: str = "extracted"

    def __post_init__(self) -> None:
        if self.origin not in ORIGINS:
            raise ValueError(f"origin must be one of {', '.join(ORIGINS)}, got {self.origin!r}")


@dataclass(frozen=True)
class Summary:
    """One event's summary. `method` is "extractive" or the model's name;
    `notes` explain fallbacks and faithfulness repairs in plain words."""

    event_id: str
    method: str
    sentences: tuple[SummarySentence, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)
