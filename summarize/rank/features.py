"""Salience features of candidate sentences, as news is written, and their fitted combination.

Each candidate gets one row of FEATURES, all computed from the event alone:

* position: `lead` exp(-k / 2) and `first` (k = 0), where k is the sentence's rank among its
  article's candidate sentences (headlines, captions and other fragments do not count), and
  `late` its relative position in the article (news is lead-heavy);
* centrality: `centrality`, the cosine between the sentence's tf-idf vector of content words
  and the event's centroid (each article's vector normalised first, so one long page does not
  outvote the others); `article_fit`, the same for the sentence's whole article against the
  other articles (an unrelated page appended to the event scores low);
* support: `support`, the mean over the event's other articles of the best cosine with one of
  their sentences (several outlets report it);
* specifics: `names`, names and numbers per word (summarize.text.specifics);
* page furniture that survives cleaning: `furniture`, cue words of site chrome and media
  blurbs per word (subscribe, click, video, photo, ...), `title_case`, the share of
  capitalised words (headlines and captions are Title Cased), `long`, words beyond 45 (menus
  and lists glued into one "sentence");
* `short`, 1 / words; `quote`, whether it quotes someone; `after`, whether it needs the
  sentence before it (summarize.rank.candidates; set by the caller); `first_article`, from
  the first article in reading order; `central_lead`, centrality times `lead`.

The salience of a candidate is the linear model `WEIGHTS` (fitted by eval/fit_rank.py on
Multi-News validation and DUC 2004 together; see eval/EVALUATION.md) applied to its row:
an estimate of the reference n-grams the sentence holds per word.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from summarize.rank import weights as fitted
from summarize.records import Sentence
from summarize.text import content_words, specifics, tokens, word_count

FEATURES = (
    "lead", "first", "late", "centrality", "article_fit", "support", "names",
    "furniture", "title_case", "long", "short", "quote", "after", "first_article",
    "central_lead",
)

# Words of site chrome, share prompts and media blurbs (not of any one site).
FURNITURE_WORDS = frozenset({
    "click", "subscribe", "subscription", "newsletter", "newsletters", "cookie", "cookies",
    "browser", "javascript", "advertisement", "advertising", "sponsored", "login", "log",
    "sign", "signup", "email", "e-mail", "share", "tweet", "facebook", "twitter", "instagram",
    "youtube", "pinterest", "whatsapp", "follow", "comments", "comment", "video", "videos",
    "watch", "photo", "photos", "image", "images", "gallery", "slideshow", "caption", "getty",
    "copyright", "reserved", "download", "app", "podcast", "playlist", "website", "page",
    "privacy", "terms", "read", "related", "trending", "updated", "published",
})


QUOTES = "\"“”«»"


def _tfidf(texts: Sequence[str]) -> tuple[sp.csr_matrix, list[frozenset[str]]]:
    """Row-normalised tf-idf (binary tf) of content words, and each text's content words."""
    bags = [content_words(t) for t in texts]
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, bag in enumerate(bags):
        for word in sorted(bag):
            rows.append(i)
            cols.append(vocabulary.setdefault(word, len(vocabulary)))
    n = len(texts)
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(vocabulary)))
    df = np.asarray((matrix > 0).sum(axis=0)).ravel()
    idf = np.log((n + 1) / (df + 1)) + 1.0
    matrix = matrix @ sp.diags(idf)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return (sp.diags(1.0 / np.maximum(norms, 1e-12)) @ matrix).tocsr(), bags


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def features(
    candidates: Sequence[Sentence],
    articles: Sequence[tuple[str, float, Sequence[Sentence]]],
    standing: set[tuple[str, int]],
) -> np.ndarray:
    """FEATURES for each of `candidates` (rows, in order).

    `articles`: (id, weight, sentences) for every article of the event, weight as in
    summarize.rank.salience.article_weights; `standing`: (article, index) of the sentences
    that can stand alone (their article rank is the position feature).
    """
    everything = [s for _, _, sentences in articles for s in sentences]
    matrix, _ = _tfidf([s.text for s in everything] + [c.text for c in candidates])
    sentence_rows = matrix[: len(everything)]
    candidate_rows = matrix[len(everything):]
    ids = [a for a, _, _ in articles]
    weight = {a: w for a, w, _ in articles}
    start, spans = 0, {}
    for a, _, sentences in articles:
        spans[a] = (start, start + len(sentences))
        start += len(sentences)
    vectors = {
        a: _unit(np.asarray(sentence_rows[lo:hi].sum(axis=0)).ravel()) for a, (lo, hi) in spans.items()
    }
    centroid = _unit(sum((weight[a] * vectors[a] for a in ids), np.zeros(matrix.shape[1])))
    fit = {}
    for a in ids:
        others = sum((weight[b] * vectors[b] for b in ids if b != a), np.zeros(matrix.shape[1]))
        fit[a] = float(vectors[a] @ _unit(others)) if np.any(others) else 1.0
    length = {a: len(sentences) for a, _, sentences in articles}
    rank: dict[tuple[str, int], int] = {}
    for a, _, sentences in articles:
        k = 0
        for s in sentences:
            if (a, s.index) in standing:
                rank[(a, s.index)] = k
                k += 1

    out = np.zeros((len(candidates), len(FEATURES)))
    if not candidates:
        return out
    similarity = (candidate_rows @ sentence_rows.T).toarray()
    owner = np.array([ids.index(c.article_id) for c in candidates])
    support, total = np.zeros(len(candidates)), np.zeros(len(candidates))
    for m, b in enumerate(ids):
        lo, hi = spans[b]
        if hi == lo or weight[b] <= 0:
            continue
        other = owner != m
        support += np.where(other, weight[b] * similarity[:, lo:hi].max(axis=1), 0.0)
        total += np.where(other, weight[b], 0.0)
    centrality = candidate_rows @ centroid
    for j, c in enumerate(candidates):
        a = c.article_id
        k = rank.get((a, c.index), c.index)
        n_words = max(word_count(c.text), 1)
        toks = tokens(c.text)
        lowered = [t.lower() for t in toks]
        capitalised = sum(1 for t in toks if t[:1].isupper())
        out[j] = (
            math.exp(-k / 2.0),
            1.0 if k == 0 else 0.0,
            c.index / max(length.get(a, 1), 1),
            float(centrality[j]),
            fit.get(a, 1.0),
            support[j] / total[j] if total[j] else 0.0,
            len(specifics(c.text)) / n_words,
            sum(1 for t in lowered if t in FURNITURE_WORDS) / n_words,
            capitalised / max(len(toks), 1),
            max(n_words - 45, 0) / 45.0,
            1.0 / n_words,
            1.0 if any(q in c.text for q in QUOTES) else 0.0,
            0.0,
            1.0 if a == ids[0] else 0.0,
            float(centrality[j]) * math.exp(-k / 2.0),
        )
    return out


def predicted_salience(rows: np.ndarray) -> np.ndarray:
    """The fitted linear model applied to feature rows, floored at a small positive value
    (every candidate keeps some value per word, so ties still go to coverage)."""
    if rows.size == 0:
        return np.zeros(rows.shape[0])
    weights = np.array([fitted.WEIGHTS[name] for name in FEATURES])
    return np.maximum(rows @ weights + fitted.INTERCEPT, 1e-3)


def candidate_features(pool: Sequence, articles: Sequence[tuple[str, float, Sequence[Sentence]]]) -> np.ndarray:
    """FEATURES of the ranker's candidates (summarize.rank.candidates.Candidate)."""
    candidates = [c.sentence for c in pool]
    standing = {(c.sentence.article_id, c.sentence.index) for c in pool if c.after is None}
    rows = features(candidates, articles, standing)
    rows[:, FEATURES.index("after")] = [c.after is not None for c in pool]
    return rows
