"""ROUGE-1, -2, -L and -Lsum (Lin, 2004) as the literature reports them.

Matching is Google's `rouge-score` package (a reimplementation of ROUGE-1.5.5) with Porter
stemming. Two settings of the original Perl script are reproduced on top of it:

* `-l N`: the summary is cut to its first N words (whitespace tokens) before scoring
  (`cut_words`).
* `-f A` with several references: hit and gram counts are pooled over the references
  (ROUGE-1.5.5 `computeNGramScore`/`computeLCSScore`, score mode "A"): recall is
  sum(hits) / sum(reference grams), precision is sum(hits) / sum(summary grams, counted once
  per reference), F1 their harmonic mean. rouge-score's own `score_multi` takes the best
  reference instead, which is ROUGE-1.5.5 `-f B`.

ROUGE-Lsum is summary-level LCS over sentences; it needs one sentence per line, which the
named step `sentences_per_line` provides. It is what ROUGE-1.5.5 prints as "ROUGE-L";
rouge-score's `rougeL` treats the whole text as one sequence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from summarize.sentences import split_text
from summarize.text import stem

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
_NGRAM_ORDER = {"rouge1": 1, "rouge2": 2, "rougeL": 1, "rougeLsum": 1}

#: Written into every evaluation's output so a reader can match the literature's settings.
SETTINGS = {
    "implementation": "rouge-score (Google), ROUGE-1.5.5 compatible",
    "stemming": "Porter",
    "stopwords": "kept",
    "multi_reference": "ROUGE-1.5.5 -f A: hit and gram counts pooled over references",
    "truncation": "summary cut to its first max_words whitespace-separated words (-l)",
    "rougeLsum_sentences": "one sentence per line (NLTK Punkt) via sentences_per_line",
    "scale": "0-1",
}


@dataclass(frozen=True)
class Score:
    """Recall, precision and F1 on a 0-1 scale."""

    recall: float
    precision: float
    f1: float


def cut_words(text: str, max_words: int | None) -> str:
    """The first `max_words` whitespace-separated words of `text`, line breaks kept.

    `None` keeps the whole text.
    """
    if max_words is None:
        return text
    if max_words < 0:
        raise ValueError(f"max_words must be >= 0, got {max_words}")
    lines: list[str] = []
    left = max_words
    for line in text.splitlines():
        words = line.split()
        if left <= 0:
            break
        if words:
            lines.append(" ".join(words[:left]))
            left -= min(left, len(words))
    return "\n".join(lines)


def sentences_per_line(text: str) -> str:
    """`text` with one sentence per line: the input contract of ROUGE-Lsum."""
    return "\n".join(split_text(text))


class _StemmingTokenizer:
    """rouge-score's default tokenizer with the toolkit's memoized Porter stemmer (stemming
    is half of the scoring time, and news reuses its words)."""

    stem = staticmethod(stem)

    def tokenize(self, text: str) -> list[str]:
        from rouge_score.tokenize import tokenize

        return tokenize(text, self)


@lru_cache(maxsize=1)
def _scorer():
    from rouge_score import rouge_scorer

    tokenizer = _StemmingTokenizer()
    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=tokenizer), tokenizer


def tokenize(text: str) -> list[str]:
    """The tokens ROUGE compares: lower-cased alphanumeric words, Porter-stemmed."""
    return _scorer()[1].tokenize(text)


def _gram_count(tokens: int, rouge_type: str) -> int:
    return max(tokens - _NGRAM_ORDER[rouge_type] + 1, 0)


def rouge_scores(
    summary: str, references: Sequence[str], max_words: int | None = None
) -> dict[str, Score]:
    """ROUGE of `summary` against `references`, pooled as ROUGE-1.5.5 `-f A`.

    The summary is cut to `max_words` words first; references are used whole.
    Keys are ROUGE_TYPES.
    """
    if not references:
        raise ValueError("at least one reference summary is needed")
    scorer, tokenizer = _scorer()
    candidate = sentences_per_line(cut_words(summary, max_words))
    candidate_tokens = len(tokenizer.tokenize(candidate))
    hits = dict.fromkeys(ROUGE_TYPES, 0)
    reference_grams = dict.fromkeys(ROUGE_TYPES, 0)
    for reference in references:
        reference = sentences_per_line(reference)
        reference_tokens = len(tokenizer.tokenize(reference))
        for rouge_type, score in scorer.score(reference, candidate).items():
            grams = _gram_count(reference_tokens, rouge_type)
            # rouge-score reports ratios; recall * reference grams recovers the hit count.
            hits[rouge_type] += round(score.recall * grams)
            reference_grams[rouge_type] += grams
    out: dict[str, Score] = {}
    for rouge_type in ROUGE_TYPES:
        summary_grams = _gram_count(candidate_tokens, rouge_type) * len(references)
        recall = hits[rouge_type] / reference_grams[rouge_type] if reference_grams[rouge_type] else 0.0
        precision = hits[rouge_type] / summary_grams if summary_grams else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[rouge_type] = Score(recall, precision, f1)
    return out
