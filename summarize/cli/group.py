"""`summarize group`: which articles report the same happening."""

from __future__ import annotations

import click

from summarize.cli.common import emit, format_option, out_option, read_inputs
from summarize.pipeline import build_events
from summarize.render import render


@click.command()
@click.argument("paths", nargs=-1, required=True)
@format_option(choices=("text", "json", "markdown", "html"))
@out_option
def group(paths: tuple[str, ...], format: str, out: str | None) -> None:
    """Group the articles in PATH... into events (no summaries).

    PATH is a file (.txt .md .html .json .jsonl, or raw newswire), a directory (read
    recursively) or - for standard input. Near-copies of one story are listed once per event.
    """
    corpus = read_inputs(paths)
    events = build_events(corpus.articles)
    emit(render(format, events, None, corpus.skipped), out)
