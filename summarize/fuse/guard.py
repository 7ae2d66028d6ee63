"""Faithfulness guard: every generated sentence is tied to the source sentences that support it,
and a sentence stating a number or a name that no source contains is not let through.

Support is content-word coverage (stemmed, stop words removed), the recall side of ROUGE-1
(Lin, 2004): sources are picked greedily, each the one covering most of the generated
sentence's content words not yet covered, as in greedy oracle extraction (Nallapati et al.,
2017). Facts are checked lexically, in the spirit of entity-level factual consistency checks
(Nan et al., 2021): every number (digits or a number word) and every capitalized word must
occur in some source sentence of the event. A sentence that fails is replaced by its
best-matching source sentence, or dropped when none matches, and a note says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from summarize.records import Sentence, SourceRef, SummarySentence
from summarize.text import as_number, content_words, facts, vocabulary, word_count

MAX_SOURCES = 3
MIN_FIRST_COVERAGE = 0.25  # the best source must cover this share of the content words
MIN_GAIN = 2  # each further source must add this many content words


@dataclass(frozen=True)
class Checked:
    """The guard's verdict on a generated summary: the sentences kept and what was changed."""

    sentences: tuple[SummarySentence, ...]
    notes: tuple[str, ...]


class SourceIndex:
    """The source sentences of one event, indexed for support and fact look-ups.

    Give them best first (the ranker's order): ties in matching go to the earlier sentence.
    """

    def __init__(self, sentences: Iterable[Sentence]):
        self.sentences: list[Sentence] = []
        seen: set[tuple[str, int]] = set()
        for sentence in sentences:
            if (sentence.article_id, sentence.index) not in seen:
                seen.add((sentence.article_id, sentence.index))
                self.sentences.append(sentence)
        self._content = [content_words(s.text) for s in self.sentences]
        self._words, self._numbers = vocabulary(s.text for s in self.sentences)

    def unsupported_facts(self, text: str) -> list[str]:
        """The numbers and names in `text` that occur in no source sentence, in text order."""
        def known(fact: str) -> bool:
            number = as_number(fact)
            return number in self._numbers if number is not None else fact.lower() in self._words

        return [fact for fact in facts(text) if not known(fact)]

    def supporting(self, text: str) -> tuple[Sentence, ...]:
        """The source sentences that together cover `text`'s content words (best first)."""
        remaining = set(content_words(text))
        if not remaining:
            return ()
        chosen: list[Sentence] = []
        needed = max(1, round(MIN_FIRST_COVERAGE * len(remaining)))
        while remaining and len(chosen) < MAX_SOURCES:
            gain, best = 0, 0
            for i, content in enumerate(self._content):
                if len(remaining & content) > gain:  # ties go to the earlier sentence
                    gain, best = len(remaining & content), i
            if gain < needed:
                break
            chosen.append(self.sentences[best])
            remaining -= self._content[best]
            needed = MIN_GAIN
        return tuple(chosen)

    def best_match(
        self, text: str, exclude: set[Sentence], max_words: int | None = None
    ) -> tuple[Sentence, int] | None:
        """The source sentence not in `exclude` (and of at most `max_words` words) sharing most
        content words with `text`, and that number; ties (zero included) go to the earlier
        sentence. None when no sentence is left."""
        words = content_words(text)
        best, best_overlap = None, -1
        for sentence, content in zip(self.sentences, self._content):
            overlap = len(words & content)
            if (
                overlap > best_overlap
                and sentence not in exclude
                and (max_words is None or word_count(sentence.text) <= max_words)
            ):
                best, best_overlap = sentence, overlap
        return None if best is None else (best, best_overlap)


def check(
    texts: Sequence[str], index: SourceIndex, *, cut_off: bool = False, max_words: int | None = None
) -> Checked:
    """Keep each generated sentence that the sources support, with its sources.

    A sentence is replaced by its best-matching source sentence among those the kept
    sentences do not already draw on (dropped when none is left) when it states a number or
    name no source contains, when no source supports its content, or, with `cut_off`, when it
    is the last one and the generation stopped inside it. A replacement is never longer than
    `max_words`. The first note counts the sentences kept, replaced and dropped.
    """
    verdicts: list[tuple[str, tuple[Sentence, ...], str | None]] = []
    for position, text in enumerate(texts):
        sources = index.supporting(text)
        facts = index.unsupported_facts(text)
        problem = None
        if cut_off and position == len(texts) - 1:
            problem = "was cut off at the length limit"
        elif facts:
            problem = "states " + ", ".join(f"'{f}'" for f in facts) + ", found in no source"
        elif not sources:
            problem = "has no support in the sources"
        verdicts.append((text, sources, problem))
    # Replacements come from source sentences that no kept sentence already draws on.
    used = {source for _, sources, problem in verdicts if problem is None for source in sources}
    kept: list[SummarySentence] = []
    notes: list[str] = []
    for position, (text, sources, problem) in enumerate(verdicts, start=1):
        if problem is None:
            kept.append(SummarySentence(text, _refs(sources), "generated"))
            continue
        match = index.best_match(text, exclude=used, max_words=max_words)
        if match is None:
            notes.append(
                f"faithfulness: dropped generated sentence {position}: it {problem} "
                "(no unused source sentence is left to replace it)"
            )
            continue
        replacement, overlap = match
        used.add(replacement)
        kept.append(SummarySentence(replacement.text, _refs([replacement]), "replaced"))
        closest = "its closest source sentence" if overlap else (
            "the first unused source sentence (none shares its words)"
        )
        notes.append(
            f"faithfulness: replaced generated sentence {position} (it {problem}) with "
            f"{closest}, sentence {replacement.index} of {replacement.article_id}"
        )
    if texts:
        generated = sum(s.origin == "generated" for s in kept)
        replaced = len(kept) - generated
        notes.insert(0, (
            f"faithfulness: of {len(texts)} generated sentence{'s' * (len(texts) > 1)}, "
            f"{generated} kept, {replaced} replaced, {len(texts) - len(kept)} dropped"
        ))
    return Checked(tuple(kept), tuple(notes))


def _refs(sentences: Iterable[Sentence]) -> tuple[SourceRef, ...]:
    return tuple(SourceRef(s.article_id, s.index) for s in sentences)


def guard_counts(origins: Iterable[str]) -> dict[str, int] | None:
    """What the guard did to a run's summaries, from their sentences' origins:
    {"generated": kept, "replaced": replaced by a source sentence}; None when no model wrote
    any sentence (an extractive run)."""
    counts = Counter(origins)
    if not counts["generated"] + counts["replaced"]:
        return None
    return {"generated": counts["generated"], "replaced": counts["replaced"]}


def describe_guard(counts: dict[str, int]) -> str:
    """E.g. "2 generated sentences kept and 1 replaced by a source sentence"."""
    kept = counts["generated"]
    return (f"{kept} generated sentence{'s' * (kept != 1)} kept and {counts['replaced']} "
            "replaced by a source sentence")
