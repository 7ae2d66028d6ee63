"""Post-processing of generated summaries: spot a cut-off last sentence, drop repeated
sentences, and fit the word budget with whole sentences only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarize.fuse.guard import content_words
from summarize.records import SummarySentence

# Two sentences whose content words overlap this much (Jaccard) say the same thing.
REPEAT_JACCARD = 0.8

_COMPLETE = re.compile(r"[.!?…][\"'”’)\]]*$")


def is_complete(sentence: str) -> bool:
    """Whether `sentence` ends like a finished sentence (terminal punctuation, maybe quoted)."""
    return bool(_COMPLETE.search(sentence.rstrip()))


def drop_repeats(sentences: Sequence[SummarySentence]) -> tuple[list[SummarySentence], int]:
    """The sentences without later near-repeats of earlier ones, and how many were dropped."""
    kept: list[SummarySentence] = []
    seen: list[frozenset[str]] = []
    for sentence in sentences:
        words = content_words(sentence.text)
        if any(_jaccard(words, other) >= REPEAT_JACCARD for other in seen):
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
        length = len(sentence.text.split())
        if words + length <= max_words:
            kept.append(sentence)
            words += length
    return kept, len(sentences) - len(kept)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
