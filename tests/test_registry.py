"""The summarizer registry: built-ins and plugins register through one entry point group, and
every built-in runs on input whose dates mix naive and timezone-aware values."""

from __future__ import annotations

import json
import sys
from importlib.metadata import entry_points

import pytest
from click.testing import CliRunner

from summarize.cli import cli
from summarize.registry import ENTRY_POINT_GROUP, entries, resolve
from summarize.summarizer import EventSummarizer, Summarizer

BUILTINS = {"extractive", "lead", "lexrank", "textrank", "oracle"}


def test_entry_points_list_the_builtins_and_each_loads():
    points = {p.name: p for p in entry_points(group=ENTRY_POINT_GROUP)}
    assert BUILTINS <= points.keys()
    for name in BUILTINS:
        factory = points[name].load()
        assert factory.name == name and factory.description
        summarizer = factory(None)
        assert isinstance(summarizer, Summarizer) and isinstance(summarizer, EventSummarizer)
        assert summarizer.needs_ranking == (name == "extractive")


def test_summarize_models_lists_every_registered_summarizer():
    result = CliRunner().invoke(cli, ["models"])
    assert result.exit_code == 0, result.output
    listed = result.stdout.split("Seq2seq model cards")[0].splitlines()[1:]
    assert {line.split()[0] for line in listed if line.strip()} == set(entries())


PLUGIN = '''
from summarize.records import Summary, SummarySentence
from summarize.summarizer import EventSummarizer


class Shout(EventSummarizer):
    name = "shout"
    description = "Test plugin: the event's title, in capitals."
    needs_ranking = False

    def summarize_event(self, item, max_words):
        return Summary(item.event.id, self.name, (SummarySentence(item.event.title.upper() + "!"),))
'''


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    """A package installed nowhere: a module and its dist-info on sys.path, as pip would lay
    them out, registering `shout` in the summarizers' entry point group."""
    (tmp_path / "shout_plugin.py").write_text(PLUGIN)
    info = tmp_path / "shout_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: shout-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nshout = shout_plugin:Shout\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "shout"
    sys.modules.pop("shout_plugin", None)


def test_a_plugin_registers_like_a_builtin_and_run_uses_it(plugin, tmp_path):
    assert entries()[plugin].package == "shout-plugin"
    assert resolve(plugin).name == "shout"
    (tmp_path / "news.txt").write_text("Tram line opens.\n\nThe new tram line opened on Monday to big crowds.\n")
    result = CliRunner().invoke(
        cli, ["run", str(tmp_path / "news.txt"), "--model", plugin, "--format", "json"])
    assert result.exit_code == 0, result.output
    (event,) = json.loads(result.stdout)["events"]
    assert event["method"] == "shout" and event["summary"] == "TRAM LINE OPENS!"
    listed = CliRunner().invoke(cli, ["models"]).stdout
    assert "shout" in listed and "[shout-plugin]" in listed
    assert plugin in CliRunner().invoke(cli, ["run", "--help"]).stdout


MIXED_DATES = [
    {"id": "a", "title": "Dam opens", "published": "2024-05-07T12:00:00",
     "text": "The Kessel dam opened on Tuesday after ten years of work. Crowds cheered at the gates."},
    {"id": "b", "title": "Kessel dam opens", "published": "2024-05-07T09:30:00+02:00",
     "text": "The Kessel dam opened on Tuesday, ten years after work began. The mayor cut a ribbon."},
    {"id": "c", "title": "Dam in service", "date": "Tue, 07 May 2024 18:00:00 GMT",
     "text": "The Kessel dam went into service on Tuesday. It will power 40,000 homes in the valley."},
]


@pytest.mark.parametrize("name", sorted(BUILTINS - {"oracle"}))
def test_every_builtin_runs_on_naive_and_aware_dates(name, tmp_path):
    news = tmp_path / "news.jsonl"
    news.write_text("\n".join(json.dumps(r) for r in MIXED_DATES) + "\n")
    result = CliRunner().invoke(
        cli, ["run", str(news), "--one-event", "--model", name, "--format", "json"])
    assert result.exit_code == 0, result.output
    (event,) = json.loads(result.stdout)["events"]
    assert event["method"] == name and "Kessel dam" in event["summary"]
    assert [s["published"] for s in event["sources"]] == [
        "2024-05-07T12:00:00+00:00", "2024-05-07T07:30:00+00:00", "2024-05-07T18:00:00+00:00"]
    if name == "lead":  # the newest article (c, 18:00 UTC) leads
        assert event["sentences"][0]["sources"][0]["article"] == "c"


def test_the_oracle_runs_in_eval_on_mixed_dates_and_is_refused_by_run(tmp_path):
    dataset = tmp_path / "set.jsonl"
    dataset.write_text(json.dumps({
        "id": "dam", "documents": MIXED_DATES,
        "references": ["The Kessel dam opened on Tuesday and will power 40,000 homes."],
    }) + "\n")
    result = CliRunner().invoke(cli, ["eval", str(dataset), "--model", "oracle", "--model", "lead",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [m["model"] for m in report["models"]] == ["oracle", "lead"]
    refused = CliRunner().invoke(cli, ["run", str(dataset), "--model", "oracle"])
    assert refused.exit_code == 2 and "use it with `summarize eval`" in refused.stderr
