"""The supported range of dates and numbers, in one place (cheap: the CLI checks flags with it
before pydantic is loaded).

Events lie between 1900-01-01 and 2200-12-31: centuries from Python's limits (year 1 to 9999), so
that no conversion between zones, no duration and no window of days can step outside them. A
SEQUENCE is an RFC 5545 INTEGER, at most 2**31 - 1 (and well inside SQLite's 64-bit integers).

Sizes no calendar needs are refused (docs/ics.md, "Limits"): a 10 MB SUMMARY is no title, and
every list, search and export would carry it. The per-field limits are in the model (every path
validates through it); the line and file limits in the readers (agenda.ics.lines, datafile).
"""

from __future__ import annotations

from datetime import date, datetime

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)
MAX_SEQUENCE = 2**31 - 1
MAX_DEPTH = 64
"""Nesting of lists and tables named in the message about a data file too deep to parse (the
parsers stop at Python's recursion limit; the schema's own depth is under 5)."""


MAX_TITLE = 1_000
"""Characters in a title (SUMMARY): a long official name is under 300."""
MAX_TEXT = 100_000
"""Characters in a description, notes or an outcome (DESCRIPTION): some 40 pages of text."""
MAX_LINE = 8 * 1024 * 1024
"""Bytes in one iCalendar content line after unfolding (8 MB): room for a long DESCRIPTION, an
inline ATTACH or agenda's own X-AGENDA-JSON of a very large event, not for a file
smuggled into one property."""
MAX_FILE = 1024 * 1024 * 1024
"""Bytes in one input file, .ics or data file (1 GB): agenda's own export of 100,000 events is
166 MB, so an archive several times that size still comes back in. A regular file is checked by
its size before it is read, stdin while it is read."""
MAX_WINDOW_OCCURRENCES = 1_000
"""Occurrences of one recurring series in one window read (agenda.core.recurrence): a month of
an hourly series is 744; a `FREQ=SECONDLY` series with no end cannot flood a listing, the UI or
the feed."""


def size_problem(length: int, limit: int) -> str | None:
    """ "12,345 characters; at most 1,000" when `length` is past `limit`, else None."""
    if length <= limit:
        return None
    return f"{length:,} characters; at most {limit:,}"


def range_problem(value: date, what: str) -> str | None:
    """A message when a date (or date-time) is outside the supported range, else None."""
    day = value.date() if isinstance(value, datetime) else value
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"{what}: {value.isoformat()} is outside the supported range ({FIRST_DAY} to {LAST_DAY})"
