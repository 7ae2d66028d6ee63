"""ROUGE scores: rouge-score's own numbers on fixed texts, -f A pooling checked by hand."""

from __future__ import annotations

from dataclasses import astuple
from fractions import Fraction

import pytest
from rouge_score import rouge_scorer

from summarize.evaluate.rouge import ROUGE_TYPES, Score, cut_words, rouge_scores, sentences_per_line

REFERENCE = (
    "Officials said the storm destroyed hundreds of homes along the coast.\n"
    "Rescue teams were searching flooded villages on Monday."
)
SUMMARY = (
    "The storm destroyed homes along the coast, officials said.\n"
    "Rescuers searched the flooded villages."
)


def test_single_reference_equals_rouge_score():
    expected = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True).score(REFERENCE, SUMMARY)
    ours = rouge_scores(SUMMARY, [REFERENCE])
    for rouge_type in ROUGE_TYPES:
        assert ours[rouge_type].recall == pytest.approx(expected[rouge_type].recall, abs=1e-12)
        assert ours[rouge_type].precision == pytest.approx(expected[rouge_type].precision, abs=1e-12)
        assert ours[rouge_type].f1 == pytest.approx(expected[rouge_type].fmeasure, abs=1e-12)
    # By hand, as an anchor: 12 of the reference's 19 stemmed tokens are matched (the x2,
    # storm, destroyed, homes, along, coast, officials, said, searching, flooded, villages).
    assert ours["rouge1"].recall == pytest.approx(12 / 19)


def test_multi_reference_is_pooled_as_rouge155_f_a():
    # By hand. Summary unigrams: the x2, cat, sat, on, mat (6); bigrams: 5.
    # Ref 1 "the cat is on the mat": 1-gram hits 5 of 6, 2-gram hits 3 (the cat, on the, the mat) of 5.
    # Ref 2 "a dog sat on a rug today": 1-gram hits 2 (sat, on) of 7, 2-gram hits 1 (sat on) of 6.
    scores = rouge_scores("the cat sat on the mat", ["the cat is on the mat", "a dog sat on a rug today"])
    r1_recall, r1_precision = Fraction(5 + 2, 6 + 7), Fraction(5 + 2, 6 * 2)
    r2_recall, r2_precision = Fraction(3 + 1, 5 + 6), Fraction(3 + 1, 5 * 2)
    assert astuple(scores["rouge1"]) == pytest.approx((r1_recall, r1_precision, 0.56))  # F = 98/175
    assert astuple(scores["rouge2"]) == pytest.approx((r2_recall, r2_precision, 8 / 21))
    # Pooling is not the mean of per-reference recalls (5/6 and 2/7), nor the best reference.
    assert scores["rouge1"].recall != pytest.approx((5 / 6 + 2 / 7) / 2)


def test_summary_is_cut_to_max_words_before_scoring():
    long_summary = "the cat sat on the mat and then a dog came in to the garden"
    assert rouge_scores(long_summary, [REFERENCE], max_words=6) == rouge_scores(
        "the cat sat on the mat", [REFERENCE]
    )


def test_cut_words_keeps_line_breaks():
    assert cut_words("one two three\nfour five\nsix", 4) == "one two three\nfour"
    assert cut_words("one  two", None) == "one  two"
    assert cut_words("one two", 0) == ""
    with pytest.raises(ValueError):
        cut_words("one", -1)


def test_sentences_per_line_is_the_lsum_step():
    assert sentences_per_line("Dr. Smith came home. He left at 5 p.m. on Monday.") == (
        "Dr. Smith came home.\nHe left at 5 p.m. on Monday."
    )
    # Lsum matches sentences as units: swapping them keeps Lsum whole but breaks plain L.
    swapped = rouge_scores("Rescue teams searched. The storm hit the coast.", ["The storm hit the coast. Rescue teams searched."])
    assert swapped["rougeLsum"].recall == pytest.approx(1.0)
    assert swapped["rougeL"].recall < 1.0


def test_empty_summary_scores_zero_and_references_are_required():
    assert rouge_scores("", [REFERENCE])["rouge1"] == Score(0.0, 0.0, 0.0)
    assert rouge_scores("...", [REFERENCE])["rougeLsum"] == Score(0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        rouge_scores(SUMMARY, [])
