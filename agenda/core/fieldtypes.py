"""The model's field types: what one field of an event accepts, and how it is read and written.

Each is an `Annotated` type with its validators (a date or a datetime from ISO text, never from
a number; an IANA zone; one line without control characters; sizes within agenda.core.limits;
an iCalendar content line; a reminder offset such as "1d"). `agenda.core.models` builds the
Event and its parts from them; the rules that need several fields stay there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema

from agenda.core.calendar_names import calendar_name_problem
from agenda.core.limits import MAX_LINE, MAX_TEXT, MAX_TITLE, size_problem
from agenda.core.reminders import MAX_REMINDERS, offset_text, parse_offset
from agenda.core.zones import zone_problem

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _check_zone(name: str | None) -> str | None:
    if name is None:
        return None
    problem = zone_problem(name)
    if problem:
        raise ValueError(problem)
    return name


def _parse_when(value: Any) -> Any:
    """Read ISO text as a date when it has no time part, else as a datetime."""
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)"
            ) from None
    return _no_number(value)


def _no_number(value: Any) -> Any:
    if isinstance(value, int | float):
        # pydantic would read it as seconds since 1970: `start = 20210916` became 22 Aug 1970
        raise ValueError(
            f"{value!r} is a number, not a date: write it as text, such as '2021-09-16'"
        )
    return value


def _one_line(value: Any) -> Any:
    """Titles and names are one line: line breaks become spaces, control characters go."""
    if isinstance(value, str):
        return _CONTROL.sub("", value.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    return value


MAX_PARTICIPANTS = 1_000
"""Named participants one event may list: a summit names dozens; a 20,000-name mailing list
pasted into ATTENDEEs is no list of participants, and every view of the event would carry it."""


def check_participant_count(value: Any) -> Any:
    # checked before the items are: 20,000 of them are refused without validating each
    if isinstance(value, list | tuple) and len(value) > MAX_PARTICIPANTS:
        raise ValueError(
            f"{len(value):,} participants; at most {MAX_PARTICIPANTS:,} per event "
            "(name the groups rather than every person)"
        )
    return value


def _at_most(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        problem = size_problem(len(value), limit)
        if problem:
            raise ValueError(problem)
        return value

    return check


When = Annotated[datetime | date, BeforeValidator(_parse_when)]
Day = Annotated[date, BeforeValidator(_no_number)]
Moment = Annotated[datetime, BeforeValidator(_no_number)]
Zone = Annotated[str | None, AfterValidator(_check_zone)]
Line = Annotated[str, BeforeValidator(_one_line)]
Title = Annotated[
    str,
    BeforeValidator(_one_line),
    AfterValidator(_at_most(MAX_TITLE)),
    Field(json_schema_extra={"maxLength": MAX_TITLE}),  # stated for editors; checked above
]
"""A title: one line of at most MAX_TITLE characters (agenda.core.limits)."""
Text = Annotated[
    str, AfterValidator(_at_most(MAX_TEXT)), Field(json_schema_extra={"maxLength": MAX_TEXT})
]
"""A description, notes or an outcome: at most MAX_TEXT characters."""

_CONTENT_LINE = re.compile(
    r"^[A-Za-z0-9-]+(;[^\x00-\x08\x0a-\x1f\x7f]*)?:[^\x00-\x08\x0a-\x1f\x7f]*$"
)


def _content_line(value: str) -> str:
    """One unfolded iCalendar content line, NAME[;PARAMS]:VALUE, with no line break in it, of at
    most MAX_LINE bytes (the reader refuses a longer one: it could not come back)."""
    if len(value) > MAX_LINE // 4 and len(value.encode("utf-8", "surrogatepass")) > MAX_LINE:
        size = len(value.encode("utf-8", "surrogatepass"))
        raise ValueError(
            f"{value[:20]!r}...: {size:,} bytes long; at most {MAX_LINE:,} in one content line"
        )
    if not _CONTENT_LINE.match(value):
        raise ValueError(
            f"{value[:40]!r} is not one iCalendar content line (NAME:VALUE, no breaks)"
        )
    return value


ContentLine = Annotated[str, AfterValidator(_content_line)]


def _calendar_name(value: Any) -> Any:
    if isinstance(value, str):
        problem = calendar_name_problem(value.strip())
        if problem:
            raise ValueError(problem)
        return value.strip()
    return value


CalendarName = Annotated[str, AfterValidator(_calendar_name)]
"""The name of a calendar: one short line without commas (see `calendar_name_problem`)."""


def _offset(value: Any) -> Any:
    if isinstance(value, str):
        return parse_offset(value)
    if isinstance(value, timedelta):
        return value
    raise ValueError(f"{value!r} is not a reminder; write it as text such as '1d' or '2h'")


def check_reminder_count(value: Any) -> Any:
    # one reminder per offset, earliest first: the same reminders are the same content
    if isinstance(value, list | tuple) and len(value) > MAX_REMINDERS:
        raise ValueError(f"{len(value)} reminders; at most {MAX_REMINDERS} per event")
    return value


Offset = Annotated[
    timedelta,
    BeforeValidator(_offset),
    PlainSerializer(offset_text, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^([0-9]+[wdhm])+$",
            "description": "time before the start: 1d, 2h, 30m, 1w, 1d12h (at most 4w)",
        }
    ),
]
"""A reminder: how long before the start, read from and written as "1d", "2h", "1d12h"."""
