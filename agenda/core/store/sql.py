"""The SQL of the window and search queries, built from `Filters` with parameters only.

`window_sql` selects the rows that touch a range of days in the viewer's zone (an overlap
predicate on the indexed bounds) and pass the filters; `fts_query` turns what a person typed into
a safe FTS5 query. `EventStore` runs them; nothing here opens or writes a store.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from agenda.core.store.rows import ROW_COLUMNS, Filters, utc_text


def _json_list(values: object) -> str:
    """`values` as a JSON array parameter; json is imported only when a filter needs it."""
    import json

    return json.dumps(values)


ORDER_COLUMNS = "lo, hi, parent_id IS NOT NULL AS nested"
"""The columns a window is ordered by (start, end, children after parents)."""


STARTING_WITH_REMINDERS = (
    "SELECT data FROM events WHERE all_day = ? AND lo >= ? AND lo <= ?"
    " AND json_array_length(data, '$.reminders') > 0"
)
"""The stored JSON of the all-day (1) or timed (0) events that start from one bound to the
other and carry reminders: a range scan of `events_window`, the JSON read for those rows only."""


def words_of(text: str) -> list[str]:
    """`re.findall(r"\\w+", text)`: the runs of letters, digits and "_" (what `\\w` matches in a
    str pattern is `str.isalnum()` or "_"), without importing re (~1.5 ms of `agenda search`)."""
    words: list[str] = []
    start = None
    for i, char in enumerate(text):
        if char.isalnum() or char == "_":
            if start is None:
                start = i
        elif start is not None:
            words.append(text[start:i])
            start = None
    if start is not None:
        words.append(text[start:])
    return words


def fts_query(text: str) -> str | None:
    """Turn what a person typed into a safe FTS5 query: every word, as a prefix, all required."""
    words = words_of(text)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


YEARLY_SLACK_DAYS = 31
"""The longest occurrence (in days) of a yearly series that a window may leave out by the month and
day of its start (`yearly_term`); a series of longer occurrences is always read."""


def yearly_term(first: date, last: date) -> tuple[str, list[object]] | None:
    """A condition on a master's row that leaves out a series that cannot occur in the days
    `first`..`last`, without expanding it; None when it would keep every series anyway.

    A yearly rule with no BY* part and no RDATE occurs on the month and day of its first start
    each year (FREQ=YEARLY, as dateutil reads it: the 29th of February only in leap years). Its
    occurrence, on the series' wall clock, starts no later than 3 days after the window (zones'
    offsets differ by less than 2 days) and ends no sooner than 3 days before it, so a series
    of occurrences no longer than `YEARLY_SLACK_DAYS` whose start's month and day is outside
    those days has none in the window. Any other series (and any row the test cannot read)
    is kept: the window's expansion decides (tests/unit/test_series_prune.py checks the two
    agree over random rules, zones and windows)."""
    try:
        lo = first - timedelta(days=YEARLY_SLACK_DAYS + 3)
        hi = last + timedelta(days=3)
    except OverflowError:
        return None
    if (hi - lo).days >= 365:
        return None  # every month and day is in reach
    day = "substr(start, 6, 5)"  # 'MM-DD' of the wall-clock start, all-day or timed
    inside = f"{day} BETWEEN ? AND ?" if lo.year == hi.year else f"({day} >= ? OR {day} <= ?)"
    rule = "';' || upper(coalesce(json_extract(series_data, '$.rule'), '')) || ';'"
    yearly = (
        f"instr({rule}, ';FREQ=YEARLY;') > 0 AND instr({rule}, 'BY') = 0"
        " AND json_type(series_data, '$.rdates') IS NULL"
        f" AND (end IS NULL OR julianday(end) - julianday(start) <= {YEARLY_SLACK_DAYS})"
    )
    return f"CASE WHEN {yearly} THEN {inside} ELSE 1 END", [f"{lo:%m-%d}", f"{hi:%m-%d}"]


def window_sql(
    conn: sqlite3.Connection,
    first: date | None,
    last: date | None,
    filters: Filters,
    viewer_tz: str,
    *,
    series: bool = False,
    columns: str | None = None,
    prune: bool = False,
) -> tuple[str, list[object]]:
    """The SELECT of the rows (`ROW_COLUMNS` and `ORDER_COLUMNS`) that touch the days
    `first`..`last` in `viewer_tz` and pass `filters`, and its parameters; not ordered.

    Each bound is an overlap predicate on the indexed bounds, narrowed by the longest span stored
    (read from `meta` on `conn`): all-day rows by their dates, timed rows by UTC instants. With
    a bound, series masters are left out; `series` selects them instead: the masters whose span
    touches the window, with their `series_data` (agenda.core.store.series expands them).
    With no bound at all, every row is selected once, masters included (`series`: none).
    `columns`: other columns than those. `prune` (with `series`): leave out the masters that
    `yearly_term` shows have no occurrence in the window.
    """
    where: list[str] = []
    params: list[object] = []
    # each list is one JSON parameter: a term or a "?" per value overflowed sqlite's
    # expression depth (1,000) or its parameter count with a few thousand values
    if filters.kinds:
        where.append("kind IN (SELECT value FROM json_each(?))")
        params.append(_json_list(filters.kinds))
    if filters.statuses:
        where.append("status IN (SELECT value FROM json_each(?))")
        params.append(_json_list(filters.statuses))
    if filters.orgs:
        # orgs is "|SCO|CSTO|": a code matches whole, never as a LIKE pattern
        where.append("EXISTS (SELECT 1 FROM json_each(?) WHERE instr(orgs, '|' || value || '|'))")
        params.append(_json_list(sorted({o.upper() for o in filters.orgs})))
    if filters.countries:
        where.append("country COLLATE NOCASE IN (SELECT value FROM json_each(?))")
        params.append(_json_list(filters.countries))
    if filters.calendars:
        where.append("calendar IN (SELECT value FROM json_each(?))")
        params.append(_json_list(filters.calendars))
    if filters.text is not None:
        query = fts_query(filters.text)
        if query is None:
            where.append("0")
        else:
            where.append("rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
            params.append(query)
    extra = "".join(f" AND {w}" for w in where)
    if first is None and last is None:
        if series:  # a window with no bounds lists each series once, as its own row
            return "SELECT 1 WHERE 0", []
        return f"SELECT {ROW_COLUMNS}, {ORDER_COLUMNS} FROM events WHERE 1{extra}", params
    zone = ZoneInfo(viewer_tz)
    day_parts, timed_parts = [], []
    day_params: list[object] = []
    timed_params: list[object] = []
    if series:
        # a master's row spans its series: lo (first start) .. series_hi (last end, NULL: none)
        day_parts.append("series = 1")
        timed_parts.append("series = 1")
        if first is not None:
            begin = utc_text(datetime(first.year, first.month, first.day, tzinfo=zone))
            day_parts.append("(series_hi IS NULL OR series_hi >= ?)")
            day_params.append(first.isoformat())
            timed_parts.append("(series_hi IS NULL OR series_hi >= ?)")
            timed_params.append(begin)
            term = yearly_term(first, last) if prune and last is not None else None
            if term is not None:
                day_parts.append(term[0])
                day_params += term[1]
                timed_parts.append(term[0])
                timed_params += term[1]
    elif first is not None:
        span_day, span_timed = conn.execute(
            "SELECT (SELECT value FROM meta WHERE key='span_all_day'),"
            " (SELECT value FROM meta WHERE key='span_timed')"
        ).fetchone()
        day_parts += ["hi >= ?", "lo >= ?"]
        day_params += [first.isoformat(), (first - timedelta(days=span_day)).isoformat()]
        begin = utc_text(datetime(first.year, first.month, first.day, tzinfo=zone))
        reach = utc_text(
            datetime(first.year, first.month, first.day, tzinfo=zone)
            - timedelta(seconds=span_timed)
        )
        timed_parts += ["hi >= ?", "lo >= ?"]
        timed_params += [begin, reach]
    if last is not None:
        day_parts.append("lo <= ?")
        day_params.append(last.isoformat())
        after = last + timedelta(days=1)
        timed_parts.append("lo < ?")
        timed_params.append(utc_text(datetime(after.year, after.month, after.day, tzinfo=zone)))
    if not series:
        day_parts.append("series = 0")
        timed_parts.append("series = 0")
    cols = columns or f"{ROW_COLUMNS}, {ORDER_COLUMNS}"
    sql = (
        f"SELECT {cols} FROM events WHERE all_day = 1 AND {' AND '.join(day_parts)}{extra}"
        f" UNION ALL "
        f"SELECT {cols} FROM events WHERE all_day = 0 AND {' AND '.join(timed_parts)}{extra}"
    )
    return sql, day_params + params + timed_params + params
