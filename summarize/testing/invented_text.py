"""Invented text for the copy-trained models: news-like sentences from word lists, and wider
sentences of pseudo-English words, names, numbers, quotes and other scripts, so that what a
model learns to copy is any text and not only the templates. Nothing here is real text.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

SUBJECTS = [
    "The city council", "Rescue teams", "The health ministry", "Local officials", "The company",
    "Police", "Farmers", "The weather service", "Union leaders", "The mayor", "Engineers",
    "Teachers", "The central bank", "Fire crews", "Scientists", "Voters", "The airline",
]
VERBS = [
    "approved", "rejected", "announced", "delayed", "opened", "closed", "reported", "praised",
    "criticized", "expanded", "repaired", "inspected", "funded", "suspended", "restored",
]
OBJECTS = [
    "a new budget", "the old bridge", "two shelters", "the main road", "a trade deal",
    "the harbour", "a vaccine plan", "the power plant", "a school program", "the rail line",
    "a water project", "the border crossing", "three hospitals", "the housing plan",
]
PLACES = [
    "Lisbon", "Nairobi", "Osaka", "Quito", "Tallinn", "Denver", "Accra", "Hanoi", "Bergen",
    "Cork", "Perth", "Tunis", "Lyon", "Porto", "Dakar", "Seville",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TAILS = [
    "after a long debate", "despite heavy rain", "before the election", "amid protests",
    "with support from residents", "after an inquiry", "ahead of the summit",
    "during a storm", "for the first time",
]
SYLLABLES = ["ka", "lo", "mi", "ten", "ra", "vo", "sun", "de", "pa", "li", "ro", "ne", "tor",
             "bi", "ul", "sa", "gre", "hu", "an", "ex"]


def news_sentence(rng: np.random.Generator) -> str:
    """A templated news sentence: subject, verb, object, place, day, and sometimes a number."""
    parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS),
             "in", rng.choice(PLACES), "on", rng.choice(DAYS)]
    if rng.random() < 0.5:
        parts.append(str(rng.choice(TAILS)))
    if rng.random() < 0.4:
        parts += ["with", str(int(rng.integers(2, 900))), "staff"]
    return " ".join(str(p) for p in parts) + "."


def distinct_news(rng: np.random.Generator, count: int) -> list[str]:
    """`count` templated sentences that share no subject, verb, object, place or tail, so that
    copying them all never repeats a 3-gram (the cards' no_repeat_ngram_size); past 14
    sentences (the shortest word list) the words come round again."""
    picks = {name: rng.permutation(len(words)) for name, words in
             (("s", SUBJECTS), ("v", VERBS), ("o", OBJECTS), ("p", PLACES), ("t", TAILS))}
    out = []
    for k in range(count):
        def pick(name, words):
            return words[picks[name][k % len(words)]]

        parts = [pick("s", SUBJECTS), pick("v", VERBS), pick("o", OBJECTS), "in",
                 pick("p", PLACES), "on", str(rng.choice(DAYS))]
        if k < len(TAILS) and rng.random() < 0.5:
            parts.append(pick("t", TAILS))
        if rng.random() < 0.4:
            parts += ["with", str(int(rng.integers(2, 900))), "staff"]
        out.append(" ".join(parts) + ".")
    return out


def pseudo_sentence(rng: np.random.Generator) -> str:
    """A sentence of pseudo-words (some capitalized, some numbers), for copying unseen tokens."""
    words = []
    for _ in range(int(rng.integers(5, 13))):
        if rng.random() < 0.1:
            words.append(str(int(rng.integers(1, 2000))))
            continue
        word = "".join(rng.choice(SYLLABLES, size=int(rng.integers(1, 4))))
        words.append(word.capitalize() if rng.random() < 0.25 else word)
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def sentence(rng: np.random.Generator) -> str:
    return news_sentence(rng) if rng.random() < 0.7 else pseudo_sentence(rng)


def synthetic_documents(
    rng: np.random.Generator, documents: tuple[int, int] = (1, 3), sentences: tuple[int, int] = (1, 4),
    write: Callable[[np.random.Generator], str] = sentence,
) -> list[list[str]]:
    """Documents (lists of sentences by `write`), their counts drawn from the inclusive ranges
    given."""
    return [
        [write(rng) for _ in range(int(rng.integers(sentences[0], sentences[1] + 1)))]
        for _ in range(int(rng.integers(documents[0], documents[1] + 1)))
    ]


# Pieces of pseudo-English words (onset, vowel, coda, ending), and the short words that real
# news text is full of, so that a tokenizer trained on wide sentences splits English-like
# words into few pieces and a model trained on them copies long sentences of any words.
ONSETS = ["", "", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v",
          "w", "y", "z", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gr", "kn", "pl", "pr", "qu",
          "sc", "sh", "sl", "sp", "st", "str", "th", "tr", "wh"]
VOWELS = ["a", "e", "i", "o", "u", "ea", "ee", "oo", "ai", "ou", "ie", "y", "au", "oi", "io"]
CODAS = ["", "", "", "n", "r", "s", "t", "l", "m", "d", "ng", "nt", "st", "ck", "rd", "ss",
         "th", "rn", "ld", "ct", "x", "ght", "ns"]
ENDINGS = ["", "", "", "", "ed", "ing", "er", "ly", "tion", "s", "es", "ment", "al", "ity",
           "ive", "ous", "ary", "ers", "ist", "ian"]
SHORT_WORDS = [
    "the", "of", "and", "to", "in", "a", "said", "on", "for", "with", "that", "was", "is", "by",
    "as", "at", "from", "it", "its", "his", "her", "their", "has", "had", "have", "were", "be",
    "been", "will", "would", "after", "over", "who", "which", "an", "not", "but", "this", "also",
    "more", "than", "two", "new", "into", "about", "could", "last", "week", "year", "told",
    "they", "he", "she", "we", "our", "other", "since", "while", "during", "under", "between",
    "against", "such", "some", "no", "or", "up", "out", "one", "three", "first", "before",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
# Letters of other scripts, as names and quotes in news text carry them (a few code points
# each of Arabic, Cyrillic, Greek, CJK and accented Latin).
OTHER_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةأ" + "абвгдежзиклмнопрст" + "αβγδεζηθλμπσω" + \
    "台灣北京東京国家人民大学" + "éèàçñöüåøíóú"


def pseudo_word(rng: np.random.Generator) -> str:
    syllables = [str(rng.choice(ONSETS)) + str(rng.choice(VOWELS)) + str(rng.choice(CODAS))
                 for _ in range(int(rng.choice([1, 1, 1, 2, 2, 3])))]
    return "".join(syllables) + str(rng.choice(ENDINGS))


def wide_word(rng: np.random.Generator) -> str:
    """One word of a wide sentence: a short word, a pseudo-word, a name, a number or a date,
    sometimes hyphenated, possessive, in brackets or from another script."""
    roll = rng.random()
    if roll < 0.35:
        return str(rng.choice(SHORT_WORDS))
    if roll < 0.45:
        return str(int(rng.integers(0, 10 ** int(rng.integers(1, 5))))) + str(
            rng.choice(["", "", "%", ",000", ".5", "th"]))
    if roll < 0.48:
        return f"{rng.choice(MONTHS)} {int(rng.integers(1, 31))}"
    if roll < 0.5:
        return "".join(rng.choice(list(OTHER_LETTERS), size=int(rng.integers(2, 7))))
    word = pseudo_word(rng)
    if rng.random() < 0.3:
        word = word.capitalize()
    if rng.random() < 0.03:
        word = word.upper()[:4]
    extra = rng.random()
    if extra < 0.06:
        word += "-" + pseudo_word(rng)
    elif extra < 0.1:
        word += str(rng.choice(["’s", "'s"]))
    elif extra < 0.12:
        word = f"({word})"
    elif extra < 0.14:
        word = "$" + str(int(rng.integers(1, 999)))
    return word


def wide_sentence(rng: np.random.Generator, words: tuple[int, int] = (4, 45)) -> str:
    """A sentence of `words` wide words (inclusive range), with commas, a quote or a dash
    here and there, capitalized and ended by a full stop."""
    out = [wide_word(rng) for _ in range(int(rng.integers(words[0], words[1] + 1)))]
    for i in range(1, len(out) - 1):
        mark = rng.random()
        if mark < 0.08:
            out[i] += ","
        elif mark < 0.1:
            out[i] += str(rng.choice([":", " —", " –", ";"]))
    if len(out) > 4 and rng.random() < 0.25:
        i, j = sorted(int(k) for k in rng.choice(len(out), size=2, replace=False))
        opening, closing = (("“", "”"), ('"', '"'), ("‘", "’"))[int(rng.integers(0, 3))]
        out[i], out[j] = opening + out[i], out[j] + closing
    out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out) + "."

