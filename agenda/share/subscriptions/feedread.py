"""A downloaded feed read into the events of a subscribed calendar (whose name they carry in
`Event.calendar`).

The .ics importer's reader does the reading (`agenda.ics.read_events`: the same mapping as
`agenda import`, series kept as a master with its rule and overrides). Each event's id then gets
the calendar's name in front, `NAME:UID` (`NAME:UID/20260916` for an override of one
occurrence), and so do the ids it names (its parent, its series): a feed's events can never
replace or collide with local ones, nor two feeds' with each other. An id that would pass 255
characters becomes `NAME:h-` and a hash of it. The original UID stays in `ical_uid`.

A parent that is not in the same feed is dropped (the event keeps its own days) unless the event
has no day of its own; such an event, and one that breaks a family rule (days outside its
parent's), is refused with one line, as `agenda import --skip-invalid` would.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agenda.core.models import Event

MAX_ID = 255


@dataclass
class FeedEvents:
    """The events of one feed, ready to be stored, and what was refused."""

    events: list[Event]
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def namespaced_id(name: str, event_id: str) -> str:
    """`NAME:ID`, or `NAME:h-<hash>` when that would be longer than an id may be."""
    full = f"{name}:{event_id}"
    if len(full) <= MAX_ID:
        return full
    return f"{name}:h-{hashlib.sha1(event_id.encode()).hexdigest()[:32]}"


def read_feed(path: Path, source: str, name: str) -> FeedEvents:
    """The events of the .ics file at `path` (messages name it `source`, the URL) for the
    calendar `name`; IcsError when the file as a whole cannot be read."""
    from agenda.ics import read_events

    events, refused, notes = read_events(path, source)
    return namespace(name, events, refused, notes)


def namespace(
    name: str, events: list[Event], refused: list[str] | None = None, notes: list[str] | None = None
) -> FeedEvents:
    """`events`, changed in place, with their ids (and the ids they name) in the calendar
    `name`; see the module."""
    from agenda.core.models import family_problems

    out = FeedEvents([], list(refused or []), list(notes or []))
    ids = {e.id for e in events}
    renamed: dict[str, Event] = {}
    for event in events:
        # changed in place, not model_copy'd: the reader's events are ours alone, and two copies
        # per event (here and in replace_calendar_events) were a second of a 10k-event refresh
        if event.parent_id is not None and event.parent_id not in ids:
            if not event.is_day_known():
                out.refused.append(
                    f"{source_label(name)}: event {event.id!r}: its parent "
                    f"{event.parent_id!r} is not in the feed and it has no day of its own"
                )
                continue
            out.notes.append(
                f"event {event.id!r}: its parent {event.parent_id!r} is not in the feed; "
                "kept without a parent"
            )
            event.parent_id = None
        if event.recurrence_of is None and event.ical_uid is None:
            event.ical_uid = event.id
        event.id = namespaced_id(name, event.id)
        if event.recurrence_of is not None:
            event.recurrence_of = namespaced_id(name, event.recurrence_of)
        if event.parent_id is not None:
            event.parent_id = namespaced_id(name, event.parent_id)
        event.calendar = name
        renamed[event.id] = event
    # refused until none is left to refuse: a child of a refused parent goes too
    refusing = True
    while refusing:
        refusing = False
        for event_id, moved in list(renamed.items()):
            problems = family_problems(moved, renamed.get) if moved.parent_id else []
            if problems:
                out.refused.append("; ".join(problems))
                del renamed[event_id]
                refusing = True
    out.events = list(renamed.values())
    return out


def source_label(name: str) -> str:
    return f"subscription {name!r}"
