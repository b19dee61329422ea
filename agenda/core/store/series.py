"""Series in the store (it runs no SQL itself): the columns a series' rows carry for the window
query, and the occurrences of the masters that touch a window, as rows and as stored JSON.

A master's row holds its first occurrence in `lo`/`hi` (so the longest-span bound of ordinary
rows stays short), `series` = 1, and in `series_hi` the end of its last occurrence (NULL when the
series has no end); an override's row names its series and the original start it replaces
(`recurrence_of`, `recurrence_start`). A window reads the masters whose span touches it (one
indexed query) and expands each here (agenda.core.recurrence), bounded per series, into rows
with the master's columns and the occurrence's times; the row's id is the occurrence key.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from agenda.core.limits import LAST_DAY, MAX_WINDOW_OCCURRENCES
from agenda.core.recurrence import expand, last_start, occurrence_key
from agenda.core.store.rows import EventRow, decode_row, utc_text

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from agenda.core.models import Event

Ordered = tuple[str, str, int, EventRow]
"""A row with what a window is ordered by: lo, hi, nested (as `sql.ORDER_COLUMNS`)."""
_END = datetime.combine(LAST_DAY + timedelta(days=1), time())


def series_columns(event: Event) -> tuple[int, str | None, str | None, str | None]:
    """(series, series_hi, recurrence_of, recurrence_start) of an event's row."""
    rec_start = event.recurrence_start.isoformat() if event.recurrence_start else None
    repeat = event.repeat
    if repeat is None:
        return 0, None, event.recurrence_of, rec_start
    last = last_start(event.start, repeat.rule, repeat.rdates, event.tz)
    if last is None:
        return 1, None, None, None
    if not isinstance(event.start, datetime):
        return 1, (last + (event.end_or_start - event.start)).isoformat(), None, None
    assert isinstance(last, datetime)
    last = min(last, _END - timedelta(days=2))  # a zone would overflow near year 9999
    end = event.end if isinstance(event.end, datetime) else event.start
    return 1, utc_text(_aware(last + (end - event.start), event.end_tz or event.tz)), None, None


def _aware(moment: datetime, tz: str | None) -> datetime:
    return moment.replace(tzinfo=ZoneInfo(tz) if tz else UTC)


def parse_when(text: str) -> date:
    """A stored date or wall-clock time from its ISO text."""
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


def occurrence_rows(
    masters: list[tuple[object, ...]],
    replaced: dict[str, list[date]],
    first: date | None,
    last: date | None,
    viewer_tz: str,
    *,
    per_series: int = MAX_WINDOW_OCCURRENCES,
) -> list[Ordered]:
    """The occurrences that touch the days `first`..`last` (in `viewer_tz`) of the `masters`
    (rows of `sql.window_sql(..., series=True)`), less the starts overrides replace."""
    out: list[Ordered] = []
    zone = ZoneInfo(viewer_tz)
    begin = after = None
    if first is not None:
        begin = utc_text(datetime.combine(first, time(), zone))
    if last is not None:
        after = utc_text(datetime.combine(last + timedelta(days=1), time(), zone))
    for values in masters:
        master = decode_row(values)
        repeat = json.loads(str(values[19]))
        end_tz = values[20]
        nested = int(values[18])  # type: ignore[call-overload]
        start = master.start_value
        length = master.end_value - start
        rule = repeat.get("rule")
        rdates = [parse_when(v) for v in repeat.get("rdates", ())]
        exdates = [parse_when(v) for v in repeat.get("exdates", ())]
        skip = replaced.get(master.id, [])
        if not isinstance(start, datetime):
            lo_d = first - length if first is not None else start
            hi_d = last + timedelta(days=1) if last is not None else _END.date()
            for occ in expand(
                start, rule, lo_d, hi_d, rdates=rdates, exdates=exdates, replaced=skip,
                limit=per_series,
            ):  # fmt: skip
                end = occ + length
                row = _row(master, occ, end if master.end else None)
                out.append((occ.isoformat(), end.isoformat(), nested, row))
            continue
        tz = master.tz
        here = ZoneInfo(tz) if tz else UTC
        # wall clock and UTC differ by a DST shift at most (2 h), or by the zones' offsets when the
        # end is in another zone: the window is widened by as much on the wall clock, then cut
        margin = timedelta(hours=3 if not end_tz else 30)
        lo_t: date = start
        if first is not None:
            lo_t = datetime.combine(first, time(), zone).astimezone(here).replace(tzinfo=None)
            lo_t -= length + margin
        hi_t = _END
        if last is not None:
            hi_t = datetime.combine(last + timedelta(days=1), time(), zone).astimezone(here)
            hi_t = hi_t.replace(tzinfo=None) + margin
        kept = 0
        while kept < per_series:
            found = expand(
                start, rule, lo_t, hi_t, rdates=rdates, exdates=exdates, replaced=skip, tz=tz,
                limit=per_series,
            )  # fmt: skip
            for occ in found:
                assert isinstance(occ, datetime)
                end = occ + length
                lo_text = utc_text(occ.replace(tzinfo=here))
                hi_text = lo_text
                if master.end:
                    hi_text = utc_text(_aware(end, str(end_tz) if end_tz else tz))
                if (after is not None and lo_text >= after) or (
                    begin is not None and hi_text < begin
                ):
                    continue
                row = _row(master, occ, end if master.end else None)
                out.append((lo_text, hi_text, nested, row))
                kept += 1
                if kept >= per_series:
                    break
            if len(found) < per_series:
                break
            lo_t = found[-1] + timedelta(microseconds=1)  # the margin used up the cap: read on
    return out


def _row(master: EventRow, occ: date, end: date | None) -> EventRow:
    return master._replace(
        id=occurrence_key(master.id, occ),
        start=occ.isoformat(),
        end=end.isoformat() if end is not None else None,
        series_id=master.id,
        occurrence=occ.isoformat(),
    )


def in_order(rows: list[Ordered]) -> list[EventRow]:
    """The rows as a window orders them: lo, hi descending, nested, id (as the SQL does)."""
    rows.sort(key=lambda r: r[3].id)
    rows.sort(key=lambda r: r[2])
    rows.sort(key=lambda r: r[1], reverse=True)
    rows.sort(key=lambda r: r[0])
    return [r[3] for r in rows]


def occurrence_data(master_data: str, occ: date) -> str | None:
    """The stored JSON of one occurrence of the series stored as `master_data`, that starts at
    `occ` (its original start): the master's fields, the occurrence's times and key, no repeat,
    and `recurrence_of`/`recurrence_start` set (saved, it becomes an override). None when the
    series has no occurrence there."""
    data = json.loads(master_data)
    repeat = data.get("repeat")
    if not repeat:
        return None
    start = parse_when(data["start"])
    if isinstance(start, datetime) != isinstance(occ, datetime):
        return None
    rdates = [parse_when(v) for v in repeat.get("rdates", ())]
    exdates = [parse_when(v) for v in repeat.get("exdates", ())]
    after = occ + (timedelta(seconds=1) if isinstance(occ, datetime) else timedelta(days=1))
    found = expand(
        start, repeat.get("rule"), occ, after, rdates=rdates, exdates=exdates, tz=data.get("tz")
    )
    if found != [occ]:
        return None
    if data.get("end") is not None:
        data["end"] = (occ + (parse_when(data["end"]) - start)).isoformat()
    master_id = data["id"]
    data.update(
        id=occurrence_key(master_id, occ),
        start=occ.isoformat(),
        recurrence_of=master_id,
        recurrence_start=occ.isoformat(),
    )
    del data["repeat"]
    return json.dumps(data, ensure_ascii=False)
