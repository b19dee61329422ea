"""Wall times that do not exist (a skipped hour) or occur twice (a repeated hour) are exported in
UTC at RFC 5545's instant (the offset before the change, the first occurrence: zoneinfo's
fold=0), because calendar programs read them each their own way whatever the VTIMEZONE says
(docs/ics.md). Everything else keeps TZID and wall time; a series keeps its wall clock; agenda's
own import gets the zone back from X-AGENDA-JSON."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from ical.calendar_stream import IcsCalendarStream

from agenda.core.models import Event
from agenda.ics import export_events
from agenda.ics.wallclock import is_odd, odd_wall_utc
from agenda.ics.write import VeventFormatter
from tests.conftest import NOW
from tests.ics.reference_writer import event_props, prop_line
from tests.ics.test_roundtrip import reimport

NY = "America/New_York"
DTSTAMP = "20261126T120000Z"


def _event(**fields: Any) -> Event:
    base: dict[str, Any] = {"id": "e1", "title": "Talks", "tz": NY}
    return Event.model_validate(base | fields)


def _vevent(event: Event) -> list[str]:
    """The VEVENT's unfolded lines by the fast writer, after checking the readable mapping
    (tests/ics/reference_writer.py) gives the same bytes."""
    text = event.model_dump_json(exclude_defaults=True)
    d = json.loads(text)
    fast = VeventFormatter(DTSTAMP).event(d, text)
    if not d.get("repeat") and not d.get("recurrence_of"):
        lines = b"".join(prop_line(p) for p in event_props(d, "2026-11-26T12:00:00", text))
        assert fast == "BEGIN:VEVENT\r\n" + lines.decode() + "END:VEVENT\r\n"
    return fast.replace("\r\n ", "").split("\r\n")


def _times(event: Event) -> list[str]:
    return [ln for ln in _vevent(event) if ln.startswith(("DTSTART", "DTEND", "RECURRENCE-ID"))]


def test_a_skipped_wall_time_is_written_in_utc_with_the_offset_before_the_change() -> None:
    # 02:30 on 14 March 2010 does not exist in New York; RFC 5545: EST, 07:30 UTC
    event = _event(start=datetime(2010, 3, 14, 2, 30), end=datetime(2010, 3, 14, 4, 0))
    assert _times(event) == ["DTSTART:20100314T073000Z", f"DTEND;TZID={NY}:20100314T040000"]


def test_a_repeated_wall_time_is_written_in_utc_at_its_first_occurrence() -> None:
    # 01:30 on 7 November 2010 happens twice in New York; RFC 5545: the first, EDT, 05:30 UTC
    event = _event(start=datetime(2010, 11, 7, 1, 30), end=datetime(2010, 11, 7, 3, 0))
    assert _times(event) == ["DTSTART:20101107T053000Z", f"DTEND;TZID={NY}:20101107T030000"]


def test_an_end_in_a_gap_alone_is_written_in_utc() -> None:
    event = _event(start=datetime(2010, 3, 14, 1, 0), end=datetime(2010, 3, 14, 2, 15))
    assert _times(event) == [f"DTSTART;TZID={NY}:20100314T010000", "DTEND:20100314T071500Z"]


def test_an_end_zone_of_its_own_is_checked_on_its_own_clock() -> None:
    event = _event(
        start=datetime(2010, 3, 14, 8, 0),
        tz="Europe/Berlin",
        end=datetime(2010, 3, 14, 2, 30),
        end_tz=NY,
    )
    assert _times(event) == ["DTSTART;TZID=Europe/Berlin:20100314T080000", "DTEND:20100314T073000Z"]


def test_wall_times_that_exist_once_keep_their_zone() -> None:
    for start in (
        datetime(2010, 3, 14, 1, 59),
        datetime(2010, 3, 14, 3, 0),
        datetime(2010, 11, 7, 0, 59),
        datetime(2010, 11, 7, 2, 0),
        datetime(2010, 7, 1, 12, 0),
    ):
        stamp = start.strftime("%Y%m%dT%H%M%S")
        assert _times(_event(start=start)) == [f"DTSTART;TZID={NY}:{stamp}"], start


def test_half_hour_changes_and_midnight_changes() -> None:
    # Lord Howe moves its clock by 30 minutes (standard time +10:30); Havana changes at midnight
    assert odd_wall_utc("2021-10-03T02:15:00", "Australia/Lord_Howe") == "20211002T154500Z"
    assert odd_wall_utc("2021-10-03T02:45:00", "Australia/Lord_Howe") is None
    assert odd_wall_utc("2021-04-04T01:45:00", "Australia/Lord_Howe") == "20210403T144500Z"
    assert odd_wall_utc("2021-03-14T00:30:00", "America/Havana") == "20210314T053000Z"
    assert odd_wall_utc("2021-03-14T01:00:00", "America/Havana") is None
    assert odd_wall_utc("2021-03-14T00:30:00", "Not/AZone") is None


def test_all_day_and_floating_events_are_untouched() -> None:
    day = _event(start=date(2010, 3, 14), end=date(2010, 3, 14), tz=None)
    assert _times(day) == ["DTSTART;VALUE=DATE:20100314", "DTEND;VALUE=DATE:20100315"]
    floating = _event(start=datetime(2010, 3, 14, 2, 30), tz=None)
    assert _times(floating) == ["DTSTART:20100314T023000"]


def test_a_series_keeps_its_wall_clock() -> None:
    # RRULE on a UTC DTSTART repeats in UTC: the summer occurrences would move by an hour
    series = _event(
        start=datetime(2010, 3, 14, 2, 30),
        end=datetime(2010, 3, 14, 3, 30),
        repeat={"rule": "FREQ=WEEKLY;COUNT=4"},
    )
    lines = _times(series)
    assert lines == [f"DTSTART;TZID={NY}:20100314T023000", f"DTEND;TZID={NY}:20100314T033000"]


def test_an_override_is_in_utc_and_names_the_occurrence_on_the_series_clock() -> None:
    override = _event(
        id="o1",
        start=datetime(2010, 3, 14, 2, 30),
        end=datetime(2010, 3, 14, 3, 30),
        recurrence_of="s1",
        recurrence_start=datetime(2010, 3, 14, 2, 30),
    )
    assert _times(override) == [
        "DTSTART:20100314T073000Z",
        f"DTEND;TZID={NY}:20100314T033000",
        f"RECURRENCE-ID;TZID={NY}:20100314T023000",
    ]


ROUND_TRIP = [
    {"start": datetime(2010, 3, 14, 2, 30), "end": datetime(2010, 3, 14, 4, 0)},
    {"start": datetime(2010, 11, 7, 1, 30), "end": datetime(2010, 11, 7, 1, 45)},
    {"start": datetime(2010, 3, 14, 1, 0), "end": datetime(2010, 3, 14, 2, 15)},
    {"start": datetime(2010, 3, 14, 2, 30)},
    {
        "start": datetime(2010, 3, 28, 2, 30),
        "tz": "Europe/Berlin",
        "end": datetime(2010, 11, 7, 1, 30),
        "end_tz": NY,
    },
    {"start": datetime(2021, 10, 3, 2, 15), "tz": "Australia/Lord_Howe"},
]


@pytest.mark.parametrize("fields", ROUND_TRIP)
def test_export_then_import_gives_the_same_event(fields: dict[str, Any]) -> None:
    event = _event(**fields)
    back = reimport(event)
    assert back.model_dump() == Event.model_validate_json(event.model_dump_json()).model_dump()


def test_a_file_that_moved_the_utc_time_wins_over_the_json() -> None:
    """The JSON's zone comes back only while the file's UTC time is the same instant."""
    event = _event(start=datetime(2010, 3, 14, 2, 30), end=datetime(2010, 3, 14, 4, 0))
    text = export_events([event], "rt", now=NOW).replace(
        "DTSTART:20100314T073000Z", "DTSTART:20100314T063000Z"
    )
    import io

    from agenda.ics.importer import parsed_events
    from agenda.ics.lines import CalendarInfo

    (item,) = parsed_events(io.BytesIO(text.encode()), CalendarInfo("x.ics"), [0])
    assert item.problem is None and item.event is not None
    assert item.event.start == datetime(2010, 3, 14, 6, 30)
    assert item.event.tz == "UTC"


def test_an_independent_reader_places_them_at_the_rfc_instant() -> None:
    events = [
        _event(id="gap", start=datetime(2010, 3, 14, 2, 30), end=datetime(2010, 3, 14, 4, 0)),
        _event(id="fold", start=datetime(2010, 11, 7, 1, 30), end=datetime(2010, 11, 7, 1, 45)),
        _event(id="end", start=datetime(2010, 3, 14, 1, 0), end=datetime(2010, 3, 14, 2, 15)),
        _event(id="plain", start=datetime(2010, 7, 1, 12, 0), end=datetime(2010, 7, 1, 13, 0)),
    ]
    cal = IcsCalendarStream.calendar_from_ics(export_events(events, "x", now=NOW))
    got = {
        ev.uid: (ev.dtstart.astimezone(UTC), ev.dtend.astimezone(UTC))  # type: ignore[union-attr]
        for ev in cal.events
    }
    utc = lambda *a: datetime(*a, tzinfo=UTC)  # noqa: E731
    assert got == {
        "gap": (utc(2010, 3, 14, 7, 30), utc(2010, 3, 14, 8, 0)),
        "fold": (utc(2010, 11, 7, 5, 30), utc(2010, 11, 7, 5, 45)),
        "end": (utc(2010, 3, 14, 6, 0), utc(2010, 3, 14, 7, 15)),
        "plain": (utc(2010, 7, 1, 16, 0), utc(2010, 7, 1, 17, 0)),
    }


def _zoneinfo_odd(wall: datetime, zone: ZoneInfo) -> bool:
    """zoneinfo's own answer: fold 0 and fold 1 give different offsets."""
    return wall.replace(tzinfo=zone).utcoffset() != wall.replace(tzinfo=zone, fold=1).utcoffset()


