"""Words as the ranker counts them: lower-cased letters and digits, Porter-stemmed (NLTK),
with scikit-learn's English stop list; the same units ROUGE matches (Lin, 2004)."""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.stem.porter import PorterStemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

STOP_WORDS = ENGLISH_STOP_WORDS
_WORD = re.compile(r"[a-z0-9]+")
_STEMMER = PorterStemmer()


def words(text: str) -> list[str]:
    """Lower-cased runs of letters and digits."""
    return _WORD.findall(text.lower())


def content_words(text: str) -> list[str]:
    """`words` that are not stop words."""
    return [w for w in words(text) if w not in STOP_WORDS]


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Porter stem of a lower-cased word."""
    return _STEMMER.stem(word)


def word_count(text: str) -> int:
    """Words as a word budget counts them: whitespace-separated tokens."""
    return len(text.split())
