"""Series in the store: stored once, expanded per window read (agenda.core.store.series)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from agenda.core.errors import Changed, NotFound
from agenda.core.limits import MAX_WINDOW_OCCURRENCES
from agenda.core.models import Event, parse_event
from agenda.core.store import EventStore, Filters


def ev(event_id: str, **fields: object) -> Event:
    base: dict[str, object] = {"id": event_id, "title": event_id, "start": "2021-09-16"}
    base.update(fields)
    return parse_event(base)


def ids(rows: list) -> list[str]:
    return [r.id for r in rows]


@pytest.fixture
def s(empty_store: EventStore) -> EventStore:
    empty_store.put_many(
        [
            ev("summit", title="Annual summit", end="2021-09-17", repeat={"rule": "FREQ=YEARLY"}),
            ev("single", start="2023-09-10"),
            ev(
                "council",
                title="Monthly council",
                start="2023-01-05T10:00",
                end="2023-01-05T12:00",
                tz="Europe/Brussels",
                repeat={"rule": "FREQ=MONTHLY;COUNT=12", "exdates": ["2023-03-05T10:00"]},
            ),
        ]
    )
    return empty_store


def test_a_window_holds_each_occurrence_next_to_single_events(s: EventStore) -> None:
    rows = s.window(date(2023, 9, 1), date(2023, 9, 30))
    assert ids(rows) == ["council/20230905T100000", "single", "summit/20230916"]
    summit = rows[2]
    assert (summit.start, summit.end, summit.title) == ("2023-09-16", "2023-09-17", "Annual summit")
    assert (summit.series_id, summit.occurrence) == ("summit", "2023-09-16")
    assert rows[1].series_id is None and rows[1].occurrence is None
    # an occurrence that ends in the window's first day touches it
    assert ids(s.window(date(2023, 9, 17), date(2023, 9, 17))) == ["summit/20230916"]


def test_exdates_counts_and_ends_are_kept(s: EventStore) -> None:
    rows = s.window(date(2023, 1, 1), date(2024, 12, 31), filters=Filters(kinds=()))
    council = [r.occurrence for r in rows if r.series_id == "council"]
    assert len(council) == 11 and "2023-03-05T10:00:00" not in council
    assert council[-1] == "2023-12-05T10:00:00"
    assert s.window(date(2024, 1, 1), date(2024, 1, 31)) == []


def test_timed_occurrences_are_placed_in_the_viewers_zone(s: EventStore) -> None:
    # 10:00 in Brussels is 18:00 in Tokyo, 04:00 in New York: the same day either way
    assert ids(s.window(date(2023, 9, 5), date(2023, 9, 5), viewer_tz="Asia/Tokyo")) == [
        "council/20230905T100000"
    ]
    # 10:00-12:00 Brussels on 5 Jan is 23:00-01:00 in Kiritimati (UTC+14): it touches the 6th
    jan6 = s.window(date(2023, 1, 6), date(2023, 1, 6), viewer_tz="Pacific/Kiritimati")
    assert ids(jan6) == ["council/20230105T100000"]
    assert s.window(date(2023, 1, 6), date(2023, 1, 6), viewer_tz="Asia/Tokyo") == []
    assert s.window(date(2023, 1, 4), date(2023, 1, 4), viewer_tz="Asia/Tokyo") == []


def test_an_override_replaces_its_occurrence(s: EventStore) -> None:
    moved = s.get("summit/20230916").model_copy(
        update={"title": "Summit (moved)", "start": date(2023, 9, 20), "end": date(2023, 9, 21)}
    )
    assert moved.recurrence_of == "summit" and moved.recurrence_start == date(2023, 9, 16)
    s.put(moved)
    rows = s.window(date(2023, 9, 1), date(2023, 9, 30))
    assert ids(rows) == ["council/20230905T100000", "single", "summit/20230916"]
    assert (rows[2].start, rows[2].title, rows[2].series_id) == (
        "2023-09-20",
        "Summit (moved)",
        "summit",
    )
    assert rows[2].occurrence == "2023-09-16"
    assert s.get("summit/20230916").title == "Summit (moved)"
    # deleting the series takes its overrides with it
    assert sorted(s.delete("summit")) == ["summit", "summit/20230916"]
    assert s.window(date(2023, 9, 15), date(2023, 9, 30)) == []


def test_an_occurrence_key_reads_like_an_id(s: EventStore) -> None:
    occ = s.get("council/20230905T100000")
    assert (occ.start, occ.end, occ.tz) == (
        datetime(2023, 9, 5, 10),
        datetime(2023, 9, 5, 12),
        "Europe/Brussels",
    )
    assert occ.repeat is None and occ.recurrence_of == "council"
    assert s.resolve("council/20230905T100000") == "council/20230905T100000"
    assert s.row("summit/20250916").start == "2025-09-16"
    assert [e.id for e in s.get_many(["single", "summit/20250916"])] == [
        "single",
        "summit/20250916",
    ]
    for missing in ("council/20230305T100000", "council/20230906T100000", "single/20230910"):
        with pytest.raises(NotFound):
            s.get(missing)


def test_a_new_override_is_saved_against_the_series_version(s: EventStore) -> None:
    occ = s.get("summit/20240916")
    master = s.get("summit")
    s.save(occ.model_copy(update={"title": "Moved"}), expected_sequence=master.sequence)
    assert s.get("summit/20240916").title == "Moved"
    with pytest.raises(Changed):
        s.save(s.get("summit/20250916"), expected_sequence=master.sequence + 5)


def test_search_and_an_open_window_list_each_series_once(s: EventStore) -> None:
    found = s.search("summit")
    assert ids(found) == ["summit"] and found[0].series_id == "summit"
    assert found[0].occurrence is None
    assert sorted(ids(s.window())) == ["council", "single", "summit"]


def test_counts_data_and_nearest_agree_with_the_window(s: EventStore) -> None:
    first, last = date(2023, 1, 1), date(2023, 12, 31)
    rows = s.window(first, last)
    assert s.window_count(first, last) == len(rows) == 13
    data = list(s.window_data(first, last))
    assert [parse_event_json(d).id for d in data] == ids(rows)
    masters = list(s.window_data(first, last, occurrences=False))
    assert [parse_event_json(d).id for d in masters] == ["summit", "council", "single"]
    assert s.window(first, last, limit=2, offset=1) == rows[1:3]
    after = s.nearest(date(2030, 1, 1), 1)
    assert after is not None and after.id == "summit/20300916"
    before = s.nearest(date(2030, 1, 1), -1)
    assert before is not None and before.id == "summit/20290916"


def parse_event_json(text: str) -> Event:
    return Event.model_validate_json(text)


def test_an_endless_fast_series_is_capped_per_window(empty_store: EventStore) -> None:
    empty_store.put(
        ev("ticker", start="2021-09-16T00:00", tz="UTC", repeat={"rule": "FREQ=SECONDLY"})
    )
    rows = empty_store.window(date(2030, 1, 1), date(2030, 1, 31))
    assert len(rows) == MAX_WINDOW_OCCURRENCES
    assert rows[0].start == "2030-01-01T00:00:00"
