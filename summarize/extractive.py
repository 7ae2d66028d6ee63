"""The extractive summarizer: each event's summary is the ranker's selection, as written.

The selection (summarize.rank) is the budgeted optimum of concept coverage and expected word
matches, in reading order. Every summary sentence cites its source sentence and the same
sentence in the event's other articles (wire copies).
"""

from __future__ import annotations

from collections.abc import Sequence

from summarize.records import (
    Event,
    RankedSentence,
    Ranking,
    SourceRef,
    Summary,
    SummarySentence,
)
from summarize.pipeline import rankings_by_event
from summarize.registry import register


class ExtractiveSummarizer:
    """Summarizer: the ranker's selected sentences, with their sources.

    `overflow` appends the next-ranked sentence after the selection, so the summary runs
    past `max_words`: only for scorers that cut every summary at the word budget themselves
    (ROUGE's `-l`), where a full budget scores better than one left partly unused.
    """

    name = "extractive"

    def __init__(self, overflow: bool = False):
        self.overflow = overflow

    def __call__(
        self, events: Sequence[Event], rankings: Sequence[Ranking], max_words: int
    ) -> list[Summary]:
        by_event = rankings_by_event(events, rankings)
        return [self._summary(event, by_event[event.id], max_words) for event in events]

    def _summary(self, event: Event, ranking: Ranking, max_words: int) -> Summary:
        chosen = list(ranking.selected)
        notes: list[str] = []
        if not chosen:
            notes.append("no sentences to summarize")
        elif _was_cut(chosen[0], ranking):
            notes.append(
                f"no whole sentence fits in {max_words} words; the most salient one was cut"
            )
        if self.overflow:
            taken = {item.sentence for item in chosen}
            chosen += [item for item in ranking.ranked if item.sentence not in taken][:1]
        return Summary(event.id, self.name, tuple(_sentence(item) for item in chosen), tuple(notes))


def _was_cut(item: RankedSentence, ranking: Ranking) -> bool:
    """Whether the selection holds a shortened copy of a ranked sentence."""
    return len(ranking.selected) == 1 and item not in ranking.ranked


def _sentence(item: RankedSentence) -> SummarySentence:
    sources = (item.sentence, *item.copies)
    return SummarySentence(
        item.sentence.text, tuple(SourceRef(s.article_id, s.index) for s in sources)
    )


@register("extractive", "The most salient non-redundant source sentences, within the word budget.")
def extractive() -> ExtractiveSummarizer:
    return ExtractiveSummarizer()
