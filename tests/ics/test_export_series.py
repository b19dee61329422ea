"""Export of series: RRULE/RDATE/EXDATE on the master, overrides by UID and RECURRENCE-ID on the
series' clock, the same bytes with --jobs, and an occurrence written without its series."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from agenda.core.models import Event, parse_event
from agenda.ics import export_events, read_events, write_events
from tests.conftest import NOW

SERIES = {
    "id": "council",
    "title": "Monthly council",
    "kind": "meeting",
    "start": "2023-09-14T10:00:00",
    "end": "2023-09-14T12:00:00",
    "tz": "Europe/Berlin",
    "repeat": {
        "rule": "FREQ=MONTHLY;BYDAY=2TH;UNTIL=20240314T090000Z",
        "rdates": ["2024-04-04T10:00:00"],
        "exdates": ["2023-10-12T10:00:00", "2023-12-14T10:00:00"],
    },
}
MOSCOW = {
    "id": "council-moscow",
    "title": "Monthly council (in Moscow)",
    "kind": "meeting",
    "start": "2023-11-09T14:00:00",
    "end": "2023-11-09T16:00:00",
    "tz": "Europe/Moscow",
    "recurrence_of": "council",
    "recurrence_start": "2023-11-09T10:00:00",
}
YEARLY = {
    "id": "anniversary",
    "title": "Anniversary",
    "kind": "other",
    "start": "2021-09-16",
    "repeat": {"rule": "FREQ=YEARLY", "exdates": ["2024-09-16"]},
}
YEARLY_OVERRIDE = {
    "id": "anniversary/20250916",
    "title": "Anniversary (two days)",
    "kind": "other",
    "start": "2025-09-16",
    "end": "2025-09-17",
    "recurrence_of": "anniversary",
    "recurrence_start": "2025-09-16",
}


def _events() -> list[Event]:
    # the overrides first: the writer must not need the series before them
    return [parse_event(d) for d in (MOSCOW, YEARLY_OVERRIDE, SERIES, YEARLY)]


def _vevents(text: str) -> list[str]:
    return [c.split("END:VEVENT")[0] for c in text.split("BEGIN:VEVENT\r\n")[1:]]


def test_a_series_and_its_overrides_are_written_as_one() -> None:
    text = export_events(_events(), now=NOW)
    masters, overrides = _vevents(text)[:2], _vevents(text)[2:]
    council = next(v for v in masters if "UID:council\r\n" in v)
    assert "RRULE:FREQ=MONTHLY;BYDAY=2TH;UNTIL=20240314T090000Z\r\n" in council
    assert "RDATE;TZID=Europe/Berlin:20240404T100000\r\n" in council
    assert "EXDATE;TZID=Europe/Berlin:20231012T100000,20231214T100000\r\n" in council
    yearly = next(v for v in masters if "UID:anniversary\r\n" in v)
    assert "RRULE:FREQ=YEARLY\r\n" in yearly and "EXDATE;VALUE=DATE:20240916\r\n" in yearly
    moscow = next(v for v in overrides if "Moscow" in v)
    # in its own zone, but its RECURRENCE-ID on the series' clock
    assert "DTSTART;TZID=Europe/Moscow:20231109T140000\r\n" in moscow
    assert "UID:council\r\nRECURRENCE-ID;TZID=Europe/Berlin:20231109T100000\r\n" in moscow
    two_days = next(v for v in overrides if "two days" in v)
    assert "UID:anniversary\r\nRECURRENCE-ID;VALUE=DATE:20250916\r\n" in two_days
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Moscow" in text


def test_parallel_export_of_series_writes_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    import agenda.ics.stream

    monkeypatch.setattr(agenda.ics.stream, "_PARALLEL_CHUNK", 1)  # series and overrides apart
    texts = [e.model_dump_json(exclude_defaults=True) for e in _events()]
    serial, parallel = io.BytesIO(), io.BytesIO()
    assert write_events(texts, serial, now=NOW) == 4
    assert write_events(iter(texts), parallel, now=NOW, workers=2) == 4
    assert parallel.getvalue() == serial.getvalue()


def test_an_occurrence_written_without_its_series_is_an_event_of_its_own() -> None:
    text = export_events([parse_event(MOSCOW)], now=NOW)
    (alone,) = _vevents(text)
    assert "UID:council-moscow\r\n" in alone and "RECURRENCE-ID" not in alone


def _rule_line(d: dict[str, object]) -> str:
    text = export_events([parse_event(d)], now=NOW)
    return next(line for line in text.split("\r\n") if line.startswith("RRULE:"))


@pytest.mark.parametrize(
    ("start", "tz", "until", "written"),
    [
        # a zoned series: RFC 5545 wants UNTIL in UTC; a day means the whole of it on the
        # series' clock (23:59:59 in Istanbul, UTC+2 in January)
        ("2016-01-15T06:00:00", "Europe/Istanbul", "20160120", "UNTIL=20160120T215959Z"),
        ("2016-01-15T06:00:00", "Europe/Istanbul", "20160120T060000", "UNTIL=20160120T040000Z"),
        ("2016-01-15T06:00:00", "Europe/Istanbul", "20160120T040000Z", "UNTIL=20160120T040000Z"),
        ("2016-01-15T06:00:00", "UTC", "20160120", "UNTIL=20160120T235959Z"),
        # a floating series: UNTIL on the same floating clock
        ("2016-01-15T06:00:00", None, "20160120", "UNTIL=20160120T235959"),
        ("2016-01-15T06:00:00", None, "20160120T060000Z", "UNTIL=20160120T060000"),
        # an all-day series: UNTIL a date
        ("2016-01-15", None, "20160120T000000Z", "UNTIL=20160120"),
    ],
)
def test_until_is_written_as_the_kind_of_the_start(
    start: str, tz: str | None, until: str, written: str
) -> None:
    """Home Assistant's `ical` refuses the whole file, calcurse the event, when a timed
    series ends with a bare date (seen on a generated 1k export)."""
    d: dict[str, object] = {
        "id": "flight",
        "title": "Daily flight",
        "kind": "other",
        "start": start,
        "repeat": {"rule": f"FREQ=DAILY;UNTIL={until};INTERVAL=1"},
    }
    if tz:
        d["tz"] = tz
    assert _rule_line(d) == f"RRULE:FREQ=DAILY;{written};INTERVAL=1"


def test_a_day_until_comes_back_as_written(tmp_path: Path) -> None:
    """What agenda wrote in UTC for RFC 5545 is read back as the rule the store kept (X-AGENDA-JSON
    agrees with the RRULE), so a sync or a re-import sees no change."""
    d = {
        "id": "flight",
        "title": "Daily flight",
        "kind": "other",
        "start": "2016-01-15T06:00:00",
        "tz": "Europe/Istanbul",
        "repeat": {"rule": "FREQ=DAILY;UNTIL=20160120"},
    }
    path = tmp_path / "flight.ics"
    path.write_text(export_events([parse_event(d)], now=NOW), encoding="utf-8")
    (event,), _, _ = read_events(path, "flight.ics")
    assert event.repeat is not None and event.repeat.rule == "FREQ=DAILY;UNTIL=20160120"
    # another program's RRULE with a different end is the file's, not the JSON's
    path.write_text(path.read_text().replace("UNTIL=20160120T215959Z", "UNTIL=20160118T215959Z"))
    (event,), _, _ = read_events(path, "flight.ics")
    assert event.repeat is not None and event.repeat.rule == "FREQ=DAILY;UNTIL=20160118T215959Z"
