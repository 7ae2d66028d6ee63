"""Clustering: blocks of connected neighbours, WPGMA (or average link) inside each block with
a cannot-link test between different happenings, then lone articles and small clusters joined
to the closest cluster centroid (steps 4-7 of the package docstring)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.utils.extmath import safe_sparse_dot

from summarize.group.copies import components
from summarize.group.rarity import rarity
from summarize.group.settings import GroupSettings
from summarize.group.vectors import CHUNK_CELLS, Channels, Vectors, full_text, neighbour_edges
from summarize.records import Article
from summarize.text import WEEKDAYS, resolve_times, specifics


def cluster_originals(
    articles: Sequence[Article], vectors: Vectors, channels: Channels, originals: list[int],
    settings: GroupSettings,
) -> list[list[int]]:
    """Clusters of original indices (each a list of indices into `articles`), compared on
    `channels`."""
    sub = channels.matrix[originals]
    background = vectors.background(originals)
    rows, cols, sims = neighbour_edges(sub, settings.neighbours, settings.threshold)
    clusters: list[list[int]] = []
    for block in blocks(len(originals), rows, cols, sims, settings):
        if len(block) == 1:
            clusters.append([originals[block[0]]])
            continue
        block_vectors = sub[block]
        similarity = (block_vectors @ block_vectors.T).toarray().astype(np.float64)
        plain = background[block]
        general = (plain @ plain.T).toarray().astype(np.float64)
        traits = [Traits.of(articles[originals[i]], [k]) for k, i in enumerate(block)]

        def cannot_link(a: Traits, b: Traits, s: GroupSettings) -> bool:
            return strangers(a, b, s) or held_apart(
                a, b, s, lambda: float(general[np.ix_(a.members, b.members)].mean()))

        for part in average_link(similarity, traits, settings, cannot_link):
            clusters.append([originals[block[i]] for i in part])
    return clusters


def attach_loners(
    channels: Channels, clusters: list[list[int]], settings: GroupSettings,
    refuse: Callable[[list[int], list[int]], bool] | None = None,
) -> list[list[int]]:
    """`clusters` after each single-article cluster has joined the multi-article cluster with
    the most similar centroid (channel by channel), where that similarity is >=
    `settings.threshold` (step 6)."""
    return _attach_to_centroids(channels, clusters, range(1, 2), settings, refuse)


def attach_splinters(
    channels: Channels, clusters: list[list[int]], settings: GroupSettings,
    refuse: Callable[[list[int], list[int]], bool] | None = None,
) -> list[list[int]]:
    """`clusters` after each cluster of 2 to `settings.splinter` articles has joined the
    cluster of more than `settings.splinter` whose centroid its members are on average most
    similar to, where that mean reaches `settings.threshold` (step 7: step 6 for several)."""
    return _attach_to_centroids(channels, clusters, range(2, settings.splinter + 1), settings, refuse)


def _attach_to_centroids(
    channels: Channels, clusters: list[list[int]], sizes: range, settings: GroupSettings,
    refuse: Callable[[list[int], list[int]], bool] | None,
) -> list[list[int]]:
    """Each cluster whose size is in `sizes` joins the cluster larger than `sizes` whose
    centroid (channel by channel) its members reach on average the most, where that mean is
    >= `settings.threshold` and `refuse(cluster, target)` does not object. Only the small
    clusters move. Similarities are to the centroids before any moves; `refuse` sees a target
    as it has grown by the small clusters before, so the result follows the clusters' order
    (canonical: `group_articles` sorts the articles by id)."""
    matrix = channels.matrix
    targets = [list(c) for c in clusters if len(c) > sizes.stop - 1]
    small = [list(c) for c in clusters if len(c) in sizes]
    if not targets or not small:
        return clusters
    centroids = channels.centroids(_membership(targets, matrix.shape[0])).T.tocsr()
    step = max(1, CHUNK_CELLS // len(targets))
    left = []
    for start in range(0, len(small), step):
        chunk = small[start:start + step]
        sums = _membership(chunk, matrix.shape[0]) @ matrix
        sims = safe_sparse_dot(sums, centroids, dense_output=True) / np.array([[len(c)] for c in chunk])
        best = np.argmax(sims, axis=1)
        for group, g, sim in zip(chunk, best, sims[np.arange(len(chunk)), best]):
            if sim >= settings.threshold and not (refuse and refuse(group, targets[g])):
                targets[g].extend(group)
            else:
                left.append(group)
    return targets + left + [list(c) for c in clusters if len(c) < sizes.start]


def _membership(groups: list[list[int]], n: int) -> sp.csr_matrix:
    """groups x n matrix with a 1 where a row belongs to a group."""
    members = np.concatenate(groups)
    owner = np.repeat(np.arange(len(groups)), [len(c) for c in groups])
    return sp.csr_matrix((np.ones(len(members), dtype=np.float32), (owner, members)), shape=(len(groups), n))


class TraitsCache:
    """Each article's Traits, computed once, and each cluster's fold of them. Steps 6 and 7 ask
    about clusters that only grow by appending, so a fold is extended, not redone: recomputing
    cost O(cluster size) specifics per question, which grew with the stream."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = articles
        self.single: dict[int, Traits] = {}
        self.folded: dict[int, tuple[tuple[int, ...], Traits]] = {}

    def of(self, i: int) -> Traits:
        """The traits of article `i`."""
        if i not in self.single:
            self.single[i] = Traits.of(self.articles[i], [0])
        return self.single[i]

    def group(self, members: list[int]) -> Traits:
        """The traits of the articles `members` taken together."""
        prefix, group = self.folded.get(members[0], ((), None))
        if group is None or tuple(members[:len(prefix)]) != prefix:
            prefix, group = (members[0],), self.of(members[0])
        for m in members[len(prefix):]:
            group = group.merged(self.of(m))
        self.folded[members[0]] = (tuple(members), group)
        return group


