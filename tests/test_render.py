"""Renderers: golden files for each format, the JSON contract, and HTML escaping."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from summarize.records import Article, Event, Skipped, SourceRef, Summary, SummarySentence
from summarize.render import RENDERERS, render

GOLDEN = Path(__file__).parent / "golden"

EVENTS = [
    Event(
        id="e1",
        title="Council extends tram line to the harbour",
        articles=(
            Article("city/tram", "...", title="Tram to reach the harbour", source="City Herald",
                    url="https://herald.example/tram?id=7&x=1",
                    published=datetime(2025, 3, 21, 9, 30, tzinfo=timezone.utc)),
            Article("wire/tram", "...", url="javascript:alert(1)"),
            Article("blog/tram", "The tram will run every ten minutes from the station to the "
                    "harbour and back, the council said."),
        ),
        duplicates=(("wire/tram", "city/tram"),),
    ),
    Event(id="e2", title="Flood <b>warning</b> & evacuation", articles=(Article("flood", "..."),)),
]
SUMMARIES = [
    Summary(
        "e1",
        "extractive",
        (
            SummarySentence("The council voted 7 to 2 to extend the tram line.",
                            (SourceRef("city/tram", 0), SourceRef("wire/tram", 0))),
            SummarySentence("Work starts in the spring.", (SourceRef("blog/tram", 3),)),
        ),
    ),
    Summary(
        "e2",
        "extractive",
        (SummarySentence("Residents were told <script>alert(1)</script> to leave.", (SourceRef("flood", 1),)),),
        notes=("model distilbart-cnn-12-6 unavailable: not cached",),
    ),
]
SKIPPED = [Skipped("in/empty.txt", "empty file")]


@pytest.mark.parametrize("fmt", sorted(set(RENDERERS) - {"email"}))
def test_golden(fmt):
    out = render(fmt, EVENTS, SUMMARIES, SKIPPED)
    golden = GOLDEN / f"summary.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(out)
    assert out == golden.read_text()


def test_json_contract():
    data = json.loads(render("json", EVENTS, SUMMARIES, SKIPPED))
    first = data["events"][0]
    assert first["id"] == "e1" and first["articles"] == ["city/tram", "wire/tram", "blog/tram"]
    assert first["method"] == "extractive"
    assert first["summary"] == "The council voted 7 to 2 to extend the tram line. Work starts in the spring."
    assert first["sentences"][0]["sources"] == [{"article": "city/tram", "sentence": 0},
                                                {"article": "wire/tram", "sentence": 0}]
    assert first["duplicates"] == [{"article": "wire/tram", "copy_of": "city/tram"}]
    assert data["skipped"] == [{"path": "in/empty.txt", "reason": "empty file"}]


def test_group_json_has_no_summaries():
    data = json.loads(render("json", EVENTS, None, ()))
    assert set(data["events"][1]) == {"id", "title", "articles", "sources"}


def test_json_sources_one_per_article_with_nulls_for_what_is_missing():
    first = json.loads(render("json", EVENTS, SUMMARIES, ()))["events"][0]
    assert [s["id"] for s in first["sources"]] == first["articles"]
    assert first["sources"][0] == {
        "id": "city/tram", "title": "Tram to reach the harbour", "url": "https://herald.example/tram?id=7&x=1",
        "source": "City Herald", "published": "2025-03-21T09:30:00+00:00",
    }
    assert first["sources"][2]["title"] is None
    assert [s["origin"] for s in first["sentences"]] == ["extracted", "extracted"]


def test_every_format_lists_sources_and_html_citations_link_to_them():
    for fmt in ("text", "markdown", "html"):
        out = render(fmt, EVENTS, SUMMARIES, ())
        assert "Tram to reach the harbour" in out and "City Herald" in out, fmt
        assert "javascript:" not in out, fmt
    page = render("html", EVENTS, SUMMARIES, ())
    assert '<sup>[<a href="#src-1-1">1</a>, <a href="#src-1-2">2</a>]</sup>' in page
    assert '<li id="src-1-1"><a href="https://herald.example/tram?id=7&amp;x=1">' in page


def test_control_characters_never_reach_a_terminal():
    hostile = [Event("e9", "Title\x1b[2J\x1b]8;;https://evil.example\x07x", (Article("a", "..."),))]
    for fmt in RENDERERS:
        assert "\x1b" not in render(fmt, hostile, None, ()), fmt


def test_email_renderer_is_a_multipart_message():
    import email
    from email.policy import default

    message = email.message_from_string(render("email", EVENTS, SUMMARIES, SKIPPED), policy=default)
    assert message["Subject"] == "News summary: 2 events"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "The council voted 7 to 2 to extend the tram line." in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html


def test_html_escapes_untrusted_text():
    page = render("html", EVENTS, SUMMARIES, SKIPPED)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>warning</b>" not in page and "&lt;b&gt;warning&lt;/b&gt; &amp; evacuation" in page


def test_markdown_neutralises_markup():
    md = render("markdown", EVENTS, SUMMARIES, SKIPPED)
    assert "<script>" not in md and "<b>" not in md


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render("pdf", EVENTS)


def test_markdown_escapes_ids_and_paths():
    event = Event("e1", "T", (Article("a`<img src=x onerror=alert(1)>", "..."),))
    md = render("markdown", [event], None, [Skipped("p`<b>x</b>", "empty file")])
    assert "<img" not in md and "<b>" not in md
