"""Fusion by an OpenAI-compatible chat endpoint (Ollama, vLLM, llama.cpp server, a hosted
API). `--model CARD:NAME` asks model NAME of the server an endpoint card describes
(models/ollama.toml, vllm.toml, llama-cpp.toml, or endpoint.toml for any other server):
`--model ollama:llama3.2`, `--model endpoint:gpt-4o-mini`. The base URL is --endpoint /
$SUMMARIZE_ENDPOINT / the config file's `endpoint`, else the card's `base_url`; the key comes
only from $SUMMARIZE_API_KEY, is sent as a Bearer token and is never printed.

`EndpointGenerator` is the fuser's Generator (summarize.fuse.fuser): the same packing (to the
card's `max_input_tokens`), the same faithfulness guard and sentence origins as a local
model. Each event is one `/chat/completions` request: the chat turns of
summarize.fuse.prompts.chat_messages. Requests run `concurrent_requests` at a time, with
timeouts and retries with backoff on 429 and 5xx (Retry-After honoured). A server that
cannot be used at all (unreachable, 401, unknown model, replies that are not the API's
JSON) is ModelUnavailable with one line saying why.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from summarize.fuse.cards import ModelCard, list_cards
from summarize.fuse.loading import ModelUnavailable
from summarize.fuse.prompts import chat_messages

ENDPOINT_ENV = "SUMMARIZE_ENDPOINT"
KEY_ENV = "SUMMARIZE_API_KEY"
CHARS_PER_TOKEN = 4  # the server's tokenizer is not here: a conservative estimate
RETRIES = 3


def served_model(name: str) -> ModelCard | None:
    """For `CARD:NAME`, the endpoint card named `name` whose hub id is the server's model
    NAME (which may hold colons itself: Ollama's `llama3.2:3b`); None for any other name."""
    card_name, colon, model = name.partition(":")
    if not colon or os.path.exists(name):
        return None
    card = list_cards().get(card_name)
    if card is None or card.family != "endpoint":
        return None
    return replace(card, name=name, hub_id=model)


def base_url(card: ModelCard, configured: str | None) -> str:
    """Where the server is: the configured URL (option, environment or config file), else
    $SUMMARIZE_ENDPOINT, else the card's; ModelUnavailable when none says."""
    url = configured or os.environ.get(ENDPOINT_ENV) or card.base_url
    if not url:
        raise ModelUnavailable(
            f"--model {card.name} needs the server's base URL: --endpoint URL, ${ENDPOINT_ENV} or "
            "`endpoint` in the config file (e.g. http://localhost:11434/v1), or a server card "
            "such as --model ollama:NAME (`summarize models` lists them).",
            reason=f"no base URL (--endpoint, ${ENDPOINT_ENV})")
    return url.rstrip("/")


class EndpointGenerator:
    """Text in, text out through an OpenAI-compatible chat endpoint."""

    def __init__(self, card: ModelCard, url: str, *, api_key: str | None = None):
        import httpx

        self.model, self.name, self.base_url = card.hub_id, card.name, url
        if not self.model:
            raise ModelUnavailable(f"--model {card.name} needs the model's name on the server.",
                                   reason="no model name")
        key = api_key if api_key is not None else os.environ.get(KEY_ENV, "")
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._httpx = httpx
        self._client = httpx.Client(base_url=url, headers=headers,
                                    timeout=httpx.Timeout(card.request_timeout, connect=5.0))
        self.input_limit = card.max_input_tokens
        self.concurrent = card.concurrent_requests

    def probe(self) -> None:
        """Fail at load time, with one line, when the server cannot serve this model: it is
        unreachable, refuses the key, or lists its models without this one (a server that
        does not list models at all is given the benefit of the doubt)."""
        where = f"{self.name} at {self.base_url}"
        try:
            response = self._client.get("/models", timeout=10.0)
        except self._httpx.HTTPError as exc:
            raise ModelUnavailable(f"{where}: cannot be reached ({exc})", reason="unreachable") from None
        if response.status_code in (401, 403):
            raise ModelUnavailable(f"{where}: the server refused the key (HTTP {response.status_code}); "
                                   f"set ${KEY_ENV}", reason=f"HTTP {response.status_code}")
        try:
            listed = {m["id"] for m in response.json()["data"]}
        except (ValueError, KeyError, TypeError):
            return
        if listed and self.model not in listed:
            raise ModelUnavailable(f"{where}: model not found (the server has {', '.join(sorted(listed))})",
                                   reason="model not found")

    def count_tokens(self, text: str) -> int:
        return len(text) // CHARS_PER_TOKEN + 1

    def __call__(self, texts: Sequence[str], *, min_length: int, max_length: int) -> list[str]:
        max_words = max(1, max_length // 2)  # the fuser allows 2 tokens a word
        with ThreadPoolExecutor(max_workers=self.concurrent) as pool:
            return list(pool.map(lambda text: self._complete(text, max_words, max_length), texts))

    def _complete(self, text: str, max_words: int, max_tokens: int) -> str:
        body = {
            "model": self.model, "temperature": 0, "max_tokens": max_tokens,
            "messages": chat_messages(text, max_words),
        }
        where = f"{self.name} at {self.base_url}"
        for attempt in range(RETRIES + 1):
            try:
                response = self._client.post("/chat/completions", json=body)
            except self._httpx.TimeoutException:
                raise ModelUnavailable(f"{where}: no answer within the timeout", reason="timeout") from None
            except self._httpx.HTTPError as exc:
                raise ModelUnavailable(f"{where}: cannot be reached ({exc})", reason="unreachable") from None
            status = response.status_code
            if (status == 429 or status >= 500) and attempt < RETRIES:
                wait = response.headers.get("Retry-After", "")
                time.sleep(min(30.0, float(wait)) if wait.isdigit() else 0.5 * 2 ** attempt)
                continue
            if status in (401, 403):
                raise ModelUnavailable(f"{where}: the server refused the key (HTTP {status}); set "
                                       f"${KEY_ENV}", reason=f"HTTP {status}")
            if status == 404:
                raise ModelUnavailable(f"{where}: model not found (HTTP 404)", reason="model not found")
            if status >= 400:
                raise ModelUnavailable(f"{where}: HTTP {status}", reason=f"HTTP {status}")
            try:
                return str(response.json()["choices"][0]["message"]["content"]).strip()
            except (ValueError, KeyError, IndexError, TypeError):
                raise ModelUnavailable(f"{where}: the reply is not an OpenAI chat completion",
                                       reason="malformed reply") from None
        raise ModelUnavailable(f"{where}: still failing after {RETRIES} retries", reason="server error")
