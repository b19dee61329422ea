"""Three-way merge of one event: an edit made on an old copy, laid over the stored event.

A form (or an undo) works on the event as it was read: the *base*. When another process changed
the stored event meanwhile (*theirs*), writing the edited copy (*mine*) as it is would silently
undo their change. `merge` takes, field by field, whichever side changed it; where both changed
one field to different values it is a *clash*, which only a person can settle (`Merge.resolve`).
Pure: no store, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from agenda.core.models import BOOKKEEPING, Event, format_problems

_NOT_MERGED = frozenset({"id", *BOOKKEEPING})
"""The store's bookkeeping (and the identity), not content anyone edits."""

_UNITS: tuple[tuple[str, ...], ...] = (
    ("start", "end", "tz", "end_tz", "precision"),
    ("status", "status_history"),
)
"""Fields that only make sense together: the dates of one side with the zone of the other could
describe a time neither side meant, so they merge as one."""

_LABELS = {"start": "dates and times", "status": "status"}


def _units() -> list[tuple[str, ...]]:
    grouped = {name for unit in _UNITS for name in unit}
    singles = [(n,) for n in Event.model_fields if n not in grouped and n not in _NOT_MERGED]
    return [*_UNITS, *singles]


def label(unit: tuple[str, ...]) -> str:
    """How a person calls this field (or group of fields)."""
    return _LABELS.get(unit[0], unit[0].replace("_", " "))


@dataclass
class Merge:
    """The outcome of `merge`: `event` holds every change of both sides, and mine where they clash."""

    event: Event
    theirs: Event
    clashes: list[tuple[str, ...]]
    """The fields (grouped) that both sides changed, differently."""

    @property
    def clash_labels(self) -> list[str]:
        return [label(u) for u in self.clashes]

    def values(self, unit: tuple[str, ...], side: Literal["theirs", "mine"]) -> dict[str, Any]:
        """The values of one clashing unit on one side, as JSON-like data (to show both)."""
        source = self.theirs if side == "theirs" else self.event
        data = source.model_dump(mode="json")
        return {name: data.get(name) for name in unit}

    def resolve(self, keep: Literal["theirs", "mine"]) -> Event:
        """The merged event with the clashes settled for one side."""
        if keep == "mine" or not self.clashes:
            return self.event
        data = self.event.model_dump()
        theirs = self.theirs.model_dump()
        for unit in self.clashes:
            for name in unit:
                data[name] = theirs[name]
        return _valid(data, self.event.id)


def merge(base: Event, theirs: Event, mine: Event) -> Merge:
    """Lay the changes from `base` to `mine` over `theirs` (the stored event now).

    A field mine did not change takes theirs; a field theirs did not change (or changed to the
    same value) takes mine; a field both changed differently is a clash, mine for now. The result
    carries theirs' SEQUENCE (the version it was merged with). ValidationProblem when the
    combination is not a valid event.
    """
    b, t, m = (e.model_dump(mode="json") for e in (base, theirs, mine))
    data = mine.model_dump()
    their_values = theirs.model_dump()
    clashes: list[tuple[str, ...]] = []
    for unit in _units():
        mine_changed = any(m.get(n) != b.get(n) for n in unit)
        theirs_changed = any(t.get(n) != b.get(n) for n in unit)
        same = all(m.get(n) == t.get(n) for n in unit)
        if theirs_changed and not mine_changed:
            for name in unit:
                data[name] = their_values[name]
        elif theirs_changed and mine_changed and not same:
            clashes.append(unit)
    for name in BOOKKEEPING:
        data[name] = their_values[name]
    return Merge(_valid(data, mine.id), theirs, clashes)


def _valid(data: dict[str, Any], event_id: str) -> Event:
    from pydantic import ValidationError

    from agenda.core.errors import ValidationProblem

    try:
        return Event.model_validate(data)
    except ValidationError as exc:
        raise ValidationProblem(format_problems(exc, f"event {event_id!r}")) from None
