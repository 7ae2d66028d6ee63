"""eval/bench_fuse.py runs end to end (a 2-layer model): on the CPU always, on CUDA when there."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "eval" / "bench_fuse.py"


def bench():
    spec = importlib.util.spec_from_file_location("bench_fuse", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(capsys, *args) -> str:
    code = bench().main(["--tiny", "--events", "3", "--input-tokens", "128",
                         "--output-tokens", "8", "--min-ratio", "0", *args])
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def test_bench_on_the_cpu_times_fp32_int8_and_bf16(capsys):
    out = run(capsys, "--threads", "1")
    for label in ("naive loop (per event, fp32)", "batched fp32", "batched int8 (ours on a CPU)",
                  "batched bf16"):
        assert f"| {label} | " in out
    assert "| path | seconds | events/s | tokens/s | vs naive |" in out


@pytest.mark.skipif("not __import__('torch').cuda.is_available()", reason="no CUDA device")
def test_bench_on_cuda(capsys):
    out = run(capsys, "--device", "cuda")
    assert "| batched bf16 | " in out and "int8" not in out
