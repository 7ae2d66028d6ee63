"""Input formats: decoding, recognising a format by extension or content, and one parser per
format, each yielding Articles and raising UnusableInput for input it cannot use.

Formats: plain text and Markdown; HTML pages (main text extracted by trafilatura); JSON (an
object or a list of objects) and JSONL with the fields of `FIELDS`; DUC/TAC raw newswire SGML
(<DOC><DOCNO>..<TEXT><P>..). Every pattern here is linear in its input (tests feed each one
a megabyte of its worst case).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from summarize.ingest.feeds import FeedError, item_articles, parse_feed
from summarize.ingest.feeds import sniff as sniff_feed
from summarize.records import Article, Skipped

OnSkip = Callable[[Skipped], None]
Parser = Callable[[str, str, str, OnSkip], Iterator[Article]]


class UnusableInput(ValueError):
    """This input (a file, a JSON record) is unusable, for the given reason."""


# JSON fields of an article, each with the names scrapers commonly give it (first found wins).
FIELDS = {
    "id": ("id",),
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "source": ("source", "outlet", "site"),
    "published": ("published", "date", "pubDate", "published_at"),
}


def _field(obj: dict, name: str) -> object:
    return next((obj[key] for key in FIELDS[name] if obj.get(key) not in (None, "")), None)


def article_from_record(obj: object, aid: str, where: str) -> Article:
    """The Article of one JSON object (fields and their aliases: FIELDS); `aid` is the id when
    the record has none. Raises UnusableInput naming `where` when there is no article text."""
    if not isinstance(obj, dict):
        raise UnusableInput(f"{where}: expected a JSON object, got {type(obj).__name__}")
    text = _field(obj, "text")
    if not isinstance(text, str) or not text.strip():
        names = "/".join(FIELDS["text"])
        raise UnusableInput(f"{where}: no '{names}' field with article text")
    return Article(
        id=str(_field(obj, "id") or aid), text=text.strip(), title=str(_field(obj, "title") or ""),
        source=str(_field(obj, "source") or ""), url=str(_field(obj, "url") or ""),
        published=_parse_date(_field(obj, "published")),
    )


_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes) -> str:
    """The text of `data`: UTF-16/32 by their byte-order mark, else UTF-8, else Windows-1252.
    Raises UnusableInput for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise UnusableInput(f"undecodable: a {encoding.upper()} byte-order mark, then invalid text") from None
    if b"\x00" in data[:8192]:
        raise UnusableInput("binary file (contains NUL bytes)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnusableInput("undecodable: neither UTF-8 nor Windows-1252 text")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise UnusableInput("binary file (mostly control characters)")
    return text


def kind_of(rel: str, text: str) -> str:
    """The format of an input named `rel` (its extension, else its content): a FORMATS key."""
    suffix = Path(rel).suffix.lower()
    if suffix in (".json", ".jsonl"):
        return suffix[1:]
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".md":
        return "markdown"
    feed = sniff_feed(text)
    if feed:
        return feed
    head = text.lstrip()[:1000].lower()
    if re.match(r"<doc\b", head):
        return "sgml"
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(body|article|p|div)\b", head):
        return "html"
    if suffix == "" and head.startswith(("{", "[")):
        return "jsonl" if "\n{" in text.strip() else "json"
    return "plain"


def _words_in(text: str) -> str:
    if not any(ch.isalpha() for ch in text):
        raise UnusableInput("no words (only numbers, punctuation or symbols)")
    return text


def _plain(text: str, aid: str, display: str, report: OnSkip) -> Iterator[Article]:
    _words_in(text)
    yield Article(id=aid, text=text.strip())


# Bounded lengths keep the pattern linear on hostile input (a line of 100 KB of "[").
_MD_LINK = re.compile(r"!?\[([^\[\]\n]{0,500})\]\([^()\n]{0,2000}\)")
_MD_MARK = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def _markdown(text: str, aid: str, display: str, report: OnSkip) -> Iterator[Article]:
    """Markdown to plain lines: the first heading is the title; links keep their text."""
    title, lines = "", []
    for line in text.splitlines():
        is_heading = bool(_MD_HEADING.match(line))
        line = _MD_MARK.sub("", _MD_LINK.sub(r"\1", _MD_HEADING.sub("", line))).strip()
        line = re.sub(r"^([-*+]|>)\s+", "", line)
        if is_heading and not title and not lines:
            title = line
        elif line or (lines and lines[-1]):
            lines.append(line)
    yield Article(id=aid, title=title, text=_words_in("\n".join(lines).strip()))


def _html(text: str, aid: str, display: str, report: OnSkip) -> Iterator[Article]:
    """The page's main text and metadata, extracted by trafilatura."""
    import trafilatura

    url = display if display.lower().startswith(("http://", "https://")) else None
    doc = trafilatura.bare_extraction(
        text, url=url, with_metadata=True, include_comments=False, include_tables=False)
    body = (doc.text or "") if doc else ""
    if not body.strip():
        raise UnusableInput("HTML page with no article text")
    title = (doc.title or "").strip()
    lines = body.splitlines()
    if title and lines and lines[0].strip() == title:
        body = "\n".join(lines[1:])
    yield Article(
        id=aid, title=title, text=body.strip(), url=doc.url or "",
        source=doc.sitename or "", published=_parse_date(doc.date),
    )


def _load_json(text: str, where: str):
    """json.loads, every failure as UnusableInput (nesting too deep, 5,000-digit numbers...)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        at = f" (line {exc.lineno})" if exc.lineno > 1 or not where else ""
        raise UnusableInput(f"{where}malformed JSON ({exc.msg}){at}") from None
    except RecursionError:
        raise UnusableInput(f"{where}JSON nested too deep") from None
    except ValueError as exc:  # e.g. an integer past Python's digit limit
        raise UnusableInput(f"{where}malformed JSON: {exc}") from None


def _json(text: str, aid: str, display: str, report: OnSkip) -> Iterator[Article]:
    data = _load_json(text, "")
    items = data if isinstance(data, list) else [data]
    if not items:
        raise UnusableInput("JSON list with no records")
    for n, obj in enumerate(items, 1):
        try:
            yield article_from_record(obj, aid if len(items) == 1 else f"{aid}/{n}", f"record {n}")
        except UnusableInput as exc:
            report(Skipped(display, str(exc)))


def _jsonl(text: str, aid: str, display: str, report: OnSkip) -> Iterator[Article]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = _load_json(line, f"line {n}: ")
            yield article_from_record(obj, f"{aid}/{n}", f"line {n}")
        except UnusableInput as exc:
            report(Skipped(display, str(exc)))


_TAG = re.compile(r"<[^>]+>")


def _blocks(text: str, name: str) -> Iterator[str]:
    """The contents of each <name>...</name> block, found with str.find (linear time, unlike
    a lazy regex on a file of a million unclosed tags)."""
    lower, opening, closing = text.lower(), f"<{name.lower()}>", f"</{name.lower()}>"
    position = 0
    while (start := lower.find(opening, position)) >= 0:
        end = lower.find(closing, start + len(opening))
        if end < 0:
            return
        # An opening tag repeated before the closing one starts the block again.
        start = lower.rfind(opening, start, end)
        yield text[start + len(opening):end]
        position = end + len(closing)


def _sgml_field(doc: str, *names: str) -> str:
    for name in names:
        for block in _blocks(doc, name):
            return block
    return ""


def _sgml(text: str, aid: str, display: str, report: OnSkip) -> Iterator[Article]:
    """DUC/TAC newswire: one Article per <DOC>, paragraphs from <P> (or the TEXT lines)."""
    docs = list(_blocks(text, "DOC"))
    if not docs:
        raise UnusableInput("SGML without a complete <DOC>...</DOC> block")
    for doc in docs:
        docno = _TAG.sub("", _sgml_field(doc, "DOCNO")).strip()
        body = _sgml_field(doc, "TEXT")
        paragraphs = re.findall(r"<P>(.*?)(?=</P>|<P>|$)", body, re.S | re.I) or [body]
        clean = [html.unescape(re.sub(r"\s+", " ", _TAG.sub(" ", p))).strip() for p in paragraphs]
        body_text = "\n".join(p for p in clean if p)
        if not body_text:
            report(Skipped(display, f"document {docno or '?'} has no <TEXT>"))
            continue
        title = html.unescape(re.sub(r"\s+", " ", _TAG.sub(" ", _sgml_field(doc, "HEADLINE", "HL", "TITLE")))).strip()
        date = _TAG.sub("", _sgml_field(doc, "DATE_TIME", "DATE", "DATELINE")).strip()
        yield Article(
            id=aid if len(docs) == 1 else f"{aid}/{docno}", text=body_text, title=title,
            source=re.sub(r"\d.*$", "", docno), published=_parse_date(date),
        )


def _parse_date(value: object) -> datetime | None:
    """An ISO-8601 date or datetime (as JSON and HTML metadata give them) or an RFC 2822 date
    (RSS `pubDate`: "Tue, 10 Jun 2003 04:00:00 GMT"), else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None


def _feed(text: str, aid: str, display: str, report: OnSkip) -> Iterator[Article]:
    """A feed file read offline: each item with text of its own is an article (pages are
    fetched only for feeds named as a PATH or URL, by summarize.sources)."""
    try:
        feed = parse_feed(text)
    except FeedError as exc:
        raise UnusableInput(str(exc)) from None
    found = list(item_articles(feed, aid))
    if not found:
        raise UnusableInput("feed items carry no text of their own (give the feed as a PATH to fetch their pages)")
    yield from found


def _opml(text: str, aid: str, display: str, report: OnSkip) -> Iterator[Article]:
    raise UnusableInput("a list of feeds (OPML): give it as a PATH of its own to read its feeds")
    yield  # a generator, like the other parsers


FORMATS: dict[str, Parser] = {
    "plain": _plain, "markdown": _markdown, "html": _html,
    "json": _json, "jsonl": _jsonl, "sgml": _sgml, "feed": _feed, "opml": _opml,
}
