"""What the reader and the writer of iCalendar share, and the one place where the exclusive DTEND
of all-day events is handled (house rule 8): the error, the end conversions, the statuses,
the form of a series' UNTIL.

In the model an all-day event on the 15th-17th ends on the 17th; in iCalendar its DTEND is the 18th.
`exclusive_end` and `inclusive_end` are the only conversions between the two.
Imports nothing else of `agenda.ics`, so every module of the package may import it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from agenda.core.errors import IcsError

__all__ = [
    "ICS_TO_STATUS",
    "STATUS_TO_ICS",
    "IcsError",
    "exclusive_end",
    "inclusive_end",
    "until_as_start",
]

STATUS_TO_ICS = {
    "confirmed": "CONFIRMED",
    "held": "CONFIRMED",
    "cancelled": "CANCELLED",
    "announced": "TENTATIVE",
    "tentative": "TENTATIVE",
    "postponed": "TENTATIVE",
}

ICS_TO_STATUS = {"CONFIRMED": "confirmed", "TENTATIVE": "tentative", "CANCELLED": "cancelled"}


def exclusive_end(last_day: date) -> date:
    """The DTEND of an all-day event whose last day (inclusive) is `last_day`."""
    return last_day + timedelta(days=1)


def inclusive_end(dtstart: date, dtend: date) -> date:
    """The model's inclusive last day from an all-day DTEND (exclusive by RFC 5545).

    A DTEND equal to DTSTART (written by some apps for one-day events) means that one day.
    """
    return max(dtstart, dtend - timedelta(days=1))


_UNTIL = re.compile(r"UNTIL=(\d{8})(?:T(\d{6})(Z?))?")


@lru_cache(maxsize=1024)
def until_as_start(rule: str, clock: str | None) -> str:
    """The rule with its UNTIL of the value type of DTSTART, as RFC 5545 wants (Home Assistant's
    `ical` refuses the file, calcurse the event, otherwise): a date for an all-day series
    (`clock` None), a floating time for a floating one (""), a UTC time for a zoned one. The
    model also takes a day for a timed series, meaning the whole of that day on its clock
    (`agenda.core.recurrence`), and a wall time without Z on the series' own clock."""

    def fix(m: re.Match[str]) -> str:
        day, clock_time, zulu = m[1], m[2], m[3]
        if clock is None:
            return f"UNTIL={day}"
        wall = datetime.strptime(day + (clock_time or "235959"), "%Y%m%d%H%M%S")
        if not clock:  # floating: a UTC instant has no zone to move to, so its wall time
            return f"UNTIL={wall:%Y%m%dT%H%M%S}"
        if zulu:
            return m[0]
        moment = wall.replace(tzinfo=UTC if clock == "UTC" else ZoneInfo(clock))
        return f"UNTIL={moment.astimezone(UTC):%Y%m%dT%H%M%S}Z"

    return _UNTIL.sub(fix, rule)
