"""Coherence and redundancy constraints on a summary, and its reading order.

* Restatements: two candidates that tell the same fact (summarize.text.same_fact: shared
  meaning words with news paraphrase synonyms, or one contained in the other, or the same
  opening) conflict; a summary holds at most one of them.
* Context: a sentence that opens by pointing back ("He said...", "But...") needs the
  sentence before it in its article (summarize.rank.candidates, `Candidate.after`); a
  sentence whose opening has a definite description of something its article introduced
  earlier ("The mayor ordered police to break up the protests.") needs a summary
  sentence before it that names it, or else the nearest earlier sentence of its article
  that does. The selection brings that sentence along or leaves the sentence out.
* Order: by relative position in the article (leads first), then by the articles' reading
  order (publication time when known), each sentence placed after the context it needs.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarize.rank.candidates import Candidate
from summarize.records import Sentence
from summarize.paraphrase import definite_heads, same_fact, signature
from summarize.text import content_words

Needs = dict[int, tuple[int, frozenset[str]]]


def conflicts(pool: Sequence[Candidate], members: Sequence[int]) -> dict[int, set[int]]:
    """For each of `members`, the other members that restate it."""
    signs = {j: signature(pool[j].sentence.text) for j in members}
    out: dict[int, set[int]] = {j: set() for j in members}
    ordered = sorted(members)
    for x, i in enumerate(ordered):
        for j in ordered[x + 1:]:
            if same_fact(signs[i], signs[j]):
                out[i].add(j)
                out[j].add(i)
    return out


def context_needs(
    pool: Sequence[Candidate], per_article: dict[str, Sequence[Sentence]]
) -> tuple[Needs, list[frozenset[str]]]:
    """What each candidate needs before it (`needs[j] = (antecedent or -1, heads)`), and every
    candidate's content words (to check that heads are named)."""
    words_of = [content_words(c.sentence.text) for c in pool]
    where = {(c.sentence.article_id, c.sentence.index): j for j, c in enumerate(pool)}
    needs: Needs = {}
    seen_words: dict[str, list[frozenset[str]]] = {}
    for j, candidate in enumerate(pool):
        sentence = candidate.sentence
        if candidate.after is not None:
            antecedent = where.get((candidate.after.article_id, candidate.after.index), -1)
            needs[j] = (antecedent, frozenset())
            continue
        heads = definite_heads(sentence.text)
        if not heads or sentence.index == 0:
            continue
        if sentence.article_id not in seen_words:
            seen_words[sentence.article_id] = [content_words(s.text) for s in per_article[sentence.article_id]]
        article = seen_words[sentence.article_id]
        position = next(
            (k for k, s in enumerate(per_article[sentence.article_id]) if s.index == sentence.index), 0
        )
        earlier = set().union(*article[:position]) if position else set()
        introduced = frozenset(h for h in heads if h in earlier)
        if not introduced:
            continue
        antecedent = -1
        for k in range(position - 1, -1, -1):
            s = per_article[sentence.article_id][k]
            if introduced & article[k] and (s.article_id, s.index) in where:
                antecedent = where[(s.article_id, s.index)]
                break
        needs[j] = (antecedent, introduced)
    return needs, words_of


def summary_order(
    chosen: Sequence[int],
    pool: Sequence[Candidate],
    needs: Needs,
    words_of: Sequence[frozenset[str]],
    length: dict[str, int],
    order: dict[str, int],
) -> list[int]:
    """`chosen` in reading order (see the module docstring), each after what it needs."""
    def key(j: int):
        s = pool[j].sentence
        return (s.index / max(length[s.article_id], 1), order[s.article_id], s.index)

    pending = sorted(chosen, key=key)
    placed: list[int] = []
    known: set[str] = set()
    while pending:
        for x, j in enumerate(pending):
            antecedent, heads = needs.get(j, (-1, frozenset()))
            ready = (
                j not in needs
                or antecedent in placed
                or (antecedent not in pending and heads and heads <= known)
                or (antecedent not in pending and not heads)
            )
            if ready:
                break
        else:
            x = 0  # a cycle cannot arise (antecedents come earlier in their article); be safe
        j = pending.pop(x)
        while True:
            placed.append(j)
            known |= words_of[j]
            # A sentence that points back follows its antecedent at once.
            follower = next((k for k in pending if needs.get(k, (-1, None)) == (j, frozenset())), None)
            if follower is None:
                break
            pending.remove(follower)
            j = follower
    return placed
