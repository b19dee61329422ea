"""Reminders as VALARMs (issue 16.4): written as DISPLAY alarms, read back from relative and
absolute TRIGGERs; what a reminder cannot hold stays a kept raw property."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from agenda.core.models import parse_event
from agenda.core.reminders import parse_offset, trigger_text
from agenda.core.store import EventStore
from agenda.ics import export_events, import_ics
from agenda.ics.alarms import _duration, take_alarms
from tests.conftest import NOW


@pytest.mark.parametrize(
    ("text", "trigger"),
    [("1d", "-P1D"), ("2h", "-PT2H"), ("1d12h", "-P1DT12H"), ("30m", "-PT30M"),
     ("1w", "-P7D"), ("0m", "PT0S"), ("1h30m", "-PT1H30M")],
)  # fmt: skip
def test_an_offset_is_written_as_a_trigger_that_reads_back(text: str, trigger: str) -> None:
    assert trigger_text(parse_offset(text)) == trigger
    assert _duration(trigger) == -parse_offset(text)


@pytest.mark.parametrize("bad", ["P1M", "PT1D", "P", "1D", "-P1X", "P1DT1H1", ""])
def test_what_is_not_a_duration_is_none(bad: str) -> None:
    assert _duration(bad) is None


def _alarm(*lines: str) -> list[str]:
    return ["BEGIN:VALARM", *lines, "END:VALARM"]


def test_take_alarms_keeps_what_a_reminder_cannot_hold() -> None:
    start = datetime(2026, 12, 10, 10, 0)  # 09:00 UTC in Paris
    kept = [
        "X-OTHER:1",
        *_alarm("ACTION:DISPLAY", "TRIGGER:-PT15M", "DESCRIPTION:r"),
        *_alarm("ACTION:DISPLAY", "TRIGGER;VALUE=DATE-TIME:20261209T090000Z", "REPEAT:2",
                "DURATION:PT5M"),
        *_alarm("ACTION:AUDIO", "TRIGGER:-PT5M"),
        *_alarm("ACTION:DISPLAY", "TRIGGER;RELATED=END:PT0S"),
        *_alarm("ACTION:DISPLAY", "TRIGGER:PT10M"),  # after the start
        *_alarm("ACTION:DISPLAY", "TRIGGER:-P30D"),  # past MAX_OFFSET
        *_alarm("ACTION:DISPLAY", "TRIGGER:-PT30S"),  # not whole minutes
    ]  # fmt: skip
    notes: set[str] = set()
    reminders, rest = take_alarms(kept, start, "Europe/Paris", notes)
    assert reminders == ["15m", "1d"]
    assert rest == [
        "X-OTHER:1",
        *_alarm("ACTION:AUDIO", "TRIGGER:-PT5M"),
        *_alarm("ACTION:DISPLAY", "TRIGGER;RELATED=END:PT0S"),
        *_alarm("ACTION:DISPLAY", "TRIGGER:PT10M"),
        *_alarm("ACTION:DISPLAY", "TRIGGER:-P30D"),
        *_alarm("ACTION:DISPLAY", "TRIGGER:-PT30S"),
    ]
    assert notes == {"a reminder's REPEAT and DURATION (VALARM) were not kept"}


def test_an_absolute_trigger_of_an_all_day_event_counts_from_midnight_utc() -> None:
    kept = _alarm("ACTION:DISPLAY", "TRIGGER;VALUE=DATE-TIME:20261209T180000Z")
    assert take_alarms(kept, date(2026, 12, 10), None, set()) == (["6h"], [])


def test_reminders_go_out_as_valarms_and_come_back(tmp_path: Path) -> None:
    event = parse_event(
        {"id": "r-1", "title": "Summit; Dushanbe", "start": "2026-12-10T10:00",
         "tz": "Asia/Dushanbe", "reminders": ["2h", "1d"]}
    )  # fmt: skip
    text = export_events([event], now=NOW)
    assert text.count("BEGIN:VALARM\r\nACTION:DISPLAY\r\n") == 2
    assert "TRIGGER:-P1D\r\nDESCRIPTION:Summit\\; Dushanbe\r\nEND:VALARM\r\n" in text
    assert "TRIGGER:-PT2H\r\n" in text
    path = tmp_path / "r.ics"
    path.write_text(text, encoding="utf-8", newline="")
    with EventStore(":memory:") as store:
        import_ics(store, path, today=NOW.date())
        back = store.get("r-1")
    assert back.reminders == [timedelta(days=1), timedelta(hours=2)]
    assert back.ical_properties == []
    assert back.content() == event.content()
