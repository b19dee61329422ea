"""EventStore: the reads and writes of events in the agenda's SQLite file (house rule 7).

- Reads: one event (`get`, `view`), many (`get_many`, `data_many`), a window of days (`window`,
  `window_data`, `window_count`, `nearest`) and full-text search (`search`), the SQL built by
  `sql`. Lists come back as `EventRow` tuples (no pydantic), so `agenda list` stays cheap; `get`
  returns the full `Event` model.
- Writes: `put_many` checks every family rule and writes under one write lock; an event whose
  content changed gets SEQUENCE + 1 and a new LAST-MODIFIED; `add`, `update`, `save` and `delete`
  read, check and write in one transaction, so no other process writes in between.

Opening, schema and transactions are `StoreConnection`'s (`connection`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

from agenda.core.errors import (
    AlreadyExists,
    Changed,
    NotFound,
    ValidationProblem,
)
from agenda.core.limits import MAX_SEQUENCE
from agenda.core.store.calendars import CalendarStore
from agenda.core.store.rows import (
    ROW_COLUMNS,
    EventRow,
    bounds,
    decode_event,
    decode_row,
    fts_fields,
    utc_text,
)
from agenda.core.store.series import series_columns
from agenda.core.store.sql import STARTING_WITH_REMINDERS

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from typing import Any

    from agenda.core.models import Event
    from agenda.core.store.results import PutResult


class EventStore(CalendarStore):
    """The agenda's SQLite store. Open it with `EventStore(path)` or `EventStore(":memory:")`."""

    # -- reading ---------------------------------------------------------------------------

    def change_counter(self) -> int:
        """A number that grows with every committed change (feeds use it for ETags)."""
        return int(self.conn.execute("SELECT value FROM meta WHERE key='changes'").fetchone()[0])

    def data_version(self) -> int:
        """SQLite's data_version: changes when another connection commits (live refresh)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def count(self) -> int:
        """How many events the store holds."""
        return int(self.conn.execute("SELECT count(*) FROM events").fetchone()[0])

    def exists(self, event_id: str) -> bool:
        """True when an event has this id."""
        row = self.conn.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone()
        return row is not None

    def resolve(self, prefix: str) -> str:
        """The id of the one event whose id is `prefix` or starts with it.

        NotFound when none does; UsageError naming the candidates when several do.
        """
        if self.exists(prefix) or ("/" in prefix and self._data(prefix) is not None):
            return prefix
        found = [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM events WHERE id > ? AND id < ? ORDER BY id LIMIT 21",
                (prefix, prefix + "\U0010ffff"),
            )
        ]
        if not found or not prefix:
            raise NotFound(f"no event has the id {prefix!r} (see `agenda list` for ids)")
        if len(found) > 1:
            from agenda.core.errors import UsageError

            more = " and more" if len(found) > 20 else ""
            raise UsageError(
                f"{prefix!r} matches {len(found[:20])}{more} events: "
                f"{', '.join(found[:20])}{more} (give more of the id)"
            )
        return found[0]

    def get(self, event_id: str) -> Event:
        """The full event with this id (or the occurrence an occurrence key names: saved, it
        becomes an override); NotFound when there is none."""
        data = self._data(event_id)
        if data is None:
            raise NotFound(f"no event has the id {event_id!r} (see `agenda list` for ids)")
        return decode_event(data)

    def view(self, event_id: str) -> Any:
        """The event with this id for reading only: an `EventView` built without pydantic (cheap;
        `agenda show` uses it), or the full `Event` when the view cannot hold every field."""
        from agenda.core.eventview import event_view

        data = self._data(event_id)
        if data is None:
            raise NotFound(f"no event has the id {event_id!r} (see `agenda list` for ids)")
        return event_view(data) or decode_event(data)

    def get_many(self, ids: Iterable[str]) -> list[Event]:
        """The events with these ids that exist, in the order given."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Event] = {}
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            for (data,) in self.conn.execute(
                f"SELECT data FROM events WHERE id IN ({marks})", chunk
            ):
                event = decode_event(data)
                found[event.id] = event
        for event_id in wanted:
            if event_id not in found and "/" in event_id:
                data = self._data(event_id)
                if data is not None:
                    found[event_id] = decode_event(data)
        return [found[i] for i in wanted if i in found]

    def end_zones(self, ids: Iterable[str]) -> dict[str, str]:
        """The end zone of those of these events whose end is in another zone than the start."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, str] = {}
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            found.update(
                self.conn.execute(
                    "SELECT id, json_extract(data, '$.end_tz') AS z FROM events "
                    f"WHERE id IN ({marks}) AND z IS NOT NULL",
                    chunk,
                ).fetchall()
            )
        return found

    def row(self, event_id: str) -> EventRow:
        """The list columns of one event (or of the occurrence an occurrence key names)."""
        got = self.conn.execute(
            f"SELECT {ROW_COLUMNS} FROM events WHERE id = ?", (event_id,)
        ).fetchone()
        if got is not None:
            return decode_row(got)
        data = self._data(event_id)
        if data is None:
            raise NotFound(f"no event has the id {event_id!r} (see `agenda list` for ids)")
        occ = decode_event(data)
        master = self.row(str(occ.recurrence_of))
        return master._replace(
            id=occ.id,
            start=occ.start.isoformat(),
            end=occ.end.isoformat() if master.end and occ.end else None,
            series_id=occ.recurrence_of,
            occurrence=occ.start.isoformat(),
        )

    def children(self, event_id: str) -> list[EventRow]:
        """The events whose parent is `event_id`, in time order."""
        cur = self.conn.execute(
            f"SELECT {ROW_COLUMNS} FROM events WHERE parent_id = ? ORDER BY lo, hi DESC, id",
            (event_id,),
        )
        return [decode_row(r) for r in cur]

    def date_bounds(self) -> tuple[date, date] | None:
        """The first and last day any event touches, or None for an empty store."""
        lo, hi = self.conn.execute("SELECT min(lo), max(hi) FROM events").fetchone()
        if lo is None:
            return None
        return date.fromisoformat(lo[:10]), date.fromisoformat(hi[:10])

    def starting_with_reminders(self, begin: datetime, end: datetime) -> list[str]:
        """The stored JSON of the events that carry reminders and start from a day before
        `begin` to a day after `end` (aware instants): the candidates whose reminders
        `agenda.core.reminders.due` then times exactly. The day each side covers all-day and
        floating starts, which are read in the viewer's zone.

        Both halves are range scans of the `events_window` index on the start (`lo`); only the
        rows in range have their JSON looked at, so the cost follows the window, not the store.
        """
        margin = timedelta(days=1)
        sql = STARTING_WITH_REMINDERS
        days = (1, (begin - margin).date().isoformat(), (end + margin).date().isoformat())
        timed = (0, utc_text(begin - margin), utc_text(end + margin))
        return [data for params in (days, timed) for (data,) in self.conn.execute(sql, params)]

    # -- writing ---------------------------------------------------------------------------

    def put(self, event: Event) -> PutResult:
        """Add or replace one event (checked against its family); returns what happened."""
        return self.put_many([event])[0]

    def add(self, event: Event) -> PutResult:
        """Add a new event; AlreadyExists when its id is taken (checked under the write lock, so
        of two processes adding the same id at once, the second is refused, not let overwrite)."""
        with self.transaction():
            if self.exists(event.id):
                raise AlreadyExists(f"an event with the id {event.id!r} already exists")
            return self.put(event)

    def update(self, event_id: str, change: Callable[[Event], Event]) -> tuple[Event, PutResult]:
        """Read, change and write one event in one write transaction: `change(stored)` returns the
        new event. No other process can write between the read and the write, so no edit is
        lost. Returns the event as stored and what happened. `change` may raise to write nothing.
        """
        with self.transaction():
            new = change(self.get(event_id))
            result = self.put(new)
            return self.get(new.id), result

    def save(self, event: Event, *, expected_sequence: int | None) -> PutResult:
        """Write `event` if the stored one is still at `expected_sequence` (None: it must be new);
        else raise Changed with the stored event, and write nothing."""
        with self.transaction():
            try:
                stored: Event | None = self.get(event.id)
            except NotFound:
                stored = None
            now = None if stored is None else stored.sequence
            if (
                stored is None
                and event.recurrence_of is not None
                and self.exists(event.recurrence_of)
            ):
                now = self.get(event.recurrence_of).sequence  # a new override: read as its series
            if now != expected_sequence:
                what = "deleted" if stored is None else "changed"
                raise Changed(
                    f"event {event.id!r} was {what} elsewhere since it was read; nothing written",
                    stored,
                )
            return self.put(event)

    def put_many(
        self,
        events: list[Event],
        *,
        known: dict[str, Event] | None = None,
        unlocked: Collection[str] = (),
    ) -> list[PutResult]:
        """Add or replace events in one transaction, after checking every family rule and that
        each event's calendar (and the one it is stored in) exists and is writable.

        An event whose content differs from the stored one gets SEQUENCE + 1 and a new
        LAST-MODIFIED; an identical one is left alone. `known`: events the caller wrote in this
        transaction (an import's recent chunks), used for the family rules instead of reading
        and decoding them again. `unlocked`: read-only calendars this write may change (the
        store's own `replace_calendar_events`, `rename_calendar`, `remove_calendar`).
        """
        from agenda.core.models import family_problems

        batch = {e.id: e for e in events}
        if len(batch) != len(events):
            dupes = sorted({e.id for e in events if sum(x.id == e.id for x in events) > 1})
            raise ValidationProblem([f"event {d!r}: the id appears more than once" for d in dupes])

        def lookup(event_id: str) -> Event | None:
            if event_id in batch:
                return batch[event_id]
            if known is not None and event_id in known:
                return known[event_id]
            try:
                return self.get(event_id)
            except NotFound:
                return None

        now = self.clock().astimezone(UTC).replace(microsecond=0)
        results: list[PutResult] = []
        # the family rules are checked under the write lock: a parent deleted by another process
        # between the check and the write would leave a child pointing at nothing
        with self.transaction():
            stored: dict[str, str] = {}  # the rows these ids have: one query per 500 ids
            stored_calendars: dict[str, str] = {}
            for chunk in _chunks(list(batch), 500):
                marks = ",".join("?" * len(chunk))
                for event_id, data, calendar in self.conn.execute(
                    f"SELECT id, data, calendar FROM events WHERE id IN ({marks})", chunk
                ):
                    stored[event_id] = data
                    stored_calendars[event_id] = calendar
            problems = self.write_problems(events, stored_calendars, unlocked)
            if problems:
                raise ValidationProblem(problems)
            for event in events:
                problems += family_problems(event, lookup)
            for child in self._stored_children_outside(batch):
                problems += family_problems(child, lookup)
            if problems:
                raise ValidationProblem(problems)
            # no tombstones (the usual case): no DELETE FROM tombstones per event
            tombstones = bool(
                self.conn.execute("SELECT EXISTS (SELECT 1 FROM tombstones)").fetchone()[0]
            )
            spans = {"span_all_day": 0, "span_timed": 0}  # written once, not per event
            for event in events:
                results.append(self._write(event, now, tombstones, spans, stored))
            for key, span in spans.items():
                self.conn.execute(
                    "UPDATE meta SET value = max(value, ?) WHERE key = ?", (span, key)
                )
        return results

    def _stored_children_outside(self, batch: dict[str, Event]) -> list[Event]:
        ids = list(batch)
        found: list[Event] = []
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for child_id, data in self.conn.execute(
                f"SELECT id, data FROM events WHERE parent_id IN ({marks})", chunk
            ):
                if child_id not in batch:  # decoded only when needed: a calendar replaced
                    found.append(decode_event(data))  # whole has its children in the batch
        return found

    def _write(
        self,
        event: Event,
        now: datetime,
        tombstones: bool = True,
        spans: dict[str, int] | None = None,
        stored: dict[str, str] | None = None,
    ) -> PutResult:
        from agenda.core.store.results import PutResult  # writes only: enum costs ~1 ms

        if stored is not None:
            old_data = stored.get(event.id)
        else:
            row = self.conn.execute("SELECT data FROM events WHERE id = ?", (event.id,)).fetchone()
            old_data = row[0] if row else None
        if old_data is not None:
            old = decode_event(old_data)
            if old.content() == event.content():
                return PutResult.UNCHANGED
            event = event.model_copy(
                update={
                    # at the RFC 5545 maximum the count stays there: the edit still lands
                    "sequence": min(max(event.sequence, old.sequence + 1), MAX_SEQUENCE),
                    "created": old.created or event.created or now,
                    "last_modified": now,
                }
            )
            result = PutResult.UPDATED
        else:
            event = event.model_copy(
                update={
                    "created": event.created or now,
                    "last_modified": event.last_modified or now,
                }
            )
            result = PutResult.ADDED
        self._write_row(event, fresh=old_data is None, spans=spans)
        if tombstones:
            self.conn.execute("DELETE FROM tombstones WHERE id = ?", (event.id,))
        return result

    def _write_row(
        self, event: Event, *, fresh: bool = False, spans: dict[str, int] | None = None
    ) -> None:
        """Insert or update the row and its full-text entry. `fresh`: no row had this id, so no
        full-text entry has its rowid (delete() removes both) and there is nothing to delete.
        `spans`: the longest spans are gathered there for the caller to write, not written."""
        lo, hi, all_day, span = bounds(event)
        series, series_hi, series_data, recurrence_of, recurrence_start = series_columns(event)
        loc = event.location
        data = event.model_dump_json(exclude_defaults=True)
        cur = self.conn.execute(
            """
            INSERT INTO events (id, kind, status, title, all_day, lo, hi, start, end, tz,
                                precision, parent_id, city, country, orgs, sequence,
                                last_modified, data, series, series_hi, series_data,
                                recurrence_of, recurrence_start, calendar)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            ON CONFLICT(id) DO UPDATE SET kind=excluded.kind, status=excluded.status,
                title=excluded.title, all_day=excluded.all_day, lo=excluded.lo, hi=excluded.hi,
                start=excluded.start, end=excluded.end, tz=excluded.tz,
                precision=excluded.precision, parent_id=excluded.parent_id, city=excluded.city,
                country=excluded.country, orgs=excluded.orgs, sequence=excluded.sequence,
                last_modified=excluded.last_modified, data=excluded.data,
                series=excluded.series, series_hi=excluded.series_hi,
                series_data=excluded.series_data,
                recurrence_of=excluded.recurrence_of, recurrence_start=excluded.recurrence_start,
                calendar=excluded.calendar
            RETURNING rowid
            """,
            (
                event.id,
                event.kind.value,
                event.status.value,
                event.title,
                int(all_day),
                lo,
                hi,
                event.start.isoformat(),
                event.end.isoformat() if event.end is not None else None,
                event.tz,
                event.precision.value,
                event.parent_id,
                loc.city if loc else None,
                loc.country if loc else None,
                "|" + "|".join(event.organizations) + "|",
                event.sequence,
                event.last_modified.isoformat() if event.last_modified else None,
                data,
                series,
                series_hi,
                series_data,
                recurrence_of,
                recurrence_start,
                event.calendar,
            ),
        )
        rowid = cur.fetchone()[0]
        if not fresh:
            self.conn.execute("DELETE FROM events_fts WHERE rowid = ?", (rowid,))
        self.conn.execute(
            "INSERT INTO events_fts (rowid, title, description, location, participants,"
            " organizations, agenda, other) VALUES (?,?,?,?,?,?,?,?)",
            (rowid, *fts_fields(event)),
        )
        key = "span_all_day" if all_day else "span_timed"
        if spans is None:
            self.conn.execute("UPDATE meta SET value = max(value, ?) WHERE key = ?", (span, key))
        elif span > spans[key]:
            spans[key] = span
        self._dirty = True

    def cancel_occurrence(self, series_id: str, start: date) -> list[str]:
        """Take the occurrence of a series that starts at `start` (its original start) out: an
        EXDATE on the series, and its override deleted. Returns the override ids deleted."""
        with self.transaction():
            master = self.get(series_id)
            if master.repeat is None:
                raise ValidationProblem([f"event {series_id!r} does not repeat"])
            overrides = self.overrides_of(series_id, start)
            from agenda.core.recurrence import occurrence_key  # here: see store.series

            if not overrides and self._data(occurrence_key(series_id, start)) is None:
                raise NotFound(f"{series_id!r} has no occurrence starting {start.isoformat()}")
            for override in overrides:
                self.delete(override)
            exdates = sorted({*master.repeat.exdates, start})  # type: ignore[type-var]
            repeat = master.repeat.model_copy(update={"exdates": exdates})
            self.put(master.model_copy(update={"repeat": repeat}))
            return overrides

    def delete(self, event_id: str, *, children: str = "refuse") -> list[str]:
        """Delete an event; returns the ids deleted.

        `children` says what happens to its children: "refuse" (the default: an error if it has
        any), "delete" (they go too, with theirs) or "detach" (they move to the grandparent, or
        stand alone; an event with no day of its own cannot stand alone).
        """
        doomed = [event_id]
        # checked under the write lock: another process may delete it or add a child meanwhile
        with self.transaction():
            if not self.exists(event_id):
                raise NotFound(f"no event has the id {event_id!r} (see `agenda list` for ids)")
            kids = self.children(event_id)
            if kids and children == "refuse":
                raise ValidationProblem(
                    [
                        f"event {event_id!r} has {len(kids)} child event(s); say whether to "
                        "delete them too or detach them"
                    ]
                )
            if children == "delete":
                queue = [k.id for k in kids]
                while queue:
                    current = queue.pop()
                    doomed.append(current)
                    queue += [k.id for k in self.children(current)]
            elif kids:
                parent = self.get(event_id)
                for kid in self.get_many(k.id for k in kids):
                    if parent.parent_id is None and not kid.is_day_known():
                        raise ValidationProblem(
                            [
                                f"event {kid.id!r} has no day of its own (within its parent); "
                                "delete it too or give it dates first"
                            ]
                        )
                    self._write_row(kid.model_copy(update={"parent_id": parent.parent_id}))
            for series_id in list(doomed):  # a series' overrides go with it
                doomed += [
                    r[0]
                    for r in self.conn.execute(
                        "SELECT id FROM events WHERE recurrence_of = ?", (series_id,)
                    )
                    if r[0] not in doomed
                ]
            self.check_deletable(doomed)
            now = self.clock().astimezone(UTC).replace(microsecond=0).isoformat()
            for doomed_id in doomed:
                rowid = self.conn.execute(
                    "DELETE FROM events WHERE id = ? RETURNING rowid", (doomed_id,)
                ).fetchone()[0]
                self.conn.execute("DELETE FROM events_fts WHERE rowid = ?", (rowid,))
                self.conn.execute(
                    "INSERT OR REPLACE INTO tombstones VALUES (?, ?)", (doomed_id, now)
                )
            self._dirty = True
        return doomed

    def tombstones(self) -> dict[str, str]:
        """Ids deleted from this store, with when (for sync and import)."""
        return dict(self.conn.execute("SELECT id, deleted_at FROM tombstones").fetchall())


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
