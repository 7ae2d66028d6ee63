"""The text toolkit every stage shares: words, stems, sentence ends, quotes, datelines,
restatements, names and numbers, time expressions. One definition of each, so the stages
cannot disagree about what a word or a finished sentence is.

* Words for counting and matching are ROUGE's units (Lin, 2004): lower-cased runs of ASCII
  letters and digits, Porter-stemmed by NLTK (`words`, `stem`). Content words are the
  stemmed tokens that are not scikit-learn's English stop words, numbers in one canonical
  form ("3,000" -> "3000", "two" -> "2"), in any script (`content_words`).
* A word budget counts whitespace-separated tokens (`word_count`), as ROUGE's `-l` does.
* Sentence ends are Latin, CJK, Devanagari and Arabic full stops, "!" and "?" and an
  ellipsis, optionally followed by closing quotes or brackets (`ends_sentence`).
* Two sentences restate each other when their content-word sets overlap by Jaccard
  similarity >= RESTATEMENT (`restates`).
* Names and numbers are what tells one happening from another and what a generated sentence
  may not invent (`specifics`, `facts`); time expressions are weekdays and calendar dates
  (`time_anchors`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from functools import lru_cache



@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """scikit-learn's English stop list (loaded on first use: importing scikit-learn takes a
    second, which `summarize --help` should not pay). Also importable as STOP_WORDS."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS


def __getattr__(name: str):
    if name == "STOP_WORDS":
        return stop_words()
    raise AttributeError(f"module 'summarize.text' has no attribute {name!r}")

