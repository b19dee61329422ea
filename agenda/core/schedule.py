"""Pure queries and grouping shared by the CLI and the UI: windows, nesting, days (house rule 3).

Nothing here reads the clock: callers pass `today`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from agenda.core.errors import UsageError
from agenda.core.limits import LAST_DAY, range_problem
from agenda.core.store import EventRow, EventStore, Filters

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from typing import NamedTuple

    from agenda.core.reminders import Due
else:
    from agenda.core.records import NamedTuple


class Window(NamedTuple):
    """The days a list or timeline shows, and how to say so."""

    first: date | None
    last: date | None
    label: str


def default_window(store: EventStore, today: date) -> Window:
    """Everything from today; or the whole store when it holds only past events."""
    bounds = store.date_bounds()
    if bounds is None:
        return Window(today, None, "from today (the store is empty)")
    if bounds[1] >= today:
        return Window(today, None, f"from today, {today.isoformat()}")
    return Window(None, None, "the whole store (it holds only past events)")


def window_from_args(
    first: date | None, last: date | None, days: int | None, today: date
) -> Window | None:
    """A window from --from/--to/--days, or None when none was given."""
    if first is None and last is None and days is None:
        return None
    for flag, day in (("--from", first), ("--to", last)):
        problem = range_problem(day, flag) if day is not None else None
        if problem:
            raise UsageError(problem)
    if days is not None:
        if days < 1:
            raise UsageError(f"--days must be 1 or more, not {days}")
        start = first or today
        if last is not None:
            raise UsageError("give --to or --days, not both")
        # no event lies past LAST_DAY: a longer window is the same window (and 2**40 days
        # would overflow a date)
        last = start + timedelta(days=min(days - 1, max((LAST_DAY - start).days, 0)))
        first = start
    if first and last and last < first:
        raise UsageError(f"--to {last} is before --from {first}")
    begin = first.isoformat() if first else "the beginning"
    label = f"{begin} to {last.isoformat() if last else 'the end'}"
    return Window(first, last, label)


_FORMS = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%d.%m.%Y", "%Y/%m/%d")
_TIME_FORMS = ("%H:%M", "%H:%M:%S", "%H.%M")


def parse_day(text: str, today: date | None = None, *, what: str = "date") -> date:
    """A day from ISO (2021-09-16), common forms (16 Sep 2021, September 16, 2021) or "today"."""
    raw = text.strip()
    cleaned = raw.replace(",", " ")
    if any(suffix in cleaned for suffix in ("st", "nd", "rd", "th")):
        import re  # only for "16th September": ISO days, the usual case, need no re (~1.5 ms)

        cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    cleaned = " ".join(cleaned.split())
    if today is not None:
        lowered = cleaned.lower()
        if lowered == "today":
            return today
        if lowered == "tomorrow":
            return today + timedelta(days=1)
        if lowered == "yesterday":
            return today - timedelta(days=1)
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        pass
    for form in _FORMS:
        try:
            return datetime.strptime(cleaned, form).date()
        except ValueError:
            continue
    raise UsageError(
        f"{what}: {raw!r} is not a date (use YYYY-MM-DD, e.g. 2021-09-16, or 16 Sep 2021)"
    )


def parse_when(text: str, today: date | None = None, *, what: str = "date") -> date:
    """A day, or a day and a time ("2021-09-16 10:00", "16 Sep 2021 10:00", ISO with T)."""
    raw = text.strip()
    import re  # add and edit: not on the path of list, search and show

    iso = raw.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", raw) else raw
    if "T" in iso:
        try:
            return datetime.fromisoformat(iso)
        except ValueError:
            raise UsageError(
                f"{what}: {raw!r} is not a date and time (use YYYY-MM-DDTHH:MM)"
            ) from None
    parts = raw.rsplit(" ", 1)
    if len(parts) == 2 and re.match(r"^\d{1,2}[:.]\d{2}(:\d{2})?$", parts[1]):
        day = parse_day(parts[0], today, what=what)
        for form in _TIME_FORMS:
            try:
                clock = datetime.strptime(parts[1], form).time()
            except ValueError:
                continue
            return datetime.combine(day, clock)
    return parse_day(raw, today, what=what)


def nest(rows: list[EventRow]) -> list[tuple[EventRow, int]]:
    """Rows in time order with each child placed under its parent when the parent is listed.

    Returns (row, depth) pairs; depth 0 for top-level rows.
    """
    present = {r.id for r in rows}
    kids: dict[str, list[EventRow]] = {}
    roots: list[EventRow] = []
    for r in rows:
        if r.parent_id and r.parent_id in present and r.parent_id != r.id:
            kids.setdefault(r.parent_id, []).append(r)
        else:
            roots.append(r)
    out: list[tuple[EventRow, int]] = []
    seen: set[str] = set()
    # a stack, not recursion: a store written before parents were limited in depth may hold a
    # chain thousands deep; and rows of a cycle (no root among them) are listed at the end
    for root in [*roots, *rows]:
        stack = [(root, 0)]
        while stack:
            row, depth = stack.pop()
            if row.id in seen:
                continue
            seen.add(row.id)
            out.append((row, depth))
            # children with a day of their own first, in time order; "day not given" ones after
            family = sorted(kids.get(row.id, []), key=lambda k: k.approximate)
            stack += [(kid, depth + 1) for kid in reversed(family)]
    return out


def row_first_day(row: EventRow) -> date:
    """The first day of a row, in the event's own zone."""
    value = row.start_value
    return value.date() if isinstance(value, datetime) else value


