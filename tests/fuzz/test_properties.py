"""Hypothesis strategies for the hostile shapes of issue 11, over the data-file and .ics readers:
whatever they are given, they accept it or raise an AgendaError; never another exception, never
a hang (each example runs under the sweep's deadline).

The profiles of tests/conftest.py apply: the same examples in every CI run; a wider random search
by hand with HYPOTHESIS_PROFILE=explore.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda.core import datafile
from agenda.core.errors import AgendaError
from agenda.core.store import EventStore
from agenda.ics import export_events, import_ics
from tests.fuzz.harness import DEADLINE, deadline

EDGE_DAYS = [
    date(1, 1, 1),
    date(1, 1, 2),
    date(1899, 12, 31),
    date(1900, 1, 1),
    date(2200, 12, 31),
    date(2201, 1, 1),
    date(9999, 12, 30),
    date(9999, 12, 31),
]
HUGE = [-1, 2**31 - 1, 2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**20, 10**30]
ZONES = [None, "UTC", "Asia/Tokyo", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago"]

edge_day = st.one_of(st.sampled_from(EDGE_DAYS), st.dates())
edge_time = st.one_of(st.sampled_from([time(0, 0), time(23, 0), time(23, 59, 59)]), st.times())
huge_int = st.one_of(st.sampled_from(HUGE), st.integers())
depth = st.one_of(st.sampled_from([1, 2, 63, 64, 65, 1_000, 5_000, 50_000]), st.integers(0, 3_000))
zone = st.sampled_from(ZONES)

PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,  # the sweep's own deadline applies, per example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def nested(levels: int, inner: str = "1", table: bool = False) -> str:
    if table:
        return '{"a": ' * levels + inner + "}" * levels
    return "[" * levels + inner + "]" * levels


@st.composite
def data_event(draw: st.DrawFn) -> dict[str, Any]:
    """Fields of one event, some of them hostile."""
    event: dict[str, Any] = {"id": "e", "title": "T"}
    day = draw(edge_day)
    if draw(st.booleans()):
        event["start"] = datetime.combine(day, draw(edge_time)).isoformat()
        tz = draw(zone)
        if tz:
            event["tz"] = tz
    else:
        event["start"] = day.isoformat()
    if draw(st.booleans()):
        event["end"] = draw(edge_day).isoformat()
    if draw(st.booleans()):
        event["sequence"] = draw(st.one_of(huge_int, st.floats(allow_nan=False)))
    if draw(st.booleans()):
        # a series, with the odd rule parts of the .ics strategy (a data file holds rules too)
        event["repeat"] = {"rule": draw(rrule()).removeprefix("RRULE:")}
    return event


@st.composite
def data_file(draw: st.DrawFn) -> tuple[str, str]:
    """(text, name) of a TOML or JSON data file with edge dates, huge integers, deep nesting."""
    fmt = draw(st.sampled_from(["json", "toml"]))
    events = draw(st.lists(data_event(), min_size=1, max_size=3))
    for number, event in enumerate(events):
        event["id"] = f"e{number}"
    levels = draw(st.one_of(st.none(), depth))
    if fmt == "json":
        body = json.dumps({"format": 1, "events": events})
        if levels is not None:
            where = draw(st.sampled_from(["notes", "location", "top"]))
            deep = nested(levels, table=draw(st.booleans()))
            body = deep if where == "top" else body[:-2] + f', "{where}": {deep}' + "}]}"
        return body, "fuzz.json"
    lines = ["format = 1"]
    for event in events:
        lines.append("[[events]]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in event.items()]
    if levels is not None:
        table = draw(st.booleans())
        inner = nested(levels, table=False) if not table else "{a = " * levels + "1" + "}" * levels
        lines.append(f"notes = {inner}")
    return "\n".join(lines) + "\n", "fuzz.toml"


@given(data_file())
@PROPERTY_SETTINGS
def test_data_file_reader_accepts_or_refuses(case: tuple[str, str]) -> None:
    text, name = case
    store = EventStore(":memory:")
    try:
        with deadline(DEADLINE):
            try:
                events = datafile.parse(text, name)
            except AgendaError as exc:
                assert str(exc).startswith(name), str(exc)[:200]
                return
            # what was accepted is stored and read back, its series expanded over every window
            try:
                store.put_many(events)
            except AgendaError:
                return  # refused by the store's own checks, in words
            for event in events:
                day = event.start_utc().date()
                store.window(day - timedelta(days=40), day + timedelta(days=400))
            store.get_many([r.id for r in store.window()])
    finally:
        store.close()


def ics_stamp(day: date, moment: time, all_day: bool) -> str:
    if all_day:
        return f"{day.year:04d}{day.month:02d}{day.day:02d}"
    return f"{day.year:04d}{day.month:02d}{day.day:02d}T{moment:%H%M%S}"


RULE_PARTS = {
    "INTERVAL": st.one_of(st.sampled_from([0, -1, 1, 2, 10**9]), huge_int),
    "COUNT": st.one_of(st.sampled_from([0, 1, 5, 10**30]), huge_int),
    "BYSECOND": st.integers(-5, 99),
    "BYMINUTE": st.integers(-5, 99),
    "BYHOUR": st.integers(-5, 30),
    "BYMONTH": st.integers(-1, 14),
    "BYMONTHDAY": st.integers(-33, 33),
    "BYYEARDAY": st.integers(-370, 370),
    "BYWEEKNO": st.integers(-55, 55),
    "BYSETPOS": st.integers(-400, 400),
    "BYDAY": st.builds(
        lambda n, d: f"{n}{d}",
        st.sampled_from(["", "1", "-1", "5", "53", "60", "+2"]),
        st.sampled_from(["MO", "SU", "XX"]),
    ),
    "UNTIL": st.builds(lambda d: ics_stamp(d, time(23, 59, 59), False) + "Z", edge_day),
}


@st.composite
def rrule(draw: st.DrawFn) -> str:
    freq = draw(
        st.sampled_from(["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"])
    )
    names = draw(st.lists(st.sampled_from(sorted(RULE_PARTS)), max_size=4, unique=True))
    parts = [f"FREQ={freq}"] + [f"{n}={draw(RULE_PARTS[n])}" for n in names]
    return "RRULE:" + ";".join(parts)


@st.composite
def ics_file(draw: st.DrawFn) -> str:
    """A VCALENDAR of one or two VEVENTs with the issue's hostile shapes."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fuzz//EN"]
    if draw(st.booleans()):
        head.append(f"X-WR-TIMEZONE:{draw(st.sampled_from(ZONES[1:]))}")
    body: list[str] = []
    for number in range(draw(st.integers(1, 2))):
        all_day = draw(st.booleans())
        tz = None if all_day else draw(zone)
        day, moment = draw(edge_day), draw(edge_time)
        params = ";VALUE=DATE" if all_day else (f";TZID={tz}" if tz and tz != "UTC" else "")
        suffix = "Z" if tz == "UTC" else ""
        event = [
            "BEGIN:VEVENT",
            f"UID:fuzz-{number}",
            "DTSTAMP:20260101T000000Z",
            "SUMMARY:Fuzz",
            f"DTSTART{params}:{ics_stamp(day, moment, all_day)}{suffix}",
        ]
        extra = draw(
            st.lists(
                st.one_of(
                    st.builds(lambda n: f"SEQUENCE:{n}", huge_int),
                    st.builds(
                        lambda n, unit: f"DURATION:P{n}{unit}",
                        st.one_of(st.sampled_from([10**6, 10**7, 10**9, 10**12]), huge_int),
                        st.sampled_from(["D", "W", "DT1H"]),
                    ),
                    st.builds(
                        lambda d, p=params, m=moment, a=all_day, z=suffix: (
                            f"DTEND{p}:{ics_stamp(d, m, a)}{z}"
                        ),
                        edge_day,
                    ),
                    st.builds(lambda d: "X-AGENDA-JSON:" + nested(d, "{}"), depth),
                    st.builds(lambda d: "X-AGENDA-JSON:" + nested(d, table=True), depth),
                    st.builds(lambda d: f"CREATED:{ics_stamp(d, time(0, 0), False)}Z", edge_day),
                    rrule(),
                    st.builds(lambda d, m=moment: f"EXDATE:{ics_stamp(d, m, False)}Z", edge_day),
                ),
                max_size=3,
            )
        )
        body += [*event, *extra, "END:VEVENT"]
    return "\r\n".join([*head, *body, "END:VCALENDAR", ""])


@given(ics_file())
@PROPERTY_SETTINGS
def test_ics_reader_accepts_or_refuses(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "fuzz.ics")
        path.write_text(text, encoding="utf-8", newline="")
        store = EventStore(":memory:")
        try:
            with deadline(DEADLINE):
                try:
                    import_ics(store, path)
                except AgendaError as exc:
                    assert str(exc).startswith(str(path)), str(exc)[:200]
                # whatever was accepted reads back and exports
                events = store.get_many([r.id for r in store.window()])
                for event in events:
                    assert event.start_utc() - timedelta(days=1) <= event.end_utc()
                export_events(events)
        finally:
            store.close()
