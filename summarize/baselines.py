"""Baselines to compare summarizers against: lead, LexRank, TextRank, and the oracle.

* `lead`: the first sentences of the newest document (the DUC 2004 baseline), continuing
  into the next documents until the word budget is filled. Without publication dates the
  documents are taken in input order.
* `lexrank` (Erkan & Radev, 2004) and `textrank` (Mihalcea & Tarau, 2004): sumy's
  implementations, stemmed, English stop words removed, best-rated sentences taken until the
  word budget is filled and given in document order. Exact repeats of a sentence (syndicated
  copies) are given to sumy once. sumy's own tokenizer needs NLTK's downloadable Punkt data,
  so its document model is built here from our sentence splitter and NLTK's data-free
  Treebank word tokenizer. sumy is the optional extra `summarize[peers]`.
* `Oracle`: the greedy extractive upper bound (as in Nallapati et al., 2017, SummaRuNNer),
  with the cost-scaled greedy step of Lin & Bilmes (2010): repeatedly add the source
  sentence whose gain in ROUGE-1 + ROUGE-2 recall against the references (counts pooled over
  references as ROUGE-1.5.5 `-f A`) per token added is largest, the last one cut to the word
  budget, until nothing raises it. Sentences stay in the order chosen. It needs the references, so it is not in the
  zero-argument registry: the evaluator builds one per event (summarize.evaluate.runner).

Baselines read the event's sentences themselves (summarize.sentences), not the ranker's
candidates, so they do not depend on the ranker's choices.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise

from summarize.records import Event, Ranking, Sentence, SourceRef, Summary, SummarySentence
from summarize.registry import register
from summarize.sentences import split_article

ORACLE = "oracle"


def _words(text: str) -> int:
    return len(text.split())


def _summary(event: Event, method: str, sentences: Iterable[Sentence]) -> Summary:
    return Summary(
        event_id=event.id,
        method=method,
        sentences=tuple(SummarySentence(s.text, (SourceRef(s.article_id, s.index),)) for s in sentences),
    )


def _event_sentences(event: Event) -> list[Sentence]:
    """The sentences of the event's original (non-duplicate) articles, in input order."""
    return [s for article in event.originals for s in split_article(article)]


def _fill(items: Iterable, max_words: int, text: Callable[[object], str] = lambda s: s.text) -> list:
    """Take items (sentences) in the given order until `max_words` words are reached."""
    taken, used = [], 0
    for item in items:
        if used >= max_words:
            break
        taken.append(item)
        used += _words(text(item))
    return taken


class Lead:
    """The first sentences of the newest document (DUC's baseline), then the next ones."""

    name = "lead"
    needs_ranking = False

    def __call__(self, events: Sequence[Event], rankings: Sequence[Ranking], max_words: int) -> list[Summary]:
        return [self._one(event, max_words) for event in events]

    def _one(self, event: Event, max_words: int) -> Summary:
        articles = list(event.originals)
        if articles and all(a.published for a in articles):
            articles.sort(key=lambda a: a.published, reverse=True)
        return _summary(event, self.name, _fill((s for a in articles for s in split_article(a)), max_words))


@register("lead", "Baseline: the first sentences of the newest document, up to the word budget.")
def lead() -> Lead:
    return Lead()


class _WordBudget:
    """sumy's `sentences_count` as a callable: best-rated sentences until the budget is full."""

    def __init__(self, max_words: int):
        self.max_words = max_words

    def __call__(self, infos: Sequence) -> list:
        return _fill(infos, self.max_words, text=lambda info: str(info.sentence))


class _Words:
    """sumy's tokenizer contract (`language`, `to_words`) without NLTK's downloadable data."""

    language = "english"
    _WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")  # sumy's own definition of a word

    def __init__(self) -> None:
        from nltk.tokenize import NLTKWordTokenizer

        self._tokenizer = NLTKWordTokenizer()

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in self._tokenizer.tokenize(sentence) if self._WORD.match(w))


