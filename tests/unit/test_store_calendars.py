"""Calendars in the store (schema 5): the migration, the hash of old events, filtering by
calendar, read-only calendars, and replacing one calendar's events in one transaction."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from agenda.core import datafile
from agenda.core.clock import fixed_clock
from agenda.core.errors import UsageError, ValidationProblem
from agenda.core.models import Event, parse_event
from agenda.core.store import SCHEMA_VERSION, EventStore, Filters
from agenda.share.sync.planning import content_hash
from tests.conftest import NOW

SEP = (date(2021, 9, 1), date(2021, 9, 30))

# sha256 of each bundled event's content, as computed before calendars existed (schema 4)
HASHES_BEFORE_CALENDARS = {
    "2021-09-japarov-dushanbe-visit": "749674cf22a69d5236c09ad64981818b9534613a87f7b8f81345834657d2a215",
    "2021-09-16-csto-collective-security-council": "fe25ec82709c23e4b104c0ac94abd10ac403ac52354a01ea99b1bd78f93b23fd",
    "2021-09-17-sco-council-of-heads-of-state": "3a0e0dd836569da3f7bee5f28f198ba3c144e037ed8f8c51e725d01aee0fa4c9",
    "2021-09-sco-csto-afghanistan-meeting": "cff82b177ecf80c634b98e95de20f89eead28243bd8c5bc26d7018f9fce6f62f",
    "2021-09-japarov-dushanbe-bilaterals": "2fb52674f42bf6abafdfbe48a1639bdc048976e173ff0012a00368e0ab1f68c8",
}


def ev(event_id: str, **fields: object) -> Event:
    base: dict[str, object] = {"id": event_id, "title": event_id, "start": "2021-09-16"}
    base.update(fields)
    return parse_event(base)


def ids(rows: list) -> list[str]:
    return [r.id for r in rows]


def test_the_hash_of_an_event_is_the_one_it_had_before_calendars(
    store: EventStore, dataset: list[Event]
) -> None:
    assert {e.id: content_hash(e) for e in dataset} == HASHES_BEFORE_CALENDARS
    stored = store.get_many(HASHES_BEFORE_CALENDARS)
    assert {e.id: content_hash(e) for e in stored} == HASHES_BEFORE_CALENDARS
    assert all(e.calendar == "default" for e in stored)
    # another calendar is part of what an event says
    moved = stored[0].model_copy(update={"calendar": "work"})
    assert content_hash(moved) != HASHES_BEFORE_CALENDARS[moved.id]


def test_migration_5_puts_every_event_in_the_default_calendar(
    tmp_path: Path, dataset: list[Event]
) -> None:
    path = tmp_path / "v4.sqlite3"
    s = EventStore(path, clock=fixed_clock(NOW))
    s.put_many(dataset)
    s.conn.execute("DROP TABLE calendars")
    s.conn.execute("DROP INDEX events_calendar")
    s.conn.execute("ALTER TABLE events DROP COLUMN calendar")
    s.conn.execute("ALTER TABLE sync_items DROP COLUMN written")
    s.conn.execute("PRAGMA user_version = 4")
    s.close()
    reopened = EventStore(path)
    assert reopened.schema_version() == SCHEMA_VERSION == 8
    [default] = reopened.calendars()
    assert (default.name, default.writable, default.events) == ("default", True, 5)
    rows = reopened.window(*SEP)
    assert len(rows) == 5 and {r.calendar for r in rows} == {"default"}
    assert {e.id: content_hash(e) for e in reopened.get_many(HASHES_BEFORE_CALENDARS)} == (
        HASHES_BEFORE_CALENDARS
    )
    reopened.close()


def test_a_default_calendar_is_not_written_anywhere(store: EventStore) -> None:
    data = store.conn.execute("SELECT data FROM events").fetchall()
    assert not any('"calendar"' in d for (d,) in data)
    text = datafile.dump(store.get_many(HASHES_BEFORE_CALENDARS), "json")
    assert '"calendar"' not in text


def test_calendars_are_added_listed_recoloured_and_renamed(empty_store: EventStore) -> None:
    s = empty_store
    s.add_calendar("work", colour="Blue", description="the office")
    s.add_calendar("ministry", colour="#AA3300", writable=False, source="https://x.invalid/a.ics")
    assert [c.name for c in s.calendars()] == ["default", "ministry", "work"]
    assert s.calendar("work").colour == "blue"
    assert s.calendar("work").hex_colour() == "#4a78d0"
    assert s.calendar("ministry").hex_colour() == "#aa3300"
    assert s.calendar("ministry").writable is False
    with pytest.raises(UsageError, match="exists already"):
        s.add_calendar("work")
    with pytest.raises(UsageError, match="not a colour"):
        s.add_calendar("home", colour="chartreuse-ish")
    with pytest.raises(UsageError, match="not a calendar name"):
        s.add_calendar("a,b")
    s.set_calendar("work", colour="green")
    assert s.calendar("work").colour == "green"
    s.put(ev("meet", calendar="work"))
    s.rename_calendar("work", "office")
    assert [c.name for c in s.calendars()] == ["default", "ministry", "office"]
    assert s.get("meet").calendar == "office"
    assert s.calendar("office").events == 1 and s.calendar("office").colour == "green"
    with pytest.raises(UsageError, match="keeps its name"):
        s.rename_calendar("default", "main")


def test_an_unknown_calendar_is_one_line_naming_the_known_ones(empty_store: EventStore) -> None:
    empty_store.add_calendar("work")
    with pytest.raises(UsageError) as err:
        empty_store.check_calendars(["work", "wrok"])
    assert "'wrok'" in str(err.value) and "default, work" in str(err.value)
    assert "\n" not in str(err.value)
    with pytest.raises(ValidationProblem, match="no calendar is called 'nowhere'"):
        empty_store.put(ev("a", calendar="nowhere"))
    assert empty_store.count() == 0


def test_windows_and_search_are_filtered_by_calendar(store: EventStore) -> None:
    store.add_calendar("work")
    store.add_calendar("home")
    store.put_many(
        [ev("w1", calendar="work", title="Afghanistan talks"), ev("h1", calendar="home")]
    )
    assert ids(store.window(*SEP, filters=Filters(calendars=("work",)))) == ["w1"]
    assert set(ids(store.window(*SEP, filters=Filters(calendars=("work", "home"))))) == {
        "w1",
        "h1",
    }
    assert len(store.window(*SEP, filters=Filters(calendars=("default",)))) == 5
    assert store.window_count(*SEP, filters=Filters(calendars=("home",))) == 1
    assert ids(store.search("Afghanistan", filters=Filters(calendars=("work",)))) == ["w1"]
    assert len(store.search("Afghanistan")) > 1
    assert store.window(*SEP, filters=Filters(calendars=("home",)))[0].calendar == "home"
    assert Filters(calendars=("work",)).describe() == "calendar=work"


def test_series_occurrences_are_filtered_by_calendar(empty_store: EventStore) -> None:
    s = empty_store
    s.add_calendar("work")
    s.put_many(
        [
            ev("yearly", repeat={"rule": "FREQ=YEARLY"}, calendar="work"),
            ev("other", repeat={"rule": "FREQ=YEARLY"}),
        ]
    )
    rows = s.window(date(2023, 9, 1), date(2023, 9, 30), filters=Filters(calendars=("work",)))
    assert ids(rows) == ["yearly/20230916"] and rows[0].calendar == "work"


def test_a_read_only_calendar_refuses_writes_with_one_line(empty_store: EventStore) -> None:
    s = empty_store
    s.add_calendar("feed", writable=False)
    s.replace_calendar_events("feed", [ev("f1"), ev("f2")])
    assert s.get("f1").calendar == "feed"
    for attempt in (
        lambda: s.put(ev("new", calendar="feed")),
        lambda: s.put(s.get("f1").model_copy(update={"title": "changed"})),
        lambda: s.put(s.get("f1").model_copy(update={"calendar": "default"})),
        lambda: s.delete("f1"),
        lambda: s.update("f2", lambda e: e.model_copy(update={"title": "x"})),
    ):
        with pytest.raises(ValidationProblem) as err:
            attempt()
        [line] = err.value.problems
        assert "read-only calendar 'feed'" in line and "agenda copy" in line
    assert s.get("f1").title == "f1" and s.count() == 2
    with pytest.raises(UsageError, match="read-only"):
        s.writable_calendar("feed")


def test_replace_calendar_events_replaces_one_calendar_in_one_transaction(
    store: EventStore,
) -> None:
    s = store
    s.add_calendar("feed", writable=False)
    first = s.replace_calendar_events("feed", [ev("f1"), ev("f2"), ev("f3")])
    assert (first.added, first.updated, first.removed) == (3, 0, 0)
    changes_before = s.change_counter()
    again = s.replace_calendar_events(
        "feed",
        [
            ev("f1"),
            ev("f2", title="renamed"),
            ev("f4"),
            ev("2021-09-16-csto-collective-security-council", title="not ours"),
        ],
    )
    assert (again.added, again.updated, again.unchanged, again.removed) == (1, 1, 1, 1)
    assert again.skipped == ("2021-09-16-csto-collective-security-council",)
    assert s.change_counter() == changes_before + 1  # one transaction
    assert ids(s.window(*SEP, filters=Filters(calendars=("feed",)))) == ["f1", "f2", "f4"]
    assert s.get("f2").title == "renamed" and s.get("f2").sequence == 1
    assert s.get("2021-09-16-csto-collective-security-council").calendar == "default"
    assert "f3" not in s.tombstones()  # a subscription's events were never ours to sync
    # a batch that breaks a rule writes nothing: the last good copy stays
    with pytest.raises(ValidationProblem):
        s.replace_calendar_events("feed", [ev("f9", parent_id="missing")])
    assert ids(s.window(*SEP, filters=Filters(calendars=("feed",)))) == ["f1", "f2", "f4"]


def test_removing_a_calendar_refuses_moves_or_deletes_its_events(store: EventStore) -> None:
    s = store
    s.add_calendar("work")
    s.add_calendar("old")
    s.put_many([ev("w1", calendar="work"), ev("o1", calendar="old")])
    with pytest.raises(UsageError, match="holds 1 event"):
        s.remove_calendar("work")
    assert s.remove_calendar("work", events="move", into="default") == 1
    assert s.get("w1").calendar == "default"
    assert s.remove_calendar("old", events="delete") == 1
    assert not s.exists("o1") and "o1" in s.tombstones()
    assert [c.name for c in s.calendars()] == ["default"]
    with pytest.raises(UsageError, match="cannot be removed"):
        s.remove_calendar("default")
    s.add_calendar("empty")
    assert s.remove_calendar("empty") == 0


def test_many_refused_events_are_one_line_per_calendar(empty_store: EventStore) -> None:
    s = empty_store
    s.add_calendar("feed", writable=False)
    s.replace_calendar_events("feed", [ev(f"f{i}") for i in range(7)])
    with pytest.raises(ValidationProblem) as err:
        s.put_many([ev(f"w{i}", calendar="work") for i in range(3)])
    [line] = err.value.problems
    assert line.startswith("3 events ('w0', 'w1', 'w2'): no calendar is called 'work'")
    with pytest.raises(ValidationProblem) as err:
        s.put_many([ev(f"f{i}", title="mine") for i in range(7)])
    [line] = err.value.problems
    assert "7 events ('f0', 'f1', 'f2', 'f3', 'f4', ...) are in the read-only calendar" in line
