"""Same happening, not same topic: a pairwise same-event judgement with fitted weights.

A logistic regression over features of a pair of articles (as in Topic Detection and
Tracking: content similarity, named entities, and how each article's nearest neighbours
see the other; Allan et al., 1998; shared nearest neighbours: Jarvis & Patrick, 1973):

* body: TF-IDF cosine (title and text);
* background: cosine under general-English rarity weights (summarize.group.rarity), which
  does not depend on the other articles present;
* names: TF-IDF cosine over the specifics (names and numbers, summarize.text.specifics);
* bigrams: TF-IDF cosine over word bigrams (shared phrases, not only shared words);
* rank: log(1 + the larger of the two neighbour ranks), capped at k: two reports of one
  happening are usually each other's nearest articles;
* shared: the fraction of the k nearest neighbours the two have in common;
* relative: the body cosine over the larger of the two articles' best cosines.

The weights are fitted on data (eval/fit_same_event.py: pairs inside one Multi-News or DUC
2004 folder are same-event, each article's nearest pairs across folders hard negatives) and
ship as package data, same_event.json. The clustering averages the logit over the pairs of
two clusters (summarize.group.cluster).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.extmath import safe_sparse_dot

from summarize.group.vectors import CHUNK_CELLS, Vectors, full_text
from summarize.records import Article
from summarize.text import specifics

FEATURES = ("body", "background", "names", "bigrams", "rank", "shared", "relative")
WEIGHTS_FILE = "same_event.json"


@dataclass(frozen=True)
class PairModel:
    """P(same event) = sigmoid(bias + weights . features); `threshold` is the average logit
    at which two clusters merge; `k` the neighbours behind the rank features."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    k: int

    @classmethod
    def load(cls, text: str | None = None) -> PairModel:
        if text is None:
            text = resources.files("summarize.group").joinpath(WEIGHTS_FILE).read_text("utf-8")
        data = json.loads(text)
        names = tuple(data.get("features", ()))
        if names != FEATURES:
            raise ValueError(f"{WEIGHTS_FILE}: features {names} are not {FEATURES}")
        weights = data["weights"]
        if len(weights) != len(FEATURES):
            raise ValueError(f"{WEIGHTS_FILE}: {len(weights)} weights for {len(FEATURES)} features")
        return cls(tuple(float(w) for w in weights), float(data["bias"]),
                   float(data["threshold"]), int(data["neighbours"]))

    def logit(self, x: np.ndarray) -> np.ndarray:
        return x @ np.asarray(self.weights) + self.bias


@lru_cache(maxsize=1)
def default_model() -> PairModel:
    return PairModel.load()


@dataclass(frozen=True)
class PairFeatures:
    """Per-article rows from which the FEATURES of any pair are computed."""

    body: sp.csr_matrix
    background: sp.csr_matrix
    names: sp.csr_matrix
    bigrams: sp.csr_matrix
    neighbours: sp.csr_matrix  # row i: 1 + rank of each of i's k nearest articles
    best: np.ndarray  # each article's best body cosine to another
    k: int

    @classmethod
    def of(cls, articles: list[Article], vectors: Vectors, k: int, rows: list[int] | None = None) -> PairFeatures:
        """Features of `articles[rows]` (all by default); neighbours are found among them."""
        rows = list(range(len(articles))) if rows is None else rows
        chosen = [articles[i] for i in rows]
        body = vectors.matrix[rows]
        names = _tfidf([sorted(specifics(full_text(a))) for a in chosen], analyzer=lambda t: t)
        bigrams = _tfidf([full_text(a) for a in chosen], stop_words="english", ngram_range=(2, 2))
        neighbours, best = _nearest(body, k)
        return cls(body, vectors.background(rows), names, bigrams, neighbours, best, k)

    def block(self, idx: list[int] | np.ndarray) -> np.ndarray:
        """FEATURES of every pair within `idx` (positions in the rows given): (m, m, F)."""
        idx = np.asarray(idx)

        def dense(x: sp.csr_matrix) -> np.ndarray:
            sub = x[idx]
            return (sub @ sub.T).toarray().astype(np.float64)

        body = dense(self.body)
        near = self.neighbours[idx]
        rank = near[:, idx].toarray()
        rank = np.where(rank > 0, rank - 1, self.k)
        rank = np.maximum(rank, rank.T)
        linked = near.copy()
        linked.data[:] = 1.0
        shared = (linked @ linked.T).toarray() / self.k
        top = self.best[idx]
        relative = body / np.maximum(np.maximum.outer(top, top), 1e-6)
        return np.stack([
            body, dense(self.background), dense(self.names), dense(self.bigrams),
            np.log1p(rank), shared, np.minimum(relative, 1.0),
        ], axis=-1)


def _tfidf(docs: list, **options) -> sp.csr_matrix:
    try:
        return TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **options).fit_transform(docs).tocsr()
    except ValueError:  # nothing to count in any document
        return sp.csr_matrix((len(docs), 1), dtype=np.float32)


def _nearest(matrix: sp.csr_matrix, k: int) -> tuple[sp.csr_matrix, np.ndarray]:
    """Each row's k nearest other rows (ties by index) as a sparse matrix of 1 + rank, and
    each row's best cosine; in chunks of at most CHUNK_CELLS similarities."""
    n = matrix.shape[0]
    k = max(0, min(k, n - 1))
    transposed = matrix.T.tocsr()
    step = max(1, CHUNK_CELLS // max(n, 1))
    rows, cols, ranks, best = [], [], [], np.zeros(n)
    for start in range(0, n, step):
        stop = min(n, start + step)
        sims = safe_sparse_dot(matrix[start:stop], transposed, dense_output=True).astype(np.float64)
        sims[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        if k == 0:
            continue
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top_sims = np.take_along_axis(sims, top, axis=1)
        order = np.take_along_axis(top, np.lexsort((top, -top_sims), axis=1), axis=1)
        keep = np.take_along_axis(sims, order, axis=1) > 0
        best[start:stop] = np.maximum(np.take_along_axis(sims, order[:, :1], axis=1)[:, 0], 0.0)
        r, c = np.nonzero(keep)
        rows.append(r + start), cols.append(order[r, c]), ranks.append(c + 1.0)
    if not rows:
        return sp.csr_matrix((n, n)), best
    data = np.concatenate(ranks)
    return sp.csr_matrix((data, (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)), best
