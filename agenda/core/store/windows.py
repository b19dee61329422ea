"""The window reads that `EventStore` inherits: `window`, `window_data`, `window_count`, `nearest`
and `search`, each series expanded into its occurrences in the window (agenda.core.store.series),
and the reads of one occurrence by its key. The SQL is agenda.core.store.sql's; writes stay in
`EventStore`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date, timedelta

from agenda.core.limits import MAX_WINDOW_OCCURRENCES
from agenda.core.store.connection import StoreConnection
from agenda.core.store.rows import ROW_COLUMNS, EventRow, Filters, decode_row
from agenda.core.store.series import (
    MASTER_COLUMNS,
    Ordered,
    in_order,
    occurrence_data,
    occurrence_hits,
    occurrence_rows,
    parse_when,
)
from agenda.core.store.sql import window_sql

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from typing import Any


class WindowReads(StoreConnection):
    """Window and series reads over the store's connection (see the module docstring)."""

    cut_series: tuple[str, ...] = ()
    """The series the last window read cut at `MAX_WINDOW_OCCURRENCES` occurrences (ids)."""

    def _data(self, event_id: str) -> str | None:
        """The stored JSON of an event, or of the occurrence an occurrence key names (as
        `series.occurrence_data`), or None."""
        row = self.conn.execute("SELECT data FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is not None:
            return str(row[0])
        from agenda.core.recurrence import parse_occurrence_key

        key = parse_occurrence_key(event_id)
        if key is None:
            return None
        found = self.conn.execute(
            "SELECT data FROM events WHERE id = ? AND series = 1", (key[0],)
        ).fetchone()
        if found is None or self._replaced(key[0], key[1]):
            return None
        return occurrence_data(found[0], key[1])

    def _replaced(self, series_id: str, start: date) -> bool:
        return bool(self.overrides_of(series_id, start))

    def data_many(self, ids: Iterable[str]) -> Iterator[str]:
        """The stored JSON of the events with these ids that exist, in the order given.

        For exports of many events: no model is built (the iCalendar writer reads the JSON).
        """
        wanted = list(dict.fromkeys(ids))
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            found = dict(
                self.conn.execute(f"SELECT id, data FROM events WHERE id IN ({marks})", chunk)
            )
            missing = [i for i in chunk if i not in found]  # occurrence keys, or unknown ids
            occurrences = self._occurrences_data(missing) if missing else {}
            for event_id in chunk:
                if event_id in found:
                    yield found[event_id]
                elif event_id in occurrences:
                    yield occurrences[event_id]

    def _occurrences_data(self, keys: list[str]) -> dict[str, str]:
        """The JSON of the occurrences these occurrence keys name (others left out), each
        series read once."""
        from agenda.core.recurrence import parse_occurrence_key

        parsed = {k: p for k in keys if "/" in k and (p := parse_occurrence_key(k)) is not None}
        if not parsed:
            return {}
        import json  # here, not at the top: json imports re (issue 13.4)

        series_ids = sorted({p[0] for p in parsed.values()})
        masters: dict[str, Any] = {}
        replaced: set[tuple[str, str]] = set()
        for part in _chunks(series_ids, 500):
            marks = ",".join("?" * len(part))
            for sid, data in self.conn.execute(
                f"SELECT id, data FROM events WHERE series = 1 AND id IN ({marks})", part
            ):
                masters[sid] = json.loads(data)
            replaced.update(
                self.conn.execute(
                    "SELECT recurrence_of, recurrence_start FROM events"
                    f" WHERE recurrence_of IN ({marks})",
                    part,
                )
            )
        out: dict[str, str] = {}
        for key, (sid, occ) in parsed.items():
            if sid in masters and (sid, occ.isoformat()) not in replaced:
                data = occurrence_data(masters[sid], occ)
                if data is not None:
                    out[key] = data
        return out

    def overrides_of(self, series_id: str, start: date) -> list[str]:
        """The ids of the events that override the occurrence of `series_id` at `start`."""
        cur = self.conn.execute(
            "SELECT id FROM events WHERE recurrence_of = ? AND recurrence_start = ?",
            (series_id, start.isoformat()),
        )
        return [str(r[0]) for r in cur]

    def series_overrides(self, series_ids: Iterable[str]) -> dict[str, list[str]]:
        """The ids of the overrides of each of these series (series without any left out)."""
        out: dict[str, list[str]] = {}
        for chunk in _chunks(list(series_ids), 500):
            marks = ",".join("?" * len(chunk))
            for series_id, event_id in self.conn.execute(
                f"SELECT recurrence_of, id FROM events WHERE recurrence_of IN ({marks})"
                " ORDER BY recurrence_start, id",
                chunk,
            ):
                out.setdefault(str(series_id), []).append(str(event_id))
        return out

    def export_data(
        self,
        first: date | None = None,
        last: date | None = None,
        *,
        filters: Filters | None = None,
        viewer_tz: str = "UTC",
    ) -> Iterator[str]:
        """The stored JSON of what an export of a window holds: its events, each series that
        touches it once (as its master, with its rule), and every override of those series
        (also one moved out of the window: without it, a calendar would show the occurrence
        the override replaces)."""
        import json  # here, not at the top: json imports re (issue 13.4)

        masters: list[str] = []
        written: set[str] = set()
        for text in self.window_data(
            first, last, filters=filters, viewer_tz=viewer_tz, occurrences=False
        ):
            # '"repeat":{' and '"recurrence_of":"' only occur as keys: in a text value the
            # quotes would be escaped
            if '"repeat":{' in text:
                masters.append(json.loads(text)["id"])
            elif '"recurrence_of":"' in text:
                written.add(json.loads(text)["id"])
            yield text
        if first is None and last is None:
            return  # every event is in the window already
        missing = [
            i for ids in self.series_overrides(masters).values() for i in ids if i not in written
        ]
        yield from self.data_many(missing)

    def _series_rows(
        self,
        first: date | None,
        last: date | None,
        filters: Filters | None,
        viewer_tz: str,
        per_series: int | None = None,
        only: Collection[str] | None = None,
    ) -> list[Ordered]:
        """The occurrences of the series that touch a window with a bound (none without)."""
        self.cut_series = ()
        if first is None and last is None:
            return []
        sql, params = window_sql(
            self.conn, first, last, filters or Filters(), viewer_tz, series=True,
            columns=f"{MASTER_COLUMNS}, {ROW_COLUMNS}, parent_id IS NOT NULL", prune=True,
        )  # fmt: skip
        # each master's row is read once, with what a listing shows of it: the yearly series
        # that cannot occur in the window are left out by the query (`sql.yearly_term`)
        masters = self.conn.execute(sql, params).fetchall()
        if only is not None:
            masters = [m for m in masters if m[0] in only]
        if not masters:
            return []
        replaced: dict[str, list[date]] = {}
        if self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM events WHERE recurrence_of IS NOT NULL)"
        ).fetchone()[0]:
            for chunk in _chunks([str(m[0]) for m in masters], 500):
                marks = ",".join("?" * len(chunk))
                for series_id, start in self.conn.execute(
                    "SELECT recurrence_of, recurrence_start FROM events"
                    f" WHERE recurrence_of IN ({marks})",
                    chunk,
                ):
                    replaced.setdefault(series_id, []).append(parse_when(start))
        hits = occurrence_hits(
            masters, replaced, first, last, viewer_tz,
            per_series=per_series or MAX_WINDOW_OCCURRENCES,
        )  # fmt: skip
        cap = per_series or MAX_WINDOW_OCCURRENCES
        counts: dict[str, int] = {}
        for h in hits:
            counts[h[0]] = counts.get(h[0], 0) + 1
        # said by `list` and the UI: a series cut at the cap is not shown whole
        self.cut_series = tuple(sorted(sid for sid, n in counts.items() if n >= cap))
        hit = set(counts)
        width = len(MASTER_COLUMNS.split(","))
        rows = {
            str(m[0]): (decode_row(m[width:-1]), int(m[-1])) for m in masters if str(m[0]) in hit
        }
        return occurrence_rows(hits, rows)

    def occurrence_data(
        self,
        first: date,
        last: date,
        viewer_tz: str = "UTC",
        defaults: Mapping[str, str] | None = None,
    ) -> list[str]:
        """The stored JSON of every occurrence in the days `first`..`last` of a series that has
        reminders, each with its own start and end and its occurrence key as id.

        `defaults`: calendar name -> a reminder for the series of that calendar that carry none
        (a read-only calendar's default): their occurrences are given with it."""
        # only the series that carry reminders are expanded (a scan of the masters' rows)
        reminding = {
            str(i)
            for (i,) in self.conn.execute(
                "SELECT id FROM events WHERE series = 1 AND instr(data, '\"reminders\"') > 0"
            )
        }
        given: dict[str, str] = {}  # series id -> the calendar's default reminder
        if defaults:
            marks = ",".join("?" * len(defaults))
            given = {
                str(i): defaults[str(c)]
                for i, c in self.conn.execute(
                    "SELECT id, calendar FROM events WHERE series = 1"
                    f" AND instr(data, '\"reminders\"') = 0 AND calendar IN ({marks})",
                    list(defaults),
                )
            }
        if not reminding and not given:
            return []
        rows = self._series_rows(first, last, None, viewer_tz, only=reminding | set(given))
        found = list(self.data_many([row.id for *_, row in rows]))
        if not given:
            return found
        import json  # here, not at the top: json imports re (issue 13.4)

        result = []
        for text in found:
            event = json.loads(text)
            reminder = given.get(event.get("recurrence_of") or event["id"])
            if reminder is not None and not event.get("reminders"):
                event["reminders"] = [reminder]
                text = json.dumps(event)
            result.append(text)
        return result

    def window(
        self,
        first: date | None = None,
        last: date | None = None,
        *,
        filters: Filters | None = None,
        viewer_tz: str = "UTC",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[EventRow]:
        """Events that touch the days `first`..`last` (inclusive, in `viewer_tz`), in time order,
        each series as its occurrences in the window (ids: occurrence keys).

        Either bound may be None for an open window (a series is expanded, at most
        `MAX_WINDOW_OCCURRENCES` times); with neither, every stored event comes once, each series
        as its master. Only the rows asked for are read.
        """
        sql, params = self._window_sql(first, last, filters or Filters(), viewer_tz)
        sql += " ORDER BY lo, hi DESC, nested, id"
        extra = self._series_rows(first, last, filters, viewer_tz)
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset] if not extra else [limit + offset, 0]
        if not extra:
            return [decode_row(r) for r in self.conn.execute(sql, params)]
        plain: list[Ordered] = [
            (str(r[17]), str(r[18]), int(r[19]), decode_row(r))
            for r in self.conn.execute(sql, params)
        ]
        rows = in_order(plain + extra)
        return rows[offset : offset + limit] if limit is not None else rows[offset:]

    def window_data(
        self,
        first: date | None = None,
        last: date | None = None,
        *,
        filters: Filters | None = None,
        viewer_tz: str = "UTC",
        occurrences: bool = True,
    ) -> Iterator[str]:
        """The stored JSON of the events `window` would return, in the same order, streamed.

        For exports of a whole window: one query, no rows or models kept in memory when no
        series touches it. `occurrences` False: each series that touches the window comes once,
        as its master (with its rule), in the order of its first occurrence.
        """
        base = filters or Filters()
        if occurrences:
            extra = self._series_rows(first, last, filters, viewer_tz)
        elif first is None and last is None:
            extra = []
        else:
            sql, params = window_sql(self.conn, first, last, base, viewer_tz, series=True)
            extra = [(str(r[17]), str(r[18]), int(r[19]), decode_row(r)) for r in
                     self.conn.execute(sql, params)]  # fmt: skip
        if extra:
            sql, params = self._window_sql(first, last, base, viewer_tz)
            plain: list[Ordered] = [
                (str(r[17]), str(r[18]), int(r[19]), decode_row(r))
                for r in self.conn.execute(sql, params)
            ]
            yield from self.data_many([r.id for r in in_order(plain + extra)])
            return
        sql, params = self._window_sql(first, last, base, viewer_tz)
        cur = self.conn.execute(
            f"SELECT e.data FROM ({sql}) AS w JOIN events AS e ON e.id = w.id"
            " ORDER BY w.lo, w.hi DESC, w.nested, w.id",
            params,
        )
        for (data,) in cur:
            yield data

    def window_count(
        self,
        first: date | None = None,
        last: date | None = None,
        *,
        filters: Filters | None = None,
        viewer_tz: str = "UTC",
    ) -> int:
        """How many events `window` would return without a limit."""
        sql, params = self._window_sql(first, last, filters or Filters(), viewer_tz)
        count = int(self.conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])
        return count + len(self._series_rows(first, last, filters, viewer_tz))

    def nearest(
        self,
        day: date | None,
        step: int,
        *,
        filters: Filters | None = None,
        viewer_tz: str = "UTC",
    ) -> EventRow | None:
        """The first event touching `day` or after it (`step` 1), or the last touching it or
        before it (`step` -1); `day` None: the first or last of all. For moving past the edge
        of a period over empty ones, and saying where filtered events are."""
        first, last = (day, None) if step > 0 else (None, day)
        sql, params = self._window_sql(first, last, filters or Filters(), viewer_tz)
        sql += " ORDER BY lo, hi DESC, nested, id" if step > 0 else " ORDER BY hi DESC, lo, id"
        got = self.conn.execute(sql + " LIMIT 1", params).fetchone()
        found: list[Ordered] = (
            [(str(got[17]), str(got[18]), int(got[19]), decode_row(got))] if got else []
        )
        if day is not None and step > 0:
            found += self._series_rows(day, None, filters, viewer_tz, per_series=50)
        elif day is not None:  # the last occurrences: read back over longer and longer spans
            for days in (31, 400, 4000, None):
                since = day - timedelta(days=days) if days is not None else None
                more = self._series_rows(since, day, filters, viewer_tz) if since else []
                if more or days is None:
                    found += more
                    break
        if not found:
            return None
        if step > 0:
            return in_order(found)[0]
        found.sort(key=lambda r: r[3].id)
        found.sort(key=lambda r: r[0])
        found.sort(key=lambda r: r[1], reverse=True)
        return found[0][3]

    def search(
        self, text: str, *, filters: Filters | None = None, limit: int | None = None
    ) -> list[EventRow]:
        """Events with every word of `text` (as a prefix) in any text field, in time order (each
        series once, as its master)."""
        base = filters or Filters()
        merged = base._replace(text=text)
        return self.window(filters=merged, limit=limit)

    def _window_sql(
        self, first: date | None, last: date | None, filters: Filters, viewer_tz: str
    ) -> tuple[str, list[object]]:
        return window_sql(self.conn, first, last, filters, viewer_tz)


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
