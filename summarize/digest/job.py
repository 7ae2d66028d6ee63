"""The nightly digest job: read -> window -> group -> select new/updated -> summarize -> compose
-> deliver -> record.

Exactly-once in practice (summarize.digest.state): the digest is recorded as pending, with
its message, and committed before `deliver` is called; it is marked sent once the SMTP server
accepted it. A failed send cancels the pending record, so the next run includes everything
again; a rerun after success finds nothing new; a run that died after the server's answer
leaves the digest pending, and the next run sends that same message again (same Message-ID)
before anything new.

The window: a run considers articles published (or, without a date, whose file was modified)
within `since` before the last digest that was sent, or before now on the first run. So a
night whose send failed is covered by the next run however long the gap. Articles that were
already sent are read whatever their age: they anchor tonight's grouping, so an article that
joins a known event is reported as an update of that event, not as a new one.

Stream mode: when a known event's articles are no longer among the inputs (a feed keeps a few
days of items), tonight's new event is compared with the profiles of the events sent in the
last HORIZON (summarize.digest.profiles); one that continues a sent event is reported as its
update, under the same identity.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as email_policy
from email.utils import parseaddr
from pathlib import Path

from summarize.digest.compose import DigestItem, compose_digest
from summarize.digest.profiles import EventProfile, article_profile, continued
from summarize.digest.state import DigestState, Selected, open_state
from summarize.engine import LOCAL, Engine
from summarize.fuse.loading import ModelUnavailable
from summarize.registry import resolve
from summarize.records import Article, Skipped
from summarize.sources.fetch import FetchOptions
from summarize.summarizer import DEFAULT_MAX_WORDS, Summarizer

# Returns the recipients the server refused (empty when all were accepted); raises on failure.
Deliver = Callable[[EmailMessage], Mapping[str, object]]

HORIZON = timedelta(days=30)  # sent events a new one may continue (stream mode)
_UNITS = {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1),
          "m": timedelta(minutes=1), "s": timedelta(seconds=1)}
_DURATION = re.compile(r"(?:\d+[wdhms])+")


def parse_duration(text: str) -> timedelta:
    """A positive duration such as "24h", "7d", "90m", "1d12h" (units w d h m s)."""
    value = text.strip().lower()
    if not _DURATION.fullmatch(value):
        raise ValueError(
            f"{text!r} is not a duration: use a number and a unit, e.g. 24h, 7d, 90m, 1d12h "
            "(units: w d h m s)"
        )
    total = sum((int(n) * _UNITS[u] for n, u in re.findall(r"(\d+)([wdhms])", value)), timedelta())
    if total <= timedelta(0):
        raise ValueError(f"{text!r}: the duration must be greater than zero")
    return total


@dataclass(frozen=True)
class DigestOutcome:
    """What a run did. `message` is None when there was nothing new to send."""

    message: EmailMessage | None
    items: tuple[DigestItem, ...]
    considered: int  # articles inside the window, plus already-sent ones
    skipped: tuple[Skipped, ...]
    window_start: datetime
    refused: Mapping[str, object] = field(default_factory=dict)
    recorded: bool = False
    resent: EmailMessage | None = None  # a pending digest of an interrupted run, sent again


def run_digest(
    paths: Sequence[str],
    *,
    state_path: str | Path,
    since: timedelta,
    sender: str,
    recipients: Sequence[str],
    deliver: Deliver,
    summarizer: Callable[[], Summarizer],
    record: bool = True,
    max_words: int = DEFAULT_MAX_WORDS,
    now: datetime | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    fetch: FetchOptions | None = None,
    on_note: Callable[[str], None] | None = None,
    engine: Engine = LOCAL,
) -> DigestOutcome:
    """Send (or, with `record=False`, only deliver without recording) tonight's digest.

    `summarizer()` gives the summarizer; it is called only when there is something to send
    (a model is loaded only then). Exceptions from `deliver` propagate after the state
    transaction was rolled back.
    """
    from summarize.pipeline import build_events, read_corpus, split_corpus, summarize_events

    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")

    with open_state(state_path, writable=record) as state:
        resent = _resend_pending(state, deliver, now) if record else None
        corpus = read_corpus(paths, on_skip=on_skip, fetch=fetch, on_note=on_note, engine=engine)
        window_start = min(now, state.last_sent() or now) - since
        sent = state.sent_articles(a.id for a in corpus.articles)
        articles = [
            a for a in corpus.articles
            if a.id in sent or _article_time(a, now) >= window_start
        ]
        sentences = split_corpus(articles, engine)
        selected = state.select(build_events(articles, sentences)) if articles else []
        profiles = _profiles(selected)
        selected = _continue_sent(state, selected, profiles, now)
        if not selected:
            return DigestOutcome(None, (), len(articles), corpus.skipped, window_start, resent=resent)

        events = [item.event for item in selected]
        try:
            summaries = summarize_events(events, sentences, summarizer(), max_words, engine=engine)
        except ModelUnavailable as exc:  # a served model failing mid-run must not cost the digest
            if on_note:
                on_note(f"{exc}; the extractive summaries are used")
            summaries = summarize_events(events, sentences, resolve("extractive"), max_words, engine=engine)
        by_event = {s.event_id: s for s in summaries}
        items = tuple(DigestItem(item, by_event[item.event.id]) for item in selected)
        message = compose_digest(
            items, sender=sender, recipients=recipients, now=now.astimezone()
        )
        if not record:
            refused = dict(deliver(message))
            return DigestOutcome(message, items, len(articles), corpus.skipped, window_start,
                                 refused, resent=resent)
        # Pending first, committed before the send: a lock or a full disk fails here.
        digest_id = state.record(selected, sent_at=now, message_id=message["Message-ID"],
                                 recipients=recipients, message=message.as_bytes(),
                                 profiles=profiles)
        state.commit()
        try:
            refused = dict(deliver(message))
        except BaseException:
            state.cancel(digest_id)
            state.commit()
            raise
        state.mark_sent(digest_id, sent_at=now, recipients=_accepted(recipients, refused))
    return DigestOutcome(
        message, items, len(articles), corpus.skipped, window_start, refused, recorded=record,
        resent=resent,
    )


def _continue_sent(
    state: DigestState, selected: list[Selected], profiles: Mapping[str, str], now: datetime,
) -> list[Selected]:
    """`selected` with each new event that continues an event sent within HORIZON (by
    profile, stream mode) turned into that event's update; `profiles` are tonight's new
    originals' (`_profiles`)."""
    tonight = {
        item.event.id: EventProfile.of(profiles[a] for a in item.new_articles if a in profiles)
        for item in selected if item.status == "new"
    }
    stored = state.profiles(now - HORIZON) if tonight else {}
    if not stored:
        return selected
    matched = continued(tonight, {sid: EventProfile.of(p) for sid, p in stored.items()})
    return [
        replace(item, status="update", state_id=matched[item.event.id])
        if item.event.id in matched else item
        for item in selected
    ]


