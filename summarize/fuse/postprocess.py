"""Post-processing of generated summaries: spot a cut-off last sentence, drop repeated
sentences, and fit the word budget with whole sentences only.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarize.records import SummarySentence
from summarize.text import content_words, restates, word_count


def drop_repeats(sentences: Sequence[SummarySentence]) -> tuple[list[SummarySentence], int]:
    """The sentences without later near-repeats of earlier ones, and how many were dropped."""
    kept: list[SummarySentence] = []
    seen: list[frozenset[str]] = []
    for sentence in sentences:
        words = content_words(sentence.text)
        if any(restates(words, other) for other in seen):
            continue
        kept.append(sentence)
        seen.append(words)
    return kept, len(sentences) - len(kept)


def fit_budget(
    sentences: Sequence[SummarySentence], max_words: int
) -> tuple[list[SummarySentence], int]:
    """Whole sentences in order, skipping any that would pass `max_words`; and how many."""
    kept: list[SummarySentence] = []
    words = 0
    for sentence in sentences:
        length = word_count(sentence.text)
        if words + length <= max_words:
            kept.append(sentence)
            words += length
    return kept, len(sentences) - len(kept)
