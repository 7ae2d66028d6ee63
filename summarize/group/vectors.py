"""Content vectors and candidate neighbours: TF-IDF rows (sublinear tf, English stop words,
unigrams), the channels the grouping compares (sharpened unigrams and content-word bigrams),
and each row's k nearest rows, found in bounded chunks so that nothing quadratic in the number
of articles is held in memory."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS, CountVectorizer, HashingVectorizer, TfidfTransformer, TfidfVectorizer,
)
from sklearn.preprocessing import normalize
from sklearn.utils.extmath import safe_sparse_dot

from summarize.records import Article

# Unigrams, sublinear tf (near-copy candidates, titles, background; the grouping compares
# Vectors.channels, eval/GROUPING.md's fifth attempt). Adding bigrams to these rows gave the
# same B-cubed F1 on DUC 2004 (0.836 against 0.835) at twice the vocabulary. Dropping terms seen in one article only (min_df=2) scored
# higher on DUC but renormalises short articles onto their few common words ("said"), which
# linked unrelated stories in small inputs.
_TFIDF = dict(stop_words="english", sublinear_tf=True)
CHUNK_CELLS = 2**25  # similarities computed at once by the neighbour search (128 MiB)
BIGRAM_FEATURES = 2**20  # hashed bigram columns: memory bounded whatever the input's vocabulary
_WORD = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class Channels:
    """Rows made of L2-normalised channels side by side, each scaled by the square root of its
    weight: the dot product of two rows is the weighted sum of the channels' cosines."""

    parts: tuple[sp.csr_matrix, ...]
    weights: tuple[float, ...]
    matrix: sp.csr_matrix

    @classmethod
    def of(cls, parts: Sequence[sp.csr_matrix], weights: Sequence[float]) -> Channels:
        return cls(tuple(parts), tuple(weights), _side_by_side(parts, weights))

    def centroids(self, membership: sp.csr_matrix) -> sp.csr_matrix:
        """Each group's centroid (`membership`: groups x rows), channel by channel."""
        return _side_by_side([normalize(membership @ p) for p in self.parts], self.weights)


def _side_by_side(parts: Sequence[sp.csr_matrix], weights: Sequence[float]) -> sp.csr_matrix:
    return sp.hstack([np.float32(np.sqrt(w)) * p for p, w in zip(parts, weights)], format="csr")


@dataclass(frozen=True)
class Vectors:
    """L2-normalised TF-IDF rows (zero rows for articles without content words)."""

    matrix: sp.csr_matrix
    vectorizer: TfidfVectorizer | None

    @classmethod
    def fit(cls, articles: Sequence[Article]) -> Vectors:
        texts = [full_text(a) for a in articles]
        vectorizer = TfidfVectorizer(**_TFIDF, dtype=np.float32)
        try:
            matrix = vectorizer.fit_transform(texts).tocsr()
        except ValueError:  # not one content word in any article
            return cls(sp.csr_matrix((len(texts), 1), dtype=np.float32), None)
        return cls(matrix, vectorizer)

    def background(self, rows: Sequence[int] | None = None) -> sp.csr_matrix:
        """The rows re-weighted by general English rarity instead of the input's IDF
        (summarize.group.pairs.rarity): a pair's cosine then does not depend on which other
        articles are present."""
        from summarize.group.rarity import rarity

        matrix = self.matrix if rows is None else self.matrix[rows]
        if self.vectorizer is None:
            return matrix
        scale = rarity(self.vectorizer.get_feature_names_out()) / self.vectorizer.idf_
        return normalize(matrix @ sp.diags(scale.astype(np.float32))).tocsr()

    def channels(
        self, articles: Sequence[Article], idf_power: float, bigram_weight: float, names_weight: float
    ) -> Channels:
        """What the grouping compares (GroupSettings.idf_power, bigram_weight, names_weight):
        the unigram rows with IDF raised to `idf_power` (a shared rare word counts for more
        than the input's own IDF gives it); TF-IDF rows of bigrams of two content words, every
        bigram kept (a bigram seen twice is not required: how many recur grows with the input);
        and the article's names and numbers (summarize.text.specifics), each weighted by its
        general English rarity, so that channel does not depend on the other articles."""
        unigrams = self.matrix
        if self.vectorizer is not None and idf_power != 1.0:
            sharpen = sp.diags((self.vectorizer.idf_ ** (idf_power - 1.0)).astype(np.float32))
            unigrams = normalize(unigrams @ sharpen).tocsr()
        parts, weights = [unigrams], [1.0]
        texts = [full_text(a) for a in articles]
        if bigram_weight:
            hashed = HashingVectorizer(
                analyzer=content_bigrams, n_features=BIGRAM_FEATURES, alternate_sign=False, norm=None,
                dtype=np.float32,
            ).transform(texts)
            parts.append(TfidfTransformer(sublinear_tf=True).fit_transform(hashed).astype(np.float32).tocsr())
            weights.append(bigram_weight)
        if names_weight:
            parts.append(_names(texts))
            weights.append(names_weight)
        return Channels.of(parts, weights)

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        if self.vectorizer is None:
            return sp.csr_matrix((len(texts), 1), dtype=np.float32)
        return self.vectorizer.transform(texts).tocsr()


