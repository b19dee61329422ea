"""The event model: an Event and its parts, with every rule of validation. No I/O.

Time kinds are explicit (house rule 8): an all-day event has `date` bounds with an INCLUSIVE end
(a visit on 15-17 September ends on the 17th); a zoned event has wall-clock datetimes and an IANA
zone (`tz`, with `end_tz` when the end is elsewhere); a floating event has wall-clock datetimes
and no zone. `precision` says how much of the date the source really gives.

Rules that need other events (the parent exists, no cycles, a child within its parent's dates) are
in `family_problems`, which the store calls with the events it holds.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from agenda.core.calendar_names import DEFAULT
from agenda.core.errors import ValidationProblem
from agenda.core.fieldtypes import (
    CalendarName,
    ContentLine,
    Day,
    Line,
    Moment,
    Offset,
    Text,
    Title,
    When,
    Zone,
    check_participant_count,
    check_reminder_count,
)
from agenda.core.limits import (
    MAX_SEQUENCE,
    range_problem,
)
from agenda.core.precision import is_approximate
from agenda.core.rrules import rule_error, rule_parts


class Kind(StrEnum):
    """What sort of gathering an event is."""

    VISIT = "visit"
    SUMMIT = "summit"
    MEETING = "meeting"
    BILATERAL = "bilateral"
    CONFERENCE = "conference"
    OTHER = "other"


class Status(StrEnum):
    """Where an announced event stands."""

    ANNOUNCED = "announced"
    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    HELD = "held"


class Precision(StrEnum):
    """How much of the date the source gives."""

    EXACT = "exact"
    """The day (or the time) is stated."""
    RANGE = "range"
    """A span of days is stated ("September 15-17"); the event covers all of it."""
    WITHIN_PARENT = "within_parent"
    """Only "during the visit" is known; the dates are the parent's, as bounds, not as a day."""
    MONTH = "month"
    """Only the month is known; the dates are the month's first and last day, as bounds."""


class Timing(StrEnum):
    """The three kinds of time an event can have."""

    ALL_DAY = "all_day"
    ZONED = "zoned"
    FLOATING = "floating"


# no controls, C1 (U+009B is a terminal's CSI) or bidi (U+202E reverses what follows) included
_ID = re.compile(r"^[^\s\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]{1,255}$")


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Location(_Part):
    """Where an event happens."""

    venue: Line | None = None
    city: Line | None = None
    country: Line | None = None
    tz: Zone = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)

    def label(self) -> str:
        """Venue, city, country: the parts that are known."""
        return ", ".join(p for p in (self.venue, self.city, self.country) if p)


class Participant(_Part):
    """A person taking part, with the role the source gives."""

    name: Line = Field(min_length=1)
    role: Line | None = None
    country: Line | None = None

    def label(self) -> str:
        """Name, then role and country when known."""
        extra = ", ".join(p for p in (self.role, self.country) if p)
        return f"{self.name} ({extra})" if extra else self.name


class Outcome(_Part):
    """An expected document or decision; `count` when the source gives a number."""

    description: Text = Field(min_length=1)
    count: int | None = Field(default=None, ge=0)
    count_is_minimum: bool = False
    """True when the source says "more than" the count."""

    def label(self) -> str:
        """ "13 documents ..." or "more than 30 documents ..."."""
        if self.count is None:
            return self.description
        prefix = "more than " if self.count_is_minimum else ""
        return f"{prefix}{self.count} {self.description}"


class Source(_Part):
    """Where an entry comes from, with the sentence that supports it."""

    publisher: Line | None = None
    title: Line | None = None
    url: Line | None = None
    published: Day | None = None
    quote: str | None = None
    speaker: Line | None = None
    """Who said the quoted sentence, with their role."""


class StatusChange(_Part):
    """One step in the life of an event: its new status, when, and who reported it."""

    status: Status
    on: Day
    source: Line | None = None
    note: str | None = None


def _rule(value: str | None) -> str | None:
    if value is None:
        return None
    problem = rule_error(value)
    if problem:
        raise ValueError(f"{value[:60]!r}: {problem}")
    return value.strip().upper()


