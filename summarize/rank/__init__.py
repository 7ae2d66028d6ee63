"""Rank an event's sentences by salience and select a non-redundant summary under a word budget.

1. Candidates (summarize.rank.candidates): quotations the splitter cut across sentences
   put back together; wire copies merged into one sentence that keeps them as `copies`;
   fragments (captions, bylines, datelines, quotations cut in half, questions to the
   reader, sentences that point back at a missing one) left out.
2. Salience (summarize.rank.salience): a monotone submodular objective that combines
   concept bigrams weighted by their support across articles and by their position in each
   article (Gillick & Favre, 2009), with capped expected matches of the event's words
   (content words weighted by the share of articles that use them, as in KLSum), plus a
   modular part: each sentence's fitted salience per word (summarize.rank.features: lead
   position, centrality, support by other outlets, names and numbers, quotations, page
   furniture; weights fitted on Multi-News and DUC 2004 by eval/fit_rank.py), weighing less
   as the event has more articles to support its concepts. Near-copy articles count only
   through what they add.
3. Constraints (summarize.rank.coherence): sentences that restate each other (paraphrase
   included) conflict; a sentence whose opening needs context comes with its antecedent or
   not at all. When only restatements are left the summary stops short of the budget.
4. Selection (summarize.rank.select): for budgets of a few sentences (`exact_up_to` words)
   the exact optimum of an integer program (scipy's HiGHS) over the candidates most salient
   per word; beyond, the cost-scaled greedy of Lin & Bilmes (2010) with local search (swap
   and drop-and-refill moves), within 1% of the exact optimum on average and several times
   faster. All candidates are then ordered by greedy marginal gain per word, summary first;
   the summary reads leads first, by time and position, each sentence after its context.

Deterministic: the same event and sentences give the same ranking (ties go to reading order,
the solver is bounded by a node count, not by time).
"""

from __future__ import annotations

from collections.abc import Sequence

from dataclasses import replace

import numpy as np

from summarize.rank.candidates import Candidate, candidate_sentences, join_split_quotations, trim_dateline
from summarize.rank.coherence import conflicts, context_needs, summary_order
from summarize.rank.features import candidate_features, predicted_salience
from summarize.rank.salience import Objective, article_weights, build_objective
from summarize.rank.select import _exact, _pool, constrained_selection, greedy_order, salience
from summarize.rank.settings import DEFAULT, RankSettings
from summarize.records import Event, RankedSentence, Ranking, Sentence

__all__ = ["DEFAULT", "RankSettings", "rank_event", "rank_objective", "reading_order", "truncate"]


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
    prepared = _prepare(event, sentences, max_words, settings)
    if prepared is None:
        # Every sentence failed the fragment filter (or the script has no sentence marks
        # Punkt knows): the summary is still never empty, it is the first one, cut to fit.
        if not sentences:
            return Ranking(event.id, (), ())
        first = RankedSentence(truncate(sentences[0], max_words), 0.0)
        return Ranking(event.id, (first,), (first,))
    pool, per_article, order, objective = prepared
    needs, words_of = context_needs(pool, per_article)
    exact = settings.exact or max_words <= settings.exact_up_to
    members = set(_pool(objective, max_words, settings.exact_pool if exact else settings.pool).tolist())
    members |= {needs[j][0] for j in members if j in needs and needs[j][0] >= 0}
    members = np.array(sorted(members), dtype=int)
    constraints = {"conflicts": conflicts(pool, members), "needs": needs, "words_of": words_of}
    chosen = constrained_selection(objective, max_words, members, **constraints)
    if exact:
        best = _exact(objective, max_words, members, node_limit=settings.node_limit, **constraints)
        if best is not None and objective.value(best) >= objective.value(chosen) - 1e-12:
            chosen = sorted(best)
    scores = salience(objective)
    best_first = greedy_order(objective, chosen, settings.greedy_order)
    ranked = tuple(_ranked(pool[j], scores[j]) for j in best_first)
    if chosen:
        length = {a: len(sents) for a, sents in per_article.items()}
        chosen = summary_order(chosen, pool, needs, words_of, length, order)
        selected = tuple(_ranked(pool[j], scores[j]) for j in chosen)
    else:
        best = ranked[0]
        selected = (RankedSentence(truncate(best.sentence, max_words), best.score, best.copies),)
    return Ranking(event.id, ranked, selected)


def rank_objective(
    event: Event, sentences: Sequence[Sentence], max_words: int, settings: RankSettings = DEFAULT
) -> Objective | None:
    """The objective `rank_event` maximises over the event's candidates (None without any)."""
    prepared = _prepare(event, sentences, max_words, settings)
    return None if prepared is None else prepared[3]


def _prepare(event: Event, sentences: Sequence[Sentence], max_words: int, settings: RankSettings):
    """(candidates, sentences per article, reading order, objective), or None when no
    sentence can stand alone."""
    order = reading_order(event)
    trimmed = join_split_quotations([trim_dateline(s) for s in sentences])
    pool, groups = candidate_sentences(
        event, trimmed, order, min_words=settings.min_words, near_copy=settings.near_copy
    )
    if not pool:
        return None
    weights = article_weights(event.duplicate_of, trimmed, groups)
    per_article: dict[str, list[Sentence]] = {}
    for sentence in trimmed:
        per_article.setdefault(sentence.article_id, []).append(sentence)
    articles = [(a, weights[a], per_article[a]) for a in sorted(per_article, key=order.__getitem__)]
    candidates = [c.sentence for c in pool]
    objective = build_objective([(w, s) for _, w, s in articles], candidates, max_words, settings)
    # Many articles make cross-article support (the concepts) a strong signal; with a few,
    # the fitted salience of each sentence carries more of the weight.
    sources = sum(w for _, w, _ in articles)
    blend = settings.salience_weight * min(1.0, settings.few_articles / max(sources, 1e-9)) ** 2
    if blend > 0:
        own = predicted_salience(candidate_features(pool, articles))
        modular = blend * own / own.max() * objective.lengths / max_words
        objective = replace(objective, modular=modular)
    return pool, per_article, order, objective


def reading_order(event: Event) -> dict[str, int]:
    """Article id -> rank in reading order: by publication time when every article has one,
    else as the event lists them."""
    articles = list(event.articles)
    if articles and all(a.published for a in articles):
        articles.sort(key=lambda a: a.published.timestamp())
    return {a.id: i for i, a in enumerate(articles)}


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
