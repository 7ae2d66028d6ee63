"""Feeds and feed lists as input formats: RSS 2.0, RSS 1.0 (RDF) and Atom parsed by
feedparser; OPML (the list of feeds that feed readers export) by the standard library's
XML parser. Parsing only: fetching the feeds and the items' pages is summarize.sources."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

from summarize.records import Article

_FEED_HEAD = re.compile(r"<(rss|feed|rdf:RDF)\b", re.I)
_OPML_HEAD = re.compile(r"<opml\b", re.I)


class FeedError(ValueError):
    """The text is not a usable feed or feed list; the message says why."""


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str
    published: datetime | None
    content: str  # the item's own text (content, else summary), markup removed


@dataclass(frozen=True)
class Feed:
    title: str  # the feed's (or site's) title: the articles' outlet
    link: str
    items: tuple[FeedItem, ...]


def sniff(text: str) -> str | None:
    """"feed" or "opml" when `text` starts like one (after an XML declaration), else None."""
    head = text.lstrip()[:2000]
    if head.startswith("<?xml"):
        head = head[head.find("?>") + 2:]
    head = re.sub(r"<!--.*?-->|<!DOCTYPE[^>]*>|<\?[^>]*\?>", "", head, flags=re.S).lstrip()
    if _OPML_HEAD.match(head):
        return "opml"
    if _FEED_HEAD.match(head):
        return "feed"
    return None


def parse_feed(text: str, base_url: str = "") -> Feed:
    """The feed's title, link and items (links made absolute against `base_url`)."""
    import feedparser

    parsed = feedparser.parse(text)
    linked = [e for e in parsed.entries if e.get("link")]
    if parsed.bozo and not linked:  # feedparser forgives much; a broken file with no item links is broken
        reason = getattr(parsed, "bozo_exception", None)
        raise FeedError(f"malformed feed XML ({reason})" if reason else "malformed feed XML")
    if not parsed.entries:
        raise FeedError("empty feed: no items")
    info = parsed.feed
    title = _plain(info.get("title", "")) or urlsplit(base_url).netloc
    items = []
    for entry in parsed.entries:
        link = urljoin(base_url, entry["link"]) if entry.get("link") else ""
        content = ""
        if entry.get("content"):
            content = entry["content"][0].get("value", "")
        content = _plain(content or entry.get("summary", "") or entry.get("description", ""))
        items.append(FeedItem(_plain(entry.get("title", "")), link, _when(entry), content))
    return Feed(title, urljoin(base_url, info.get("link", "") or ""), tuple(items))


def _when(entry) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime(*value[:6], tzinfo=timezone.utc)  # feedparser gives UTC
    return None


def _plain(markup: str) -> str:
    """Text of an HTML fragment, paragraphs on their own lines."""
    import html

    text = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h\d)\b[^>]*>", "\n", markup)
    text = html.unescape(re.sub(r"<[^>]{0,2000}>", " ", text))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def parse_opml(text: str, base_url: str = "") -> list[str]:
    """The feed URLs an OPML file lists (its `outline` elements' `xmlUrl`), in order, once."""
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError as exc:
        raise FeedError(f"malformed OPML ({exc})") from None
    urls = [urljoin(base_url, o.get("xmlUrl", "")) for o in root.iter("outline") if o.get("xmlUrl")]
    if not urls:
        raise FeedError("OPML lists no feeds (no outline with an xmlUrl)")
    return list(dict.fromkeys(urls))


def item_id(link: str, fallback: str) -> str:
    """An article id for a feed item: its page's host and path ("news.example/tram/7")."""
    parts = urlsplit(link)
    if not parts.netloc:
        return fallback
    path = parts.path.strip("/")
    return f"{parts.netloc}/{path}" if path else parts.netloc


def item_articles(feed: Feed, fallback_id: str) -> Iterator[Article]:
    """The items as articles from their own text (no page fetched: a feed file read offline)."""
    for n, item in enumerate(feed.items, start=1):
        if item.content.strip():
            yield Article(
                id=item_id(item.link, f"{fallback_id}/{n}"), text=item.content, title=item.title,
                url=item.link, source=feed.title, published=item.published,
            )
