"""The evaluation report: one JSON-able dict, rendered as JSON, a Markdown table or an HTML page.

`build_report` turns per-event results into the DESIGN.md contract
(`{"dataset", "settings", "models": [{"model", "rouge1", ..., "events", "seconds"}]}`, each
ROUGE entry `{"recall", "precision", "f1", "recall_ci", "f1_ci"}` on a 0-1 scale), adding
`per_event` rows to each model (and, for a model that generates, `guard`: how many of its
generated sentences the faithfulness guard kept and replaced), `comparisons` (paired
bootstrap of every model against the first one) and `skipped`. Markdown and HTML are drawn
from that dict only, so the three formats cannot disagree. The HTML page escapes all text and embeds a matplotlib chart of the
models side by side with their 95% intervals as a base64 PNG.
"""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from summarize.evaluate import rouge
from summarize.evaluate.bootstrap import LEVEL, confidence_interval, paired_test, resample_indices
from summarize.evaluate.datasets import Dataset
from summarize.evaluate.runner import ModelResult
from summarize.files import write_atomic
from summarize.fuse.guard import describe_guard, guard_counts

FORMATS = ("json", "markdown", "html")
SUFFIXES = {"json": "json", "markdown": "md", "html": "html"}
MEASURES = ("recall", "precision", "f1")
LABELS = {"rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeL": "ROUGE-L", "rougeLsum": "ROUGE-Lsum"}
MEASURE_LABELS = {"recall": "recall", "precision": "precision", "f1": "F1"}
DIGITS = 6
# Under this many events a bootstrap p-value says more about the resampling than about the
# models: the report gives the difference and its interval, and no p-value.
MIN_EVENTS_FOR_P = 10


def _round(value: float) -> float:
    return round(float(value), DIGITS)


def _pair(values: tuple[float, float]) -> list[float]:
    return [_round(v) for v in values]


def build_report(
    dataset: Dataset,
    results: Sequence[ModelResult],
    *,
    max_words: int,
    seed: int,
    resamples: int,
) -> dict:
    """The report as a JSON-able dict (see module docstring)."""
    indices = resample_indices(len(dataset.events), resamples, seed)

    def column(result: ModelResult, rouge_type: str, measure: str) -> np.ndarray:
        return np.array([getattr(e.scores[rouge_type], measure) for e in result.events])

    models = []
    for result in results:
        entry: dict = {"model": result.model}
        for rouge_type in rouge.ROUGE_TYPES:
            means = {m: _round(column(result, rouge_type, m).mean()) for m in MEASURES}
            entry[rouge_type] = {
                **means,
                "recall_ci": _pair(confidence_interval(column(result, rouge_type, "recall"), indices)),
                "f1_ci": _pair(confidence_interval(column(result, rouge_type, "f1"), indices)),
            }
        entry["events"] = len(result.events)
        entry["seconds"] = _round(result.seconds)
        fallbacks = sorted({e.method for e in result.events} - {result.model})
        if fallbacks:
            entry["methods"] = fallbacks
        guard = guard_counts(origin for e in result.events for origin in e.origins)
        if guard:
            entry["guard"] = guard
        entry["per_event"] = [
            {
                "event": e.event_id,
                **{
                    t: {m: _round(getattr(e.scores[t], m)) for m in MEASURES}
                    for t in rouge.ROUGE_TYPES
                },
            }
            for e in result.events
        ]
        models.append(entry)

    comparisons = []
    baseline = results[0]
    for result in results[1:]:
        comparison: dict = {"model": result.model, "baseline": baseline.model}
        for rouge_type in rouge.ROUGE_TYPES:
            comparison[rouge_type] = {}
            for measure in ("recall", "f1"):
                test = paired_test(
                    column(baseline, rouge_type, measure), column(result, rouge_type, measure), indices
                )
                enough = len(dataset.events) >= MIN_EVENTS_FOR_P
                comparison[rouge_type][measure] = {
                    "delta": _round(test.delta), "ci": _pair(test.ci),
                    "p_value": _round(test.p_value) if enough else None,
                }
        comparisons.append(comparison)

    settings = {
        "max_words": max_words,
        **rouge.SETTINGS,
        "events_as": "each event's documents summarized as one event (--one-event)",
        "documents": "as the dataset gives them (clean.py not applied)",
        "aggregate": "mean of per-event scores",
        "bootstrap": {
            "unit": "event", "resamples": resamples, "seed": seed, "level": LEVEL,
            "interval": "percentile", "paired_test": "two-sided paired bootstrap vs the first model",
        },
    }
    return {
        "dataset": dataset.name,
        "settings": settings,
        "models": models,
        "comparisons": comparisons,
        "skipped": [{"path": s.path, "reason": s.reason} for s in dataset.skipped],
    }


