"""`summarize run`: one summary per event."""

from __future__ import annotations

import click

from summarize.cli.common import (
    TerminalProgress,
    check_model,
    check_out,
    emit,
    engine_options,
    fail,
    fetch_options,
    format_option,
    max_words_option,
    model_options,
    out_option,
    read_inputs,
    say_guard,
    start_engine,
    summarizer_on,
    summarizer_options,
)
from summarize.fuse.loading import ModelUnavailable
from summarize.pipeline import build_events, split_corpus, summarize_events
from summarize.render import render


@click.command()
@click.argument("paths", nargs=-1, required=True)
@model_options()
@max_words_option
@click.option("--one-event", is_flag=True, help="Treat all inputs as one event (skip grouping).")
@format_option()
@out_option
@fetch_options
@engine_options
def run(
    paths: tuple[str, ...], model: str, device: str, endpoint: str | None, quantize: bool, dtype: str,
    fallback: str | None, max_words: int, one_event: bool, format: str, out: str | None,
    cache_dir: str | None, refresh: bool, engine: str, ray_address: str | None,
) -> None:
    """Summarize the articles in PATH...: group them into events, one summary each.

    PATH is a file (.txt .md .html .json .jsonl, raw newswire, an RSS/Atom feed or an OPML
    list of feeds), a directory (read recursively), an http(s) URL of a page, a feed or an
    OPML list, or - for standard input. Inputs that cannot be used are skipped with a reason
    on stderr and in the output.
    """
    check_out(out)
    check_model(model)
    options = summarizer_options(device, dtype, quantize, endpoint, fallback)
    workers = start_engine(engine, ray_address)
    try:
        corpus = read_inputs(paths, cache_dir, refresh, workers)
        summarizer = summarizer_on(workers, model, options, fallback_hint=True)
        sentences = split_corpus(corpus.articles, workers)
        events = build_events(corpus.articles, sentences, one_event=one_event)
        try:
            summaries = summarize_events(
                events, sentences, summarizer, max_words, on_progress=TerminalProgress(), engine=workers,
            )
        except ModelUnavailable as exc:  # a served model that failed mid-run (timeout, 401, ...)
            fail(str(exc))
    finally:
        workers.close()
    say_guard(summaries)
    emit(render(format, events, summaries, corpus.skipped), out)
