"""agenda.core.conflicts: the pure verdict on clashes and the narrowing before it (rows and stored
JSON in, conflicts out), and `of_event`, the query of `agenda show`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from agenda.core import conflicts as clashes
from agenda.core.errors import ValidationProblem
from agenda.core.models import Event, parse_event
from agenda.core.store import EventRow, EventStore

WHO = [{"name": "Alisher Example"}]


def ev(event_id: str, start: str, city: str, **fields: object) -> Event:
    data: dict[str, object] = {
        "id": event_id,
        "title": event_id.replace("-", " ").title(),
        "start": start,
        "location": {"city": city, "country": "X"},
        "participants": WHO,
    }
    data.update(fields)
    return parse_event(data)


def row(event: Event) -> EventRow:
    """The list columns of `event`, as the store would give them (no store here)."""
    first, last = event.day_span()
    return EventRow(
        id=event.id,
        kind=event.kind.value if hasattr(event.kind, "value") else str(event.kind),
        status=event.status.value,
        title=event.title,
        all_day=True,
        start=first.isoformat(),
        end=last.isoformat() if last != first else None,
        tz=None,
        precision=event.precision.value if hasattr(event.precision, "value") else "day",
        parent_id=event.parent_id,
        city=event.location.city if event.location else None,
        country=None,
        orgs=(),
    )


def test_the_same_person_in_two_places_at_once_clashes_both_ways() -> None:
    a = ev("visit-moscow", "2021-08-30", "Moscow", end="2021-09-01")
    b = ev("talks-bishkek", "2021-08-31", "Bishkek")
    found = clashes.conflicts([a, b])
    assert [c.other_id for c in found["visit-moscow"]] == ["talks-bishkek"]
    assert [c.other_id for c in found["talks-bishkek"]] == ["visit-moscow"]
    c = found["talks-bishkek"][0]
    assert (c.other_title, c.person, c.here, c.there) == (
        "Visit Moscow",
        "Alisher Example",
        "Bishkek, X",
        "Moscow, X",
    )


def test_no_clash_in_one_place_on_other_days_cancelled_or_within_the_parent() -> None:
    visit = ev("visit", "2021-09-19", "Tashkent", end="2021-09-21")
    same_city = ev("same-city", "2021-09-20", "Tashkent")
    later = ev("later", "2021-09-22", "Almaty")
    cancelled = ev("cancelled", "2021-09-20", "Almaty", status="cancelled")
    child = ev("child", "2021-09-20", "Samarkand", parent_id="visit")
    for other in (same_city, later, cancelled, child):
        assert clashes.conflicts([visit, other]) == {}, other.id


def test_reach_merges_the_days_around_the_rows_and_leaves_out_the_shown_ones() -> None:
    rows = [
        row(ev("a", "2021-09-01", "A")),
        row(ev("b", "2021-09-03", "B")),
        row(ev("c", "2021-09-20", "C")),
        row(ev("gone", "2021-12-01", "D", status="cancelled")),
    ]
    assert clashes.reach(rows) == [
        (date(2021, 8, 31), date(2021, 9, 4)),
        (date(2021, 9, 19), date(2021, 9, 21)),
    ]
    shown = (date(2021, 9, 1), date(2021, 9, 30))
    assert clashes.reach(rows, shown) == [(date(2021, 8, 31), date(2021, 8, 31))]


def test_find_builds_only_events_that_share_a_person_nearby() -> None:
    a = ev("a", "2021-09-01", "A")
    b = ev("b", "2021-09-01", "B")
    alone = ev("alone", "2021-09-01", "C", participants=[{"name": "Someone Else"}])
    far = ev("far", "2021-10-01", "D")
    events = [a, b, alone, far]
    rows = {e.id: row(e) for e in events}
    data = [e.model_dump_json() for e in events]
    assert clashes.candidates(rows, data) == [a.model_dump_json(), b.model_dump_json()]
    found = clashes.find(rows, data)
    assert set(found) == {"a", "b"}
    assert clashes.find(rows, [far.model_dump_json()]) == {}


def test_of_event_reads_the_other_side_from_the_store(empty_store: EventStore) -> None:
    empty_store.put_many(
        [
            ev("visit-moscow", "2021-08-30", "Moscow", end="2021-09-01"),
            ev("talks-bishkek", "2021-08-31", "Bishkek"),
            ev("elsewhere", "2021-09-10", "Paris"),
        ]
    )
    got = clashes.of_event(empty_store, "talks-bishkek", "UTC")
    assert [(c.other_id, c.other_title) for c in got] == [("visit-moscow", "Visit Moscow")]
    assert clashes.of_event(empty_store, "elsewhere", "UTC") == []


def test_candidates_leave_out_the_same_place_a_parent_and_the_cancelled() -> None:
    visit = ev("visit", "2021-09-15", "Dushanbe", end="2021-09-17")
    session = ev("session", "2021-09-16", "Dushanbe")
    child = ev("child", "2021-09-16", "Khujand", parent_id="visit")
    cancelled = ev("cancelled", "2021-09-16", "Almaty", status="cancelled")
    events = [visit, session, child, cancelled]
    rows = {e.id: row(e) for e in events}
    data = [e.model_dump_json() for e in events]
    assert clashes.candidates(rows, data) == [session.model_dump_json(), child.model_dump_json()]
    assert set(clashes.find(rows, data)) == {"session", "child"}


PEOPLE = [{"name": "Alisher Example"}, {"name": "alisher example"}, {"name": "Other Person"}]
ZONES = [None, "UTC", "Asia/Dushanbe", "America/St_Johns", "Pacific/Kiritimati", "Etc/GMT+12"]


@st.composite
def clash_events(draw: st.DrawFn) -> list[Event]:
    """Events on a few days around a DST change, all-day, zoned (an end in another zone now and
    then) and floating, in a few places, with people in common (in another letter case)."""
    events: list[Event] = []
    for n in range(draw(st.integers(2, 12))):
        day = date(2021, 3, 27) + timedelta(days=draw(st.integers(0, 3)))
        data: dict[str, Any] = {
            "id": f"e{n}",
            "title": f"E{n}",
            "location": {"city": draw(st.sampled_from(["A", "B"])), "country": "X"},
            "participants": [draw(st.sampled_from(PEOPLE))],
            "status": draw(st.sampled_from(["announced", "announced", "cancelled"])),
        }
        if n and draw(st.integers(0, 5)) == 0:
            data["parent_id"] = "e0"
        if draw(st.booleans()):
            data["start"] = day.isoformat()
            data["end"] = (day + timedelta(days=draw(st.integers(0, 1)))).isoformat()
        else:
            start = datetime.combine(
                day, time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 30])))
            )
            data["start"] = start.isoformat()
            if draw(st.booleans()):
                data["end"] = (
                    start + timedelta(minutes=draw(st.sampled_from([0, 30, 90, 600])))
                ).isoformat()
            zone = draw(st.sampled_from(ZONES))
            if zone:
                data["tz"] = zone
                if "end" in data and draw(st.integers(0, 3)) == 0:
                    data["end_tz"] = draw(st.sampled_from(ZONES[1:]))
        try:
            events.append(parse_event(data))
        except ValidationProblem:
            continue
    return events


@settings(max_examples=300, deadline=None)
@given(events=clash_events())
def test_find_gives_the_verdict_of_conflicts_over_every_event(events: list[Event]) -> None:
    rows = {e.id: row(e) for e in events}
    data = [e.model_dump_json() for e in events]
    everything = clashes.conflicts(events)
    assert clashes.find(rows, data) == everything
    # and builds no event that is in no conflict
    built = {Event.model_validate_json(text).id for text in clashes.candidates(rows, data)}
    assert built == set(everything)
