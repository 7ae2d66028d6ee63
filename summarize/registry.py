"""Named summarizers that need no model weights (extractive, baselines).

Built-ins register here the same way an extension would: a module calls `register` at
import. The CLI's choices and `summarize models` come from this registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from summarize.pipeline import Summarizer

# Modules whose import registers built-in summarizers.
BUILTIN_MODULES = ("summarize.extractive", "summarize.baselines")


@dataclass(frozen=True)
class Entry:
    name: str
    help: str
    factory: Callable[[], Summarizer]


_REGISTRY: dict[str, Entry] = {}


def register(name: str, help: str) -> Callable[[Callable[[], Summarizer]], Callable[[], Summarizer]]:
    """Decorator: register a zero-argument factory that builds the summarizer `name`."""

    def wrap(factory: Callable[[], Summarizer]) -> Callable[[], Summarizer]:
        _REGISTRY[name] = Entry(name, help, factory)
        return factory

    return wrap


def entries() -> dict[str, Entry]:
    """All registered summarizers by name (built-ins loaded on first use)."""
    for module in BUILTIN_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:  # a real import error inside the module
                raise
    return dict(_REGISTRY)
