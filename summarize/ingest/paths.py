"""Reading the inputs a user names: files, directories (walked without recursion limits),
and standard input, each read with a size cap that also holds for devices, FIFOs and pipes.

Article id = path relative to the given root, minus a known extension (a JSON record's `id`
field wins; several SGML documents in one file are `<path>/<DOCNO>`). When the inputs come
from more than one folder, every id starts with its folder's name (`docs-a/C1`,
`docs-b/C1`), so an id always says where the article came from. Ids are made unique. File
names that are not valid UTF-8 are shown with backslash escapes (`bad\\xffname`).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from summarize.ingest.formats import FORMATS, OnSkip, UnusableInput, decode, kind_of
from summarize.records import Article, Skipped

KNOWN_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".rss", ".atom", ".xml", ".opml")
MAX_BYTES = 10 * 1024 * 1024
STDIN = "-"
_CHUNK = 1 << 20


def shown(path: str | os.PathLike) -> str:
    """A path as text that can always be printed and stored: undecodable bytes of a file name
    (surrogate escapes) become backslash escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_paths(
    paths: Sequence[str],
    *,
    on_skip: OnSkip | None = None,
    max_bytes: int = MAX_BYTES,
    stdin=None,
) -> Iterator[Article]:
    """Yield the articles in `paths` (files, directories read recursively, or "-" for stdin).

    Directories are read in natural path order (C2 before C10), so runs are reproducible.
    Hidden files and folders (names starting with ".") are passed over; anything else that
    cannot be read is reported through `on_skip` with its reason.
    """
    report = on_skip or (lambda item: None)
    taken: set[str] = set()
    roots = {_root(Path(p)) for p in paths if p != STDIN and os.path.lexists(p)}
    prefixed = len(roots) > 1
    for given in paths:
        if given == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            try:
                data = _read_capped(stream, max_bytes)
            except UnusableInput as exc:
                report(Skipped("stdin", str(exc)))
                continue
            yield from _unique(parse_bytes(data, "stdin", "stdin", report), taken)
            continue
        path = Path(given)
        if not os.path.lexists(path):
            report(Skipped(shown(given), "no such file or directory"))
            continue
        root = _root(path)
        files = _walk(path, report) if path.is_dir() else [path]
        if path.is_dir() and not files:
            report(Skipped(shown(given), "directory has no files"))
        for file in files:
            rel = shown(file.relative_to(root).as_posix())
            if prefixed:
                rel = f"{shown(root.resolve().name) or 'root'}/{rel}"
            yield from _unique(_read_file(file, rel, report, max_bytes), taken)


def _root(path: Path) -> Path:
    """The folder ids are relative to: a directory itself, a file's parent."""
    return path if path.is_dir() else path.parent


def _walk(top: Path, report: OnSkip) -> list[Path]:
    """The files below `top`, in natural order of their relative paths, without recursion
    (any depth); unreadable folders and symlink loops are reported, not lost silently."""
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                report(Skipped(shown(folder), "symbolic link loop: this folder was already read"))
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = list(os.scandir(folder))
        except OSError as exc:
            report(Skipped(shown(folder), f"cannot read folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError as exc:
                report(Skipped(shown(entry.path), f"cannot read: {exc.strerror or exc}"))
                continue
            (stack if is_dir else found).append(Path(entry.path))
    return sorted(found, key=lambda p: _natural_key(p.relative_to(top).as_posix()))


def _natural_key(text: str) -> list:
    """Sort key that puts C2 before C10."""
    import re

    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", text)]


def article_id(relative_path: str) -> str:
    """The id for a file: its path relative to the root, minus a known extension."""
    lower = relative_path.lower()
    for ext in KNOWN_EXTENSIONS:
        if lower.endswith(ext):
            return relative_path[: -len(ext)]
    return relative_path


def _unique(articles: Iterable[Article], taken: set[str]) -> Iterator[Article]:
    """Make ids unique across the run by numbering repeats (`id~2`)."""
    for article in articles:
        new_id, n = article.id, 2
        while new_id in taken:
            new_id, n = f"{article.id}~{n}", n + 1
        taken.add(new_id)
        yield article if new_id == article.id else replace(article, id=new_id)


def _read_capped(stream, max_bytes: int) -> bytes:
    """At most `max_bytes` from a binary stream, read in chunks (a 200 MB pipe is never held
    whole); UnusableInput when there is more."""
    chunks, size = [], 0
    while chunk := stream.read(_CHUNK):
        if isinstance(chunk, str):
            chunk = chunk.encode()
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise UnusableInput(f"input is over the {max_bytes / 1e6:.0f} MB limit")
    return b"".join(chunks)


def _read_file(file: Path, rel: str, report: OnSkip, max_bytes: int) -> list[Article]:
    display = shown(file)
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
            report(Skipped(display, f"not a regular file ({kind})"))
            return []
        if info.st_size > max_bytes:
            report(Skipped(display, f"file is {info.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit"))
            return []
        with open(file, "rb") as handle:
            data = _read_capped(handle, max_bytes)
    except UnusableInput as exc:
        report(Skipped(display, str(exc)))
        return []
    except OSError as exc:
        report(Skipped(display, f"cannot read: {exc.strerror or exc}"))
        return []
    return [replace(a, path=str(file)) for a in parse_bytes(data, display, rel, report)]


def parse_bytes(data: bytes, display: str, rel: str, report: OnSkip) -> list[Article]:
    """Decode and parse one input named `rel`; every failure, of any kind, becomes a Skipped
    report for it, so one bad input never stops the others."""
    try:
        text = decode(data)
        if not text.strip():
            raise UnusableInput("empty file")
        return list(FORMATS[kind_of(rel, text)](text, article_id(rel), display, report))
    except UnusableInput as exc:
        report(Skipped(display, str(exc)))
    except Exception as exc:  # a parser's own failure on hostile input: report, go on
        report(Skipped(display, f"could not be parsed ({type(exc).__name__}: {str(exc)[:200]})"))
    return []
