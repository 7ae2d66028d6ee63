"""The Ray engine gives exactly the local engine's output: `run` in every format on the seeds
and DUC folders, `eval` on DUC events (timings aside). A worker that dies is retried; an
event that fails twice is reported, not lost. Ray is started once here (2 CPUs, 127.0.0.1)
and stopped after the module."""

from __future__ import annotations

import json
import os
import sys

import pytest
from click.testing import CliRunner

from summarize.cli import cli

ray = pytest.importorskip("ray")


# The workers cannot import this test module: its functions travel by value.
ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


@pytest.fixture()
def runner(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return CliRunner()


def invoke(runner, *args):
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["json", "text", "markdown", "html"])
def test_run_on_ray_is_the_local_run_byte_for_byte(runner, seeds_dir, duc_dir, fmt):
    inputs = [seeds_dir / "articles", *(duc_dir / "docs" / d for d in ("d30001t", "d30002t", "d30003t"))]
    args = ["run", *inputs, "--model", "extractive", "--format", fmt]
    assert invoke(runner, *args, "--engine", "ray") == invoke(runner, *args)


def test_run_with_a_baseline_and_one_event_on_ray(runner, seeds_dir):
    args = ["run", seeds_dir / "articles", "--model", "lexrank", "--one-event", "--format", "json"]
    assert invoke(runner, *args, "--engine", "ray") == invoke(runner, *args)


def test_eval_on_ray_is_the_local_eval_timings_aside(runner, duc_dir, tmp_path):
    subset = tmp_path / "duc"
    for part in ("docs", "references"):
        (subset / part).mkdir(parents=True)
        for event in ("d30001t", "d30002t", "d30003t", "d30005t"):
            (subset / part / event).symlink_to(duc_dir / part / event)
    args = ["eval", subset, "--model", "extractive", "--model", "lead", "--model", "oracle",
            "--format", "json"]
    on_ray = json.loads(invoke(runner, *args, "--engine", "ray"))
    local = json.loads(invoke(runner, *args))
    for report in (on_ray, local):
        for model in report["models"]:
            model.pop("seconds")
    assert on_ray == local


def _dies_once(item):
    """Kills its worker process the first time it sees item 2 (a marker file remembers)."""
    marker = os.environ["SUMMARIZE_TEST_MARKER"]
    if item == 2 and not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(1)
    return item * 10


def test_a_worker_killed_mid_run_is_retried_and_loses_nothing(tmp_path, monkeypatch):
    from summarize.ray_engine import RayEngine

    marker = tmp_path / "died"
    monkeypatch.setenv("SUMMARIZE_TEST_MARKER", str(marker))
    ray.shutdown()  # workers must see the marker variable: start Ray with it
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False,
             runtime_env={"env_vars": {"SUMMARIZE_TEST_MARKER": str(marker)}})
    engine = RayEngine()
    assert engine.map(_dies_once, [0, 1, 2, 3]) == [0, 10, 20, 30]
    assert marker.exists()  # a worker really died


def _always_fails(chunk, **kwargs):
    raise RuntimeError("out of memory on this worker")


def test_an_event_that_fails_twice_is_reported_not_lost(monkeypatch, seeds_dir):
    import summarize.engine as engine_module
    from summarize.pipeline import build_events, read_corpus, split_corpus, summarize_events
    from summarize.ray_engine import RayEngine
    from summarize.summarizer import SummarizerOptions

    monkeypatch.setattr(engine_module, "_summarize_chunk", _always_fails)
    engine = RayEngine()
    corpus = read_corpus([str(seeds_dir / "articles")])
    sentences = split_corpus(corpus.articles)
    events = build_events(corpus.articles, sentences)
    remote = engine_module.RemoteSummarizer("extractive", SummarizerOptions(), engine)
    summaries = summarize_events(events, sentences, remote, 100, engine=engine)
    assert [s.event_id for s in summaries] == [e.id for e in events]
    assert all(s.sentences == () and "failed on this event twice" in s.notes[0] for s in summaries)
    assert all("out of memory on this worker" in s.notes[0] for s in summaries)


def test_without_ray_installed_the_engine_says_how_to_get_it(runner, monkeypatch, tmp_path):
    (tmp_path / "a.txt").write_text("The harbour tram line opened on Monday to large crowds of people.")
    monkeypatch.setitem(sys.modules, "ray", None)
    result = runner.invoke(cli, ["run", str(tmp_path), "--engine", "ray"])
    assert result.exit_code == 2 and "pip install 'summarize[ray]'" in result.stderr
