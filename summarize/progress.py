"""Progress reporting: the library calls a `Progress` callback; the CLI decides how to show it
(a bar on a terminal, nothing when piped). The library never draws or checks a terminal."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Told `done` of `total` items of a stage are finished (called with 0 when it starts)."""

    def __call__(self, stage: str, done: int, total: int) -> None: ...


def no_progress(stage: str, done: int, total: int) -> None:
    """The default: report nothing."""
