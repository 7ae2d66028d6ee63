"""Refit the same-event pair model (summarize/group/same_event.json).

Training pairs come from two sources of real events, read in place: the Multi-News
development set and DUC 2004 (a folder = one event). Articles are read as `summarize group`
reads them, near-copies set aside as the grouping does, and the features are those of
summarize.group.pairs computed the way the grouping computes them. Positives are all pairs
inside one folder, negatives the pairs across folders, both among the pairs whose TF-IDF
cosine reaches `--floor` (the pairs a block can hold: across folders, the most similar
pairs, hence the hard cases: same topic, other happening). Each
source weighs the same and the classes are balanced, so logit 0 means as likely one event as
two. The fit is a plain logistic regression (scikit-learn, L2, C=1). The merge threshold on
the average logit (`--threshold`) is chosen with eval/multinews_grouping.py and
eval/duc_grouping.py (see eval/GROUPING.md) and written beside the weights.

    .venv/bin/python eval/fit_same_event.py [--floor 0.05] [--threshold 1.0] [--write]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SOURCES = {"multinews-val": SHARED / "multinews-val" / "docs", "duc2004": SHARED / "duc2004" / "docs"}
OUT = ROOT / "summarize" / "group" / "same_event.json"
NEIGHBOURS = 10


def pairs_of(docs: Path, floor: float):
    """(features, labels) of the training pairs of one source."""
    from summarize.group.copies import near_copies
    from summarize.group.pairs import PairFeatures
    from summarize.group.settings import DEFAULT
    from summarize.group.vectors import Vectors
    from summarize.pipeline import read_corpus

    articles = sorted(read_corpus([str(docs)]).articles, key=lambda a: a.id)
    vectors = Vectors.fit(articles)
    copy_of = near_copies(articles, vectors, DEFAULT)
    originals = [i for i in range(len(articles)) if i not in copy_of]
    gold = np.array([articles[i].id.split("/", 1)[0] for i in originals])
    x = PairFeatures.of(articles, vectors, NEIGHBOURS, originals).block(np.arange(len(originals)))
    same = gold[:, None] == gold[None, :]
    seen = np.triu(x[..., 0] >= floor, 1)  # the pairs a block can hold
    r, c = np.nonzero(seen)
    return x[r, c], same[r, c].astype(int)


def main() -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from summarize.group.pairs import FEATURES

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--floor", type=float, default=0.05, help="least body cosine of a pair")
    parser.add_argument("--threshold", type=float, default=1.0, help="merge at this average logit")
    parser.add_argument("--write", action="store_true", help=f"write {OUT.name}")
    args = parser.parse_args()
    xs, ys, ws = [], [], []
    for name, docs in SOURCES.items():
        if not docs.is_dir():
            print(f"missing {docs}", file=sys.stderr)
            return 2
        x, y = pairs_of(docs, args.floor)
        print(f"{name}: {int(y.sum())} same-event pairs, {int((1 - y).sum())} hard negatives; "
              f"ROC AUC of body cosine alone {roc_auc_score(y, x[:, 0]):.3f}")
        balance = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
        xs.append(x), ys.append(y), ws.append(balance / len(y))
    x, y, w = np.concatenate(xs), np.concatenate(ys), np.concatenate(ws)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y, sample_weight=w * len(w) / w.sum())
    for name, xx, yy in zip(SOURCES, xs, ys):
        print(f"{name}: ROC AUC of the model {roc_auc_score(yy, model.decision_function(xx)):.3f}")
    weights = [round(float(v), 4) for v in model.coef_[0]]
    bias = round(float(model.intercept_[0]), 4)
    print("weights", dict(zip(FEATURES, weights)), "bias", bias)
    if args.write:
        OUT.write_text(json.dumps({
            "about": "Same-event pair model (summarize.group.pairs); refit with eval/fit_same_event.py",
            "features": list(FEATURES), "weights": weights, "bias": bias,
            "threshold": args.threshold, "neighbours": NEIGHBOURS,
            "pairs": f"all pairs with body cosine >= {args.floor}",
        }, indent=2) + "\n")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
