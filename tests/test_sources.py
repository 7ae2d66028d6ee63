"""Live sources against a real HTTP server on 127.0.0.1: RSS, Atom and OPML feeds whose items
link to pages with site chrome, and every way a source can fail. Nothing good is lost, every
bad source is reported, and a nightly rerun asks only whether the feeds changed."""

from __future__ import annotations

import html
import json
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from click.testing import CliRunner
from webserver import Route, Site, web_server

from summarize.cli import cli
from summarize.records import Skipped
from summarize.sources import FetchOptions, read_sources

CHROME_TOP = "<nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/sport'>Sport</a></nav>"
CHROME_END = ("<footer><p>Subscribe to our newsletter for the latest headlines.</p>"
              "<p>© 2025 Example Media. All rights reserved.</p></footer>")


def page(title: str, paragraphs: list[str], published: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><title>{html.escape(title)} | Example News</title>{meta}"
            f"</head><body>{CHROME_TOP}<article><h1>{html.escape(title)}</h1>{body}</article>"
            f"{CHROME_END}</body></html>")


def rss(title: str, items: list[tuple[str, str, datetime | None, str]]) -> str:
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{link}</link>"
        + (f"<pubDate>{format_datetime(when)}</pubDate>" if when else "")
        + f"<description>{html.escape(summary)}</description></item>"
        for t, link, when, summary in items
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://127.0.0.1/</link>{entries}</channel></rss>")


def atom(title: str, items: list[tuple[str, str, datetime | None, str]]) -> str:
    entries = "".join(
        f"<entry><title>{html.escape(t)}</title><link href=\"{link}\"/><id>{link}</id>"
        + (f"<updated>{when.isoformat()}</updated>" if when else "")
        + f"<summary>{html.escape(summary)}</summary></entry>"
        for t, link, when, summary in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{title}</title>{entries}</feed>")


def opml(urls: list[str]) -> str:
    outlines = "".join(f'<outline type="rss" text="feed" xmlUrl="{u}"/>' for u in urls)
    return f'<?xml version="1.0"?><opml version="2.0"><head><title>Feeds</title></head><body>{outlines}</body></opml>'


XML = {"Content-Type": "application/rss+xml"}
SUNDAY = datetime(2025, 8, 24, 6, 0, tzinfo=timezone.utc)
FRIDAY = datetime(2025, 3, 21, 9, 0, tzinfo=timezone.utc)


def etagged(body: str, etag: str, content_type: str = "application/rss+xml") -> Route:
    """A feed that answers 304 to a request that already has its ETag."""
    def respond(headers, number):
        if headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": content_type, "ETag": etag}, body
    return Route(respond=respond)


@pytest.fixture()
def seed_site(seeds_dir):
    """The five seed articles as pages behind an RSS and an Atom feed, listed in an OPML file
    with a dead feed beside them."""
    site = Site()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((seeds_dir / "articles").iterdir())}
    dates = {"000": SUNDAY, "001": SUNDAY, "002": FRIDAY, "003": FRIDAY, "004": FRIDAY}
    items = {}
    with web_server(site):
        for stem, text in texts.items():
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            title, paragraphs = lines[0][:90], lines[1:] if len(lines) > 1 else lines
            when = dates[stem[:3]]
            # One page dates itself (its item has no date): htmldate must find it.
            undated = stem.startswith("004")
            site.routes[f"/news/{stem}"] = Route(page(title, paragraphs, when.isoformat() if undated else None))
            items[stem] = (title, site.url(f"/news/{stem}"), None if undated else when, paragraphs[0][:200])
        stems = sorted(items)
        site.routes["/feeds/world.rss"] = etagged(rss("World Wire", [items[s] for s in stems[:3]]), '"w1"')
        site.routes["/feeds/asia.atom"] = etagged(atom("Asia Desk", [items[s] for s in stems[3:]]),
                                                  '"a1"', "application/atom+xml")
        site.routes["/feeds.opml"] = Route(opml([site.url("/feeds/world.rss"), site.url("/feeds/asia.atom"),
                                                 site.url("/feeds/gone.rss")]), headers={"Content-Type": "text/x-opml"})
        yield site


