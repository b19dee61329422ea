"""The VTIMEZONEs agenda writes give zoneinfo's offsets when another program reads them.

Each VTIMEZONE is read by an independent reader (the `ical` package, Home Assistant's strict
parser; and dateutil's `tz.tzical`, the reader under vobject and Radicale), and the offset it
gives for wall-clock times across the covered years equals `zoneinfo`'s: at noon on every day
(every tenth day for the sweep over all zones) and an hour and a few minutes either side of
every change. Times that do not exist or occur twice are left out: readers that find the
observance from the wall clock cannot tell those apart, and RFC 5545 settles them by rule.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from dateutil import tz as dateutil_tz
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo

from agenda.ics.vtimezone import vtimezone

ODD_ZONES = [
    "Europe/Berlin",
    "America/Sao_Paulo",  # summer time abolished in 2019
    "Africa/Casablanca",  # Ramadan breaks
    "Australia/Lord_Howe",  # 30-minute summer time
    "Europe/Dublin",  # negative summer time
    "Pacific/Chatham",  # +12:45 / +13:45
    "Asia/Gaza",  # Saturday changes, Ramadan
    "Europe/Moscow",  # 2011, 2014
    "Asia/Almaty",  # 2024
    "Pacific/Apia",  # skipped a day in 2011
    "America/Santiago",
    "Asia/Tehran",  # abolished 2022
    "Africa/Cairo",  # reinstated 2023
    "America/Havana",  # midnight changes
    "Antarctica/Troll",  # two-hour summer time
    "America/Nuuk",
    "Asia/Kathmandu",  # no change in the period
    "Etc/GMT+5",  # never a change
]


def _wrap(text: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//test//EN\r\n"
        + text
        + "BEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20250101T000000Z\r\n"
        + "DTSTART:20250101T000000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def _readers(zone: str, text: str) -> dict[str, object]:
    cal = IcsCalendarStream.calendar_from_ics(_wrap(text))
    (timezone,) = cal.timezones
    assert timezone.tz_id == zone
    import io

    return {
        "ical": IcsTimezoneInfo.from_timezone(timezone),
        "dateutil": dateutil_tz.tzical(io.StringIO(text)).get(zone),
    }


def _plain(zone: ZoneInfo, wall: datetime) -> bool:
    """Neither skipped nor repeated: fold 0 and fold 1 agree and the time survives UTC and back."""
    a, b = wall.replace(tzinfo=zone), wall.replace(tzinfo=zone, fold=1)
    if a.utcoffset() != b.utcoffset():
        return False
    return a.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


def _walls(zone: ZoneInfo, first: int, last: int, every_days: int) -> list[datetime]:
    walls = []
    day = datetime(first, 1, 1, 12)
    while day.year <= last:
        walls.append(day)
        day += timedelta(days=every_days)
    # each change: the old and the new clock just before and after it
    t = datetime(first, 1, 1, tzinfo=UTC) - timedelta(days=1)
    end = datetime(last + 1, 1, 1, tzinfo=UTC)
    step = timedelta(hours=6 if every_days == 1 else 48)  # no zone changes twice in two days
    while t < end:
        nxt = t + step
        if t.astimezone(zone).utcoffset() != nxt.astimezone(zone).utcoffset():
            lo, hi = t, nxt
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                if mid.astimezone(zone).utcoffset() == lo.astimezone(zone).utcoffset():
                    lo = mid
                else:
                    hi = mid
            for delta in (-3600, -240, -60, 60, 240, 3600, 86400, -86400)[
                :: 1 if every_days == 1 else 2
            ]:
                walls.append(
                    (hi + timedelta(seconds=delta))
                    .astimezone(zone)
                    .replace(tzinfo=None, second=0, microsecond=0, fold=0)
                )
        t = nxt
    return [w for w in walls if first <= w.year <= last and _plain(zone, w)]


def _check(
    zone_name: str, first: int, last: int, every_days: int, readers: tuple[str, ...]
) -> None:
    text = vtimezone(zone_name, first, last).decode()
    zone = ZoneInfo(zone_name)
    found = _readers(zone_name, text)
    for wall in _walls(zone, first, last, every_days):
        want = wall.replace(tzinfo=zone).utcoffset()
        for name in readers:
            got = found[name].utcoffset(wall)  # type: ignore[attr-defined]
            assert got == want, f"{name} reads {zone_name} {wall} as {got}, zoneinfo {want}\n{text}"


@pytest.mark.parametrize("zone", ODD_ZONES)
@pytest.mark.parametrize("years", [(2010, 2035), (2024, 2024), (1975, 1985)])
def test_readers_give_zoneinfos_offsets(zone: str, years: tuple[int, int]) -> None:
    _check(zone, *years, every_days=1, readers=("ical", "dateutil"))


def test_every_iana_zone_2010_2035() -> None:
    """All zones, coarser: noon every 30th day and around every change, read by dateutil."""
    from agenda.ics.vtimezone import _tzif

    seen: set[bytes] = set()
    for zone in sorted(available_timezones()):
        data = _tzif(zone)
        if data not in seen:  # links (Asia/Calcutta, US/Eastern...) are the same file
            seen.add(data)
            _check(zone, 2010, 2035, every_days=30, readers=("dateutil",))


def test_rules_not_rdate_lists() -> None:
    berlin = vtimezone("Europe/Berlin", 2016, 2035).decode()
    assert berlin == (
        "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
        "BEGIN:STANDARD\r\nDTSTART:20151025T030000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
        "TZNAME:CET\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:20160327T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
        "TZNAME:CEST\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\n"
        "END:VTIMEZONE\r\n"
    )
    # abolished summer time: rules bounded by COUNT, the last change on its own (DTSTART = RDATE)
    sao_paulo = vtimezone("America/Sao_Paulo", 2016, 2035).decode()
    assert (
        "DTSTART:20160221T000000\r\nRRULE:FREQ=YEARLY;COUNT=4;BYDAY=3SU;BYMONTH=2\r\n" in sao_paulo
    )
    assert (
        "DTSTART:20181104T000000\r\nRDATE:20181104T000000\r\nTZNAME:-02\r\n"
        "TZOFFSETFROM:-0300\r\nTZOFFSETTO:-0200\r\n"
    ) in sao_paulo
    assert "UNTIL" not in sao_paulo and sao_paulo.count("RDATE") == 1


def test_fast_and_cached() -> None:
    vtimezone.cache_clear()
    t0 = time.perf_counter()
    for zone in ODD_ZONES:
        vtimezone(zone, 2016, 2035)
    assert time.perf_counter() - t0 < 1.0
    assert vtimezone("Europe/Berlin", 2016, 2035) is vtimezone("Europe/Berlin", 2016, 2035)
