"""Model cards: one TOML data file per known checkpoint or chat server, in `models/`.

A card says how to feed a model: its hub id, model family, input budget in tokens, the text
placed between documents, the prompt template (a file in `prompts/`) and the generation
defaults. A card of family "endpoint" is an OpenAI-compatible chat server instead (Ollama,
vLLM, llama.cpp server): no hub id; optional `base_url`, `concurrent_requests` and
`request_timeout` (seconds); and
`--model CARD:NAME` names the server's model. Cards are validated on load; every error
names the file and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

import tomllib

from summarize.fuse.prompts import Prompt, load_prompt

# The card `--model auto` uses when its weights are in the local cache: the smallest of the
# CNN/DailyMail BART models, good enough on news and the fastest on a CPU.
DEFAULT_CARD = "distilbart-cnn-12-6"

# causal: decoder-only chat LLMs run here; endpoint: chat LLMs behind an OpenAI-compatible server
FAMILIES = ("bart", "pegasus", "t5", "led", "causal", "endpoint")
LLM_FAMILIES = ("causal", "endpoint")
GLOBAL_ATTENTION = ("none", "separators")


class CardError(ValueError):
    """A model card that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Generation:
    """Generation defaults; lengths are in output tokens."""

    num_beams: int
    min_length: int
    max_length: int
    no_repeat_ngram_size: int
    length_penalty: float = 1.0


@dataclass(frozen=True)
class ModelCard:
    name: str
    hub_id: str
    family: str
    max_input_tokens: int
    document_separator: str
    prompt: Prompt
    generation: Generation
    global_attention: str = "none"
    description: str = ""
    source: str = ""  # the file the card came from ("" for a card derived from a checkpoint)
    base_url: str = ""  # endpoint cards: the server's default base URL
    concurrent_requests: int = 4  # endpoint cards: requests in flight at once
    request_timeout: float = 60.0  # endpoint cards: seconds one request may take


def models_dir() -> Traversable:
    """The packaged `models/` folder."""
    return resources.files("summarize") / "data" / "models"


def list_cards() -> dict[str, ModelCard]:
    """Every card in `models/`, by name (the file name without `.toml`), sorted by name."""
    files = sorted(
        (f for f in models_dir().iterdir() if f.name.endswith(".toml")),
        key=lambda f: f.name.lower(),
    )
    return {card.name: card for card in (load_card(f) for f in files)}


def find_card(name_or_hub_id: str) -> ModelCard | None:
    """The card called `name_or_hub_id`, or the card for that hub id; None when there is none."""
    cards = list_cards()
    if name_or_hub_id in cards:
        return cards[name_or_hub_id]
    return next((c for c in cards.values() if c.hub_id == name_or_hub_id), None)


def load_card(file: Traversable) -> ModelCard:
    """Read and validate one card file."""
    where = f"models/{file.name}"
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CardError(f"{where}: not valid TOML: {exc}") from None
    reader = _Fields(where, data)
    family = reader.choice("family", FAMILIES)
    attention = reader.choice("global_attention", GLOBAL_ATTENTION, default="none")
    if attention != "none" and family != "led":
        raise CardError(f"{where}: field 'global_attention': only LED models take global attention")
    gen = _Fields(where, reader.table("generation"), prefix="generation.")
    generation = Generation(
        num_beams=gen.integer("num_beams", minimum=1),
        min_length=gen.integer("min_length", minimum=0),
        max_length=gen.integer("max_length", minimum=1),
        no_repeat_ngram_size=gen.integer("no_repeat_ngram_size", minimum=0),
        length_penalty=gen.number("length_penalty", default=1.0),
    )
    if generation.min_length > generation.max_length:
        raise CardError(f"{where}: field 'generation.min_length': larger than max_length")
    gen.no_others()
    prompt_file = reader.text("prompt")
    try:
        prompt = load_prompt(prompt_file)
    except (FileNotFoundError, ValueError) as exc:
        raise CardError(f"{where}: field 'prompt': {exc}") from None
    served = family == "endpoint"
    card = ModelCard(
        name=file.name.removesuffix(".toml"),
        hub_id=reader.text("hub_id") if not served else "",
        family=family,
        max_input_tokens=reader.integer("max_input_tokens", minimum=16),
        document_separator=reader.text("document_separator", allow_blank=True),
        prompt=prompt,
        generation=generation,
        global_attention=attention,
        description=reader.text("description", default=""),
        source=where,
        **(_server_fields(reader) if served else {}),
    )
    reader.no_others()
    return card


def _server_fields(reader: _Fields) -> dict:
    """The fields only an endpoint card has."""
    base_url = reader.text("base_url", default="")
    if base_url and not base_url.startswith(("http://", "https://")):
        raise reader.error("base_url", f"expected an http(s) URL, got {base_url!r}")
    timeout = reader.number("request_timeout", default=60.0)
    if timeout <= 0:
        raise reader.error("request_timeout", f"expected a positive number of seconds, got {timeout!r}")
    return {"base_url": base_url, "request_timeout": timeout,
            "concurrent_requests": reader.integer("concurrent_requests", minimum=1, default=4)}


_REQUIRED = object()


class _Fields:
    """Typed access to one TOML table that remembers which keys were read."""

    def __init__(self, where: str, data: dict, prefix: str = ""):
        self.where, self.data, self.prefix, self.seen = where, data, prefix, set()

    def error(self, key: str, problem: str) -> CardError:
        return CardError(f"{self.where}: field '{self.prefix}{key}': {problem}")

    def _get(self, key: str, default: object):
        self.seen.add(key)
        if key in self.data:
            return self.data[key]
        if default is _REQUIRED:
            raise self.error(key, "missing")
        return default

    def text(self, key: str, default: object = _REQUIRED, allow_blank: bool = False) -> str:
        value = self._get(key, default)
        if value is default:
            return value
        if not isinstance(value, str) or not (value.strip() or (allow_blank and value)):
            raise self.error(key, f"expected a non-empty string, got {value!r}")
        return value

    def integer(self, key: str, minimum: int, default: object = _REQUIRED) -> int:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.error(key, f"expected an integer >= {minimum}, got {value!r}")
        return value

    def number(self, key: str, default: float) -> float:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, f"expected a number, got {value!r}")
        return float(value)

    def choice(self, key: str, allowed: tuple[str, ...], default: object = _REQUIRED) -> str:
        value = self._get(key, default)
        if value not in allowed:
            raise self.error(key, f"expected one of {', '.join(allowed)}, got {value!r}")
        return value

    def table(self, key: str) -> dict:
        value = self._get(key, _REQUIRED)
        if not isinstance(value, dict):
            raise self.error(key, "expected a table")
        return value

    def no_others(self) -> None:
        unknown = sorted(set(self.data) - self.seen)
        if unknown:
            raise self.error(unknown[0], "unknown field")
