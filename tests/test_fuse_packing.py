"""Input packing: whole sentences, best first into the budget, read back per article in order."""

from __future__ import annotations

import pytest

from summarize.fuse.packing import pack
from summarize.fuse.prompts import Prompt
from summarize.records import Article, Event, RankedSentence, Sentence

PLAIN = Prompt("plain.txt", "${documents}")


def words(text: str) -> int:
    """A stand-in tokenizer: one token per word plus begin and end markers."""
    return len(text.split()) + 2


EVENT = Event("e", "Floods", (Article("a", ""), Article("b", "")))
SENTENCES = {
    ("a", 0): "River levels rose overnight in the valley.",  # 7 words
    ("a", 1): "Schools closed.",  # 2
    ("a", 2): "The mayor asked residents to leave low areas before noon.",  # 10
    ("b", 0): "Rescue teams moved families to shelters.",  # 6
    ("b", 1): "More rain is expected on Friday.",  # 6
}


def ranked(*keys: tuple[str, int]) -> list[RankedSentence]:
    return [
        RankedSentence(Sentence(a, i, SENTENCES[(a, i)]), 1.0 / (n + 1))
        for n, (a, i) in enumerate(keys)
    ]


def test_everything_fits_in_reading_order_grouped_per_article():
    packed = pack(
        EVENT, ranked(("b", 1), ("a", 2), ("a", 0), ("b", 0), ("a", 1)),
        prompt=PLAIN, separator=" || ", budget=100, count_tokens=words,
    )
    assert packed.text == (
        "River levels rose overnight in the valley. Schools closed. The mayor asked residents "
        "to leave low areas before noon. || Rescue teams moved families to shelters. More rain "
        "is expected on Friday."
    )
    assert [(s.article_id, s.index) for s in packed.sentences] == [
        ("a", 0), ("a", 1), ("a", 2), ("b", 0), ("b", 1)
    ]
    assert packed.left_out == 0
    assert packed.tokens == words(packed.text)


def test_best_sentences_first_whole_sentences_only_within_budget():
    order = ranked(("b", 1), ("a", 2), ("a", 0), ("b", 0), ("a", 1))
    packed = pack(EVENT, order, prompt=PLAIN, separator=" || ", budget=22, count_tokens=words)
    # b1 (6) + a2 (10) fit; a0 (7) and b0 (6) would pass 22; the 2-word a1 still fits.
    assert [(s.article_id, s.index) for s in packed.sentences] == [("a", 1), ("a", 2), ("b", 1)]
    assert packed.text == (
        "Schools closed. The mayor asked residents to leave low areas before noon. || "
        "More rain is expected on Friday."
    )
    assert packed.tokens <= 22 and packed.left_out == 2
    assert all(SENTENCES[(s.article_id, s.index)] in packed.text for s in packed.sentences)


def test_prompt_and_separator_tokens_count_against_the_budget():
    prompt = Prompt("p.txt", "Summarize the reports about ${title}: ${documents}")
    order = ranked(("a", 0), ("b", 0))
    packed = pack(EVENT, order, prompt=prompt, separator=" || ", budget=20, count_tokens=words)
    assert packed.text == (
        "Summarize the reports about Floods: River levels rose overnight in the valley."
    )
    assert packed.tokens == 14
    roomier = pack(EVENT, order, prompt=prompt, separator=" || ", budget=21, count_tokens=words)
    assert roomier.text.endswith("valley. || Rescue teams moved families to shelters.")
    assert roomier.tokens == 21


def test_exact_count_drops_the_lowest_ranked_when_estimates_are_short():
    # A tokenizer whose separator costs more in context than alone: the estimate is short.
    def merge_heavy(text: str) -> int:
        return words(text) + 5 * text.count(". ||")

    order = ranked(("a", 0), ("b", 0), ("b", 1))
    packed = pack(EVENT, order, prompt=PLAIN, separator=" || ", budget=24, count_tokens=merge_heavy)
    # Estimated 22 tokens with all three; the real count is 27, so b1 (ranked last) goes.
    assert [(s.article_id, s.index) for s in packed.sentences] == [("a", 0), ("b", 0)]
    assert (packed.tokens, packed.left_out) == (21, 1)


def test_nothing_fits_when_the_prompt_is_too_long():
    prompt = Prompt("p.txt", "one two three four five ${documents}")
    with pytest.raises(ValueError, match="the prompt alone needs 7 tokens; the model takes 6"):
        pack(EVENT, ranked(("a", 1)), prompt=prompt, separator=" ", budget=6, count_tokens=words)
