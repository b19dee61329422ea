"""The calendars of a store (schema 5): listing, adding, renaming, recolouring and removing them,
and the checks every write makes against them (an unknown or read-only calendar is refused).

Every event belongs to one calendar (`Event.calendar`, the `calendar` column); 'default' always
exists and is writable. A read-only calendar (`writable` False: a subscription) is written only
by `EventStore.replace_calendar_events`. `EventStore` inherits these methods.
"""

from __future__ import annotations

from agenda.core.calendar_names import DEFAULT, calendar_name_problem, colour_hex, colour_problem
from agenda.core.errors import UsageError, ValidationProblem
from agenda.core.store.windows import WindowReads

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable
    from typing import NamedTuple

    from agenda.core.models import Event
    from agenda.core.store.results import PutResult
else:
    from agenda.core.records import NamedTuple


class ReplaceResult(NamedTuple):
    """What `replace_calendar_events` did, in numbers of events (and the ids it left alone)."""

    added: int
    updated: int
    unchanged: int
    removed: int
    skipped: tuple[str, ...] = ()
    """Ids that another calendar holds: left there, not written."""


class Calendar(NamedTuple):
    """One calendar, as `agenda calendars` lists it."""

    name: str
    colour: str | None
    """A name from `COLOURS` or #rrggbb; None: the theme's accent."""
    writable: bool
    description: str | None = None
    source: str | None = None
    """Where a read-only calendar is fetched from (a subscription's URL); None: kept here."""
    events: int = 0
    """How many events it holds (each series once)."""

    def hex_colour(self) -> str | None:
        """The colour as #rrggbb, or None for the theme's."""
        return colour_hex(self.colour)


def _check_name(name: str) -> str:
    problem = calendar_name_problem(name)
    if problem:
        raise UsageError(problem)
    return name


def _check_colour(colour: str | None) -> str | None:
    if colour is None:
        return None
    problem = colour_problem(colour)
    if problem:
        raise UsageError(problem)
    return colour.strip().lower()


