"""A local decoder-only chat LLM (a tiny random-weight Llama with a chat template, built on the
spot and loaded from its directory like a hub checkpoint) runs `summarize run` and `summarize
eval` end to end; only the new tokens are decoded; the guard applies as for seq2seq."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures_models import load, offline_hub, tiny_models  # noqa: F401 (fixtures)

from summarize.cli import cli
from summarize.fuse.chat import ChatGenerator

pytestmark = pytest.mark.usefixtures("offline_hub")
SAMPLE = Path(__file__).resolve().parents[1] / "eval" / "sample"


def test_the_chat_template_carries_the_system_prompt_and_the_reports(tiny_models):
    summarizer = load(str(tiny_models["llama"]), device="cpu")
    generator = summarizer.generator
    assert isinstance(generator, ChatGenerator) and summarizer.card.family == "causal"
    prompt = generator.tokenizer.decode(generator._ids("REPORT TEXT", 40))
    assert "<|im_start|>system" in prompt and "at most 40 words" in prompt
    assert "Use only facts from those reports" in prompt
    assert prompt.rstrip().endswith("<|im_start|>assistant") and "REPORT TEXT" in prompt
    (text,) = generator(["The tram line opened."], min_length=3, max_length=8)
    assert "im_start" not in text and "The tram line opened." not in text  # only new tokens


def test_run_and_eval_end_to_end_with_a_local_chat_model(tiny_models, examples_dir):
    directory = str(tiny_models["llama"])
    run = CliRunner().invoke(cli, ["run", str(examples_dir), "--model", directory, "--device", "cpu",
                                   "--max-words", "40", "--format", "json"])
    assert run.exit_code == 0, run.output
    for event in json.loads(run.stdout)["events"]:
        assert event["method"] in ("tiny-llama", "extractive")
        assert len(event["summary"].split()) <= 40
        assert all(s["sources"] for s in event["sentences"])
    evaluated = CliRunner().invoke(cli, ["eval", str(SAMPLE), "--model", "extractive", "--model",
                                         directory, "--device", "cpu", "--format", "json"])
    assert evaluated.exit_code == 0, evaluated.output
    assert [m["model"] for m in json.loads(evaluated.stdout)["models"]] == ["extractive", directory]
