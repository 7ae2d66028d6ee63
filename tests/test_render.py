"""Renderers: golden files for each format, the JSON contract, and HTML escaping."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from summarize.records import Article, Event, Skipped, SourceRef, Summary, SummarySentence
from summarize.render import RENDERERS, render

GOLDEN = Path(__file__).parent / "golden"

EVENTS = [
    Event(
        id="e1",
        title="Council extends tram line to the harbour",
        articles=(Article("city/tram", "..."), Article("wire/tram", "..."), Article("blog/tram", "...")),
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


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
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
    assert set(data["events"][1]) == {"id", "title", "articles"}


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
