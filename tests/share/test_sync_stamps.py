"""The plan's skip path (issue 17: a sync after 20 changes at 10k under 2 s): agenda's events
whose stored data is what an earlier sync hashed are compared by the remembered hash, without
being decoded; every change of the data is seen, also one that keeps SEQUENCE and LAST-MODIFIED.

No server: the plan runs over a store and a stand-in for the server side that lists the objects
both sides agreed on, unchanged (nothing to fetch)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import cast

import pytest

from agenda.core.clock import fixed_clock
from agenda.core.models import Event
from agenda.core.store import EventStore, sync_tables
from agenda.share.sync import Base, Report, SyncState, Verb, content_hash, plan
from agenda.share.sync.caldav_side import CalDAVSide, ServerObject
from agenda.share.sync.planning import _local_side, needs_event

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
EARLIER = datetime(2025, 1, 1, tzinfo=UTC)
KEY = "desk"


class AgreedSide:
    """The server as both sides last agreed: every object listed with its ETag, none changed."""

    def fetch_each(self, hrefs: Iterable[str]) -> Iterator[tuple[str, ServerObject]]:
        assert not list(hrefs), "nothing changed on the server: nothing to fetch"
        yield from ()

    def href_for(self, event_id: str) -> str:
        return f"/cal/{event_id}.ics"


def visit() -> list[Event]:
    return [
        Event(id="visit", title="State visit", start=date(2021, 9, 14), end=date(2021, 9, 17)),
        Event(id="talks", title="Talks", start=date(2021, 9, 15), parent_id="visit"),
        Event(id="summit", title="Summit", start=date(2021, 9, 16)),
    ]


def synced_store() -> tuple[EventStore, dict[str, str | None]]:
    """A store whose events were all pushed by a sync that went through (its listing back)."""
    store = EventStore(":memory:", clock=fixed_clock(NOW))
    store.put_many(visit())
    state = SyncState(store, KEY)
    ops = plan(store, cast(CalDAVSide, AgreedSide()), state, {}, NOW.date(), Report())
    assert sorted(o.verb for o in ops) == [Verb.PUSH] * 3
    listing: dict[str, str | None] = {}
    for o in ops:
        assert o.event is not None and o.href is not None
        state.record(o.id, Base(o.href, '"1"', content_hash(o.event)))
        listing[o.href] = '"1"'
    state.save_seen()
    return store, listing


def steps(
    store: EventStore, listing: dict[str, str | None]
) -> tuple[list[tuple[Verb, str]], set[str]]:
    """The plan's steps (verb, id), and the events it read whole."""
    state = SyncState(store, KEY)
    ops = plan(store, cast(CalDAVSide, AgreedSide()), state, listing, NOW.date(), Report())
    local, _ = _local_side(store, state, state.items(), {}, listing.keys(), set())
    return sorted((o.verb, o.id) for o in ops), set(local)


def test_a_sync_remembers_the_hash_of_each_row() -> None:
    store, _ = synced_store()
    stamps = list(sync_tables.local_stamps(store))
    assert sorted(i for i, _, _, _ in stamps) == ["summit", "talks", "visit"]
    for event_id, _, known, event in stamps:
        assert event is None  # not decoded
        assert known == content_hash(store.get(event_id))


def test_nothing_changed_reads_no_event() -> None:
    store, listing = synced_store()
    assert steps(store, listing) == ([], set())


def test_an_edit_is_seen_and_only_that_event_is_read() -> None:
    store, listing = synced_store()
    store.put(store.get("summit").model_copy(update={"title": "Summit (moved)"}))
    assert steps(store, listing) == ([(Verb.PUSH, "summit")], {"summit"})


def test_a_change_that_keeps_sequence_and_last_modified_is_seen() -> None:
    # deleting a parent and keeping its children rewrites each child's row (its parent goes)
    # without a new SEQUENCE or LAST-MODIFIED: the row's data is what tells
    store, listing = synced_store()
    before = store.get("talks")
    store.delete("visit", children="detach")
    after = store.get("talks")
    assert after.parent_id is None and after.content() != before.content()
    assert (after.sequence, after.last_modified) == (before.sequence, before.last_modified)
    assert steps(store, listing) == (
        [(Verb.DELETE_REMOTE, "visit"), (Verb.PUSH, "talks")],
        {"talks"},
    )


def test_a_row_rewritten_with_the_same_content_is_hashed_again_and_stays_unchanged() -> None:
    store, listing = synced_store()
    summit = store.get("summit")
    store.delete("summit")
    store.put(summit.model_copy(update={"last_modified": EARLIER}))  # other data, same content
    state = SyncState(store, KEY)
    ops = plan(store, cast(CalDAVSide, AgreedSide()), state, listing, NOW.date(), Report())
    assert ops == []
    assert [i for i, _, _ in state.seen] == ["summit"]
    state.save_seen()
    assert steps(store, listing) == ([], set())


