"""Reminders: how long before an event's start someone wants to be told, and which reminders
fall due in a stretch of time. Pure: no I/O, no pydantic (`agenda remind` reads the stored JSON
of the few events near the window and must stay cheap), the clock is the caller's.

An offset is written as people write it: "1d", "2h", "30m", "1w", "1d12h" ("0m": at the start).
The model stores it as this text (`offset_text`, e.g. "1d12h"), the data file and the store
likewise; iCalendar writes it as a VALARM TRIGGER ("-P1DT12H", `trigger_text`).

When a reminder fires: a timed event's start is an instant in its zone; an all-day event starts
at midnight, and a floating one at its wall-clock time, in the viewer's zone.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from typing import Any, NamedTuple
else:
    from agenda.core.records import NamedTuple

MAX_OFFSET = timedelta(weeks=4)
"""The longest time before the start a reminder may come: it bounds the window that
`agenda remind` reads (events starting within `--within` plus this), so that it never scans."""

MAX_WITHIN = timedelta(weeks=53)
"""The furthest ahead `agenda remind --within` looks."""

MAX_REMINDERS = 10
"""Reminders one event may carry."""

_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60}
_EXAMPLE = "write it as 1d, 2h, 30m, 1w or 1d12h"


def parse_offset(
    text: str, *, limit: timedelta = MAX_OFFSET, what: str = "before the start"
) -> timedelta:
    """ "1d" -> 1 day; ValueError with a one-line reason for anything else (or past `limit`)."""
    raw = text.strip().lower().replace(" ", "")
    if not raw:
        raise ValueError(f"an empty reminder; {_EXAMPLE}")
    seconds = 0
    number = ""
    seen: list[str] = []
    for char in raw:
        if char.isascii() and char.isdigit():
            number += char
        elif char in _UNITS and number and char not in seen:
            seconds += int(number) * _UNITS[char]
            seen.append(char)
            number = ""
        else:
            raise ValueError(f"{text!r} is not a time {what}; {_EXAMPLE}")
    if number:
        raise ValueError(f"{text!r} has no unit after {number}; {_EXAMPLE}")
    offset = timedelta(seconds=seconds)
    if offset > limit:
        raise ValueError(f"{text!r} is more than {offset_text(limit)} {what}")
    return offset


def offset_text(offset: timedelta) -> str:
    """The short form of an offset: "1d12h", "2h", "30m", "4w"; "0m" for none."""
    seconds = int(offset.total_seconds())
    parts = []
    for unit, size in _UNITS.items():
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0m"


def trigger_text(offset: timedelta) -> str:
    """The offset as a VALARM TRIGGER relative to the start: "-P1D", "-PT2H", "-P1DT12H"."""
    seconds = int(offset.total_seconds())
    if seconds == 0:
        return "PT0S"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = "-P" + (f"{days}D" if days else "")
    if hours or minutes or secs:
        text += "T" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
        text += f"{secs}S" if secs else ""
    return text


class Due(NamedTuple):
    """One reminder that falls due: when, for which event, and how long before its start."""

    at: datetime
    """When the reminder fires (aware, UTC)."""
    starts: datetime
    """When the event starts (aware, UTC)."""
    offset: timedelta
    id: str
    title: str
    all_day: bool


def start_instant(raw: dict[str, Any], viewer_tz: str) -> datetime:
    """When an event (its stored JSON) starts, as an aware datetime (see the module docstring)."""
    text = str(raw["start"])
    if len(text) == 10:
        day = date.fromisoformat(text)
        return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(viewer_tz))
    wall = datetime.fromisoformat(text)
    return wall.replace(tzinfo=ZoneInfo(raw.get("tz") or viewer_tz))


def due(events: list[dict[str, Any]], begin: datetime, end: datetime, viewer_tz: str) -> list[Due]:
    """The reminders of `events` (stored JSON) that fire in [begin, end), earliest first.
    Cancelled events remind no one."""
    from datetime import UTC

    out: list[Due] = []
    for raw in events:
        if raw.get("status") == "cancelled":
            continue
        starts = start_instant(raw, viewer_tz)
        for text in raw.get("reminders", ()):
            offset = parse_offset(text)
            at = starts - offset
            if begin <= at < end:
                out.append(
                    Due(
                        at.astimezone(UTC),
                        starts.astimezone(UTC),
                        offset,
                        raw["id"],
                        raw["title"],
                        len(str(raw["start"])) == 10,
                    )
                )
    out.sort(key=lambda d: (d.at, d.starts, d.id))
    return out