@pytest.fixture()
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return CliRunner()


def test_an_opml_of_seed_feeds_gives_the_two_seed_events_with_their_sources(seed_site, runner):
    result = runner.invoke(cli, ["run", seed_site.url("/feeds.opml"), "--model", "extractive",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    groups = sorted(sorted(a.split("/")[-1][:3] for a in e["articles"]) for e in data["events"])
    assert groups == [["000", "001"], ["002", "003", "004"]]
    for event in data["events"]:
        for source in event["sources"]:
            assert source["url"].startswith(seed_site.url("/news/"))
            assert source["source"] in ("World Wire", "Asia Desk")
            assert source["published"] is not None
        summary = event["summary"]
        for chrome in ("Subscribe", "All rights reserved", "Home |", "Example News"):
            assert chrome not in summary
    dated = {s["id"].split("/")[-1][:3]: s["published"] for e in data["events"] for s in e["sources"]}
    assert dated["004"].startswith("2025-03-21")  # from the page itself (htmldate)
    assert data["skipped"] == [{"path": seed_site.url("/feeds/gone.rss"), "reason": "HTTP 404 Not Found"}]


def test_a_digest_of_the_feeds_twice_sends_once_and_asks_only_whether_they_changed(seed_site, runner,
                                                                                    tmp_path):
    from mailserver import HOST, Inbox, smtp_server

    inbox = Inbox()
    args = ["digest", seed_site.url("/feeds.opml"), "--state", str(tmp_path / "s.db"), "--model",
            "extractive", "--since", "3000d", "--to", "team@example.org", "--smtp-host", HOST]
    with smtp_server(inbox) as server:
        first = runner.invoke(cli, [*args, "--smtp-port", str(server.port)])
        assert first.exit_code == 0, first.output
        before = len(seed_site.log)
        second = runner.invoke(cli, [*args, "--smtp-port", str(server.port)])
        assert second.exit_code == 0 and "nothing new" in second.stderr
    assert len(inbox.messages) == 1
    rerun = seed_site.log[before:]
    assert [(p, s) for p, s, _ in rerun if p.startswith("/feeds/") and p != "/feeds/gone.rss"] == [
        ("/feeds/world.rss", 304), ("/feeds/asia.atom", 304)]
    assert not [p for p, _, _ in rerun if p.startswith("/news/")]  # pages already read are not fetched


def read(urls, **options):
    skipped, notes = [], []
    articles = list(read_sources(urls, options=FetchOptions(**options), on_skip=skipped.append,
                                 on_note=notes.append))
    return articles, {s.path: s.reason for s in skipped}, notes


GOOD = page("Tram line opens", ["The harbour tram line opened on Monday to large crowds.",
                                "The mayor said trams would run every ten minutes."])


def test_every_failing_source_is_reported_and_the_good_ones_come_through(tmp_path):
    site = Site()
    calls = {"flaky": 0}

    def flaky(headers, number):
        return (500, {}, b"busy") if number == 1 else (200, {"Content-Type": "text/html"}, GOOD)

    def limited(headers, number):
        return (429, {"Retry-After": "1"}, b"") if number == 1 else (200, {"Content-Type": "text/html"}, GOOD)

    with web_server(site):
        site.routes.update({
            "/good": Route(GOOD),
            "/slow": Route(GOOD, delay=3),
            "/missing-page": Route("gone", status=404),
            "/flaky": Route(respond=flaky),
            "/limited": Route(respond=limited),
            "/moved": Route("", status=301, headers={"Location": "/good-too"}),
            "/good-too": Route(GOOD.replace("Monday", "Tuesday")),
            "/photo.png": Route(b"\x89PNG....", headers={"Content-Type": "image/png"}),
            "/huge": Route("<html><body><p>" + "word " * 400_000 + "</p></body></html>"),
            "/broken.rss": Route("<rss><channel><item><title>x</ti", headers=XML),
            "/empty.rss": Route(rss("Empty", []), headers=XML),
            "/private/page": Route(GOOD),
            "/robots.txt": Route("User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}),
        })
        urls = [site.url(p) for p in ("/good", "/slow", "/missing-page", "/flaky", "/limited", "/moved",
                                      "/photo.png", "/huge", "/broken.rss", "/empty.rss", "/private/page")]
        urls.append("http://127.0.0.1:1/refused")
        articles, reasons, _ = read(urls, cache_dir=tmp_path, read_timeout=1, max_bytes=1_000_000, backoff=0.1)
        assert site.hits("/flaky") == [500, 200] and site.hits("/limited") == [429, 200]
        assert site.log[0][2]["User-Agent"].startswith("summarize/")
    by_url = {a.url: a for a in articles}
    assert set(by_url) == {site.url("/good"), site.url("/flaky"), site.url("/limited"), site.url("/good-too")}
    assert "Tuesday" in by_url[site.url("/good-too")].text  # the redirect's final URL is kept
    assert all("Subscribe" not in a.text for a in articles)
    assert reasons == {
        site.url("/slow"): "timed out (no answer within 1 s)",
        site.url("/missing-page"): "HTTP 404 Not Found",
        site.url("/photo.png"): "not a text page (content type image/png)",
        site.url("/huge"): "response over the 1 MB limit",
        site.url("/broken.rss"): reasons[site.url("/broken.rss")],
        site.url("/empty.rss"): "empty feed: no items",
        site.url("/private/page"): "disallowed by the site's robots.txt",
        "http://127.0.0.1:1/refused": reasons["http://127.0.0.1:1/refused"],
    }
    assert reasons[site.url("/broken.rss")].startswith("malformed feed XML")
    assert reasons["http://127.0.0.1:1/refused"].startswith("cannot fetch")


def test_an_item_whose_page_cannot_be_had_keeps_the_feeds_own_text_with_a_note(tmp_path):
    site = Site()
    with web_server(site):
        site.routes["/f.rss"] = Route(rss("Wire", [
            ("Tram opens", site.url("/gone"), FRIDAY, "The harbour tram line opened on Friday to crowds."),
        ]), headers=XML)
        articles, reasons, notes = read([site.url("/f.rss")], cache_dir=tmp_path)
    (article,) = articles
    assert article.text == "The harbour tram line opened on Friday to crowds."
    assert (article.title, article.source, article.published) == ("Tram opens", "Wire", FRIDAY)
    assert reasons == {} and notes == [f"{site.url('/gone')}: page not read (HTTP 404 Not Found); "
                                       "the feed's own text is used"]


def test_local_feed_files_are_recognised_by_content(tmp_path):
    site = Site()
    with web_server(site):
        site.routes["/tram"] = Route(GOOD)
        feed = tmp_path / "saved.xml"
        feed.write_text(rss("Saved", [("Tram line opens", site.url("/tram"), FRIDAY, "Teaser only.")]))
        articles, reasons, _ = read([str(feed)], cache_dir=tmp_path / "c")
    assert [a.url for a in articles] == [site.url("/tram")] and "ten minutes" in articles[0].text
    # Inside a folder a feed is read offline: the items' own text.
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "feed.rss").write_text(rss("Saved", [("T", "http://127.0.0.1:1/x", FRIDAY,
                                                   "The harbour tram opened on Friday.")]))
    offline, reasons, _ = read([str(folder)], cache_dir=tmp_path / "c")
    assert [a.text for a in offline] == ["The harbour tram opened on Friday."] and reasons == {}


def test_eval_documents_given_as_urls_are_fetched(tmp_path, runner):
    site = Site()
    with web_server(site):
        site.routes["/tram"] = Route(GOOD)
        dataset = tmp_path / "set.jsonl"
        dataset.write_text(json.dumps({
            "id": "tram", "documents": [site.url("/tram"), site.url("/gone")],
            "references": ["The harbour tram line opened on Monday; trams run every ten minutes."],
        }) + "\n")
        result = runner.invoke(cli, ["eval", str(dataset), "--model", "lead", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["models"][0]["rouge1"]["recall"] > 0.5  # the page's text was summarized
    assert report["skipped"] == [{"path": f"{dataset}:1 document 2 ({site.url('/gone')})",
                                  "reason": "HTTP 404 Not Found"}]
