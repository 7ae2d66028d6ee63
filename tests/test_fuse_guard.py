"""Faithfulness guard and post-processing; the Fuser driven by a scripted generator."""

from __future__ import annotations

import pytest

from summarize.fuse.cards import list_cards
from summarize.fuse.fuser import Fuser
from summarize.fuse.guard import SourceIndex, check
from summarize.fuse.postprocess import drop_repeats, fit_budget
from summarize.summarizer import EventInput
from summarize.records import (
    Article,
    Event,
    RankedSentence,
    Ranking,
    Sentence,
    SourceRef,
    SummarySentence,
)

ARTICLES = (
    Article(
        "wire/1",
        "Floods forced 2,300 people from their homes in the Wend valley on Sunday. "
        "Mayor Ada Brandt opened three shelters in school gyms.",
    ),
    Article(
        "gazette/7",
        "Rescue teams from Norrel reached the valley by boat. "
        "Forecasters expect two more days of rain.",
    ),
)
EVENT = Event("wend-flood", "Wend valley floods", ARTICLES)


def sentences() -> list[Sentence]:
    from summarize.sentences import split_article

    return [s for a in ARTICLES for s in split_article(a)]


def test_sources_cover_a_fused_sentence():
    index = SourceIndex(sentences())
    fused = "Mayor Ada Brandt opened shelters after floods forced 2,300 people from their homes."
    assert index.supporting(fused) == (sentences()[0], sentences()[1])
    assert index.supporting("The weather is nice.") == ()


def test_unsupported_numbers_and_names():
    index = SourceIndex(sentences())
    assert index.unsupported_facts(
        "Mayor Ada Brandt's team moved 2300 people; Two more days of rain are expected."
    ) == []
    assert index.unsupported_facts(
        "Governor John Okafor said 4,100 people and three shelters were in Wend."
    ) == ["Governor", "John", "Okafor", "4,100"]


def test_check_keeps_supported_replaces_invented_and_cut_off():
    index = SourceIndex(sentences())
    checked = check(
        [
            "Floods forced 2,300 people from their homes in the Wend valley.",
            "Mayor Ada Brandt said 9,000 rescue workers came.",
            "Forecasters expect two more days of",
        ],
        index,
        cut_off=True,
    )
    assert checked.sentences == (
        SummarySentence(
            "Floods forced 2,300 people from their homes in the Wend valley.",
            (SourceRef("wire/1", 0),), "generated",
        ),
        SummarySentence(
            "Mayor Ada Brandt opened three shelters in school gyms.", (SourceRef("wire/1", 1),),
            "replaced",
        ),
        SummarySentence(
            "Forecasters expect two more days of rain.", (SourceRef("gazette/7", 1),), "replaced"
        ),
    )
    assert checked.notes == (
        "faithfulness: of 3 generated sentences, 1 kept, 2 replaced, 0 dropped",
        "faithfulness: replaced generated sentence 2 (it states '9,000', found in no source) "
        "with its closest source sentence, sentence 1 of wire/1",
        "faithfulness: replaced generated sentence 3 (it was cut off at the length limit) "
        "with its closest source sentence, sentence 1 of gazette/7",
    )


def test_check_drops_when_every_source_is_used():
    index = SourceIndex(sentences()[:1])
    checked = check(
        ["Floods forced 2,300 people from their homes.", "They counted 5,000 victims."],
        index,
    )
    assert [s.text for s in checked.sentences] == ["Floods forced 2,300 people from their homes."]
    assert checked.notes == (
        "faithfulness: of 2 generated sentences, 1 kept, 0 replaced, 1 dropped",
        "faithfulness: dropped generated sentence 2: it states '5,000', found in no source "
        "(no unused source sentence is left to replace it)",
    )


def test_a_replacement_fits_the_word_budget():
    index = SourceIndex(sentences())
    checked = check(["Mayor Ada Brandt said 9,000 came."], index, max_words=8)
    # The closest sentence (about Mayor Ada Brandt) has 9 words; the first short one stands in.
    assert checked.sentences == (
        SummarySentence(
            "Forecasters expect two more days of rain.", (SourceRef("gazette/7", 1),), "replaced"
        ),
    )


def test_drop_repeats_and_fit_budget():
    a = SummarySentence("Floods forced people from their homes in the valley.")
    again = SummarySentence("Floods forced the people from their homes in the valley!")
    b = SummarySentence("Shelters opened.")
    c = SummarySentence("Forecasters expect two more days of rain in the valley.")
    kept, dropped = drop_repeats([a, b, again, c])
    assert (kept, dropped) == ([a, b, c], 1)
    assert fit_budget([a, c, b], 12) == ([a, b], 1)  # 9 + 10 words would pass 12; 9 + 2 fit
    assert fit_budget([c], 5) == ([], 1)


