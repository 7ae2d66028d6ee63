"""`summarize eval` end to end: the sample set, exit codes, and DUC 2004 (slow)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from summarize.testing.chromium import find_chromium, ink_fraction, screenshot
from click.testing import CliRunner

from summarize.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "eval" / "sample"


@pytest.fixture()
def runner(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.delenv("SUMMARIZE_CONFIG", raising=False)
    return CliRunner()


def invoke(runner, *args):
    return runner.invoke(cli, ["eval", *map(str, args)], catch_exceptions=False)


def test_json_report_on_the_sample_set(runner):
    result = invoke(runner, SAMPLE, "--model", "lead", "--model", "oracle", "--max-words", "50", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["dataset"] == "sample"
    assert report["settings"]["max_words"] == 50
    assert [m["model"] for m in report["models"]] == ["lead", "oracle"]
    for model in report["models"]:
        assert model["events"] == 3
        for entry in (model["rouge1"], model["rouge2"], model["rougeL"], model["rougeLsum"]):
            assert 0 <= entry["recall_ci"][0] <= entry["recall"] <= entry["recall_ci"][1] <= 1
            assert 0 <= entry["f1_ci"][0] <= entry["f1"] <= entry["f1_ci"][1] <= 1
    assert report["models"][1]["rouge2"]["recall"] > report["models"][0]["rouge2"]["recall"]
    assert report["comparisons"][0]["model"] == "oracle"


def test_out_dir_holds_reports_and_a_rerun_is_identical(runner, tmp_path):
    args = (SAMPLE, "--model", "lead", "--model", "lexrank", "--format", "markdown", "--out", tmp_path / "run")
    first = invoke(runner, *args)
    assert first.exit_code == 0, first.output
    assert first.stdout == ""
    table = (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    assert "| lexrank vs lead |" in table
    before = (tmp_path / "run" / "report.json").read_bytes()
    assert invoke(runner, *args).exit_code == 0
    assert (tmp_path / "run" / "report.json").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["missing-dir"], 2, "does not exist"),
        ([SAMPLE / "docs"], 2, "needs docs/ and references/"),
        ([SAMPLE, "--model", "lead", "--model", "lead"], 2, "only once"),
        ([SAMPLE, "--model", "no-such-model-anywhere"], 1, "unknown model 'no-such-model-anywhere'"),
    ],
)
def test_exit_codes(runner, args, code, message):
    result = runner.invoke(cli, ["eval", *map(str, args)])
    assert result.exit_code == code
    assert message in result.output


# --- DUC 2004 (slow) ---------------------------------------------------------------------


def summarize_eval(*args: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "summarize", "eval", *map(str, args)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


@pytest.mark.slow
def test_duc2004_four_models_markdown_and_html(duc_dir, tmp_path):
    out = tmp_path / "duc"
    models = ["extractive", "lead", "oracle", "lexrank"]
    model_args = [x for m in models for x in ("--model", m)]
    for fmt in ("markdown", "html"):  # the second run reads every summary from the cache
        done = summarize_eval(duc_dir, *model_args, "--max-words", 100, "--format", fmt, "--out", out)
        assert done.wait(timeout=1800) == 0, done.stderr.read()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [m["model"] for m in report["models"]] == models
    assert all(m["events"] == 50 for m in report["models"])
    recall = {m["model"]: m["rouge2"]["recall"] for m in report["models"]}
    assert recall["oracle"] > max(recall["lead"], recall["lexrank"], recall["extractive"])
    assert len(report["skipped"]) == 12
    assert "| oracle vs extractive |" in (out / "report.md").read_text(encoding="utf-8")
    if find_chromium() is not None:
        png = screenshot(out / "report.html", tmp_path / "report.png", width=1280, height=1600)
        assert ink_fraction(png) > 0.03


@pytest.mark.slow
def test_duc2004_killed_run_restarts_to_the_same_json(duc_dir, tmp_path):
    args = (duc_dir, "--model", "lead", "--model", "lexrank", "--max-words", 100, "--format", "json")
    straight = summarize_eval(*args, "--out", tmp_path / "straight")
    assert straight.wait(timeout=1800) == 0, straight.stderr.read()

    killed = summarize_eval(*args, "--out", tmp_path / "killed")
    cache = tmp_path / "killed" / "cache"
    deadline = time.monotonic() + 900
    while len(list(cache.glob("*/*.json"))) < 50 and killed.poll() is None:  # half of 2 x 50
        assert time.monotonic() < deadline
        time.sleep(0.05)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert not (tmp_path / "killed" / "report.json").exists()
    made = len(list(cache.glob("*/*.json")))
    assert 50 <= made < 100

    restarted = summarize_eval(*args, "--out", tmp_path / "killed")
    assert restarted.wait(timeout=1800) == 0, restarted.stderr.read()
    first = json.loads((tmp_path / "straight" / "report.json").read_text(encoding="utf-8"))
    restarted_text = (tmp_path / "killed" / "report.json").read_text(encoding="utf-8")
    second = json.loads(restarted_text)

    def scores_only(report: dict) -> dict:  # wall-clock time is the one thing that may differ
        for model in report["models"]:
            model.pop("seconds")
        return report

    assert scores_only(second) == scores_only(first)
    rerun = summarize_eval(*args, "--out", tmp_path / "killed")
    assert rerun.wait(timeout=600) == 0
    assert (tmp_path / "killed" / "report.json").read_text(encoding="utf-8") == restarted_text
