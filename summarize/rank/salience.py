"""Salience: how much of an event's likely summary content a set of sentences covers.

The objective f(S) of a set S of candidate sentences has two parts, each scaled to 0..1:

* Concepts (Gillick & Favre, 2009, the ICSISumm system): stemmed word bigrams, except those
  of two stop words. A bigram's support is the sum, over the articles that use it, of the
  position factor 1 + position_boost * exp(-i / position_decay) of its earliest sentence
  (index i): news puts the essentials first. Bigrams used by fewer articles than
  `support_share` of the event's articles are dropped, the floor kept between two articles
  (one article's wording is no sign of importance) and `min_support` (and at most the
  article count); the rest weigh support ** support_power. A concept counts once however
  many chosen sentences hold it, which is what makes the selection avoid redundancy.
* Expected word matches, in the spirit of KLSum (Haghighi & Vanderwende, 2009): each stemmed
  word u is expected E_u = max_words * p_u * d_u times in a summary of max_words words,
  where p_u is its mean relative frequency over the articles and d_u the share of articles
  that use it (1 for stop words, whose use is not a topic signal). A set earns
  min(count of u in S, E_u): words the whole event talks about pay, and stop repaying once
  they have their share.

Articles count by weight (`article_weights`): an original article 1, a marked near-copy
the share of its sentences that its original lacks, so a syndicated copy adds nothing and
an updated wire story adds support only through what it adds.

A modular part (each candidate's fitted salience, summarize.rank.features, times its
length) is added when given; the sum stays monotone submodular.

f is monotone submodular, so the cost-scaled greedy of Lin & Bilmes (2010) approximates
it well and it has an exact integer-programming form (summarize.rank.select).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from summarize.rank.settings import RankSettings
from summarize.text import STOP_WORDS, stem, word_count, words
from summarize.records import Sentence

Bigram = tuple[str, str]


def _units(text: str) -> tuple[list[str], set[Bigram]]:
    """Stemmed words, and the stemmed bigrams that are not two stop words."""
    raw = words(text)
    stems = [stem(w) for w in raw]
    bigrams = {
        (stems[k], stems[k + 1])
        for k in range(len(raw) - 1)
        if not (raw[k] in STOP_WORDS and raw[k + 1] in STOP_WORDS)
    }
    return stems, bigrams


@dataclass(frozen=True)
class Objective:
    """f(S) over candidates 0..n-1: concept coverage plus capped expected word matches."""

    bigrams: sp.csr_matrix  # candidate x concept, 1 where the sentence holds the concept
    bigram_weights: np.ndarray  # sums to 1
    unigrams: sp.csr_matrix  # candidate x word, occurrence counts
    expected: np.ndarray  # E_u per word
    unit: float  # value of one expected word match (the parts sum to 1)
    lengths: np.ndarray  # words per candidate, as the word budget counts them
    modular: np.ndarray | None = None  # each candidate's own value, added when it is chosen

    @property
    def size(self) -> int:
        return self.bigrams.shape[0]

    def empty(self) -> tuple[np.ndarray, np.ndarray]:
        """The state of the empty set: (concepts covered, word counts)."""
        return np.zeros(self.bigrams.shape[1], bool), np.zeros(self.unigrams.shape[1])

    def add(self, state: tuple[np.ndarray, np.ndarray], j: int) -> tuple[np.ndarray, np.ndarray]:
        """The state after adding candidate `j`."""
        covered, counts = state
        covered = covered.copy()
        b = self.bigrams
        covered[b.indices[b.indptr[j]:b.indptr[j + 1]]] = True
        counts = counts.copy()
        u = self.unigrams
        lo, hi = u.indptr[j], u.indptr[j + 1]
        counts[u.indices[lo:hi]] += u.data[lo:hi]
        return covered, counts

    def gains(self, state: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """f(S + j) - f(S) for every candidate j, where `state` describes S."""
        covered, counts = state
        concept = self.bigrams @ np.where(covered, 0.0, self.bigram_weights)
        u = self.unigrams
        before = np.minimum(counts[u.indices], self.expected[u.indices])
        after = np.minimum(counts[u.indices] + u.data, self.expected[u.indices])
        added = sp.csr_matrix((after - before, u.indices, u.indptr), shape=u.shape)
        gain = concept + self.unit * np.asarray(added.sum(axis=1)).ravel()
        return gain if self.modular is None else gain + self.modular

    def value(self, chosen: Sequence[int]) -> float:
        """f of the candidates `chosen`."""
        covered, counts = self.empty()
        for j in chosen:
            covered, counts = self.add((covered, counts), j)
        own = 0.0 if self.modular is None else float(self.modular[list(chosen)].sum())
        return float(
            self.bigram_weights[covered].sum()
            + self.unit * np.minimum(counts, self.expected).sum()
        ) + own


def build_objective(
    articles: Sequence[tuple[float, Sequence[Sentence]]],
    candidates: Sequence[Sentence],
    max_words: int,
    settings: RankSettings,
) -> Objective:
    """The objective for `candidates`, with statistics from `articles` ((weight, sentences)
    per article; sentences carry their position in `index`)."""
    weight_sum = 0.0
    support: Counter[Bigram] = Counter()
    users: Counter[Bigram] = Counter()
    frequency: Counter[str] = Counter()
    spread: Counter[str] = Counter()
    for weight, sentences in articles:
        if weight <= 0:
            continue
        weight_sum += weight
        earliest: dict[Bigram, float] = {}
        counts: Counter[str] = Counter()
        for sentence in sentences:
            stems, bigrams = _units(sentence.text)
            counts.update(stems)
            factor = 1.0 + settings.position_boost * math.exp(-sentence.index / settings.position_decay)
            for bigram in bigrams:
                earliest[bigram] = max(earliest.get(bigram, 0.0), factor)
        for bigram, factor in earliest.items():
            support[bigram] += weight * factor
            users[bigram] += weight
        total = sum(counts.values())
        for word, count in counts.items():
            frequency[word] += weight * count / total
            spread[word] += weight

    floor = min(settings.min_support, max(2.0, settings.support_share * weight_sum), weight_sum) - 1e-9
    concept_weight = {
        b: support[b] ** settings.support_power for b in support if users[b] >= floor
    }
    expected = {}
    for word, share in frequency.items():
        topical = 1.0 if word in STOP_WORDS else spread[word] / weight_sum
        e = max_words * share / weight_sum * topical
        if e >= settings.min_expected:
            expected[word] = e

    concept_ids: dict[Bigram, int] = {}
    word_ids: dict[str, int] = {}
    b_rows, b_cols, u_rows, u_cols, u_vals = [], [], [], [], []
    for j, sentence in enumerate(candidates):
        stems, bigrams = _units(sentence.text)
        for bigram in sorted(bigrams):
            if bigram in concept_weight:
                b_rows.append(j)
                b_cols.append(concept_ids.setdefault(bigram, len(concept_ids)))
        for word, count in sorted(Counter(stems).items()):
            if word in expected:
                u_rows.append(j)
                u_cols.append(word_ids.setdefault(word, len(word_ids)))
                u_vals.append(float(count))
    n = len(candidates)
    weights = np.array([concept_weight[b] for b in concept_ids], float)
    caps = np.array([expected[w] for w in word_ids], float)
    return Objective(
        bigrams=sp.csr_matrix((np.ones(len(b_rows)), (b_rows, b_cols)), shape=(n, len(concept_ids))),
        bigram_weights=weights / weights.sum() if weights.size else weights,
        unigrams=sp.csr_matrix((u_vals, (u_rows, u_cols)), shape=(n, len(word_ids))),
        expected=caps,
        unit=1.0 / caps.sum() if caps.size else 0.0,
        lengths=np.array([word_count(s.text) for s in candidates], float),
    )


def article_weights(
    duplicate_of: dict[str, str], sentences: Sequence[Sentence], groups: Sequence[Sequence[int]]
) -> dict[str, float]:
    """Each article's weight as a source of support (see the module docstring).

    `groups` are the copy groups of `sentences` (summarize.rank.candidates.copy_groups).
    """
    articles_of_group = [{sentences[i].article_id for i in group} for group in groups]
    group_of = {i: g for g, group in enumerate(groups) for i in group}
    total: defaultdict[str, int] = defaultdict(int)
    novel: defaultdict[str, int] = defaultdict(int)
    for i, sentence in enumerate(sentences):
        article = sentence.article_id
        total[article] += 1
        original = duplicate_of.get(article)
        if original is not None and original not in articles_of_group[group_of[i]]:
            novel[article] += 1
    return {
        article: (novel[article] / total[article] if article in duplicate_of else 1.0)
        for article in total
    }
