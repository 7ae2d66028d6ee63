"""The shared text toolkit: one meaning of a word, a sentence end, a restatement, a fact."""

from __future__ import annotations

import pytest

from summarize.text import (
    content_words,
    ends_sentence,
    ends_with_ellipsis,
    facts,
    quotes_balanced,
    restates,
    sentence_breaks,
    specifics,
    split_dateline,
    time_anchors,
    word_count,
    words,
)


def test_words_are_rouge_units_and_content_words_are_stemmed():
    assert words("Kim's U.S.-made 3,000 rockets!") == ["kim", "s", "u", "s", "made", "3", "000", "rockets"]
    assert content_words("The floods were flooding 2,300 homes") == {"flood", "2300", "home"}
    assert content_words("Two officials") == {"2", "offici"}
    assert content_words("北京 大学") == {"北京", "大学"}  # any script
    assert word_count("  one two\nthree ") == 3


@pytest.mark.parametrize(
    "text, complete",
    [("It rained.", True), ('He said "go home."', True), ("Is it over?", True),
     ("Rescue teams reached the", False), ("The count was 2,300", False), ("(see above).", True),
     ("東京で地震があった。", True), ("वह घर गया।", True), ("And then…", True), ("", False)],
)
def test_ends_sentence_in_any_script(text, complete):
    assert ends_sentence(text) is complete


def test_ellipsis_endings():
    assert ends_with_ellipsis("Read the full story...")
    assert not ends_with_ellipsis("“I paused…”")  # the speaker's
    assert not ends_with_ellipsis("It rained.")


def test_sentence_breaks_skip_abbreviations_and_initials():
    text = "Mr. Smith met Gov. Brown. J. K. Rowling spoke in the U.S. Army base. 東京。大阪。"
    starts = [text[b:b + 5] for b in sentence_breaks(text)]
    assert starts == ["J. K.", "東京。大阪", "大阪。"]
    assert sentence_breaks("A headline without any end") == []


def test_sentence_breaks_linear_on_a_megabyte_of_dots():
    assert sentence_breaks(". " * 500_000) == []


def test_quotes_balanced():
    assert quotes_balanced('He said "yes" and “no”.')
    assert not quotes_balanced('He said "yes and left.')
    assert not quotes_balanced("``It was over, he said.")


def test_split_dateline():
    assert split_dateline("NAIROBI, Kenya (AP) _ The bomb went off.") == (
        "NAIROBI, Kenya (AP) _", "The bomb went off.")
    assert split_dateline("SEOUL - North Korea fired.") == ("SEOUL -", "North Korea fired.")
    assert split_dateline("The bomb went off.") == ("", "The bomb went off.")
    assert split_dateline("SEOUL - ") == ("", "SEOUL - ")


def test_restatement_is_content_word_jaccard():
    a = content_words("Floods forced people from their homes in the valley.")
    b = content_words("Floods forced the people from their homes in the valley!")
    c = content_words("Forecasters expect two more days of rain.")
    assert restates(a, b) and not restates(a, c)
    assert not restates(frozenset(), frozenset())


def test_specifics_skip_sentence_initial_words_and_time_words():
    text = "Officials in Seoul said on Monday. Kim Jong Un watched 15,000 troops in Seoul."
    assert specifics(text) == {"seoul", "jong", "15000"}  # "un" is a stop word


def test_facts_are_numbers_and_capitalised_words_anywhere():
    assert facts("Two officials met Kim in Seoul; the 3,000 troops stayed. The end.") == [
        "Two", "Kim", "Seoul", "3,000"]


def test_time_anchors():
    assert time_anchors("On Friday, March 21, and 4 July, it may rain.") == {
        "friday", "march 21", "july 4"}