def full_text(article: Article) -> str:
    return f"{article.title}\n{article.text}" if article.title else article.text


def _names(texts: list[str]) -> sp.csr_matrix:
    """L2-normalised rows of the names and numbers each text mentions, weighted by rarity."""
    from summarize.group.rarity import rarity
    from summarize.text import specifics

    counter = CountVectorizer(analyzer=specifics, binary=True, dtype=np.float32)
    try:
        found = counter.fit_transform(texts)
    except ValueError:  # not one name in any text
        return sp.csr_matrix((len(texts), 1), dtype=np.float32)
    weight = sp.diags(rarity(counter.get_feature_names_out()).astype(np.float32))
    return normalize(found @ weight).tocsr()


def content_bigrams(text: str) -> list[str]:
    """Adjacent word pairs, lowercased, where neither word is a stop word or a number."""
    words = _WORD.findall(text.lower())
    return [
        f"{a} {b}" for a, b in zip(words, words[1:])
        if a not in ENGLISH_STOP_WORDS and b not in ENGLISH_STOP_WORDS and not a.isdigit() and not b.isdigit()
    ]


def neighbour_edges(
    matrix: sp.csr_matrix, k: int, floor: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, cols, cosine) of each row's k nearest other rows with cosine >= `floor`, each
    pair once, rows < cols.

    Brute force over row chunks of at most `CHUNK_CELLS` similarities, so memory stays
    O(n k + chunk) however many articles there are. The product is symmetric, so a chunk is
    compared only with itself and the rows after it (half the work of the whole square); what
    it finds for a later row is kept in that row's running top k (`held`) until the row's own
    chunk comes. Ranking: most similar first, ties by lower index (the same top k as sorting
    each full row).
    """
    n = matrix.shape[0]
    step = max(1, CHUNK_CELLS // max(n, 1))
    held_sims = np.full((n, k), -np.inf, dtype=np.float32)  # per row, best first
    held_cols = np.full((n, k), n, dtype=np.intp)
    found_rows, found_cols, found_sims = [], [], []
    segment = max(step, -(-n // 16))  # the later rows' transpose is rebuilt 16 times, not per chunk
    origin, transposed = 0, None
    for start in range(0, n, step):
        stop = min(n, start + step)
        if transposed is None or start - origin >= segment:
            origin, transposed = start, matrix[start:].T.tocsr()
        block = safe_sparse_dot(matrix[start:stop], transposed, dense_output=True)
        block[:, : start - origin] = -np.inf  # rows before the chunk: already in `held`
        block[np.arange(stop - start), np.arange(start, stop) - origin] = -np.inf
        rows, cols = np.nonzero(block >= floor)
        sims = block[rows, cols]
        cols = cols + origin
        later = cols >= stop  # what this chunk tells rows after it
        _hold(held_sims, held_cols, cols[later], rows[later] + start, sims[later], k)
        mine = held_sims[start:stop] > -np.inf
        rows = np.concatenate([rows, np.nonzero(mine)[0]])
        cols = np.concatenate([cols, held_cols[start:stop][mine]])
        sims = np.concatenate([sims, held_sims[start:stop][mine]])
        rows, cols, sims, rank = _ranked(rows, cols, sims)
        top = rank < k
        found_rows.append(rows[top] + start)
        found_cols.append(cols[top])
        found_sims.append(sims[top])
    rows, cols, sims = (np.concatenate(x) for x in (found_rows, found_cols, found_sims))
    a, b = np.minimum(rows, cols), np.maximum(rows, cols)
    pairs, first = np.unique(a.astype(np.int64) * n + b, return_index=True)
    return (pairs // n).astype(np.intp), (pairs % n).astype(np.intp), sims[first]


def _hold(
    held_sims: np.ndarray, held_cols: np.ndarray, rows: np.ndarray, cols: np.ndarray,
    sims: np.ndarray, k: int,
) -> None:
    """Merge the (row, col, sim) found into each row's running top k (most similar first,
    ties by lower index)."""
    keep = sims >= held_sims[rows, k - 1]  # ties kept: a lower index may still win
    rows, cols, sims = rows[keep], cols[keep], sims[keep]
    if not len(rows):
        return
    touched = np.unique(rows)
    old = held_sims[touched] > -np.inf
    rows = np.concatenate([rows, np.repeat(touched, k)[old.ravel()]])
    cols = np.concatenate([cols, held_cols[touched][old]])
    sims = np.concatenate([sims, held_sims[touched][old]])
    rows, cols, sims, rank = _ranked(rows, cols, sims)
    top = rank < k
    held_sims[touched] = -np.inf
    held_cols[touched] = len(held_cols)
    held_sims[rows[top], rank[top]] = sims[top]
    held_cols[rows[top], rank[top]] = cols[top]


def _ranked(
    rows: np.ndarray, cols: np.ndarray, sims: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(rows, cols, sims) sorted by row, each row's most similar first and ties by lower
    index, with each entry's rank within its row."""
    order = np.lexsort((cols, -sims, rows))
    rows, cols, sims = rows[order], cols[order], sims[order]
    return rows, cols, sims, np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")
