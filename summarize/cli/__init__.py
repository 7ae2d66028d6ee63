"""The `summarize` command line: a thin layer that parses options and calls the library.

Each command lives in its own module, listed in COMMANDS and imported only when used.
"""

from __future__ import annotations

import importlib

import click

from summarize import __version__
from summarize.config import ConfigError, config_path, load_config

# name -> "module:attribute" of the click command
COMMANDS = {
    "run": "summarize.cli.run:run",
    "group": "summarize.cli.group:group",
    "eval": "summarize.cli.eval:eval_command",
    "digest": "summarize.cli.digest:digest",
    "models": "summarize.cli.models:models",
}


class LazyGroup(click.Group):
    """A click group whose commands are imported on first use (fast --help, no heavy imports)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attribute = target.split(":")
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="summarize")
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), default=None,
    help="TOML config file (default: $SUMMARIZE_CONFIG, else ~/.config/summarize/config.toml).",
)
@click.pass_context
def cli(ctx: click.Context, config_file: str | None) -> None:
    """Summarize news: group related articles into events and write one summary per event.

    \b
    Quick start:
      summarize run examples/                 summaries of every event found
      summarize group examples/ --format json which articles form which event
      summarize eval eval/sample --model extractive --model lead
      summarize models                        known models and what is cached

    Settings resolve as: command-line option > SUMMARIZE_* environment > config file >
    model card > built-in default.
    """
    try:
        ctx.default_map = load_config(config_path(config_file))
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def main() -> None:
    cli(prog_name="summarize")