class Repeat(_Part):
    """How an event repeats (a series): an RFC 5545 rule and extra dates, less the dates taken
    out. `rdates` and `exdates` hold values of the kind of the event's start: dates for an all-day
    event, wall-clock times in the event's `tz` for a timed one. The event's own start is always
    the first occurrence. Expansion is agenda.core.recurrence's."""

    rule: Annotated[str | None, AfterValidator(_rule)] = None
    """An RRULE value without the `RRULE:` prefix, as `FREQ=YEARLY;UNTIL=20300916`."""
    rdates: list[When] = Field(default_factory=list)
    """Occurrences beyond the rule's (RDATE)."""
    exdates: list[When] = Field(default_factory=list)
    """Occurrences taken out (EXDATE): a cancelled single occurrence."""

    @model_validator(mode="after")
    def _something(self) -> Repeat:
        if self.rule is None and not self.rdates:
            raise ValueError("a series needs a rule or dates (rdates)")
        return self


DEFAULT_CALENDAR = DEFAULT
"""The calendar every event belongs to unless it says otherwise (schema 5 put every event that
was stored before calendars existed there)."""

BOOKKEEPING = ("sequence", "created", "last_modified")
"""The fields the store sets on a write (RFC 5545's SEQUENCE, CREATED, LAST-MODIFIED): they say
which version an event is, not what it says (`Event.content` leaves them out)."""


