"""Resolving `--model NAME` to a checkpoint and loading it once per process.

NAME is a model card (`models/<NAME>.toml`), a Hugging Face hub id or a local directory
written by `save_pretrained`. Everything is loaded through transformers' Auto classes. With
HF_HUB_OFFLINE set nothing touches the network: only the local cache is read. CPU options:
int8 dynamic quantization of the linear layers (torch.ao.quantization.quantize_dynamic) and
bfloat16 weights.
"""

from __future__ import annotations

import difflib
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from summarize.fuse.cards import FAMILIES, ModelCard, find_card, list_cards
from summarize.summarizer import SummarizerOptions

# transformers model_type -> card family; each family's prompt, separator and generation
# defaults come from a card of that family when the checkpoint has no card of its own.
MODEL_TYPES = {
    "bart": "bart", "mbart": "bart", "pegasus": "pegasus", "t5": "t5", "mt5": "t5",
    "umt5": "t5", "led": "led",
    # decoder-only instruction-tuned LLMs, prompted through their chat template
    "llama": "causal", "qwen2": "causal", "qwen3": "causal", "mistral": "causal",
    "phi3": "causal", "gemma": "causal", "gemma2": "causal", "gemma3_text": "causal",
}
WEIGHT_FILES = (
    "model.safetensors", "model.safetensors.index.json",
    "pytorch_model.bin", "pytorch_model.bin.index.json",
)


