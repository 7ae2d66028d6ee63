"""Engines: where the per-article and per-event work runs. `local` (the default) runs it in
this process; `ray` runs it as Ray tasks on a cluster (summarize.ray_engine), with the same
results in the same order, byte for byte.

An engine has one job, `map(fn, items)`: fn applied to each item, results in input order.
The pipeline hands it the work that is independent per item (cleaning and splitting an
article, ranking an event, summarizing a chunk of events); grouping, which looks at all
articles at once, stays in the driver. Summarizers travel as a spec (name and options) and
are built once per worker process (`RemoteSummarizer`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Protocol, TypeVar

from summarize.progress import Progress, no_progress
from summarize.records import Summary
from summarize.summarizer import EventInput, SummarizerOptions

T = TypeVar("T")
R = TypeVar("R")
ENGINES = ("local", "ray")


class Engine(Protocol):
    name: str

    def map(self, fn: Callable[[T], R], items: Sequence[T], *, stage: str = "",
            on_progress: Progress = no_progress,
            on_error: Callable[[T, Exception], R] | None = None) -> list[R]: ...

    def close(self) -> None: ...


class LocalEngine:
    """Everything in this process, in order."""

    name = "local"

    def map(self, fn, items, *, stage="", on_progress=no_progress, on_error=None):
        out = []
        for done, item in enumerate(items):
            on_progress(stage, done, len(items))
            out.append(fn(item))
        if stage:
            on_progress(stage, len(items), len(items))
        return out

    def close(self) -> None:
        pass


LOCAL = LocalEngine()


def open_engine(name: str = "local", address: str | None = None) -> Engine:
    """The engine `name` ("local" or "ray"; `address` is a Ray cluster, else RAY_ADDRESS, else
    a local Ray started for the run and stopped by `close`). Raises
    summarize.ray_engine.EngineUnavailable when Ray is missing or cannot start."""
    if name == "local":
        return LOCAL
    if name == "ray":
        from summarize.ray_engine import RayEngine

        return RayEngine(address)
    raise ValueError(f"unknown engine {name!r}: use one of {', '.join(ENGINES)}")


# Summarizers built in a worker process, by spec: a model loads once per worker.
_BUILT: dict[tuple, object] = {}


def built(name: str, options: SummarizerOptions):
    """The summarizer `name`, built once per worker process."""
    from summarize.registry import resolve

    key = (name, options)
    if key not in _BUILT:
        _BUILT[key] = resolve(name, options)
    return _BUILT[key]


def _summarize_chunk(chunk: Sequence[EventInput], *, name: str, options: SummarizerOptions,
                     max_words: int) -> list[Summary]:
    return built(name, options)(chunk, max_words)


@dataclass
class RemoteSummarizer:
    """A Summarizer whose events are summarized by the engine's workers, `chunk` events a task
    (a fuser's CPU batch), the tasks in parallel; order and results as locally."""

    name: str
    options: SummarizerOptions
    engine: Engine
    needs_ranking: bool = True
    chunk: int = 4

    def __call__(self, inputs: Sequence[EventInput], max_words: int) -> list[Summary]:
        chunks = [list(inputs[k:k + self.chunk]) for k in range(0, len(inputs), self.chunk)]

        def failed(chunk, exc) -> list[Summary]:
            from summarize.fuse import ModelUnavailable

            cause = getattr(exc, "cause", exc)
            if isinstance(cause, ModelUnavailable):  # the model itself: an error, not an event's
                raise cause
            note = f"not summarized: the cluster failed on this event twice ({type(exc).__name__}: {exc})"
            return [Summary(item.event.id, self.name, (), (note[:500],)) for item in chunk]

        work = partial(_summarize_chunk, name=self.name, options=self.options, max_words=max_words)
        results = self.engine.map(work, chunks, on_error=failed)
        return [summary for part in results for summary in part]
