"""Pieces shared by the commands: reading input with skip reports, the summarizer options,
the word budget, progress on a terminal, and writing output."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

import click

from summarize.engine import ENGINES, LOCAL, Engine, RemoteSummarizer, open_engine
from summarize.files import write_atomic
from summarize.pipeline import Corpus, read_corpus
from summarize.records import Skipped, Summary
from summarize.render import RENDERERS
from summarize.summarizer import (
    DEFAULT_MAX_WORDS,
    DEVICES,
    DTYPES,
    FALLBACKS,
    MIN_MAX_WORDS,
    Summarizer,
    SummarizerOptions,
)


def say(message: str) -> None:
    """A one-line message for the operator, on stderr."""
    click.echo(f"summarize: {message}", err=True)


def say_guard(summaries: Sequence[Summary]) -> None:
    """The run's one line on the faithfulness guard, when a model wrote any sentence."""
    from summarize.fuse.guard import describe_guard, guard_counts
    from summarize.render.view import count

    counts = guard_counts(s.origin for summary in summaries for s in summary.sentences)
    if counts:
        say(f"faithfulness guard: {describe_guard(counts)}, across {count(len(summaries), 'event')}")


def fail(message: str, code: int = 1) -> NoReturn:
    say(message)
    raise SystemExit(code)


def report_skip(item: Skipped) -> None:
    say(f"skipped {item.path}: {item.reason}")


def fetch_options(command: Callable) -> Callable:
    """--cache-dir and --refresh, for the commands that read PATHs (which may be URLs)."""
    command = click.option(
        "--refresh", is_flag=True,
        help="Fetch every URL again, ignoring the fetch cache (which is still updated).",
    )(command)
    return click.option(
        "--cache-dir", type=click.Path(file_okay=False), default=None, envvar="SUMMARIZE_CACHE_DIR",
        help="Folder of the fetch cache (ETag/Last-Modified per URL, pages already read) "
        "[default: $XDG_CACHE_HOME/summarize].",
    )(command)


def read_inputs(paths: Sequence[str], cache_dir: str | None = None, refresh: bool = False,
                engine: Engine = LOCAL) -> Corpus:
    """Read and clean `paths` (URLs fetched with the fetch options); exit 2 when nothing
    usable was given."""
    from summarize.sources import FetchOptions

    fetch = FetchOptions(cache_dir=Path(cache_dir) if cache_dir else None, refresh=refresh)
    corpus = read_corpus(paths, on_skip=report_skip, fetch=fetch, engine=engine,
                         on_note=lambda message: say(f"note: {message}"), on_progress=TerminalProgress())
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
    help="Write the output to FILE instead of standard output (checked before any work).",
)

max_words_option = click.option(
    "--max-words", type=click.IntRange(min=MIN_MAX_WORDS), default=DEFAULT_MAX_WORDS,
    envvar="SUMMARIZE_MAX_WORDS", show_default=True, help="Word budget per event summary.",
)


def check_out(out: str | None) -> None:
    """Fail at once (exit 2) when `--out` cannot be written, before any work is done."""
    if out is None:
        return
    folder = Path(out).expanduser().parent
    if not folder.is_dir():
        raise click.BadParameter(f"folder {str(folder)!r} does not exist", param_hint="--out")
    if not os.access(folder, os.W_OK):
        raise click.BadParameter(f"folder {str(folder)!r} is not writable", param_hint="--out")


def emit(text: str, out: str | None) -> None:
    """Print `text`, or write it to `out` atomically and say where it went."""
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(Path(out).expanduser(), text)
    except OSError as exc:
        raise click.UsageError(f"cannot write --out {out}: {exc.strerror or exc}") from None
    say(f"wrote {out}")


# --- summarizers --------------------------------------------------------------------------


class ModelOption(click.Option):
    """--model, whose help lists the registered summarizers when it is shown (not at import)."""

    def get_help_record(self, ctx: click.Context):
        from summarize.registry import entries

        record = super().get_help_record(ctx)
        if record is None:
            return None
        names = ", ".join(entries())
        return record[0], record[1].replace("{registered}", names)


def _complete_model(ctx, param, incomplete: str) -> list[str]:
    from summarize.fuse.cards import list_cards
    from summarize.registry import AUTO, entries

    return [n for n in (AUTO, *entries(), *list_cards()) if n.startswith(incomplete)]


