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
from summarize.fuse.postprocess import drop_repeats, fit_budget
from summarize.records import Ranking, Summary, SummarySentence
from summarize.sentences import split_text
from summarize.summarizer import EventInput, Summarizer, cite
from summarize.text import ends_sentence

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

    needs_ranking = True

    def __init__(
        self, name: str, card: ModelCard, generator: Generator, *,
        batch_size: int = BATCH_SIZE["cpu"],
    ):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.name, self.card, self.generator, self.batch_size = name, card, generator, batch_size

    def pack(self, item: EventInput) -> Packed:
        """The model input for one event."""
        return pack(
            item.event, _ranking(item).ranked, prompt=self.card.prompt,
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

    def __call__(self, inputs: Sequence[EventInput], max_words: int) -> list[Summary]:
        todo = [item for item in inputs if _ranking(item).ranked]
        packed = [self.pack(item) for item in todo]
        outputs = dict(zip((item.event.id for item in todo), zip(packed, self.generate(packed, max_words))))
        summaries = []
        for item in inputs:
            if item.event.id not in outputs:
                summaries.append(Summary(item.event.id, self.name, (), ("no sentences to summarize",)))
                continue
            packed_input, output = outputs[item.event.id]
            summaries.append(self._finish(item, packed_input, output, max_words))
        return summaries

    def _finish(self, item: EventInput, packed: Packed, output: str, max_words: int) -> Summary:
        ranking = _ranking(item)
        notes: list[str] = []
        if packed.left_out:
            notes.append(
                f"input: {len(packed.sentences)} of {len(packed.sentences) + packed.left_out} "
                f"ranked sentences fit the model's {self.generator.input_limit}-token input; "
                "the rest were left out whole"
            )
        texts = split_text(output)
        sources = [r.sentence for r in ranking.ranked] + list(item.originals)
        checked = check(
            texts, SourceIndex(sources),
            cut_off=bool(texts) and not ends_sentence(texts[-1]), max_words=max_words,
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
            return Summary(item.event.id, self.name, tuple(sentences), tuple(notes))
        extractive = tuple(
            SummarySentence(r.sentence.text, cite(item, r), "extracted") for r in ranking.selected
        )
        notes.append(f"model {self.name} gave no usable sentence; the extractive summary is used")
        return Summary(item.event.id, "extractive", extractive, tuple(notes))


def _ranking(item: EventInput) -> Ranking:
    if item.ranking is None:
        raise ValueError(f"event {item.event.id!r} was not ranked; the fuser reads rankings")
    return item.ranking


@dataclass
class ExtractiveFallback:
    """The extractive summarizer standing in for a model that could not be loaded."""

    inner: Summarizer
    reason: str
    name: str = "extractive"
    needs_ranking: bool = True

    def __call__(self, inputs: Sequence[EventInput], max_words: int) -> list[Summary]:
        return [
            replace(summary, method="extractive", notes=(self.reason, *summary.notes))
            for summary in self.inner(inputs, max_words)
        ]
