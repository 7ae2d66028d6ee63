"""Configuration: one resolution order, option > environment (SUMMARIZE_*) > config file >
code default. (A model card holds its model's own generation settings; it is not a layer of
the command's settings.)

The config file is TOML with one table per command, e.g.

    [run]
    model = "distilbart-cnn-12-6"
    max_words = 120

    [digest]
    to = ["news@example.org"]
    smtp_host = "smtp.example.org"

It is read from --config, else $SUMMARIZE_CONFIG, else ~/.config/summarize/config.toml.
The file's tables become click's `default_map`, so click itself applies the order
option > environment > file > default. Unknown tables and keys are errors (summarize.cli).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

ENV_CONFIG = "SUMMARIZE_CONFIG"


class ConfigError(Exception):
    """The config file cannot be used; the message names the file and the problem."""


def config_path(explicit: str | None = None) -> Path | None:
    """The config file to read, or None when there is none."""
    if explicit:
        return Path(explicit)
    if os.environ.get(ENV_CONFIG):
        return Path(os.environ[ENV_CONFIG])
    home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    default = home / "summarize" / "config.toml"
    return default if default.is_file() else None


def load_config(path: Path | None) -> dict[str, dict]:
    """The config file as {command: {option_name: value}} (empty when there is no file)."""
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    out: dict[str, dict] = {}
    for command, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [{command}] must be a table of options")
        out[command] = {key.replace("-", "_"): value for key, value in table.items()}
    return out
