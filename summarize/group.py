"""Group articles into events: near-copies are found and counted once, then articles about
the same happening are clustered, and each event gets a readable title.

1. Content vectors: TF-IDF (sublinear tf, English stop words, unigrams), cosine
   similarity (Salton & Buckley, 1988), fitted on the articles given.
2. Candidate neighbours: the k nearest neighbours of every article above a similarity floor,
   by brute-force cosine on the sparse rows (scikit-learn's sparse product) in chunks of
   bounded size, so nothing quadratic in the number of articles is ever held in memory.
3. Near-copies (the same wire text on several sites): among the neighbours, a pair is a
   near-copy when at least half of the shorter article's word 5-gram shingles occur in the
   other (containment, Broder 1997). Each group of copies is represented by one original
   (the earliest published, then the longest); the copies join its event and are listed in
   `Event.duplicates`. Neighbours are then recomputed among the originals, so a story
   syndicated many times cannot crowd out its real neighbours.
4. Blocking: the originals' neighbour edges with similarity >= the threshold form a graph;
   average link can never merge across its connected components (every cross pair is below
   the threshold, hence so is their average; exact when no pair above the threshold falls
   outside the k neighbours), so each component is clustered on its own.
5. Within a block: average-link agglomerative clustering (UPGMA) down to the threshold, with
   a cannot-link test on each merge. Topical similarity alone cannot tell two happenings of
   one topic apart (two missile tests, months apart, in near-identical agency prose), so,
   as in Topic Detection and Tracking (Allan et al., 1998; Yang et al., 1998: named entities
   and time), two clusters of at least two articles stay apart when their times do not meet
   (published dates more than `max_gap_days` apart, or, without dates, no weekday or
   calendar date mentioned in common) and each has specifics of its own: a name or number
   recurring in its articles that the other never mentions.
6. Lone articles: an article left on its own joins the cluster of several articles whose
   centroid (the normalised sum of its members' vectors) is most similar to it, when that
   cosine reaches the threshold, as in TDT's comparison of a story with cluster centroids (Allan
   et al., 1998). Average link compares it with each member instead, which dilutes its
   similarity to a large, loosely written cluster below the threshold.

Events come biggest first (originals counted), ties in order of first appearance, with ids
e01, e02, ... in that order. The partition does not depend on the input order: articles are
processed in id order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.extmath import safe_sparse_dot

from summarize.records import Article, Event
from summarize.sentences import split_text


@dataclass(frozen=True)
class GroupSettings:
    """Tunable parameters of the grouping (the defaults were chosen on DUC 2004 and the seeds,
    see eval/GROUPING.md)."""

    threshold: float = 0.14  # average (or, for a lone article, centroid) cosine to merge
    neighbours: int = 10  # candidate neighbours per article
    near_copy: float = 0.5  # shingle containment that makes a pair near-copies
    shingle_words: int = 5
    max_gap_days: float = 2.0  # published dates further apart are different times
    max_block: int = 3000  # largest block clustered at once (memory is quadratic in it)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if not 0.0 < self.near_copy <= 1.0:
            raise ValueError(f"near_copy must be in (0, 1], got {self.near_copy}")
        if self.neighbours < 1 or self.shingle_words < 1 or self.max_block < 2:
            raise ValueError("neighbours and shingle_words must be >= 1, max_block >= 2")
        if self.max_gap_days < 0:
            raise ValueError(f"max_gap_days must be >= 0, got {self.max_gap_days}")


DEFAULT = GroupSettings()


def group_articles(articles: Sequence[Article], settings: GroupSettings = DEFAULT) -> list[Event]:
    """Group `articles` into events; every article is in exactly one event (singletons too).

    Deterministic, and the same partition for any order of the input.
    """
    given = list(articles)
    _check_ids(given)
    if not given:
        return []
    canon = sorted(given, key=lambda a: a.id)
    vectors = _Vectors.fit(canon)
    copy_of = _near_copies(canon, vectors, settings)
    originals = [i for i in range(len(canon)) if i not in copy_of]
    clusters = _attach_loners(vectors.matrix, _cluster(canon, vectors, originals, settings),
                              settings)

    followers: dict[int, list[int]] = {}
    for dup, orig in copy_of.items():
        followers.setdefault(orig, []).append(dup)
    position = {a.id: k for k, a in enumerate(given)}
    groups = []
    for cluster in clusters:
        members = sorted(
            (i for o in cluster for i in [o, *followers.get(o, ())]),
            key=lambda i: position[canon[i].id],
        )
        groups.append((len(cluster), members))
    groups.sort(key=lambda g: (-g[0], position[canon[g[1][0]].id]))

    width = max(2, len(str(len(groups))))
    index = {a.id: i for i, a in enumerate(canon)}
    return [
        _event(f"e{k:0{width}d}", [canon[i] for i in members], copy_of, canon, index, vectors)
        for k, (_, members) in enumerate(groups, start=1)
    ]


def single_event(articles: Sequence[Article], settings: GroupSettings = DEFAULT) -> Event:
    """All `articles` as one event "e01" (no grouping); near-copies are still marked."""
    given = list(articles)
    _check_ids(given)
    if not given:
        raise ValueError("an event needs at least one article")
    canon = sorted(given, key=lambda a: a.id)
    vectors = _Vectors.fit(canon)
    copy_of = _near_copies(canon, vectors, settings)
    index = {a.id: i for i, a in enumerate(canon)}
    return _event("e01", given, copy_of, canon, index, vectors)


def _check_ids(articles: Sequence[Article]) -> None:
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            raise ValueError(f"article ids must be unique; {article.id!r} occurs twice")
        seen.add(article.id)


# --- vectors and neighbours ---------------------------------------------------------------


# Unigrams, sublinear tf. Adding bigrams gave the same B-cubed F1 on DUC 2004 (0.836 against
# 0.835) at twice the vocabulary. Dropping terms seen in one article only (min_df=2) scored
# higher on DUC but renormalises short articles onto their few common words ("said"), which
# linked unrelated stories in small inputs.
_TFIDF = dict(stop_words="english", sublinear_tf=True)
_CHUNK_CELLS = 2**25  # similarities computed at once by the neighbour search (128 MiB)


@dataclass(frozen=True)
class _Vectors:
    """L2-normalised TF-IDF rows (zero rows for articles without content words)."""

    matrix: sp.csr_matrix
    vectorizer: TfidfVectorizer | None

    @classmethod
    def fit(cls, articles: Sequence[Article]) -> _Vectors:
        texts = [_full_text(a) for a in articles]
        vectorizer = TfidfVectorizer(**_TFIDF, dtype=np.float32)
        try:
            matrix = vectorizer.fit_transform(texts).tocsr()
        except ValueError:  # not one content word in any article
            return cls(sp.csr_matrix((len(texts), 1), dtype=np.float32), None)
        return cls(matrix, vectorizer)

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        if self.vectorizer is None:
            return sp.csr_matrix((len(texts), 1), dtype=np.float32)
        return self.vectorizer.transform(texts).tocsr()


def _full_text(article: Article) -> str:
    return f"{article.title}\n{article.text}" if article.title else article.text


def _neighbour_edges(
    matrix: sp.csr_matrix, k: int, floor: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, cols, cosine) of each row's k nearest other rows with cosine >= `floor`, each
    pair once, rows < cols.

    Brute force over row chunks of at most `_CHUNK_CELLS` similarities, so memory stays
    O(n k + chunk) however many articles there are.
    """
    n = matrix.shape[0]
    transposed = matrix.T.tocsr()
    step = max(1, _CHUNK_CELLS // max(n, 1))
    found_rows, found_cols, found_sims = [], [], []
    for start in range(0, n, step):
        stop = min(n, start + step)
        block = safe_sparse_dot(matrix[start:stop], transposed, dense_output=True)
        block[np.arange(stop - start), np.arange(start, stop)] = 0.0
        rows, cols = np.nonzero(block >= floor)
        sims = block[rows, cols]
        order = np.lexsort((cols, -sims, rows))  # per row: most similar first, ties by index
        rows, cols, sims = rows[order], cols[order], sims[order]
        row_start = np.searchsorted(rows, rows, side="left")
        top = np.arange(len(rows)) - row_start < k
        found_rows.append(rows[top] + start)
        found_cols.append(cols[top])
        found_sims.append(sims[top])
    rows, cols, sims = (np.concatenate(x) for x in (found_rows, found_cols, found_sims))
    a, b = np.minimum(rows, cols), np.maximum(rows, cols)
    pairs, first = np.unique(a.astype(np.int64) * n + b, return_index=True)
    return (pairs // n).astype(np.intp), (pairs % n).astype(np.intp), sims[first]


# --- near-copies --------------------------------------------------------------------------

# A pair needs this much TF-IDF cosine before its shingles are compared; near-copies score far
# above it (their words are nearly all shared).
_COPY_CANDIDATE_COSINE = 0.3


def _near_copies(
    articles: Sequence[Article], vectors: _Vectors, settings: GroupSettings
) -> dict[int, int]:
    """Index of each near-copy -> index of the original it copies."""
    rows, cols, _ = _neighbour_edges(vectors.matrix, settings.neighbours, _COPY_CANDIDATE_COSINE)
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
        return (published is None, _timestamp(published), -sizes[i], i)

    copy_of: dict[int, int] = {}
    for members in _groups(label):
        if len(members) > 1:
            original = min(members, key=original_key)
            copy_of.update((i, original) for i in members if i != original)
    return copy_of


def _timestamp(moment: datetime | None) -> float:
    if moment is None:
        return 0.0
    if moment.tzinfo is None:  # naive times are taken as UTC so they compare with aware ones
        return (moment - datetime(1970, 1, 1)).total_seconds()
    return moment.timestamp()


def _groups(label: np.ndarray) -> list[list[int]]:
    out: dict[int, list[int]] = {}
    for i, g in enumerate(label):
        out.setdefault(int(g), []).append(i)
    return list(out.values())


# --- clustering ---------------------------------------------------------------------------


def _cluster(
    articles: Sequence[Article], vectors: _Vectors, originals: list[int], settings: GroupSettings
) -> list[list[int]]:
    """Clusters of original indices (each a list of indices into `articles`)."""
    sub = vectors.matrix[originals]
    rows, cols, sims = _neighbour_edges(sub, settings.neighbours, settings.threshold)
    clusters: list[list[int]] = []
    for block in _blocks(len(originals), rows, cols, sims, settings):
        if len(block) == 1:
            clusters.append([originals[block[0]]])
            continue
        block_vectors = sub[block]
        similarity = (block_vectors @ block_vectors.T).toarray().astype(np.float64)
        traits = [_Traits.of(articles[originals[i]]) for i in block]
        for part in _average_link(similarity, traits, settings):
            clusters.append([originals[block[i]] for i in part])
    return clusters


def _attach_loners(
    matrix: sp.csr_matrix, clusters: list[list[int]], settings: GroupSettings
) -> list[list[int]]:
    """`clusters` after each single-article cluster has joined the multi-article cluster with
    the most similar centroid, where that cosine is >= `settings.threshold` (step 6)."""
    groups = [list(c) for c in clusters if len(c) > 1]
    loners = [c[0] for c in clusters if len(c) == 1]
    if not groups or not loners:
        return clusters
    members = np.concatenate(groups)
    owner = np.repeat(np.arange(len(groups)), [len(c) for c in groups])
    membership = sp.csr_matrix(
        (np.ones(len(members), dtype=np.float32), (owner, members)),
        shape=(len(groups), matrix.shape[0]),
    )
    centroids = normalize(membership @ matrix).T.tocsr()
    step = max(1, _CHUNK_CELLS // len(groups))
    alone = []
    for start in range(0, len(loners), step):
        chunk = loners[start:start + step]
        sims = safe_sparse_dot(matrix[chunk], centroids, dense_output=True)
        best = np.argmax(sims, axis=1)
        for article, g, sim in zip(chunk, best, sims[np.arange(len(chunk)), best]):
            if sim >= settings.threshold:
                groups[g].append(article)
            else:
                alone.append([article])
    return groups + alone


def _blocks(
    n: int, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, settings: GroupSettings,
    threshold: float | None = None, nodes: np.ndarray | None = None,
) -> Iterable[list[int]]:
    """Connected components of the edges >= threshold; a component over `max_block` is split
    again at a higher threshold (an approximation, needed only for very large topics)."""
    threshold = settings.threshold if threshold is None else threshold
    nodes = np.arange(n) if nodes is None else nodes
    local = np.full(n, -1, dtype=np.intp)
    local[nodes] = np.arange(len(nodes))
    keep = (local[rows] >= 0) & (local[cols] >= 0) & (sims >= threshold)
    size = len(nodes)
    edges = (local[rows[keep]], local[cols[keep]])
    graph = sp.coo_matrix((np.ones(int(keep.sum())), edges), shape=(size, size))
    _, label = connected_components(graph, directed=False)
    for members in _groups(label):
        component = nodes[members]
        if len(component) > settings.max_block and threshold < 1.0:
            yield from _blocks(n, rows, cols, sims, settings, min(1.0, threshold + 0.05), component)
        else:
            yield [int(v) for v in component]


@dataclass
class _Traits:
    """What tells one happening from another: specifics (names, numbers) with the number of
    articles mentioning each, times mentioned, and the span of published dates."""

    size: int
    specifics: Counter
    anchors: set[str]
    first: float | None
    last: float | None

    @classmethod
    def of(cls, article: Article) -> _Traits:
        text = _full_text(article)
        stamp = _timestamp(article.published) if article.published else None
        return cls(1, Counter(specifics(text)), time_anchors(text), stamp, stamp)

    def merged(self, other: _Traits) -> _Traits:
        stamps = [s for s in (self.first, self.last, other.first, other.last) if s is not None]
        return _Traits(
            self.size + other.size, self.specifics + other.specifics, self.anchors | other.anchors,
            min(stamps) if stamps else None, max(stamps) if stamps else None,
        )

    def apart_in_time(self, other: _Traits, max_gap_days: float) -> bool:
        if self.first is not None and other.first is not None:
            gap = max(self.first - other.last, other.first - self.last)
            return gap > max_gap_days * 86400
        return bool(self.anchors) and bool(other.anchors) and self.anchors.isdisjoint(other.anchors)

    def has_own_specifics(self, other: _Traits) -> bool:
        return any(n >= 2 and name not in other.specifics for name, n in self.specifics.items())


def _different_happenings(a: _Traits, b: _Traits, settings: GroupSettings) -> bool:
    """The cannot-link test: two groups of articles on one topic, at different times, each
    with participants or figures of its own."""
    return (
        a.size >= 2 and b.size >= 2
        and a.apart_in_time(b, settings.max_gap_days)
        and a.has_own_specifics(b) and b.has_own_specifics(a)
    )


def _average_link(
    similarity: np.ndarray, traits: list[_Traits], settings: GroupSettings,
    cannot_link: Callable[[_Traits, _Traits, GroupSettings], bool] = _different_happenings,
) -> list[list[int]]:
    """Average-link clustering of one block down to `settings.threshold`, skipping merges that
    `cannot_link` refuses (re-asked whenever one of the two clusters has grown).

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


# --- specifics and times --------------------------------------------------------------------

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_NAMES = {m[:3]: m for m in _MONTHS}
_TIME_WORDS = frozenset(_WEEKDAYS) | frozenset(_MONTHS)

# Candidate names and numbers: words that do not start with an ASCII lower-case letter
# (the Python test `isupper` sorts out the rest), with inner apostrophes, dots, hyphens.
_CAPITALISED = re.compile(r"(?<![^\W_])(?![a-z])[^\W_]+(?:['’.,&-][^\W_]+)*")
_FIRST_WORD = re.compile(r"[\W_]*")
_SENTENCE_GAP = re.compile(r"[.!?:]\s|\n")
_MONTH = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
# Case-sensitive on purpose: "may" the verb is not a month.
_TIME = re.compile(
    r"\b(?:(?P<weekday>" + "|".join(w.capitalize() for w in _WEEKDAYS) + r")"
    r"|(?P<month>" + _MONTH + r")\.?\s+(?P<day>\d{1,2})(?!\d|,\d)"
    r"|(?P<day_first>\d{1,2})\s+(?P<month_after>" + _MONTH + r"))\b"
)


def specifics(text: str) -> set[str]:
    """Names and numbers in `text`, lower-cased: capitalised words that are not stop words
    or time words (a sentence's first word counts only if it is capitalised elsewhere too),
    and numbers ("15,000" -> "15000")."""
    initial: set[str] = set()
    inner: set[str] = set()
    for sentence in _SENTENCE_GAP.split(text):
        first = _FIRST_WORD.match(sentence)
        first_at = first.end() if first else -1
        for match in _CAPITALISED.finditer(sentence):
            word = match.group()
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            (initial if match.start() == first_at else inner).add(word)
    found: set[str] = set()
    for word in initial | inner:
        if word[0].isdigit():
            found.add(word.replace(",", ""))
        elif word in inner and word[0].isupper() and len(word) > 1:
            lower = word.lower()
            if lower not in ENGLISH_STOP_WORDS and lower not in _TIME_WORDS:
                found.add(lower)
    return found


def time_anchors(text: str) -> set[str]:
    """Weekdays and calendar dates (month and day) mentioned in `text`, e.g. {"friday", "march 21"}."""
    anchors = set()
    for match in _TIME.finditer(text):
        if match["weekday"]:
            anchors.add(match["weekday"].lower())
            continue
        if match["month"]:
            month, day = match["month"], match["day"]
        else:
            month, day = match["month_after"], match["day_first"]
        if 1 <= int(day) <= 31:
            anchors.add(f"{_MONTH_NAMES[month[:3].lower()]} {int(day)}")
    return anchors


# --- events and titles ----------------------------------------------------------------------

_TITLE_WORDS = 12
_LEAD_SENTENCES = 1  # news leads say what happened (inverted pyramid)
_TITLE_CANDIDATE_ARTICLES = 3
# "SEOUL - ", "PYONGYANG: ", "NAIROBI, Kenya (AP) _ "
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]*(?:,\s*[A-Z][\w .'’-]*?)?\s*(?:\([\w. ]+\))?\s*[-–—_:]\s+"
)
# Words that open an introductory phrase, which a headline leaves out.
_OPENERS = frozenset(
    "after amid as at despite during following for from in on since under while with".split()
)


def _event(
    event_id: str, members: list[Article], copy_of: dict[int, int],
    canon: Sequence[Article], index: dict[str, int], vectors: _Vectors,
) -> Event:
    """The Event of `members` (in the order given); `index` maps an id to its row in `canon`."""
    duplicates = tuple(
        (a.id, canon[copy_of[index[a.id]]].id) for a in members if index[a.id] in copy_of
    )
    originals = [a for a in members if index[a.id] not in copy_of]
    return Event(event_id, _title(originals, [index[a.id] for a in originals], vectors),
                 tuple(members), duplicates)


def _title(originals: list[Article], rows: list[int], vectors: _Vectors) -> str:
    """The most central original's title, or else a headline cut from the most central of
    the leads of the most central originals."""
    matrix = vectors.matrix[rows]
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    centrality = matrix @ centroid
    ranked = [originals[i] for i in np.argsort(-centrality, kind="stable")]
    titled = [a for a in ranked if a.title.strip()]
    if titled:
        return _headline(titled[0].title)
    candidates = [
        s for a in ranked[:_TITLE_CANDIDATE_ARTICLES] for s in split_text(a.text)[:_LEAD_SENTENCES]
    ]
    if not candidates:
        return ""
    scores = vectors.transform(candidates) @ centroid
    return _headline(candidates[int(np.argmax(scores))])


def _headline(sentence: str, max_words: int = _TITLE_WORDS) -> str:
    """`sentence` as a headline: no dateline, no introductory phrase ("In Honduras, ..."),
    cut at a word boundary to at most `max_words` words (at a clause break when there is one
    late enough), with "…" when cut mid-clause, never just after a function word."""
    text = " ".join(_DATELINE.sub("", sentence.strip(), count=1).split())
    words = text.split()
    if words and words[0].lower() in _OPENERS:
        comma = next((k for k, w in enumerate(words[:max_words]) if w.endswith(",")), None)
        if comma is not None and comma + 1 < len(words):
            words = words[comma + 1:]
    if words:
        words[0] = words[0][:1].upper() + words[0][1:]
    if len(words) <= max_words:
        return " ".join(words).rstrip(".")
    head = words[:max_words]
    for k in range(max_words - 1, max_words // 2 - 1, -1):
        if head[k].endswith((",", ";", ":")) or words[k + 1] in ("-", "–", "—"):
            return " ".join(head[: k + 1]).rstrip(",;:")
    while len(head) > max_words // 2 and head[-1].lower().strip(",;:") in ENGLISH_STOP_WORDS:
        head.pop()  # "... to cut short his Central Asian…", not "... the…"
    return " ".join(head).rstrip(",;:.") + "…"
