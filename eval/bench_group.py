"""Grouping at scale: time and peak memory of `summarize.group.group_articles` on a stream of
20,000 articles, against a plain baseline measured in the same run.

The stream is built from the DUC 2004 documents (read in place, never copied): each article
draws 6-15 sentences from one DUC folder's documents, in random order, with 3% of its words
dropped; one article in ten is a syndicated near-copy of an earlier one (last sentence cut,
2% of words dropped). Articles of one folder are published within two days of each other.
The folder is the article's gold event.

Baseline: TF-IDF (the same settings: English stop words, sublinear tf) and scikit-learn's
AgglomerativeClustering, average link on the full cosine distance matrix, cut at the same
threshold. Its matrix needs 8 n^2 bytes, so it runs on smaller streams (`--baseline-sizes`);
ours is measured on those too (like for like), and on the full stream.

Every measurement runs in a fresh process. Memory is that process's peak resident set
(getrusage ru_maxrss: interpreter, libraries and the stream included) and how much the
grouping call raised it. No tracemalloc: it slows allocation-heavy code several times over.

    .venv/bin/python eval/bench_group.py [--articles 20000] [--baseline-sizes 5000,10000]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

from duc_grouping import DEFAULT_DOCS, bcubed  # noqa: E402

SEED = 2004
COPY_SHARE = 0.1


def build_stream(docs: Path, n: int, seed: int = SEED):
    """`n` synthetic articles from the DUC folders under `docs`, and their gold folders."""
    import numpy as np

    from summarize.ingest import read_paths
    from summarize.records import Article
    from summarize.sentences import split_text

    pools: dict[str, list[str]] = {}
    for article in read_paths([str(docs)]):
        pools.setdefault(article.id.split("/", 1)[0], []).extend(split_text(article.text))
    folders = sorted(pools)
    rng = np.random.default_rng(seed)
    start = datetime(1998, 10, 1)
    base = {f: start + timedelta(days=int(d)) for f, d in zip(folders, rng.integers(0, 90, len(folders)))}

    def perturb(sentences: list[str], drop: float) -> str:
        words = " ".join(sentences).split()
        return " ".join(w for w in words if rng.random() >= drop)

    articles, gold, sentences_of = [], [], []
    for k in range(n):
        if k and rng.random() < COPY_SHARE:
            source = int(rng.integers(0, k))
            folder = gold[source]
            sentences = sentences_of[source][:-1] if len(sentences_of[source]) > 3 else sentences_of[source]
            text = perturb(sentences, 0.02)
        else:
            folder = folders[int(rng.integers(0, len(folders)))]
            pool = pools[folder]
            picks = rng.choice(len(pool), size=min(len(pool), int(rng.integers(6, 16))), replace=False)
            sentences = [pool[i] for i in picks]
            text = perturb(sentences, 0.03)
        published = base[folder] + timedelta(minutes=int(rng.integers(0, 48 * 60)))
        articles.append(Article(id=f"s{k:05d}", text=text, published=published))
        gold.append(folder)
        sentences_of.append(sentences)
    return articles, gold


def _ours(articles, threshold):
    from summarize.group import GroupSettings, group_articles

    events = group_articles(articles, GroupSettings(threshold=threshold))
    label = {a.id: e.id for e in events for a in e.articles}
    copies = sum(len(e.duplicates) for e in events)
    return [label[a.id] for a in articles], f"{len(events)} events, {copies} near-copies"


def _baseline(articles, threshold):
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    matrix = vectorizer.fit_transform([a.text for a in articles])
    distances = cosine_distances(matrix)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1 - threshold
    ).fit_predict(distances)
    return [str(x) for x in labels], f"{len(set(labels))} clusters"


def _measure(method: str, docs: str, n: int, threshold: float, queue) -> None:
    articles, gold = build_stream(Path(docs), n)
    run = {"ours": _ours, "baseline": _baseline}[method]
    before = _peak_rss()
    start = time.perf_counter()
    labels, note = run(articles, threshold)
    seconds = time.perf_counter() - start
    queue.put((seconds, before, _peak_rss(), bcubed(labels, gold), note))


def _peak_rss() -> int:
    """This process's peak resident set size in bytes (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(method: str, docs: Path, n: int, threshold: float) -> tuple:
    """One grouping in a fresh process: (seconds, peak RSS before the call, peak RSS after,
    B-cubed, note)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_measure, args=(method, str(docs), n, threshold, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--baseline-sizes", default="5000,10000",
                        help="comma-separated stream sizes for the baseline (and ours alongside)")
    args = parser.parse_args(argv)
    if not args.docs.is_dir():
        print(f"no DUC docs directory at {args.docs}", file=sys.stderr)
        return 2
    from summarize.group import DEFAULT

    sizes = [int(x) for x in args.baseline_sizes.split(",") if x.strip()]
    gb = 1024**3
    results = {}
    runs = [(m, n) for n in sizes for m in ("baseline", "ours")] + [("ours", args.articles)]
    for method, n in runs:
        seconds, before, peak, (p, r, f1), note = measure(method, args.docs, n, DEFAULT.threshold)
        results[method, n] = (seconds, peak - before, peak)
        print(f"{method:8s} n={n:6d}  {seconds:6.1f} s  peak RSS {peak / gb:5.2f} GB "
              f"(+{(peak - before) / gb:4.2f} GB for the call)  "
              f"B-cubed P {p:.3f} R {r:.3f} F1 {f1:.3f}  ({note})", flush=True)
    for n in sizes:
        (tb, gb_, _), (to, go, _) = results["baseline", n], results["ours", n]
        print(f"n={n}: baseline/ours time {tb / to:.2f}x, memory for the call {gb_ / max(go, 1):.1f}x")
    seconds, grown, peak = results["ours", args.articles]
    print(f"n={args.articles}: ours {seconds:.1f} s, peak RSS {peak / gb:.2f} GB; the baseline's "
          f"distance matrix alone would take {8 * args.articles**2 / gb:.1f} GB (8 n^2 bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
