"""Hostile-input benchmark: time and peak memory of `summarize run` on inputs that used to
cost minutes and gigabytes, against an ordinary run measured in the same session (ratios).

* one-line article: a single 10 MB line of sentences (under the 10 MB file limit);
* huge event: 100,000 sentences in 200 articles of one event (`--one-event`);
* hostile folder: every bad input of tests/test_ingest_hostile.py's kinds beside good ones.

Each run is a fresh `summarize` process; peak memory is its maximum resident set size.
    .venv/bin/python eval/bench_hostile.py
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ("council harbour tram line vote budget mayor river flood rescue school teachers bridge "
         "repairs storm police minister talks energy trade valley crews shelters power").split()


def sentences(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
        out.append(" ".join(words).capitalize() + ".")
    return out


def run(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of one summarize process (its own rusage, via wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("summarize")), "run", *args, "--model", "extractive",
         "--format", "json"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, process.returncode


def main() -> int:
    rng = random.Random(18)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ordinary = root / "ordinary"
        ordinary.mkdir()
        for k in range(5):
            (ordinary / f"{k}.txt").write_text(" ".join(sentences(rng, 30)))
        big = root / "one-line.txt"
        text = ""
        while len(text) < 9_900_000:
            text += " ".join(sentences(rng, 2000)) + " "
        big.write_text(text[:9_900_000].rsplit(" ", 1)[0])
        huge = root / "huge"
        huge.mkdir()
        for k in range(200):
            (huge / f"{k}.txt").write_text("\n".join(sentences(rng, 500)))
        hostile = root / "hostile"
        hostile.mkdir()
        (hostile / "good.txt").write_text(" ".join(sentences(rng, 10)))
        (hostile / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
        (hostile / "dots.txt").write_text("." * 1_000_000)
        (hostile / "brackets.md").write_text("[" * 1_000_000)
        (hostile / "docs.sgml").write_text("<DOC>" * 200_000)
        os.mkfifo(hostile / "pipe.txt")
        rows = [("ordinary (5 articles)", [str(ordinary)]), ("one-line 9.9 MB article", [str(big)]),
                ("100,000-sentence event", [str(huge), "--one-event"]),
                ("hostile folder", [str(hostile)])]
        results = {}
        for name, args in rows:
            results[name] = run(args)
    base_s, base_mb, _ = results["ordinary (5 articles)"]
    print(f"{'input':28} {'seconds':>8} {'x base':>7} {'peak MB':>8} {'x base':>7} exit")
    for name, (seconds, mb, code) in results.items():
        print(f"{name:28} {seconds:8.1f} {seconds / base_s:7.1f} {mb:8.0f} {mb / base_mb:7.1f} {code:4d}")
    print(json.dumps({k: {"seconds": round(v[0], 1), "peak_mb": round(v[1])} for k, v in results.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
