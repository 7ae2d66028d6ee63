"""Seq2seq fusion: a model fuses each event's best sentences into one summary.

`load_summarizer` is the one entry point: it turns a `--model` name into a Summarizer
(a registered one such as "extractive", a model card, a hub id or a local directory).
"""

from __future__ import annotations

from collections.abc import Callable

from summarize.fuse.cards import DEFAULT_CARD, list_cards
from summarize.fuse.fuser import BATCH_SIZE, ExtractiveFallback, Fuser
from summarize.fuse.generate import Seq2SeqGenerator
from summarize.fuse.loading import ModelUnavailable, is_cached, load_model
from summarize.pipeline import Summarizer
from summarize.registry import entries

__all__ = ["ModelUnavailable", "load_summarizer", "DEFAULT_CARD"]

FALLBACKS = ("extractive",)


def load_summarizer(
    name: str,
    *,
    fallback: str | None = None,
    device: str = "auto",
    quantize: bool = False,
    dtype: str = "float32",
    on_notice: Callable[[str], None] | None = None,
) -> Summarizer:
    """The summarizer called `name`.

    "auto" is the default card (DEFAULT_CARD) when its weights are cached locally, else the
    extractive summarizer (said through `on_notice`). A model that cannot be loaded raises
    ModelUnavailable, unless `fallback` is "extractive": then the extractive summarizer
    stands in and every summary says why.
    """
    if fallback not in (None, *FALLBACKS):
        raise ValueError(f"unknown fallback {fallback!r}: use one of {', '.join(FALLBACKS)}")
    notice = on_notice or (lambda message: None)
    registry = entries()
    if name in registry:
        return registry[name].factory()
    if name == "auto":
        return _auto(registry, notice, device=device, quantize=quantize, dtype=dtype)
    try:
        return _fuser(name, device=device, quantize=quantize, dtype=dtype)
    except ModelUnavailable as exc:
        if fallback != "extractive":
            raise
        notice(f"model {name} unavailable ({exc.reason}); using the extractive summarizer")
        return ExtractiveFallback(
            registry["extractive"].factory(), f"model {name} unavailable: {exc.reason}"
        )


def _fuser(name: str, *, local_only: bool = False, **options) -> Fuser:
    loaded = load_model(name, local_only=local_only, **options)
    generator = Seq2SeqGenerator(loaded.model, loaded.tokenizer, loaded.card, loaded.device)
    return Fuser(loaded.name, loaded.card, generator, batch_size=BATCH_SIZE[loaded.device])


def _auto(registry, notice: Callable[[str], None], **options) -> Summarizer:
    card = list_cards()[DEFAULT_CARD]
    if is_cached(card.hub_id):
        try:
            return _fuser(card.name, local_only=True, **options)
        except ModelUnavailable as exc:
            notice(f"model auto: {card.name} did not load ({exc.reason}); using extractive")
            return registry["extractive"].factory()
    notice(
        f"model auto: {card.name} ({card.hub_id}) is not cached locally, so the extractive "
        f"summarizer is used; run `hf download {card.hub_id}` once to fuse with it"
    )
    return registry["extractive"].factory()
