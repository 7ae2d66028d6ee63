"""`summarize eval`: ROUGE of one or more summarizers on a dataset, with intervals."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import click

from summarize.cli.common import (
    TerminalProgress,
    check_model,
    engine_options,
    start_engine,
    fail,
    load_summarizer,
    max_words_option,
    model_options,
    report_skip,
    say,
    summarizer_options,
)
from summarize.evaluate.report import FORMATS


@click.command("eval")
@click.argument("dataset", type=click.Path(exists=True))
@model_options(
    default="extractive", fallback=False, multiple=True,
    model_help="A summarizer to evaluate; repeat to compare (each is tested against the "
    "first). 'oracle' is the greedy extractive upper bound against the references. ",
)
@max_words_option
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="markdown", show_default=True,
    help="Report format.",
)
@click.option(
    "--out", type=click.Path(file_okay=False, writable=True), default=None,
    help="Directory for report.json, the report in --format, and the summary cache that "
    "makes a rerun resume where a stopped run left off. Without it the report is printed.",
)
@engine_options
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap resampling.")
@click.option(
    "--resamples", type=click.IntRange(min=100), default=1000, show_default=True,
    help="Bootstrap resamples for the intervals and the paired test.",
)
def eval_command(
    dataset: str, models: tuple[str, ...], device: str, endpoint: str | None, quantize: bool, dtype: str,
    max_words: int, fmt: str, out: str | None, engine: str, ray_address: str | None, seed: int,
    resamples: int,
) -> None:
    """Score summarizers on DATASET with ROUGE-1/2/L/Lsum and 95% bootstrap intervals.

    DATASET is a directory docs/<event>/<document> + references/<event>/<reference> (the DUC
    layout; plain text or raw SGML newswire), a JSONL file of {"id", "documents",
    "references"} (documents may be one string joined by ||||| as in Multi-News), or a
    Multi-News .src file next to its .tgt. Each event's documents are summarized as one event.
    """
    from summarize.evaluate.datasets import DatasetError, load_dataset
    from summarize.evaluate.report import build_report, render_report, report_cache, write_report
    from summarize.evaluate.runner import run_evaluation
    from summarize.fuse.loading import ModelUnavailable

    if len(set(models)) != len(models):
        raise click.BadParameter("each model may be named only once", param_hint="--model")
    options = summarizer_options(device, dtype, quantize, endpoint)
    try:
        data = load_dataset(dataset)
    except DatasetError as exc:
        raise click.UsageError(str(exc)) from None
    for item in data.skipped:
        report_skip(item)
    if not data.events:
        raise click.UsageError(f"{dataset}: no event with both documents and references")

    out_dir = Path(out) if out else None
    for model in models:
        check_model(model, references=True)
    workers = start_engine(engine, ray_address)
    try:
        results = run_evaluation(
            data, models, max_words, load=partial(load_summarizer, options=options, references=True),
            cache_dir=report_cache(out_dir) if out_dir else None, on_progress=TerminalProgress(),
            engine=workers, options=options,
        )
        report = build_report(data, results, max_words=max_words, seed=seed, resamples=resamples)
        if out_dir is None:
            click.echo(render_report(report, fmt), nl=False)
            return
        written = write_report(report, out_dir, fmt)
    except (ModelUnavailable, RuntimeError, OSError, ValueError) as exc:  # a model cannot run, a report cannot be written
        fail(f"evaluation failed: {exc}")
    finally:
        workers.close()
    say(f"wrote {', '.join(map(str, written))}")
