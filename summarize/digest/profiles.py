"""Event profiles: what the digest remembers of each article it sent, so that an article that
arrives on a later night joins the event it belongs to even when that event's earlier
articles are no longer among the inputs (a feed keeps a few days of items).

An article's profile is small and independent of the other articles present: its content
words (stemmed) weighted by sublinear term frequency times general English rarity
(summarize.group.rarity: the same weight whatever else arrived, unlike an IDF fitted on the
input), the strongest `TERMS` of them, L2-normalised; its specifics (names and numbers)
and the days it refers to (resolved against its date), each counted by paragraph, and its
publication time, as the grouping's cannot-link test reads them
(summarize.group.cluster.Traits). An event's profile is its articles' term vectors with
their specifics and times counted and the span of dates.

Tonight's event continues a sent one when the mean cosine over their pairs of articles
(average link) reaches `MATCH` and the grouping's cannot-link test
(summarize.group.cluster.held_apart: apart in time, each with names or numbers of its own)
does not hold them apart. The value of `MATCH` and its precision and recall on held-back
halves of Multi-News and DUC 2004 events come from eval/stream_profiles.py (docs/digest.md,
"Stream mode").
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp

from summarize.group.cluster import Traits, held_apart
from summarize.group.settings import DEFAULT, GroupSettings
from summarize.group.vectors import full_text
from summarize.records import Article, as_utc
from summarize.text import content_tokens

TERMS = 60  # content words kept per article (about 1 KB of JSON)
MATCH = 0.14  # mean pair cosine from which tonight's event continues a sent one (see docstring)


def article_profile(article: Article) -> str:
    """The article's profile as compact JSON (what the state keeps per sent article)."""
    from summarize.group.rarity import rarity

    counts: Counter = Counter()
    surface: dict[str, str] = {}
    for key, word in content_tokens(full_text(article)):
        counts[key] += 1
        surface.setdefault(key, word)
    keys = sorted(counts)
    weights = [(1 + math.log(counts[k])) * r for k, r in zip(keys, rarity(surface[k] for k in keys))]
    top = sorted(zip(keys, weights), key=lambda kw: (-kw[1], kw[0]))[:TERMS]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    traits = Traits.of(article)
    return json.dumps({
        "terms": {k: round(w / norm, 4) for k, w in top},
        "specifics": dict(sorted(traits.specifics.items())),
        "times": dict(sorted(traits.anchors.items())),
        "published": article.published.isoformat() if article.published else None,
    }, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class EventProfile:
    """An event's articles' term vectors, its specifics and times (with the number of
    paragraphs naming each) and span of publication dates."""

    vectors: tuple[Mapping[str, float], ...]
    traits: Traits

    @classmethod
    def of(cls, profiles: Iterable[str]) -> EventProfile:
        vectors: list[dict[str, float]] = []
        named: Counter = Counter()
        times: Counter = Counter()
        stamps: list[float] = []
        for text in profiles:
            profile = json.loads(text)
            vectors.append(profile["terms"])
            named.update(profile["specifics"])
            times.update(profile["times"])
            if profile["published"]:
                stamps.append(as_utc(datetime.fromisoformat(profile["published"])).timestamp())
        traits = Traits(list(range(len(vectors))), named, times,
                        min(stamps) if stamps else None, max(stamps) if stamps else None)
        return cls(tuple(vectors), traits)


def _rows(profiles: Sequence[EventProfile], vocabulary: dict[str, int]) -> tuple[list, list, list]:
    """Every article vector of `profiles`, in order, as CSR arrays over `vocabulary` (which
    gains the terms it lacks)."""
    data, columns, pointers = [], [], [0]
    for profile in profiles:
        for vector in profile.vectors:
            for term, weight in vector.items():
                columns.append(vocabulary.setdefault(term, len(vocabulary)))
                data.append(weight)
            pointers.append(len(data))
    return data, columns, pointers


def _membership(profiles: Sequence[EventProfile]) -> sp.csr_matrix:
    """Events x articles, each row averaging its own event's articles."""
    sizes = [len(p.vectors) for p in profiles]
    owner = np.repeat(np.arange(len(profiles)), sizes)
    weights = np.repeat([1.0 / max(1, n) for n in sizes], sizes)
    return sp.csr_matrix((weights, (owner, np.arange(len(owner)))), shape=(len(profiles), len(owner)))


def average_links(tonight: Sequence[EventProfile], sent: Sequence[EventProfile]) -> np.ndarray:
    """Tonight x sent: the mean cosine over each pair's articles (average link, while the
    grouping merges by WPGMA), by one sparse product."""
    vocabulary: dict[str, int] = {}
    ours, theirs = (
        sp.csr_matrix(arrays, shape=(len(arrays[2]) - 1, len(vocabulary)))
        for arrays in [_rows(tonight, vocabulary), _rows(sent, vocabulary)]
    )
    pairs = ours @ theirs.T
    return (_membership(tonight) @ pairs @ _membership(sent).T).toarray()


def continued(
    tonight: Mapping[str, EventProfile], stored: Mapping[int, EventProfile], *,
    settings: GroupSettings = DEFAULT, match: float = MATCH,
) -> dict[str, int]:
    """For each of `tonight`'s events (profiles by event id) that continues a sent event:
    {event id: the sent event's state id}, the most similar one at or above `match` that is
    the cannot-link test does not hold apart (the lowest state id on a tie)."""
    ids = sorted(stored)
    if not tonight or not ids:
        return {}
    links = average_links(list(tonight.values()), [stored[sid] for sid in ids])
    found: dict[str, int] = {}
    for (event_id, profile), row in zip(tonight.items(), links):
        for k in np.lexsort((np.arange(len(ids)), -row)):  # most similar first, ties by id
            if row[k] < match:
                break
            if not held_apart(profile.traits, stored[ids[k]].traits, settings, lambda: float(row[k])):
                found[event_id] = ids[k]
                break
    return found
