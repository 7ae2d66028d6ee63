"""`summarize group`: which articles report the same happening."""

from __future__ import annotations

import click

from summarize.cli.common import check_out, emit, fetch_options, format_option, out_option, read_inputs
from summarize.pipeline import build_events, split_corpus
from summarize.render import RENDERERS, render


@click.command()
@click.argument("paths", nargs=-1, required=True)
@format_option(choices=tuple(RENDERERS))
@out_option
@fetch_options
def group(paths: tuple[str, ...], format: str, out: str | None, cache_dir: str | None,
          refresh: bool) -> None:
    """Group the articles in PATH... into events (no summaries).

    PATH is a file (.txt .md .html .json .jsonl, raw newswire, a feed or an OPML list), a
    directory (read recursively), an http(s) URL of a page, a feed or an OPML list, or - for
    standard input. Near-copies of one story are listed once per event.
    """
    check_out(out)
    corpus = read_inputs(paths, cache_dir, refresh)
    events = build_events(corpus.articles, split_corpus(corpus.articles))
    emit(render(format, events, None, corpus.skipped), out)
