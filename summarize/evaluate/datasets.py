"""Evaluation datasets: document sets with their reference summaries, one per event.

Three layouts are read:

* the DUC/TAC directory layout: `docs/<event>/<document>` and `references/<event>/<reference>`
  (documents may be plain text or raw SGML newswire; they are read by summarize.ingest);
* a JSONL file, one event per line: `{"id", "documents": [...], "references": [...]}`;
  a document is a string (its text, or an http(s) URL whose page is fetched as `summarize run`
  fetches it) or an article object as summarize.ingest reads JSON (`text`, and optionally
  `id`, `title`, `url`, `source`, `published`, or their aliases);
* the Multi-News convention (Fabbri et al., 2019): the documents of an event joined into one
  string by `|||||`, either as a JSONL line's `documents` (or Multi-News' own `document` and
  `summary` fields) or as the released `.src`/`.tgt` line-aligned file pair.

Documents are used as the benchmark gives them: clean.py is not applied, because they are
clean newswire and scores must be comparable with published ones on the same text.
Unusable items (an empty document, an event without references, a malformed line) are
skipped with a reason; a path that is none of these layouts raises DatasetError.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from summarize.ingest import UnusableInput, article_from_record
from summarize.records import Article, Skipped

MULTI_NEWS_SEPARATOR = "|||||"
# Multi-News' released .src/.tgt files encode line breaks as this token.
_MULTI_NEWS_NEWLINE = "NEWLINE_CHAR"


class DatasetError(ValueError):
    """The path is not a dataset in any supported layout."""


@dataclass(frozen=True)
class EvalEvent:
    """One document set to summarize and the human summaries to compare against."""

    id: str
    documents: tuple[Article, ...]
    references: tuple[str, ...]


@dataclass(frozen=True)
class Dataset:
    name: str
    events: tuple[EvalEvent, ...]
    skipped: tuple[Skipped, ...]


def load_dataset(path: str | Path) -> Dataset:
    """Read the dataset at `path` (DUC-layout directory, JSONL, or Multi-News .src file)."""
    path = Path(path)
    if path.is_dir():
        if not (path / "docs").is_dir() or not (path / "references").is_dir():
            raise DatasetError(f"{path}: a dataset directory needs docs/ and references/")
        return _load_duc(path)
    if not path.is_file():
        raise DatasetError(f"{path}: no such file or directory")
    if path.suffix == ".src":
        return _load_multi_news_pair(path)
    if path.suffix in (".jsonl", ".json"):
        return _load_jsonl(path)
    raise DatasetError(f"{path}: expected a directory, a .jsonl file or a Multi-News .src file")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _read_folder(folder: Path, skip: Callable[[Skipped], None]) -> list[Article]:
    """The files under `folder` via summarize.ingest (plain text or raw SGML newswire),
    ids prefixed with the folder's name (d30001t/C1)."""
    from summarize.ingest import read_paths

    return [
        replace(article, id=f"{folder.name}/{article.id}")
        for article in read_paths([str(folder)], on_skip=skip)
    ]


def _load_duc(root: Path) -> Dataset:
    skipped: list[Skipped] = []
    events: list[EvalEvent] = []
    for event_dir in sorted(p for p in (root / "docs").iterdir() if p.is_dir()):
        reference_dir = root / "references" / event_dir.name
        references = (
            [ref.text for ref in _read_folder(reference_dir, skipped.append)]
            if reference_dir.is_dir()
            else []
        )
        documents = _read_folder(event_dir, skipped.append)
        event = _event(event_dir.name, documents, references, str(event_dir), skipped)
        if event:
            events.append(event)
    return Dataset(root.name, tuple(events), tuple(skipped))


def _event(
    event_id: str,
    documents: list[Article],
    references: list[str],
    where: str,
    skipped: list[Skipped],
) -> EvalEvent | None:
    if not references:
        skipped.append(Skipped(where, "event has no reference summary"))
        return None
    if not documents:
        skipped.append(Skipped(where, "event has no readable document"))
        return None
    return EvalEvent(event_id, tuple(documents), tuple(references))


