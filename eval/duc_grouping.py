"""Grouping quality on DUC 2004: all documents of task 2 mixed together, grouped by
`summarize.group.group_articles`, scored with B-cubed precision, recall and F1 (Bagga &
Baldwin, 1998; Amigó et al., 2009) against the folder each document came from.

The articles are read the way `summarize group DOCS` reads them (ingest + clean), so empty
files are reported as skipped. Some DUC folders hold the same wire story (identical or
near-identical files in two folders); near-copies are kept in one event, so a copy can be
right for one folder only. The script also prints that ceiling: the score of the folder
labels themselves once every near-copy takes the label of the article it copies.

    .venv/bin/python eval/duc_grouping.py [../shared/data/duc2004/docs] [--threshold 0.1]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

DEFAULT_DOCS = Path(__file__).resolve().parents[2] / "shared" / "data" / "duc2004" / "docs"


def bcubed(predicted: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) of a flat clustering; item k is in cluster
    predicted[k] and in class gold[k]."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold must label the same items")
    if not gold:
        raise ValueError("no items to score")
    in_cluster, in_class = Counter(predicted), Counter(gold)
    both = Counter(zip(predicted, gold))
    n = len(gold)
    precision = sum(both[p, g] / in_cluster[p] for p, g in zip(predicted, gold)) / n
    recall = sum(both[p, g] / in_class[g] for p, g in zip(predicted, gold)) / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def folder_of(article_id: str) -> str:
    """The DUC folder (the gold event) of an article id like "d30001t/C1"."""
    return article_id.split("/", 1)[0]


def evaluate(docs: Path, threshold: float | None = None) -> dict:
    """Group the DUC documents under `docs` and score the grouping; returns the figures."""
    from summarize.group import GroupSettings, group_articles
    from summarize.pipeline import read_corpus

    corpus = read_corpus([str(docs)])
    settings = GroupSettings() if threshold is None else GroupSettings(threshold=threshold)
    start = time.perf_counter()
    events = group_articles(corpus.articles, settings)
    seconds = time.perf_counter() - start

    event_of = {a.id: e.id for e in events for a in e.articles}
    copy_of = {d: o for e in events for d, o in e.duplicates}
    ids = [a.id for a in corpus.articles]
    gold = [folder_of(i) for i in ids]
    best_possible = [folder_of(copy_of.get(i, i)) for i in ids]
    return {
        "articles": len(ids),
        "folders": len(set(gold)),
        "skipped": len(corpus.skipped),
        "events": len(events),
        "bcubed": bcubed([event_of[i] for i in ids], gold),
        "ceiling": bcubed(best_possible, gold),
        "near_copies": len(copy_of),
        "cross_folder_copies": sum(folder_of(d) != folder_of(o) for d, o in copy_of.items()),
        "seconds": seconds,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--threshold", type=float, default=None, help="GroupSettings.threshold")
    args = parser.parse_args(argv)
    if not args.docs.is_dir():
        print(f"no DUC docs directory at {args.docs}", file=sys.stderr)
        return 2
    r = evaluate(args.docs, args.threshold)
    p, rec, f1 = r["bcubed"]
    print(f"{r['articles']} articles from {r['folders']} folders ({r['skipped']} skipped) "
          f"-> {r['events']} events in {r['seconds']:.1f} s")
    print(f"B-cubed precision {p:.3f}  recall {rec:.3f}  F1 {f1:.3f}")
    print(f"near-copies {r['near_copies']}, of which across folders {r['cross_folder_copies']}; "
          f"ceiling with copies kept together: F1 {r['ceiling'][2]:.3f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
