"""Not an article: pages that are only chrome, and files that are not news prose, are skipped
with a reason; real articles, short briefs included, are kept."""

from __future__ import annotations

import pytest

from summarize.articles import not_an_article
from summarize.pipeline import read_corpus
from summarize.records import Article

BRIEF = (
    "Firefighters put out a blaze at a grain store in Kelby on Tuesday, the fire service said. "
    "No one was hurt. The cause of the fire is not yet known."
)
ARTICLE = (
    "The town council of Harlow approved a new tram line on Monday after a two-year debate.\n"
    "The line will link the station with the hospital and is due to open in 2027, the council said.\n"
    "Opponents had argued that the 40 million pound cost was too high for a town of its size."
)


def verdict(text: str, raw: str | None = None) -> str | None:
    return not_an_article(Article(id="a", text=text), raw)


@pytest.mark.parametrize("text", [BRIEF, ARTICLE, ARTICLE.replace("\n", " ")])
def test_real_articles_and_short_briefs_are_kept(text):
    assert verdict(text) is None


def test_an_article_about_social_media_is_still_an_article():
    text = (
        "The senator used her Twitter account on Friday to criticise the president's tweets "
        "about the budget, saying the posts had misled voters. Her office said she would "
        "introduce a bill next week requiring agencies to archive official social media posts."
    )
    assert verdict(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("You can add your location to your posts from the web and from apps. You can "
         "always delete your location history in your account settings.", "page chrome only"),
        ("Please enable JavaScript in your browser to watch this video.", "page chrome only"),
        ("These pages were crawled by our archive crawler and added to the web archive. "
         "The seed list for the crawl was a list of URLs of popular sites.", "page chrome only"),
        ("We use cookies to improve your experience on our site. By clicking accept you agree "
         "to our privacy policy and terms of service.", "page chrome only"),
        ("Photo gallery\nNext image\nPrevious image\nClick to enlarge", "page chrome only"),
        ("Home\nNews\nSport\nWeather\nContact us", "no news prose"),
    ],
)
def test_boilerplate_pages_are_not_articles(text, kind):
    why = verdict(text)
    assert why is not None and why.startswith(f"not an article: {kind}")


def test_chrome_outweighing_a_sentence_is_not_an_article():
    text = (
        "The mayor opened the new bridge on Saturday.\n"
        "Sign up for our newsletter and follow us on Facebook and Twitter for updates.\n"
        "You need to enable JavaScript in your browser settings to play this video.\n"
        "Click here to see the photo gallery; share this page with your friends by email."
    )
    assert verdict(text).startswith("not an article: ")


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + BRIEF, "a PDF file read as text"),
        ("id,name,score\n1,alpha,3.5\n2,beta,4.0\n3,gamma,2.1", "a table of delimited values"),
        ("# Project\n\n## Install\n\n- run make\n- run the tests\n```\nmake test\n```",
         "a list or markup file"),
    ],
)
def test_files_that_are_not_news_prose(raw, why):
    assert verdict(BRIEF, raw).startswith(f"not an article: {why}")


def test_numbered_argument_is_prose_not_a_list():
    raw = (
        "1) The speech was clear and focused, and it put the opposition in an awkward spot.\n"
        "2) The proposal is smaller than the last stimulus and easier to pass this year.\n"
        "3) The president still has to persuade the markets that the plan will work."
    )
    assert verdict(raw, raw) is None


def test_read_corpus_skips_non_articles_with_the_reason(tmp_path):
    (tmp_path / "news.txt").write_text(ARTICLE)
    (tmp_path / "widget.txt").write_text(
        "Tweet with a location\n\nYou can add location information to your Tweets, such as "
        "your city, from the web and via third-party applications."
    )
    (tmp_path / "data.txt").write_text("a,b,c\n1,2,3\n4,5,6\n7,8,9\n")
    corpus = read_corpus([str(tmp_path)])
    assert [a.id for a in corpus.articles] == ["news"]
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in corpus.skipped}
    assert set(reasons) == {"widget.txt", "data.txt"}
    assert reasons["widget.txt"].startswith("not an article: page chrome only")
    assert reasons["data.txt"] == "not an article: a table of delimited values (CSV), not prose"
