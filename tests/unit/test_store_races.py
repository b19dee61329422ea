"""Writes racing other processes: each check of a read-check-write is made under the write lock.

Each test plays another process (a second connection) at the moment between the check and the
write, where a process without the lock could slip in; with the lock held it has to wait (here:
it gives up at once), and nothing is lost or left dangling.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from agenda.core.clock import fixed_clock
from agenda.core.errors import AlreadyExists, Changed, NotFound, StoreBusy
from agenda.core.models import Event, parse_event
from agenda.core.store import SCHEMA_VERSION, EventStore
from tests.conftest import NOW


def ev(event_id: str, **fields: object) -> Event:
    base: dict[str, object] = {"id": event_id, "title": event_id, "start": "2021-09-16"}
    base.update(fields)
    return parse_event(base)


@pytest.fixture
def path(tmp_path: Path) -> str:
    p = str(tmp_path / "s.sqlite3")
    with EventStore(p, clock=fixed_clock(NOW)) as s:
        s.put_many([ev("visit", kind="visit", end="2021-09-18"), ev("talks")])
    return p


def other(path: str) -> EventStore:
    """Another process's connection, which does not wait for a lock."""
    return EventStore(path, clock=fixed_clock(NOW), busy_timeout=0.05)


def test_add_refuses_an_id_taken_by_another_process(path: str) -> None:
    mine = EventStore(path, clock=fixed_clock(NOW))
    with other(path) as theirs:
        theirs.add(ev("same", notes="theirs"))
    with pytest.raises(AlreadyExists, match="an event with the id 'same' already exists"):
        mine.add(ev("same", notes="mine"))
    assert mine.get("same").notes == "theirs"


def test_update_reads_and_writes_under_one_lock(path: str) -> None:
    mine = EventStore(path, clock=fixed_clock(NOW))
    blocked: list[str] = []

    def change(stored: Event) -> Event:
        with other(path) as theirs:  # another edit between our read and our write
            try:
                theirs.put(stored.model_copy(update={"notes": "theirs"}))
            except StoreBusy as exc:
                blocked.append(str(exc))
        return stored.model_copy(update={"tags": ["mine"]})

    event, _ = mine.update("talks", change)
    assert blocked and "the store is busy" in blocked[0]
    assert event.tags == ["mine"]
    with other(path) as theirs:  # now it can: and it reads our edit first
        theirs.update("talks", lambda e: e.model_copy(update={"notes": "theirs"}))
    got = mine.get("talks")
    assert (got.tags, got.notes) == (["mine"], "theirs")


def test_save_with_an_old_sequence_is_refused(path: str) -> None:
    mine = EventStore(path, clock=fixed_clock(NOW))
    read = mine.get("talks")
    with other(path) as theirs:
        theirs.put(read.model_copy(update={"notes": "theirs"}))
    with pytest.raises(Changed, match="changed elsewhere") as caught:
        mine.save(read.model_copy(update={"tags": ["mine"]}), expected_sequence=read.sequence)
    assert isinstance(caught.value.stored, Event) and caught.value.stored.notes == "theirs"
    assert mine.get("talks").notes == "theirs"


def test_delete_checks_under_the_write_lock(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: exists() outside the transaction, another delete in between, then
    `'NoneType' object is not subscriptable`."""
    mine = EventStore(path, clock=fixed_clock(NOW))
    children = EventStore.children
    outcome: list[str] = []

    def children_then_interloper(self: EventStore, event_id: str) -> list:
        if self is mine and not outcome:
            with other(path) as theirs:
                try:
                    theirs.delete(event_id)
                    outcome.append("deleted by the other")
                except StoreBusy:
                    outcome.append("the other waited")
        return children(self, event_id)

    monkeypatch.setattr(EventStore, "children", children_then_interloper)
    assert mine.delete("talks") == ["talks"]
    assert outcome == ["the other waited"]
    monkeypatch.undo()
    with other(path) as theirs, pytest.raises(NotFound, match="no event has the id 'talks'"):
        theirs.delete("talks")


def test_parent_checked_under_the_write_lock(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A child added while another process deletes its parent: one of the two loses cleanly,
    no child is left pointing at a missing parent."""
    import agenda.core.models

    mine = EventStore(path, clock=fixed_clock(NOW))
    real = agenda.core.models.family_problems
    outcome: list[str] = []

    def check_then_interloper(event: Event, lookup):  # type: ignore[no-untyped-def]
        problems = real(event, lookup)
        if event.id == "child" and not outcome:
            with other(path) as theirs:
                try:
                    theirs.delete("visit")
                    outcome.append("parent deleted")
                except StoreBusy:
                    outcome.append("the other waited")
        return problems

    monkeypatch.setattr(agenda.core.models, "family_problems", check_then_interloper)
    mine.put(ev("child", parent_id="visit", start="2021-09-17"))
    assert outcome == ["the other waited"]
    assert mine.get("child").parent_id == "visit" and mine.exists("visit")


def test_new_store_opened_by_several_processes_is_migrated_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the version was read before the lock, so the second process ran the migration
    again: 'not a usable agenda store (table meta already exists)'."""
    p = str(tmp_path / "new.sqlite3")
    real = EventStore.transaction
    raced: list[bool] = []

    @contextmanager
    def other_first(self: EventStore) -> Iterator[object]:
        if not raced:  # another process migrates between our version read and our lock
            raced.append(True)
            EventStore(p).close()
        with real(self) as conn:
            yield conn

    monkeypatch.setattr(EventStore, "transaction", other_first)
    with EventStore(p) as s:
        assert s.schema_version() == SCHEMA_VERSION and s.count() == 0


def test_a_writer_kept_waiting_says_the_store_is_busy(path: str) -> None:
    holder = EventStore(path, clock=fixed_clock(NOW))
    holder.conn.execute("BEGIN IMMEDIATE")  # a long import holds the write lock
    try:
        with other(path) as theirs, pytest.raises(StoreBusy, match="the store is busy"):
            theirs.put(ev("late"))
    finally:
        holder.conn.execute("ROLLBACK")