class CalendarStore(WindowReads):
    """The calendars table over the store's connection (see the module docstring)."""

    def calendars(self) -> list[Calendar]:
        """Every calendar, 'default' first, then by name, with how many events each holds."""
        counts = dict(
            self.conn.execute(
                "SELECT calendar, count(*) FROM events WHERE recurrence_of IS NULL GROUP BY calendar"
            ).fetchall()
        )
        return [
            Calendar(name, colour, bool(writable), description, source, int(counts.get(name, 0)))
            for name, colour, writable, description, source in self.conn.execute(
                "SELECT name, colour, writable, description, source FROM calendars"
                " ORDER BY name != 'default', name"
            )
        ]

    def calendar_colours(self) -> dict[str, str]:
        """The colour (#rrggbb) of each calendar that has one, by name (for the UI)."""
        out: dict[str, str] = {}
        for name, colour in self.conn.execute(
            "SELECT name, colour FROM calendars WHERE colour IS NOT NULL"
        ):
            hex_colour = colour_hex(str(colour))
            if hex_colour is not None:
                out[str(name)] = hex_colour
        return out

    def calendar_names(self) -> list[str]:
        """The names of every calendar, 'default' first."""
        return [
            str(r[0])
            for r in self.conn.execute(
                "SELECT name FROM calendars ORDER BY name != 'default', name"
            )
        ]

    def calendar(self, name: str) -> Calendar:
        """The calendar called `name`; UsageError naming the known ones when there is none."""
        for calendar in self.calendars():
            if calendar.name == name:
                return calendar
        raise self._unknown(name)

    def check_calendars(self, names: Iterable[str]) -> tuple[str, ...]:
        """`names` when each names a calendar; else UsageError naming the known ones."""
        known = set(self.calendar_names())
        wanted = tuple(dict.fromkeys(names))
        for name in wanted:
            if name not in known:
                raise self._unknown(name)
        return wanted

    def writable_calendar(self, name: str) -> Calendar:
        """The calendar called `name` when it exists and is writable; else a one-line error."""
        calendar = self.calendar(name)
        if not calendar.writable:
            raise UsageError(
                f"calendar {name!r} is read-only (a subscription); pick a writable one: "
                + ", ".join(c.name for c in self.calendars() if c.writable)
            )
        return calendar

    def _unknown(self, name: str) -> UsageError:
        return UsageError(
            f"no calendar is called {name!r} (known: {', '.join(self.calendar_names())}; "
            "`agenda calendars add NAME` makes one)"
        )

    def add_calendar(
        self,
        name: str,
        *,
        colour: str | None = None,
        writable: bool = True,
        description: str | None = None,
        source: str | None = None,
    ) -> Calendar:
        """Make a new, empty calendar; UsageError when the name is taken or not a name."""
        _check_name(name)
        colour = _check_colour(colour)
        with self.transaction() as conn:
            if conn.execute("SELECT 1 FROM calendars WHERE name = ?", (name,)).fetchone():
                raise UsageError(f"a calendar called {name!r} exists already")
            conn.execute(
                "INSERT INTO calendars (name, colour, writable, description, source)"
                " VALUES (?, ?, ?, ?, ?)",
                (name, colour, int(writable), description, source),
            )
            self._dirty = True
        return Calendar(name, colour, writable, description, source, 0)

    def set_calendar(
        self,
        name: str,
        *,
        colour: str | None = None,
        clear_colour: bool = False,
        description: str | None = None,
        writable: bool | None = None,
        source: str | None = None,
    ) -> Calendar:
        """Change a calendar's colour, description, writability or source (the values given)."""
        colour = _check_colour(colour)
        with self.transaction() as conn:
            self.calendar(name)
            if writable is False and name == DEFAULT:
                raise UsageError("the 'default' calendar stays writable")
            for column, value, given in (
                ("colour", colour, colour is not None or clear_colour),
                ("description", description, description is not None),
                ("writable", None if writable is None else int(writable), writable is not None),
                ("source", source, source is not None),
            ):
                if given:
                    conn.execute(f"UPDATE calendars SET {column} = ? WHERE name = ?", (value, name))
            self._dirty = True
            return self.calendar(name)

    def _calendar_rules(self) -> dict[str, bool]:
        """Every calendar's name and whether it is writable."""
        return {
            str(n): bool(w) for n, w in self.conn.execute("SELECT name, writable FROM calendars")
        }

    def write_problems(
        self,
        events: Iterable[Event],
        stored_calendars: dict[str, str],
        unlocked: Collection[str] = (),
    ) -> list[str]:
        """Why these events cannot be written (none: they can): each names a calendar that
        exists and is writable, and each stored one is in a writable calendar
        (`stored_calendars`: id -> its calendar now). `unlocked`: read-only calendars that
        this write may change (`replace_calendar_events`)."""
        rules = self._calendar_rules()
        unknown: dict[str, list[str]] = {}
        locked: dict[str, list[str]] = {}
        for event in events:
            for name in (event.calendar, stored_calendars.get(event.id)):
                if name is None:
                    continue
                if name not in rules:
                    unknown.setdefault(name, []).append(event.id)
                    break
                if not rules[name] and name not in unlocked:
                    locked.setdefault(name, []).append(event.id)
                    break
        # one line per calendar, however many events a load or an import names it in
        problems = [
            f"{_events_label(ids)}: no calendar is called {name!r} "
            f"(known: {', '.join(sorted(rules))}; `agenda calendars add NAME` makes one)"
            for name, ids in unknown.items()
        ]
        problems += [
            read_only_message(ids[0], name)
            if len(ids) == 1
            else (
                f"{_events_label(ids)} are in the read-only calendar {name!r}: they cannot be "
                "changed here (`agenda copy ID --calendar NAME` copies one into a writable one)"
            )
            for name, ids in locked.items()
        ]
        return problems

    def check_deletable(self, ids: Iterable[str]) -> None:
        """ValidationProblem when any of these events is in a read-only calendar."""
        rules = self._calendar_rules()
        problems = [
            read_only_message(str(i), str(c))
            for chunk in _chunks(list(ids), 500)
            for i, c in self.conn.execute(
                f"SELECT id, calendar FROM events WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            if not rules.get(str(c), True)
        ]
        if problems:
            raise ValidationProblem(problems)

    def rename_calendar(self, name: str, new: str) -> Calendar:
        """Give a calendar another name; its events move with it (each a new version: what an
        event says includes its calendar)."""
        _check_name(new)
        if name == DEFAULT:
            raise UsageError("the 'default' calendar keeps its name")
        with self.transaction() as conn:
            old = self.calendar(name)
            if new == name:
                return old
            if conn.execute("SELECT 1 FROM calendars WHERE name = ?", (new,)).fetchone():
                raise UsageError(f"a calendar called {new!r} exists already")
            conn.execute(
                "INSERT INTO calendars (name, colour, writable, description, source, position)"
                " SELECT ?, colour, writable, description, source, position FROM calendars"
                " WHERE name = ?",
                (new, name),
            )
            moved = [e.model_copy(update={"calendar": new}) for e in self._events_of(name)]
            self.put_many(moved, unlocked=(name, new))
            conn.execute("DELETE FROM calendars WHERE name = ?", (name,))
            self._dirty = True
            return self.calendar(new)

    def remove_calendar(self, name: str, *, events: str = "refuse", into: str | None = None) -> int:
        """Remove a calendar; returns how many events it held. `events` says what happens to
        them: "refuse" (the default: an error when it holds any), "move" (to the writable
        calendar `into`) or "delete"."""
        if name == DEFAULT:
            raise UsageError("the 'default' calendar cannot be removed")
        with self.transaction() as conn:
            calendar = self.calendar(name)
            ids = self._ids_of(name)
            if ids and events == "refuse":
                raise UsageError(
                    f"calendar {name!r} holds {len(ids)} event(s): move them to another "
                    "calendar (--move-to NAME) or delete them with it (--delete-events)"
                )
            if ids and events == "move":
                if into is None or into == name:
                    raise UsageError(f"say which calendar the events of {name!r} move to")
                self.writable_calendar(into)
                moved = [e.model_copy(update={"calendar": into}) for e in self._events_of(name)]
                self.put_many(moved, unlocked=(name,))
            elif ids:
                self.drop_events(ids, tombstones=calendar.writable)
            conn.execute("DELETE FROM calendars WHERE name = ?", (name,))
            self._dirty = True
            return len(ids)

    def replace_calendar_events(self, name: str, events: Iterable[Event]) -> ReplaceResult:
        """Make `events` the whole content of the calendar `name`, in ONE transaction: each is
        added or updated (by id) in that calendar, whatever calendar it names; the calendar's
        events not among them are deleted. The calendar may be read-only (a subscription is
        refreshed so). An id that another calendar holds is left alone there and reported as
        skipped; a batch that breaks a rule (a parent missing) writes nothing."""
        from agenda.core.store.results import PutResult

        with self.transaction():
            self.calendar(name)
            incoming = [
                e if e.calendar == name else e.model_copy(update={"calendar": name}) for e in events
            ]
            elsewhere = self._calendars_of([e.id for e in incoming])
            skipped = sorted(i for i, c in elsewhere.items() if c != name)
            keep = [e for e in incoming if elsewhere.get(e.id, name) == name]
            wanted = {e.id for e in keep}
            stale = [i for i in self._ids_of(name) if i not in wanted]
            if stale:
                self.drop_events(stale, tombstones=False)
            results = self.put_many(keep, unlocked=(name,))
            return ReplaceResult(
                added=results.count(PutResult.ADDED),
                updated=results.count(PutResult.UPDATED),
                unchanged=results.count(PutResult.UNCHANGED),
                removed=len(stale),
                skipped=tuple(skipped),
            )

    def _ids_of(self, name: str) -> list[str]:
        return [
            str(r[0])
            for r in self.conn.execute("SELECT id FROM events WHERE calendar = ?", (name,))
        ]

    def _events_of(self, name: str) -> list[Event]:
        from agenda.core.store.rows import decode_event

        return [
            decode_event(r[0])
            for r in self.conn.execute("SELECT data FROM events WHERE calendar = ?", (name,))
        ]

    def _calendars_of(self, ids: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in _chunks(ids, 500):
            found.update(
                self.conn.execute(
                    f"SELECT id, calendar FROM events WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )
        return found

    def drop_events(self, ids: list[str], *, tombstones: bool) -> None:
        """Delete these events in bulk (a calendar's, as a whole): rows, full-text entries and
        (`tombstones`) the record that they were deleted. ValidationProblem, and nothing
        deleted, when an event not among them has its parent among them."""
        doomed = set(ids)
        orphans: list[str] = []
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            orphans += [
                f"event {child!r} (calendar {calendar!r}) is inside {parent!r}, which would be "
                "deleted; move or detach it first"
                for child, calendar, parent in self.conn.execute(
                    f"SELECT id, calendar, parent_id FROM events WHERE parent_id IN ({marks})",
                    chunk,
                )
                if child not in doomed
            ]
        if orphans:
            raise ValidationProblem(orphans)
        from datetime import UTC

        now = self.clock().astimezone(UTC).replace(microsecond=0).isoformat()
        with self.transaction() as conn:
            for chunk in _chunks(ids, 500):
                marks = ",".join("?" * len(chunk))
                rowids = [
                    r[0]
                    for r in conn.execute(
                        f"DELETE FROM events WHERE id IN ({marks}) RETURNING rowid", chunk
                    ).fetchall()
                ]
                conn.executemany("DELETE FROM events_fts WHERE rowid = ?", [(r,) for r in rowids])
                if tombstones:
                    conn.executemany(
                        "INSERT OR REPLACE INTO tombstones VALUES (?, ?)", [(i, now) for i in chunk]
                    )
            self._dirty = True

    if TYPE_CHECKING:

        def put_many(
            self,
            events: list[Event],
            *,
            known: dict[str, Event] | None = None,
            unlocked: Collection[str] = (),
        ) -> list[PutResult]: ...


def read_only_message(event_id: str, calendar: str) -> str:
    """The one line that refuses a write to an event of a read-only calendar."""
    return (
        f"event {event_id!r} is in the read-only calendar {calendar!r}: it cannot be changed "
        f"here (`agenda copy {event_id} --calendar NAME` copies it into a writable one)"
    )


def _events_label(ids: list[str]) -> str:
    """ "event 'a'" or "3 events ('a', 'b', 'c')" (at most five ids named)."""
    if len(ids) == 1:
        return f"event {ids[0]!r}"
    named = ", ".join(repr(i) for i in ids[:5]) + (", ..." if len(ids) > 5 else "")
    return f"{len(ids)} events ({named})"


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
