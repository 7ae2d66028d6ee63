"""The command line end to end, driven through click's CliRunner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from summarize.cli import COMMANDS, cli

TRAM = (
    "The city council voted 7 to 2 on Tuesday to extend the Northgate tram line to the harbour "
    "district. Construction will start in April and cost 84 million euros, the mayor said. "
    "Opponents argued the money should go to bus routes in the eastern suburbs."
)
TRAM_2 = (
    "Northgate's council approved the harbour tram extension on Tuesday by seven votes to two. "
    "The 84 million euro project is due to begin in April. Residents of the eastern suburbs "
    "said buses had been neglected for years."
)


@pytest.fixture()
def runner(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    for name in ("SUMMARIZE_MODEL", "SUMMARIZE_MAX_WORDS", "SUMMARIZE_FORMAT", "SUMMARIZE_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner()


def invoke(runner, *args, **kwargs):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)


def test_help_lists_every_command(runner):
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


def test_run_json_contract_and_skips(runner, tmp_path):
    (tmp_path / "tram.txt").write_text(TRAM)
    (tmp_path / "tram2.txt").write_text(TRAM_2)
    (tmp_path / "empty.txt").write_text("")
    result = invoke(runner, "run", tmp_path, "--model", "extractive", "--format", "json", "--max-words", 40)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["skipped"] == [{"path": str(tmp_path / "empty.txt"), "reason": "empty file"}]
    (event,) = data["events"]
    assert sorted(event["articles"]) == ["tram", "tram2"]
    assert event["method"] == "extractive"
    assert 0 < len(event["summary"].split()) <= 40
    for sentence in event["sentences"]:
        assert sentence["sources"], sentence
        for source in sentence["sources"]:
            assert source["article"] in ("tram", "tram2") and source["sentence"] >= 0
    assert "skipped" in result.stderr and "empty file" in result.stderr


def test_nothing_usable_exits_2(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = invoke(runner, "run", tmp_path / "empty.txt", "--model", "extractive")
    assert result.exit_code == 2
    assert "no usable articles" in result.stderr


def test_stdin_and_out_file(runner, tmp_path):
    out = tmp_path / "summary.md"
    result = invoke(runner, "run", "-", "--model", "extractive", "--format", "markdown", "--out", out, input=TRAM)
    assert result.exit_code == 0
    text = out.read_text()
    assert text.startswith("## ") and "**Method:** extractive" in text and "84 million euros" in text


def test_max_words_resolution_order(runner, tmp_path, monkeypatch):
    (tmp_path / "tram.txt").write_text(TRAM)
    config = tmp_path / "config.toml"
    config.write_text("[run]\nmax_words = 12\nmodel = 'extractive'\nformat = 'json'\n")

    def words(*extra):
        result = invoke(runner, "--config", config, "run", tmp_path / "tram.txt", *extra)
        assert result.exit_code == 0, result.output
        return len(json.loads(result.stdout)["events"][0]["summary"].split())

    assert words() <= 12  # config file
    monkeypatch.setenv("SUMMARIZE_MAX_WORDS", "200")
    assert words() > 12  # environment beats the file
    assert words("--max-words", "12") <= 12  # option beats the environment


def test_bad_config_file_is_a_usage_error(runner, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[run\n")
    result = invoke(runner, "--config", config, "run", tmp_path)
    assert result.exit_code == 2 and "not valid TOML" in result.stderr


@pytest.mark.parametrize(
    "config, message",
    [
        ("[run]\nmax_wrds = 5\n", "unknown key 'max_wrds' in [run]; did you mean 'max_words'?"),
        ("[eval]\nfallback = 'extractive'\n", "unknown key 'fallback' in [eval]"),
        ("[rnu]\nmodel = 'lead'\n", "unknown table [rnu]"),
    ],
)
def test_config_tables_and_keys_are_checked_for_every_command(runner, tmp_path, config, message):
    path = tmp_path / "config.toml"
    path.write_text(config)
    (tmp_path / "tram.txt").write_text(TRAM)
    # Whichever command runs, every table of the file is checked.
    for command in (["group", str(tmp_path / "tram.txt")], ["models"]):
        result = invoke(runner, "--config", path, *command)
        assert result.exit_code == 2, result.output
        assert str(path) in result.stderr and message in " ".join(result.stderr.split())


def test_group_seeds_json(runner, seeds_dir):
    result = invoke(runner, "group", seeds_dir / "articles", "--format", "json")
    assert result.exit_code == 0
    events = json.loads(result.stdout)["events"]
    assert sorted(sorted(e["articles"]) for e in events) == [
        ["000_a2bd2d2e159aa8bd", "001_ccd537dd00057503"],
        ["002_fccc882e8405e502", "003_534328365c2cefb0", "004_26bfea19f4d2bd91"],
    ]
    assert all("summary" not in e for e in events)


def test_run_examples_every_format(runner, examples_dir):
    for fmt in ("text", "markdown", "json", "html"):
        result = invoke(runner, "run", examples_dir, "--model", "extractive", "--format", fmt)
        assert result.exit_code == 0, result.output
    data = json.loads(invoke(runner, "run", examples_dir, "--model", "extractive", "--format", "json").stdout)
    assert len([e for e in data["events"] if len(e["articles"]) >= 3]) >= 3


def test_out_into_a_missing_folder_is_a_clear_error(runner, tmp_path):
    (tmp_path / "tram.txt").write_text(TRAM)
    result = invoke(runner, "group", tmp_path / "tram.txt", "--out", tmp_path / "nope" / "x.txt")
    assert result.exit_code == 2 and "folder" in result.stderr and "does not exist" in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "The mayor of Springfield resigned on Monday after a long scandal\n",  # one line, no period
        "北京市政府周一宣布，将投资五十亿元用于改善公共交通。市民对这一消息反应积极。\n",  # no spaces
    ],
)
def test_short_or_unspaced_articles_still_get_a_summary(runner, tmp_path, text):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    result = invoke(runner, "run", tmp_path / "a.txt", "--model", "extractive", "--format", "json")
    assert result.exit_code == 0, result.output
    (event,) = json.loads(result.stdout)["events"]
    assert event["summary"] == text.strip()
    assert event["sentences"][0]["sources"] == [{"article": "a", "sentence": 0}]


def test_article_emptied_by_cleaning_is_reported_by_its_path(runner, tmp_path):
    (tmp_path / "tram.txt").write_text(TRAM)
    (tmp_path / "chrome.txt").write_text("LEAVE A REPLY\nPlease enter your comment!\n")
    result = invoke(runner, "run", tmp_path, "--model", "extractive", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["skipped"] == [
        {"path": str(tmp_path / "chrome.txt"), "reason": "no article text left after removing page chrome"}
    ]