# Content-word Jaccard similarity at which one sentence says what another already says.
RESTATEMENT = 0.75

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-cased runs of ASCII letters and digits (ROUGE's tokens, unstemmed)."""
    return _WORD.findall(text.lower())


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer  # NLTK's import is slow: only when stemming

    return PorterStemmer()


@lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """Porter stem of a lower-cased word (the stemmer ROUGE uses)."""
    return _stemmer().stem(word)


def word_count(text: str) -> int:
    """Words as a word budget counts them: whitespace-separated tokens."""
    return len(text.split())


# --- tokens, numbers, content words ---------------------------------------------------------

# A number with its separators ("3,000", "1.5", "2025"), or a word in any script, apostrophes
# and inner dots or hyphens included ("U.S.", "Kim's", "anti-aircraft").
_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_]+(?:['’.\-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}


def tokens(text: str) -> list[str]:
    """Words (any script) and numbers of `text`, possessive 's removed, case kept."""
    return [_POSSESSIVE.sub("", token) for token in _TOKEN.findall(text)]


def as_number(token: str) -> str | None:
    """The canonical form of a number token ("3,000" -> "3000", "Two" -> "2"), else None."""
    if token[:1].isdigit():
        return token.replace(",", "")
    return _NUMBER_WORDS.get(token.lower())


def content_tokens(text: str) -> Iterator[tuple[str, str]]:
    """Each content word of `text` in order, as (its stem, or its canonical number; the word
    lower-cased): stop words and one-letter words left out."""
    stop = stop_words()
    for token in tokens(text):
        lower = token.lower()
        number = as_number(lower)
        if number is not None:
            yield number, lower
        elif lower not in stop and len(lower) > 1:
            yield stem(lower), lower


@lru_cache(maxsize=1 << 16)
def content_words(text: str) -> frozenset[str]:
    """Stemmed, lower-cased words and canonical numbers of `text`, without stop words."""
    return frozenset(key for key, _ in content_tokens(text))


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """|a & b| / |a | b|; 1.0 for two empty sets."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def restates(a: frozenset[str], b: frozenset[str], threshold: float = RESTATEMENT) -> bool:
    """Whether two sentences' content words (`content_words`) say the same thing."""
    return bool(a) and bool(b) and jaccard(a, b) >= threshold


# --- sentence shape -----------------------------------------------------------------------

_CLOSERS = "\"'”’»)]」』"
_ENDS = ".!?…。！？｡।؟"
# A sentence end inside a text: final punctuation, closers, space, then a capital or a quote.
_INNER_END = re.compile(r"[.!?。！？｡।؟][\"'”’»)\]」』]*\s+(?=[\"“‘'(]?[^\W\d_])")
_CJK_INNER_END = re.compile(r"[。！？｡](?=[^\s\"'”’»)\]」』])")
_INITIAL = re.compile(r"[\"“‘'(]?[A-Z]\.")
# Abbreviations that do not end a sentence ("the No. 2 post", "Gov. Brown").
ABBREVIATIONS = frozenset({
    "no.", "nos.", "mr.", "mrs.", "ms.", "dr.", "gov.", "sen.", "rep.", "gen.", "lt.", "col.",
    "sgt.", "capt.", "adm.", "prof.", "rev.", "st.", "mt.", "ft.", "vs.", "v.", "jr.", "sr.",
    "inc.", "co.", "corp.", "ltd.", "u.s.", "u.k.", "u.n.", "jan.", "feb.", "aug.", "sept.",
    "oct.", "nov.", "dec.", "a.m.", "p.m.", "e.g.", "i.e.", "etc.", "approx.", "est.",
})


def _without_closers(text: str) -> str:
    return text.rstrip().rstrip(_CLOSERS)


def ends_sentence(text: str) -> bool:
    """Whether `text` ends like a sentence (any script's full stop, "!", "?" or an ellipsis,
    then optional closing quotes or brackets)."""
    return _without_closers(text)[-1:] in tuple(_ENDS)


def ends_with_ellipsis(text: str) -> bool:
    """Whether `text` trails off with "..." or "…" (a teaser, or a sentence cut short); an
    ellipsis inside a closed quotation or bracket is the speaker's, not the writer's."""
    return text.rstrip().endswith(("...", "…"))


def _last_word(text: str) -> str:
    tail = text[-40:].split()
    return tail[-1] if tail else ""


def ends_with_abbreviation(text: str) -> bool:
    """Whether the last word of `text` is an abbreviation that never ends a sentence."""
    return _last_word(text).lower().lstrip("\"“‘'(") in ABBREVIATIONS


def sentence_breaks(text: str) -> list[int]:
    """Offsets where a sentence ends inside `text` and the next one starts: a line-level
    test in linear time, not a splitter (abbreviations and initials are not ends)."""
    out = []
    for match in _INNER_END.finditer(text):
        last = _last_word(text[max(0, match.start() - 40): match.start() + 1])
        if last.lower().lstrip("\"“‘'(") in ABBREVIATIONS or _INITIAL.fullmatch(last):
            continue
        out.append(match.end())
    out.extend(m.end() for m in _CJK_INNER_END.finditer(text))
    return sorted(set(out))


def quotes_balanced(text: str) -> bool:
    """Whether every opened quotation is closed (``...'', "...", “...”)."""
    return (
        text.count("``") == text.count("''")
        and text.count('"') % 2 == 0
        and text.count("“") == text.count("”")
    )


# --- datelines ----------------------------------------------------------------------------

# An ALL-CAPS place (optionally ", Region", a date and "(Agency)"), or any place with an agency
# tag, then a dash (AP wire copy writes it " _ ") or a colon; the sentence starts after it:
# "SEOUL - ", "PYONGYANG: ", "NAIROBI, Kenya (AP) _ ".
DATELINE = re.compile(
    r"^(?:(?-i:[A-Z][A-Z.'’]{2,}(?:[ -][A-Z][A-Z.'’]+)*)(?:,\s*[A-Z][\w.'’ ]{1,30}?)?(?:,\s*\w{3,9}\.?\s+\d{1,2})?"
    r"(?:\s*\([\w ./&-]{1,30}\))?|[A-Z][\w.'’ ]{1,30}?(?:,\s*\w{3,9}\.?\s+\d{1,2})?\s*\([\w ./&-]{1,30}\))"
    r"\s*(?:[-–—_]+\s+|:\s+)(?=[\"“‘'A-Z])",
    re.IGNORECASE,
)


def split_dateline(text: str) -> tuple[str, str]:
    """(dateline, rest) of a lead sentence; ("", text) when it has none or nothing follows."""
    match = DATELINE.match(text)
    if not match or not text[match.end():].strip():
        return "", text
    return match.group(0).strip(), text[match.end():]


# --- names, numbers, times ------------------------------------------------------------------

# Candidate names and numbers: words that do not start with an ASCII lower-case letter
# (the Python test `isupper` sorts out the rest), with inner apostrophes, dots, hyphens.
_CAPITALISED = re.compile(r"(?<![^\W_])(?![a-z])[^\W_]+(?:['’.,&-][^\W_]+)*")
_FIRST_WORD = re.compile(r"[\W_]*")
_SENTENCE_GAP = re.compile(r"[.!?:]\s|\n")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_NAMES = {m[:3]: m for m in _MONTHS}
WEEKDAYS = frozenset(_WEEKDAYS)
TIME_WORDS = WEEKDAYS | frozenset(_MONTHS)


def specifics(text: str) -> set[str]:
    """Names and numbers that mark a happening, lower-cased: capitalised words that are not
    stop words or time words (a sentence's first word counts only if it is capitalised
    elsewhere too), and numbers ("15,000" -> "15000")."""
    initial: set[str] = set()
    inner: set[str] = set()
    for sentence in _SENTENCE_GAP.split(text):
        first = _FIRST_WORD.match(sentence)
        first_at = first.end() if first else -1
        for match in _CAPITALISED.finditer(sentence):
            word = match.group()
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            (initial if match.start() == first_at else inner).add(word)
    found: set[str] = set()
    for word in initial | inner:
        if word[0].isdigit():
            found.add(word.replace(",", ""))
        elif word in inner and word[0].isupper() and len(word) > 1:
            lower = word.lower()
            if lower not in stop_words() and lower not in TIME_WORDS:
                found.add(lower)
    return found


def facts(text: str) -> list[str]:
    """The checkable facts a sentence states, in text order: every number (digits or a number
    word) and every capitalised word that is not a stop word, wherever it stands."""
    out: list[str] = []
    stop = stop_words()
    for token in tokens(text):
        if as_number(token) is not None or (token[:1].isupper() and token.lower() not in stop):
            if token not in out:
                out.append(token)
    return out


def vocabulary(texts: Iterable[str]) -> tuple[set[str], set[str]]:
    """(lower-cased words, canonical numbers) used in `texts`: what `facts` are checked against."""
    found_words, found_numbers = set(), set()
    for text in texts:
        for token in tokens(text):
            number = as_number(token)
            if number is not None:
                found_numbers.add(number)
            found_words.add(token.lower())
    return found_words, found_numbers


_MONTH = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
# Case-sensitive on purpose: "may" the verb is not a month.
_TIME = re.compile(
    r"\b(?:(?P<weekday>" + "|".join(w.capitalize() for w in _WEEKDAYS) + r")"
    r"|(?P<month>" + _MONTH + r")\.?\s+(?P<day>\d{1,2})(?!\d|,\d)"
    r"|(?P<day_first>\d{1,2})\s+(?P<month_after>" + _MONTH + r"))\b"
)


def time_anchors(text: str) -> set[str]:
    """Weekdays and calendar dates (month and day) mentioned in `text`, e.g. {"friday", "march 21"}."""
    anchors = set()
    for match in _TIME.finditer(text):
        if match["weekday"]:
            anchors.add(match["weekday"].lower())
            continue
        if match["month"]:
            month, day = match["month"], match["day"]
        else:
            month, day = match["month_after"], match["day_first"]
        if 1 <= int(day) <= 31:
            anchors.add(f"{_MONTH_NAMES[month[:3].lower()]} {int(day)}")
    return anchors


_RELATIVE = re.compile(
    r"\b(?P<rel>yesterday|today|tonight|last (?:week|month)|this week|(?:last|this) "
    r"(?P<rel_day>" + "|".join(w.capitalize() for w in _WEEKDAYS) + r"))\b",
    re.IGNORECASE,
)


def resolve_times(text: str, published: datetime | None) -> set[str]:
    """The days `text` refers to, resolved against its `published` date (ISO "2025-08-23";
    a week as "2025-W34", a month as "2025-08"): a weekday is the latest such day on or
    before publication ("Saturday" in a piece published Sunday 24 August is 23 August), a
    calendar date takes the year that puts it nearest publication, "yesterday", "last week"
    and "last month" count back from it. Without a date, the weekdays and calendar dates
    named (`time_anchors`)."""
    if published is None:
        return time_anchors(text)
    day = published.date()
    out: set[str] = set()
    for match in _TIME.finditer(text):
        if match["weekday"]:
            back = (day.weekday() - _WEEKDAYS.index(match["weekday"].lower())) % 7
            out.add((day - timedelta(days=back)).isoformat())
            continue
        month_name = match["month"] or match["month_after"]
        number = int(match["day"] or match["day_first"])
        month = _MONTHS.index(_MONTH_NAMES[month_name[:3].lower()]) + 1
        candidates = []
        for year in (day.year - 1, day.year, day.year + 1):
            try:
                candidates.append(date(year, month, number))
            except ValueError:
                continue
        if candidates:
            out.add(min(candidates, key=lambda d: abs((d - day).days)).isoformat())
    for match in _RELATIVE.finditer(text):
        rel = match["rel"].lower()
        if rel in ("today", "tonight"):
            out.add(day.isoformat())
        elif rel == "yesterday":
            out.add((day - timedelta(days=1)).isoformat())
        elif rel in ("last week", "this week"):
            week = day - timedelta(days=7 if rel == "last week" else 0)
            year, number, _ = week.isocalendar()
            out.add(f"{year}-W{number:02d}")
        elif rel == "last month":
            month_before = day.replace(day=1) - timedelta(days=1)
            out.add(f"{month_before.year}-{month_before.month:02d}")
        else:  # "last Friday": the one before the latest; "this Friday": the latest
            back = (day.weekday() - _WEEKDAYS.index(match["rel_day"].lower())) % 7
            back += 7 if rel.startswith("last") and back == 0 else 0
            out.add((day - timedelta(days=back)).isoformat())
    return out
