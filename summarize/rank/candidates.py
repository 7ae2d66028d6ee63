"""Candidate sentences for a summary: wire copies merged, fragments left out.

1. Copies. Sentences of the event whose normalised words are the same, or whose content-word
   sets overlap by Jaccard >= `near_copy`, are one sentence (syndicated and updated wire
   stories repeat paragraphs word for word or nearly). Each group is represented by its
   first sentence in reading order, preferring original articles over marked near-copies;
   the others are kept as its `copies` so that a summary can cite them all.
2. Fragments. A sentence that cannot stand alone in a summary is not a candidate: too short,
   a question to the reader, a quotation cut in half by the sentence splitter, no final
   punctuation (captions, headlines, bylines), a lower-case start or an ending at "No." or
   "Gov." (split in mid-sentence), a photo or source credit, a direct quotation in the lead
   (someone's words, attributed only at the end: colour, not report), or an opening word
   that points back at a sentence the summary will not have ("But", "He", "This", ...), as
   in the sentence filters of ICSISumm (Gillick & Favre, 2009) and CLASSY (Conroy et al.,
   2004). A sentence that only points back is still a candidate when the sentence before it
   in its article is one: it is then chosen only with that sentence (`Candidate.after`);
   so are an unattributed quotation and the end of a quotation the splitter cut in half. A
   quotation with its speaker ("..., the mayor said.") stands alone: news summaries quote.
3. Split quotations. A quotation the sentence splitter cut across sentences ("We waited.
   Then we sailed," she said.) is put back together into one sentence before all this, so
   its opening half is no longer a fragment and its end no longer needs a missing sentence.
4. A dateline left at the start of an article ("NAIROBI, Kenya (AP) _ ") is trimmed from its
   first sentence (summarize.text's pattern, the one cleaning uses): evaluation datasets reach
   the ranker without going through `summarize.clean`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from summarize.records import Event, Sentence
from summarize.text import (
    content_words,
    ends_sentence,
    ends_with_abbreviation,
    ends_with_ellipsis,
    quotes_balanced,
    split_dateline,
    words,
)

# Opening words that refer back to an earlier sentence (conjunctions, pronouns, demonstratives).
DANGLING_STARTS = frozenset({
    "and", "but", "or", "so", "also", "then", "yet", "still", "however", "moreover",
    "meanwhile", "nevertheless", "nonetheless", "instead", "again", "besides", "furthermore",
    "thus", "therefore", "likewise", "similarly", "otherwise", "indeed",
    "he", "she", "it", "they", "we", "i", "you", "him", "her", "his", "its", "their", "them",
    "this", "that", "these", "those", "such",
})
REFERS_BACK = "refers back to an earlier sentence"
OPENS_WITH_QUOTE = "opens with a quotation"
QUOTE_CUT = "quotation cut in half"
# Words that attribute a quotation to its speaker.
ATTRIBUTION = frozenset({
    "said", "says", "say", "told", "tells", "added", "adds", "according", "asked", "wrote",
    "writes", "explained", "insisted", "noted", "stated", "declared", "argued", "tweeted",
})
_QUOTE_CHARS = "\"'`“”‘’«»"
_NO_QUOTES = str.maketrans("", "", "\"“”«»")
_QUESTION = re.compile(r"\?[\"'”’»)\]]*$")
_CREDIT = re.compile(
    r"^\W*(photo|photos|image|picture|video|source|credit|file photo|reporting by|editing by|"
    r"written by|additional reporting)\b\s*[:/|(-]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    """A sentence the ranker may choose, with its wire copies elsewhere in the event."""

    sentence: Sentence
    copies: tuple[Sentence, ...]
    after: Sentence | None = None  # the sentence it refers back to, which must precede it


def trim_dateline(sentence: Sentence) -> Sentence:
    """The sentence without a leading dateline (only an article's first sentence has one)."""
    if sentence.index != 0:
        return sentence
    dateline, rest = split_dateline(sentence.text)
    return replace(sentence, text=rest.strip()) if dateline else sentence


def join_split_quotations(sentences: Sequence[Sentence], longest: int = 3) -> list[Sentence]:
    """`sentences` with each quotation the splitter cut across sentences put back together:
    a sentence that opens a quotation it does not close is joined with the sentences after
    it in its article (at most `longest` in all) when they close it; the joined sentence
    keeps the first one's index."""
    out: list[Sentence] = []
    k = 0
    while k < len(sentences):
        end = _quotation_end(sentences, k, longest)
        first = sentences[k]
        out.append(first if end == k + 1 else replace(first, text=" ".join(s.text for s in sentences[k:end])))
        k = end
    return out


def _quotation_end(sentences: Sequence[Sentence], k: int, longest: int) -> int:
    """One past the last sentence of the quotation sentence `k` opens: the end of the first
    run of at most `longest` consecutive sentences of its article that closes it; k + 1 when
    none does (or the quotation is closed already)."""
    first = sentences[k]
    if quotes_balanced(first.text):
        return k + 1
    for end in range(k + 2, min(k + longest, len(sentences)) + 1):
        last = sentences[end - 1]
        if last.article_id != first.article_id or last.index != first.index + end - k - 1:
            break
        if quotes_balanced(" ".join(s.text for s in sentences[k:end])):
            return end
    return k + 1


def fragment_reason(text: str, min_words: int) -> str | None:
    """Why `text` cannot stand alone in a summary, or None if it can."""
    tokens = text.split()
    if len(tokens) < min_words:
        return "short"
    if _QUESTION.search(text):
        return "question"
    if not ends_sentence(text):
        return "no final punctuation"
    if ends_with_ellipsis(text):
        return "trails off"
    if not quotes_balanced(text):
        return QUOTE_CUT
    if ends_with_abbreviation(text):
        return "split at an abbreviation"
    first_letter = next((c for c in text if c.isalpha()), "")
    if first_letter.islower():
        return "starts in mid-sentence"
    if _CREDIT.search(text):
        return "credit line"
    if tokens[0][0] in _QUOTE_CHARS:
        return OPENS_WITH_QUOTE
    if tokens[0].strip(",;:").lower() in DANGLING_STARTS:
        return REFERS_BACK
    return None


def copy_groups(sentences: Sequence[Sentence], near_copy: float) -> list[list[int]]:
    """Indices of `sentences` grouped into copies of one sentence, each group in input order,
    groups ordered by their first member."""
    parent = list(range(len(sentences)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    first_with: dict[tuple[str, ...], int] = {}
    for i, sentence in enumerate(sentences):
        key = tuple(words(sentence.text))
        if key:
            union(i, first_with.setdefault(key, i))
    for i, j in _near_pairs(sentences, near_copy):
        union(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(sentences)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


# Sentences compared at once in the near-copy search (bounds the memory of the sparse product).
_CHUNK = 2000


def _near_pairs(sentences: Sequence[Sentence], near_copy: float) -> list[tuple[int, int]]:
    """Pairs (i, j) whose content-word sets have Jaccard similarity >= `near_copy`."""
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, sentence in enumerate(sentences):
        for word in set(content_words(sentence.text)):
            rows.append(i)
            cols.append(vocabulary.setdefault(word, len(vocabulary)))
    if not rows:
        return []
    matrix = sp.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(sentences), len(vocabulary))
    )
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    pairs = []
    for start in range(0, len(sentences), _CHUNK):
        shared = (matrix[start:start + _CHUNK] @ matrix.T).tocoo()
        i, j = shared.row + start, shared.col
        keep = i < j
        i, j, both = i[keep], j[keep], shared.data[keep]
        jaccard = both / (sizes[i] + sizes[j] - both)
        close = jaccard >= near_copy
        pairs.extend(zip(i[close].tolist(), j[close].tolist()))
    return pairs


def candidate_sentences(
    event: Event,
    sentences: Sequence[Sentence],
    order: dict[str, int],
    *,
    min_words: int,
    near_copy: float,
) -> tuple[list[Candidate], list[list[int]]]:
    """The event's candidate sentences in reading order, and the copy groups of `sentences`.

    `order` ranks articles for reading order. When every sentence is a fragment, all of them
    are candidates: an event with any text always gets a summary.
    """
    duplicate_of = event.duplicate_of
    groups = copy_groups(sentences, near_copy)
    chosen: list[Candidate] = []
    fallback: list[Candidate] = []
    dangling: list[Candidate] = []
    before = {
        (s.article_id, s.index): p for p, s in zip(sentences, sentences[1:]) if p.article_id == s.article_id
    }
    for group in groups:
        members = sorted(
            group,
            key=lambda i: (
                sentences[i].article_id in duplicate_of,
                order[sentences[i].article_id],
                sentences[i].index,
            ),
        )
        head = sentences[members[0]]
        candidate = Candidate(head, tuple(sentences[i] for i in members[1:]))
        if not words(head.text):
            continue
        fallback.append(candidate)
        reason = fragment_reason(head.text, min_words)
        if reason == OPENS_WITH_QUOTE and ATTRIBUTION & set(words(head.text)):
            reason = None  # someone's words, and who said them: it stands alone
        elif reason == QUOTE_CUT and head.text[:1] not in _QUOTE_CHARS:
            # The end of a quotation opened in the sentence before.
            if fragment_reason(head.text.translate(_NO_QUOTES), min_words) in (None, REFERS_BACK):
                reason = REFERS_BACK
        if reason is None:
            chosen.append(candidate)
        elif reason in (REFERS_BACK, OPENS_WITH_QUOTE):
            dangling.append(candidate)
    # A sentence that opens by pointing back ("He said...", "But...") may stand with the
    # sentence before it in its article, when that one can stand alone.
    heads = {(c.sentence.article_id, c.sentence.index) for c in chosen}
    for candidate in dangling:
        previous = before.get((candidate.sentence.article_id, candidate.sentence.index))
        if previous is not None and (previous.article_id, previous.index) in heads:
            chosen.append(replace(candidate, after=previous))
    result = chosen or fallback
    result.sort(key=lambda c: (order[c.sentence.article_id], c.sentence.index))
    return result, groups
