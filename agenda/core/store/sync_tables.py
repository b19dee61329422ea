"""The store's side of CalDAV sync: every SQL statement on the `sync_remotes` and `sync_items`
tables (created by the store's schema 3) and on `sync_seen` (schema 7: the content hash a sync
last computed of each event, keyed by a hash of its stored data: `local_stamps`, `save_seen`),
and the savepoint a sync step runs in.

`agenda.share.sync` calls these and nothing else to remember what both sides agreed on; it never
touches `store.conn` itself. Functions over an `EventStore` rather than its methods so that the
store module stays as it is while it is being split; they may become methods of the store later.
Imports only the standard library (and the store for types).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from agenda.core.errors import AgendaError

if TYPE_CHECKING:
    from agenda.core.models import Event
    from agenda.core.store import EventStore

RemoteRow = tuple[str, str | None, int | None]
"""(calendar URL, CTag, the store's change counter) of a remote's last sync."""
ItemRow = tuple[str, str, str | None, str, bool, str | None]
"""(event id, href, ETag, local content hash, read-only, the id of the sync run that wrote it
to the server after the version it kept, else None) of one event both sides agreed on."""
LocalStamp = tuple[str, str, "str | None", "Event | None"]
"""(event id, hash of its stored data, the content hash remembered for that data or None, and
when there is none the event itself, decoded from the same row)."""
SeenRow = tuple[str, str, str]
"""(event id, hash of its stored data, the content hash of the event that data holds)."""


def data_hash(data: str) -> str:
    """A hash of one row's stored `data` text (cheap: no model is built)."""
    return hashlib.blake2b(data.encode(), digest_size=16).hexdigest()


def local_stamps(store: EventStore) -> Iterator[LocalStamp]:
    """Every stored event with the hash of its data and, when `sync_seen` holds a content hash
    for exactly that data, that hash; else the event decoded from the row just read (so that a
    hash computed of it belongs to that data, whatever another process writes meanwhile).

    One at a time, as the rows are read: a first sync decodes every event, and the caller
    keeps only those it needs (not 10,000 models at once)."""
    from agenda.core.store.rows import decode_event

    for event_id, data, seen_data, seen_hash in store.conn.execute(
        "SELECT e.id, e.data, s.data_hash, s.content_hash FROM events e "
        "LEFT JOIN sync_seen s ON s.id = e.id"
    ):
        stamp = data_hash(data)
        if stamp == seen_data:
            yield (event_id, stamp, seen_hash, None)
        else:
            yield (event_id, stamp, None, decode_event(data))


def save_seen(store: EventStore, rows: Iterable[SeenRow]) -> None:
    """Remember content hashes per data hash (in a transaction), and drop those of events that
    are gone."""
    with store.transaction() as conn:
        conn.executemany("INSERT OR REPLACE INTO sync_seen VALUES (?,?,?)", rows)
        conn.execute("DELETE FROM sync_seen WHERE id NOT IN (SELECT id FROM events)")


def remote_row(store: EventStore, key: str) -> RemoteRow | None:
    """What the last sync with the remote `key` saw, or None if it never synced."""
    row = store.conn.execute(
        "SELECT calendar_url, ctag, counter FROM sync_remotes WHERE key = ?", (key,)
    ).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def save_remote(
    store: EventStore, key: str, calendar_url: str, ctag: str | None, counter: int | None, now: str
) -> None:
    """Remember the remote `key`'s calendar URL, CTag and change counter (in a transaction)."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO sync_remotes VALUES (?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET "
            "calendar_url=excluded.calendar_url, ctag=excluded.ctag, "
            "counter=excluded.counter, synced_at=excluded.synced_at",
            (key, calendar_url, ctag, counter, now),
        )


def settle_remote(
    store: EventStore,
    key: str,
    calendar_url: str,
    ctag: str | None,
    counter: int | None,
    now: str,
    keep_written: str | None,
) -> None:
    """`save_remote`, and in the same transaction forget which items earlier sync runs wrote
    (the version kept now was read after their writes): only those of the run `keep_written`
    stay marked (None: none stay)."""
    with store.transaction() as conn:
        save_remote(store, key, calendar_url, ctag, counter, now)
        conn.execute(
            "UPDATE sync_items SET written = NULL WHERE remote = ? AND written IS NOT NULL "
            "AND written IS NOT ?",
            (key, keep_written),
        )


def forget_remote(store: EventStore, key: str) -> None:
    """Drop the remote `key` and every item it agreed on, in one transaction."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM sync_items WHERE remote = ?", (key,))
        conn.execute("DELETE FROM sync_remotes WHERE key = ?", (key,))


def items(store: EventStore, key: str) -> list[ItemRow]:
    """Every event the remote `key` agreed on, as stored (hrefs not normalised)."""
    return [
        (i, h, e, lh, bool(ro), w)
        for i, h, e, lh, ro, w in store.conn.execute(
            "SELECT id, href, etag, local_hash, readonly, written FROM sync_items WHERE remote = ?",
            (key,),
        )
    ]


def record_item(
    store: EventStore,
    key: str,
    event_id: str,
    href: str,
    etag: str | None,
    local_hash: str,
    readonly: bool,
    written: str | None = None,
) -> None:
    """Remember (or replace) what both sides hold for one event (in a transaction); `written`:
    the id of the sync run that has just written it to the server."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO sync_items VALUES (?,?,?,?,?,?,?)",
            (key, event_id, href, etag, local_hash, int(readonly), written),
        )


def drop_item(store: EventStore, key: str, event_id: str) -> None:
    """Forget one event of the remote `key` (in a transaction)."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM sync_items WHERE remote = ? AND id = ?", (key, event_id))


@contextmanager
def savepoint(store: EventStore, name: str) -> Iterator[None]:
    """Run the block in a savepoint inside the current transaction: an AgendaError raised in it
    undoes what the block wrote (and goes on up), so that a step that fails halfway leaves
    nothing behind while the rest of the transaction stands."""
    if not name.isidentifier():
        raise ValueError(f"not a savepoint name: {name!r}")
    store.conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except AgendaError:
        store.conn.execute(f"ROLLBACK TO {name}")
        store.conn.execute(f"RELEASE {name}")
        raise
    store.conn.execute(f"RELEASE {name}")
