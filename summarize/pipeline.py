"""The library's main path, stage by stage: read -> clean -> split -> group -> rank -> summarize.

Each function is one step over records; the CLI, the evaluator and the digest all call these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from summarize.records import Article, Event, Ranking, Sentence, Skipped, Summary


class Summarizer(Protocol):
    """Turns ranked events into summaries (extractive or a seq2seq fuser).

    A summarizer that reads no rankings (a baseline) sets `needs_ranking = False`; it is
    then given an empty list instead of rankings nobody reads.
    """

    name: str

    def __call__(
        self, events: Sequence[Event], rankings: Sequence[Ranking], max_words: int
    ) -> list[Summary]: ...


@dataclass(frozen=True)
class Corpus:
    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]


def read_corpus(
    paths: Sequence[str], *, on_skip: Callable[[Skipped], None] | None = None
) -> Corpus:
    """Ingest `paths` ("-" is stdin) and clean every article.

    An article left with no text after cleaning is skipped with a reason.
    """
    from summarize.clean import clean_article
    from summarize.ingest import read_paths

    articles: list[Article] = []
    skipped: list[Skipped] = []

    def skip(item: Skipped) -> None:
        skipped.append(item)
        if on_skip:
            on_skip(item)

    for article in read_paths(paths, on_skip=skip):
        cleaned = clean_article(article)
        if cleaned.text.strip():
            articles.append(cleaned)
        else:
            skip(Skipped(article.path or article.id, "no article text left after removing page chrome"))
    return Corpus(tuple(articles), tuple(skipped))


def split_corpus(articles: Iterable[Article]) -> dict[str, list[Sentence]]:
    """Sentences per article id."""
    from summarize.sentences import split_article

    return {a.id: split_article(a) for a in articles}


def build_events(articles: Sequence[Article], *, one_event: bool = False) -> list[Event]:
    """Group articles into events; with `one_event` they are taken as one event as given."""
    from summarize.group import group_articles, single_event

    if one_event:
        return [single_event(articles)]
    return group_articles(articles)


def rank_events(
    events: Sequence[Event], sentences: dict[str, list[Sentence]], max_words: int
) -> list[Ranking]:
    """The ranker's result for each event, in event order."""
    from summarize.rank import rank_event

    return [
        rank_event(event, [s for a in event.articles for s in sentences[a.id]], max_words)
        for event in events
    ]


def rankings_by_event(events: Sequence[Event], rankings: Sequence[Ranking]) -> dict[str, Ranking]:
    """Each event's ranking by event id; every event must have one."""
    by_event = {ranking.event_id: ranking for ranking in rankings}
    missing = [event.id for event in events if event.id not in by_event]
    if missing:
        raise ValueError(f"no ranking for event {missing[0]!r}")
    return by_event


def summarize_events(
    events: Sequence[Event],
    sentences: dict[str, list[Sentence]],
    summarizer: Summarizer,
    max_words: int,
) -> list[Summary]:
    """Rank each event (if the summarizer reads rankings) and hand them to `summarizer`."""
    if not getattr(summarizer, "needs_ranking", True):
        return summarizer(events, [], max_words)
    return summarizer(events, rank_events(events, sentences, max_words), max_words)
