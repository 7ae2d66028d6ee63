"""Baselines: lead, LexRank/TextRank (sumy, offline), and the greedy oracle."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from builders import inputs_of

from summarize.baselines import Lead, LexRank, TextRank
from summarize.evaluate.oracle import Oracle
from summarize.evaluate.rouge import rouge_scores
from summarize.records import Article, Event, SourceRef
from summarize.registry import entries

OLD = Article(
    "old",
    "The council met on Monday to discuss the tram. It delayed the vote by a week. "
    "Residents asked for more buses.",
    published=datetime(2024, 5, 6, 23, 0, tzinfo=timezone(timedelta(hours=-4))),  # 7 May UTC
)
NEW = Article(
    "new",
    "The council approved the tram extension on Tuesday. Work starts in April. "
    "The line will cost 84 million euros.",
    published=datetime(2024, 5, 7, 12, 0),  # naive: taken as UTC
)


def event(*articles: Article) -> Event:
    return Event("e", "title", tuple(articles))


def test_registry_has_the_baselines_and_the_oracle_needs_references():
    names = entries()
    assert {"lead", "lexrank", "textrank", "oracle"} <= names.keys()
    assert names["oracle"].needs_references and not names["lead"].needs_references


def test_lead_takes_the_newest_document_first_until_the_budget():
    # OLD is 03:00 UTC on 7 May (written with a timezone), NEW 12:00 UTC (naive): comparable.
    (summary,) = Lead()(inputs_of([event(OLD, NEW)]), max_words=12)
    assert summary.method == "lead"
    assert [s.text for s in summary.sentences] == [
        "The council approved the tram extension on Tuesday.", "Work starts in April.",
    ]
    assert summary.sentences[1].sources == (SourceRef("new", 1),)


def test_lead_without_dates_keeps_input_order_and_continues_into_the_next_document():
    undated = [Article(a.id, a.text) for a in (OLD, NEW)]
    (summary,) = Lead()(inputs_of([event(*undated)]), max_words=22)
    assert [(s.sources[0].article, s.sources[0].sentence) for s in summary.sentences] == [
        ("old", 0), ("old", 1), ("old", 2), ("new", 0),
    ]


@pytest.mark.parametrize("factory", [LexRank, TextRank])
def test_sumy_peers_run_offline_in_document_order_within_budget(factory):
    articles = [
        Article("a", "The tram extension was approved. The tram will reach the harbour. Cats sleep a lot."),
        Article("b", "The tram extension will reach the harbour in 2026. The tram extension was approved."),
    ]
    summarizer = factory()
    # A budget of one sentence: the most central one, which shares words with all the others.
    (summary,) = summarizer(inputs_of([event(*articles)]), max_words=8)
    assert summary.method == summarizer.name
    assert [(s.text, s.sources) for s in summary.sentences] == [
        ("The tram extension will reach the harbour in 2026.", (SourceRef("b", 0),)),
    ]
    # A large budget: every sentence once (the repeat is offered once), in document order.
    (summary,) = summarizer(inputs_of([event(*articles)]), max_words=100)
    assert [(s.sources[0].article, s.sources[0].sentence) for s in summary.sentences] == [
        ("a", 0), ("a", 1), ("a", 2), ("b", 0),
    ]


def test_oracle_picks_the_sentences_that_match_the_references():
    references = ["The line will cost 84 million euros and work starts in April."]
    (summary,) = Oracle()(inputs_of([event(OLD, NEW)], references={"e": references}), max_words=15)
    assert [s.text for s in summary.sentences] == [
        "The line will cost 84 million euros.", "Work starts in April.",
    ]
    oracle_recall = rouge_scores(summary.text, references, 15)["rouge2"].recall
    (lead,) = Lead()(inputs_of([event(OLD, NEW)]), max_words=15)
    assert oracle_recall > rouge_scores(lead.text, references, 15)["rouge2"].recall


def test_oracle_needs_references():
    with pytest.raises(ValueError, match="summarize eval"):
        Oracle()(inputs_of([event(OLD)]), max_words=15)


def test_baselines_are_not_handed_rankings_they_never_read(monkeypatch):
    """Ranking is the costly step; lead and the sumy peers summarize without it."""
    from summarize import pipeline

    def no_ranking(*args, **kwargs):
        raise AssertionError("ranked for a summarizer that reads no rankings")

    import summarize.rank

    monkeypatch.setattr(summarize.rank, "rank_event", no_ranking)
    articles = [Article("a", "The dam opened on Monday after ten years of work. Crowds cheered.")]
    sentences = pipeline.split_corpus(articles)
    events = pipeline.build_events(articles, sentences, one_event=True)
    for name in ("lead", "lexrank", "textrank"):
        (summary,) = pipeline.summarize_events(events, sentences, entries()[name].factory(None), 50)
        assert summary.text.startswith("The dam opened on Monday"), name
    with pytest.raises(AssertionError, match="ranked for"):
        pipeline.summarize_events(events, sentences, entries()["extractive"].factory(None), 50)
