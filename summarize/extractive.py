"""The extractive summarizer: each event's summary is the ranker's selection, as written.

The selection (summarize.rank) is the budgeted optimum of concept coverage and expected word
matches, in reading order. Every summary sentence cites its source sentence and the same
sentence in the event's other articles (wire copies).
"""

from __future__ import annotations

from summarize.records import Summary
from summarize.summarizer import EventInput, EventSummarizer, SummarizerOptions


class ExtractiveSummarizer(EventSummarizer):
    """The ranker's selected sentences, with their sources.

    `overflow` appends the next-ranked sentence after the selection, so the summary runs
    past `max_words`: only for scorers that cut every summary at the word budget themselves
    (ROUGE's `-l`), where a full budget scores better than one left partly unused.
    """

    name = "extractive"
    description = "The most salient non-redundant source sentences, within the word budget."
    needs_ranking = True

    def __init__(self, options: SummarizerOptions | None = None, *, overflow: bool = False):
        super().__init__(options)
        self.overflow = overflow

    def summarize_event(self, item: EventInput, max_words: int) -> Summary:
        ranking = item.ranking
        if ranking is None:
            raise ValueError(f"event {item.event.id!r} was not ranked")
        chosen = list(ranking.selected)
        notes: list[str] = []
        if not chosen:
            notes.append("no sentences to summarize")
        elif len(chosen) == 1 and chosen[0] not in ranking.ranked:  # a shortened copy
            notes.append(
                f"no whole sentence fits in {max_words} words; the most salient one was cut"
            )
        if self.overflow:
            taken = {c.sentence for c in chosen}
            chosen += [c for c in ranking.ranked if c.sentence not in taken][:1]
        return self.summary(item, chosen, notes)