def _profiles(selected: Sequence[Selected]) -> dict[str, str]:
    """The profiles of the new original articles (near-copies add nothing to an event's)."""
    return {
        article.id: article_profile(article)
        for item in selected for article in item.event.articles
        if article.id in item.new_articles and article.id not in item.event.duplicate_of
    }


def _accepted(recipients: Sequence[str], refused: Mapping[str, object]) -> list[str]:
    return [r for r in recipients if parseaddr(r)[1] not in refused]


def _resend_pending(state, deliver: Deliver, now: datetime) -> EmailMessage | None:
    """Re-send, unchanged, a digest recorded as pending by a run that stopped before it could
    record the server's answer; mark it sent. Raises what `deliver` raises (it stays pending)."""
    pending = state.pending()
    if pending is None:
        return None
    message = message_from_bytes(pending.message, policy=email_policy)
    refused = dict(deliver(message))
    state.mark_sent(pending.digest_id, sent_at=now, recipients=_accepted(pending.recipients, refused))
    state.commit()
    return message


def _article_time(article: Article, now: datetime) -> datetime:
    """When the article appeared: its date (naive = UTC), else its file's mtime, else now."""
    if article.published is not None:
        return article.published
    if article.path and Path(article.path).is_file():
        return datetime.fromtimestamp(Path(article.path).stat().st_mtime, timezone.utc)
    return now
