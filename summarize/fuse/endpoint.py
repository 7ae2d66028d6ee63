"""Fusion by an OpenAI-compatible chat endpoint (Ollama, vLLM, llama.cpp server, a hosted
API): `--model endpoint:NAME` asks model NAME at $SUMMARIZE_ENDPOINT (for instance Ollama's
http://localhost:11434/v1) with the key from $SUMMARIZE_API_KEY, sent as a Bearer token and
never printed.

`EndpointGenerator` is the fuser's Generator (summarize.fuse.fuser): the same packing, the
same faithfulness guard and sentence origins as a local seq2seq model. Each event is one
`/chat/completions` request: a system prompt (prompts/chat-system.txt: the word budget, and
"use only facts from the reports") and the packed reports (prompts/chat-user.txt). Requests
run a few at a time, with timeouts and retries with backoff on 429 and 5xx (Retry-After
honoured). A server that cannot be used at all (unreachable, 401, unknown model, replies
that are not the API's JSON) is ModelUnavailable with one line saying why.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from string import Template

from summarize.fuse.cards import ModelCard, list_cards
from summarize.fuse.loading import ModelUnavailable
from summarize.fuse.prompts import load_prompt, prompts_dir

PREFIX = "endpoint:"
ENDPOINT_ENV = "SUMMARIZE_ENDPOINT"
KEY_ENV = "SUMMARIZE_API_KEY"
CONTEXT_TOKENS = 8192  # the input packed for a chat model; servers' limits are larger or equal
CHARS_PER_TOKEN = 4  # the server's tokenizer is not here: a conservative estimate
CONCURRENT = 4
RETRIES = 3


def endpoint_card(name: str) -> ModelCard:
    """The card of `endpoint:NAME`: the chat prompts, a wide input and a document separator
    a chat model reads as a boundary."""
    template = next(iter(list_cards().values()))
    return replace(
        template, name=f"{PREFIX}{name}", hub_id=name, family=template.family,
        max_input_tokens=CONTEXT_TOKENS, document_separator="\n---\n",
        prompt=load_prompt("chat-user.txt"), description=f"{name} behind an OpenAI-compatible endpoint",
        source="",
    )


class EndpointGenerator:
    """Text in, text out through an OpenAI-compatible chat endpoint."""

    def __init__(self, model: str, *, base_url: str | None = None, api_key: str | None = None,
                 timeout: float = 60.0):
        import httpx

        self.model = model
        self.base_url = (base_url or os.environ.get(ENDPOINT_ENV, "")).rstrip("/")
        if not self.base_url:
            raise ModelUnavailable(
                f"--model {PREFIX}{model} needs the server's base URL in ${ENDPOINT_ENV} "
                "(e.g. http://localhost:11434/v1 for Ollama).", reason=f"{ENDPOINT_ENV} is not set")
        key = api_key if api_key is not None else os.environ.get(KEY_ENV, "")
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._httpx = httpx
        self._client = httpx.Client(base_url=self.base_url, headers=headers,
                                    timeout=httpx.Timeout(timeout, connect=5.0))
        self._system = Template((prompts_dir() / "chat-system.txt").read_text(encoding="utf-8").strip())
        self.input_limit = CONTEXT_TOKENS

    def probe(self) -> None:
        """Fail at load time, with one line, when the server cannot serve this model: it is
        unreachable, refuses the key, or lists its models without this one (a server that
        does not list models at all is given the benefit of the doubt)."""
        where = f"{PREFIX}{self.model} at {self.base_url}"
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
        with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
            return list(pool.map(lambda text: self._complete(text, max_words, max_length), texts))

    def _complete(self, text: str, max_words: int, max_tokens: int) -> str:
        body = {
            "model": self.model, "temperature": 0, "max_tokens": max_tokens,
            "messages": [
                {"role": "system", "content": self._system.substitute(max_words=max_words)},
                {"role": "user", "content": text},
            ],
        }
        where = f"{PREFIX}{self.model} at {self.base_url}"
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
