"""Read-only views of stored events, built without pydantic: what `agenda show` prints from.

The store keeps every event as the JSON of an `Event` that passed validation when it was
written (fields at their default left out). Importing pydantic and building the model classes
costs more than the whole time budget of `agenda show` (~100 ms against 60 ms), so `show` reads
that JSON into these plain objects instead: the same attribute names, the same enum `.value`s,
dates and datetimes parsed the same way, and the same `label()` methods as the model's parts.

Nothing is checked here; it was checked on the way in. JSON with a key these views do not know
(a field added to the model later) gives None, and the caller falls back to the full model, so a
new field is never silently left out of what is shown. tests/bench/test_fast_paths.py checks that
`format.detail_sections` gives the same lines from a view as from the model.
"""

from __future__ import annotations

from datetime import date, datetime

from agenda.core import storedjson

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from typing import Any, ClassVar


class Value(str):
    """A string that also answers `.value`, as the model's StrEnums do."""

    __slots__ = ()

    @property
    def value(self) -> str:
        return str(self)


def _when(text: str | None) -> Any:
    if text is None:
        return None
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None


class _Unknown(Exception):
    """The JSON has a key this view does not know."""


class _View:
    FIELDS: ClassVar[dict[str, Any]] = {}
    """Field name -> default (as the model's field defaults)."""
    CONVERT: ClassVar[dict[str, Any]] = {}
    """Field name -> function applied to the stored JSON value."""

    def __init__(self, raw: dict[str, Any]) -> None:
        if not raw.keys() <= self.FIELDS.keys():
            raise _Unknown(sorted(raw.keys() - self.FIELDS.keys()))
        for name, default in self.FIELDS.items():
            if name in raw:
                convert = self.CONVERT.get(name)
                value = raw[name]
                setattr(self, name, convert(value) if convert and value is not None else value)
            else:
                setattr(self, name, list(default) if isinstance(default, list) else default)

    def __repr__(self) -> str:
        body = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.FIELDS)
        return f"{type(self).__name__}({body})"


class LocationView(_View):
    """Mirror of `models.Location`."""

    FIELDS: ClassVar[dict[str, Any]] = dict.fromkeys(
        ("venue", "city", "country", "tz", "lat", "lon")
    )

    def label(self) -> str:
        """Venue, city, country: the parts that are known."""
        return ", ".join(p for p in (self.venue, self.city, self.country) if p)  # type: ignore[attr-defined]


class ParticipantView(_View):
    """Mirror of `models.Participant`."""

    FIELDS: ClassVar[dict[str, Any]] = dict.fromkeys(("name", "role", "country"))

    def label(self) -> str:
        """Name, then role and country when known."""
        extra = ", ".join(p for p in (self.role, self.country) if p)  # type: ignore[attr-defined]
        return f"{self.name} ({extra})" if extra else self.name  # type: ignore[attr-defined]


class OutcomeView(_View):
    """Mirror of `models.Outcome`."""

    FIELDS: ClassVar[dict[str, Any]] = {
        "description": None,
        "count": None,
        "count_is_minimum": False,
    }

    def label(self) -> str:
        """ "13 documents ..." or "more than 30 documents ..."."""
        if self.count is None:  # type: ignore[attr-defined]
            return self.description  # type: ignore[attr-defined,no-any-return]
        prefix = "more than " if self.count_is_minimum else ""  # type: ignore[attr-defined]
        return f"{prefix}{self.count} {self.description}"  # type: ignore[attr-defined]


class SourceView(_View):
    """Mirror of `models.Source`."""

    FIELDS: ClassVar[dict[str, Any]] = dict.fromkeys(
        ("publisher", "title", "url", "published", "quote", "speaker")
    )
    CONVERT: ClassVar[dict[str, Any]] = {"published": _day}


class StatusChangeView(_View):
    """Mirror of `models.StatusChange`."""

    FIELDS: ClassVar[dict[str, Any]] = dict.fromkeys(("status", "on", "source", "note"))
    CONVERT: ClassVar[dict[str, Any]] = {"status": Value, "on": _day}


def _offsets(items: list[str]) -> list[Any]:
    from agenda.core.reminders import parse_offset

    return [parse_offset(item) for item in items]


def _parts(cls: type[_View]) -> Any:
    return lambda items: [cls(item) for item in items]


class EventView(_View):
    """Mirror of `models.Event`, read-only."""

    FIELDS: ClassVar[dict[str, Any]] = {
        "id": None,
        "kind": Value("other"),
        "title": None,
        "status": Value("announced"),
        "status_history": [],
        "start": None,
        "end": None,
        "tz": None,
        "end_tz": None,
        "precision": Value("exact"),
        "location": None,
        "organizations": [],
        "participants": [],
        "chair": None,
        "next_chair": None,
        "agenda": [],
        "outcomes": [],
        "sources": [],
        "parent_id": None,
        "tags": [],
        "description": None,
        "notes": None,
        "sequence": 0,
        "created": None,
        "last_modified": None,
        "reminders": [],
        "calendar": "default",
        # kept for iCalendar round trips; `show` does not print them
        "ical_uid": None,
        "ical_properties": [],
    }
    CONVERT: ClassVar[dict[str, Any]] = {
        "kind": Value,
        "status": Value,
        "precision": Value,
        "status_history": _parts(StatusChangeView),
        "start": _when,
        "end": _when,
        "created": datetime.fromisoformat,
        "last_modified": datetime.fromisoformat,
        "location": LocationView,
        "participants": _parts(ParticipantView),
        "outcomes": _parts(OutcomeView),
        "sources": _parts(SourceView),
        "reminders": _offsets,
    }


def event_view(data: str) -> EventView | None:
    """A view of an event's stored JSON, or None when it has a field the view does not know."""
    try:
        return EventView(storedjson.loads(data))
    except _Unknown:
        return None
