"""Near-copies: the same wire text on several sites. Among an article's neighbours, a pair is a
near-copy when at least half of the shorter article's word 5-gram shingles occur in the other
(containment, Broder 1997); each group of copies is represented by one original (the earliest
published, then the longest)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import HashingVectorizer

from summarize.group.settings import GroupSettings
from summarize.group.vectors import Vectors, neighbour_edges
from summarize.records import Article

# A pair needs this much TF-IDF cosine before its shingles are compared; near-copies score far
# above it (their words are nearly all shared).
_COPY_CANDIDATE_COSINE = 0.3


def near_copies(
    articles: Sequence[Article], vectors: Vectors, settings: GroupSettings
) -> dict[int, int]:
    """Index of each near-copy -> index of the original it copies."""
    rows, cols, _ = neighbour_edges(vectors.matrix, settings.neighbours, _COPY_CANDIDATE_COSINE)
    if not len(rows):
        return {}
    shingles = HashingVectorizer(
        ngram_range=(settings.shingle_words, settings.shingle_words),
        binary=True, norm=None, alternate_sign=False, n_features=2**24, lowercase=True,
    ).transform([a.text for a in articles]).tocsr()
    sizes = shingles.getnnz(axis=1)
    shared = np.asarray(shingles[rows].multiply(shingles[cols]).sum(axis=1)).ravel()
    smaller = np.minimum(sizes[rows], sizes[cols])
    copies = (smaller > 0) & (shared >= settings.near_copy * smaller)
    n = len(articles)
    graph = sp.coo_matrix((np.ones(copies.sum()), (rows[copies], cols[copies])), shape=(n, n))
    _, label = connected_components(graph, directed=False)

    def original_key(i: int):
        published = articles[i].published
        return (published is None, published.timestamp() if published else 0.0, -sizes[i], i)

    copy_of: dict[int, int] = {}
    for members in components(label):
        if len(members) > 1:
            original = min(members, key=original_key)
            copy_of.update((i, original) for i in members if i != original)
    return copy_of


def components(label: np.ndarray) -> list[list[int]]:
    out: dict[int, list[int]] = {}
    for i, g in enumerate(label):
        out.setdefault(int(g), []).append(i)
    return list(out.values())
