"""Seq2seq fusion: a model fuses each event's best sentences into one summary.

`load_fuser` turns a model name into a Summarizer: "auto", a model card, a hub id, a local
directory, or `CARD:NAME` for a model NAME of the OpenAI-compatible chat server an endpoint
card describes (`endpoint:NAME`, `ollama:NAME`; summarize.fuse.endpoint). Names of registered
summarizers ("extractive", "lead", ...) are resolved before, by summarize.registry.resolve,
which is the one entry point for every `--model` name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from summarize.fuse.cards import DEFAULT_CARD, ModelCard, list_cards
from summarize.fuse.chat import ChatGenerator
from summarize.fuse.endpoint import EndpointGenerator, base_url, served_model
from summarize.fuse.fuser import BATCH_SIZE, ExtractiveFallback, Fuser
from summarize.fuse.generate import Seq2SeqGenerator
from summarize.fuse.loading import ModelUnavailable, is_cached, load_model
from summarize.summarizer import Summarizer, SummarizerOptions

__all__ = ["DEFAULT_CARD", "ModelUnavailable", "load_fuser"]

AUTO = "auto"


def load_fuser(
    name: str,
    options: SummarizerOptions,
    *,
    extractive: Callable[[], Summarizer],
    on_notice: Callable[[str], None] | None = None,
    known: Sequence[str] = (),
) -> Summarizer:
    """The fusion summarizer for model `name`.

    "auto" is the default card (DEFAULT_CARD) when its weights are cached locally, else
    `extractive()` (said through `on_notice`). A model that cannot be loaded raises
    ModelUnavailable, unless `options.fallback` is "extractive": then the extractive
    summarizer stands in and every summary says why. `known` names (registered
    summarizers) are suggested for a mistyped name.
    """
    notice = on_notice or (lambda message: None)
    if name == AUTO:
        return _auto(options, extractive, notice)
    try:
        served = served_model(name)
        if served is not None:
            return _endpoint(served, options)
        return _fuser(name, options, known=known)
    except ModelUnavailable as exc:
        if options.fallback != "extractive":
            raise
        notice(f"model {name} unavailable ({exc.reason}); using the extractive summarizer")
        return ExtractiveFallback(extractive(), f"model {name} unavailable: {exc.reason}")


def _endpoint(card: ModelCard, options: SummarizerOptions) -> Fuser:
    """`CARD:MODEL`: an OpenAI-compatible chat server's model, behind the same fuser; the
    requests of a batch run `card.concurrent_requests` at a time."""
    generator = EndpointGenerator(card, base_url(card, options.endpoint))
    generator.probe()
    return Fuser(card.name, card, generator, batch_size=2 * card.concurrent_requests)


def _fuser(
    name: str, options: SummarizerOptions, *, local_only: bool = False, known: Sequence[str] = ()
) -> Fuser:
    loaded = load_model(name, options, local_only=local_only, known=known)
    make = ChatGenerator if loaded.card.family == "causal" else Seq2SeqGenerator
    generator = make(loaded.model, loaded.tokenizer, loaded.card, loaded.device)
    return Fuser(loaded.name, loaded.card, generator, batch_size=BATCH_SIZE[loaded.device])


def _auto(
    options: SummarizerOptions, extractive: Callable[[], Summarizer], notice: Callable[[str], None]
) -> Summarizer:
    card = list_cards()[DEFAULT_CARD]
    if is_cached(card.hub_id):
        try:
            return _fuser(card.name, options, local_only=True)
        except ModelUnavailable as exc:
            notice(f"model auto: {card.name} did not load ({exc.reason}); using extractive")
            return extractive()
    notice(
        f"model auto: {card.name} ({card.hub_id}) is not cached locally, so the extractive "
        f"summarizer is used; run `hf download {card.hub_id}` once to fuse with it"
    )
    return extractive()
