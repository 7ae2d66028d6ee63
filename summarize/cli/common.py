"""Pieces shared by the commands: reading input with skip reports, writing output."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from summarize.pipeline import Corpus, read_corpus
from summarize.records import Skipped
from summarize.render import RENDERERS


def report_skip(item: Skipped) -> None:
    click.echo(f"summarize: skipped {item.path}: {item.reason}", err=True)


def read_inputs(paths: Sequence[str]) -> Corpus:
    """Read and clean `paths`; exit 2 when nothing usable was given."""
    corpus = read_corpus(paths, on_skip=report_skip)
    if not corpus.articles:
        raise click.UsageError(
            "no usable articles in the input"
            + (f" ({len(corpus.skipped)} skipped, reasons above)" if corpus.skipped else ""),
        )
    return corpus


def format_option(choices: Sequence[str] = tuple(RENDERERS), default: str = "text"):
    return click.option(
        "--format", "format", type=click.Choice(list(choices)), default=default,
        envvar="SUMMARIZE_FORMAT", show_default=True, help="Output format.",
    )


out_option = click.option(
    "--out", "out", type=click.Path(dir_okay=False, writable=True), default=None,
    help="Write the output to FILE instead of standard output.",
)


def emit(text: str, out: str | None) -> None:
    """Print `text`, or write it to `out` and say where it went."""
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        Path(out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.UsageError(f"cannot write --out {out}: {exc.strerror or exc}") from None
    click.echo(f"summarize: wrote {out}", err=True)
