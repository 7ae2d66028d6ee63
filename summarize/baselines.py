"""Baselines to compare summarizers against: lead, LexRank and TextRank (the oracle, which
needs the references, is in summarize.evaluate.oracle).

* `lead`: the first sentences of the newest article (the DUC 2004 baseline), continuing
  into the next newest until the word budget is filled. Without publication dates on every
  article, the articles are taken in input order.
* `lexrank` (Erkan & Radev, 2004) and `textrank` (Mihalcea & Tarau, 2004): sumy's
  implementations, stemmed, English stop words removed, best-rated sentences taken until the
  word budget is filled and given in document order. Exact repeats of a sentence (syndicated
  copies) are given to sumy once. sumy's own tokenizer needs NLTK's downloadable Punkt data,
  so its document model is built here from our sentences and NLTK's data-free Treebank word
  tokenizer. sumy is the optional extra `summarize[peers]`.

Baselines read the event's sentences (EventInput.originals), not the ranker's candidates, so
they do not depend on the ranker's choices.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarize.records import Sentence, Summary
from summarize.summarizer import EventInput, EventSummarizer, SummarizerOptions, fill_budget


class Lead(EventSummarizer):
    """The first sentences of the newest article (DUC's baseline), then the next newest."""

    name = "lead"
    description = (
        "Baseline: the first sentences of the newest article (input order without dates), "
        "up to the word budget."
    )
    needs_ranking = False

    def summarize_event(self, item: EventInput, max_words: int) -> Summary:
        articles = list(item.event.originals)
        if articles and all(a.published for a in articles):
            articles.sort(key=lambda a: a.published, reverse=True)
        position = {a.id: k for k, a in enumerate(articles)}
        ordered = sorted(item.originals, key=lambda s: (position[s.article_id], s.index))
        return self.summary(item, fill_budget(ordered, max_words))


class _Words:
    """sumy's tokenizer contract (`language`, `to_words`) without NLTK's downloadable data."""

    language = "english"
    _WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")  # sumy's own definition of a word

    def __init__(self) -> None:
        from nltk.tokenize import NLTKWordTokenizer

        self._tokenizer = NLTKWordTokenizer()

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in self._tokenizer.tokenize(sentence) if self._WORD.match(w))


class SumyPeer(EventSummarizer):
    """A sumy sentence-ranking summarizer run under a word budget; subclasses name the class."""

    needs_ranking = False
    sumy_class = ""  # "module:Class" under sumy.summarizers

    def __init__(self, options: SummarizerOptions | None = None):
        super().__init__(options)
        try:
            from sumy.nlp.stemmers import Stemmer
            from sumy.utils import get_stop_words
        except ModuleNotFoundError:
            raise RuntimeError(
                f"the {self.name} baseline needs sumy: pip install 'summarize[peers]'"
            ) from None
        import importlib

        module, cls = self.sumy_class.split(":")
        self._summarizer = getattr(importlib.import_module(f"sumy.summarizers.{module}"), cls)(
            Stemmer("english")
        )
        self._summarizer.stop_words = get_stop_words("english")
        self._words = _Words()

    def summarize_event(self, item: EventInput, max_words: int) -> Summary:
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence

        ours: dict[str, Sentence] = {}
        paragraphs: list[list[Sentence]] = []
        for sentence in item.originals:
            if sentence.text in ours:
                continue
            ours[sentence.text] = sentence
            if not paragraphs or paragraphs[-1][-1].article_id != sentence.article_id:
                paragraphs.append([])
            paragraphs[-1].append(sentence)
        document = ObjectDocumentModel([
            Paragraph([SumySentence(s.text, self._words) for s in paragraph])
            for paragraph in paragraphs
        ])
        chosen = self._summarizer(document, _WordBudget(max_words))
        return self.summary(item, [ours[str(s)] for s in chosen])


class _WordBudget:
    """sumy's `sentences_count` as a callable: best-rated sentences until the budget is full."""

    def __init__(self, max_words: int):
        self.max_words = max_words

    def __call__(self, infos: Sequence) -> list:
        return fill_budget(infos, self.max_words, text=lambda info: str(info.sentence))


class LexRank(SumyPeer):
    name = "lexrank"
    description = "Baseline: LexRank sentence centrality (sumy), up to the word budget."
    sumy_class = "lex_rank:LexRankSummarizer"


class TextRank(SumyPeer):
    name = "textrank"
    description = "Baseline: TextRank sentence graph (sumy), up to the word budget."
    sumy_class = "text_rank:TextRankSummarizer"
