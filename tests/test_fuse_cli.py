"""`summarize models`, and `summarize run` with a model that is not cached while offline."""

from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner
from fixtures_models import fake_hub_cache, offline_hub, tiny_models  # noqa: F401 (fixtures)

from summarize.cli import cli

pytestmark = pytest.mark.usefixtures("offline_hub")


def test_models_lists_cards_cache_state_and_builtins(offline_hub, tiny_models):
    result = CliRunner().invoke(cli, ["models"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Registered summarizers (no weights needed):"
    assert [line.split()[0] for line in lines[1:6]] == [
        "extractive", "lead", "lexrank", "oracle", "textrank"
    ]
    cards = lines.index("Seq2seq model cards (models/*.toml):")
    assert lines[cards + 1].split() == ["NAME", "HUB", "ID", "FAMILY", "INPUT", "CACHED"]
    assert lines[cards + 3].split() == [
        "distilbart-cnn-12-6", "(default)", "sshleifer/distilbart-cnn-12-6", "bart", "1024", "no"
    ]
    assert lines[cards + 6].split() == [
        "PRIMERA-multinews", "allenai/PRIMERA-multinews", "led", "4096", "no"
    ]
    assert f"cache: {offline_hub}" in result.stdout
    llms = lines.index("Chat LLM cards (models/*.toml; prompts/chat-*.txt):")
    rows = {line.split()[0]: line for line in lines[llms + 2:llms + 7]}
    assert "here: transformers, Qwen/Qwen2.5-1.5B-Instruct (not cached)" in rows["qwen2.5-1.5b-instruct"]
    assert "Ollama at http://localhost:11434/v1" in rows["ollama"]
    assert rows["ollama"].endswith("--model ollama:MODEL")
    assert "vLLM at http://localhost:8000/v1" in rows["vllm"]
    assert "llama.cpp server at http://localhost:8080/v1" in rows["llama-cpp"]
    assert "any OpenAI-compatible server at --endpoint URL" in rows["endpoint"]

    fake_hub_cache(offline_hub, "sshleifer/distilbart-cnn-12-6", tiny_models["bart"])
    cached = CliRunner().invoke(cli, ["models"]).stdout.splitlines()
    assert cached[cards + 3].split()[-1] == "yes"
    assert cached[cards + 2].split()[-1] == "no"


def test_run_with_an_uncached_hub_id_offline_fails_clearly(seeds_dir, offline_hub):
    result = CliRunner().invoke(
        cli, ["run", str(seeds_dir / "articles"), "--model", "google/pegasus-multi_news"]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "summarize: cannot load model pegasus-multi_news (google/pegasus-multi_news): it is not "
        "in the local Hugging Face cache and downloads are off (HF_HUB_OFFLINE is set). Download "
        "it once on a machine with network access (`hf download google/pegasus-multi_news`, "
        f"which fills the cache at {offline_hub}), "
        "or save it with save_pretrained and pass that directory as --model /path/to/dir. Or add "
        "--fallback extractive to use the extractive summary instead."
    ]


def test_run_with_fallback_is_extractive_and_says_why(seeds_dir):
    for module in ("summarize.group", "summarize.rank", "summarize.extractive"):
        pytest.importorskip(module)
    if not hasattr(sys.modules["summarize.rank"], "rank_event"):
        pytest.skip("summarize.rank.rank_event is not there yet")
    args = ["run", str(seeds_dir / "articles"), "--model", "google/pegasus-multi_news",
            "--fallback", "extractive"]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)["events"]
    assert len(events) == 2
    reason = "model google/pegasus-multi_news unavailable: not cached and HF_HUB_OFFLINE is set"
    extractive = json.loads(
        CliRunner().invoke(cli, ["run", str(seeds_dir / "articles"), "--model", "extractive",
                                 "--format", "json"]).stdout
    )["events"]
    for event, plain in zip(events, extractive):
        assert event["method"] == "extractive"
        assert event["notes"][0] == reason
        assert event["summary"] == plain["summary"]
        assert event["sentences"] == plain["sentences"]
    text = CliRunner().invoke(cli, args).stdout
    assert "method: extractive" in text
    assert f"note: {reason}" in text
