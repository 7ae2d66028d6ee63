"""The oracle: the greedy extractive upper bound against an event's reference summaries.

As in Nallapati et al. (2017, SummaRuNNer), with the cost-scaled greedy step of Lin & Bilmes
(2010): repeatedly add the source sentence whose gain in ROUGE-1 + ROUGE-2 recall against
the references (counts pooled over references as ROUGE-1.5.5 `-f A`) per token added is
largest, the last one cut to the word budget, until nothing raises it. Sentences stay in the
order chosen. It reads `EventInput.references`, so only evaluation can run it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from summarize.evaluate.rouge import cut_words, tokenize
from summarize.records import Sentence, Summary
from summarize.summarizer import EventInput, EventSummarizer
from summarize.text import word_count


class Oracle(EventSummarizer):
    """Greedy extractive upper bound against each event's references (module docstring)."""

    name = "oracle"
    description = "Upper bound: the source sentences that best match the references (eval only)."
    needs_ranking = False
    needs_references = True

    def summarize_event(self, item: EventInput, max_words: int) -> Summary:
        if not item.references:
            raise ValueError(
                "the oracle needs the reference summaries: use it with `summarize eval`"
            )
        references = [_grams(tokenize(r)) for r in item.references]
        totals = [sum(sum(ref[n].values()) for ref in references) for n in (0, 1)]

        def gain(tokens: Sequence[str]) -> float:
            """ROUGE-1 + ROUGE-2 recall of `tokens`, pooled over the references."""
            grams = _grams(tokens)
            return sum(
                sum((grams[n] & ref[n]).total() for ref in references) / totals[n]
                for n in (0, 1) if totals[n]
            )

        candidates = list(item.originals)
        full = {s: tokenize(s.text) for s in candidates}

        def counted(sentence: Sentence, left: int) -> list[str]:
            """The sentence's tokens that fit in the `left` words ROUGE will keep."""
            if word_count(sentence.text) <= left:
                return full[sentence]
            return tokenize(cut_words(sentence.text, left))

        chosen: list[Sentence] = []
        tokens: list[str] = []
        best, used = 0.0, 0
        while used < max_words and candidates:
            left = max_words - used
            options = []
            for i, sentence in enumerate(candidates):
                added = counted(sentence, left)
                step = gain(tokens + added) - best
                options.append((step / max(len(added), 1), step, -i))
            _, step, i = max(options)
            if step <= 0:
                break
            sentence = candidates.pop(-i)
            chosen.append(sentence)
            tokens += counted(sentence, left)
            best, used = best + step, used + word_count(sentence.text)
        return self.summary(item, chosen)


def _grams(tokens: Sequence[str]) -> tuple[Counter, Counter]:
    return Counter(tokens), Counter(pairwise(tokens))
