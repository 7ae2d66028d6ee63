"""Run summarizers over an evaluation dataset and score every summary, resumably.

Each event's documents are summarized as one event (`--one-event` semantics: the benchmark's
document set is the cluster) through the library's own pipeline (split -> rank ->
summarizer), then scored with ROUGE against the event's references.

Resumable: with a cache directory, every (model, settings, event) summary is written to its
own JSON file as soon as it is made (atomically, so a killed run never leaves half a file).
A rerun reads those files instead of summarizing again, and reports the time that was
measured when each summary was made, so an interrupted and restarted run gives the same
report as one that ran through. The cache key covers the model name, the word budget and
the event's documents and references; it does not cover the summarizer's code, so delete
the cache after changing a summarizer.

Each event's references reach the summarizer in its EventInput, which is how the oracle
(summarize.evaluate.oracle) reads them.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from summarize.evaluate.datasets import Dataset, EvalEvent
from summarize.evaluate.rouge import Score, rouge_scores
from summarize.files import write_atomic
from summarize.engine import LOCAL, Engine
from summarize.pipeline import build_events, split_corpus, summarize_events
from summarize.progress import Progress, no_progress
from summarize.summarizer import Summarizer, SummarizerOptions

CACHE_VERSION = 1

LoadSummarizer = Callable[[str], Summarizer]


@dataclass(frozen=True)
class EventResult:
    """One model's summary of one event and its ROUGE scores."""

    event_id: str
    sentences: tuple[str, ...]
    method: str
    seconds: float
    scores: dict[str, Score]
    origins: tuple[str, ...] = ()  # each sentence's origin (generated, replaced, extracted)


@dataclass(frozen=True)
class ModelResult:
    model: str
    events: tuple[EventResult, ...]

    @property
    def seconds(self) -> float:
        return sum(e.seconds for e in self.events)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "_"


def cache_path(cache_dir: Path, model: str, event: EvalEvent, max_words: int) -> Path:
    """Where the summary of `event` by `model` under `max_words` is kept."""
    key = json.dumps(
        {
            "version": CACHE_VERSION,
            "model": model,
            "max_words": max_words,
            "documents": [[a.id, a.title, a.text] for a in event.documents],
            "references": list(event.references),
        },
        sort_keys=True,
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return cache_dir / _slug(model) / f"{_slug(event.id)}-{digest}.json"


def _read_cached(path: Path) -> dict | None:
    """The cached summary, or None when absent or unreadable (it is then made again)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not {"sentences", "method", "seconds"} <= data.keys():
        return None
    sentences, method, seconds = data["sentences"], data["method"], data["seconds"]
    if not (isinstance(sentences, list) and all(isinstance(x, str) for x in sentences)
            and isinstance(method, str) and isinstance(seconds, (int, float))):
        return None  # a damaged or hand-edited cache file: made again
    return data


def _summarize(summarizer: Summarizer, event: EvalEvent, max_words: int) -> dict:
    start = time.perf_counter()
    sentences = split_corpus(event.documents)
    events = build_events(list(event.documents), sentences, one_event=True)
    references = {events[0].id: event.references}
    (summary,) = summarize_events(events, sentences, summarizer, max_words, references=references)
    seconds = time.perf_counter() - start
    return {
        "event": event.id,
        "sentences": [s.text for s in summary.sentences],
        "origins": [s.origin for s in summary.sentences],
        "method": summary.method,
        "seconds": round(seconds, 3),
    }


def run_evaluation(
    dataset: Dataset,
    models: Sequence[str],
    max_words: int,
    *,
    load: LoadSummarizer,
    cache_dir: Path | None = None,
    on_progress: Progress = no_progress,
    engine: Engine = LOCAL,
    options: SummarizerOptions | None = None,
) -> list[ModelResult]:
    """Summarize and score every event with every model, in the order given.

    `load` turns a model name into a Summarizer (summarize.registry.resolve in the CLI); each
    model is loaded once, on first use (a fully cached model is never loaded). With another
    engine than local, the summaries not in the cache are made by its workers, which build
    each model from its name and `options` once per worker; results are the same.
    """
    if len(set(models)) != len(models):
        raise ValueError("each model may be named only once")
    jobs = [(model, event) for model in models for event in dataset.events]
    paths = [cache_path(cache_dir, m, e, max_words) if cache_dir else None for m, e in jobs]
    records = [_read_cached(path) if path else None for path in paths]
    if engine is not LOCAL:
        todo = [k for k, record in enumerate(records) if record is None]
        made = engine.map(partial(_summarize_by_name, options=options or SummarizerOptions(),
                                  max_words=max_words), [jobs[k] for k in todo],
                          stage="evaluating", on_progress=on_progress)
        for k, record in zip(todo, made):
            records[k] = record
            if paths[k]:
                _write_record(paths[k], jobs[k][0], max_words, record)
    loaded = {model: cache(lambda model=model: load(model)) for model in models}
    results: dict[str, list[EventResult]] = {model: [] for model in models}
    for done, ((model, event), path, record) in enumerate(zip(jobs, paths, records)):
        on_progress(f"evaluating {model}", done, len(jobs))
        if record is None:
            record = _summarize(loaded[model](), event, max_words)
            if path:
                _write_record(path, model, max_words, record)
        scores = rouge_scores("\n".join(record["sentences"]), event.references, max_words)
        results[model].append(
            EventResult(event.id, tuple(record["sentences"]), record["method"], record["seconds"],
                        scores, tuple(record.get("origins", ())))
        )
    if jobs:
        on_progress(f"evaluating {models[-1]}", len(jobs), len(jobs))
    return [ModelResult(model, tuple(results[model])) for model in models]


def _write_record(path: Path, model: str, max_words: int, record: dict) -> None:
    cached = {"model": model, "max_words": max_words, **record}
    write_atomic(path, json.dumps(cached, ensure_ascii=False, indent=1))


def _summarize_by_name(job: tuple[str, EvalEvent], *, options: SummarizerOptions, max_words: int) -> dict:
    """One event's summary record by a worker: the model built from its name, once per worker."""
    from summarize.engine import built

    model, event = job
    return _summarize(built(model, options), event, max_words)