class SumyPeer:
    """A sumy sentence-ranking summarizer run under a word budget."""

    def __init__(self, name: str, summarizer) -> None:
        self.name = name
        self.needs_ranking = False
        self._summarizer = summarizer
        self._words = _Words()

    def __call__(self, events: Sequence[Event], rankings: Sequence[Ranking], max_words: int) -> list[Summary]:
        return [self._one(event, max_words) for event in events]

    def _one(self, event: Event, max_words: int) -> Summary:
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence

        ours: dict[str, Sentence] = {}
        paragraphs = []
        for article in event.originals:
            fresh = [s for s in split_article(article) if s.text not in ours]
            ours.update((s.text, s) for s in fresh)
            if fresh:
                paragraphs.append(Paragraph([SumySentence(s.text, self._words) for s in fresh]))
        chosen = self._summarizer(ObjectDocumentModel(paragraphs), _WordBudget(max_words))
        return _summary(event, self.name, (ours[str(s)] for s in chosen))


def _sumy_peer(name: str, make: Callable[[object], object]) -> SumyPeer:
    try:
        from sumy.nlp.stemmers import Stemmer
        from sumy.utils import get_stop_words
    except ModuleNotFoundError:
        raise RuntimeError(f"the {name} baseline needs sumy: pip install 'summarize[peers]'") from None
    summarizer = make(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return SumyPeer(name, summarizer)


@register("lexrank", "Baseline: LexRank sentence centrality (sumy), up to the word budget.")
def lexrank() -> SumyPeer:
    def make(stemmer):
        from sumy.summarizers.lex_rank import LexRankSummarizer

        return LexRankSummarizer(stemmer)

    return _sumy_peer("lexrank", make)


@register("textrank", "Baseline: TextRank sentence graph (sumy), up to the word budget.")
def textrank() -> SumyPeer:
    def make(stemmer):
        from sumy.summarizers.text_rank import TextRankSummarizer

        return TextRankSummarizer(stemmer)

    return _sumy_peer("textrank", make)


class Oracle:
    """Greedy extractive upper bound against one event's `references` (see module docstring)."""

    name = ORACLE
    needs_ranking = False

    def __init__(self, references: Sequence[str]):
        from summarize.evaluate.rouge import tokenize

        if not references:
            raise ValueError("the oracle needs at least one reference summary")
        self._tokenize = tokenize
        self._references = [self._grams(tokenize(r)) for r in references]
        self._reference_grams = [sum(sum(ref[n].values()) for ref in self._references) for n in (0, 1)]

    @staticmethod
    def _grams(tokens: Sequence[str]) -> tuple[Counter, Counter]:
        return Counter(tokens), Counter(pairwise(tokens))

    def _gain(self, tokens: Sequence[str]) -> float:
        """ROUGE-1 + ROUGE-2 recall of `tokens`, pooled over the references."""
        grams = self._grams(tokens)
        total = 0.0
        for n in (0, 1):
            if self._reference_grams[n]:
                hits = sum((grams[n] & ref[n]).total() for ref in self._references)
                total += hits / self._reference_grams[n]
        return total

    def __call__(self, events: Sequence[Event], rankings: Sequence[Ranking], max_words: int) -> list[Summary]:
        return [self._one(event, max_words) for event in events]

    def _one(self, event: Event, max_words: int) -> Summary:
        from summarize.evaluate.rouge import cut_words

        candidates = _event_sentences(event)
        full = {s: self._tokenize(s.text) for s in candidates}

        def counted(sentence: Sentence, left: int) -> list[str]:
            """The sentence's tokens that fit in the `left` words ROUGE will keep."""
            if _words(sentence.text) <= left:
                return full[sentence]
            return self._tokenize(cut_words(sentence.text, left))

        chosen: list[Sentence] = []
        tokens: list[str] = []
        best, used = 0.0, 0
        while used < max_words and candidates:
            left = max_words - used
            options = []
            for i, sentence in enumerate(candidates):
                added = counted(sentence, left)
                gain = self._gain(tokens + added) - best
                options.append((gain / max(len(added), 1), gain, -i))
            _, gain, i = max(options)
            if gain <= 0:
                break
            sentence = candidates.pop(-i)
            chosen.append(sentence)
            tokens += counted(sentence, left)
            best, used = best + gain, used + _words(sentence.text)
        return _summary(event, self.name, chosen)
