"""The digest email: parts, subject, escaping of untrusted article text, rendering in Chromium."""

from __future__ import annotations

import email
from datetime import datetime, timezone
from email.policy import default as default_policy

import pytest
from summarize.testing.chromium import find_chromium, is_blank, screenshot

from summarize.digest.compose import DigestItem, compose_digest, digest_views, subject_line
from summarize.render.mail import email_html
from summarize.digest.state import Selected
from summarize.records import Article, Event, SourceRef, Summary, SummarySentence

NOW = datetime(2025, 3, 22, 6, 30, tzinfo=timezone.utc)
HOSTILE = 'Ferry <b>strike</b> ends <script>alert("x")</script> & "talks" resume'

TRAM = Event(
    "e1", "Council extends the tram line to the harbour",
    (
        Article("city/tram", "...", title="Tram line to reach the harbour", source="City Herald",
                url="https://herald.example/tram?id=7&lang=en",
                published=datetime(2025, 3, 21, 9, 0, tzinfo=timezone.utc)),
        Article("wire/tram", "...", title="Harbour tram approved", source="Wire",
                url="https://wire.example/tram"),
    ),
)
FERRY = Event(
    "e2", HOSTILE,
    (
        Article("ferry/1", "...", title="Ferry <i>crews</i> return", url="javascript:alert(1)"),
        Article("ferry/2", "...", title="Ferries sail again", source="Coast News",
                url="https://coast.example/ferry"),
        Article("ferry/3", "...", title="Ferries sail again (wire copy)", url="https://w.example/f"),
    ),
    duplicates=(("ferry/3", "ferry/2"),),
)
ITEMS = (
    DigestItem(
        Selected(TRAM, "new", None, ("city/tram", "wire/tram")),
        Summary("e1", "extractive", (
            SummarySentence("The council voted 7 to 2 to extend the tram line.",
                            (SourceRef("city/tram", 0),)),
        ), notes=("model distilbart-cnn-12-6 is not cached; used the extractive summary",)),
    ),
    DigestItem(
        Selected(FERRY, "update", 4, ("ferry/2", "ferry/3")),
        Summary("e2", "flan-t5-base", (SummarySentence(HOSTILE, (SourceRef("ferry/1", 0),), "generated"),)),
    ),
)


def compose(items=ITEMS, recipients=("team@example.org",)):
    return compose_digest(items, sender="Digest <digest@news.example>", recipients=list(recipients),
                          now=NOW)


def parts(msg):
    parsed = email.message_from_bytes(msg.as_bytes(), policy=default_policy)
    return parsed, parsed.get_body(("plain",)).get_content(), parsed.get_body(("html",)).get_content()


def test_subject_says_the_date_and_the_counts():
    assert subject_line(ITEMS, NOW) == "News digest 2025-03-22: 2 events (1 update)"
    assert subject_line(ITEMS[:1], NOW) == "News digest 2025-03-22: 1 event"


def test_message_is_multipart_alternative_with_headers():
    parsed, text, html = parts(compose())
    assert parsed.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]
    assert parsed["Subject"] == "News digest 2025-03-22: 2 events (1 update)"
    assert parsed["To"] == "team@example.org"
    assert parsed["From"] == "Digest <digest@news.example>"
    assert parsed["Date"] == "Sat, 22 Mar 2025 06:30:00 +0000"
    assert parsed["Message-ID"].endswith("@news.example>")


def test_plain_text_part_lists_each_event_with_sources_and_method():
    _, text, _ = parts(compose())
    assert text.startswith("News digest, Saturday 22 March 2025\n2 events: 1 new, 1 updated\n")
    assert "1. [NEW] Council extends the tram line to the harbour" in text
    assert "   The council voted 7 to 2 to extend the tram line." in text
    assert ("   - Tram line to reach the harbour (City Herald, 21 Mar 2025)\n"
            "     <https://herald.example/tram?id=7&lang=en>") in text
    assert "   Summary made of sentences taken from the articles." in text
    assert "2. [UPDATE: 2 new articles]" in text
    assert ("   - Ferries sail again (wire copy) (w.example; new; near-copy)\n"
            "     <https://w.example/f>") in text
    # The javascript: address is not offered as a link.
    assert "   - Ferry <i>crews</i> return\n" in text and "javascript:" not in text
    assert "   Summary written by the flan-t5-base model from the articles." in text
    # Notes are for the operator (stderr, the log), never for readers.
    assert "not cached" not in text


def test_html_part_escapes_untrusted_text_and_links_only_http():
    _, _, html = parts(compose())
    assert "<script" not in html and "<b>" not in html and "<i>" not in html
    escaped = ("Ferry &lt;b&gt;strike&lt;/b&gt; ends &lt;script&gt;alert(&quot;x&quot;)"
               "&lt;/script&gt; &amp; &quot;talks&quot; resume")
    assert html.count(escaped) == 2  # the event title and its summary
    assert "<li>Ferry &lt;i&gt;crews&lt;/i&gt; return</li>" in html
    assert "javascript:" not in html
    assert 'href="https://herald.example/tram?id=7&amp;lang=en"' in html
    # Mail clients drop <style> blocks: every style is inline.
    assert "<style" not in html and 'style="' in html


def test_html_part_shows_status_and_method_in_readers_words_but_no_operator_notes():
    _, text, html = parts(compose())
    assert ">New</span>" in html and ">UPDATE: 2 new articles</span>" in html
    assert "Summary made of sentences taken from the articles." in html
    assert "Summary written by the flan-t5-base model from the articles." in html
    assert "not cached" not in html and "not cached" not in text
    assert html.count(">new</span>") == 2 and html.count(">near-copy</span>") == 1


def test_an_untitled_source_is_named_by_its_opening_words():
    text = "Winds of 140 km/h closed the <coastal> road on Monday night, police said on Tuesday."
    storm = Event("e3", "Storm closes the coast road", (Article("feed/0042", text),))
    item = DigestItem(Selected(storm, "new", None, ("feed/0042",)),
                      Summary("e3", "extractive", (SummarySentence("Winds closed the road."),)))
    _, plain, html = parts(compose(items=(item,)))
    assert "   - Winds of 140 km/h closed the <coastal> road on Monday night,\n     police…\n" in plain
    assert "<li>Winds of 140 km/h closed the &lt;coastal&gt; road on Monday night, police…</li>" in html
    assert "feed/0042" not in plain


def test_message_id_is_stable_for_the_same_digest():
    assert compose()["Message-ID"] == compose()["Message-ID"]
    assert compose()["Message-ID"] != compose(recipients=["other@example.org"])["Message-ID"]
    assert compose()["Message-ID"] != compose(items=ITEMS[:1])["Message-ID"]


def test_an_empty_digest_is_refused():
    with pytest.raises(ValueError):
        compose(items=())


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium binary on PATH")
def test_html_part_renders_in_headless_chromium(tmp_path):
    page = tmp_path / "digest.html"
    page.write_text(email_html(digest_views(ITEMS), NOW, "News digest"), encoding="utf-8")
    png = screenshot(page, tmp_path / "digest.png", width=800, height=1000)
    assert not is_blank(png)
    from PIL import Image

    with Image.open(png) as image:
        assert image.size == (800, 1000)
        # The white card sits on the grey page: both colours are present.
        colours = {colour for _, colour in image.convert("RGB").getcolors(800 * 1000)}
    assert (255, 255, 255) in colours and (243, 244, 246) in colours
