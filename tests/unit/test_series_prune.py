"""The fast paths of a window over series (issue 14.3) give what full expansion gives.

`sql.yearly_term` leaves out, in the query, the yearly series whose month and day put them out of
a window; `recurrence._simple_window` counts a COUNT rule on the 29th to the 31st by arithmetic,
without dateutil. Each is compared here with the slow way over random rules, zones and windows.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, time, timedelta
from typing import Any
from unittest import mock

from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from agenda.core import recurrence
from agenda.core.errors import ValidationProblem
from agenda.core.models import Event, parse_event
from agenda.core.store import EventStore, sql
from agenda.core.store.sql import YEARLY_SLACK_DAYS

# the widest offsets (+14, -12, -11), half and quarter hours, DST in both hemispheres, and
# local mean time before 1900 (Asia/Manila was -15:56 until 1844)
ZONES = [
    "UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Pacific/Pago_Pago", "Asia/Kathmandu",
    "America/St_Johns", "Australia/Lord_Howe", "Europe/Berlin", "America/Sao_Paulo",
    "Asia/Manila",
]  # fmt: skip
YEARLY = [
    "FREQ=YEARLY",
    "FREQ=YEARLY;INTERVAL=2",
    "FREQ=YEARLY;COUNT=4",
    "FREQ=YEARLY;INTERVAL=3;WKST=SU",
]
OTHER = ["FREQ=YEARLY;BYMONTH=3,9", "FREQ=MONTHLY;INTERVAL=2", "FREQ=WEEKLY;INTERVAL=5"]
UNTILS = ["20260301", "20240229T120000Z", "19991231"]


@st.composite
def series(draw: st.DrawFn, n: int, first: date, last: date) -> dict[str, Any]:
    """A series as the model reads it: yearly most often, all-day or timed, an end in another
    zone, lengths either side of YEARLY_SLACK_DAYS, EXDATEs and RDATEs now and then. Its start
    falls mostly on a day near the window's (`first`..`last`) edges, some years before it."""
    length = draw(st.one_of(st.integers(0, 3), st.integers(YEARLY_SLACK_DAYS - 2, 40)))
    # the days where an occurrence's span begins or ceases to touch the window, give or take
    # the zones' offsets (up to 14 hours east, 12 west, 16 in local mean time)
    edge = draw(st.sampled_from([first - timedelta(days=length), first, last]))
    near = edge + timedelta(days=draw(st.integers(-4, 4)))
    years = draw(st.integers(0, 40))
    moved = near.replace(year=near.year - years) if (near.month, near.day) != (2, 29) else near
    day = draw(
        st.one_of(
            st.just(moved),
            st.dates(date(1840, 1, 1), date(2040, 12, 31)),
            st.sampled_from([date(2000, 2, 29), date(2023, 12, 31), date(2024, 1, 1)]),
        )
    )
    rule = draw(st.sampled_from(YEARLY * 3 + OTHER))
    if draw(st.booleans()) and "COUNT" not in rule:
        rule += ";UNTIL=" + draw(st.sampled_from(UNTILS))
    event: dict[str, Any] = {"id": f"s{n}", "title": f"series {n}", "repeat": {"rule": rule}}
    if draw(st.booleans()):
        event["start"] = day.isoformat()
        event["end"] = (day + timedelta(days=length)).isoformat()
        whens = [
            day.replace(year=day.year + k) for k in (1, 2) if not (day.month == 2 and day.day == 29)
        ]
    else:
        moment = datetime.combine(
            day, draw(st.sampled_from([time(0, 0), time(0, 30), time(23, 30), time(12)]))
        )
        hours = draw(st.sampled_from([0, 1, 23]))  # 23: more than YEARLY_SLACK_DAYS days
        event["start"] = moment.isoformat()
        event["end"] = (moment + timedelta(days=length, hours=hours)).isoformat()
        event["tz"] = draw(st.sampled_from(ZONES))
        if draw(st.booleans()):
            event["end_tz"] = draw(st.sampled_from(ZONES))
        whens = [moment + timedelta(days=366 * k) for k in (1, 2)]
        day = moment  # type: ignore[assignment]
    if whens and draw(st.integers(0, 4)) == 0:
        event["repeat"]["exdates"] = [whens[0].isoformat()]
    if draw(st.integers(0, 5)) == 0:
        event["repeat"]["rdates"] = [(day + timedelta(days=draw(st.integers(40, 900)))).isoformat()]
    return event