def _probes(zone: ZoneInfo, first: int, last: int) -> list[datetime]:
    """Wall times at and around every change of offset in the years (found by zoneinfo alone)."""
    out = []
    moment = datetime(first, 1, 1, tzinfo=UTC)
    end = datetime(last + 1, 1, 1, tzinfo=UTC)
    step = timedelta(hours=6)
    before = moment.astimezone(zone).utcoffset()
    while moment < end:
        after = (moment + step).astimezone(zone).utcoffset()
        if after != before:
            lo, hi = moment, moment + step
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                if mid.astimezone(zone).utcoffset() == before:
                    lo = mid
                else:
                    hi = mid
            for offset in (before, after):
                wall = (hi + offset).replace(tzinfo=None)  # type: ignore[operator]
                for delta in (-3601, -3600, -1801, -60, -1, 0, 1, 60, 1799, 3599, 3600):
                    out.append(wall + timedelta(seconds=delta))
        before = after
        moment += step
    return out


@pytest.mark.parametrize(
    "tz",
    [
        NY,
        "Europe/Berlin",
        "Australia/Lord_Howe",
        "America/Havana",
        "America/Santiago",
        "Africa/Casablanca",
        "Africa/Cairo",
        "Asia/Gaza",
        "Pacific/Apia",
        "Antarctica/Troll",
        "Europe/Moscow",
        "America/Sao_Paulo",
        "Asia/Tehran",
        "Europe/Dublin",
    ],
)
def test_the_windows_agree_with_zoneinfo(tz: str) -> None:
    zone = ZoneInfo(tz)
    probes = _probes(zone, 1970, 2040)
    assert probes
    for wall in probes:
        text = wall.isoformat()
        assert is_odd(text, tz) == _zoneinfo_odd(wall, zone), (tz, text)
        if _zoneinfo_odd(wall, zone):
            want = wall.replace(tzinfo=zone).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
            assert odd_wall_utc(text, tz) == want


def test_zones_without_changes_and_far_years() -> None:
    assert not is_odd("2010-03-14T02:30:00", "UTC")
    assert not is_odd("2010-03-14T02:30:00", "Etc/GMT+5")
    assert is_odd("2199-03-10T02:30:00", NY)  # the footer's rule, to the model's last year
    assert is_odd("1918-03-31T02:30:00", NY)  # the first US summer time
    assert not is_odd("2010-03-14T02:30:00", "../etc/passwd")
