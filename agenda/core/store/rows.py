"""What the store reads and writes per event (it runs no SQL itself).

`EventRow` is what a list or timeline reads (the indexed columns, no pydantic: `agenda list` stays
cheap) and `decode_row` builds it from `ROW_COLUMNS`; `Filters` is what a window may be narrowed
by; `PutResult` says what a write did. The other way, `bounds` gives the normalised bounds the
window index holds (dates for all-day events, UTC instants for timed ones) and `fts_fields` the
text the full-text index holds. `decode_event` turns the stored JSON back into an `Event`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from agenda.core.precision import is_approximate

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from typing import NamedTuple

    from agenda.core.models import Event
else:
    from agenda.core.records import NamedTuple


class EventRow(NamedTuple):
    """The columns a list or timeline shows, read without building the full model."""

    id: str
    kind: str
    status: str
    title: str
    all_day: bool
    start: str
    end: str | None
    tz: str | None
    precision: str
    parent_id: str | None
    city: str | None
    country: str | None
    orgs: tuple[str, ...]
    end_tz: str | None = None
    """Zone of the end when it differs from `tz`: not read by the window queries (it lives in the
    stored JSON); the day view fills it with `EventStore.end_zones` for the rows it draws."""
    series_id: str | None = None
    """The id of the series this row belongs to: an occurrence's or an override's series, or the
    row's own id for a series listed once (a window with no bounds). None: a single event."""
    occurrence: str | None = None
    """The original start (ISO) of the occurrence this row is or overrides; the row's `id` is
    then the occurrence key (`agenda.core.recurrence.occurrence_key`) or the override's id."""
    calendar: str = "default"
    """The name of the calendar the event belongs to (its colour is the calendar's)."""

    @property
    def start_value(self) -> date:
        """The start as a date (all-day) or wall-clock datetime."""
        return _when(self.start)

    @property
    def end_value(self) -> date:
        """The inclusive end as a date or wall-clock datetime (the start when unknown)."""
        return _when(self.end) if self.end else self.start_value

    @property
    def approximate(self) -> bool:
        """True when the dates are bounds, not a day (within the parent, month only)."""
        return is_approximate(self.precision)


def _when(text: str) -> date:
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


ROW_COLUMNS = (
    "id, kind, status, title, all_day, start, end, tz, precision, parent_id, city, country, orgs,"
    " series, recurrence_of, recurrence_start, calendar"
)


def decode_row(values: tuple[object, ...]) -> EventRow:
    """An `EventRow` from the values of `ROW_COLUMNS`."""
    orgs = str(values[12]).strip("|")
    row = EventRow(
        *values[:4],  # type: ignore[arg-type]
        bool(values[4]),
        *values[5:12],  # type: ignore[arg-type]
        tuple(orgs.split("|")) if orgs else (),
    )
    if values[16] != "default":
        row = row._replace(calendar=str(values[16]))
    if values[13] or values[14]:  # a series (listed once) or an override of one occurrence
        series = str(values[0] if values[13] else values[14])
        occurrence = str(values[15]) if values[15] is not None else None
        return row._replace(series_id=series, occurrence=occurrence)
    return row


class Filters(NamedTuple):
    """What `list`, `search`, `export` and the timeline may narrow a window by."""

    kinds: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    text: str | None = None
    calendars: tuple[str, ...] = ()
    """Names of the calendars to show (none: every calendar)."""

    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return not (
            self.kinds
            or self.orgs
            or self.countries
            or self.statuses
            or self.text
            or self.calendars
        )

    def describe(self) -> str:
        """A short human description of the active filters."""
        parts = []
        for label, values in (
            ("kind", self.kinds),
            ("org", self.orgs),
            ("country", self.countries),
            ("status", self.statuses),
            ("calendar", self.calendars),
        ):
            if values:
                parts.append(f"{label}={','.join(values)}")
        if self.text:
            parts.append(f"text={self.text!r}")
        return " ".join(parts)


def decode_event(data: str) -> Event:
    """The `Event` stored as this JSON."""
    from agenda.core.models import Event

    return Event.model_validate_json(data)


def utc_text(moment: datetime) -> str:
    """An aware moment as the UTC text the window index compares."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def bounds(event: Event) -> tuple[str, str, bool, int]:
    """Normalised bounds for the window index: dates for all-day, UTC instants for timed."""
    if not isinstance(event.start, datetime):
        end = event.end_or_start
        return event.start.isoformat(), end.isoformat(), True, (end - event.start).days
    start, end = event.start_utc(), event.end_utc()
    return utc_text(start), utc_text(end), False, int((end - start).total_seconds())


def fts_fields(event: Event) -> tuple[str, ...]:
    """The columns of the full-text entry of an event, in the order of `events_fts`."""
    from agenda.core.organizations import full_name

    loc = event.location
    other = [
        *event.tags,
        event.notes or "",
        event.chair or "",
        event.next_chair or "",
        *(o.label() for o in event.outcomes),
        *(
            " ".join(x for x in (s.publisher, s.title, s.url, s.quote, s.speaker) if x)
            for s in event.sources
        ),
        event.kind.value,
        event.id,
    ]
    return (
        event.title,
        event.description or "",
        loc.label() if loc else "",
        " ".join(p.label() for p in event.participants),
        " ".join(f"{c} {full_name(c)}" for c in event.organizations),
        " ".join(event.agenda),
        " ".join(other),
    )