class Event(BaseModel):
    """One summit, visit, meeting or other dated entry."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=_ID.pattern)
    """Stable handle; also the iCalendar UID."""
    kind: Kind = Kind.OTHER
    title: Title = Field(min_length=1)
    status: Status = Status.ANNOUNCED
    status_history: list[StatusChange] = Field(default_factory=list)
    start: When
    end: When | None = None
    """Inclusive: an all-day event on the 15th-17th ends on the 17th. Defaults to the start."""
    tz: Zone = None
    """IANA zone of a timed event's wall-clock times; None for all-day and floating events."""
    end_tz: Zone = None
    """Zone of the end when it differs from `tz` (a flight, a trip across zones)."""
    precision: Precision = Precision.EXACT
    location: Location | None = None
    organizations: list[str] = Field(default_factory=list)
    participants: Annotated[list[Participant], BeforeValidator(check_participant_count)] = Field(
        default_factory=list
    )
    chair: Line | None = None
    next_chair: Line | None = None
    agenda: list[str] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    parent_id: str | None = Field(default=None, pattern=_ID.pattern)
    tags: list[str] = Field(default_factory=list)
    description: Text | None = None
    notes: Text | None = None
    sequence: int = Field(default=0, ge=0, le=MAX_SEQUENCE)
    """Grows by one with every edit (iCalendar SEQUENCE)."""
    created: Moment | None = None
    last_modified: Moment | None = None
    repeat: Repeat | None = None
    """How the event repeats, when it is a series; None for a single event."""
    recurrence_of: str | None = Field(default=None, pattern=_ID.pattern)
    """The id of the series this event overrides one occurrence of (RECURRENCE-ID)."""
    recurrence_start: When | None = None
    """The original start of the occurrence it replaces, on the series' wall clock."""
    reminders: Annotated[list[Offset], BeforeValidator(check_reminder_count)] = Field(
        default_factory=list
    )
    """When to be reminded, as times before the start ("1d", "2h"); earliest first, no repeats."""
    ical_uid: str | None = None
    """The iCalendar UID this event was imported from when it is not the id (an occurrence of a
    recurring series: the id is UID/RECURRENCE-ID; or a UID that cannot be an id)."""
    ical_properties: list[ContentLine] = Field(default_factory=list)
    """Properties of an imported VEVENT that no field holds (X-APPLE-*, ATTENDEE, VALARM, ...), as
    unfolded content lines in file order; `agenda export` writes them back unchanged."""
    calendar: CalendarName = DEFAULT_CALENDAR
    """The name of the calendar the event belongs to (`EventStore.calendars`). Left out of every
    serialised form while it is the default one, so that an event stored before calendars
    existed has the same content hash, data file and .ics bytes as before."""

    @model_validator(mode="after")
    def _rules(self) -> Event:
        problems: list[str] = []
        for name in ("start", "end"):
            value = getattr(self, name)
            problem = range_problem(value, name) if value is not None else None
            if problem:
                problems.append(problem)
        if problems:  # nothing below may compute with such a date (zones overflow near year 1)
            raise ValueError("\n".join(problems))
        self._normalise_aware(problems)
        if isinstance(self.start, datetime) != isinstance(self.end or self.start, datetime):
            problems.append("end: start and end must both be dates (all-day) or both be date-times")
        elif self.timing is Timing.ALL_DAY:
            if self.end is None:
                self.end = self.start
            if self.tz or self.end_tz:
                problems.append(
                    "tz: an all-day event has no time zone; give the place's zone as location.tz"
                )
            if self.end < self.start:
                problems.append(f"end: {self.end} is before the start {self.start}")
        else:
            if self.end_tz and not self.tz:
                problems.append("end_tz: a floating event cannot have an end zone")
            elif self.end is not None and self.end_utc() < self.start_utc():
                problems.append(f"end: {self.end} is before the start {self.start}")
        self._precision_rules(problems)
        if not problems:
            problems += _series_problems(self)
        codes: list[str] = []
        for code in self.organizations:
            from agenda.core.organizations import lookup

            org = lookup(code)
            if org is None:
                problems.append(
                    f"organizations: unknown organization code {code!r} "
                    "(add it to organizations.toml beside your config file)"
                )
            elif org.code not in codes:
                codes.append(org.code)
        self.organizations = codes
        self.reminders = sorted(set(self.reminders), reverse=True)
        if self.parent_id is not None and self.parent_id == self.id:
            problems.append("parent_id: an event cannot be its own parent")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def _normalise_aware(self, problems: list[str]) -> None:
        """Aware datetimes become wall-clock times plus the zone they carry."""
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, datetime) or value.tzinfo is None:
                continue
            if isinstance(value.tzinfo, ZoneInfo):
                zone = value.tzinfo.key
            elif value.utcoffset() == timedelta(0):
                zone = "UTC"
            else:
                problems.append(f"{name}: give an IANA zone, not a fixed offset ({value})")
                continue
            setattr(self, name, value.replace(tzinfo=None))
            if name == "start" and self.tz is None:
                self.tz = zone
            elif name == "end" and zone != self.tz and self.end_tz is None:
                self.end_tz = zone

    def _precision_rules(self, problems: list[str]) -> None:
        if self.precision is Precision.WITHIN_PARENT and not self.parent_id:
            problems.append("precision: 'within_parent' needs a parent_id")
        if self.precision is Precision.MONTH:
            end = self.end or self.start
            if self.timing is not Timing.ALL_DAY:
                problems.append("precision: a 'month' event has dates, not times")
            elif self.start.day != 1 or end != _month_end(self.start):
                problems.append(
                    "precision: a 'month' event runs from the first to the last day of its month"
                )

    @property
    def timing(self) -> Timing:
        """All-day, zoned or floating."""
        if not isinstance(self.start, datetime):
            return Timing.ALL_DAY
        return Timing.ZONED if self.tz else Timing.FLOATING

    @property
    def end_or_start(self) -> date:
        """The end, or the start when no end is known."""
        return self.end if self.end is not None else self.start

    def start_utc(self) -> datetime:
        """The start as a UTC instant (floating times are read as UTC wall clock)."""
        return _to_utc(self.start, self.tz)

    def end_utc(self) -> datetime:
        """The end as a UTC instant (the start when the end is unknown)."""
        if self.end is None:
            return self.start_utc()
        return _to_utc(self.end, self.end_tz or self.tz)

    def day_span(self) -> tuple[date, date]:
        """First and last day the event touches, in its own zones."""
        if isinstance(self.start, datetime):
            end = self.end if self.end is not None else self.start
            assert isinstance(end, datetime)
            return self.start.date(), end.date()
        return self.start, self.end_or_start

    def content(self, *, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
        """What the event says: every field but the `BOOKKEEPING` ones. Two events with the same
        content are one version (the store leaves it unchanged, sync and import see no change)."""
        exclude = set(BOOKKEEPING)
        if self.calendar == DEFAULT_CALENDAR:  # the hash of an event made before calendars
            exclude.add("calendar")
        return self.model_dump(mode=mode, exclude=exclude)

    def json_data(self) -> dict[str, Any]:
        """The event as `--json` prints it: no nulls, and no calendar while it is the default
        one (as before calendars existed: absent means 'default')."""
        exclude = {"calendar"} if self.calendar == DEFAULT_CALENDAR else None
        return self.model_dump(mode="json", exclude_none=True, exclude=exclude)

    @property
    def approximate(self) -> bool:
        """True when the dates are bounds, not a day: the source gives no day of its own (within
        the parent, month only)."""
        return is_approximate(self.precision)

    def is_day_known(self) -> bool:
        """False when the source gives no day of its own (within the parent, month only)."""
        return not self.approximate


def _series_problems(event: Event) -> list[str]:
    """Dates of a series of the kind of its start; an override names its series and start."""
    problems: list[str] = []
    timed = isinstance(event.start, datetime)
    kind = "date-times (wall clock in tz)" if timed else "dates"
    if event.repeat is not None:
        if event.recurrence_of is not None:
            problems.append("repeat: an override of one occurrence cannot repeat itself")
        for name in ("rdates", "exdates"):
            for value in getattr(event.repeat, name):
                if isinstance(value, datetime) and value.tzinfo is not None:
                    problems.append(f"repeat.{name}: {value}: give wall-clock times in {event.tz}")
                elif isinstance(value, datetime) != timed or range_problem(value, name):
                    problems.append(f"repeat.{name}: {value} is not one of the start's {kind}")
        until = rule_parts(event.repeat.rule or "").get("UNTIL")
        first = event.start - timedelta(days=1 if until and until.endswith("Z") else 0)
        if until and until[:8] < f"{first:%Y%m%d}":
            problems.append(f"repeat: the rule ends ({until[:8]}) before the start {event.start}")
    if (event.recurrence_of is None) != (event.recurrence_start is None):
        problems.append("recurrence_start: an override gives both recurrence_of and its start")
    elif event.recurrence_of is not None and event.recurrence_of == event.id:
        problems.append("recurrence_of: an event cannot override an occurrence of itself")
    return problems


def _to_utc(value: date, tz: str | None) -> datetime:
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if tz is None:
        return value.replace(tzinfo=UTC)
    return value.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


def _month_end(day: date) -> date:
    first_next = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def format_problems(exc: ValidationError, where: str) -> list[str]:
    """One line per problem, each naming the event (or file) and the field."""
    lines: list[str] = []
    for err in exc.errors(include_url=False):
        field = ".".join(str(p) for p in err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "string_pattern_mismatch" and field in ("id", "parent_id"):
            msg = f"{err['input']!r} is not an id (1 to 255 characters, no spaces or control codes)"
        for part in msg.split("\n"):
            if field and not part.startswith(f"{field}:"):
                lines.append(f"{where}: {field}: {part}")
            else:
                lines.append(f"{where}: {part}")
    return lines


def parse_event(data: dict[str, Any], where: str | None = None) -> Event:
    """Validate a mapping into an Event, raising ValidationProblem with one line per problem."""
    try:
        return Event.model_validate(data)
    except ValidationError as exc:
        label = where or f"event {data.get('id', '(no id)')!r}"
        raise ValidationProblem(format_problems(exc, label)) from None


MAX_NESTING = 16
"""How many parents deep an event may be: the walks up and down a family stay short (a 2,000-deep
chain once made `list` fail with RecursionError)."""


def family_problems(event: Event, lookup: Callable[[str], Event | None]) -> list[str]:
    """Rules between an event and its relatives: parent exists, no cycle, child inside parent.

    `lookup` returns the event an id would name once the change lands, or None.
    """
    if event.parent_id is None:
        return []
    where = f"event {event.id!r}: parent_id"
    parent = lookup(event.parent_id)
    if parent is None:
        return [f"{where}: no event has the id {event.parent_id!r}"]
    seen = {event.id}
    cursor: Event | None = parent
    while cursor is not None:
        if cursor.id in seen:
            return [f"{where}: {event.parent_id!r} would make a cycle of parents"]
        if len(seen) > MAX_NESTING:
            return [
                f"{where}: {event.parent_id!r} would put the event more than {MAX_NESTING} "
                "parents deep (a visit, its days, their sessions: a few levels are enough)"
            ]
        seen.add(cursor.id)
        cursor = lookup(cursor.parent_id) if cursor.parent_id else None
    first, last = event.day_span()
    p_first, p_last = parent.day_span()
    if first < p_first or last > p_last:
        return [
            f"event {event.id!r}: dates {first}..{last} fall outside its parent "
            f"{parent.id!r} ({p_first}..{p_last})"
        ]
    return []


_OUTCOME_TEXT = re.compile(r"^(more than\s+)?(\d+)\s+(.+)$", re.IGNORECASE)


def parse_outcome(text: str) -> dict[str, Any]:
    """Outcome data from the way people write it: "13 documents ...", "more than 30 documents ...",
    or words alone (no count). The inverse of `Outcome.label`; shared by the CLI and the UI form.

    Raises ValueError for a count without words ("13") or "more than" without a count.
    """
    stripped = text.strip()
    if re.fullmatch(r"(more than\s*)?\d*", stripped, re.IGNORECASE) and stripped:
        raise ValueError(
            f'{text!r}: say what is counted, as in "13 documents" or "more than 30 documents"'
        )
    if re.match(r"^more than\b", stripped, re.IGNORECASE) and not _OUTCOME_TEXT.match(stripped):
        raise ValueError(f'{text!r}: "more than" needs a count, as in "more than 30 documents"')
    match = _OUTCOME_TEXT.match(stripped)
    if match:
        return {
            "description": match.group(3),
            "count": int(match.group(2)),
            "count_is_minimum": bool(match.group(1)),
        }
    return {"description": text.strip()}


def parse_participant(text: str) -> dict[str, str | None]:
    """Participant data from "Name; Role; Country" (role and country optional).

    Raises ValueError naming the text when it has no name or more than three parts.
    """
    parts: list[str | None] = [p.strip() or None for p in text.split(";")]
    if not parts[0] or len(parts) > 3:
        raise ValueError(f'{text!r} is not "Name; Role; Country"')
    parts += [None] * (3 - len(parts))
    return {"name": parts[0], "role": parts[1], "country": parts[2]}


def record_status(
    data: dict[str, Any], status: str, previous: str | None, on: date, source: str | None = None
) -> None:
    """Set `data["status"]`; when it differs from `previous`, append the change (the day `on`, who
    reported it) to `data["status_history"]`, unless the history already ends with that very
    change. Shared by `agenda add/edit --status` and the UI's event form."""
    status = str(status).lower()
    data["status"] = status
    if status == previous:
        return
    history = list(data.get("status_history") or [])
    last = history[-1] if history else None
    if last is not None:
        last_status = last.status if isinstance(last, StatusChange) else last.get("status")
        last_on = last.on if isinstance(last, StatusChange) else last.get("on")
        if str(last_status) == status and last_on == on:
            return
    history.append({"status": status, "on": on, "source": source})
    data["status_history"] = history


def slugify(text: str, limit: int = 40) -> str:
    """A lower-case ASCII slug of `text`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "event"


def new_id(title: str, start: date) -> str:
    """A readable, unique id for a new event: date, slug of the title, random suffix."""
    return f"{start:%Y%m%d}-{slugify(title)}-{secrets.token_hex(3)}"
