"""Rank an event's sentences by salience and select a non-redundant summary under a word budget.

1. Candidates (summarize.rank.candidates): wire copies merged into one sentence that keeps
   them as `copies`; fragments (captions, bylines, datelines, quotations cut in half,
   questions to the reader, sentences that point back at a missing one) left out.
2. Salience (summarize.rank.salience): a monotone submodular objective that combines
   concept bigrams weighted by their support across articles and by their position in each
   article (Gillick & Favre, 2009), with capped expected matches of the event's words
   (content words weighted by the share of articles that use them, as in KLSum). Near-copy
   articles count only through what they add.
3. Selection (summarize.rank.select): the exact budgeted optimum as an integer program
   (scipy's HiGHS) over the candidates most salient per word, checked against the
   cost-scaled greedy of Lin & Bilmes (2010); all candidates are then ordered by greedy
   marginal gain per word, summary first.

Deterministic: the same event and sentences give the same ranking (ties go to reading order,
the solver is bounded by a node count, not by time).
"""

from __future__ import annotations

from collections.abc import Sequence

from summarize.rank.candidates import Candidate, candidate_sentences, trim_dateline
from summarize.rank.salience import article_weights, build_objective
from summarize.rank.select import budgeted_selection, greedy_order, salience
from summarize.rank.settings import DEFAULT, RankSettings
from summarize.records import Event, RankedSentence, Ranking, Sentence
from summarize.text import content_words, restates

__all__ = ["DEFAULT", "RankSettings", "rank_event", "reading_order", "truncate"]


def rank_event(
    event: Event,
    sentences: Sequence[Sentence],
    max_words: int,
    settings: RankSettings = DEFAULT,
) -> Ranking:
    """Rank `sentences` (those of the event's articles, copies included) and select a summary.

    `ranked` holds every candidate, best first; `selected` the summary, in reading order,
    at most `max_words` words. If no candidate fits, the most salient one is cut at a word
    boundary (its text ends with "…"), so an event with any text never gets an empty summary.
    """
    if max_words < 1:
        raise ValueError(f"max_words must be at least 1, got {max_words}")
    known = set(event.article_ids)
    strangers = sorted({s.article_id for s in sentences} - known)
    if strangers:
        raise ValueError(
            f"sentence of article {strangers[0]!r}, which is not in event {event.id!r}"
        )
    order = reading_order(event)
    trimmed = [trim_dateline(s) for s in sentences]
    pool, groups = candidate_sentences(
        event, trimmed, order, min_words=settings.min_words, near_copy=settings.near_copy
    )
    if not pool:
        # Every sentence failed the fragment filter (or the script has no sentence marks
        # Punkt knows): the summary is still never empty, it is the first one, cut to fit.
        if not sentences:
            return Ranking(event.id, (), ())
        first = RankedSentence(truncate(sentences[0], max_words), 0.0)
        return Ranking(event.id, (first,), (first,))
    weights = article_weights(event.duplicate_of, trimmed, groups)
    per_article: dict[str, list[Sentence]] = {}
    for sentence in trimmed:
        per_article.setdefault(sentence.article_id, []).append(sentence)
    objective = build_objective(
        [(weights[a], per_article[a]) for a in sorted(per_article, key=order.__getitem__)],
        [c.sentence for c in pool],
        max_words,
        settings,
    )
    chosen = budgeted_selection(
        objective, max_words, pool=settings.pool, node_limit=settings.node_limit
    )
    scores = salience(objective)
    best_first = greedy_order(objective, chosen, settings.greedy_order)
    ranked = tuple(_ranked(pool[j], scores[j]) for j in best_first)
    if chosen:
        length = {a: len(sents) for a, sents in per_article.items()}
        chosen = sorted(chosen, key=lambda j: _position_key(pool[j].sentence, length, order))
        chosen = _drop_restatements(chosen, pool, settings.restatement)
        selected = tuple(_ranked(pool[j], scores[j]) for j in chosen)
    else:
        best = ranked[0]
        selected = (RankedSentence(truncate(best.sentence, max_words), best.score, best.copies),)
    return Ranking(event.id, ranked, selected)


def reading_order(event: Event) -> dict[str, int]:
    """Article id -> rank in reading order: by publication time when every article has one,
    else as the event lists them."""
    articles = list(event.articles)
    if articles and all(a.published for a in articles):
        articles.sort(key=lambda a: a.published.timestamp())
    return {a.id: i for i, a in enumerate(articles)}


def _drop_restatements(chosen: list[int], pool: Sequence[Candidate], threshold: float) -> list[int]:
    """`chosen` without sentences that restate an earlier one (content-word Jaccard at or
    above `threshold`): a near-copy the copy grouping let through adds no information."""
    kept: list[int] = []
    seen: list[frozenset[str]] = []
    for j in chosen:
        content = content_words(pool[j].sentence.text)
        if any(restates(content, s, threshold) for s in seen):
            continue
        kept.append(j)
        seen.append(content)
    return kept


def _position_key(sentence: Sentence, length: dict[str, int], order: dict[str, int]):
    """Reading order across articles: by relative position in its article (news puts the
    essentials first, so leads open the summary), then by the articles' reading order."""
    return (sentence.index / max(length[sentence.article_id], 1), order[sentence.article_id], sentence.index)


def truncate(sentence: Sentence, max_words: int) -> Sentence:
    """The sentence cut to its first `max_words` words, marked with "…"."""
    tokens = sentence.text.split()
    if len(tokens) <= max_words:
        return sentence
    text = " ".join(tokens[:max_words]).rstrip(",;:") + "…"
    return Sentence(sentence.article_id, sentence.index, text)


def _ranked(candidate: Candidate, score: float) -> RankedSentence:
    return RankedSentence(candidate.sentence, float(score), candidate.copies)
