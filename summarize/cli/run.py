"""`summarize run`: one summary per event."""

from __future__ import annotations

import click

from summarize.cli.common import emit, format_option, out_option, read_inputs
from summarize.pipeline import build_events, split_corpus, summarize_events
from summarize.render import render


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--model", default="auto", envvar="SUMMARIZE_MODEL", show_default=True,
    help="'extractive', a model card name (see `summarize models`), a Hugging Face hub id or a "
    "local model directory. 'auto' uses the default card when its weights are available, "
    "else the extractive summarizer.",
)
@click.option(
    "--max-words", type=click.IntRange(min=10), default=100, envvar="SUMMARIZE_MAX_WORDS",
    show_default=True, help="Word budget per event summary.",
)
@click.option("--one-event", is_flag=True, help="Treat all inputs as one event (skip grouping).")
@click.option(
    "--fallback", type=click.Choice(["extractive"]), default=None, envvar="SUMMARIZE_FALLBACK",
    help="If the model cannot be loaded, use the extractive summary instead of failing.",
)
@click.option(
    "--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
    envvar="SUMMARIZE_DEVICE", help="Where the fusion model runs.",
)
@click.option("--quantize", is_flag=True, help="int8 dynamic quantization of the model (CPU).")
@click.option(
    "--dtype", type=click.Choice(["float32", "bfloat16"]), default="float32", show_default=True,
    help="Model weights' precision.",
)
@format_option()
@out_option
def run(
    paths: tuple[str, ...], model: str, max_words: int, one_event: bool, fallback: str | None,
    device: str, quantize: bool, dtype: str, format: str, out: str | None,
) -> None:
    """Summarize the articles in PATH...: group them into events, one summary each.

    PATH is a file (.txt .md .html .json .jsonl, or raw newswire), a directory (read
    recursively) or - for standard input. Inputs that cannot be used are skipped with a
    reason on stderr and in the output.
    """
    from summarize.fuse import ModelUnavailable, load_summarizer

    corpus = read_inputs(paths)
    try:
        summarizer = load_summarizer(
            model, fallback=fallback, device=device, quantize=quantize, dtype=dtype,
            on_notice=lambda message: click.echo(f"summarize: {message}", err=True),
        )
    except ModelUnavailable as exc:
        click.echo(f"summarize: {exc}", err=True)
        raise SystemExit(1) from None
    events = build_events(corpus.articles, one_event=one_event)
    summaries = summarize_events(events, split_corpus(corpus.articles), summarizer, max_words)
    emit(render(format, events, summaries, corpus.skipped), out)
