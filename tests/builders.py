"""Shared builders for tests: events as the summarizers read them (EventInput)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from summarize.pipeline import event_inputs, split_corpus
from summarize.records import Event
from summarize.summarizer import EventInput


def inputs_of(
    events: Sequence[Event], max_words: int = 100, *, rank: bool = False,
    references: Mapping[str, Sequence[str]] | None = None,
) -> list[EventInput]:
    """The events' inputs through the pipeline's own builder (split, and ranked if asked)."""
    articles = [a for event in events for a in event.articles]
    return event_inputs(events, split_corpus(articles), max_words, rank=rank, references=references)