def render_report(report: dict, fmt: str) -> str:
    """The report in `fmt` (json, markdown or html)."""
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return to_markdown(report)
    if fmt == "html":
        return to_html(report)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_report(report: dict, out_dir: Path, fmt: str) -> list[Path]:
    """Write report.json and, for another `fmt`, the report in that format, into `out_dir`
    (beside the summary cache the runner keeps in `out_dir/cache`); the paths written."""
    written = []
    for name in dict.fromkeys(("json", fmt)):
        path = out_dir / f"report.{SUFFIXES[name]}"
        write_atomic(path, render_report(report, name))
        written.append(path)
    return written


def report_cache(out_dir: Path) -> Path:
    """Where the runner keeps the summaries that make a rerun resume."""
    return out_dir / "cache"


# --- tables shared by Markdown and HTML -------------------------------------------------


def _interval_cell(entry: dict, measure: str) -> str:
    low, high = entry[f"{measure}_ci"]
    return f"{entry[measure]:.4f} [{low:.4f}, {high:.4f}]"


def _score_table(report: dict, measure: str) -> tuple[list[str], list[list[str]]]:
    headers = ["Model", *(f"{LABELS[t]} {MEASURE_LABELS[measure]}" for t in rouge.ROUGE_TYPES)]
    if measure == "recall":
        headers += ["Events", "Seconds"]
    rows = []
    for model in report["models"]:
        row = [model["model"], *(_interval_cell(model[t], measure) for t in rouge.ROUGE_TYPES)]
        if measure == "recall":
            row += [str(model["events"]), f"{model['seconds']:.2f}"]
        rows.append(row)
    return headers, rows


def _comparison_table(report: dict, measure: str) -> tuple[list[str], list[list[str]]]:
    headers = ["Model", *(f"Δ {LABELS[t]} {MEASURE_LABELS[measure]} (p)" for t in rouge.ROUGE_TYPES)]
    resamples = report["settings"]["bootstrap"]["resamples"]
    rows = []
    for comparison in report["comparisons"]:
        cells = []
        for t in rouge.ROUGE_TYPES:
            result = comparison[t][measure]
            if result["p_value"] is None:
                p = f"no p under {MIN_EVENTS_FOR_P} events"
            elif result["p_value"] == 0:
                p = f"p<{1 / resamples:.2g}"
            else:
                p = f"p={result['p_value']:.3f}"
            cells.append(f"{result['delta']:+.4f} ({p})")
        rows.append([f"{comparison['model']} vs {comparison['baseline']}", *cells])
    return headers, rows


def _per_event_table(report: dict) -> tuple[list[str], list[list[str]]]:
    headers = ["Event", *(f"{m['model']} R-1 / R-2 recall" for m in report["models"])]
    rows = []
    for i, first in enumerate(report["models"][0]["per_event"]):
        cells = [
            f"{m['per_event'][i]['rouge1']['recall']:.4f} / {m['per_event'][i]['rouge2']['recall']:.4f}"
            for m in report["models"]
        ]
        rows.append([first["event"], *cells])
    return headers, rows


def _settings_lines(report: dict) -> list[str]:
    lines = []
    for key, value in report["settings"].items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        lines.append(f"{key}: {value}")
    return lines


def _guard_lines(report: dict) -> list[str]:
    """Per generating model, what the faithfulness guard did to its sentences."""
    return [f"{m['model']}: {describe_guard(m['guard'])}" for m in report["models"] if "guard" in m]


def _intro(report: dict) -> str:
    settings = report["settings"]
    events = report["models"][0]["events"] if report["models"] else 0
    return (
        f"{events} events; summaries cut to {settings['max_words']} words; "
        f"ROUGE on a 0-1 scale, mean over events with {settings['bootstrap']['level']:.0%} "
        f"bootstrap intervals [low, high]; Porter stemming, references pooled as ROUGE-1.5.5 -f A."
    )


# --- Markdown ----------------------------------------------------------------------------


def _markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(headers), "|" + "|".join("---" for _ in headers) + "|", *map(line, rows)])


def _escaped(report: dict) -> dict:
    """A copy of `report` whose data-given strings (dataset name, model names, event ids,
    skipped paths and reasons) have their Markdown and HTML syntax neutralised."""
    from summarize.render.markdown import md_escape

    out = json.loads(json.dumps(report))
    out["dataset"] = md_escape(out["dataset"])
    for model in out["models"]:
        model["model"] = md_escape(model["model"])
        for row in model["per_event"]:
            row["event"] = md_escape(row["event"])
    for comparison in out["comparisons"]:
        comparison["model"] = md_escape(comparison["model"])
        comparison["baseline"] = md_escape(comparison["baseline"])
    out["skipped"] = [{"path": md_escape(s["path"]), "reason": md_escape(s["reason"])}
                      for s in out["skipped"]]
    return out


