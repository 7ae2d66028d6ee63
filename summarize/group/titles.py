"""Events and their titles: the most representative headline (the one whose words the other
reports share, from an article near the event's centre), or else a headline cut from the most
central of the leads of the most central originals."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from sklearn.preprocessing import normalize

from summarize.group.vectors import Vectors, full_text
from summarize.records import Article, Event, Sentence
from summarize.text import STOP_WORDS, content_words, split_dateline

_TITLE_WORDS = 14
# A site name appended to a headline: " | CNN", " - BBC News", " — The Guardian".
_SITE_SUFFIX = re.compile(r"\s+[|\-–—:]\s+[^|\-–—:]{2,40}$")
_LEAD_SENTENCES = 1  # news leads say what happened (inverted pyramid)
_TITLE_CANDIDATE_ARTICLES = 3
_HEADLINE_CANDIDATES = 10  # most central titled members whose headlines are compared
_SUPPORTERS = 30  # most central members whose texts vote on a headline's words
# Words that open a trailing phrase or clause: a long lead is cut before the last of them that
# fits ("... ran aground off Kelby on Monday | with 212 passengers on board").
_PHRASE_OPENERS = frozenset(
    "after amid and as at because before but by despite during following for from in including "
    "into near of on over since than that to under until when where which while who with without".split()
)
# Words that open an introductory phrase, which a headline leaves out.
_OPENERS = frozenset(
    "after amid as at despite during following for from in on since under while with".split()
)


def event_of(
    event_id: str, members: list[Article], copy_of: dict[int, int],
    canon: Sequence[Article], index: dict[str, int], vectors: Vectors,
    sentences: Mapping[str, Sequence[Sentence]] | None = None,
) -> Event:
    """The Event of `members` (in the order given); `index` maps an id to its row in `canon`;
    `sentences` (by article id) give the lead sentences of untitled articles."""
    duplicates = tuple(
        (a.id, canon[copy_of[index[a.id]]].id) for a in members if index[a.id] in copy_of
    )
    originals = [a for a in members if index[a.id] not in copy_of]
    title = _headline_of(members, [index[a.id] for a in members], vectors)
    if title is None:
        title = _title(originals, [index[a.id] for a in originals], vectors, sentences or {})
    return Event(event_id, title, tuple(members), duplicates)


def _headline_of(members: list[Article], rows: list[int], vectors: Vectors) -> str | None:
    """The event's most representative headline (site name removed), None when no member has
    one. Each of the `_HEADLINE_CANDIDATES` most central titled members is scored by the
    share of its headline's content words found in the other members' texts (mean over the
    `_SUPPORTERS` most central others; a near-copy counts as a report) plus its article's
    cosine to the event's centroid: the headline of a sidebar or feature ("A night in the
    shelter") names what few other reports say, and an outlier article is far from the
    centre. Ties go to the more central article."""
    order = _by_centrality(vectors.matrix[rows])
    titled = [k for k in order if members[k].title.strip()][:_HEADLINE_CANDIDATES]
    if not titled:
        return None
    matrix = vectors.matrix[rows]
    centroid = normalize(np.asarray(matrix.sum(axis=0)))
    closeness = np.asarray(matrix @ centroid.T).ravel()
    supporters = order[:_SUPPORTERS]
    bags = {k: content_words(full_text(members[k])) for k in supporters}

    def score(k: int) -> float:
        head = content_words(_without_site(members[k].title))
        others = [bags[j] for j in supporters if j != k]
        shared = np.mean([len(head & bag) / len(head) for bag in others]) if head and others else 0.0
        return float(shared) + float(closeness[k])

    best = max(titled, key=score)  # max keeps the first (most central) of equal scores
    return _headline(_without_site(members[best].title))


def _by_centrality(matrix) -> list[int]:
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    return [int(k) for k in np.argsort(-(matrix @ centroid), kind="stable")]


def _title(
    originals: list[Article], rows: list[int], vectors: Vectors,
    sentences: Mapping[str, Sequence[Sentence]],
) -> str:
    """A headline cut from the most central of the leads of the most central originals (an
    article without sentences given leads with its first line)."""
    matrix = vectors.matrix[rows]
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    ranked = [originals[i] for i in _by_centrality(matrix)]
    candidates = [
        lead
        for a in ranked[:_TITLE_CANDIDATE_ARTICLES]
        for lead in _leads(a, sentences)[:_LEAD_SENTENCES]
    ]
    if not candidates:
        return ""
    scores = vectors.transform(candidates) @ centroid
    return _headline(candidates[int(np.argmax(scores))])


def _without_site(title: str) -> str:
    """`title` without a trailing site name (at most four words after " | " or " - ")."""
    match = _SITE_SUFFIX.search(title)
    if match and len(match.group().split()) <= 5 and len(title[: match.start()].split()) >= 3:
        return title[: match.start()].strip()
    return title.strip()


def _leads(article: Article, sentences: Mapping[str, Sequence[Sentence]]) -> list[str]:
    if article.id in sentences:
        return [s.text for s in sentences[article.id]]
    return [line.strip() for line in article.text.splitlines() if line.strip()]


def _headline(sentence: str, max_words: int = _TITLE_WORDS) -> str:
    """`sentence` as a headline: no dateline, no introductory phrase ("In Honduras, ..."),
    at most `max_words` words: cut at a clause break when there is one late enough, else
    before the last trailing phrase that fits (a preposition or conjunction after a content
    word), else at a word boundary; never with an ellipsis, never just after a function word."""
    text = " ".join(split_dateline(sentence.strip())[1].split())
    words = text.split()
    if words and words[0].lower() in _OPENERS:
        comma = next((k for k, w in enumerate(words[:max_words]) if w.endswith(",")), None)
        if comma is not None and comma + 1 < len(words):
            words = words[comma + 1:]
    if words:
        words[0] = words[0][:1].upper() + words[0][1:]
    if len(words) <= max_words:
        return " ".join(words).rstrip(".").rstrip("…").rstrip(".").strip()
    head = words[:max_words]
    for k in range(max_words // 2, max_words):  # the main clause: the first break late enough
        if head[k].endswith((",", ";", ":")) or words[k + 1] in ("-", "–", "—"):
            return " ".join(head[: k + 1]).rstrip(",;:")
    for k in range(max_words, max_words // 2, -1):  # else before the last trailing phrase
        if words[k].lower() in _PHRASE_OPENERS and head[k - 1].lower() not in STOP_WORDS:
            return " ".join(head[:k]).rstrip(",;:.")
    while len(head) > max_words // 2 and head[-1].lower().strip(",;:") in STOP_WORDS:
        head.pop()  # "... to cut short his Central Asian…", not "... the…"
    return " ".join(head).rstrip(",;:.…")
