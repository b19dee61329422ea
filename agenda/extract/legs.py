"""Legs of a visit from its programme's day headings: a day in another city of the visited
country is a leg (a visit of that day, child of the visit); a visit to several countries with a
heading in each becomes a trip with a leg per country over its days, holding those days' items.
Called by `programme.nest` with its way of making a child proposal (`new`); nothing here
imports a heavy package.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from agenda.extract.folding import days_of
from agenda.extract.frames import Item
from agenda.extract.holders import holder_of
from agenda.extract.titles import leg_title

if TYPE_CHECKING:
    from agenda.extract import Proposal
    from agenda.extract.places import Place

NewChild = Callable[[str, str, Item, "Proposal | None", "Place | None"], "Proposal"]
"""`programme.nest`'s maker of a child proposal: (kind, title, item, parent, place)."""


def city_legs(
    every: list[Proposal],
    extra: list[Proposal],
    cities: dict[date, Place],
    lines: list[Item],
    new: NewChild,
) -> None:
    """A day heading (or a line) in another city of the visited country: a leg of that day
    under the visit (a leg already made for that city runs on to this day)."""
    stops = dict.fromkeys([*cities.items(), *((i.day, i.place) for i in lines if i.place)])
    for day, place in sorted(stops, key=lambda stop: stop[0]):
        visit = holder_of(every, day, place, ("visit",))
        if visit is None or not visit.location:
            continue
        if visit.location.get("city") in (None, place.city):
            continue
        if visit.location.get("country") != place.country:
            continue
        if any(
            q.kind == "visit"
            and q.parent == visit.key
            and (q.location or {}).get("city") == place.city
            for q in extra
        ):
            for q in extra:
                if (
                    q.kind == "visit"
                    and q.parent == visit.key
                    and (q.location or {}).get("city") == place.city
                ):
                    q.end = day
                    q.precision = "range"
            continue
        leg = Item("visit", f"Visit to {place.city}", day, None, (0, 0), "", place)
        q = new("visit", leg_title(visit, place), leg, visit, place)
        q.evidence = []


def trips_of_legs(
    every: list[Proposal], cities: dict[date, Place], new: NewChild
) -> list[tuple[Proposal, Proposal]]:
    """A visit to several countries with a day heading in each: a trip (the visit, its place
    dropped, its title naming the countries) with a leg per country over the days of its
    headings. Returns (leg, trip) pairs; `adopt_leg_items` moves the items once all are made."""
    country_legs: list[tuple[Proposal, Proposal]] = []
    for visit in [q for q in every if q.kind == "visit" and q.parent is None]:
        span = days_of(visit)
        if span is None:
            continue
        by_country: dict[str, list[tuple[date, Place]]] = {}
        for day, place in sorted(cities.items()):
            if span[0] <= day <= span[1]:
                by_country.setdefault(place.country, []).append((day, place))
        if len(by_country) < 2:
            continue
        if any(
            o is not visit
            and o.kind == "visit"
            and o.parent is None
            and (o.location or {}).get("country") in by_country
            for o in every
        ):
            continue  # a visit per country told already ("State Visit to the USA, followed by ...")
        quoted = " ".join(e.quote for e in visit.evidence)
        if (visit.location or {}).get("city") and not all(c in quoted for c in by_country):
            continue  # a visit to one country (its second country is a day trip of its own)
        visit.location = None  # "will visit Ghana and Togo": the trip, its legs hold the places
        names = list(by_country)
        where = ", ".join(names[:-1]) + " and " + names[-1]
        visit.title = re.sub(r" to [^()]+$", "", visit.title) + " to " + where
        for stays in by_country.values():
            first, place = stays[0]
            leg = Item("visit", f"Visit to {place.city}", first, None, (0, 0), "", place)
            q = new("visit", leg_title(visit, place), leg, visit, place)
            q.evidence, q.end = [], stays[-1][0]
            q.precision = "range" if q.end > first else "exact"
            country_legs.append((q, visit))
    return country_legs


def adopt_leg_items(country_legs: list[tuple[Proposal, Proposal]], every: list[Proposal]) -> None:
    """The trip's items (and top-level items) of a leg's days and country go under the leg."""
    for country_leg, visit in country_legs:
        stay = days_of(country_leg)
        for child in every:
            days = days_of(child)
            country = (child.location or {}).get("country")
            if (
                child.parent in (visit.key, None)
                and child.kind != "visit"
                and days is not None
                and stay is not None
                and stay[0] <= days[0] <= stay[1]
                and country in (None, (country_leg.location or {}).get("country"))
            ):
                child.parent = country_leg.key