def to_markdown(report: dict) -> str:
    """The report as Markdown: scores, comparisons, per-event rows, settings. Strings that
    come from the data are escaped (an event id cannot inject a heading or a script)."""
    report = _escaped(report)
    parts = [f"# ROUGE evaluation: {report['dataset']}", _intro(report)]
    parts += ["## Recall", _markdown_table(*_score_table(report, "recall"))]
    parts += ["## F1", _markdown_table(*_score_table(report, "f1"))]
    if report["comparisons"]:
        parts += [
            f"## Paired bootstrap against {report['comparisons'][0]['baseline']}",
            _markdown_table(*_comparison_table(report, "recall")),
            _markdown_table(*_comparison_table(report, "f1")),
        ]
    if _guard_lines(report):
        parts += ["## Faithfulness guard", "\n".join(f"- {line}" for line in _guard_lines(report))]
    parts += ["## Per event", _markdown_table(*_per_event_table(report))]
    parts += ["## Settings", "\n".join(f"- {line}" for line in _settings_lines(report))]
    if report["skipped"]:
        parts += ["## Skipped", "\n".join(f"- {s['path']}: {s['reason']}" for s in report["skipped"])]
    return "\n\n".join(parts) + "\n"


# --- HTML --------------------------------------------------------------------------------


def chart_png(report: dict) -> bytes:
    """Bar chart of every model's recall and F1 per ROUGE type, with 95% intervals."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ModuleNotFoundError:
        raise RuntimeError("the HTML report's chart needs matplotlib: pip install 'summarize[report]'") from None

    models = report["models"]
    figure = Figure(figsize=(11, 4.2), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(1, 2, sharey=True)
    positions = np.arange(len(rouge.ROUGE_TYPES))
    width = 0.8 / max(len(models), 1)
    for ax, measure in zip(axes, ("recall", "f1")):
        for i, model in enumerate(models):
            values = np.array([model[t][measure] for t in rouge.ROUGE_TYPES])
            intervals = np.array([model[t][f"{measure}_ci"] for t in rouge.ROUGE_TYPES])
            errors = np.vstack([values - intervals[:, 0], intervals[:, 1] - values])
            ax.bar(positions + (i - (len(models) - 1) / 2) * width, values, width,
                   yerr=errors, capsize=3, label=model["model"])
        ax.set_xticks(positions, [LABELS[t] for t in rouge.ROUGE_TYPES])
        ax.set_title(MEASURE_LABELS[measure].capitalize())
        ax.grid(axis="y", alpha=0.3)
    axes[0].set_ylabel("score (0-1), 95% interval")
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncols=min(len(models), 6), fontsize="small")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _html_table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f2f2f2; }
img { max-width: 100%; }
"""


def to_html(report: dict) -> str:
    """The report as a standalone HTML page with the chart embedded."""
    chart = base64.b64encode(chart_png(report)).decode("ascii")
    title = html.escape(f"ROUGE evaluation: {report['dataset']}")
    parts = [
        f"<h1>{title}</h1>",
        f"<p>{html.escape(_intro(report))}</p>",
        f'<img alt="ROUGE recall and F1 per model with 95% intervals" src="data:image/png;base64,{chart}">',
        "<h2>Recall</h2>", _html_table(*_score_table(report, "recall")),
        "<h2>F1</h2>", _html_table(*_score_table(report, "f1")),
    ]
    if report["comparisons"]:
        parts += [
            f"<h2>Paired bootstrap against {html.escape(report['comparisons'][0]['baseline'])}</h2>",
            _html_table(*_comparison_table(report, "recall")),
            _html_table(*_comparison_table(report, "f1")),
        ]
    if _guard_lines(report):
        items = "".join(f"<li>{html.escape(line)}</li>" for line in _guard_lines(report))
        parts += ["<h2>Faithfulness guard</h2>", f"<ul>{items}</ul>"]
    parts += ["<h2>Per event</h2>", _html_table(*_per_event_table(report))]
    parts += ["<h2>Settings</h2>", "<ul>" + "".join(f"<li>{html.escape(l)}</li>" for l in _settings_lines(report)) + "</ul>"]
    if report["skipped"]:
        items = "".join(f"<li>{html.escape(s['path'])}: {html.escape(s['reason'])}</li>" for s in report["skipped"])
        parts += ["<h2>Skipped</h2>", f"<ul>{items}</ul>"]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_STYLE}</style></head>\n<body>\n"
        + "\n".join(parts)
        + "\n</body></html>\n"
    )
