"""The `summarize` command line: a thin layer that parses options and calls the library.

Each command lives in its own module, listed in COMMANDS and imported only when used.
"""

from __future__ import annotations

import difflib
import importlib
import os
import sys

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
    built-in default.
    """
    path = config_path(config_file)
    try:
        config = load_config(path)
        check_config(ctx, config, path)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    ctx.default_map = config


def check_config(ctx: click.Context, config: dict[str, dict], path) -> None:
    """Every table names a command and every key one of its options: a typo must not fall
    back silently to a default."""
    group = ctx.command
    for table, values in config.items():
        if table not in COMMANDS:
            tables = ", ".join(f"[{name}]" for name in COMMANDS)
            raise ConfigError(f"{path}: unknown table [{table}] (the tables are {tables})")
        command = group.get_command(ctx, table)
        known = [p.name for p in command.params if isinstance(p, click.Option) and p.name]
        for key in values:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            if "pass" in key or "user" in key:
                hint = (" (SMTP credentials are read only from SUMMARIZE_SMTP_USER and "
                        "SUMMARIZE_SMTP_PASSWORD)")
            raise ConfigError(f"{path}: unknown key {key!r} in [{table}]{hint}")


def hoist_config(args: list[str]) -> list[str]:
    """`--config FILE` may be given after the command too (`summarize run x --config c.toml`):
    it is moved to the front, where the group reads it before the command's defaults."""
    for k, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--config" and k + 1 < len(args):
            return [arg, args[k + 1], *args[:k], *args[k + 2:]]
        if arg.startswith("--config="):
            return [arg, *args[:k], *args[k + 1:]]
    return args


def _blame_the_environment(exc: click.BadParameter) -> None:
    """A bad value that came from SUMMARIZE_* is named as the environment variable it is."""
    from click.core import ParameterSource

    param, ctx = exc.param, exc.ctx
    if param is None or ctx is None or not isinstance(param, click.Option) or not param.envvar:
        return
    if ctx.get_parameter_source(param.name) == ParameterSource.ENVIRONMENT:
        envvar = param.envvar if isinstance(param.envvar, str) else param.envvar[0]
        exc.param_hint = f"environment variable {envvar}"


def main() -> None:
    # Download and loading bars of the hub libraries only on a terminal; set before they load.
    if not sys.stderr.isatty():
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        code = cli.main(args=hoist_config(sys.argv[1:]), prog_name="summarize", standalone_mode=False)
    except click.BadParameter as exc:
        _blame_the_environment(exc)
        exc.show()
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        # Ctrl-C: outputs are written atomically, so nothing half-written is left behind.
        click.echo("\nsummarize: interrupted (no output file is left half-written)", err=True)
        code = 130
    except BrokenPipeError:  # `summarize run ... | head`: the reader left
        sys.stderr.close()
        code = 1
    sys.exit(code if isinstance(code, int) else 0)