def _store(events: list[dict[str, Any]]) -> EventStore:
    models: list[Event] = []
    for data in events:
        # an end before its start in another zone, a count past the year 9999...
        with contextlib.suppress(ValidationProblem):
            models.append(parse_event(data))
    assume(models)
    store = EventStore(":memory:")
    store.put_many(models)
    return store


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    first=st.one_of(
        st.dates(date(1880, 1, 1), date(2045, 12, 31)),
        st.sampled_from([date(2024, 2, 29), date(2025, 12, 20), date(2026, 2, 27)]),
    ),
    days=st.one_of(st.integers(1, 40), st.integers(300, 340)),
    viewer=st.sampled_from(ZONES),
    data=st.data(),
)
def test_the_yearly_term_leaves_out_only_series_without_an_occurrence(
    first: date, days: int, viewer: str, data: st.DataObject
) -> None:
    last = first + timedelta(days=days - 1)
    count = data.draw(st.integers(1, 6))
    events = [data.draw(series(i, first, last)) for i in range(count)]
    store = _store(events)
    try:
        fast = store.window(first, last, viewer_tz=viewer)
        with mock.patch.object(sql, "yearly_term", lambda first, last: None):
            slow = store.window(first, last, viewer_tz=viewer)
        assert fast == slow
        assert store.window_count(first, last, viewer_tz=viewer) == len(slow)
    finally:
        store.close()


def test_the_yearly_term_reads_the_month_and_day_around_the_window() -> None:
    term = sql.yearly_term(date(2025, 3, 1), date(2025, 3, 30))
    assert term is not None and "BETWEEN" in term[0]
    assert term[1] == ["01-26", "04-02"]  # 31 + 3 days before, 3 days after
    over_new_year = sql.yearly_term(date(2026, 1, 10), date(2026, 1, 20))
    assert over_new_year is not None and over_new_year[1] == ["12-07", "01-23"]
    assert sql.yearly_term(date(2025, 1, 1), date(2025, 12, 31)) is None  # every day in reach
    assert sql.yearly_term(date(1, 1, 5), date(1, 1, 9)) is None  # no days before the year 1


def test_a_store_window_leaves_out_a_yearly_series_of_another_month() -> None:
    store = EventStore(":memory:")
    yearly = {"rule": "FREQ=YEARLY"}
    store.put_many(
        [
            parse_event({"id": "march", "title": "M", "start": "2020-03-10", "repeat": yearly}),
            parse_event({"id": "july", "title": "J", "start": "2020-07-10", "repeat": yearly}),
        ]
    )
    try:
        with mock.patch("agenda.core.store.windows.occurrence_hits", return_value=[]) as hits:
            store.window(date(2025, 3, 1), date(2025, 3, 30))
        read = [row[0] for row in hits.call_args.args[0]]
        assert read == ["march"]  # July's master was not even read
        assert [r.id for r in store.window(date(2025, 3, 1), date(2025, 3, 30))] == [
            "march/20250310"
        ]
    finally:
        store.close()


def _walked(start: datetime, rule: str, lo: datetime, hi: datetime) -> list[datetime]:
    out = []
    for moment in rrulestr(rule, dtstart=start):
        if moment >= hi:
            break
        if moment >= lo:
            out.append(moment)
    return out