def centroid_test(
    traits: TraitsCache, vectors: Vectors, settings: GroupSettings
) -> Callable[[list[int], list[int]], bool]:
    """Whether a lone article or a small cluster reports another happening than the cluster
    whose centroid it reaches (steps 6 and 7): strangers (groups of 2+), or held apart with
    times that meet only when each side's most-named time is one the other names (a centroid
    cosine is weaker evidence than average link: a large cluster's centroid is general, and
    over many reports its times cover most weekdays)."""
    background = vectors.background()

    def refuse(group: list[int], members: list[int]) -> bool:
        a, b = traits.group(group), traits.group(members)
        return strangers(a, b, settings) or held_apart(
            a, b, settings, lambda: float((background[members] @ background[group].T).mean()), main=True)

    return refuse


def blocks(
    n: int, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, settings: GroupSettings,
    threshold: float | None = None, nodes: np.ndarray | None = None,
) -> Iterable[list[int]]:
    """Connected components of the edges >= threshold; a component over `max_block` is split
    again at a higher threshold (an approximation, needed only for very large topics)."""
    threshold = settings.threshold if threshold is None else threshold
    top = 1.0 + settings.bigram_weight + settings.names_weight  # every channel's cosine 1
    nodes = np.arange(n) if nodes is None else nodes
    local = np.full(n, -1, dtype=np.intp)
    local[nodes] = np.arange(len(nodes))
    keep = (local[rows] >= 0) & (local[cols] >= 0) & (sims >= threshold)
    size = len(nodes)
    edges = (local[rows[keep]], local[cols[keep]])
    graph = sp.coo_matrix((np.ones(int(keep.sum())), edges), shape=(size, size))
    _, label = connected_components(graph, directed=False)
    for members in components(label):
        component = nodes[members]
        if len(component) > settings.max_block and threshold < top:
            yield from blocks(n, rows, cols, sims, settings, min(top, threshold + 0.05), component)
        else:
            yield [int(v) for v in component]


@dataclass
class Traits:
    """What tells one happening from another: specifics (names, numbers) and times mentioned,
    each with the number of paragraphs naming it, and the span of published dates."""

    members: list[int]
    specifics: Counter
    anchors: Counter
    first: float | None
    last: float | None

    @classmethod
    def of(cls, article: Article, members: list[int] | None = None) -> Traits:
        text = full_text(article)
        stamp = article.published.timestamp() if article.published else None
        times = Counter(t for paragraph in _paragraphs(text) for t in resolve_times(paragraph, article.published))
        return cls(members or [0], Counter(_mentions(text)), times, stamp, stamp)

    def merged(self, other: Traits) -> Traits:
        stamps = [s for s in (self.first, self.last, other.first, other.last) if s is not None]
        return Traits(
            self.members + other.members, self.specifics + other.specifics, self.anchors + other.anchors,
            min(stamps) if stamps else None, max(stamps) if stamps else None,
        )

    @property
    def size(self) -> int:
        return len(self.members)

    def apart_in_time(self, other: Traits, max_gap_days: float, main: bool = False) -> bool:
        """Published dates more than `max_gap_days` apart; without them, none of their `times`
        in common (with `main`: unless each side's most-named time is one the other names)."""
        if self.first is not None and other.first is not None:
            gap = max(self.first - other.last, other.first - self.last)
            return gap > max_gap_days * 86400
        ours, theirs = self.times, other.times
        if not ours or not theirs:
            return False
        if main:
            return not (_most_named(ours) & theirs.keys() and _most_named(theirs) & ours.keys())
        return ours.keys().isdisjoint(theirs)

    @property
    def times(self) -> Counter:
        """The times that date the happening: weekdays, and calendar dates named in two
        paragraphs or more (one named once is as often a past event mentioned in passing;
        resolved against a published date, every time is a calendar date)."""
        return Counter({t: n for t, n in self.anchors.items() if t in WEEKDAYS or n >= 2})

    def has_own_specifics(self, other: Traits) -> bool:
        return any(n >= 2 and name not in other.specifics for name, n in self.specifics.items())

    def named_by(self, other: Traits) -> float:
        """The share of this side's recurring specifics that `other` names, each weighted by
        its rarity in general English (1.0 when there are none)."""
        recurring = [(name, _rarity(name)) for name, n in self.specifics.items() if n >= 2]
        total = sum(w for _, w in recurring)
        return sum(w for name, w in recurring if name in other.specifics) / total if total else 1.0


