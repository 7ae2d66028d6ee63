"""Ingest: turn files, directories, JSON/JSONL and stdin into Articles, skipping bad input.

Formats: plain text and Markdown; HTML pages (main text extracted by trafilatura);
JSON (an object or a list of objects) and JSONL with the fields id, title, text, url,
source, published; DUC/TAC raw newswire SGML (<DOC><DOCNO>..<TEXT><P>..). Files without a
known extension (DUC's `C1`, `APW19990707.0181`) are read by content.

Article id = path relative to the given root, minus a known extension (a JSON record's
`id` field wins; several SGML documents in one file are `<path>/<DOCNO>`). Ids are made
unique. Bad input (unreadable, empty, binary, undecodable, oversized, malformed JSON) is
reported through `on_skip` and never stops the good articles.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from summarize.records import Article, Skipped

KNOWN_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
MAX_BYTES = 10 * 1024 * 1024
STDIN = "-"

OnSkip = Callable[[Skipped], None]


class UnusableInput(ValueError):
    """This input (a file, a JSON record) is unusable, for the given reason."""


def read_paths(
    paths: Sequence[str],
    *,
    on_skip: OnSkip | None = None,
    max_bytes: int = MAX_BYTES,
    stdin=None,
) -> Iterator[Article]:
    """Yield the articles in `paths` (files, directories read recursively, or "-" for stdin).

    Directories are read in sorted path order, so runs are reproducible. Hidden files
    (names starting with ".") are passed over.
    """
    report = on_skip or (lambda item: None)
    taken: set[str] = set()
    for given in paths:
        if given == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            items = _read_bytes(data if isinstance(data, bytes) else data.encode(), "stdin", "stdin", report, max_bytes)
            yield from _unique(items, taken, "stdin")
            continue
        path = Path(given)
        if path.is_dir():
            root = path
            files = sorted(
                (p for p in path.rglob("*")
                 if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)),
                key=lambda p: _natural_key(p.relative_to(root).as_posix()),
            )
            if not files:
                report(Skipped(given, "directory has no files"))
        elif path.exists():
            root, files = path.parent, [path]
        else:
            report(Skipped(given, "no such file or directory"))
            continue
        for file in files:
            rel = file.relative_to(root).as_posix()
            yield from _unique(_read_file(file, rel, report, max_bytes), taken, root.name)


def _natural_key(text: str) -> list:
    """Sort key that puts C2 before C10."""
    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", text)]


def article_id(relative_path: str) -> str:
    """The id for a file: its path relative to the root, minus a known extension."""
    lower = relative_path.lower()
    for ext in KNOWN_EXTENSIONS:
        if lower.endswith(ext):
            return relative_path[: -len(ext)]
    return relative_path


def _unique(articles: Iterable[Article], taken: set[str], root_name: str) -> Iterator[Article]:
    """Make ids unique across the run: prefix with the root's name, then number."""
    for article in articles:
        new_id = article.id
        if new_id in taken and root_name:
            new_id = f"{root_name}/{article.id}"
        n = 2
        base = new_id
        while new_id in taken:
            new_id, n = f"{base}~{n}", n + 1
        taken.add(new_id)
        yield article if new_id == article.id else replace(article, id=new_id)


def _read_file(file: Path, rel: str, report: OnSkip, max_bytes: int) -> list[Article]:
    try:
        size = file.stat().st_size
        if size > max_bytes:
            report(Skipped(str(file), f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit"))
            return []
        data = file.read_bytes()
    except OSError as exc:
        report(Skipped(str(file), f"cannot read: {exc.strerror or exc}"))
        return []
    return [replace(a, path=str(file)) for a in _read_bytes(data, str(file), rel, report, max_bytes)]


def _read_bytes(data: bytes, display: str, rel: str, report: OnSkip, max_bytes: int) -> list[Article]:
    """Decode and parse one input; every failure becomes a Skipped report."""
    try:
        if len(data) > max_bytes:
            raise UnusableInput(f"input is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
        text = _decode(data)
        if not text.strip():
            raise UnusableInput("empty file")
        kind = _kind(rel, text)
        return list(_PARSERS[kind](text, article_id(rel), display, report))
    except UnusableInput as exc:
        report(Skipped(display, str(exc)))
        return []


def _decode(data: bytes) -> str:
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


def _kind(rel: str, text: str) -> str:
    suffix = Path(rel).suffix.lower()
    if suffix in (".json", ".jsonl"):
        return suffix[1:]
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".md":
        return "markdown"
    head = text.lstrip()[:1000].lower()
    if re.match(r"<doc\b", head):
        return "sgml"
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(body|article|p|div)\b", head):
        return "html"
    if suffix == "" and head.startswith(("{", "[")):
        return "jsonl" if "\n{" in text.strip() else "json"
    return "plain"


def _plain(text: str, aid: str, display: str, report: OnSkip) -> Iterator[Article]:
    yield Article(id=aid, text=text.strip())


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
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
    yield Article(id=aid, title=title, text="\n".join(lines).strip())


def _html(text: str, aid: str, display: str, report: OnSkip) -> Iterator[Article]:
    """The page's main text and metadata, extracted by trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
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


def _json(text: str, aid: str, display: str, report: OnSkip) -> Iterator[Article]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnusableInput(f"malformed JSON: {exc.msg} (line {exc.lineno})") from None
    items = data if isinstance(data, list) else [data]
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
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UnusableInput(f"line {n}: malformed JSON ({exc.msg})") from None
            yield article_from_record(obj, f"{aid}/{n}", f"line {n}")
        except UnusableInput as exc:
            report(Skipped(display, str(exc)))


_DOC = re.compile(r"<DOC>(.*?)</DOC>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def _sgml_field(doc: str, *names: str) -> str:
    for name in names:
        m = re.search(rf"<{name}>(.*?)</{name}>", doc, re.S | re.I)
        if m:
            return m.group(1)
    return ""


def _sgml(text: str, aid: str, display: str, report: OnSkip) -> Iterator[Article]:
    """DUC/TAC newswire: one Article per <DOC>, paragraphs from <P> (or the TEXT lines)."""
    docs = _DOC.findall(text)
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


_PARSERS = {
    "plain": _plain, "markdown": _markdown, "html": _html,
    "json": _json, "jsonl": _jsonl, "sgml": _sgml,
}