class ModelUnavailable(Exception):
    """The model cannot be loaded. str() is a one-paragraph how-to-fix; `reason` is short."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Target:
    """What a model name resolved to: `source` is the hub id or the directory to load."""

    name: str
    source: str
    card: ModelCard | None
    local_dir: bool


@dataclass(frozen=True)
class Loaded:
    """A model ready to generate, with its tokenizer and the card that describes it."""

    name: str
    card: ModelCard
    model: object
    tokenizer: object
    device: str


def offline() -> bool:
    """True when HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) asks for no network access."""
    return any(
        os.environ.get(var, "").strip().lower() in ("1", "true", "yes", "on")
        for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def cache_dir() -> str | None:
    """The hub cache to read, from HF_HUB_CACHE at call time (None: the library default)."""
    return os.environ.get("HF_HUB_CACHE") or None


def is_cached(hub_id: str) -> bool:
    """Whether the config and the weights of `hub_id` are in the local hub cache."""
    from huggingface_hub import try_to_load_from_cache

    def cached(filename: str) -> bool:
        return isinstance(try_to_load_from_cache(hub_id, filename, cache_dir=cache_dir()), str)

    return cached("config.json") and any(cached(f) for f in WEIGHT_FILES)


# How long the hub may take to answer a first request before a model counts as unavailable:
# huggingface_hub itself retries a failing request five times with backoff (about 30 s).
HUB_PROBE_SECONDS = 5.0


def hub_endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def hub_unreachable(timeout: float = HUB_PROBE_SECONDS) -> str | None:
    """Why the hub cannot be reached ("did not answer within 5 s", "refused the connection",
    ...), or None when it answers at all (any HTTP status counts as an answer)."""
    import socket
    import urllib.error
    import urllib.request

    request = urllib.request.Request(hub_endpoint() + "/api/models", method="HEAD")
    try:
        urllib.request.urlopen(request, timeout=timeout).close()
    except urllib.error.HTTPError:
        return None
    except (TimeoutError, socket.timeout):
        return f"did not answer within {timeout:g} s"
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return f"did not answer within {timeout:g} s"
        return f"cannot be reached ({getattr(reason, 'strerror', None) or reason})"
    return None


def resolve(name: str, known: Sequence[str] = ()) -> Target:
    """Card name, hub id (a card's or any other) or local directory, in that order.

    A bare name (no owner/) that is none of these and not in the local cache fails at once,
    suggesting the closest card or `known` name: it is a typo, not a hub look-up.
    """
    if not name.strip():
        raise ModelUnavailable("--model needs a name: see `summarize models`.", reason="empty model name")
    card = find_card(name)
    if card is not None and card.family == "endpoint":
        raise ModelUnavailable(
            f"{card.name} is an OpenAI-compatible chat server: name the server's model, "
            f"--model {card.name}:MODEL.", reason="no model name")
    if card is not None:
        return Target(card.name, card.hub_id, card, local_dir=False)
    path = Path(name).expanduser()
    if path.is_dir():
        return Target(path.resolve().name, str(path.resolve()), None, local_dir=True)
    if name.startswith((".", "/", "~")) or name.count("/") > 1 or "\\" in name:
        raise ModelUnavailable(
            f"cannot load model {name!r}: there is no such directory, and it is not a model card "
            f"({', '.join(list_cards())}) or a Hugging Face hub id (owner/name).",
            reason="no such directory",
        )
    if "/" not in name and not is_cached(name):
        cards = list_cards()
        names = [*known, *cards, *(c.hub_id for c in cards.values() if c.hub_id)]
        close = difflib.get_close_matches(name, names, n=2, cutoff=0.6)
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        raise ModelUnavailable(
            f"unknown model {name!r}: it is not a registered summarizer, a model card, a local "
            f"directory or a hub model in the local cache.{hint} `summarize models` lists the "
            "names; a Hugging Face hub model is named owner/name.",
            reason="unknown model name",
        )
    return Target(name, name, None, local_dir=False)


_LOADED: dict[tuple, Loaded] = {}


def load_model(
    name: str, options: SummarizerOptions | None = None, *, local_only: bool = False,
    known: Sequence[str] = (),
) -> Loaded:
    """Load the model `name` once per process (later calls with the same settings reuse it).

    Raises ModelUnavailable with a how-to-fix message when it cannot be loaded.
    """
    options = options or SummarizerOptions()
    target = resolve(name, known)
    device = pick_device(options)
    key = (target.source, device, options.quantize, options.dtype)
    if key not in _LOADED:
        model, tokenizer, card = _from_pretrained(target, local_only=local_only or offline())
        model = prepare_model(model, device, quantize=options.quantize, dtype=options.dtype)
        _LOADED[key] = Loaded(target.name, card, model, tokenizer, device)
    return _LOADED[key]


def pick_device(options: SummarizerOptions) -> str:
    """'cpu' or 'cuda' for the options' device ('auto' prefers CUDA unless int8 is asked)."""
    import torch

    if options.device == "auto":
        return "cuda" if torch.cuda.is_available() and not options.quantize else "cpu"
    if options.device == "cuda" and not torch.cuda.is_available():
        raise ModelUnavailable(
            "--device cuda was asked for but torch sees no CUDA device (a CPU-only torch build "
            "or no GPU): use --device cpu or --device auto.", reason="no CUDA device",
        )
    return options.device


def prepare_model(model, device: str, *, quantize: bool = False, dtype: str = "float32"):
    """Put `model` in inference mode on `device`, in bfloat16 or int8-quantized if asked."""
    import torch

    model.eval()
    if dtype == "bfloat16":
        model = model.to(torch.bfloat16)
    if quantize:
        from torch.ao.quantization import quantize_dynamic

        # torch deprecates eager-mode quantization in favour of torchao, an extra dependency;
        # quantize_dynamic still works and is what we need for CPU inference.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return model.to(device)


def _from_pretrained(target: Target, *, local_only: bool):
    from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

    kwargs = {} if target.local_dir else {"local_files_only": local_only, "cache_dir": cache_dir()}
    if not target.local_dir and not local_only and not is_cached(target.source):
        unreachable = hub_unreachable()
        if unreachable:
            raise _unavailable(target, OSError(f"the hub at {hub_endpoint()} {unreachable}"), False)
    try:
        config = AutoConfig.from_pretrained(target.source, **kwargs)
        family = MODEL_TYPES.get(config.model_type)
        if family is None:
            raise ModelUnavailable(
                f"cannot use model {target.name!r}: its type {config.model_type!r} is not a "
                f"supported family ({', '.join(FAMILIES)}).",
                reason=f"unsupported model type {config.model_type!r}",
            )
        tokenizer = AutoTokenizer.from_pretrained(target.source, **kwargs)
        auto = AutoModelForCausalLM if family == "causal" else AutoModelForSeq2SeqLM
        model = auto.from_pretrained(target.source, **kwargs)
        if family == "causal" and not getattr(tokenizer, "chat_template", None):
            raise ModelUnavailable(
                f"cannot use model {target.name!r}: a decoder-only model needs a chat template in "
                "its tokenizer (an instruction-tuned checkpoint).", reason="no chat template")
    except (OSError, ValueError, ImportError) as exc:
        raise _unavailable(target, exc, local_only) from exc
    card = target.card or _derived_card(target, family, tokenizer)
    return model, tokenizer, replace(card, max_input_tokens=_input_limit(card, config, tokenizer))


def _unavailable(target: Target, exc: Exception, local_only: bool) -> ModelUnavailable:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if target.local_dir:
        return ModelUnavailable(
            f"cannot load model from directory {target.source}: {detail}. The directory must hold "
            "a Hugging Face sequence-to-sequence checkpoint (config.json, weights and tokenizer "
            "files, as written by save_pretrained).",
            reason=detail,
        )
    label = target.name if target.name == target.source else f"{target.name} ({target.source})"
    where = "not in the local Hugging Face cache" + (
        " and downloads are off (HF_HUB_OFFLINE is set)" if local_only else f" and could not be "
        f"downloaded ({detail})"
    )
    return ModelUnavailable(
        f"cannot load model {label}: it is {where}. Download it once on a machine with network "
        f"access (`hf download {target.source}`, which fills the cache at "
        f"{cache_dir() or '~/.cache/huggingface/hub'}), or save it with save_pretrained and "
        "pass that directory as --model /path/to/dir.",
        reason="not cached and HF_HUB_OFFLINE is set" if local_only else detail,
    )


def _derived_card(target: Target, family: str, tokenizer) -> ModelCard:
    """A card for an uncarded checkpoint: its family's first card, renamed."""
    template = next(c for c in list_cards().values() if c.family == family)
    card = replace(template, name=target.name, hub_id=target.source, source="")
    marker = card.document_separator.strip()
    if marker.startswith("<") and tokenizer.convert_tokens_to_ids(marker) in (
        None, tokenizer.unk_token_id,
    ):
        # The family's separator token is not in this tokenizer's vocabulary.
        card = replace(card, document_separator="\n", global_attention="none")
    return card


def _input_limit(card: ModelCard, config, tokenizer) -> int:
    """The card's input budget, capped by what the checkpoint's positions allow."""
    limits = [card.max_input_tokens]
    for attribute in ("max_encoder_position_embeddings", "max_position_embeddings"):
        value = getattr(config, attribute, None)
        if isinstance(value, int) and value > 0:
            limits.append(value)
            break
    if 0 < getattr(tokenizer, "model_max_length", 0) < 1_000_000:
        limits.append(tokenizer.model_max_length)
    return min(limits)