def _split_multi_news(text: str) -> list[str]:
    text = text.replace(_MULTI_NEWS_NEWLINE, "\n")
    return [part.strip() for part in text.split(MULTI_NEWS_SEPARATOR)]


def _documents_from_json(event_id: str, value: object, where: str, skipped: list[Skipped]) -> list[Article]:
    if isinstance(value, str):
        value = _split_multi_news(value)
    if not isinstance(value, list):
        raise ValueError("`documents` must be a list or a string joined by |||||")
    articles = []
    for number, item in enumerate(value, start=1):
        default_id = f"{event_id}/{number}"
        if isinstance(item, str) and _is_url(item):
            fetched = _fetch(item.strip(), f"{where} document {number}", skipped)
            if fetched is not None:
                articles.append(replace(fetched, id=default_id))
            continue
        if isinstance(item, str):
            item = {"text": item}
        try:
            article = article_from_record(item, default_id, f"document {number}")
        except UnusableInput:
            skipped.append(Skipped(f"{where} document {number}", "empty document"))
            continue
        if any(a.id == article.id for a in articles):  # ids must be unique within the event
            article = replace(article, id=f"{article.id}~{number}")
        articles.append(article)
    return articles


def _is_url(text: str) -> bool:
    text = text.strip()
    return text.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in text)


def _fetch(url: str, where: str, skipped: list[Skipped]) -> Article | None:
    """A document given as a URL: its page's article, fetched as `summarize run` would
    (summarize.sources, with the fetch cache); failures are skipped with the reason."""
    from summarize.sources import read_sources

    failures: list[Skipped] = []
    found = list(read_sources([url], on_skip=failures.append))
    if not found:
        reason = failures[0].reason if failures else "no article text"
        skipped.append(Skipped(f"{where} ({url})", reason))
        return None
    return found[0]


def _references_from_json(value: object) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
        raise ValueError("`references` must be a string or a list of strings")
    return [r.strip() for r in value if r.strip()]


def _load_jsonl(path: Path) -> Dataset:
    skipped: list[Skipped] = []
    events: list[EvalEvent] = []
    seen: set[str] = set()
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("a line must be a JSON object")
            event_id = str(record.get("id") or f"line-{number}")
            if event_id in seen:
                raise ValueError(f"duplicate event id {event_id!r}")
            documents = _documents_from_json(
                event_id, record.get("documents", record.get("document", [])), where, skipped
            )
            references = _references_from_json(record.get("references", record.get("summary", [])))
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            skipped.append(Skipped(where, f"malformed event: {exc}"))
            continue
        seen.add(event_id)
        event = _event(event_id, documents, references, where, skipped)
        if event:
            events.append(event)
    if not events and not skipped:
        raise DatasetError(f"{path}: no events")
    return Dataset(path.stem, tuple(events), tuple(skipped))


def _load_multi_news_pair(source: Path) -> Dataset:
    target = source.with_suffix(".tgt")
    if not target.is_file():
        raise DatasetError(f"{source}: the Multi-News summaries file {target.name} is missing")
    sources = _read_text(source).splitlines()
    targets = _read_text(target).splitlines()
    if len(sources) != len(targets):
        raise DatasetError(
            f"{source}: {len(sources)} document lines but {len(targets)} summary lines in {target.name}"
        )
    skipped: list[Skipped] = []
    events: list[EvalEvent] = []
    for number, (src, tgt) in enumerate(zip(sources, targets), start=1):
        event_id = f"{source.stem}-{number}"
        where = f"{source}:{number}"
        documents = _documents_from_json(event_id, src, where, skipped)
        # Multi-News summaries start with an en dash bullet.
        references = _references_from_json(tgt.replace(_MULTI_NEWS_NEWLINE, "\n").lstrip("–- "))
        event = _event(event_id, documents, references, where, skipped)
        if event:
            events.append(event)
    return Dataset(source.stem, tuple(events), tuple(skipped))
