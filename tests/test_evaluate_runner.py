"""The evaluation runner: scores through the pipeline, a resumable cache, the oracle per event."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from summarize.evaluate.datasets import load_dataset
from summarize.evaluate.report import build_report, render_report
from summarize.evaluate.rouge import rouge_scores
from summarize.evaluate.runner import cache_path, run_evaluation
from summarize.registry import entries

SAMPLE = Path(__file__).resolve().parents[1] / "eval" / "sample"


def registry_load(name: str):
    return entries()[name].factory(None)


def refuse_load(name: str):
    raise AssertionError(f"{name} should not be loaded: every summary is cached")


class StopAfter:
    """Wraps a summarizer and raises KeyboardInterrupt (a user's Ctrl-C) on call number `n`."""

    def __init__(self, inner, n: int):
        self.inner, self.n, self.calls = inner, n, 0
        self.name, self.needs_ranking = inner.name, inner.needs_ranking

    def __call__(self, inputs, max_words):
        self.calls += 1
        if self.calls == self.n:
            raise KeyboardInterrupt
        return self.inner(inputs, max_words)


@pytest.fixture(scope="module")
def sample():
    return load_dataset(SAMPLE)


def mean_rouge2_recall(result) -> float:
    return sum(e.scores["rouge2"].recall for e in result.events) / len(result.events)


def without_seconds(results):
    return [[replace(e, seconds=0.0) for e in r.events] for r in results]


def test_scores_are_rouge_of_each_summary(sample):
    lead, oracle = run_evaluation(sample, ["lead", "oracle"], 40, load=registry_load)
    assert [e.event_id for e in lead.events] == [e.id for e in sample.events]
    first = lead.events[0]
    assert first.method == "lead"
    # Lead: the first sentences of the newest document (the SGML one is dated, the others not,
    # so input order applies) until 40 words.
    assert first.sentences[0].startswith("The Kestrel Harbor Bridge opened to traffic")
    assert first.scores == rouge_scores("\n".join(first.sentences), sample.events[0].references, 40)
    assert mean_rouge2_recall(oracle) > mean_rouge2_recall(lead)


def test_a_stopped_run_resumes_and_gives_the_same_numbers(sample, tmp_path):
    models = ["lead", "oracle"]
    straight = run_evaluation(sample, models, 60, load=registry_load)

    def interrupted_load(name):
        return StopAfter(registry_load(name), n=2)

    with pytest.raises(KeyboardInterrupt):
        run_evaluation(sample, models, 60, load=interrupted_load, cache_dir=tmp_path)
    cached = sorted(p.name for p in (tmp_path / "lead").iterdir())
    assert len(cached) == 1 and cached[0].startswith("e01-harbor-bridge-")

    resumed = run_evaluation(sample, models, 60, load=registry_load, cache_dir=tmp_path)
    assert without_seconds(resumed) == without_seconds(straight)

    # Everything is cached now: nothing is loaded and the report is byte-identical.
    again = run_evaluation(sample, models, 60, load=refuse_load, cache_dir=tmp_path)
    def report(results) -> str:
        return render_report(build_report(sample, results, max_words=60, seed=0, resamples=200), "json")

    assert report(again) == report(resumed)


def test_cache_key_covers_budget_and_documents_and_bad_files_are_remade(sample, tmp_path):
    event = sample.events[0]
    path = cache_path(tmp_path, "lead", event, 100)
    assert path.parent == tmp_path / "lead"
    assert cache_path(tmp_path, "lead", event, 50) != path
    changed = replace(event, documents=event.documents[:2])
    assert cache_path(tmp_path, "lead", changed, 100) != path

    run_evaluation(sample, ["lead"], 100, load=registry_load, cache_dir=tmp_path)
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["model"] == "lead" and record["event"] == event.id and record["max_words"] == 100
    path.write_text(json.dumps({**record, "sentences": "not a list", "seconds": "x"}), encoding="utf-8")
    (again,) = run_evaluation(sample, ["lead"], 100, load=registry_load, cache_dir=tmp_path)
    assert again.events[0].sentences == tuple(record["sentences"])  # wrong types: made again
    path.write_text("{truncated", encoding="utf-8")
    (result,) = run_evaluation(sample, ["lead"], 100, load=registry_load, cache_dir=tmp_path)
    assert result.events[0].sentences == tuple(record["sentences"])
    assert json.loads(path.read_text(encoding="utf-8"))["sentences"] == record["sentences"]


def test_models_are_named_once(sample):
    with pytest.raises(ValueError, match="only once"):
        run_evaluation(sample, ["lead", "lead"], 100, load=registry_load)


def test_progress_is_reported_through_the_callback_never_drawn(sample, capsys):
    seen = []
    run_evaluation(sample, ["lead"], 100, load=registry_load,
                   on_progress=lambda stage, done, total: seen.append((stage, done, total)))
    n = len(sample.events)
    assert seen[0] == ("evaluating lead", 0, n) and seen[-1] == ("evaluating lead", n, n)
    assert [done for _, done, _ in seen] == list(range(n + 1))
    assert capsys.readouterr().err == ""
