"""Refreshing subscriptions: fetch, read, and replace the calendar's events in one transaction.

`refresh(store, name)` runs one subscription: the download happens outside any transaction (the
store is not locked while the network is slow); a 304 changes nothing but the times; a new body is
read whole (`feedread`) before the store is touched; then the calendar's events are replaced and
the subscription's row updated in ONE transaction. Any failure on the way (the download, a file
that is not iCalendar, a store error) leaves the last good copy as it was and records the error in
one line (`last_error`), which `agenda subscriptions` and the UI's header show.

`refresh_due(store)` runs those that are due (or the ones named, or all with `force`). The fetch
function is a parameter so that tests and the UI's pilot tests can give a fake one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from agenda.core.errors import AgendaError
from agenda.core.store import subscription_table as table
from agenda.share.subscriptions.fetch import Fetched, fetch, shown_url

if TYPE_CHECKING:
    from agenda.core.store import EventStore
    from agenda.core.store.subscription_table import Subscription
    from agenda.share.subscriptions.feedread import FeedEvents

Fetcher = Callable[..., Fetched]
"""`fetch`'s signature: (url, *, etag, last_modified) -> Fetched; FetchError on failure."""


@dataclass
class Outcome:
    """What one refresh did."""

    name: str
    status: Literal["updated", "unchanged", "failed"]
    events: int = 0
    """Events the calendar holds afterwards."""
    error: str | None = None
    refused: list[str] = field(default_factory=list)
    """One line per event of the feed that was refused (the rest were stored)."""
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        """One line for people."""
        if self.status == "failed":
            return f"{self.name}: failed, the last good copy is kept ({self.error})"
        if self.status == "unchanged":
            return f"{self.name}: not modified since the last refresh ({self.events} events)"
        refused = f", {len(self.refused)} refused" if self.refused else ""
        return f"{self.name}: {self.events} events{refused} ({self.seconds:.1f} s)"


def _now(store: EventStore) -> str:
    return store.clock().astimezone(UTC).replace(microsecond=0).isoformat()


def refresh(store: EventStore, name: str, *, fetcher: Fetcher = fetch) -> Outcome:
    """Refresh the subscription `name` (NotFound when there is none); never raises for a feed
    that fails: the Outcome says so and the store records it."""
    sub = table.need(store, name)
    started = time.monotonic()
    try:
        outcome = _run(store, sub, fetcher)
    except AgendaError as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        table.record_error(store, name, now=_now(store), error=message)
        outcome = Outcome(name, "failed", sub.events, error=message)
    outcome.seconds = time.monotonic() - started
    return outcome


def _run(store: EventStore, sub: Subscription, fetcher: Fetcher) -> Outcome:
    got = fetcher(sub.url, etag=sub.etag, last_modified=sub.last_modified)
    if got.not_modified:
        table.record_ok(
            store,
            sub.name,
            now=_now(store),
            etag=got.etag,
            last_modified=got.last_modified,
            events=None,
            refused=None,
        )
        return Outcome(sub.name, "unchanged", sub.events)
    feed = read_fetched(got, sub.url, sub.name)
    with store.transaction():
        store_feed(store, sub.name, got, feed)
    return Outcome(sub.name, "updated", len(feed.events), refused=feed.refused, notes=feed.notes)


def read_fetched(got: Fetched, url: str, name: str) -> FeedEvents:
    """The events of a downloaded body (its temporary file deleted after); AgendaError when the
    file cannot be read or every one of its events was refused."""
    from agenda.share.subscriptions.feedread import read_feed

    url = shown_url(url)  # messages name it: no secret in them
    if got.path is None:
        raise AgendaError(f"{url}: the server answered 304 Not Modified to a first request")
    try:
        feed = read_feed(got.path, url, name)
    finally:
        got.discard()
    if feed.refused and not feed.events:
        raise AgendaError(
            f"every event of the feed was refused ({len(feed.refused)}; the first: "
            f"{feed.refused[0]})"
        )
    return feed


def store_feed(store: EventStore, name: str, got: Fetched, feed: FeedEvents) -> None:
    """The calendar's events replaced by the feed's and the subscription's row updated; the
    caller holds the transaction that makes the two one write."""
    import gc

    # as the importer does: many long-lived objects and no cycles made on purpose, which the
    # cycle collector would rescan over and over (a tenth of a 10k-event replacement)
    collecting = gc.isenabled()
    gc.disable()
    try:
        store.replace_calendar_events(name, feed.events)
    finally:
        if collecting:
            gc.enable()
    table.record_ok(
        store,
        name,
        now=_now(store),
        etag=got.etag,
        last_modified=got.last_modified,
        events=len(feed.events),
        refused=len(feed.refused),
    )


def due(store: EventStore, now: datetime | None = None) -> list[Subscription]:
    """The subscriptions due for a refresh at `now` (the store's clock if None)."""
    moment = now or store.clock()
    return [s for s in table.every_one(store) if s.is_due(moment)]


def refresh_due(
    store: EventStore,
    names: list[str] | None = None,
    *,
    force: bool = False,
    fetcher: Fetcher = fetch,
    progress: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Refresh the subscriptions named (all of them when `names` is empty and `force`; else
    those due), one after the other; `progress` gets each outcome as it comes."""
    if names:
        chosen = [table.need(store, n).name for n in names]
    elif force:
        chosen = [s.name for s in table.every_one(store)]
    else:
        chosen = [s.name for s in due(store)]
    outcomes: list[Outcome] = []
    for name in chosen:
        outcome = refresh(store, name, fetcher=fetcher)
        outcomes.append(outcome)
        if progress is not None:
            progress(outcome)
    return outcomes
