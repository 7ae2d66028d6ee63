"""Ranking: candidates, salience objective, exact budgeted selection, redundancy-aware order."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import combinations

import numpy as np
import pytest
from rank_corpus import bridge_event

from summarize.rank import RankSettings, rank_event, reading_order, truncate
from summarize.rank.candidates import copy_groups, fragment_reason, join_split_quotations, trim_dateline
from summarize.rank.salience import article_weights, build_objective
from summarize.rank.select import budgeted_selection, greedy_order, salience
from summarize.records import Article, Event, Sentence
from summarize.sentences import split_article


def words(ranking_items) -> int:
    return sum(len(item.sentence.text.split()) for item in ranking_items)


def ids(items) -> list[tuple[str, int]]:
    return [(item.sentence.article_id, item.sentence.index) for item in items]


# --- candidates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("The bridge reopened.", "short"),
        ("Was the bridge safe to use for the thousands who crossed it daily?", "question"),
        ("Photo: City fire service and the emergency crews at the scene", "no final punctuation"),
        ("``We will not reopen the crossing until it is safe, and we will check", "no final punctuation"),
        ("``We will not reopen the crossing until it is safe, and then we will check.", "quotation cut in half"),
        ("and the bridge was then closed to all traffic for three months.", "starts in mid-sentence"),
        ("Ortega, who took office in May, is being considered for the party's No.", "split at an abbreviation"),
        ("Again, the mayor said the crossing would stay closed until spring.", "refers back to an earlier sentence"),
        ("Photo: the collapsed section of the bridge seen from the north bank.", "credit line"),
        ("But officials declined to say when the crossing would reopen.", "refers back to an earlier sentence"),
        ("``It was terrifying,'' said one of the drivers pulled from the water.", "opens with a quotation"),
        ("“We will not reopen the crossing until it is safe,” Mayor Ortega said.", "opens with a quotation"),
        ("Such failures are rare in bridges of this age, the engineer said.", "refers back to an earlier sentence"),
        ("The city engineer said corrosion in the steel supports was the likely cause.", None),
        ("Mayor Ines Ortega said: ``We will not reopen the crossing until it is safe.''", None),
    ],
)
def test_fragment_reason(text, reason):
    assert fragment_reason(text, min_words=8) == reason


@pytest.mark.parametrize(
    ("text", "trimmed"),
    [
        ("NAIROBI, Kenya (AP) _ Rebels said they had shot down a plane.", "Rebels said they had shot down a plane."),
        ("SEOUL - North Korea fired two missiles on Sunday.", "North Korea fired two missiles on Sunday."),
        ("The opposition _ claiming fraud _ has denied him the votes.", "The opposition _ claiming fraud _ has denied him the votes."),
    ],
)
def test_trim_dateline(text, trimmed):
    assert trim_dateline(Sentence("a", 0, text)).text == trimmed
    assert trim_dateline(Sentence("a", 1, text)).text == text  # only an article's opening


def test_a_quotation_cut_across_sentences_is_put_back_together():
    sentences = [
        Sentence("a1", 0, "The ferry left the harbour late on Monday."),
        Sentence("a1", 1, "\u201cWe waited for the wind to drop."),
        Sentence("a1", 2, "Then we sailed,\u201d the captain said."),
        Sentence("a1", 3, "\"Nobody closes this quotation."),
        Sentence("a1", 4, "The harbour reopened on Tuesday."),
        Sentence("a2", 0, "\"It opens here."),
        Sentence("a2", 2, "And closes after a gap,\" she said."),
    ]
    joined = join_split_quotations(sentences)
    assert [(s.article_id, s.index) for s in joined] == [
        ("a1", 0), ("a1", 1), ("a1", 3), ("a1", 4), ("a2", 0), ("a2", 2),
    ]
    assert joined[1].text == "\u201cWe waited for the wind to drop. Then we sailed,\u201d the captain said."
    assert joined[2:] == sentences[3:]


def test_copy_groups_join_the_same_sentence_across_articles():
    sentences = [
        Sentence("a1", 0, "Five people were hurt when the bridge fell."),
        Sentence("a2", 0, "Officials inspected the other bridges."),
        Sentence("a2", 1, "Five people were hurt, when the Bridge fell!"),
        Sentence("a3", 0, "The bridge fell and five people were hurt."),  # same words, new order
        Sentence("a3", 1, "Seven people were hurt when the bridge fell."),
    ]
    assert copy_groups(sentences, near_copy=1.0) == [[0, 2, 3], [1], [4]]
    assert copy_groups(sentences, near_copy=0.5) == [[0, 2, 3, 4], [1]]


def test_article_weights_count_only_what_a_copy_adds():
    sentences = [
        Sentence("a1", 0, "One."), Sentence("a1", 1, "Two."),
        Sentence("a2", 0, "One."), Sentence("a2", 1, "Two."),
        Sentence("a3", 0, "One."), Sentence("a3", 1, "Three."),
    ]
    groups = copy_groups(sentences, near_copy=1.0)
    weights = article_weights({"a2": "a1", "a3": "a1"}, sentences, groups)
    assert weights == {"a1": 1.0, "a2": 0.0, "a3": 0.5}


# --- rank_event -----------------------------------------------------------------------------


def test_summary_fits_the_budget_in_reading_order():
    event, sentences = bridge_event()
    ranking = rank_event(event, sentences, 45)
    assert ranking.event_id == "e01"
    assert 0 < words(ranking.selected) <= 45
    order = {"a1": 0, "a2": 1, "a3": 2, "a4": 3}
    length = {"a1": 6, "a2": 5, "a3": 5, "a4": 6}
    # Leads first across articles (relative position), then the articles' reading order.
    key = lambda k: (k[1] / length[k[0]], order[k[0]], k[1])
    assert ids(ranking.selected) == sorted(ids(ranking.selected), key=key)
    # The summary comes first in the ranking, then every other candidate once.
    assert set(ids(ranking.ranked[: len(ranking.selected)])) == set(ids(ranking.selected))
    assert len(set(ids(ranking.ranked))) == len(ranking.ranked)


def test_ranking_leaves_fragments_and_copies_out():
    event, sentences = bridge_event()
    ranking = rank_event(event, sentences, 100)
    texts = [item.sentence.text for item in ranking.ranked]
    assert "Was the bridge safe to use?" not in texts
    assert "Photo: City fire service" not in texts
    assert {item.sentence.article_id for item in ranking.ranked} == {"a1", "a2", "a3"}
    # Sentences that stand alone: 4 of a1's 6, 4 of a2's 5, all 4 of a3's (the quotation
    # names its speaker), and "But officials..." which may stand after the sentence before it.
    assert len(ranking.ranked) == 13
    but = [i for i, t in enumerate(texts) if t.startswith("But officials")]
    assert len(but) == 1


def test_wire_copy_is_cited_with_its_dateline_trimmed():
    event, sentences = bridge_event()
    ranking = rank_event(event, sentences, 100)
    first = next(item for item in ranking.ranked if ids([item]) == [("a1", 0)])
    assert first.copies == (Sentence("a4", 0, first.sentence.text),)
    assert first.sentence.text.startswith("A section of the Calder River bridge collapsed")


def test_paraphrases_are_not_both_selected():
    event, sentences = bridge_event()
    for budget in (30, 45, 60):
        chosen = set(ids(rank_event(event, sentences, budget).selected))
        assert not {("a1", 0), ("a2", 0)} <= chosen, budget  # the same collapse, told twice
        assert not {("a2", 1), ("a3", 1)} <= chosen, budget  # corrosion, told twice


def test_most_supported_fact_leads_the_ranking():
    event, sentences = bridge_event()
    ranking = rank_event(event, sentences, 45)
    # The collapse and its five injured are in every article's opening sentence.
    assert ids(ranking.ranked[:1]) in ([("a1", 0)], [("a2", 0)], [("a3", 0)])
    assert "collapse" in ranking.ranked[0].sentence.text
    # The highest score is one of those openings too (the ranking is by gain per word, so
    # the first-ranked need not be the longest of them).
    best = max(ranking.ranked, key=lambda item: item.score)
    assert ids([best]) in ([("a1", 0)], [("a2", 0)], [("a3", 0)])


def test_ranking_is_deterministic():
    event, sentences = bridge_event()
    assert rank_event(event, sentences, 45) == rank_event(event, sentences, 45)
    assert rank_event(event, sentences, 45) == rank_event(event, list(sentences), 45, RankSettings())


def test_a_sentence_longer_than_the_budget_is_cut():
    event, sentences = bridge_event()
    ranking = rank_event(event, sentences, 6)
    (only,) = ranking.selected
    assert len(only.sentence.text.split()) == 6 and only.sentence.text.endswith("…")
    assert ranking.ranked[0].sentence.text.startswith(only.sentence.text[:-1])


def test_an_event_of_fragments_still_gets_a_summary():
    article = Article("q", "Was it safe? Who knew?\nPhoto: fire service")
    event = Event("e01", "Q", (article,))
    ranking = rank_event(event, split_article(article), 50)
    assert [item.sentence.text for item in ranking.selected] == ["Was it safe?", "Who knew?", "Photo: fire service"]


def test_a_copy_whose_original_has_no_sentences_still_counts():
    article = Article("copy", "The ferry service resumed on Friday after a week of storms at sea.")
    event = Event("e01", "Ferry", (Article("orig", ""), article), duplicates=(("copy", "orig"),))
    ranking = rank_event(event, split_article(article), 50)
    assert ids(ranking.selected) == [("copy", 0)] and ranking.selected[0].score > 0


def test_an_event_without_sentences_gets_an_empty_ranking():
    event = Event("e01", "Empty", (Article("x", ""),))
    ranking = rank_event(event, [], 50)
    assert ranking.ranked == () and ranking.selected == ()


def test_bad_input_is_refused():
    event, sentences = bridge_event()
    with pytest.raises(ValueError, match="max_words"):
        rank_event(event, sentences, 0)
    with pytest.raises(ValueError, match="not in event"):
        rank_event(event, [*sentences, Sentence("zz", 0, "A stray sentence from elsewhere.")], 50)
    with pytest.raises(ValueError, match="near_copy"):
        RankSettings(near_copy=0.0)


def test_reading_order_follows_publication_time_when_known():
    day = lambda d: datetime(2025, 3, d, tzinfo=UTC)
    event, _ = bridge_event({"a1": day(3), "a2": day(1), "a3": day(2), "a4": day(4)})
    assert reading_order(event) == {"a2": 0, "a3": 1, "a1": 2, "a4": 3}
    undated, _ = bridge_event()
    assert reading_order(undated) == {"a1": 0, "a2": 1, "a3": 2, "a4": 3}


def test_truncate_cuts_at_a_word_boundary():
    sentence = Sentence("a", 2, "Rescue crews pulled both drivers, from the river.")
    assert truncate(sentence, 5) == Sentence("a", 2, "Rescue crews pulled both drivers…")
    assert truncate(sentence, 8) == sentence


# --- objective and selection ----------------------------------------------------------------


@pytest.fixture()
def objective():
    event, sentences = bridge_event()
    ranking = rank_event(event, sentences, 100)
    candidates = [item.sentence for item in ranking.ranked]
    per_article: dict[str, list[Sentence]] = {}
    for s in sentences:
        per_article.setdefault(s.article_id, []).append(s)
    weights = {"a1": 1.0, "a2": 1.0, "a3": 1.0, "a4": 0.0}
    return build_objective([(weights[a], per_article[a]) for a in per_article], candidates, 100, RankSettings())


def test_gains_agree_with_values_and_diminish(objective):
    small, large = [0], [0, 3, 5]
    state_small, state_large = objective.empty(), objective.empty()
    for j in small:
        state_small = objective.add(state_small, j)
    for j in large:
        state_large = objective.add(state_large, j)
    gains_small, gains_large = objective.gains(state_small), objective.gains(state_large)
    for j in (1, 2, 4, 6):
        assert gains_small[j] == pytest.approx(objective.value(small + [j]) - objective.value(small))
        assert gains_large[j] == pytest.approx(objective.value(large + [j]) - objective.value(large))
        assert gains_large[j] <= gains_small[j] + 1e-12  # submodular
        assert gains_large[j] >= 0  # monotone
    assert 0 < objective.value(range(objective.size)) <= 2.0


@pytest.mark.parametrize("budget", [25, 40, 60])
def test_selection_is_the_exact_budgeted_optimum(objective, budget):
    lengths = objective.lengths
    best = max(
        objective.value(subset)
        for k in range(1, 7)
        for subset in combinations(range(objective.size), k)
        if lengths[list(subset)].sum() <= budget
    )
    chosen = budgeted_selection(objective, budget, pool=objective.size, node_limit=10000)
    assert lengths[chosen].sum() <= budget
    assert objective.value(chosen) == pytest.approx(best)


def test_greedy_order_puts_the_selection_first_and_places_everyone_once(objective):
    chosen = budgeted_selection(objective, 40, pool=objective.size, node_limit=10000)
    order = greedy_order(objective, chosen, steps=3)
    assert sorted(order[: len(chosen)]) == sorted(chosen)
    assert sorted(order) == list(range(objective.size))
    # After the greedy steps, the rest follow by salience per word.
    tail = order[len(chosen) + 3:]
    density = salience(objective)[tail] / objective.lengths[tail]
    assert np.all(np.diff(density) <= 1e-12)


def test_selected_sentences_read_leads_first_across_articles():
    """A late sentence of the first article comes after the lead of the second one."""
    from summarize.rank import _position_key

    late_a = Sentence("a", 8, "x")
    lead_b = Sentence("b", 0, "y")
    second_a = Sentence("a", 1, "z")
    length, order = {"a": 10, "b": 5}, {"a": 0, "b": 1}
    ordered = sorted([late_a, lead_b, second_a], key=lambda s: _position_key(s, length, order))
    assert ordered == [lead_b, second_a, late_a]


def test_a_restated_sentence_is_not_selected_twice():
    from summarize.records import Article, Event

    a = Article("a", "A large fire broke out at the old Riverton paper mill on Monday. "
                     "Firefighters from three towns fought the flames for six hours before dawn.")
    b = Article("b", "A large fire broke out at the old Riverton paper mill on Monday night. "
                     "The owners said the mill had been empty since it closed in 2019.")
    event = Event("e1", "Mill fire", (a, b))
    from summarize.sentences import split_article

    sentences = split_article(a) + split_article(b)
    ranking = rank_event(event, sentences, max_words=200)
    texts = [r.sentence.text for r in ranking.selected]
    assert sum("broke out" in t for t in texts) == 1
    assert len(texts) == 3


# --- coherence and restatements (issue 12) --------------------------------------------------

GOVERNOR = {
    "g1": (
        "Governor Maria Voss of Eastland resigned on Monday after a state inquiry found she had "
        "steered road contracts to a donor. She said the inquiry had been unfair and that she "
        "would appeal the ruling in the supreme court. Her deputy, Tom Reyes, will serve until an "
        "election in the spring."
    ),
    "g2": (
        "Eastland's governor quit on Monday over road contracts given to a donor. Voss plans to "
        "appeal the ruling in the supreme court, her lawyer said. The inquiry took eleven months."
    ),
    "g3": (
        "Maria Voss stepped down as governor of Eastland on Monday. She will appeal the ruling in "
        "the supreme court, calling the inquiry unfair and the contracts lawful."
    ),
}


def governor_event():
    articles = [Article(aid, text) for aid, text in GOVERNOR.items()]
    return Event("e02", "Governor", tuple(articles)), [s for a in articles for s in split_article(a)]


@pytest.mark.parametrize("budget", [20, 30, 40, 55, 70, 90, 120])
def test_a_pronoun_opening_sentence_is_never_selected_without_its_antecedent(budget):
    for event, sentences in (governor_event(), bridge_event()):
        selected = [item.sentence for item in rank_event(event, sentences, budget).selected]
        for position, sentence in enumerate(selected):
            opener = sentence.text.split()[0].strip(",").lower()
            if opener in {"she", "he", "her", "his", "they", "it", "but", "this"}:
                assert position > 0, (budget, sentence.text)
                before = selected[position - 1]
                assert (before.article_id, before.index) == (sentence.article_id, sentence.index - 1)


def test_a_definite_description_needs_what_it_refers_to():
    from summarize.rank.candidates import Candidate
    from summarize.rank.coherence import context_needs

    article = Article("k", "Thousands of students marched through Phnom Penh on Sunday. "
                           "Riot police blocked the roads to the parliament. "
                           "The prime minister ordered police to break up the crowds.")
    sentences = split_article(article)
    pool = [Candidate(s, ()) for s in sentences]
    needs, _ = context_needs(pool, {"k": sentences})
    assert 2 not in needs  # "the crowds" were never introduced: nothing to need
    text = article.text.replace("break up the crowds", "break up the roads")
    sentences = split_article(Article("k", text))
    needs, _ = context_needs([Candidate(s, ()) for s in sentences], {"k": sentences})
    assert needs[2] == (1, frozenset({"road"}))


def test_restatements_are_recognised_across_outlets():
    """Two outlets' wordings of one fact (invented here, in the shape the seeds show)."""
    from summarize.paraphrase import paraphrases

    assert paraphrases(
        "The statement did not specify the vessels that were inspected or where the checks took place.",
        "The statement did not disclose details about the types of vessels inspected or the location of the checks.",
    )
    assert paraphrases(
        "Norrel's top safety official Ilse Brandt has arrived in Port Avery for a visit, the agency reported.",
        "On Friday, Norrel's Safety Council Secretary Ilse Brandt arrived in Port Avery for meetings with the mayor.",
    )
    assert not paraphrases(
        "The mayor is scheduled to travel to Calloway on Sunday for talks with the governor.",
        "Brandt held a ceremony in Larkford last week to honor the crews who fought the floods.",
    )


def test_seed_summaries_at_600_words_do_not_restate(seeds_dir):
    from summarize.pipeline import build_events, read_corpus, split_corpus
    from summarize.paraphrase import paraphrases

    corpus = read_corpus([str(seeds_dir / "articles")])
    sentences = split_corpus(corpus.articles)
    events = build_events(corpus.articles, sentences)
    short = 0
    for event in events:
        own = [s for a in event.articles for s in sentences[a.id]]
        texts = [item.sentence.text for item in rank_event(event, own, 600).selected]
        joined = [t.lower() for t in texts]
        assert sum(t.startswith("the report did not") for t in joined) <= 1
        assert sum("101 portraits" in t for t in joined) <= 1
        assert sum("shoigu" in t and "arrived" in t for t in joined) <= 1
        assert sum("security chief" in t and ("arrived" in t or "visiting" in t) for t in joined) <= 1
        for a, b in combinations(texts, 2):
            assert not paraphrases(a, b), (a, b)
        short += sum(len(t.split()) for t in texts) < 600
    assert short >= 1  # only restatements were left: the summary stops short of the budget
