"""Paraphrase and reference, the ranker's redundancy and coherence tests built on the text
toolkit (summarize.text): two sentences tell one fact when their synonym-normalised content
words overlap enough, they open alike, or they share a name with the same next word; a
definite description ("the demonstrations") needs an earlier sentence that names it."""

from __future__ import annotations

from functools import lru_cache

from summarize.text import as_number, content_words, specifics, stem, stop_words, tokens, words

# Words that news writers swap for one another when they retell the same report, each mapped
# to one stem: two outlets' versions of a fact then share their words.
_SYNONYM_GROUPS = (
    "say said tell told state stated report reported announc claim remark quot note",
    "specifi disclos reveal detail elabor identifi confirm",
    "kill dead die fallen death slain",
    "soldier troop forc",
    "visit trip travel arriv",
    "send sent dispatch deploy",
    "test launch fire",
    "honor honour prais hail",
    "defens defenc",
    "armi militari",
    "talk meet summit discuss",
    "locat place site where",
)
_SYNONYM = {word: group.split()[0] for group in _SYNONYM_GROUPS for word in group.split()}

# Jaccard similarity of meaning words (`meaning_words`) at which two sentences are one fact told twice.
PARAPHRASE = 0.45
# Share of the shorter sentence's meaning words found in the longer one at which it adds nothing.
CONTAINED = 0.6


def meaning_words(text: str) -> frozenset[str]:
    """`content_words` with the words of a synonym group replaced by one of them."""
    return frozenset(_SYNONYM.get(w, w) for w in content_words(text))


def opening(text: str, size: int = 4) -> tuple[str, ...]:
    """The first `size` words of `text`, stemmed."""
    return tuple(stem(w) for w in words(text)[:size])


Signature = tuple[frozenset[str], tuple[str, ...], frozenset[tuple[str, str]]]
# Share of the shorter sentence's meaning words two sentences with one fact key must share.
KEYED = 0.4


def fact_keys(text: str, window: int = 3) -> frozenset[tuple[str, str]]:
    """(name, word) pairs: a name or number (`specifics`) and each of the next `window`
    meaning words after it ("Sergei Shoigu has arrived" -> ("shoigu", "visit"), ...)."""
    names = specifics(text)
    seq = []
    for token in tokens(text):
        lower = token.lower()
        number = as_number(lower)
        if number is not None:
            seq.append((number, number in names))
        elif lower not in stop_words() and len(lower) > 1:
            seq.append((_SYNONYM.get(stem(lower), stem(lower)), lower in names))
    keys = set()
    for k, (word, is_name) in enumerate(seq):
        if is_name:
            keys.update((word, later) for later, later_name in seq[k + 1:k + 1 + window] if not later_name)
    return frozenset(keys)


@lru_cache(maxsize=1 << 14)
def signature(text: str) -> Signature:
    """What `same_fact` compares: meaning words, opening and fact keys of a sentence."""
    return meaning_words(text), opening(text), fact_keys(text)


def same_fact(a: Signature, b: Signature) -> bool:
    """Whether two sentences (their `signature`s) tell the same thing: their meaning words
    overlap by Jaccard >= PARAPHRASE, or the shorter one's are >= CONTAINED inside the longer
    one's, or they open with the same four words and share a third of the shorter one's
    meaning words ("The report did not specify..." / "The report did not disclose..."), or
    they share a fact key (`fact_keys`: a name and what follows it) and KEYED of the shorter
    one's meaning words."""
    (x, start_x, keys_x), (y, start_y, keys_y) = a, b
    if not x or not y:
        return False
    shared = len(x & y)
    smaller = min(len(x), len(y))
    if shared / len(x | y) >= PARAPHRASE:
        return True
    if smaller >= 4 and shared / smaller >= CONTAINED:
        return True
    if keys_x & keys_y and shared / smaller >= KEYED:
        return True
    return len(start_x) == 4 and start_x == start_y and shared / smaller >= 1 / 3


def paraphrases(a: str, b: str) -> bool:
    """Whether sentences `a` and `b` tell the same thing (`same_fact`)."""
    return same_fact(signature(a), signature(b))


def definite_heads(text: str, window: int = 10) -> set[str]:
    """Stems of the common nouns after "the" among the first `window` words ("the
    demonstrations" -> {"demonstr"}): a definite description that may need an antecedent."""
    found = set()
    toks = text.split()[:window]
    for k in range(len(toks) - 1):
        if toks[k].lower() == "the":
            head = toks[k + 1].strip(".,;:!?\"'“”’()")
            if head.isalpha() and head.islower() and head not in stop_words() and len(head) > 3:
                found.add(stem(head))
    return found
