"""The evaluation report: the JSON contract, Markdown table, escaped HTML with a chart."""

from __future__ import annotations

import json

import pytest

from summarize.evaluate.datasets import Dataset, EvalEvent
from summarize.evaluate.report import build_report, chart_png, render_report
from summarize.evaluate.rouge import ROUGE_TYPES, Score
from summarize.evaluate.runner import EventResult, ModelResult
from summarize.records import Article, Skipped


def scores(value: float) -> dict[str, Score]:
    return {t: Score(value, value / 2, value * 2 / 3) for t in ROUGE_TYPES}  # f1 of P=v/2, R=v


def model(name: str, values: list[float], method: str | None = None) -> ModelResult:
    return ModelResult(name, tuple(
        EventResult(f"e{i}", ("A sentence.",), method or name, 0.5, scores(v)) for i, v in enumerate(values)
    ))


DATASET = Dataset(
    "toy",
    tuple(EvalEvent(f"e{i}", (Article(f"e{i}/1", "Text."),), ("Ref.",)) for i in range(4)),
    (Skipped("docs/e9/C1", "empty file"),),
)


@pytest.fixture(scope="module")
def report() -> dict:
    results = [model("first", [0.2, 0.4, 0.3, 0.5]), model("<b>second</b>", [0.3, 0.5, 0.4, 0.6])]
    return build_report(DATASET, results, max_words=100, seed=0, resamples=500)


def test_json_contract(report):
    assert list(report) == ["dataset", "settings", "models", "comparisons", "skipped"]
    assert report["dataset"] == "toy"
    first = report["models"][0]
    assert {"model", *ROUGE_TYPES, "events", "seconds"} <= first.keys()
    entry = first["rouge2"]
    assert set(entry) == {"recall", "precision", "f1", "recall_ci", "f1_ci"}
    assert entry["recall"] == pytest.approx(0.35)
    assert entry["precision"] == pytest.approx(0.175)
    assert entry["f1"] == pytest.approx(0.35 * 2 / 3, abs=1e-6)
    low, high = entry["recall_ci"]
    assert 0.2 <= low < 0.35 < high <= 0.5
    assert first["events"] == 4 and first["seconds"] == 2.0
    assert [row["event"] for row in first["per_event"]] == ["e0", "e1", "e2", "e3"]
    assert first["per_event"][1]["rouge1"] == {"recall": 0.4, "precision": 0.2, "f1": pytest.approx(0.266667)}
    assert report["skipped"] == [{"path": "docs/e9/C1", "reason": "empty file"}]


def test_settings_name_the_literature_options(report):
    settings = report["settings"]
    assert settings["max_words"] == 100
    assert settings["stemming"] == "Porter"
    assert "-f A" in settings["multi_reference"]
    assert settings["scale"] == "0-1"
    assert settings["bootstrap"] == {
        "unit": "event", "resamples": 500, "seed": 0, "level": 0.95, "interval": "percentile",
        "paired_test": "two-sided paired bootstrap vs the first model",
    }


def test_comparison_against_the_first_model(report):
    (comparison,) = report["comparisons"]
    assert comparison["model"] == "<b>second</b>" and comparison["baseline"] == "first"
    recall = comparison["rouge1"]["recall"]
    # Every event is exactly 0.1 better, so every resample's difference is 0.1.
    assert recall["delta"] == pytest.approx(0.1)
    assert recall["ci"] == [pytest.approx(0.1), pytest.approx(0.1)]
    assert recall["p_value"] is None  # 4 events: no p-value


def test_p_values_from_ten_events():
    events = tuple(EvalEvent(f"e{i}", (Article(f"e{i}/1", "Text."),), ("Ref.",)) for i in range(12))
    values = [0.1 + 0.05 * i for i in range(12)]
    results = [model("first", values), model("second", [v + 0.1 for v in values])]
    report = build_report(Dataset("twelve", events, ()), results, max_words=100, seed=0, resamples=500)
    assert report["comparisons"][0]["rouge1"]["recall"]["p_value"] == 0.0
    assert "| second vs first | +0.1000 (p<0.002) |" in render_report(report, "markdown")


def test_same_seed_same_report_and_json_round_trips(report):
    again = build_report(
        DATASET, [model("first", [0.2, 0.4, 0.3, 0.5]), model("<b>second</b>", [0.3, 0.5, 0.4, 0.6])],
        max_words=100, seed=0, resamples=500,
    )
    assert render_report(again, "json") == render_report(report, "json")
    assert json.loads(render_report(report, "json")) == report


def test_markdown(report):
    text = render_report(report, "markdown")
    assert text.startswith("# ROUGE evaluation: toy\n")
    assert "| Model | ROUGE-1 recall | ROUGE-2 recall | ROUGE-L recall | ROUGE-Lsum recall | Events | Seconds |" in text
    first_row = next(line for line in text.splitlines() if line.startswith("| first |"))
    assert "0.3500 [" in first_row and first_row.endswith("| 4 | 2.00 |")
    assert "| &lt;b&gt;second&lt;/b&gt; vs first | +0.1000 (no p under 10 events) |" in text
    assert "<b>" not in text
    assert "| e1 | 0.4000 / 0.4000 | 0.5000 / 0.5000 |" in text
    assert "- docs/e9/C1: empty file" in text


def test_html_is_escaped_and_embeds_the_chart(report):
    page = render_report(report, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<b>second</b>" not in page and "&lt;b&gt;second&lt;/b&gt;" in page
    assert 'src="data:image/png;base64,' in page


def test_chart_is_a_png(report):
    png = chart_png(report)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_fallback_methods_are_reported():
    fell_back = build_report(DATASET, [model("bart", [0.1] * 4, method="extractive")], max_words=50, seed=0, resamples=100)
    assert fell_back["models"][0]["methods"] == ["extractive"]
    assert fell_back["comparisons"] == []


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown report format"):
        render_report({}, "pdf")
