"""The fusion summarizer: pack each event's ranked sentences, generate in length-sorted batches,
then split, check against the sources, de-duplicate and fit the word budget.

Sorting events by input length before batching keeps padding small, the usual bucketing
trick for batched inference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from summarize.fuse.cards import ModelCard
from summarize.fuse.guard import SourceIndex, check
from summarize.fuse.packing import Packed, pack
from summarize.fuse.postprocess import drop_repeats, fit_budget, is_complete
from summarize.pipeline import Summarizer, rankings_by_event
from summarize.records import Event, Ranking, SourceRef, Summary, SummarySentence
from summarize.sentences import split_article, split_text

# Events per generate() call. Beam search copies every layer's cross-attention cache (batch x
# beams x input length) at each step, so on a CPU large batches lose what they gain: with
# distilbart-sized models, int8, per-event time was flat from 1 to 4 events and twice as long
# at 8 (eval/FUSION.md). A GPU has the memory bandwidth for more.
BATCH_SIZE = {"cpu": 4, "cuda": 16}

# Output tokens allowed per budget word: subword tokenizers spend about 1.3 tokens a word;
# the surplus lets the model finish its sentence, and the budget is then cut by sentence.
TOKENS_PER_WORD = 2


class Generator(Protocol):
    """A model behind text in, text out (see generate.Seq2SeqGenerator)."""

    input_limit: int

    def count_tokens(self, text: str) -> int: ...

    def __call__(self, texts: Sequence[str], *, min_length: int, max_length: int) -> list[str]: ...


class Fuser:
    """A Summarizer that fuses each event's best sentences with a seq2seq model."""

    def __init__(
        self, name: str, card: ModelCard, generator: Generator, *,
        batch_size: int = BATCH_SIZE["cpu"],
    ):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.name, self.card, self.generator, self.batch_size = name, card, generator, batch_size

    def pack(self, event: Event, ranking: Ranking) -> Packed:
        """The model input for one event."""
        return pack(
            event, ranking.ranked, prompt=self.card.prompt,
            separator=self.card.document_separator, budget=self.generator.input_limit,
            count_tokens=self.generator.count_tokens,
        )

    def generate(self, inputs: Sequence[Packed], max_words: int) -> list[str]:
        """Raw model output per input, generated in batches of similar length."""
        max_length = min(self.card.generation.max_length, TOKENS_PER_WORD * max_words)
        min_length = min(self.card.generation.min_length, max_length)
        order = sorted(range(len(inputs)), key=lambda i: -inputs[i].tokens)
        outputs: list[str] = [""] * len(inputs)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start:start + self.batch_size]
            texts = self.generator(
                [inputs[i].text for i in chunk], min_length=min_length, max_length=max_length
            )
            for i, text in zip(chunk, texts):
                outputs[i] = text
        return outputs

    def __call__(
        self, events: Sequence[Event], rankings: Sequence[Ranking], max_words: int
    ) -> list[Summary]:
        by_event = rankings_by_event(events, rankings)
        todo = [e for e in events if by_event[e.id].ranked]
        inputs = [self.pack(event, by_event[event.id]) for event in todo]
        outputs = dict(zip((e.id for e in todo), zip(inputs, self.generate(inputs, max_words))))
        summaries = []
        for event in events:
            if event.id not in outputs:
                summaries.append(Summary(event.id, self.name, (), ("no sentences to summarize",)))
                continue
            packed, output = outputs[event.id]
            summaries.append(self._finish(event, by_event[event.id], packed, output, max_words))
        return summaries

    def _finish(
        self, event: Event, ranking: Ranking, packed: Packed, output: str, max_words: int
    ) -> Summary:
        notes: list[str] = []
        if packed.left_out:
            notes.append(
                f"input: {len(packed.sentences)} of {len(packed.sentences) + packed.left_out} "
                f"ranked sentences fit the model's {self.generator.input_limit}-token input; "
                "the rest were left out whole"
            )
        texts = split_text(output)
        sources = [r.sentence for r in ranking.ranked]
        sources += [s for article in event.originals for s in split_article(article)]
        checked = check(
            texts, SourceIndex(sources),
            cut_off=bool(texts) and not is_complete(texts[-1]), max_words=max_words,
        )
        notes.extend(checked.notes)
        sentences, repeats = drop_repeats(checked.sentences)
        if repeats:
            notes.append(f"dropped {repeats} repeated sentence{'s' * (repeats > 1)}")
        sentences, over = fit_budget(sentences, max_words)
        if over:
            notes.append(
                f"dropped {over} sentence{'s' * (over > 1)} over the {max_words}-word budget"
            )
        if sentences:
            return Summary(event.id, self.name, tuple(sentences), tuple(notes))
        extractive = tuple(
            SummarySentence(r.sentence.text, (SourceRef(r.sentence.article_id, r.sentence.index),))
            for r in ranking.selected
        )
        notes.append(f"model {self.name} gave no usable sentence; the extractive summary is used")
        return Summary(event.id, "extractive", extractive, tuple(notes))


@dataclass
class ExtractiveFallback:
    """The extractive summarizer standing in for a model that could not be loaded."""

    inner: Summarizer
    reason: str
    name: str = "extractive"

    def __call__(
        self, events: Sequence[Event], rankings: Sequence[Ranking], max_words: int
    ) -> list[Summary]:
        return [
            replace(summary, method="extractive", notes=(self.reason, *summary.notes))
            for summary in self.inner(events, rankings, max_words)
        ]

