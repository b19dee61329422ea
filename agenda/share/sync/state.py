"""What the store remembers of a sync: `Base` (what both sides held for one event when they last
agreed) and `SyncState` (the sync rows of one remote).

Reads and writes through `agenda.core.store.sync_tables`, the store's own functions for those tables;
no SQL here. May import `agenda.core` and `caldav_side.href_path` (one spelling of a path).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from agenda.core.store import sync_tables
from agenda.share.sync.caldav_side import href_path

if TYPE_CHECKING:
    from agenda.core.store import EventStore


@dataclass
class Base:
    """What both sides held for one event when they last agreed."""

    href: str
    etag: str | None
    local_hash: str
    readonly: bool = False


class SyncState:
    """The sync tables of one remote (rows of schema 3; written inside store transactions), and
    the content hashes remembered per event whatever the remote (schema 7's `sync_seen`).

    `forgotten`: read as if there were no rows (a dry run of `--forget`)."""

    def __init__(self, store: EventStore, key: str, *, forgotten: bool = False) -> None:
        self.store = store
        self.key = key
        self.forgotten = forgotten
        self.seen: list[sync_tables.SeenRow] = []
        """Content hashes computed by this sync's plan, for `save_seen`."""
        self._items: dict[str, Base] | None = None
        self._written: dict[str, str] = {}
        """id -> href of the agreed items a sync run wrote after the version it kept."""
        self._mine: set[str] = set()
        """Ids this run wrote to the server."""
        self.run = uuid.uuid4().hex
        """This sync run's id, marking what it writes to the server (`record(written=True)`)."""
        self.wrote_without_etag = False
        """True when a write of this run got no ETag back (it cannot be recognised later)."""

    def local_stamps(self) -> Iterator[sync_tables.LocalStamp]:
        """Agenda's events, one at a time: (id, data hash, remembered content hash or None,
        else the event)."""
        return sync_tables.local_stamps(self.store)

    def note_seen(self, event_id: str, data_hash: str, content_hash: str) -> None:
        self.seen.append((event_id, data_hash, content_hash))

    def save_seen(self) -> None:
        """Remember the content hashes noted (the next sync decodes only rows changed since)."""
        if self.seen:
            sync_tables.save_seen(self.store, self.seen)
            self.seen = []

    def forget(self) -> None:
        """Drop what earlier syncs agreed on: the next sync compares both sides from scratch."""
        sync_tables.forget_remote(self.store, self.key)
        self._items = None
        self._written = {}

    def remote_row(self) -> tuple[str, str | None, int | None] | None:
        if self.forgotten:
            return None
        return sync_tables.remote_row(self.store, self.key)

    def save_remote(
        self,
        calendar_url: str,
        ctag: str | None,
        counter: int | None,
        now: str,
        *,
        settled: bool = False,
        kept_before_writes: bool = False,
    ) -> None:
        """Remember the calendar's version (`ctag`) and the change counter. `settled`: the sync
        ends, and `ctag` was read after the writes of every earlier run, so their marks go
        (this run's stay when `kept_before_writes`: `ctag` is from before its own writes)."""
        if not settled:
            sync_tables.save_remote(self.store, self.key, calendar_url, ctag, counter, now)
            return
        keep = self.run if kept_before_writes else None
        sync_tables.settle_remote(self.store, self.key, calendar_url, ctag, counter, now, keep)
        self._written = {
            i: h for i, h in self._written.items() if keep is not None and i in self._mine
        }

    def written(self) -> dict[str, str]:
        """id -> href of each agreed item written by a sync run after the version kept (its
        ETag is the one its PUT answered), as stored when `items` first read them."""
        self.items()
        return dict(self._written)

    def items(self) -> dict[str, Base]:
        """What both sides agreed on, per event id (a copy: read from the store once, then kept
        up to date by `record`, `drop` and `forget`; a sync asks for it up to four times)."""
        if self.forgotten:
            return {}
        if self._items is None:
            self._items = {}
            for i, h, e, lh, ro, w in sync_tables.items(self.store, self.key):
                self._items[i] = Base(href_path(h), e, lh, ro)
                if w is not None:
                    self._written[i] = href_path(h)
        return dict(self._items)

    def record(self, event_id: str, base: Base, *, written: bool = False) -> None:
        """Remember what both sides hold for one event; `written`: this run has just written
        it to the server (with the ETag its PUT answered)."""
        sync_tables.record_item(
            self.store,
            self.key,
            event_id,
            base.href,
            base.etag,
            base.local_hash,
            base.readonly,
            self.run if written else None,
        )
        if written:
            self._mine.add(event_id)
            self._written[event_id] = href_path(base.href)
            self.wrote_without_etag = self.wrote_without_etag or base.etag is None
        else:
            self._mine.discard(event_id)
            self._written.pop(event_id, None)
        if self._items is not None:
            self._items[event_id] = Base(
                href_path(base.href), base.etag, base.local_hash, base.readonly
            )

    def drop(self, event_id: str) -> None:
        sync_tables.drop_item(self.store, self.key, event_id)
        self._written.pop(event_id, None)
        self._mine.discard(event_id)
        if self._items is not None:
            self._items.pop(event_id, None)
