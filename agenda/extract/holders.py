"""Which event holds a day: the visit, summit or occasion whose days hold it (a visit to the
place's country first, the narrowest of one kind), as `programme.nest` and `legs` nest items
and legs under their parents. Nothing here imports a heavy package.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from agenda.extract.folding import days_of

if TYPE_CHECKING:
    from agenda.extract import Proposal
    from agenda.extract.places import Place

HOLDERS = ("visit", "summit", "other")


def holder_of(
    proposals: list[Proposal],
    day: date,
    place: Place | None,
    kinds: tuple[str, ...],
    timed: bool = False,
) -> Proposal | None:
    """The visit, summit or occasion whose days hold `day` (a visit to `place`'s country first)."""
    best: Proposal | None = None
    summits = {p.key for p in proposals if p.kind == "summit"}
    for p in proposals:
        if p.kind not in kinds or p.status in ("postponed", "cancelled"):
            continue
        if p.kind == "other" and p.parent is not None:
            continue
        span = days_of(p)
        if span is None or not span[0] <= day <= span[1]:
            continue
        if p.kind == "visit" and p.parent is not None:
            continue
        if p.kind == "summit" and p.parent is not None and p.parent in summits:
            continue  # a partner summit inside a summit holds nothing of its own
        if (
            place is not None
            and p.location
            and p.location.get("country") not in (None, place.country)
        ):
            continue
        if (
            best is None
            or (best.kind == "other" and p.kind != "other")
            or (width(p) < width(best) and (p.kind == best.kind or p.kind == "summit"))
        ):
            best = p
    return best


def width(p: Proposal) -> int:
    span = days_of(p)
    return (span[1] - span[0]).days if span else 10_000
