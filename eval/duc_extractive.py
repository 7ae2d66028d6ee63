"""The extractive summarizer on DUC 2004 task 2: ROUGE against LexRank, and speed.

Scoring is `summarize eval`'s (summarize.evaluate): each event's documents summarized as one
event, every summary cut to its first 100 words, ROUGE-1/2 recall with Porter stemming
(rouge-score), counts pooled over the 4 references (ROUGE-1.5.5 `-f A`), mean over events.
Three summarizers, in one run:

* `extractive`: what `summarize run --model extractive` prints, within the word budget;
* `extractive+overflow`: the same selection plus the next-ranked sentence, which the
  100-word cut then shortens (the budget filled to the last word, as DUC systems did);
* `lexrank`: sumy's LexRank (summarize.baselines), filled the same way past the budget.

Speed: all the DUC documents read and cleaned, then grouped into events, ranked and
summarized extractively (what `summarize run DOCS --model extractive` does), timed from the
grouping on; LexRank over the same events is timed as the baseline.

    .venv/bin/python eval/duc_extractive.py [../shared/data/duc2004] [--max-words 100]
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path

DEFAULT_DATASET = Path(__file__).resolve().parents[2] / "shared" / "data" / "duc2004"
# Published DUC 2004 ROUGE recall (Hong et al., 2014, "A Repository of State of the Art and
# Competitive Baseline Summaries for Generic News Summarization", LREC).
PUBLISHED = {"ICSISumm": (0.3841, 0.0978), "Submodular": (0.3918, 0.0935), "LexRank": (0.3595, 0.0747)}
TARGET = {"rouge1": 0.392, "rouge2": 0.098}
LEAD_OVER_LEXRANK = 0.015


def _summarizer(name: str):
    from summarize.extractive import ExtractiveSummarizer
    from summarize.registry import entries

    if name == "extractive+overflow":
        return ExtractiveSummarizer(overflow=True)
    return entries()[name].factory()


def score(dataset: Path, max_words: int) -> dict[str, dict[str, float]]:
    """Mean ROUGE-1/2 recall and summarizing seconds per summarizer."""
    from summarize.evaluate.datasets import load_dataset
    from summarize.evaluate.runner import run_evaluation

    data = load_dataset(dataset)
    results = run_evaluation(
        data, ["extractive", "extractive+overflow", "lexrank"], max_words,
        load=_summarizer, progress=False,
    )
    return {
        r.model: {
            "rouge1": sum(e.scores["rouge1"].recall for e in r.events) / len(r.events),
            "rouge2": sum(e.scores["rouge2"].recall for e in r.events) / len(r.events),
            "events": len(r.events),
            "seconds": r.seconds,
        }
        for r in results
    }


def speed(docs: Path, max_words: int) -> dict[str, float]:
    """Seconds to group, rank and summarize all of `docs` (extractive and LexRank)."""
    from summarize.pipeline import (
        build_events,
        read_corpus,
        split_corpus,
        summarize_events,
    )

    corpus = read_corpus([str(docs)])
    start = time.perf_counter()
    events = build_events(corpus.articles)
    sentences = split_corpus(corpus.articles)
    summarize_events(events, sentences, _summarizer("extractive"), max_words)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    summarize_events(events, sentences, _summarizer("lexrank"), max_words)
    return {
        "articles": len(corpus.articles), "events": len(events),
        "extractive": ours, "lexrank": time.perf_counter() - start,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--max-words", type=int, default=100)
    args = parser.parse_args(argv)
    if not (args.dataset / "docs").is_dir():
        print(f"{args.dataset}: no docs/ directory (DUC layout expected)", file=sys.stderr)
        return 2
    print("$", shlex.join([Path(sys.executable).name, *sys.argv]))
    scores = score(args.dataset, args.max_words)
    print(f"\nDUC 2004, {scores['extractive']['events']} events, ROUGE recall, summaries cut to {args.max_words} words")
    print(f"{'summarizer':<22}{'ROUGE-1':>9}{'ROUGE-2':>9}{'seconds':>9}")
    for name, row in scores.items():
        print(f"{name:<22}{row['rouge1']:>9.4f}{row['rouge2']:>9.4f}{row['seconds']:>9.1f}")
    for name, (r1, r2) in PUBLISHED.items():
        print(f"{name + ' (published)':<22}{r1:>9.4f}{r2:>9.4f}")
    lexrank = scores["lexrank"]["rouge2"]
    print()
    for name in ("extractive", "extractive+overflow"):
        row = scores[name]
        checks = [
            f"ROUGE-1 {row['rouge1']:.4f} {'>=' if row['rouge1'] >= TARGET['rouge1'] else '<'} {TARGET['rouge1']}",
            f"ROUGE-2 {row['rouge2']:.4f} {'>=' if row['rouge2'] >= TARGET['rouge2'] else '<'} {TARGET['rouge2']}",
            f"ROUGE-2 over LexRank {row['rouge2'] - lexrank:+.4f} (needs {LEAD_OVER_LEXRANK:+.3f})",
        ]
        print(f"{name}: " + "; ".join(checks))
    timing = speed(args.dataset / "docs", args.max_words)
    print(
        f"\nspeed: {timing['articles']} articles grouped into {timing['events']} events and "
        f"summarized in {timing['extractive']:.1f} s (extractive, grouping included); "
        f"LexRank on the same events {timing['lexrank']:.1f} s "
        f"(ratio {timing['extractive'] / timing['lexrank']:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
