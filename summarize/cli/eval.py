"""`summarize eval`: ROUGE of one or more summarizers on a dataset, with intervals."""

from __future__ import annotations

from pathlib import Path

import click

from summarize.cli.common import report_skip
from summarize.evaluate.report import FORMATS

REPORT_SUFFIX = {"json": "json", "markdown": "md", "html": "html"}


def _load(name: str):
    from summarize.fuse import load_summarizer

    return load_summarizer(name, fallback=None, on_notice=lambda message: click.echo(f"summarize: {message}", err=True))


@click.command("eval")
@click.argument("dataset", type=click.Path(exists=True))
@click.option(
    "--model", "models", multiple=True, default=("extractive",), show_default=True,
    help="A summarizer to evaluate; repeat to compare (each is tested against the first): "
    "a name from `summarize models` (extractive, the baselines, model cards), a hub id, a "
    "local model directory, or 'oracle' (the greedy extractive upper bound against the references).",
)
@click.option(
    "--max-words", type=click.IntRange(min=1), default=100, show_default=True,
    help="Word budget: summaries are made for it and cut to it before scoring (ROUGE -l).",
)
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="markdown", show_default=True,
    help="Report format.",
)
@click.option(
    "--out", type=click.Path(file_okay=False, writable=True), default=None,
    help="Directory for report.json, the report in --format, and the summary cache that "
    "makes a rerun resume where a stopped run left off. Without it the report is printed.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap resampling.")
@click.option(
    "--resamples", type=click.IntRange(min=100), default=1000, show_default=True,
    help="Bootstrap resamples for the intervals and the paired test.",
)
def eval_command(
    dataset: str, models: tuple[str, ...], max_words: int, fmt: str, out: str | None,
    seed: int, resamples: int,
) -> None:
    """Score summarizers on DATASET with ROUGE-1/2/L/Lsum and 95% bootstrap intervals.

    DATASET is a directory docs/<event>/<document> + references/<event>/<reference> (the DUC
    layout; plain text or raw SGML newswire), a JSONL file of {"id", "documents",
    "references"} (documents may be one string joined by ||||| as in Multi-News), or a
    Multi-News .src file next to its .tgt. Each event's documents are summarized as one event.
    """
    from summarize.evaluate.datasets import DatasetError, load_dataset
    from summarize.evaluate.report import build_report, render_report
    from summarize.evaluate.runner import run_evaluation
    from summarize.fuse import ModelUnavailable

    if len(set(models)) != len(models):
        raise click.BadParameter("each model may be named only once", param_hint="--model")
    try:
        data = load_dataset(dataset)
    except DatasetError as exc:
        raise click.UsageError(str(exc)) from None
    for item in data.skipped:
        report_skip(item)
    if not data.events:
        raise click.UsageError(f"{dataset}: no event with both documents and references")

    out_dir = Path(out) if out else None
    try:
        results = run_evaluation(
            data, models, max_words, load=_load, cache_dir=out_dir / "cache" if out_dir else None
        )
        report = build_report(data, results, max_words=max_words, seed=seed, resamples=resamples)
        text = render_report(report, fmt)
    except (ModelUnavailable, RuntimeError, OSError, ValueError) as exc:  # a model cannot load or run
        click.echo(f"summarize: evaluation failed: {exc}", err=True)
        raise SystemExit(1) from None
    if out_dir is None:
        click.echo(text, nl=False)
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [out_dir / "report.json"]
    written[0].write_text(render_report(report, "json"), encoding="utf-8")
    if fmt != "json":
        written.append(out_dir / f"report.{REPORT_SUFFIX[fmt]}")
        written[-1].write_text(text, encoding="utf-8")
    click.echo(f"summarize: wrote {', '.join(map(str, written))}", err=True)
