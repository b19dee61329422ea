"""Reminders as iCalendar VALARMs, both ways (issue 16.4).

Writing: one `BEGIN:VALARM` / `ACTION:DISPLAY` / `TRIGGER:-P1D` / `DESCRIPTION:<title>` /
`END:VALARM` per reminder, inside the VEVENT.

Reading (`take_alarms`): a DISPLAY alarm whose TRIGGER is relative to the start (the default
`RELATED=START`) and at or before it becomes a reminder; an absolute TRIGGER
(`VALUE=DATE-TIME`, in UTC) becomes the time between it and the start. What a reminder cannot
hold stays a raw property that `agenda export` writes back unchanged: alarms of another ACTION
(AUDIO, EMAIL, PROCEDURE), triggers relative to the end or after the start, or more than
`MAX_OFFSET` before it. A DISPLAY alarm's REPEAT and DURATION, and its own DESCRIPTION, are not
kept (the calendar's notes say so). docs/ics.md lists these rules.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from agenda.core.reminders import MAX_OFFSET, offset_text, parse_offset, trigger_text
from agenda.ics.escape import fold_str
from agenda.ics.lines import Line, parse_line

_DURATION_UNITS = {"W": 604800, "D": 86400, "H": 3600, "M": 60, "S": 1}


def valarms(reminders: list[str], title: str) -> str:
    """The VALARM blocks of an event's reminders (its stored "1d" texts), each line folded and
    ended; `title` is already escaped as TEXT."""
    out = []
    for text in reminders:
        trigger = trigger_text(parse_offset(text))
        out.append(
            "BEGIN:VALARM\r\nACTION:DISPLAY\r\n"
            f"TRIGGER:{trigger}\r\n{fold_str('DESCRIPTION:' + title)}\r\nEND:VALARM\r\n"
        )
    return "".join(out)


def _duration(value: str) -> timedelta | None:
    """An RFC 5545 dur-value ("-P1DT2H", "PT15M", "P1W") or None when it is not one."""
    text = value.strip().upper()
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    if not text.startswith("P") or len(text) < 3:
        return None
    seconds, number, in_time = 0, "", False
    for char in text[1:]:
        if char == "T" and not in_time and not number:
            in_time = True
        elif char.isascii() and char.isdigit():
            number += char
        elif char in _DURATION_UNITS and number and (in_time == (char in "HMS") or char == "M"):
            if char == "M" and not in_time:
                return None  # months are not durations
            seconds += int(number) * _DURATION_UNITS[char]
            number = ""
        else:
            return None
    if number:
        return None
    return timedelta(seconds=sign * seconds)


def _start_instant(start: date, tz: str | None) -> datetime:
    if not isinstance(start, datetime):
        return datetime(start.year, start.month, start.day, tzinfo=UTC)
    return start.replace(tzinfo=ZoneInfo(tz)) if tz else start.replace(tzinfo=UTC)


def _offset_of(lines: list[Line], start: date, tz: str | None) -> timedelta | None:
    """The reminder a VALARM holds, or None when it is not one (see the module docstring)."""
    action = next((ln for ln in lines if ln.name == "ACTION"), None)
    trigger = next((ln for ln in lines if ln.name == "TRIGGER"), None)
    if action is None or trigger is None or action.value.strip().upper() != "DISPLAY":
        return None
    if trigger.params.get("VALUE", "DURATION").upper() == "DATE-TIME":
        text = trigger.value.strip().upper()
        try:
            moment = datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except ValueError:
            return None
        offset = _start_instant(start, tz) - moment
    else:
        if trigger.params.get("RELATED", "START").upper() != "START":
            return None
        before = _duration(trigger.value)
        if before is None:
            return None
        offset = -before
    minutes = timedelta(minutes=offset // timedelta(minutes=1))
    if minutes != offset or not timedelta(0) <= offset <= MAX_OFFSET:
        return None
    return offset


def take_alarms(
    kept: list[str], start: date, tz: str | None, notes: set[str]
) -> tuple[list[str], list[str]]:
    """(reminders as "1d" texts, the kept lines without the VALARMs that became reminders)."""
    reminders: list[str] = []
    rest: list[str] = []
    block: list[str] = []
    depth = 0
    for text in kept:
        name = text.split(":", 1)[0].split(";", 1)[0].upper()
        value = text.split(":", 1)[1].strip().upper() if ":" in text else ""
        if depth == 0 and not (name == "BEGIN" and value == "VALARM"):
            rest.append(text)
            continue
        block.append(text)
        if name == "BEGIN":
            depth += 1
        elif name == "END":
            depth -= 1
        if depth:
            continue
        lines = [parse_line(t, 0, "") for t in block[1:-1]]
        offset = _offset_of(lines, start, tz)
        if offset is None or any(ln.name == "BEGIN" for ln in lines):
            rest += block
        else:
            reminders.append(offset_text(offset))
            if any(ln.name in ("REPEAT", "DURATION") for ln in lines):
                notes.add("a reminder's REPEAT and DURATION (VALARM) were not kept")
        block = []
    rest += block  # an alarm left open: kept as it was
    return reminders, rest
