"""The day view's grid worked out without widgets: each timed event of a day as a block in the
viewer's zone (at least half an hour long, cut at the day's edges), one column per place (events of
one place that do not overlap share a column, so that two meetings at the same hour in different
cities stand side by side), and the hours the grid shows (8 to 20 at least).

`agenda.ui.timeline` lays the grid out in half-hour slot lines and flags the slots where two places
are busy at once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from agenda.core.store import EventRow

Columns = list[tuple[str, list[tuple[datetime, datetime]]]]
"""Per column: its place and the (start, end) blocks in it."""
Placed = list[tuple[EventRow, datetime, datetime, int]]
"""Per timed event: its row, its block's start and end (naive, viewer's zone) and its column."""


def day_columns(
    timed: list[EventRow], day: date, viewer_tz: str
) -> tuple[Columns, Placed, int, int] | None:
    """(columns, placed events, first hour, last hour) of `day`'s grid; None when none of the
    timed rows has time on that day in the viewer's zone."""
    zone = ZoneInfo(viewer_tz)
    blocks: list[tuple[EventRow, datetime, datetime, str]] = []
    for row in timed:
        start, end = row.start_value, row.end_value
        assert isinstance(start, datetime) and isinstance(end, datetime)
        if row.tz:
            start = start.replace(tzinfo=ZoneInfo(row.tz)).astimezone(zone)
            end = end.replace(tzinfo=ZoneInfo(row.end_tz or row.tz)).astimezone(zone)
        start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
        begin = datetime(day.year, day.month, day.day)
        start, end = (
            max(start, begin),
            min(max(end, start + timedelta(minutes=30)), begin + timedelta(days=1)),
        )
        if end <= begin or start >= begin + timedelta(days=1):
            continue
        place = row.city or row.country or "(no place)"
        blocks.append((row, start, end, place))
    if not blocks:
        return None
    blocks.sort(key=lambda b: (b[1], b[3]))
    columns: Columns = []
    placed: Placed = []
    for row, start, end, place in blocks:
        col = next(
            (
                i
                for i, (p, spans) in enumerate(columns)
                if p == place and all(e <= start or s >= end for s, e in spans)
            ),
            None,
        )
        if col is None:
            columns.append((place, []))
            col = len(columns) - 1
        columns[col][1].append((start, end))
        placed.append((row, start, end, col))
    lo = min(8, min(s.hour for _, s, _, _ in placed))
    hi = max(20, max(e.hour + (1 if e.minute else 0) for _, _, e, _ in placed))
    hi = min(hi, 24)
    return columns, placed, lo, hi
