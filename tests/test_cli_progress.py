"""Progress on a terminal, silence when piped: `summarize run` and `summarize eval` in a real
process whose stderr is a pseudo-terminal (or a pipe)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

SUMMARIZE = str(Path(sys.executable).with_name("summarize"))
ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}
SAMPLE = Path(__file__).resolve().parents[1] / "eval" / "sample"


ROOT = Path(__file__).resolve().parents[1]


def on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Exit code and everything the process wrote to its terminal stderr."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([SUMMARIZE, *args], stdout=subprocess.DEVNULL, stderr=terminal, env=ENV,
                               cwd=ROOT)
    os.close(terminal)
    seen = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the process closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(controller)
    return process.wait(), seen.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "args, stages",
    [
        (["run", "examples", "--model", "extractive"], ["ranking: ", "summarizing (extractive): "]),
        (["eval", str(SAMPLE), "--model", "lead"], ["evaluating lead: "]),
    ],
)
def test_progress_lines_on_a_terminal_and_none_when_piped(args, stages):
    code, terminal = on_a_terminal(args)
    assert code == 0, terminal
    for stage in stages:
        assert stage in terminal, terminal
    assert "\r" in terminal  # one line per stage, redrawn in place
    piped = subprocess.run([SUMMARIZE, *args], capture_output=True, env=ENV, text=True, cwd=ROOT)
    assert piped.returncode == 0
    assert not any(stage in piped.stderr for stage in stages)
