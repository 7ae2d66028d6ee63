"""The library's main path, stage by stage: read -> clean -> split -> group -> rank -> summarize.

Each function is one step over records; the CLI, the evaluator and the digest all call these.
Each event's input (its sentences and, for summarizers that read it, its ranking) is built
once, here, and handed to the summarizer (summarize.summarizer.EventInput).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from summarize.engine import LOCAL, Engine
from summarize.progress import Progress, no_progress
from summarize.sources.fetch import FetchOptions
from summarize.records import Article, Event, Ranking, Sentence, Skipped, Summary
from summarize.summarizer import EventInput, Summarizer

Sentences = Mapping[str, Sequence[Sentence]]

# The ranker sees at most this many sentences of an event: the leads of every article first,
# then the next sentence of each, and so on (news puts the essentials first). Ranking grows
# faster than linearly in sentences; real events stay far below the cap, so it only bounds
# time and memory on pathological input (a 10 MB one-line "article", 100,000 sentences).
MAX_RANKED_SENTENCES = 3000
# Events handed to a local summarizer at once: progress is reported between chunks, and a
# fuser still fills its batches (4 events on a CPU, 16 on a GPU). Another engine gets every
# event in one call and spreads them over its workers itself (engine.RemoteSummarizer).
SUMMARIZE_CHUNK = 16


@dataclass(frozen=True)
class Corpus:
    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]


def read_corpus(
    paths: Sequence[str],
    *,
    on_skip: Callable[[Skipped], None] | None = None,
    fetch: FetchOptions | None = None,
    on_note: Callable[[str], None] | None = None,
    on_progress: Progress = no_progress,
    engine: Engine = LOCAL,
) -> Corpus:
    """Read `paths` (files, directories, "-" for stdin, http(s) URLs of pages and feeds, OPML
    lists: summarize.sources) and clean every article.

    An article left with no text after cleaning, or whose text is not an article (page
    chrome only, a file that is not news prose: summarize.articles), is skipped with a reason.
    """
    from summarize.sources import read_sources

    articles: list[Article] = []
    skipped: list[Skipped] = []

    def skip(item: Skipped) -> None:
        skipped.append(item)
        if on_skip:
            on_skip(item)

    raw = list(read_sources(paths, options=fetch, on_skip=skip, on_note=on_note,
                            on_progress=on_progress))
    for result in engine.map(prepare_article, raw, stage="cleaning", on_progress=on_progress):
        if isinstance(result, Skipped):
            skip(result)
        else:
            articles.append(result)
    return Corpus(tuple(articles), tuple(skipped))


def prepare_article(article: Article) -> Article | Skipped:
    """The article cleaned, or why it is not used: no text left after removing page chrome,
    or not an article at all (chrome only, not news prose: summarize.articles)."""
    from summarize.articles import not_an_article
    from summarize.clean import clean_article

    cleaned = clean_article(article)
    if not cleaned.text.strip():
        return Skipped(article.path or article.id, "no article text left after removing page chrome")
    if (why := not_an_article(cleaned, article.text)) is not None:
        return Skipped(article.path or article.id, why)
    return cleaned


def split_corpus(articles: Iterable[Article], engine: Engine = LOCAL) -> dict[str, list[Sentence]]:
    """Sentences per article id."""
    from summarize.sentences import split_article

    articles = list(articles)
    return dict(zip((a.id for a in articles), engine.map(split_article, articles)))


def build_events(
    articles: Sequence[Article], sentences: Sentences | None = None, *, one_event: bool = False
) -> list[Event]:
    """Group articles into events; with `one_event` they are taken as one event as given.

    `sentences` (by article id) give untitled events a title from a lead sentence.
    """
    from summarize.group import group_articles, single_event

    if one_event:
        return [single_event(articles, sentences=sentences)]
    return group_articles(articles, sentences=sentences)


def event_inputs(
    events: Sequence[Event],
    sentences: Sentences,
    max_words: int,
    *,
    rank: bool = True,
    references: Mapping[str, Sequence[str]] | None = None,
    on_progress: Progress = no_progress,
    engine: Engine = LOCAL,
) -> list[EventInput]:
    """Each event's input: its sentences, its ranking when `rank`, and its `references`
    (by event id) when evaluation gives them."""
    owns = [tuple(s for a in event.articles for s in sentences[a.id]) for event in events]
    rankings = (
        engine.map(partial(_rank, max_words=max_words), list(zip(events, owns)), stage="ranking",
                   on_progress=on_progress)
        if rank else [None] * len(events)
    )
    return [
        EventInput(event, own, ranking, tuple((references or {}).get(event.id, ())))
        for event, own, ranking in zip(events, owns, rankings)
    ]


def _rank(item: tuple[Event, tuple[Sentence, ...]], *, max_words: int) -> Ranking:
    from summarize.rank import rank_event

    event, own = item
    return rank_event(event, leads_first(own), max_words)


def leads_first(sentences: Sequence[Sentence], cap: int = MAX_RANKED_SENTENCES) -> list[Sentence]:
    """`sentences` when they are at most `cap`; else the `cap` with the lowest index in their
    article (ties in input order), kept in input order."""
    if len(sentences) <= cap:
        return list(sentences)
    order = sorted(range(len(sentences)), key=lambda i: (sentences[i].index, i))
    return [sentences[i] for i in sorted(order[:cap])]


def summarize_events(
    events: Sequence[Event],
    sentences: Sentences,
    summarizer: Summarizer,
    max_words: int,
    *,
    references: Mapping[str, Sequence[str]] | None = None,
    on_progress: Progress = no_progress,
    engine: Engine = LOCAL,
) -> list[Summary]:
    """Build each event's input (ranked only if the summarizer reads rankings), summarize."""
    inputs = event_inputs(
        events, sentences, max_words, rank=summarizer.needs_ranking, references=references,
        on_progress=on_progress, engine=engine,
    )
    stage = f"summarizing ({summarizer.name})"
    summaries: list[Summary] = []
    chunk = SUMMARIZE_CHUNK if engine is LOCAL else max(1, len(inputs))
    for start in range(0, len(inputs), chunk):
        on_progress(stage, start, len(inputs))
        summaries += summarizer(inputs[start:start + chunk], max_words)
    on_progress(stage, len(inputs), len(inputs))
    return summaries
