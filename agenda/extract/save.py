"""Accepted proposals into the store: merge with an entry that is the same event, else add.

Same event: the same kind, overlapping dates, and the same city or a shared organization. The
article then becomes a further source of the stored entry (its other fields are kept, empty ones
filled); nothing is duplicated. A merge that adds nothing (the same article saved again) is
reported as unchanged. Everything lands in one `put_many` transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from agenda.extract import Proposal, to_events

if TYPE_CHECKING:
    from agenda.core.models import Event
    from agenda.core.store import EventStore


@dataclass
class SavePlan:
    """What saving would do: the events to write and which proposal merges into which entry."""

    events: list[Event]
    merged: dict[str, str]
    """proposal key -> id of the stored entry it adds a source to."""
    skipped: list[str]
    """keys of proposals that cannot be stored (postponed with no date)."""
    unchanged: list[str] = field(default_factory=list)
    """keys of merged proposals that add nothing to their stored entry (the article was saved)."""

    @property
    def enriched(self) -> list[str]:
        """keys of merged proposals that add a source or fill a field of their stored entry."""
        return [k for k in self.merged if k not in self.unchanged]


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def find_same(store: EventStore, p: Proposal) -> str | None:
    """The id of a stored event that is the same event as the proposal, or None."""
    if p.start is None:
        return None
    first, last = _day(p.start), _day(p.end or p.start)
    city = (p.location or {}).get("city")
    best: tuple[int, str] | None = None
    for row in store.window(first, last):
        if row.kind != p.kind:
            continue
        same_city = bool(city and row.city and row.city.lower() == city.lower())
        shared = bool(set(row.orgs) & set(p.organizations))
        if not (same_city or shared):
            continue
        score = int(same_city) + int(shared)
        if best is None or score > best[0]:
            best = (score, row.id)
    return best[1] if best else None


def plan(store: EventStore, proposals: list[Proposal]) -> SavePlan:
    """The events to write for `proposals`, merged with the store's where they are the same."""
    merged = {p.key: found for p in proposals if (found := find_same(store, p))}
    fresh = to_events(proposals, merged)
    out: list[Event] = []
    unchanged: list[str] = []
    for event in fresh:
        key = (
            next(k for k, v in merged.items() if v == event.id)
            if event.id in merged.values()
            else None
        )
        if key is None:
            out.append(event)
            continue
        old = store.get(event.id)
        quotes = {s.quote for s in old.sources}
        new_sources = [s for s in event.sources if s.quote not in quotes]
        updates: dict[str, object] = {}
        if new_sources:
            updates["sources"] = old.sources + new_sources
        for name in ("organizations", "participants", "agenda", "outcomes"):
            if not getattr(old, name) and getattr(event, name):
                updates[name] = getattr(event, name)
        for name in ("location", "chair", "next_chair"):
            if getattr(old, name) is None and getattr(event, name) is not None:
                updates[name] = getattr(event, name)
        if old.parent_id is None and event.parent_id and event.parent_id != old.id:
            updates["parent_id"] = event.parent_id
        if not updates:
            unchanged.append(key)
        out.append(old.model_copy(update=updates))
    skipped = [p.key for p in proposals if p.start is None]
    return SavePlan(out, merged, skipped, unchanged)
