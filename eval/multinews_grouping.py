"""Grouping quality on the Multi-News development set mixed together (gold event = folder):
B-cubed P/R/F1 of `summarize.group.group_articles` on the articles `read_corpus` keeps (pages
that are not articles are skipped), and beside it, in the same run, the plain baseline:
TF-IDF (English stop words, sublinear tf) + average-link clustering on the full cosine
matrix, at its best threshold over a sweep (an oracle choice, which flatters it).

    .venv/bin/python eval/multinews_grouping.py [../shared/data/multinews-val/docs]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from duc_grouping import bcubed  # noqa: E402

DEFAULT_DOCS = ROOT.parent / "shared" / "data" / "multinews-val" / "docs"


def baseline(articles, threshold: float) -> list[int]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{a.title}\n{a.text}" for a in articles]
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    distance = 1 - (x @ x.T).toarray()
    return AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1 - threshold
    ).fit_predict(distance).tolist()


def main() -> int:
    from summarize.group import group_articles
    from summarize.pipeline import read_corpus

    docs = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DOCS
    corpus = read_corpus([str(docs)])
    articles = corpus.articles
    gold = [a.id.split("/", 1)[0] for a in articles]
    events = group_articles(articles)
    event_of = {a.id: e.id for e in events for a in e.articles}
    p, r, f = bcubed([event_of[a.id] for a in articles], gold)
    print(f"{len(articles)} articles kept, {len(corpus.skipped)} skipped -> {len(events)} events")
    print(f"ours: B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f}")
    best = max((bcubed(baseline(articles, t / 100), gold)[2], t / 100) for t in range(4, 40, 2))
    print(f"baseline TF-IDF average link, best threshold {best[1]:.2f}: F1 {best[0]:.3f}")
    bad = [e.title for e in events if e.title.endswith(("…", "..."))]
    print(f"titles ending with an ellipsis: {len(bad)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
