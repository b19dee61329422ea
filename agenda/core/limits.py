"""The supported range of dates and numbers, in one place (cheap: the CLI checks flags with it
before pydantic is loaded).

Events lie between 1900-01-01 and 2200-12-31: centuries from Python's limits (year 1 to 9999), so
that no conversion between zones, no duration and no window of days can step outside them. A
SEQUENCE is an RFC 5545 INTEGER, at most 2**31 - 1 (and well inside SQLite's 64-bit integers).
"""

from __future__ import annotations

from datetime import date, datetime

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)
MAX_SEQUENCE = 2**31 - 1
MAX_DEPTH = 64
"""Nesting of lists and tables named in the message about a data file too deep to parse (the
parsers stop at Python's recursion limit; the schema's own depth is under 5)."""


def range_problem(value: date, what: str) -> str | None:
    """A message when a date (or date-time) is outside the supported range, else None."""
    day = value.date() if isinstance(value, datetime) else value
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"{what}: {value.isoformat()} is outside the supported range ({FIRST_DAY} to {LAST_DAY})"
