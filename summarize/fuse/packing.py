"""Input packing: the ranked sentences of an event, fitted whole into a model's token budget.

Sentences are taken best first (the ranker's redundancy-aware order) while they fit; a
sentence that does not fit is left out whole, never cut. The chosen sentences are then put
back in reading order, grouped per article (articles in event order, sentences by position),
the articles joined by the card's document separator and placed in the prompt template.
The exact token count of the final text is checked with the model's own tokenizer, so the
model never truncates the input.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from summarize.fuse.prompts import Prompt
from summarize.records import Event, RankedSentence, Sentence


@dataclass(frozen=True)
class Packed:
    """A model input: `text` holds `sentences` (reading order); `left_out` did not fit."""

    text: str
    sentences: tuple[Sentence, ...]
    left_out: int
    tokens: int


def pack(
    event: Event,
    ranked: Sequence[RankedSentence],
    *,
    prompt: Prompt,
    separator: str,
    budget: int,
    count_tokens: Callable[[str], int],
) -> Packed:
    """Pack `ranked` (best first) into at most `budget` tokens as counted by `count_tokens`.

    `count_tokens(text)` is the length of the model input for `text`, special tokens included.
    """
    render = _renderer(event, prompt, separator)
    specials = count_tokens("")
    # Estimates: a sentence costs its own tokens, plus one separator when it opens another
    # article; the loop below then checks the exact count of the rendered text.
    separator_cost = max(count_tokens(separator) - specials, 0)
    chosen: list[Sentence] = []
    articles: set[str] = set()
    used = count_tokens(render([]))
    for item in ranked:
        cost = max(count_tokens(item.sentence.text) - specials, 0)
        if articles and item.sentence.article_id not in articles:
            cost += separator_cost
        if used + cost <= budget:
            chosen.append(item.sentence)
            articles.add(item.sentence.article_id)
            used += cost
    while True:
        text = render(chosen)
        tokens = count_tokens(text)
        if tokens <= budget or not chosen:
            break
        chosen.pop()  # the lowest-ranked sentence still in
    if tokens > budget:
        raise ValueError(f"the prompt alone needs {tokens} tokens; the model takes {budget}")
    return Packed(text, tuple(_reading_order(event, chosen)), len(ranked) - len(chosen), tokens)


def _reading_order(event: Event, sentences: Sequence[Sentence]) -> list[Sentence]:
    position = {article.id: i for i, article in enumerate(event.articles)}
    return sorted(sentences, key=lambda s: (position.get(s.article_id, len(position)), s.index))


def _renderer(event: Event, prompt: Prompt, separator: str) -> Callable[[Sequence[Sentence]], str]:
    def render(sentences: Sequence[Sentence]) -> str:
        documents: dict[str, list[str]] = {}
        for sentence in _reading_order(event, sentences):
            documents.setdefault(sentence.article_id, []).append(sentence.text)
        body = separator.join(" ".join(texts) for texts in documents.values())
        return prompt.render(documents=body, title=event.title)

    return render
