"""Conflicts: one person at overlapping times in two different places. Pure: rows, stored JSON
and events in, conflicts out; the callers (the App, `agenda show`) read the store (house rule 3).

`conflicts(events)` gives the verdict. Building an `Event` costs ~1 ms, so the callers first
narrow the field with what they have read: `reach(rows, shown)` says which days beyond the
shown ones may hold the other side of a clash, and `find(rows, data)` builds only the events
whose stored JSON may clash (a participant shared with another event at an overlapping time,
in another place) and returns the verdict on those.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from agenda.core import storedjson
from agenda.core.schedule import row_first_day, row_last_day
from agenda.core.zones import zone

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from typing import Any, NamedTuple

    from agenda.core.models import Event
    from agenda.core.store import EventRow, EventStore
else:
    from agenda.core.records import NamedTuple

_DAY = timedelta(days=1)
_MINUTE = timedelta(minutes=1)


class Conflict(NamedTuple):
    """Another event the same person attends at an overlapping time in a different place."""

    other_id: str
    other_title: str
    person: str
    here: str
    there: str


def _place(event: Event) -> str | None:
    loc = event.location
    if loc is None:
        return None
    return ", ".join(x for x in (loc.city, loc.country) if x) or loc.venue


def _family(a: Event, b: Event) -> bool:
    return a.parent_id == b.id or b.parent_id == a.id


def _span(event: Event) -> tuple[datetime, datetime]:
    """Instants an event covers: all-day events cover whole days (UTC)."""
    return span_of(event.start, event.end, event.tz, event.end_tz)


def span_of(
    start: date, end: date | None, tz: str | None, end_tz: str | None
) -> tuple[datetime, datetime]:
    """`_span` of an event's times (naive UTC): an all-day event's whole days; a timed one from
    its start to its end (in `end_tz`, else `tz`; floating: read as UTC), a minute at least."""
    if not isinstance(start, datetime):
        last = end if end is not None else start
        return (
            datetime(start.year, start.month, start.day),
            datetime(last.year, last.month, last.day) + _DAY,
        )
    begin = _utc(start, tz)
    finish = _utc(end, end_tz or tz) if isinstance(end, datetime) else begin
    return begin, max(finish, begin + _MINUTE)


def _utc(moment: datetime, tz: str | None) -> datetime:
    """`Event.start_utc` of a wall-clock time in `tz`, naive."""
    if tz is None:
        return moment
    return moment.replace(tzinfo=zone(tz)).astimezone(UTC).replace(tzinfo=None)


def _raw_span(raw: Mapping[str, Any], row: EventRow) -> tuple[datetime, datetime]:
    """`span_of` the stored JSON of an event; whole days a day wider each side (the old, safe
    reach) when its times cannot be read."""
    try:
        start = _when(raw["start"])
        end = _when(raw["end"]) if raw.get("end") is not None else None
        if isinstance(start, datetime) == isinstance(end or start, datetime):
            return span_of(start, end, raw.get("tz"), raw.get("end_tz"))
    except (KeyError, TypeError, ValueError, OverflowError):
        pass
    first, last = row_first_day(row) - _DAY, row_last_day(row) + 2 * _DAY
    return datetime(first.year, first.month, first.day), datetime(last.year, last.month, last.day)


def _when(text: str) -> date:
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


def conflicts(events: list[Event]) -> dict[str, list[Conflict]]:
    """Events that overlap in time for the same participant in different places.

    Events with no day of their own, cancelled events and parent/child pairs (a session within
    a visit) are never in conflict. Returns each conflicting event id with its conflicts.
    """
    candidates = [
        e
        for e in events
        if e.participants and e.is_day_known() and e.status.value != "cancelled" and _place(e)
    ]
    spans = sorted(((_span(e), e) for e in candidates), key=lambda item: item[0][0])
    found: dict[str, list[Conflict]] = {}
    for i, ((_a_start, a_end), a) in enumerate(spans):
        people = {p.name.casefold(): p.name for p in a.participants}
        for (b_start, _b_end), b in spans[i + 1 :]:
            if b_start >= a_end:
                break
            if _family(a, b) or _place(a) == _place(b):
                continue
            for p in b.participants:
                if p.name.casefold() in people:
                    here, there = _place(a) or "", _place(b) or ""
                    found.setdefault(a.id, []).append(Conflict(b.id, b.title, p.name, here, there))
                    found.setdefault(b.id, []).append(Conflict(a.id, a.title, p.name, there, here))
                    break
    return found


def reach(
    rows: Sequence[EventRow], shown: tuple[date, date] | None = None
) -> list[tuple[date, date]]:
    """The days whose events may clash with `rows`, merged into runs, in order.

    A shown event can clash with one the period or the filters leave out (a visit that began
    before the month, a meeting the kind filter hides): the other side lies within the days the
    rows cover, a day more each side (the days are the viewer's, the clash is in UTC). With
    `shown` (the first and last day already read whole, unfiltered) those days are left out.
    """
    spans = sorted(
        (row_first_day(r) - _DAY, row_last_day(r) + _DAY)
        for r in rows
        if not r.approximate and r.status != "cancelled"
    )
    runs: list[tuple[date, date]] = []
    for lo, hi in spans:
        if runs and lo <= runs[-1][1] + _DAY:
            runs[-1] = (runs[-1][0], max(runs[-1][1], hi))
        else:
            runs.append((lo, hi))
    if shown is None:
        return runs
    first, last = shown
    return [
        piece
        for lo, hi in runs
        for piece in ((lo, min(hi, first - _DAY)), (max(lo, last + _DAY), hi))
        if piece[0] <= piece[1]
    ]


def candidates(rows: Mapping[str, EventRow], data: Iterable[str]) -> list[str]:
    """The stored JSON (`data`, of events among `rows`) of the events that may clash: those that
    share a participant with another one at an overlapping time (`span_of`, as `conflicts`
    reads it), in another place and not its parent or child. Read without building models: the
    verdict is `conflicts`' (on these alone it finds what it finds on all)."""
    may: list[tuple[datetime, datetime, set[str], str, _Where]] = []
    for text in data:
        if '"participants"' not in text or '"location"' not in text:
            continue
        raw = storedjson.loads(text)
        row = rows.get(raw.get("id", ""))
        if row is None or row.approximate or raw.get("status") == "cancelled":
            continue
        names = {str(p.get("name", "")).casefold() for p in raw.get("participants", [])}
        where = _Where(row.id, raw.get("parent_id"), _raw_place(raw.get("location") or {}))
        may.append((*_raw_span(raw, row), names, text, where))
    may.sort(key=lambda m: m[0])
    build: set[int] = set()
    for i, (_lo, hi, names, _, here) in enumerate(may):
        for j in range(i + 1, len(may)):
            if may[j][0] >= hi:
                break
            if names & may[j][2] and _apart(here, may[j][4]):
                build.update((i, j))
    return [may[i][3] for i in sorted(build)]


class _Where(NamedTuple):
    id: str
    parent_id: str | None
    place: str | None


def _raw_place(loc: dict[str, str]) -> str | None:
    """`_place` of the stored JSON of a location."""
    return ", ".join(x for x in (loc.get("city"), loc.get("country")) if x) or loc.get("venue")


def _apart(a: _Where, b: _Where) -> bool:
    """Whether two events may be in conflict by where they are (as `conflicts` judges): each has
    a place, not the same one, and neither is the other's parent."""
    return (
        a.place is not None
        and b.place is not None
        and a.place != b.place
        and a.parent_id != b.id
        and b.parent_id != a.id
    )


def find(rows: Mapping[str, EventRow], data: Iterable[str]) -> dict[str, list[Conflict]]:
    """`conflicts` of the events of `rows` whose stored JSON is `data`, building only the
    `candidates` (no model at all, and pydantic not even imported, when none may clash)."""
    may = candidates(rows, data)
    if not may:
        return {}
    from agenda.core.models import Event  # pydantic: only when a clash is possible

    return conflicts([Event.model_validate_json(text) for text in may])


def of_event(store: EventStore, event_id: str, viewer_tz: str) -> list[Conflict]:
    """The conflicts of one stored event with any other (`agenda show`)."""
    row = store.row(event_id)
    if row.approximate or row.status == "cancelled":
        return []
    rows = {r.id: r for r in store.window(*reach([row])[0], viewer_tz=viewer_tz)}
    rows.setdefault(row.id, row)
    return find(rows, store.data_many(list(rows))).get(event_id, [])
