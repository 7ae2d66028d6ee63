"""Sentence splitting: NLTK Punkt quality offline."""

from __future__ import annotations

import pytest

from summarize.records import Article, Sentence
from summarize.sentences import split_article, split_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. envoy arrived. He left on Friday.", ["The U.S. envoy arrived.", "He left on Friday."]),
        ("Mr. Smith and Dr. Jones met. They talked.", ["Mr. Smith and Dr. Jones met.", "They talked."]),
        ("The vote is set for Jan. 5 in the capital. Polls open early.",
         ["The vote is set for Jan. 5 in the capital.", "Polls open early."]),
        ("It ended at 3 p.m. on Monday. Crowds left.", ["It ended at 3 p.m. on Monday.", "Crowds left."]),
        ("J. R. Tolkien wrote it. Fans cheered.", ["J. R. Tolkien wrote it.", "Fans cheered."]),
        ('"We will rebuild," she said. "Soon." Then she left.',
         ['"We will rebuild," she said.', '"Soon."', "Then she left."]),
        ("Is it over? Not yet!", ["Is it over?", "Not yet!"]),
        ("He is the party's No. 2 official. He left.", ["He is the party's No. 2 official.", "He left."]),
    ],
)
def test_punkt_boundaries(text, expected):
    assert split_text(text) == expected


def test_lines_never_merge_and_whitespace_is_folded():
    assert split_text("Headline without period\n\n  The   story   starts here.  \n") == [
        "Headline without period",
        "The story starts here.",
    ]


def test_split_article_indexes_from_zero():
    article = Article(id="a", text="One. Two.\nThree.")
    assert split_article(article) == [Sentence("a", 0, "One."), Sentence("a", 1, "Two."), Sentence("a", 2, "Three.")]
