"""Events and their titles: the most central original's title, or else a headline cut from the
most central of the leads of the most central originals."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from summarize.group.vectors import Vectors
from summarize.records import Article, Event, Sentence
from summarize.text import STOP_WORDS, split_dateline

_TITLE_WORDS = 14
# A site name appended to a headline: " | CNN", " - BBC News", " — The Guardian".
_SITE_SUFFIX = re.compile(r"\s+[|\-–—:]\s+[^|\-–—:]{2,40}$")
_LEAD_SENTENCES = 1  # news leads say what happened (inverted pyramid)
_TITLE_CANDIDATE_ARTICLES = 3
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
    title = _title(originals, [index[a.id] for a in originals], vectors, sentences or {})
    return Event(event_id, title, tuple(members), duplicates)


def _title(
    originals: list[Article], rows: list[int], vectors: Vectors,
    sentences: Mapping[str, Sequence[Sentence]],
) -> str:
    """The most central original's title, or else a headline cut from the most central of
    the leads of the most central originals (an article without sentences given leads
    with its first line)."""
    matrix = vectors.matrix[rows]
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    centrality = matrix @ centroid
    ranked = [originals[i] for i in np.argsort(-centrality, kind="stable")]
    titled = [a for a in ranked if a.title.strip()]
    if titled:
        return _headline(_without_site(titled[0].title))
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
    cut at a word boundary to at most `max_words` words (at a clause break when there is one
    late enough), never with an ellipsis and never just after a function word."""
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
    while len(head) > max_words // 2 and head[-1].lower().strip(",;:") in STOP_WORDS:
        head.pop()  # "... to cut short his Central Asian…", not "... the…"
    return " ".join(head).rstrip(",;:.…")
