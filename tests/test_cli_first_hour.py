"""What a new user hits in the first hour: errors that come at once and say what to do,
interrupts that leave nothing half-written, settings that are found wherever they are given."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import cli, hoist_config

SUMMARIZE = str(Path(sys.executable).with_name("summarize"))
ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}
TRAM = "The council approved the harbour tram line on Tuesday. Work starts in April, the mayor said."


def test_out_into_a_missing_folder_fails_before_any_reading(tmp_path, monkeypatch):
    import summarize.pipeline

    def no_reading(*args, **kwargs):
        raise AssertionError("the input was read before --out was checked")

    monkeypatch.setattr(summarize.pipeline, "read_corpus", no_reading)
    (tmp_path / "tram.txt").write_text(TRAM)
    for command in ("run", "group"):
        result = CliRunner().invoke(
            cli, [command, str(tmp_path / "tram.txt"), "--out", str(tmp_path / "missing" / "x.txt")])
        assert result.exit_code == 2 and "does not exist" in result.stderr


def test_a_mistyped_model_name_fails_at_once_with_a_suggestion(tmp_path):
    (tmp_path / "tram.txt").write_text(TRAM)
    start = time.monotonic()
    done = subprocess.run([SUMMARIZE, "run", str(tmp_path), "--model", "distilbart"],
                          capture_output=True, text=True, env={k: v for k, v in ENV.items()
                                                              if k != "HF_HUB_OFFLINE"})
    assert time.monotonic() - start < 5 + 3  # process start and imports included
    assert done.returncode == 1
    assert "Did you mean distilbart-cnn-12-6?" in done.stderr and "Retrying" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_eval_does_not_advise_an_option_it_lacks(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "eval" / "sample"
    result = CliRunner(env={"HF_HUB_OFFLINE": "1"}).invoke(
        cli, ["eval", str(sample), "--model", "google/pegasus-multi_news"])
    assert result.exit_code == 1 and "--fallback" not in result.stderr


def test_ctrl_c_exits_130_without_a_traceback_or_a_half_written_file(tmp_path):
    out = tmp_path / "report"
    docs = Path(__file__).resolve().parents[1] / "examples"
    process = subprocess.Popen(
        [SUMMARIZE, "run", *[str(docs)] * 8, "--model", "lexrank", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    time.sleep(5)  # past start-up and imports, into the work
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the run finished before the interrupt")
    assert process.returncode == 130
    assert b"Traceback" not in err and b"interrupted" in err
    assert not out.exists() and not any(p.name.startswith(".report") for p in tmp_path.iterdir())


def test_a_bad_environment_value_names_the_variable(tmp_path):
    (tmp_path / "tram.txt").write_text(TRAM)
    done = subprocess.run([SUMMARIZE, "run", str(tmp_path), "--model", "extractive"],
                          capture_output=True, text=True, env={**ENV, "SUMMARIZE_FORMAT": "pdf"})
    assert done.returncode == 2
    assert "environment variable SUMMARIZE_FORMAT: 'pdf' is not one of" in done.stderr


def test_config_may_follow_the_command(tmp_path):
    assert hoist_config(["run", "x", "--config", "c.toml"]) == ["--config", "c.toml", "run", "x"]
    assert hoist_config(["run", "--", "--config"]) == ["run", "--", "--config"]
    (tmp_path / "tram.txt").write_text(TRAM)
    config = tmp_path / "c.toml"
    config.write_text("[run]\nformat = 'json'\nmodel = 'lead'\n")
    done = subprocess.run([SUMMARIZE, "run", str(tmp_path), "--config", str(config)],
                          capture_output=True, text=True, env=ENV)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["events"][0]["method"] == "lead"


def test_digest_dry_run_needs_no_recipient(tmp_path):
    (tmp_path / "tram.txt").write_text(TRAM)
    eml = tmp_path / "digest.eml"
    result = CliRunner(env={"HF_HUB_OFFLINE": "1"}).invoke(
        cli, ["digest", str(tmp_path), "--state", str(tmp_path / "s.db"), "--model", "extractive",
              "--dry-run", str(eml)])
    assert result.exit_code == 0, result.output
    assert "harbour tram line" in eml.read_text()


def test_near_copies_are_counted_in_english(tmp_path):
    from summarize.records import Article, Event
    from summarize.render.view import event_views

    event = Event("e1", "t", tuple(Article(i, "x") for i in "abc"), (("b", "a"), ("c", "a")))
    assert event_views([event])[0].facts == "3 articles, 2 near-copies counted once"
