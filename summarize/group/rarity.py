"""General English word rarity: 7 minus a word's Zipf frequency (log10 of its occurrences
per billion words, from the wordfreq package; Speer et al., 2018), so "news" weighs about 1.6
and "Shoigu" about 5.4. A term weight that, unlike IDF fitted on the input, is the same
whichever other articles are present."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

ZIPF_CEILING = 7.0  # the Zipf frequency of the most common English words


def rarity(terms: Iterable[str]) -> np.ndarray:
    """max(0, 7 - Zipf frequency) of each term (a term wordfreq does not know scores 7)."""
    from wordfreq import zipf_frequency

    return np.array([max(0.0, ZIPF_CEILING - zipf_frequency(t, "en")) for t in terms], dtype=np.float64)
