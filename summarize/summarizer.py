"""What every summarizer is: the `Summarizer` protocol, the one options object, the per-event
input the pipeline builds once, and the `EventSummarizer` base that owns the event loop.

The base follows sumy's `AbstractSummarizer`: a subclass says how to summarize one event
(`summarize_event`); the base loops over events, fills the word budget (`fill_budget`) and
builds every sentence's sources (`cite`), always citing the wire copies of a sentence, so
no summarizer re-splits articles or forgets a copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, Protocol, TypeVar, runtime_checkable

from summarize.records import Event, RankedSentence, Ranking, Sentence, SourceRef, Summary, SummarySentence
from summarize.text import word_count, words

# The word budget per event summary: one default and one floor for every command.
DEFAULT_MAX_WORDS = 100
MIN_MAX_WORDS = 10

DEVICES = ("auto", "cpu", "cuda")
DTYPES = ("float32", "bfloat16")
FALLBACKS = ("extractive",)


@dataclass(frozen=True)
class SummarizerOptions:
    """How to run a summarizer that loads a model; validated once, here.

    device: where the model runs ("auto" prefers CUDA unless int8 is asked for).
    dtype: the weights' precision. quantize: int8 dynamic quantization (CPU, float32 only).
    fallback: "extractive" to use the extractive summary when the model cannot be loaded.
    endpoint: the base URL of an OpenAI-compatible server, for `--model CARD:NAME` models
    (None: $SUMMARIZE_ENDPOINT, else the card's).
    """

    device: str = "auto"
    dtype: str = "float32"
    quantize: bool = False
    fallback: str | None = None
    endpoint: str | None = None

    def __post_init__(self) -> None:
        if self.device not in DEVICES:
            raise ValueError(f"unknown device {self.device!r}: use one of {', '.join(DEVICES)}")
        if self.dtype not in DTYPES:
            raise ValueError(f"unknown dtype {self.dtype!r}: use one of {', '.join(DTYPES)}")
        if self.fallback not in (None, *FALLBACKS):
            raise ValueError(f"unknown fallback {self.fallback!r}: use one of {', '.join(FALLBACKS)}")
        if self.endpoint and not self.endpoint.startswith(("http://", "https://")):
            raise ValueError(f"--endpoint must be an http(s) URL such as http://localhost:11434/v1, "
                             f"not {self.endpoint!r}")
        if self.quantize and self.dtype != "float32":
            raise ValueError(
                "int8 dynamic quantization starts from float32 weights: use --quantize or "
                "--dtype bfloat16, not both"
            )
        if self.quantize and self.device == "cuda":
            raise ValueError(
                "int8 dynamic quantization runs on the CPU only: use --device cpu, or drop "
                "--quantize to run on the GPU"
            )


@dataclass(frozen=True)
class EventInput:
    """One event as every summarizer reads it, built once by the pipeline.

    `sentences`: the sentences of all the event's articles (near-copies included), article by
    article in event order. `ranking`: the ranker's result, for summarizers that read it.
    `references`: reference summaries, given only by evaluation (for the oracle).
    """

    event: Event
    sentences: tuple[Sentence, ...]
    ranking: Ranking | None = None
    references: tuple[str, ...] = ()

    @cached_property
    def originals(self) -> tuple[Sentence, ...]:
        """The sentences of the articles that are not near-copies of another, in order."""
        copies = self.event.duplicate_of
        return tuple(s for s in self.sentences if s.article_id not in copies)

    @cached_property
    def _by_words(self) -> dict[tuple[str, ...], list[Sentence]]:
        index: dict[tuple[str, ...], list[Sentence]] = {}
        for sentence in self.sentences:
            index.setdefault(tuple(words(sentence.text)), []).append(sentence)
        return index

    def copies_of(self, sentence: Sentence) -> tuple[Sentence, ...]:
        """The same sentence (same words) in the event's other articles: its wire copies."""
        same = self._by_words.get(tuple(words(sentence.text)), ())
        return tuple(s for s in same if s.article_id != sentence.article_id)


@runtime_checkable
class Summarizer(Protocol):
    """Turns events into summaries.

    name: the method written into each summary (`extractive`, `lead`, a model's name).
    needs_ranking: whether it reads `EventInput.ranking` (the pipeline ranks only then).
    """

    name: str
    needs_ranking: bool

    def __call__(self, inputs: Sequence[EventInput], max_words: int) -> list[Summary]: ...


S = TypeVar("S")


class EventSummarizer:
    """Base of the summarizers that handle one event at a time (see module docstring).

    Subclasses set `name`, `description` and `needs_ranking`, and implement
    `summarize_event`. They are built with the run's SummarizerOptions.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    needs_ranking: ClassVar[bool] = True
    needs_references: ClassVar[bool] = False

    def __init__(self, options: SummarizerOptions | None = None):
        self.options = options or SummarizerOptions()

    def __call__(self, inputs: Sequence[EventInput], max_words: int) -> list[Summary]:
        if max_words < 1:
            raise ValueError(f"max_words must be at least 1, got {max_words}")
        return [self.summarize_event(item, max_words) for item in inputs]

    def summarize_event(self, item: EventInput, max_words: int) -> Summary:
        raise NotImplementedError

    def summary(
        self, item: EventInput, chosen: Iterable[Sentence | RankedSentence], notes: Sequence[str] = ()
    ) -> Summary:
        """A summary of `item` made of the `chosen` source sentences, as they are written."""
        sentences = tuple(SummarySentence(_text(c), cite(item, c), "extracted") for c in chosen)
        return Summary(item.event.id, self.name, sentences, tuple(notes))


def _text(chosen: Sentence | RankedSentence) -> str:
    return chosen.sentence.text if isinstance(chosen, RankedSentence) else chosen.text


def cite(item: EventInput, chosen: Sentence | RankedSentence) -> tuple[SourceRef, ...]:
    """The sources of an extracted sentence: itself, then each of its wire copies once."""
    if isinstance(chosen, RankedSentence):
        found = [chosen.sentence, *chosen.copies]
    else:
        found = [chosen]
    found += item.copies_of(found[0])
    refs: list[SourceRef] = []
    for sentence in found:
        ref = SourceRef(sentence.article_id, sentence.index)
        if ref not in refs:
            refs.append(ref)
    return tuple(refs)


def fill_budget(items: Iterable[S], max_words: int, text: Callable[[S], str] = _text) -> list[S]:
    """Items in the given order until `max_words` words are reached (the last one may pass
    the budget: ROUGE's `-l` cuts every summary at the budget, so a full budget scores)."""
    taken, used = [], 0
    for item in items:
        if used >= max_words:
            break
        taken.append(item)
        used += word_count(text(item))
    return taken