def model_options(*, default: str = "auto", fallback: bool = True, multiple: bool = False,
                  model_help: str = ""):
    """--model and --endpoint (and, with `fallback`, --fallback) plus --device, --quantize and
    --dtype."""

    def decorate(command: Callable) -> Callable:
        options = [
            click.option(
                "--model", "models" if multiple else "model", cls=ModelOption,
                multiple=multiple, default=(default,) if multiple else default,
                envvar=None if multiple else "SUMMARIZE_MODEL", show_default=True,
                shell_complete=_complete_model,
                help=(model_help or "") + "A registered summarizer ({registered}), 'auto' (the "
                "default model card when its weights are cached, else extractive), a model card "
                "(`summarize models`), a Hugging Face hub id (owner/name), a local model directory, or "
                "SERVER:NAME for model NAME of an OpenAI-compatible chat server: endpoint:NAME "
                "(the server at --endpoint), ollama:NAME, vllm:NAME, llama-cpp:NAME.",
            ),
            click.option(
                "--endpoint", default=None, envvar="SUMMARIZE_ENDPOINT", metavar="URL",
                help="Base URL of the OpenAI-compatible server a SERVER:NAME model is asked, e.g. "
                "http://localhost:11434/v1 [default: the server card's]. The key, if one is "
                "needed, is read from $SUMMARIZE_API_KEY only.",
            ),
            click.option(
                "--device", type=click.Choice(DEVICES), default="auto", show_default=True,
                envvar="SUMMARIZE_DEVICE", help="Where a fusion model runs.",
            ),
            click.option("--quantize", is_flag=True, help="int8 dynamic quantization of the model (CPU)."),
            click.option(
                "--dtype", type=click.Choice(DTYPES), default="float32", show_default=True,
                envvar="SUMMARIZE_DTYPE", help="A fusion model's weights' precision.",
            ),
        ]
        if fallback:
            options.append(click.option(
                "--fallback", type=click.Choice(FALLBACKS), default=None, envvar="SUMMARIZE_FALLBACK",
                help="If the model cannot be loaded, use the extractive summary instead of failing.",
            ))
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def summarizer_options(
    device: str, dtype: str, quantize: bool, endpoint: str | None, fallback: str | None = None,
) -> SummarizerOptions:
    """The options object, or a usage error (exit 2) naming what does not go together."""
    try:
        return SummarizerOptions(device=device, dtype=dtype, quantize=quantize, fallback=fallback,
                                 endpoint=endpoint)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def check_model(name: str, *, references: bool = False) -> None:
    """Before any work: a summarizer that needs reference summaries is refused (exit 2) by a
    command that has none."""
    from summarize.registry import RegistryError, entries

    try:
        entry = entries().get(name)
    except RegistryError as exc:
        fail(str(exc))
    if entry is not None and entry.needs_references and not references:
        raise click.UsageError(f"{name} compares with reference summaries: use it with `summarize eval`")


def load_summarizer(
    name: str, options: SummarizerOptions, *, references: bool = False, fallback_hint: bool = False
) -> Summarizer:
    """The summarizer `name`; exit 1 with the reason when it cannot be loaded (with
    `fallback_hint`, the message says that --fallback extractive would go on without it)."""
    from summarize.fuse import ModelUnavailable
    from summarize.registry import RegistryError, resolve

    check_model(name, references=references)
    try:
        return resolve(name, options, on_notice=say)
    except ModelUnavailable as exc:
        hint = " Or add --fallback extractive to use the extractive summary instead." if fallback_hint else ""
        fail(f"{exc}{hint}")
    except (RegistryError, RuntimeError) as exc:
        fail(str(exc))


def engine_options(command: Callable) -> Callable:
    """--engine and --ray-address: where the per-article and per-event work runs."""
    command = click.option(
        "--ray-address", default=None, envvar="RAY_ADDRESS",
        help="Ray cluster to run on with --engine ray [default: $RAY_ADDRESS, else a local Ray "
        "started for the run].",
    )(command)
    return click.option(
        "--engine", type=click.Choice(ENGINES), default="local", show_default=True,
        envvar="SUMMARIZE_ENGINE",
        help="local: this process; ray: Ray tasks on a cluster (summarize[ray]), same output.",
    )(command)


def start_engine(name: str, address: str | None) -> Engine:
    """The engine, or a usage error (exit 2) saying how to get it."""
    from summarize.ray_engine import EngineUnavailable

    try:
        return open_engine(name, address)
    except EngineUnavailable as exc:
        raise click.UsageError(str(exc)) from None


def summarizer_on(engine: Engine, name: str, options: SummarizerOptions, *,
                  fallback_hint: bool = False) -> Summarizer:
    """The summarizer `name` for `engine`: loaded here (local), or built by the workers."""
    if engine is LOCAL:
        return load_summarizer(name, options, fallback_hint=fallback_hint)
    from summarize.registry import entries

    check_model(name)
    entry = entries().get(name)
    needs_ranking = bool(getattr(entry.factory, "needs_ranking", True)) if entry else True
    return RemoteSummarizer(name, options, engine, needs_ranking=needs_ranking)


# --- progress -----------------------------------------------------------------------------


class TerminalProgress:
    """A one-line progress display per stage on stderr, with an ETA; silent when stderr is
    not a terminal (piped, cron, CI)."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.active = self.stream.isatty()
        self._started: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.active or total <= 0:
            return
        now = time.monotonic()
        start = self._started.setdefault(stage, now)
        eta = ""
        if 0 < done < total:
            left = (now - start) / done * (total - done)
            eta = f", about {left:.0f} s left"
        end = "\n" if done >= total else ""
        self.stream.write(f"\r\x1b[2K{stage}: {done}/{total}{eta}{end}")
        self.stream.flush()