class ScriptedGenerator:
    """Emits fixed text per call, the way a model that invents facts would."""

    input_limit = 200

    def __init__(self, outputs: list[str]):
        self.outputs, self.calls = outputs, []

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 2

    def __call__(self, texts, *, min_length, max_length):
        self.calls.append((list(texts), min_length, max_length))
        return self.outputs[: len(texts)]


def ranking() -> Ranking:
    ranked = tuple(RankedSentence(s, 1.0 / (1 + i)) for i, s in enumerate(sentences()))
    return Ranking(EVENT.id, ranked, ranked[:2])


def ranked_input(ranked: Ranking | None = None) -> list[EventInput]:
    return [EventInput(EVENT, tuple(sentences()), ranked or ranking())]


def test_invented_number_and_name_never_reach_the_output():
    generator = ScriptedGenerator([
        "Floods forced 2,300 people from their homes in the Wend valley on Sunday. "
        "Governor Piet Halvorsen said 17 people died. "
        "Mayor Ada Brandt opened three shelters in school gyms."
    ])
    fuser = Fuser("scripted", list_cards()["distilbart-cnn-12-6"], generator)
    [summary] = fuser(ranked_input(), max_words=60)
    assert summary.method == "scripted"
    for invented in ("Piet", "Halvorsen", "17", "Governor"):
        assert invented not in summary.text
    assert [s.text for s in summary.sentences] == [
        "Floods forced 2,300 people from their homes in the Wend valley on Sunday.",
        "Rescue teams from Norrel reached the valley by boat.",
        "Mayor Ada Brandt opened three shelters in school gyms.",
    ]
    assert all(s.sources for s in summary.sentences)
    assert [s.origin for s in summary.sentences] == ["generated", "replaced", "generated"]
    assert summary.notes == (
        "faithfulness: of 3 generated sentences, 2 kept, 1 replaced, 0 dropped",
        "faithfulness: replaced generated sentence 2 (it states 'Governor', 'Piet', 'Halvorsen', "
        "'17', found in no source) with the first unused source sentence (none shares its "
        "words), sentence 0 of gazette/7",
    )
    # The whole packed event went to the generator once, with the card's lengths capped.
    [(texts, min_length, max_length)] = generator.calls
    assert texts[0].startswith("Floods forced 2,300 people")
    assert (min_length, max_length) == (56, 120)


def test_budget_and_repeats_after_the_guard():
    generator = ScriptedGenerator([
        "Floods forced 2,300 people from their homes in the Wend valley on Sunday. "
        "Floods forced 2,300 people from their homes in the Wend valley on Sunday! "
        "Forecasters expect two more days of rain. Rescue teams from Norrel reached the"
    ])
    fuser = Fuser("scripted", list_cards()["distilbart-cnn-12-6"], generator)
    [summary] = fuser(ranked_input(), max_words=20)
    assert [s.text for s in summary.sentences] == [
        "Floods forced 2,300 people from their homes in the Wend valley on Sunday.",
        "Forecasters expect two more days of rain.",
    ]
    assert sum(len(s.text.split()) for s in summary.sentences) <= 20
    assert "dropped 1 repeated sentence" in summary.notes
    assert "dropped 1 sentence over the 20-word budget" in summary.notes


def test_no_usable_output_falls_back_to_the_selection_and_says_so():
    fuser = Fuser("scripted", list_cards()["distilbart-cnn-12-6"], ScriptedGenerator([""]))
    [summary] = fuser(ranked_input(), max_words=40)
    assert summary.method == "extractive"
    assert [s.sources for s in summary.sentences] == [
        (SourceRef("wire/1", 0),), (SourceRef("wire/1", 1),)
    ]
    assert summary.notes[-1] == (
        "model scripted gave no usable sentence; the extractive summary is used"
    )


def test_event_without_sentences_and_missing_ranking():
    fuser = Fuser("scripted", list_cards()["distilbart-cnn-12-6"], ScriptedGenerator([]))
    [summary] = fuser(ranked_input(Ranking(EVENT.id, (), ())), max_words=40)
    assert (summary.sentences, summary.notes) == ((), ("no sentences to summarize",))
    with pytest.raises(ValueError, match="event 'wend-flood' was not ranked"):
        fuser([EventInput(EVENT, tuple(sentences()))], max_words=40)
