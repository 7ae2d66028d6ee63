"""Group articles into events: near-copies are found and counted once, then articles about
the same happening are clustered, and each event gets a readable title.

1. Content vectors: TF-IDF (sublinear tf, English stop words, unigrams), cosine
   similarity (Salton & Buckley, 1988), fitted on the articles given. The clustering compares
   three channels: these unigram rows with IDF raised to `idf_power` (2.5: a shared rare
   word weighs more), TF-IDF of bigrams of two content words (all kept), and the names and
   numbers mentioned, weighted by general English rarity; the similarity of two articles is
   the unigram cosine plus `bigram_weight` (1.0) times the bigram cosine plus `names_weight`
   (0.15) times the names cosine.
2. Candidate neighbours: the k nearest neighbours of every article above a similarity floor,
   by brute-force cosine on the sparse rows (scikit-learn's sparse product) in chunks of
   bounded size, so nothing quadratic in the number of articles is ever held in memory; a
   chunk is compared only with itself and the rows after it (the product is symmetric).
   This search is the one stage whose time grows with n^2 (eval/GROUPING.md, scale).
3. Near-copies (the same wire text on several sites): among the neighbours, a pair is a
   near-copy when at least half of the shorter article's word 5-gram shingles occur in the
   other (containment, Broder 1997). Each group of copies is represented by one original
   (the earliest published, then the longest); the copies join its event and are listed in
   `Event.duplicates`. Neighbours are then recomputed among the originals, so a story
   syndicated many times cannot crowd out its real neighbours.
4. Blocking: the originals' neighbour edges with similarity >= the threshold form a graph;
   the clustering can never merge across its connected components (every cross pair is below
   the threshold, hence so is any weighted mean of them; exact when no pair above the
   threshold falls outside the k neighbours), so each component is clustered on its own.
5. Within a block: agglomerative clustering down to the threshold (`linkage`: WPGMA by
   default, where a merged cluster's similarity to another is the mean of its two halves'
   whatever their sizes, or UPGMA average link), with a cannot-link test on each merge.
   Topical similarity alone cannot tell two happenings of one topic apart (two missile
   tests, months apart, in near-identical agency prose), so,
   as in Topic Detection and Tracking (Allan et al., 1998; Yang et al., 1998: named entities
   and time), two clusters of at least two articles stay apart when their times do not meet
   (published dates more than `max_gap_days` apart, or, without dates, no weekday or
   calendar date in common, a date counting only when named in two paragraphs) and each has
   specifics of its own: a name or number recurring in its articles that the other never
   mentions; or, whatever their times, when each names under `shared_names` of the other's
   recurring specifics (weighted by general English rarity).
6. Lone articles: an article left on its own joins the cluster of several articles whose
   centroid (the normalised sum of its members' vectors, channel by channel) is most similar
   to it, when that similarity reaches the threshold, as in TDT's comparison of a story with
   cluster centroids (Allan et al., 1998). Average link compares it with each member instead,
   which dilutes its similarity to a large, loosely written cluster below the threshold. The
   cannot-link test still applies, with times that meet only when each side's most-named
   time is one the other names.
7. Splinters: a cluster of 2 to `splinter` (4) articles joins the cluster of more than
   `splinter` whose centroid its members are on average most similar to, when that mean
   reaches the threshold (step 6 for several articles, by the same code and test: a loosely
   written story splinters into a main cluster and pairs or triples that the linkage leaves
   apart), with the shared-names test between groups of 2+ as well.

Events come biggest first (originals counted), ties in order of first appearance, with ids
e01, e02, ... in that order. The partition does not depend on the input order: articles are
processed in id order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from summarize.group.cluster import (
    TraitsCache, attach_loners, attach_splinters, centroid_test, cluster_originals,
)
from summarize.group.copies import near_copies
from summarize.group.settings import DEFAULT, GroupSettings
from summarize.group.titles import event_of
from summarize.group.vectors import Vectors
from summarize.records import Article, Event, Sentence

__all__ = ["DEFAULT", "GroupSettings", "group_articles", "single_event"]

Sentences = Mapping[str, Sequence[Sentence]]


def group_articles(
    articles: Sequence[Article], settings: GroupSettings = DEFAULT, *, sentences: Sentences | None = None
) -> list[Event]:
    """Group `articles` into events; every article is in exactly one event (singletons too).

    Deterministic, and the same partition for any order of the input. `sentences` (by
    article id, from summarize.sentences) give untitled events a title from a lead sentence.
    """
    given = list(articles)
    _check_ids(given)
    if not given:
        return []
    canon = sorted(given, key=lambda a: a.id)
    vectors = Vectors.fit(canon)
    copy_of = near_copies(canon, vectors, settings)
    originals = [i for i in range(len(canon)) if i not in copy_of]
    channels = vectors.channels(canon, settings.idf_power, settings.bigram_weight, settings.names_weight)
    refuse = centroid_test(TraitsCache(canon), vectors, settings)
    clusters = attach_loners(
        channels, cluster_originals(canon, vectors, channels, originals, settings), settings, refuse)
    clusters = attach_splinters(channels, clusters, settings, refuse)

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
        event_of(f"e{k:0{width}d}", [canon[i] for i in members], copy_of, canon, index, vectors, sentences)
        for k, (_, members) in enumerate(groups, start=1)
    ]


def single_event(
    articles: Sequence[Article], settings: GroupSettings = DEFAULT, *, sentences: Sentences | None = None
) -> Event:
    """All `articles` as one event "e01" (no grouping); near-copies are still marked."""
    given = list(articles)
    _check_ids(given)
    if not given:
        raise ValueError("an event needs at least one article")
    canon = sorted(given, key=lambda a: a.id)
    vectors = Vectors.fit(canon)
    copy_of = near_copies(canon, vectors, settings)
    index = {a.id: i for i, a in enumerate(canon)}
    return event_of("e01", given, copy_of, canon, index, vectors, sentences)


def _check_ids(articles: Sequence[Article]) -> None:
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            raise ValueError(f"article ids must be unique; {article.id!r} occurs twice")
        seen.add(article.id)
