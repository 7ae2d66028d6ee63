"""Sources: what a PATH argument names, behind one entry point, `read_sources`.

* an http(s) URL: fetched (summarize.sources.fetch); a feed (RSS 2.0, RSS 1.0, Atom) gives
  one article per item, an OPML file the articles of every feed it lists, an HTML page one
  article (main text by trafilatura, which dates it with htmldate);
* a local file that is a feed or an OPML list (recognised by content, whatever its name):
  the same, its items' pages fetched;
* anything else (files, directories, "-" for stdin): summarize.ingest.

A feed item's page is fetched and its main text extracted; when the page cannot be had the
item's own text from the feed stands in, and a note says so. Every source that fails (DNS,
refused, timeout, 404, 500, malformed XML, an empty feed, a page without article text) is
reported through `on_skip` with its URL and reason; the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from summarize.ingest import FORMATS, read_paths
from summarize.ingest.feeds import Feed, FeedError, item_id, parse_feed, parse_opml, sniff
from summarize.progress import Progress, no_progress
from summarize.records import Article, Skipped
from summarize.sources.fetch import Fetcher, FetchError, FetchOptions, Page

__all__ = ["FetchOptions", "is_url", "read_sources"]

OnSkip = Callable[[Skipped], None]
OnNote = Callable[[str], None]


def is_url(path: str) -> bool:
    return path.lower().startswith(("http://", "https://"))


def _local_feed(path: str) -> str | None:
    """The text of a local file that is a feed or an OPML list, else None."""
    file = Path(path)
    try:
        if not file.is_file():
            return None
        with open(file, "rb") as handle:
            head = handle.read(4096)
        if sniff(head.decode("utf-8", "replace")) is None:
            return None
        return file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def read_sources(
    paths: Sequence[str],
    *,
    options: FetchOptions | None = None,
    on_skip: OnSkip | None = None,
    on_note: OnNote | None = None,
    on_progress: Progress = no_progress,
) -> Iterator[Article]:
    """The articles of every PATH (see the module docstring), fetched ones first."""
    report = on_skip or (lambda item: None)
    note = on_note or (lambda message: None)
    local: list[str] = []
    remote: list[tuple[str, str | None]] = []  # (url or path, local text of a feed/OPML)
    for path in paths:
        if is_url(path):
            remote.append((path, None))
        elif (text := _local_feed(path)) is not None:
            remote.append((path, text))
        else:
            local.append(path)
    if remote:
        reader = _Reader(Fetcher(options), report, note, on_progress)
        try:
            for path, text in remote:
                yield from reader.source(path, text)
        finally:
            reader.fetcher.close()
    if local:
        yield from read_paths(local, on_skip=report)


class _Reader:
    def __init__(self, fetcher: Fetcher, report: OnSkip, note: OnNote, progress: Progress):
        self.fetcher, self.report, self.note, self.progress = fetcher, report, note, progress
        self.taken: set[str] = set()

    def source(self, where: str, text: str | None = None, depth: int = 0) -> Iterator[Article]:
        """Articles of one URL, or of a local feed/OPML file whose text is given."""
        base = where if text is None else ""
        if text is None:
            try:
                page = self.fetcher.get(where)
            except FetchError as exc:
                self.report(Skipped(where, str(exc)))
                return
            text, base = page.text, page.final_url
        else:
            page = None
        kind = sniff(text)
        try:
            if kind == "opml" and depth == 0:
                for feed_url in parse_opml(text, base):
                    yield from self.source(feed_url, depth=1)
            elif kind == "feed":
                yield from self.feed(parse_feed(text, base), where)
            elif kind == "opml":
                self.report(Skipped(where, "an OPML list inside an OPML list is not followed"))
            elif page is not None:
                yield from self.page_articles([page], [None], None)
            else:
                self.report(Skipped(where, "not a feed"))
        except FeedError as exc:
            self.report(Skipped(where, str(exc)))

    def feed(self, feed: Feed, where: str) -> Iterator[Article]:
        items = [item for item in feed.items if item.link]
        for item in feed.items:
            if not item.link:
                self.report(Skipped(where, f"feed item {item.title or '?'!r} has no link"))
        self.progress(f"fetching {feed.title or where}", 0, len(items))
        pages = self.fetcher.get_all([item.link for item in items], revalidate=False)
        self.progress(f"fetching {feed.title or where}", len(items), len(items))
        yield from self.page_articles(pages, items, feed)

    def page_articles(self, pages, items, feed: Feed | None) -> Iterator[Article]:
        for page, item in zip(pages, items):
            article = None
            if isinstance(page, Page):
                article = self._extract(page)
                reason = "the page holds no article text"
            else:
                reason = str(page)
            if item is not None:
                if article is None and item.content.strip():
                    self.note(f"{item.link}: page not read ({reason}); the feed's own text is used")
                    article = Article(id="", text=item.content, url=item.link)
                if article is not None:
                    article = replace(
                        article, title=item.title or article.title, source=feed.title or article.source,
                        published=item.published or article.published,
                    )
            if article is None:
                self.report(Skipped(item.link if item is not None else page.url, reason))
                continue
            article = replace(article, id=self._unique(item_id(article.url, article.url)))
            yield article

    def _extract(self, page: Page) -> Article | None:
        """The page's article: main text and metadata (HTML), or the text as it is."""
        kind = "html" if "html" in page.content_type.lower() or "<html" in page.text[:2000].lower() else "plain"
        try:
            (article,) = list(FORMATS[kind](page.text, "", page.final_url, lambda item: None))
        except ValueError:
            return None
        return replace(article, url=page.final_url)

    def _unique(self, article_id: str) -> str:
        new_id, n = article_id, 2
        while new_id in self.taken:
            new_id, n = f"{article_id}~{n}", n + 1
        self.taken.add(new_id)
        return new_id
