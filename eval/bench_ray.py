"""Fusion throughput on Ray: a real-size (random-weight) distilbart fusing the same events on
the local engine and on a local Ray with 1 and with 2 workers, in one run (ratios to local).

Every configuration loads the checkpoint from the same directory through the hub loading
path; outputs are checked to be identical to the local engine's. Each Ray worker uses one
torch thread; the local engine uses as many threads as workers in the widest Ray run, so
the comparison is at equal cores.
    .venv/bin/python eval/bench_ray.py --events 8 --output-tokens 30
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_fuse, beside this script
from bench_fuse import DISTILBART, position_inputs, synthetic_events  # noqa: E402


def build_checkpoint(folder: Path, events, input_tokens: int, output_tokens: int) -> None:
    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    from summarize.testing.tiny_models import bpe_tokenizer

    torch.manual_seed(0)
    tokenizer = bpe_tokenizer([], texts=[a.text for e in events for a in e.articles],
                              vocab_size=DISTILBART["vocab_size"], model_max_length=input_tokens)
    shape = {**DISTILBART, "min_length": output_tokens, "max_length": output_tokens}
    BartForConditionalGeneration(BartConfig(**shape)).save_pretrained(folder)
    tokenizer.save_pretrained(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=8)
    parser.add_argument("--input-tokens", type=int, default=512)
    parser.add_argument("--output-tokens", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    import ray
    import torch

    from summarize.engine import LOCAL, RemoteSummarizer
    from summarize.ray_engine import RayEngine
    from summarize.registry import resolve
    from summarize.summarizer import SummarizerOptions

    os.environ["HF_HUB_OFFLINE"] = "1"
    events = synthetic_events(args.events, np.random.default_rng(0))
    inputs = position_inputs(events)
    max_words = args.output_tokens // 2
    options = SummarizerOptions(device="cpu")
    rows: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "distilbart-random"
        build_checkpoint(folder, events, args.input_tokens, args.output_tokens)
        torch.set_num_threads(args.workers)
        local = resolve(str(folder), options)
        local(inputs[:1], max_words)  # warm-up outside the timing
        start = time.perf_counter()
        expected = local(inputs, max_words)
        rows[f"local engine ({args.workers} threads)"] = time.perf_counter() - start
        for workers in sorted({1, args.workers}):
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False,
                     configure_logging=False, runtime_env={"env_vars": {"OMP_NUM_THREADS": "1"}})
            engine = RayEngine()
            remote = RemoteSummarizer(str(folder), options, engine, chunk=max(1, len(inputs) // (2 * workers)))
            remote(inputs[: workers], max_words)  # each worker loads the model once
            start = time.perf_counter()
            got = remote(inputs, max_words)
            rows[f"ray, {workers} worker{'s' * (workers > 1)}"] = time.perf_counter() - start
            assert [replace(s) for s in got] == expected, "Ray changed a summary"
            engine.close()
            ray.shutdown()
    base = rows[f"local engine ({args.workers} threads)"]
    print(f"{len(events)} events, {args.output_tokens} output tokens, distilbart-size random weights")
    print(f"{'engine':28} {'seconds':>8} {'events/s':>9} {'x local':>8}")
    for name, seconds in rows.items():
        print(f"{name:28} {seconds:8.1f} {len(events) / seconds:9.2f} {base / seconds:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
