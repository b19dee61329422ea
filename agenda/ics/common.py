"""What the reader and the writer of iCalendar share, and the one place where the exclusive DTEND
of all-day events is handled (house rule 8): the error, the end conversions, the statuses.

In the model an all-day event on the 15th-17th ends on the 17th; in iCalendar its DTEND is the 18th.
`exclusive_end` and `inclusive_end` are the only conversions between the two.
Imports nothing else of `agenda.ics`, so every module of the package may import it.
"""

from __future__ import annotations

from datetime import date, timedelta

from agenda.core.errors import IcsError

__all__ = ["ICS_TO_STATUS", "STATUS_TO_ICS", "IcsError", "exclusive_end", "inclusive_end"]

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
