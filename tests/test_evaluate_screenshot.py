"""The HTML evaluation report renders in headless Chromium (skipped without Chromium)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from summarize.testing.chromium import find_chromium, ink_fraction

from summarize.evaluate.datasets import Dataset, EvalEvent
from summarize.evaluate.report import build_report, render_report
from summarize.evaluate.rouge import ROUGE_TYPES, Score
from summarize.evaluate.runner import EventResult, ModelResult
from summarize.records import Article

SCRIPT = Path(__file__).resolve().parents[1] / "eval" / "screenshot.py"


def result(name: str, values: list[float]) -> ModelResult:
    return ModelResult(name, tuple(
        EventResult(f"e{i}", ("S.",), name, 0.1, {t: Score(v, v, v) for t in ROUGE_TYPES})
        for i, v in enumerate(values)
    ))


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium on PATH")
def test_report_page_renders_with_its_chart(tmp_path):
    dataset = Dataset("toy", tuple(EvalEvent(f"e{i}", (Article("a", "T."),), ("R.",)) for i in range(3)), ())
    report = build_report(
        dataset, [result("extractive", [0.3, 0.4, 0.35]), result("lead", [0.25, 0.3, 0.33])],
        max_words=100, seed=0, resamples=200,
    )
    page = tmp_path / "report.html"
    page.write_text(render_report(report, "html"), encoding="utf-8")
    png = tmp_path / "report.png"

    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(page), "--png", str(png)],
        capture_output=True, text=True, timeout=120, check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "of pixels drawn" in done.stdout
    # Tables, text and the coloured bars of the chart: far more than a blank page's 0%.
    assert ink_fraction(png) > 0.03
