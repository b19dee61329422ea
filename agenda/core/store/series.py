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

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from agenda.core.limits import LAST_DAY, MAX_WINDOW_OCCURRENCES
from agenda.core.store.rows import EventRow, utc_text
from agenda.core.zones import zone as held_zone

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from typing import Any

    from agenda.core.models import Event

Ordered = tuple[str, str, int, EventRow]
"""A row with what a window is ordered by: lo, hi, nested (as `sql.ORDER_COLUMNS`)."""
_END = datetime.combine(LAST_DAY + timedelta(days=1), time())


def series_columns(
    event: Event,
) -> tuple[int, str | None, str | None, str | None, str | None]:
    """(series, series_hi, series_data, recurrence_of, recurrence_start) of an event's row."""
    import json  # here, not at the top: json imports re (issue 13.4)

    from agenda.core.recurrence import last_start  # here: list imports it only for a series

    rec_start = event.recurrence_start.isoformat() if event.recurrence_start else None
    repeat = event.repeat
    if repeat is None:
        return 0, None, None, event.recurrence_of, rec_start
    held = repeat.model_dump(mode="json", exclude_defaults=True)
    if event.end_tz:
        held["end_tz"] = event.end_tz
    data = json.dumps(held, ensure_ascii=False)
    last = last_start(event.start, repeat.rule, repeat.rdates, event.tz)
    if last is None:
        return 1, None, data, None, None
    if not isinstance(event.start, datetime):
        return 1, (last + (event.end_or_start - event.start)).isoformat(), data, None, None
    assert isinstance(last, datetime)
    last = min(last, _END - timedelta(days=2))  # a zone would overflow near year 9999
    end = event.end if isinstance(event.end, datetime) else event.start
    hi = utc_text(_aware(last + (end - event.start), event.end_tz or event.tz))
    return 1, hi, data, None, None


def _aware(moment: datetime, tz: str | None) -> datetime:
    return moment.replace(tzinfo=held_zone(tz) if tz else UTC)


def _utc_text(moment: datetime, zone: tzinfo) -> str:
    """`rows.utc_text` of a wall-clock time in `zone` (isoformat: strftime costs twice as much,
    and a window reads thousands of these)."""
    text = moment.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None).isoformat()
    return text[:19]


def parse_when(text: str) -> date:
    """A stored date or wall-clock time from its ISO text."""
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


MASTER_COLUMNS = "id, start, end, tz, series_data"
"""What the expansion of a master reads (`occurrence_hits`), first in the row a window reads."""

Hit = tuple[str, str, str, date, "date | None"]
"""One occurrence in a window: master id, lo and hi (as the window index), start, end."""


