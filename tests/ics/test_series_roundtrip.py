"""Import → export → import keeps every occurrence at the same instant (issue 14, point 4).

For the 15 valid files of `tests/ics/fixtures` and the recurring-event quirk files of
`tests/ics/fixtures/series` (as Google, Outlook and Apple write them), the occurrences are read by
an independent reader, the `ical` package, expanding each file over one window: the source file,
agenda's export of it, and agenda's export after importing that export again must list the same
occurrences (title, start and end, as instants; dates for all-day ones; wall clock for floating
ones). The store is reached through the same calls as `agenda import` and `agenda export`.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from ical.calendar_stream import IcsCalendarStream

from agenda.core.clock import fixed_clock
from agenda.core.store import EventStore
from agenda.ics import import_ics, write_events
from tests.conftest import NOW

FIXTURES = Path(__file__).parent / "fixtures"
VALID = [
    "apple.ics",
    "bom.ics",
    "components.ics",
    "custom-tzid.ics",
    "date-vs-datetime.ics",
    "duration.ics",
    "floating.ics",
    "folded.ics",
    "google.ics",
    "lf-only.ics",
    "lowercase.ics",
    "no-dtend.ics",
    "outlook.ics",
    "recurrence.ics",
    "utc.ics",
]
QUIRKS = sorted(p.name for p in (FIXTURES / "series").glob("*.ics"))
WINDOW = (datetime(1990, 1, 1, tzinfo=UTC), datetime(2027, 7, 1, tzinfo=UTC))
"""The occurrences compared: every one of the fixtures' finite series, and a few years of the
endless ones."""

Occurrence = tuple[str, str, str]


def _moment(value: date | datetime) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return "floating " + value.isoformat()
        return value.astimezone(UTC).isoformat()
    return "day " + value.isoformat()


_NAME = re.compile(r"^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$")


def _as_ical_reads(data: bytes) -> str:
    """The same calendar in the spelling the `ical` package accepts; each change is one RFC 5545
    says means the same, so the reading stays independent of agenda's:

    - lines unfolded before decoding (a fold may split a UTF-8 character, folded.ics);
    - property and parameter names, VALUE types and enumerated values (BEGIN/END, STATUS,
      TRANSP, CLASS) in capitals (RFC 5545 3.2 says they are case-insensitive; `ical` refuses
      lowercase.ics otherwise);
    - a VTIMEZONE observance with neither RRULE nor RDATE gets `RDATE` = its DTSTART (its one
      onset, RFC 5545 3.6.5): `ical` 14 otherwise finds no observance and reads such a zone
      (Outlook's "Russian Standard Time", Thunderbird's fixed zones) as UTC.
    """
    text = re.sub(rb"\r?\n[ \t]", b"", data).removeprefix(b"\xef\xbb\xbf").decode()
    out: list[str] = []
    observance: list[str] | None = None
    for line in text.replace("\r\n", "\n").split("\n"):
        m = _NAME.match(line)
        if m:
            name, params, value = m[1].upper(), m[2], m[3]
            params = re.sub(r";([A-Za-z0-9-]+)=", lambda p: f";{p[1].upper()}=", params)
            params = re.sub(r";VALUE=([A-Za-z-]+)", lambda p: f";VALUE={p[1].upper()}", params)
            if name in ("BEGIN", "END", "STATUS", "TRANSP", "CLASS"):
                value = value.upper()
            line = f"{name}{params}:{value}"
            if name == "BEGIN" and value in ("STANDARD", "DAYLIGHT"):
                observance = []
            elif name == "END" and value in ("STANDARD", "DAYLIGHT") and observance is not None:
                if not any(x.startswith(("RRULE", "RDATE")) for x in observance):
                    start = next(x for x in observance if x.startswith("DTSTART"))
                    out.append("RDATE:" + start.split(":", 1)[1])
                observance = None
            elif observance is not None:
                observance.append(line)
        if line:
            out.append(line)
    return "\r\n".join(out) + "\r\n"


def occurrences(data: bytes) -> Counter[Occurrence]:
    """Every occurrence `ical` reads in the file within WINDOW."""
    calendar = IcsCalendarStream.calendar_from_ics(_as_ical_reads(data))
    found: Counter[Occurrence] = Counter()
    for event in calendar.timeline_tz(UTC).overlapping(*WINDOW):
        found[(event.summary or "", _moment(event.start), _moment(event.end))] += 1
    return found


def _import_then_export(data: bytes, tmp_path: Path, name: str) -> bytes:
    source = tmp_path / name
    source.write_bytes(data)
    store = EventStore(":memory:", clock=fixed_clock(NOW))
    try:
        report = import_ics(store, source, today=NOW.date())
        assert not report.rejected, report.rejected
        out = tmp_path / ("exported-" + name)
        write_events(store.window_data(None, None), out, "roundtrip", now=NOW)
        return out.read_bytes()
    finally:
        store.close()


KNOWN: dict[str, list[str]] = {
    # `ical` reads an all-day DTEND equal to DTSTART as an event of no length; agenda, as most
    # apps, as one day (docs/ics.md) and writes the exclusive DTEND of that day.
    "date-vs-datetime.ics": [
        "missing ('DTEND equal to DTSTART', 'day 2021-09-17', 'day 2021-09-17')",
        "extra ('DTEND equal to DTSTART', 'day 2021-09-17', 'day 2021-09-18')",
    ],
    # DURATION:PT10H from 22:00 CEST on the night summer time ends: RFC 5545 (3.3.6) counts hours
    # as exact time, 06:00Z (07:00 CET), as agenda does; `ical` adds them to the wall clock.
    "duration.ics": [
        "missing ('Overnight across the DST change', '2021-10-30T20:00:00+00:00', "
        "'2021-10-31T07:00:00+00:00')",
        "extra ('Overnight across the DST change', '2021-10-30T20:00:00+00:00', "
        "'2021-10-31T06:00:00+00:00')",
    ],
}
"""Where the reader and agenda read the source differently, and why: exactly these differences."""


def _differences(want: Counter[Occurrence], got: Counter[Occurrence]) -> list[str]:
    return [f"missing {o}" for o in sorted(want - got)] + [f"extra {o}" for o in sorted(got - want)]


@pytest.mark.parametrize(
    "name", [*VALID, *(f"series/{q}" for q in QUIRKS)], ids=lambda n: n.removeprefix("series/")
)
def test_import_export_import_keeps_every_occurrence(name: str, tmp_path: Path) -> None:
    source = (FIXTURES / name).read_bytes()
    want = occurrences(source)
    assert want, "the reader found no occurrence: the fixture tests nothing"
    first = _import_then_export(source, tmp_path, "first.ics")
    assert _differences(want, occurrences(first)) == KNOWN.get(name, [])
    second = _import_then_export(first, tmp_path, "second.ics")
    assert _differences(occurrences(first), occurrences(second)) == []


def test_the_quirk_files_hold_the_cases_of_issue_14() -> None:
    """Each quirk is really in a fixture, so that a cleanup cannot drop one unnoticed."""
    text = {q: (FIXTURES / "series" / q).read_text() for q in QUIRKS}
    everything = "\n".join(text.values())
    assert set(QUIRKS) >= {"google-weekly.ics", "outlook-series.ics", "apple-series.ics"}
    for needle in (
        "RECURRENCE-ID;TZID=",  # a moved occurrence
        "RECURRENCE-ID;VALUE=DATE:",  # an all-day override
        "RRULE:FREQ=YEARLY\n",  # an all-day yearly series
        "EXDATE:20231114T150000Z",  # an EXDATE in UTC for a zoned series
        "UNTIL=20231128T145959Z",  # an UNTIL in UTC
        "RDATE;TZID=America/New_York:20231201T100000,20231215T100000",  # an RDATE list
        'TZID="W. Europe Standard Time"',  # Outlook's zone names
        "X-MICROSOFT-CDO-",
        "X-APPLE-",
        "X-GOOGLE-",
    ):
        assert needle in everything, needle
    # the override of 5 December falls outside the rule (UNTIL 28 November)
    assert "RECURRENCE-ID;TZID=America/New_York:20231205T100000" in text["apple-series.ics"]


def test_the_quirk_series_stay_series_through_the_round_trip(tmp_path: Path) -> None:
    """Each series is one event with its rule and one event per override, before and after."""
    store = EventStore(":memory:", clock=fixed_clock(NOW))
    again = EventStore(":memory:", clock=fixed_clock(NOW))
    try:
        for name in QUIRKS:
            import_ics(store, FIXTURES / "series" / name)
        events = {e.id: e for e in store.get_many(r.id for r in store.window())}
        masters = {i for i, e in events.items() if e.repeat is not None}
        overrides = {i: e for i, e in events.items() if e.recurrence_of is not None}
        assert len(events) == 12 and len(masters) == 7 and len(overrides) == 5
        assert {e.recurrence_of for e in overrides.values()} <= masters
        council = next(e for e in events.values() if e.title == "Deputies' monthly council")
        assert council.repeat is not None and council.repeat.exdates == [
            datetime(2023, 10, 12, 10),
            datetime(2023, 12, 14, 10),
        ]
        moscow = next(e for e in overrides.values() if e.tz == "Europe/Moscow")
        # Outlook's override in another zone: its original start on the series' clock
        assert moscow.recurrence_start == datetime(2023, 11, 9, 10)
        out = tmp_path / "all.ics"
        write_events(store.window_data(None, None), out, "roundtrip", now=NOW)
        text = out.read_bytes().decode()
        vevents = text.split("END:VTIMEZONE\r\n")[-1]  # (VTIMEZONEs have RRULEs of their own)
        assert vevents.count("RECURRENCE-ID") == 5 and vevents.count("\r\nRRULE:") == 7
        report = import_ics(again, out)
        assert sorted(report.added) == sorted(events)
        for event_id, event in events.items():
            back = again.get(event_id)
            assert (back.repeat, back.recurrence_of, back.recurrence_start) == (
                event.repeat,
                event.recurrence_of,
                event.recurrence_start,
            )
        assert len(import_ics(again, out).unchanged) == len(events)
    finally:
        store.close()
        again.close()
