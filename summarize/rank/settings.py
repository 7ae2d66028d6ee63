"""The ranker's parameters, with the values used by default (chosen on DUC 2004, see
eval/duc_extractive.py)."""

from __future__ import annotations

from dataclasses import dataclass

from summarize.rank.weights import FEW_ARTICLES, SALIENCE_WEIGHT
from summarize.text import RESTATEMENT


@dataclass(frozen=True)
class RankSettings:
    """Parameters of the salience objective and the selection.

    min_words: shorter sentences are fragments, not candidates.
    near_copy: content-word Jaccard similarity at which two sentences are copies (1.0: the
        same content words, in any order, with any stop words and punctuation).
    restatement: a selected sentence whose content-word Jaccard similarity with an earlier
        selected one reaches this is dropped from the summary (it says the same thing).
    min_support, support_share: a bigram counts as a concept when the articles using it
        reach `support_share` of the event's articles, at least two, at most `min_support`
        (and the article count): two of a few articles is support, two of ten is not.
    support_power: a concept weighs its support raised to this power.
    position_boost, position_decay: a sentence at index i counts 1 + boost * exp(-i / decay)
        towards the support of its bigrams (news puts the essentials first; the decay of 6,
        not DUC's 3, was chosen on Multi-News and DUC 2004 together: scraped pages spread
        their essentials over more opening sentences than wire copy).
    min_expected: words expected fewer times than this in a summary are ignored.
    pool: the exact selection considers this many candidates, the most salient per word.
    greedy_order: ranked positions after the selection filled by redundancy-aware greedy
        steps; the rest of the candidates follow by salience per word.
    salience_weight: weight of the fitted per-sentence salience (summarize.rank.features)
        against concept and word coverage, for events of at most `few_articles` articles
        (by weight); beyond, it falls with the square of the article count, as cross-article
        concept support becomes the stronger signal (both fitted by eval/fit_rank.py).
    exact, exact_up_to, exact_pool: the summary is the exact integer program's optimum over
        the `exact_pool` candidates most salient per word (side constraints included) when
        `exact` is set or the budget is at most `exact_up_to` words (a few sentences: the
        program is small and solved fast); otherwise the constrained greedy with local search
        over `pool` candidates (summarize.rank.select), whose time grows gently with the budget.
    node_limit: branch-and-bound nodes the exact selection may use (deterministic, unlike a
        time limit); the greedy selection is used when it is not beaten.
    """

    min_words: int = 8
    near_copy: float = 1.0
    restatement: float = RESTATEMENT
    min_support: float = 3.0
    support_share: float = 0.4
    support_power: float = 2.0
    position_boost: float = 2.0
    position_decay: float = 6.0
    min_expected: float = 0.05
    pool: int = 60
    greedy_order: int = 20
    node_limit: int = 20000
    salience_weight: float = SALIENCE_WEIGHT
    few_articles: float = FEW_ARTICLES
    exact: bool = False
    exact_up_to: int = 150
    exact_pool: int = 30

    def __post_init__(self) -> None:
        if self.min_words < 1 or self.pool < 1 or self.greedy_order < 0 or self.node_limit < 1:
            raise ValueError("min_words, pool and node_limit must be >= 1, greedy_order >= 0")
        if not 0.0 < self.near_copy <= 1.0:
            raise ValueError(f"near_copy must be in (0, 1], got {self.near_copy}")
        if not 0.0 <= self.support_share <= 1.0:
            raise ValueError(f"support_share must be in [0, 1], got {self.support_share}")
        if self.min_support < 1 or self.support_power <= 0 or self.position_decay <= 0:
            raise ValueError("min_support must be >= 1, support_power and position_decay > 0")
        if self.position_boost < 0 or self.min_expected < 0:
            raise ValueError("position_boost and min_expected must be >= 0")


DEFAULT = RankSettings()