def occurrence_hits(
    masters: list[tuple[object, ...]],
    replaced: dict[str, list[date]],
    first: date | None,
    last: date | None,
    viewer_tz: str,
    *,
    per_series: int = MAX_WINDOW_OCCURRENCES,
) -> list[Hit]:
    """The occurrences that touch the days `first`..`last` (in `viewer_tz`) of the `masters`
    (rows that begin with `MASTER_COLUMNS`), less the starts overrides replace."""
    import json  # here, not at the top: json imports re (issue 13.4)

    from agenda.core.recurrence import expand  # here: list imports it only for a series

    out: list[Hit] = []
    viewer = held_zone(viewer_tz)
    begin = after = None
    if first is not None:
        begin = utc_text(datetime.combine(first, time(), viewer))
    if last is not None:
        after = utc_text(datetime.combine(last + timedelta(days=1), time(), viewer))
    walls: dict[str | None, tuple[datetime | None, datetime | None]] = {}
    """The window's bounds on each zone's wall clock."""
    for master in masters:
        master_id, start_text, end_text, tz, data = master[:5]
        sid = str(master_id)
        repeat = json.loads(str(data))
        end_tz = repeat.get("end_tz")
        start = parse_when(str(start_text))
        ends = end_text is not None
        length = (parse_when(str(end_text)) - start) if ends else timedelta(0)
        rule = repeat.get("rule")
        rdates = [parse_when(v) for v in repeat.get("rdates", ())]
        exdates = [parse_when(v) for v in repeat.get("exdates", ())]
        skip = replaced.get(sid, [])
        if not isinstance(start, datetime):
            lo_d = first - length if first is not None else start
            hi_d = last + timedelta(days=1) if last is not None else _END.date()
            for occ in expand(
                start, rule, lo_d, hi_d, rdates=rdates, exdates=exdates, replaced=skip,
                limit=per_series,
            ):  # fmt: skip
                end = occ + length
                out.append((sid, occ.isoformat(), end.isoformat(), occ, end if ends else None))
            continue
        zone_name = str(tz) if tz else None
        here: ZoneInfo | timezone = held_zone(zone_name) if zone_name else UTC
        there = held_zone(end_tz) if end_tz else here
        # wall clock and UTC differ by a DST shift at most (2 h), or by the zones' offsets when the
        # end is in another zone: the window is widened by as much on the wall clock, then cut
        margin = timedelta(hours=3 if not end_tz else 30)
        wall = walls.get(zone_name)
        if wall is None:
            wall = walls[zone_name] = (
                datetime.combine(first, time(), viewer).astimezone(here).replace(tzinfo=None)
                if first is not None
                else None,
                datetime.combine(last + timedelta(days=1), time(), viewer)
                .astimezone(here)
                .replace(tzinfo=None)
                if last is not None
                else None,
            )
        lo_t: date = wall[0] - length - margin if wall[0] is not None else start
        hi_t = wall[1] + margin if wall[1] is not None else _END
        kept = 0
        while kept < per_series:
            found = expand(
                start, rule, lo_t, hi_t, rdates=rdates, exdates=exdates, replaced=skip,
                tz=zone_name, limit=per_series,
            )  # fmt: skip
            for occ in found:
                assert isinstance(occ, datetime)
                end = occ + length
                lo_text = _utc_text(occ, here)
                hi_text = _utc_text(end, there) if ends else lo_text
                if (after is not None and lo_text >= after) or (
                    begin is not None and hi_text < begin
                ):
                    continue
                out.append((sid, lo_text, hi_text, occ, end if ends else None))
                kept += 1
                if kept >= per_series:
                    break
            if len(found) < per_series:
                break
            lo_t = found[-1] + timedelta(microseconds=1)  # the margin used up the cap: read on
    return out


def occurrence_rows(hits: list[Hit], masters: dict[str, tuple[EventRow, int]]) -> list[Ordered]:
    """The rows of the `hits`, each its master's row (`masters`: row and nested, by id) with the
    occurrence's key and times."""
    from agenda.core.recurrence import occurrence_key  # here: list imports it only for a series

    out: list[Ordered] = []
    for sid, lo, hi, occ, end in hits:
        master, nested = masters[sid]
        row = master._replace(
            id=occurrence_key(sid, occ),
            start=occ.isoformat(),
            end=end.isoformat() if end is not None else None,
            series_id=sid,
            occurrence=occ.isoformat(),
        )
        out.append((lo, hi, nested, row))
    return out


def in_order(rows: list[Ordered]) -> list[EventRow]:
    """The rows as a window orders them: lo, hi descending, nested, id (as the SQL does)."""
    rows.sort(key=lambda r: r[3].id)
    rows.sort(key=lambda r: r[2])
    rows.sort(key=lambda r: r[1], reverse=True)
    rows.sort(key=lambda r: r[0])
    return [r[3] for r in rows]


def occurrence_data(master_data: str | dict[str, Any], occ: date) -> str | None:
    """The stored JSON of one occurrence of the series stored as `master_data` (or that JSON
    read, left unchanged), that starts at `occ` (its original start): the master's fields, the
    occurrence's times and key, no repeat, and `recurrence_of`/`recurrence_start` set (saved, it
    becomes an override). None when the series has no occurrence there."""
    import json  # here, not at the top: json imports re (issue 13.4)

    from agenda.core.recurrence import (  # here: list imports it only for a series
        expand,
        occurrence_key,
    )

    data = json.loads(master_data) if isinstance(master_data, str) else dict(master_data)
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
