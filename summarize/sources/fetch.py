"""Fetching pages and feeds politely (httpx): a User-Agent naming the tool and its version,
connect and read timeouts, retries with backoff on 429 and 5xx that honour Retry-After, at
most N requests at a time and M per host, robots.txt respected, a size cap per response,
redirects followed (the final URL is kept), non-text content refused, and conditional GETs
from the fetch cache (summarize.sources.cache)."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from summarize import __version__
from summarize.ingest import MAX_BYTES
from summarize.ingest.formats import UnusableInput, decode
from summarize.sources.cache import Cached, FetchCache, default_cache_dir

USER_AGENT = f"summarize/{__version__} (multi-document news summarizer; python-httpx)"
TEXT_TYPES = (
    "text/", "application/xml", "application/rss+xml", "application/atom+xml",
    "application/rdf+xml", "application/xhtml+xml", "application/json", "application/x-opml",
)


@dataclass(frozen=True)
class FetchOptions:
    """How URLs are fetched; the defaults suit a nightly digest of a few hundred pages."""

    cache_dir: Path | None = None  # None: $XDG_CACHE_HOME/summarize
    refresh: bool = False  # ignore the cache (still update it)
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    retries: int = 3  # further tries after a 429 or 5xx
    backoff: float = 0.5  # seconds before the first retry, doubled each time
    max_wait: float = 30.0  # the longest Retry-After honoured
    max_bytes: int = MAX_BYTES
    concurrency: int = 8
    per_host: int = 2


class FetchError(Exception):
    """A URL that gave nothing usable; str() is the reason, for the `skipped` list."""


@dataclass(frozen=True)
class Page:
    url: str
    final_url: str
    content_type: str
    text: str
    status: int  # 200, or 304 when the cached copy was confirmed, 0 when read from the cache only


class Fetcher:
    """One HTTP client for a run; `get` and `get_all` are safe to call from threads."""

    def __init__(self, options: FetchOptions | None = None):
        import httpx

        self.options = options or FetchOptions()
        self._httpx = httpx
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(self.options.read_timeout, connect=self.options.connect_timeout),
            follow_redirects=True,
        )
        self.cache = FetchCache(self.options.cache_dir or default_cache_dir())
        self._robots: dict[str, RobotFileParser | None] = {}
        self._hosts: dict[str, threading.Semaphore] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()
        self.cache.close()

    def get_all(self, urls: Sequence[str], *, revalidate: bool = True) -> list[Page | FetchError]:
        """Each URL's page or the error, in the order given, `concurrency` at a time."""
        def one(url: str) -> Page | FetchError:
            try:
                return self.get(url, revalidate=revalidate)
            except FetchError as exc:
                return exc

        with ThreadPoolExecutor(max_workers=max(1, self.options.concurrency)) as pool:
            return list(pool.map(one, urls))

    def get(self, url: str, *, revalidate: bool = True) -> Page:
        """The page at `url`. A cached copy is used as it is when `revalidate` is false (an
        article already read), else confirmed with a conditional GET."""
        cached = None if self.options.refresh else self.cache.get(url)
        if cached is not None and not revalidate:
            return Page(url, cached.final_url, cached.content_type, _text(cached.body, cached.content_type), 0)
        if not self._allowed(url):
            raise FetchError("disallowed by the site's robots.txt")
        headers = {}
        if cached is not None:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        with self._host(url):
            return self._request(url, headers, cached)

    def _request(self, url: str, headers: dict, cached: Cached | None) -> Page:
        httpx, options = self._httpx, self.options
        for attempt in range(options.retries + 1):
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    status = response.status_code
                    if status == 304 and cached is not None:
                        return Page(url, cached.final_url, cached.content_type,
                                    _text(cached.body, cached.content_type), 304)
                    if (status == 429 or status >= 500) and attempt < options.retries:
                        wait = _retry_after(response.headers.get("Retry-After"))
                        time.sleep(min(options.max_wait, wait if wait is not None else options.backoff * 2 ** attempt))
                        continue
                    if status >= 400:
                        raise FetchError(f"HTTP {status} {response.reason_phrase}".strip())
                    kind = response.headers.get("Content-Type", "text/html").split(";")[0].strip().lower()
                    if not kind.startswith(TEXT_TYPES):
                        raise FetchError(f"not a text page (content type {kind})")
                    body = _capped(response, options.max_bytes)
                    content_type = response.headers.get("Content-Type", kind)
                    entry = Cached(url, str(response.url), content_type, response.headers.get("ETag"),
                                   response.headers.get("Last-Modified"), body)
            except httpx.TimeoutException:
                raise FetchError(f"timed out (no answer within {options.read_timeout:g} s)") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"cannot fetch: {exc}") from None
            self.cache.put(entry)
            return Page(url, entry.final_url, content_type, _text(body, content_type), status)
        raise FetchError("no answer after retries")  # not reached: the last try raises or returns

    def _host(self, url: str) -> threading.Semaphore:
        host = urlsplit(url).netloc
        with self._lock:
            return self._hosts.setdefault(host, threading.Semaphore(max(1, self.options.per_host)))

    def _allowed(self, url: str) -> bool:
        """robots.txt of the URL's site (read once per run; an unreadable one allows all)."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            known = site in self._robots
        if not known:
            rules = None
            try:
                response = self._client.get(site + "/robots.txt")
                if response.status_code == 200:
                    rules = RobotFileParser()
                    rules.parse(response.text.splitlines())
            except self._httpx.HTTPError:
                rules = None
            with self._lock:
                self._robots[site] = rules
        rules = self._robots[site]
        return rules is None or rules.can_fetch(USER_AGENT, url)


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _capped(response, max_bytes: int) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"response over the {max_bytes / 1e6:.0f} MB limit")
    return b"".join(chunks)


def _text(body: bytes, content_type: str) -> str:
    """The body as text: the charset the server names, else UTF-8 or Windows-1252."""
    charset = None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"')
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode(body)
    except UnusableInput as exc:
        raise FetchError(str(exc)) from None
