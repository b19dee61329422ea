"""The store's side of subscriptions: every SQL statement on the `subscriptions` table (schema 6)
and when a subscription is due.

A subscription is a read-only calendar of the same name whose events come from a feed URL;
`agenda.share.subscriptions` fetches it and calls these functions to remember what it got (the
validators for the next request, when it last succeeded, what went wrong last). Functions over an
`EventStore`, as in `core.store.sync_tables`, so the store class stays as it is. Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from agenda.core.errors import AlreadyExists, NotFound, UsageError

if TYPE_CHECKING:
    from agenda.core.store import EventStore

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
"""A subscription's name (its calendar's): a word of letters, digits, `.`, `_`, `-`; it is the
first part of its events' ids (`NAME:UID`), so no `:` or space."""
DEFAULT_EVERY = 3600
MIN_EVERY = 60
MAX_EVERY = 366 * 86400
_COLUMNS = (
    "name, url, every, etag, last_modified, added, last_try, last_ok, last_error, events, refused"
)


@dataclass(frozen=True)
class Subscription:
    """One row of the `subscriptions` table. Times are ISO 8601 text in UTC."""

    name: str
    url: str
    every: int
    """Seconds between refreshes."""
    etag: str | None = None
    last_modified: str | None = None
    """The feed's Last-Modified, sent back as If-Modified-Since."""
    added: str | None = None
    last_try: str | None = None
    last_ok: str | None = None
    last_error: str | None = None
    """One line: why the last refresh failed (None after one that worked)."""
    events: int = 0
    """Events stored from the feed at the last refresh that worked."""
    refused: int = 0
    """Events of the feed refused then (invalid; the rest were stored)."""

    def is_due(self, now: datetime) -> bool:
        """Never tried, or tried `every` seconds ago or longer."""
        if self.last_try is None:
            return True
        tried = datetime.fromisoformat(self.last_try)
        return tried + timedelta(seconds=self.every) <= now.astimezone(UTC)


def check_name(name: str) -> str:
    """`name` when it may name a subscription; UsageError (one line) when not."""
    if not NAME.match(name):
        raise UsageError(
            f"{name!r} is not a subscription name (1 to 64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit)"
        )
    return name


def add(store: EventStore, name: str, url: str, every: int, now: str) -> Subscription:
    """Remember a new subscription (in a transaction); AlreadyExists when the name is taken."""
    check_name(name)
    with store.transaction() as conn:
        if get(store, name) is not None:
            raise AlreadyExists(f"a subscription named {name!r} exists already")
        conn.execute(
            "INSERT INTO subscriptions (name, url, every, added) VALUES (?,?,?,?)",
            (name, url, every, now),
        )
    return Subscription(name, url, every, added=now)


def get(store: EventStore, name: str) -> Subscription | None:
    """The subscription `name`, or None."""
    row = store.conn.execute(
        f"SELECT {_COLUMNS} FROM subscriptions WHERE name = ?", (name,)
    ).fetchone()
    return None if row is None else Subscription(*row)


def need(store: EventStore, name: str) -> Subscription:
    """The subscription `name`; NotFound (naming the ones there are) when there is none."""
    found = get(store, name)
    if found is None:
        names = [s.name for s in every_one(store)]
        known = f" (there are: {', '.join(names)})" if names else " (there are none)"
        raise NotFound(f"no subscription named {name!r}{known}")
    return found


def every_one(store: EventStore) -> list[Subscription]:
    """Every subscription, by name."""
    return [
        Subscription(*row)
        for row in store.conn.execute(f"SELECT {_COLUMNS} FROM subscriptions ORDER BY name")
    ]


def remove(store: EventStore, name: str) -> None:
    """Forget the subscription's row (the caller removes its calendar in the same transaction)."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM subscriptions WHERE name = ?", (name,))


def record_ok(
    store: EventStore,
    name: str,
    *,
    now: str,
    etag: str | None,
    last_modified: str | None,
    events: int | None,
    refused: int | None,
) -> None:
    """A refresh worked: new validators and counts (None: unchanged, a 304). In the caller's
    transaction when there is one, so the events and this row land together."""
    with store.transaction() as conn:
        conn.execute(
            "UPDATE subscriptions SET etag = ?, last_modified = ?, last_try = ?, last_ok = ?, "
            "last_error = NULL, events = coalesce(?, events), refused = coalesce(?, refused) "
            "WHERE name = ?",
            (etag, last_modified, now, now, events, refused, name),
        )


def record_error(store: EventStore, name: str, *, now: str, error: str) -> None:
    """A refresh failed: the error is kept (one line) and the last good copy stays."""
    with store.transaction() as conn:
        conn.execute(
            "UPDATE subscriptions SET last_try = ?, last_error = ? WHERE name = ?",
            (now, error.splitlines()[0] if error else "failed", name),
        )