def test_the_remembered_hashes_survive_forget_and_drop_events_that_are_gone() -> None:
    store, _ = synced_store()
    SyncState(store, KEY).forget()
    store.delete("summit")
    sync_tables.save_seen(store, [])
    ids = [i for i, _, known, _ in sync_tables.local_stamps(store) if known is not None]
    assert sorted(ids) == ["talks", "visit"]
    rows = store.conn.execute("SELECT id FROM sync_seen ORDER BY id").fetchall()
    assert rows == [("talks",), ("visit",)]


def test_a_dry_run_plan_notes_hashes_but_writes_none() -> None:
    store = EventStore(":memory:", clock=fixed_clock(NOW))
    store.put_many(visit())
    state = SyncState(store, KEY)
    plan(store, cast(CalDAVSide, AgreedSide()), state, {}, NOW.date(), Report(dry_run=True))
    assert len(state.seen) == 3
    assert store.conn.execute("SELECT count(*) FROM sync_seen").fetchone()[0] == 0


AGREED = Event(id="summit", title="Summit", start=date(2021, 9, 16))
HREF = "/cal/summit.ics"


@pytest.mark.parametrize(
    ("base", "mine", "in_remote", "listed", "fetched", "needed"),
    [
        (True, "same", False, True, False, False),  # the skip path
        (False, "same", False, False, False, True),  # never synced: pushed
        (True, "edited", False, True, False, True),  # pushed
        (True, "same", True, True, True, True),  # changed on the server
        (True, "same", False, False, False, True),  # deleted on the server
        (True, "same", False, True, True, True),  # fetched, could not be read or gone
    ],
)
def test_which_events_the_plan_reads_whole(
    base: bool, mine: str, in_remote: bool, listed: bool, fetched: bool, needed: bool
) -> None:
    from agenda.share.sync import ServerItem

    bases = {AGREED.id: Base(HREF, '"1"', content_hash(AGREED))} if base else {}
    edited = AGREED.model_copy(update={"title": "Summit (moved)"})
    mine_hash = content_hash(AGREED if mine == "same" else edited)
    remote = {AGREED.id: ServerItem(edited, HREF, '"2"', False)} if in_remote else {}
    got = needs_event(
        AGREED.id,
        mine_hash,
        bases,
        remote,
        {HREF} if listed else set(),
        {HREF} if fetched else set(),
    )
    assert got is needed


@pytest.mark.parametrize(
    "url",
    [
        "/bench/desk/gen-000001.ics",
        "/a.b~c/d_e-f.ics",
        "/cal/",
        "/",
        "//host/cal/x.ics",
        "/cal//x.ics",
        "/cal/a@b.ics",
        "/cal/a%40b.ics",
        "/cal/%41.ics",
        "http://127.0.0.1:5232/cal/x.ics",
        "/cal/a b.ics",
        "/cal/é.ics",
    ],
)
def test_href_path_takes_its_short_way_only_where_the_long_one_changes_nothing(url: str) -> None:
    from urllib.parse import quote, unquote, urlsplit

    from agenda.share.sync import href_path

    long_way = "/".join(quote(unquote(s), safe="") for s in urlsplit(url).path.split("/"))
    assert href_path(url) == long_way


class ServingSide(AgreedSide):
    """A server that holds these objects (href -> text), each with the ETag '"1"'."""

    def __init__(self, objects: dict[str, str]) -> None:
        self.objects = objects

    def fetch_each(self, hrefs: Iterable[str]) -> Iterator[tuple[str, ServerObject]]:
        for href in hrefs:
            yield href, ServerObject('"1"', self.objects[href])


def test_a_first_sync_of_two_agreeing_sides_holds_no_event_but_those_that_differ(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # issue 17, memory at 10k: each server event is compared with agenda's by its hash as it
    # is read; those that agree are recorded from their hashes, and no model of either side
    # is kept for them (nor read again from the store)
    from agenda.ics import export_events

    store = EventStore(":memory:", clock=fixed_clock(NOW))
    store.put_many(visit())
    side = AgreedSide()
    objects = {side.href_for(e.id): export_events([e], "agenda", now=NOW) for e in visit()}
    objects[side.href_for("summit")] = objects[side.href_for("summit")].replace(
        "SUMMARY:Summit", "SUMMARY:Summit (edited on the server)"
    )
    read: list[str] = []
    get_many = store.get_many

    def spy(ids: Iterable[str]) -> list[Event]:
        wanted = list(ids)
        read.extend(wanted)
        return get_many(wanted)

    monkeypatch.setattr(store, "get_many", spy)
    state = SyncState(store, KEY)
    listing: dict[str, str | None] = dict.fromkeys(objects, '"1"')
    ops = plan(store, cast(CalDAVSide, ServingSide(objects)), state, listing, NOW.date(), Report())
    by_id = {o.id: o for o in ops}
    assert sorted((o.verb, o.id) for o in ops) == [
        (Verb.PUSH, "summit"),  # differs, and no base: agenda's wins (as new)
        (Verb.RECORD, "talks"),
        (Verb.RECORD, "visit"),
    ]
    for event_id in ("talks", "visit"):
        op = by_id[event_id]
        assert op.event is None and op.hash == content_hash(store.get(event_id))
        assert (op.href, op.etag) == (side.href_for(event_id), '"1"')
    assert by_id["summit"].event is not None and read == ["summit"]