@settings(max_examples=400, deadline=None)
@given(
    day=st.sampled_from([29, 30, 31]),
    month=st.integers(1, 12),
    year=st.integers(1990, 2030),
    freq=st.sampled_from(["MONTHLY", "YEARLY"]),
    step=st.integers(1, 5),
    count=st.integers(1, 60),
    lo_months=st.integers(-12, 400),
    span_days=st.integers(1, 800),
    timed=st.booleans(),
)
def test_a_counted_rule_on_a_day_some_months_lack_is_counted_without_dateutil(
    day: int,
    month: int,
    year: int,
    freq: str,
    step: int,
    count: int,
    lo_months: int,
    span_days: int,
    timed: bool,
) -> None:
    try:
        start = datetime(year, month, day, 9 if timed else 0)
    except ValueError:
        assume(False)
        return
    rule = f"FREQ={freq};INTERVAL={step};COUNT={count}"
    lo = datetime(year + (month - 1 + lo_months) // 12, (month - 1 + lo_months) % 12 + 1, 1)
    hi = lo + timedelta(days=span_days)
    expected = _walked(start, rule, lo, hi)
    with mock.patch.object(recurrence, "_dateutil_window", side_effect=AssertionError):
        got = recurrence.expand(start if timed else start.date(), rule, lo, hi)
    assert got == (expected if timed else [m.date() for m in expected])


EDGE_ZONES = ["Pacific/Kiritimati", "Etc/GMT+12", "UTC", "Asia/Kathmandu"]


def _edge_series(first: date, last: date) -> list[Event]:
    """Yearly series that start, some years before, on each day around the window's edges, at
    the zones' extremes, in the first and last minutes of a day, as short as can be and as long
    as `yearly_term` reads by the day."""
    events: list[Event] = []
    lengths = [timedelta(0), timedelta(hours=1), timedelta(days=YEARLY_SLACK_DAYS)]
    for length in [
        *lengths,
        timedelta(days=YEARLY_SLACK_DAYS, hours=1),
        timedelta(days=YEARLY_SLACK_DAYS + 2),
    ]:
        span = timedelta(days=length.days + (1 if length.seconds else 0))
        for edge in (first - span, first, last):
            for shift in range(-4, 5):
                day = edge + timedelta(days=shift)
                if (day.month, day.day) == (2, 29):
                    continue
                day = day.replace(year=day.year - 3)
                base = {"title": "t", "repeat": {"rule": "FREQ=YEARLY"}}
                events.append(
                    parse_event(
                        {**base, "id": f"d{len(events)}", "start": day.isoformat(),
                         "end": (day + span).isoformat()}
                    )
                )  # fmt: skip
                for zone in EDGE_ZONES:
                    for end_zone in (None, *EDGE_ZONES[:2]):
                        for hour in (time(0, 30), time(23, 30)):
                            moment = datetime.combine(day, hour)
                            data = {
                                **base, "id": f"t{len(events)}", "start": moment.isoformat(),
                                "end": (moment + length).isoformat(), "tz": zone,
                            }  # fmt: skip
                            if end_zone:
                                data["end_tz"] = end_zone
                            with contextlib.suppress(ValidationProblem):
                                events.append(parse_event(data))
    return events


def test_yearly_series_at_the_edges_of_a_window_are_kept_when_they_occur_in_it() -> None:
    for first, last in [
        (date(2025, 3, 1), date(2025, 3, 30)),
        (date(2025, 12, 20), date(2026, 1, 8)),
        (date(2024, 2, 28), date(2024, 3, 1)),
    ]:
        store = EventStore(":memory:")
        try:
            store.put_many(_edge_series(first, last))
            for viewer in EDGE_ZONES:
                fast = store.window(first, last, viewer_tz=viewer)
                with mock.patch.object(sql, "yearly_term", lambda first, last: None):
                    slow = store.window(first, last, viewer_tz=viewer)
                assert fast == slow, (first, viewer)
                assert len(fast) > 0
        finally:
            store.close()