def row_last_day(row: EventRow) -> date:
    """The last day of a row, in the event's own zone."""
    value = row.end_value
    return value.date() if isinstance(value, datetime) else value


def by_day(
    rows: list[EventRow], first: date | None = None, *, children_on_own_day: bool = False
) -> list[tuple[date, list[tuple[EventRow, int]]]]:
    """Nested rows grouped under the day they start (or `first`, for those begun before it).

    By default children stay under their parent's day (the CLI list). With
    `children_on_own_day` (the UI timeline) a child with a day of its own is listed under that
    day, still at its depth; a child with no day of its own stays with its parent.
    """
    groups: dict[date, list[tuple[EventRow, int]]] = {}
    current: date | None = None
    for row, depth in nest(rows):
        own = children_on_own_day and not row.approximate
        if depth == 0 or current is None or own:
            day = row_first_day(row)
            if first is not None and day < first:
                day = first
            if depth == 0 or current is None:
                current = day
            groups.setdefault(day, []).append((row, depth))
            continue
        groups.setdefault(current, []).append((row, depth))
    return sorted(groups.items(), key=lambda item: item[0])


def list_window(
    store: EventStore,
    window: Window,
    filters: Filters,
    viewer_tz: str,
    limit: int | None = None,
) -> list[EventRow]:
    """The rows of a window: the one query path of `agenda list` and the timeline."""
    return store.window(
        window.first, window.last, filters=filters, viewer_tz=viewer_tz, limit=limit
    )


def reminders_due(
    store: EventStore,
    begin: datetime,
    end: datetime,
    viewer_tz: str,
    calendar_reminders: tuple[tuple[str, str], ...] = (),
) -> list[Due]:
    """The reminders that fire in [begin, end), earliest first: `agenda remind` and the UI's
    notifications. Only the events that start in reach are read (`starting_with_reminders`).
    `calendar_reminders` (the settings'): an event of a read-only calendar named there that
    carries no reminder of its own (a subscription's: it cannot be edited to have one) reminds
    that long before its start."""
    import json

    from agenda.core.reminders import MAX_OFFSET, due

    # a reminder that fires before `end` belongs to an event starting at most MAX_OFFSET later
    rows = store.starting_with_reminders(begin, end + MAX_OFFSET)
    wanted = dict(calendar_reminders)
    defaults: dict[str, str] = {}  # read-only calendar -> the reminder of its events without one
    for calendar in store.calendars() if wanted else ():
        reminder = wanted.get(calendar.name)
        if calendar.writable or reminder is None or reminder == "none":
            continue
        defaults[calendar.name] = reminder
        for text in store.starting_without_reminders(calendar.name, begin, end + MAX_OFFSET):
            event = json.loads(text)
            event["reminders"] = [reminder]
            rows.append(json.dumps(event))
    # a series reminds before each occurrence: its own row stands for its first only
    events = [e for e in map(json.loads, rows) if not e.get("repeat")]
    day = timedelta(days=1)
    first, last = (begin - day).date(), (end + MAX_OFFSET + day).date()
    events += [
        e
        for e in map(json.loads, store.occurrence_data(first, last, viewer_tz, defaults))
        if e.get("reminders")
    ]
    return due(events, begin, end, viewer_tz)
