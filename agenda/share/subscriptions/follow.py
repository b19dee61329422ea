"""Starting and stopping a subscription: `subscribe` and `unsubscribe`.

`subscribe` downloads and reads the feed first, then makes the read-only calendar, the
subscription's row and the calendar's events in ONE transaction: a URL that does not answer with
a feed leaves nothing behind (the one-line error says why). `unsubscribe` removes the calendar,
its events and the row, in one transaction too.
"""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING

from agenda.core.errors import AlreadyExists
from agenda.core.store import subscription_table as table
from agenda.share.subscriptions.fetch import fetch, http_url
from agenda.share.subscriptions.refresh import Fetcher, Outcome, read_fetched, store_feed

if TYPE_CHECKING:
    from agenda.core.store import EventStore


def subscribe(
    store: EventStore,
    name: str,
    url: str,
    *,
    every: int = table.DEFAULT_EVERY,
    colour: str | None = None,
    fetcher: Fetcher = fetch,
) -> Outcome:
    """Follow the feed at `url` as the read-only calendar `name` (see the module docstring)."""
    import time

    from agenda.core.calendar_names import colour_problem
    from agenda.core.errors import UsageError

    table.check_name(name)
    if colour is not None and (problem := colour_problem(colour)):
        raise UsageError(f"--colour: {problem}")
    http_url(url)  # an ftp:// or a typo is refused before anything is fetched
    if table.get(store, name) is not None:
        raise AlreadyExists(f"a subscription named {name!r} exists already")
    if name in store.calendar_names():
        raise AlreadyExists(f"a calendar named {name!r} exists already; choose another --name")
    started = time.monotonic()
    got = fetcher(url, etag=None, last_modified=None)
    feed = read_fetched(got, url, name)
    now = store.clock().astimezone(UTC).replace(microsecond=0).isoformat()
    with store.transaction():
        store.add_calendar(name, colour=colour, writable=False, source=url)
        table.add(store, name, url, every, now)
        store_feed(store, name, got, feed)
    return Outcome(
        name,
        "updated",
        len(feed.events),
        refused=feed.refused,
        notes=feed.notes,
        seconds=time.monotonic() - started,
    )


def unsubscribe(store: EventStore, name: str) -> int:
    """Stop following `name`: its calendar, its events and its row go, in one transaction;
    returns how many events went (NotFound when there is no such subscription)."""
    table.need(store, name)
    with store.transaction():
        removed = 0
        if name in store.calendar_names():
            removed = store.remove_calendar(name, events="delete")
        table.remove(store, name)
    return removed