def strangers(a: Traits, b: Traits, settings: GroupSettings) -> bool:
    """Two groups of 2+ articles each naming under `settings.shared_names` of the other's
    recurring specifics: different happenings whatever their times (without published dates,
    weekdays meet by chance over a week of news). Only within one input: a story's reports on
    a later night name new people."""
    return a.size >= 2 and b.size >= 2 and max(a.named_by(b), b.named_by(a)) < settings.shared_names


def different_happenings(a: Traits, b: Traits, settings: GroupSettings, main: bool = False) -> bool:
    """The cannot-link test: two groups of articles on one topic, at different times, each
    with participants or figures of its own (`main`: see Traits.apart_in_time)."""
    return (
        a.apart_in_time(b, settings.max_gap_days, main)
        and a.has_own_specifics(b) and b.has_own_specifics(a)
    )


def held_apart(
    a: Traits, b: Traits, settings: GroupSettings, background: Callable[[], float], main: bool = False,
) -> bool:
    """Whether two groups must stay apart: different happenings, which, when either side is a
    single article (no second report to show that its specifics recur), must be backed by a
    `background()` similarity (rarity-weighted, computed only then) below `settings.distinct`."""
    return different_happenings(a, b, settings, main) and (
        (a.size >= 2 and b.size >= 2) or background() < settings.distinct)


def average_link(
    similarity: np.ndarray, traits: list[Traits], settings: GroupSettings,
    cannot_link: Callable[[Traits, Traits, GroupSettings], bool] = different_happenings,
) -> list[list[int]]:
    """Agglomerative clustering of one block down to `settings.threshold` (`settings.linkage`:
    WPGMA or UPGMA average link), skipping merges that `cannot_link` refuses (re-asked
    whenever one of the two clusters has grown).

    Each row caches its best partner, so a merge costs O(m) plus a rescan of the rows that
    pointed at the merged clusters.
    """
    m = len(similarity)
    sim = similarity.copy()
    np.fill_diagonal(sim, -np.inf)
    refused = np.zeros((m, m), dtype=bool)
    size = np.ones(m)
    alive = np.ones(m, dtype=bool)
    state = list(traits)
    members = [[i] for i in range(m)]

    def effective(i: int) -> np.ndarray:
        row = np.where(refused[i] | ~alive, -np.inf, sim[i])
        row[i] = -np.inf
        return row

    best_j = np.zeros(m, dtype=np.intp)
    best_s = np.full(m, -np.inf)
    for i in range(m):
        row = effective(i)
        best_j[i] = int(np.argmax(row))
        best_s[i] = row[best_j[i]]

    while True:
        i = int(np.argmax(np.where(alive, best_s, -np.inf)))
        if not alive[i] or best_s[i] < settings.threshold:
            break
        j = int(best_j[i])
        if cannot_link(state[i], state[j], settings):
            refused[i, j] = refused[j, i] = True
            stale = [i, j]
        else:
            if j < i:  # keep the lower index, so results do not depend on tie order
                i, j = j, i
            if settings.linkage == "weighted":  # WPGMA: each half counts alike, whatever its size
                sim[i] = (sim[i] + sim[j]) / 2
            else:
                sim[i] = (size[i] * sim[i] + size[j] * sim[j]) / (size[i] + size[j])
            sim[:, i] = sim[i]
            sim[i, i] = -np.inf
            size[i] += size[j]
            alive[j] = False
            best_s[j] = -np.inf
            state[i] = state[i].merged(state[j])
            members[i].extend(members[j])
            members[j] = []
            refused[i] = False
            refused[:, i] = False
            stale = [i, *np.flatnonzero(alive & ((best_j == i) | (best_j == j)))]
            better = alive & (sim[:, i] > best_s)
            better[i] = False
            best_s[better] = sim[better, i]
            best_j[better] = i
        for k in stale:
            row = effective(k)
            best_j[k] = int(np.argmax(row))
            best_s[k] = row[best_j[k]]
    return [sorted(g) for g in members if g]


@lru_cache(maxsize=1 << 16)
def _rarity(name: str) -> float:
    return float(rarity([name])[0])


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def _most_named(times: Counter) -> set[str]:
    top = max(times.values())
    return {t for t, n in times.items() if n == top}


def _mentions(text: str) -> list[str]:
    """Each specific once per paragraph naming it: recurring means named in two places.
    Accents are dropped: "Bélanger" and "Belanger" are one name spelt two ways, not a name
    each side has of its own."""
    return [_unaccented(w) for paragraph in _paragraphs(text) for w in specifics(paragraph)]


def _unaccented(word: str) -> str:
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
