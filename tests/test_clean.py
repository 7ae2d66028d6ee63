"""Clean: each kind of scraping noise goes, every real article sentence stays."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summarize.clean import clean_article, clean_text, noise_lines
from summarize.ingest import read_paths
from summarize.records import Article
from summarize.sentences import split_text

LEAD = "Dunmore's main bridge was closed on Monday after engineers found a crack in one of its steel beams."
BODY = [
    LEAD,
    "The town council said the bridge would stay shut for at least two weeks while the beam is replaced.",
    "Drivers face a detour of about 12 kilometres through Kelby, and the council has added extra buses.",
    "Engineers from Harlow Structures found the crack during a routine inspection, the council said.",
    "Repairs are expected to cost about $2 million.",
]


def with_line(line: str, at: int = 2) -> str:
    return "\n".join(BODY[:at] + [line] + BODY[at:])


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("LEAVE A REPLY", "comment-prompt"),
        ("Please enter your comment!", "comment-prompt"),
        ("Please enter your name here", "comment-prompt"),
        ("Share this article", "share-buttons"),
        ("Facebook Twitter WhatsApp Email", "share-buttons"),
        ("Click to share on Facebook", "share-buttons"),
        ("Subscribe to our newsletter for the latest news.", "subscribe-prompt"),
        ("1,204 views", "view-counter"),
        ("Views: 3.2K", "view-counter"),
        ("Advertisement", "ad-slot"),
        ("Read more: Ferry fares to rise in May", "read-more-teaser"),
        ("Photo: Jan Moss / Dunmore Post", "photo-credit"),
        ("Workers inspect the beam on Monday. (AP Photo/Jan Moss)", "photo-credit"),
        ("© 2025 Dunmore Post. All rights reserved.", "copyright"),
        ("Copyright 2025 Dunmore Post", "copyright"),
        ("Source: Agency", "source-credit"),
        ("(Reporting by Jan Moss; Editing by Ola Berg)", "source-credit"),
        ("- Agencies", "source-credit"),
        ("By Jan Moss, Staff Writer", "byline"),
        ("Published 10:12 AM, April 2, 2025", "timestamp"),
        ("Tags: bridges, Dunmore, transport", "tags"),
        ("Home | News | Local", "navigation"),
        ("شارك هذا الخبر مع أصدقائك", "foreign-script"),
        ("Dunmore ferry fares to rise in May", "headline-line"),
    ],
)
def test_noise_line_is_removed_with_its_rule(line, rule):
    text = with_line(line)
    assert noise_lines(text) == [(line, rule)]
    assert clean_text(text) == "\n".join(BODY)


@pytest.mark.parametrize(
    "sentence",
    [
        "Nobody was hurt.",
        "Shares of Harlow Structures fell 4% on the news.",
        "By Tuesday evening, the detour signs were up.",
        "Source code for the council's traffic app was published on Monday.",
        "Photos of the crack spread quickly online.",
        "Comments from residents were mostly angry.",
        "Related repairs on the Kelby road will wait until summer.",
        "More than 200 people came to the council meeting.",
        "Watch out for ice on the detour, police said.",
        "Share prices of local firms did not move.",
        "The bridge (built in 1961) carries 9,000 cars a day.",
        "“We had no choice,” the mayor said.",
    ],
)
def test_real_sentences_that_look_like_noise_are_kept(sentence):
    text = with_line(sentence)
    assert noise_lines(text) == []
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("first", "dateline", "rest"),
    [
        ("DUNMORE - ", "DUNMORE -", "Dunmore's main bridge"),
        ("PYONGYANG: ", "PYONGYANG:", "Dunmore's main bridge"),
        ("NEW YORK, March 3 (Reuters) - ", "NEW YORK, March 3 (Reuters) -", "Dunmore's main bridge"),
        ("KELBY, Norland (AP) — ", "KELBY, Norland (AP) —", "Dunmore's main bridge"),
        ("Kelby (AFP) -- ", "Kelby (AFP) --", "Dunmore's main bridge"),
    ],
)
def test_dateline_is_stripped_and_first_sentence_kept(first, dateline, rest):
    text = "\n".join([first + LEAD] + BODY[1:])
    assert noise_lines(text) == [(dateline, "dateline")]
    assert clean_text(text).startswith(LEAD)


@pytest.mark.parametrize(
    "first",
    ["US - China talks resumed on Monday in Geneva.", "NATO allies met on Monday.", "BREAKING news rarely waits."],
)
def test_capitalised_openings_that_are_not_datelines_are_kept(first):
    text = "\n".join([first] + BODY)
    assert clean_text(text) == text


def test_single_paragraph_with_dateline_and_cut_off_tail():
    text = "KELBY - The bridge reopened on Friday. Drivers said the detour had"
    assert noise_lines(text) == [("KELBY -", "dateline"), ("Drivers said the detour had", "cut-off-sentence")]
    assert clean_text(text) == "The bridge reopened on Friday."


def test_dateline_only_in_the_first_paragraph():
    later = "KELBY - Bus companies added extra services on the detour."
    assert clean_text(with_line(later)) == with_line(later)


def test_headline_first_line_becomes_title_of_untitled_article():
    article = Article(id="a", text="Dunmore bridge shut after crack found\n" + "\n".join(BODY))
    cleaned = clean_article(article)
    assert cleaned.title == "Dunmore bridge shut after crack found"
    assert cleaned.text == "\n".join(BODY)
    assert cleaned.id == "a"


def test_sentence_first_line_stays_text_and_title_stays_empty():
    article = Article(id="a", text="\n".join(BODY))
    assert clean_article(article) == article


def test_repeated_title_is_dropped_once():
    text = "Dunmore bridge shut\n" + "\n".join(BODY)
    assert noise_lines(text, "Dunmore bridge shut") == [("Dunmore bridge shut", "title-repeat")]
    titled = clean_article(Article(id="a", text=text, title="Dunmore bridge shut"))
    assert titled.text == "\n".join(BODY)


TEASER = (
    "HARBOUR RESCUE: Two kayakers were pulled from the sea near Port Selby on Sunday after "
    "their boat capsized in strong winds, coastguards said, and both were taken to"
)
TEASER_2 = (
    "A lottery player in Vesk won a jackpot of 4 million on a scratch card bought at a petrol "
    "station, the operator said, adding that the winner planned to"
)


def test_appended_stories_are_cut_from_the_first_teaser_on():
    text = "\n".join(BODY + [TEASER, TEASER_2])
    assert noise_lines(text) == [(TEASER, "appended-story"), (TEASER_2, "appended-story")]
    assert clean_text(text) == "\n".join(BODY)


def test_teaser_between_paragraphs_goes_alone():
    text = with_line(TEASER, at=3)
    assert noise_lines(text) == [(TEASER, "teaser")]
    assert clean_text(text) == "\n".join(BODY)


def test_on_topic_paragraph_with_a_kicker_is_kept():
    update = "UPDATE: The council said on Tuesday that the bridge beam will be replaced by Harlow Structures engineers."
    text = "\n".join(BODY + [update])
    assert clean_text(text) == text


def test_off_topic_final_sentence_without_teaser_marks_is_kept():
    text = "\n".join(BODY + ["The company did not reply to a request for comment."])
    assert clean_text(text) == text


def test_related_block_at_the_end_is_cut():
    text = "\n".join(BODY + ["Must Read", "Kelby school wins national chess title", TEASER_2 + "..."])
    assert [rule for _, rule in noise_lines(text)] == ["related-block", "headline-line", "appended-story"]
    assert clean_text(text) == "\n".join(BODY)


def test_related_marker_inside_the_article_keeps_the_article_after_it():
    text = with_line("Related stories", at=3)
    assert noise_lines(text) == [("Related stories", "related-block")]
    assert clean_text(text) == "\n".join(BODY)


def test_final_paragraph_cut_mid_sentence_loses_only_the_unfinished_sentence():
    last = "Work starts on Friday. The council said the repairs, which involve"
    text = "\n".join(BODY + [last])
    assert noise_lines(text) == [("The council said the repairs, which involve", "cut-off-sentence")]
    assert clean_text(text).splitlines()[-1] == "Work starts on Friday."


def test_ellipsis_inside_a_quotation_is_not_a_teaser():
    last = "“I keep thinking about what could have happened on that bridge if nobody had checked it, and about the school buses ..."
    text = "\n".join(BODY + [last])
    assert "appended-story" not in [rule for _, rule in noise_lines(text)]


def test_hard_wrapped_paragraphs_are_joined_not_taken_for_headlines():
    wrapped = (
        "Dunmore's main bridge was closed on Monday after engineers found a\n"
        "crack in one of its steel beams, the town council said in a brief\n"
        "statement.\n\n"
        "The bridge will stay shut for at least two weeks while the beam is\n"
        "replaced, and drivers face a long detour through Kelby.\n"
    )
    assert noise_lines(wrapped) == []
    assert clean_text(wrapped).splitlines() == [
        "Dunmore's main bridge was closed on Monday after engineers found a crack in one of its "
        "steel beams, the town council said in a brief statement.",
        "The bridge will stay shut for at least two weeks while the beam is replaced, and drivers "
        "face a long detour through Kelby.",
    ]


def test_other_scripts_are_kept_in_an_article_written_in_them():
    greek = "Η γέφυρα έκλεισε τη Δευτέρα μετά από ρωγμή.\nΟι εργασίες θα διαρκέσουν δύο εβδομάδες."
    assert clean_text(greek) == greek


def test_a_few_foreign_characters_do_not_make_a_line_foreign():
    line = "The winner bought the ticket in Gangshan District (岡山區), the operator said."
    assert clean_text(with_line(line)) == with_line(line)


def test_whitespace_is_folded_and_blank_lines_dropped():
    assert clean_text("  First   line here.  \n\n\n Second line here. ") == "First line here.\nSecond line here."


def test_empty_text():
    assert clean_text("") == "" and noise_lines("") == []


# --- the seed articles (read in place; fragments of a few words only) -------------------

SEED_NOISE = {
    "000_a2bd2d2e159aa8bd": ["slams South for", "Source: Agency"],
    "001_ccd537dd00057503": ["Photo:", "via AP", "Honnold", "Kaohsiung", "Appropriations", "Raymond Greene"],
    "002_fccc882e8405e502": ["©", "The Straits Times", "which involve"],
    "003_534328365c2cefb0": ["LEAVE A REPLY", "Please enter", "Must Read", "BLA unmasked", "Balochistan",
                             "PM in Saudi Arabia"],
    "004_26bfea19f4d2bd91": [],
}
# A few words from each real paragraph, in order, and the number of sentences kept.
SEED_KEPT = {
    "000_a2bd2d2e159aa8bd": (12, ["Kim Jong Un personally supervised", "According to the Korean Central",
                                  "The test coincided with", "Despite repeated calls",
                                  "South Korean assessments suggest", "Last week, Kim presided"]),
    "001_ccd537dd00057503": (13, ["Kim Jong-un supervised", "official Korean Central News Agency said",
                                  "The report did not specify", "new South Korean President",
                                  "has repeatedly dismissed", "full-scale invasion", "That has raised concerns",
                                  "previous conservative government", "held a ceremony in Pyongyang",
                                  "about 15,000 troops", "military construction workers"]),
    "002_fccc882e8405e502": (9, ["North Korea said on March 21", "Traditional allies", "Neither Moscow nor",
                                 "top security official", "Mr Shoigu is scheduled", "Mr Kim oversaw",
                                 "laudable combat performance", "The announcement came", "which attacked its"]),
    "003_534328365c2cefb0": (13, ["North Korea said Friday", "Traditional allies", "Neither Moscow nor",
                                  "top security official", "Shoigu is scheduled", "Kim oversaw",
                                  "laudable combat performance", "The announcement came", "which attacked its",
                                  "US soldiers stationed", "strategic cruise missiles",
                                  "collaborative drill", "lowest points in years"]),
    "004_26bfea19f4d2bd91": (17, ["According to an expert", "has supervised the test launch", "highly reliable",
                                  "concluded their annual", "Missile Administration", "did not disclose where",
                                  "Kim remarked", "KCNA photos showed", "informed ahead of time",
                                  "Experts suggest", "Shin Seung-ki", "Ahn Chan-il", "Security Council Secretary",
                                  "Andrey Rudenko", "national security adviser", "over 10,000",
                                  "additional troops"]),
}
# Seeds whose first line is a headline: it becomes the title (compared with the file itself).
SEED_HEADLINED = ("002_fccc882e8405e502", "003_534328365c2cefb0")
NON_LATIN = re.compile(r"[\u0600-\u06ff\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def cleaned_seeds(seeds_dir: Path) -> dict[str, Article]:
    return {a.id: clean_article(a) for a in read_paths([str(seeds_dir / "articles")])}


def test_seed_noise_is_gone(cleaned_seeds):
    assert sorted(cleaned_seeds) == sorted(SEED_NOISE)
    for aid, fragments in SEED_NOISE.items():
        text = cleaned_seeds[aid].text
        assert [f for f in fragments if f in text] == [], aid
        assert not NON_LATIN.search(text), aid


def test_seed_sentences_are_all_kept_in_order(cleaned_seeds):
    for aid, (count, fragments) in SEED_KEPT.items():
        text = cleaned_seeds[aid].text
        assert len(split_text(text)) == count, aid
        positions = [text.find(f) for f in fragments]
        assert -1 not in positions and positions == sorted(positions), aid
        assert len(text.splitlines()) == len(fragments), aid


def test_seed_titles_and_datelines(cleaned_seeds, seeds_dir):
    first_lines = {
        aid: (seeds_dir / "articles" / f"{aid}.txt").read_text(encoding="utf-8").splitlines()[0].strip()
        for aid in SEED_HEADLINED
    }
    assert {aid: a.title for aid, a in cleaned_seeds.items() if a.title} == first_lines
    assert cleaned_seeds["002_fccc882e8405e502"].text.startswith("North Korea said on March 21")
    assert cleaned_seeds["003_534328365c2cefb0"].text.startswith("North Korea said Friday")


# --- the examples we ship ---------------------------------------------------------------

EXAMPLE_NOISE = [
    "Share this", "Share on", "Facebook", "Read more", "Listen:", "©", "Copyright", "Photo", "Image:",
    "LEAVE A REPLY", "Leave a comment", "views", "Source:", "Tags:", "Subscribe", "Published ", "By ",
    "Must Read", "Related", "You may also like", "SEASON OPENER", "Mariners", "bread award",
    "Vellmar library", "timetable changes", "design centre", "phone battery", "PORT AVERY -", "LARKFORD -",
]
EXAMPLE_PARAGRAPHS = {
    "wend-flood-vpa": 7, "wend-flood-gazette": 6, "wend-flood-shelter": 6,
    "tram-vote-herald": 6, "tram-vote-radio": 5, "tram-vote": 5,
    "norrel-powerbank-techdesk": 6, "norrel-powerbank-ledger": 6, "consumer-wire-2025-0210-norrel": 5,
    "norrel-thermostat-techdesk": 6, "norrel-thermostat-bulletin": 5, "consumer-wire-2025-0415-norrel": 6,
    "calloway-museum": 6,
}


def example_files(examples_dir: Path) -> list[str]:
    return sorted(str(p) for p in examples_dir.iterdir())


def test_examples_clean_to_their_article_paragraphs(examples_dir: Path):
    skipped = []
    articles = [clean_article(a) for a in read_paths(example_files(examples_dir), on_skip=skipped.append)]
    assert skipped == []
    assert {a.id: len(a.text.splitlines()) for a in articles} == EXAMPLE_PARAGRAPHS
    for article in articles:
        assert article.title, article.id
        assert [f for f in EXAMPLE_NOISE if f in article.text] == [], article.id
        assert all(line.endswith((".", '"', "”")) for line in article.text.splitlines()), article.id


def test_examples_mix_the_input_formats(examples_dir: Path):
    suffixes = sorted(Path(p).suffix for p in example_files(examples_dir))
    assert {".txt", ".md", ".html", ".jsonl"} <= set(suffixes)
    assert suffixes.count(".jsonl") == 1
    assert len((examples_dir / "feeds.jsonl").read_text().splitlines()) == 2


# --- real newswire: nothing that is a sentence is removed --------------------------------


def test_duc_newswire_loses_no_complete_sentence(duc_dir: Path):
    """DUC 2004 articles are clean wire copy; laid out two sentences to a paragraph, the
    cleaner may only take wire slugs ("3rd graf pvs"), datelines and unfinished tails."""
    removed = []
    for path in sorted((duc_dir / "docs").glob("*/*")):
        sentences = split_text(path.read_text(errors="replace"))
        text = "\n".join(" ".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2))
        removed += noise_lines(text)
    assert {rule for _, rule in removed} <= {"dateline", "cut-off-sentence", "headline-line"}
    assert [line for line, _ in removed if re.search(r"[.!?]['\"”’]*$", line)] == []


@pytest.mark.slow
def test_topic_drift_measure_on_duc(duc_dir: Path):
    """The off-topic measure (content-word overlap with the text so far) tells a paragraph
    of another event's article, appended at the end, from an article's own later
    paragraphs better than TF-IDF cosine does (the module docstring quotes these AUCs)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import roc_auc_score
    from sklearn.metrics.pairwise import cosine_similarity

    from summarize.clean import _analyzer, _overlap

    rng = np.random.default_rng(0)
    docs = {}
    for path in sorted((duc_dir / "docs").glob("*/*")):
        sentences = split_text(path.read_text(errors="replace"))
        if len(sentences) >= 10:
            docs[path] = [" ".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2)]
    analyze = _analyzer()
    labels, overlap, cosine = [], [], []

    def score(paragraphs: list[str], label: int) -> None:
        before, last = paragraphs[:-1], paragraphs[-1]
        labels.append(label)
        overlap.append(_overlap(set(analyze(last)), set(analyze(" ".join(before)))))
        tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit(paragraphs)
        cosine.append(cosine_similarity(tfidf.transform([last]), tfidf.transform([" ".join(before)]))[0, 0])

    paths = list(docs)
    for path, paragraphs in docs.items():
        for end in range(4, len(paragraphs) + 1):
            score(paragraphs[:end], 0)
        others = [p for p in paths if p.parent != path.parent]
        other = docs[others[rng.integers(len(others))]]
        score(paragraphs[: rng.integers(3, len(paragraphs) + 1)] + [" ".join(other[:2])], 1)

    drift_overlap = roc_auc_score(labels, [-x for x in overlap])
    drift_cosine = roc_auc_score(labels, [-x for x in cosine])
    assert drift_overlap >= 0.95
    assert drift_overlap > drift_cosine
