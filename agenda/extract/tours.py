"""Tours: a trip of several legs told in prose ("arrived in Saudi Arabia on Monday at the start of
a three-day Gulf tour", "is on a ten-day tour of eight Pacific nations that began in Honiara on
Thursday"). The trip is a visit with no place of its own, over the days the text gives it, by
the person who makes it; the visits of its days to other countries are its legs (its children).
Called by `programme.nest`; nothing here imports a heavy package.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from agenda.extract.folding import days_of
from agenda.extract.text import NUMBER_WORDS

if TYPE_CHECKING:
    from agenda.extract import Proposal
    from agenda.extract.places import Place
    from agenda.extract.text import Sentence

_N = r"(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
_TOUR = re.compile(
    rf"\b{_N}-(?:day|nation|country)\s+(?:(?-i:[A-Z][\w-]+)\s+){{0,2}}(?:regional\s+)?"
    r"(?:tour|trip|swing|journey)\b",
    re.I,
)
_STARTS = re.compile(
    r"\b(?:arrived|arrives|landed|lands|began|begins|started|starts|opened|opens|kicked off|"
    r"kicks off|set off|sets off)\b",
    re.I,
)


def tour_frame(found: list[Sentence], published: date) -> tuple[date, date, str | None, int] | None:
    """The first and last day of the tour the lead of the story tells, its traveller and the
    offset of the sentence that tells it; None when there is no such tour."""
    from agenda.extract.dates import find_dates
    from agenda.extract.people import find_people

    for i, s in enumerate(found[:12]):
        m = _TOUR.search(s.text)
        if m is None or not re.search(r"-day\b", m.group(0), re.I):
            continue
        n = m.group("n").lower()
        length = NUMBER_WORDS.get(n, int(n) if n.isdigit() else 0)
        if not 2 <= length <= 21:
            continue
        start = _STARTS.search(s.text)
        if start is None:
            continue
        days = [
            d
            for d in find_dates(s.text, published, future=False)
            if d.start == d.end and d.span[0] >= start.start() - 40
        ]
        first = days[0].start if days else published
        if abs((first - published).days) > 10:
            continue
        people = [p.name for p, _ in find_people(s.text[: m.start()])]
        if not people:  # "He is on a ten-day tour": the person the sentences before name last
            named = [p.name for t in found[:i] for p, _ in find_people(t.text)]
            for t in reversed(found[max(0, i - 3) : i]):
                words = set(re.findall(r"[\w'’-]+", t.text))
                # "Wang arrived in Fiji": Wang Yi, named in full before
                people = [n for n in reversed(named) if words & set(n.split())][:1]
                if people:
                    break
        return first, first + timedelta(days=length - 1), (people[0] if people else None), s.start
    return None


def trip_title(who: str | None, countries: list[str]) -> str:
    """ "Tour of Narendra Modi", or of the countries when the traveller is not named ("Tour of
    Japan and China")."""
    if who:
        return f"Tour of {who}"
    names = list(dict.fromkeys(countries))
    if not names:
        return "Tour"
    return "Tour of " + (
        ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    )


def trip_proposal(
    key: str,
    who: str | None,
    traveller: dict[str, str] | None,
    days: tuple[date, date],
    published: date,
    s: Sentence,
    countries: list[str],
) -> Proposal:
    """A trip of several legs: a visit with no place of its own over its days, by its traveller,
    told by the sentence `s`."""
    from agenda.extract import Evidence, Proposal

    return Proposal(
        key=key,
        kind="visit",
        title=trip_title(who, countries),
        start=days[0],
        end=days[1],
        precision="range",
        published=published,
        participants=[dict(traveller)] if traveller else [],
        evidence=[Evidence(s.text, s.start, s.end, ["event"])],
    )


def nest_tour(
    proposals: list[Proposal], found: list[Sentence], published: date, next_key: Callable[[], str]
) -> tuple[list[Proposal], Proposal | None]:
    """The tour the story tells as a trip with its legs as children, and the legs its events
    show ("He will end the tour in Abu Dhabi on Wednesday with talks with ..."), to add; and
    the visit the sentence stage read as the whole trip, which the trip replaces. Nothing when
    there is no tour or it has legs in fewer than two countries (then it is one visit)."""
    from agenda.extract import Evidence, Proposal

    frame = tour_frame(found, published)
    if frame is None:
        return [], None
    first, last, who, at = frame
    known = [x for p in proposals for x in p.participants if who and x.get("name") == who]
    traveller = max(known, key=len) if known else ({"name": who} if who else {})
    home = traveller.get("country")

    def inside(p: Proposal) -> bool:
        span = days_of(p)
        return (
            p.parent is None
            and span is not None
            and first <= span[0] <= span[1] <= last
            and (p.location or {}).get("country") not in (None, home)
        )

    def travellers(p: Proposal) -> set[str]:
        hosts = {(p.location or {}).get("country")}
        return {x["name"] for x in p.participants if x.get("country") not in hosts} - {who}

    # a visit of someone else in those days ("Wong visited Suva") is no leg of this tour
    legs = [p for p in proposals if p.kind == "visit" and inside(p) and not travellers(p)]
    whole = [
        p for p in proposals if p.kind == "visit" and inside(p) and days_of(p) == (first, last)
    ]
    if whole and len(legs) > 1:  # "a ten-day tour ... that began in Honiara": the trip itself
        if whole[0] in legs:
            legs.remove(whole[0])
        for p in proposals:
            if p.parent == whole[0].key:
                p.parent = None
        dropped = whole[0]
    else:
        dropped = None
    made: list[Proposal] = []
    for place, day, quote in _listed_stops(found, published, first, last, at):
        if place.country in (home, None) or any(
            (q.location or {}).get("country") == place.country for q in legs
        ):
            continue
        # "then to Vanuatu, Papua New Guinea and Timor-Leste, the last stop, on Saturday"
        stop = Proposal(
            key=next_key(),
            kind="visit",
            title=f"Visit of {who} to {place.city or place.country}"
            if who
            else f"Visit to {place.city or place.country}",
            start=day or first,
            end=day or last,
            precision="exact" if day else "within_parent",
            published=published,
            location=place.as_location(),
            participants=[dict(traveller)] if who else [],
            evidence=[Evidence(quote.text, quote.start, quote.end, ["event"])],
        )
        legs.append(stop)
        made.append(stop)
    for p in proposals:
        if p.kind in ("bilateral", "meeting", "other") and inside(p) and p.location:
            there = [
                q for q in legs if (q.location or {}).get("country") == p.location.get("country")
            ]
            day = days_of(p)[0]  # type: ignore[index]
            leg = next((q for q in there if days_of(q)[0] <= day <= days_of(q)[1]), None)  # type: ignore[index]
            if leg is None and there:
                continue  # a leg of that country on other days: the event's day or place is off
            if leg is None:  # talks in a country of the tour that no leg names: its leg
                leg = Proposal(
                    key=next_key(),
                    kind="visit",
                    title=f"Visit of {who} to {p.location.get('city')}"
                    if who
                    else f"Visit to {p.location.get('city')}",
                    start=days_of(p)[0],  # type: ignore[index]
                    end=days_of(p)[0],  # type: ignore[index]
                    precision="exact",
                    published=published,
                    location=dict(p.location),
                    participants=[dict(traveller)] if who else [],
                    evidence=list(p.evidence[:1]),
                )
                legs.append(leg)
                made.append(leg)
            p.parent = leg.key
    if len({(p.location or {}).get("country") for p in legs}) < 2:
        for p in proposals:
            if any(p.parent == leg.key for leg in made):
                p.parent = None
        return [], None
    s = next(t for t in found if t.start == at)
    countries = [c for leg in legs if (c := (leg.location or {}).get("country"))]
    trip = trip_proposal(
        next_key(), who, traveller if who else None, (first, last), published, s, countries
    )
    trip.evidence[0].fields.append("dates")
    for leg in legs:
        leg.parent = trip.key
        if who:  # the traveller is the visitor of every leg, not the host he meets there
            hosts = {(leg.location or {}).get("country")}
            leg.participants = [
                x
                for x in leg.participants
                if x.get("country") not in hosts and x.get("name") != who
            ] + [dict(traveller)]
            leg.title = re.sub(r"^Visit (?:of .+? )?to ", f"Visit of {who} to ", leg.title)
    if dropped is not None:
        trip.key = dropped.key  # the visit read as the whole trip is the trip
        trip.evidence = dropped.evidence + trip.evidence
        for p in proposals:
            if p.parent == dropped.key:
                p.parent = trip.key
    return [trip, *made], dropped


_THEN_TO = re.compile(r"\bthen\s+(?:on\s+)?to\s+(?P<stops>(?-i:[A-Z])[^.;]*)", re.I)


def _listed_stops(
    found: list[Sentence], published: date, first: date, last: date, at: int
) -> list[tuple[Place, date | None, Sentence]]:
    """The stops a sentence of the tour lists after "then to" ("then to Vanuatu, Papua New
    Guinea and Timor-Leste, the last stop, on Saturday"): each place, with the day that follows
    it in the list when the tour's days hold it."""
    from agenda.extract.dates import find_dates
    from agenda.extract.places import city, country_place

    out: list[tuple[Place, date | None, Sentence]] = []
    for s in found:
        if s.start < at:
            continue
        for m in _THEN_TO.finditer(s.text):
            stops = m.group("stops")
            parts = re.split(r",\s+(?:and\s+)?|\s+and\s+", stops)
            for i, part in enumerate(parts):
                name = re.match(r"(?-i:[A-Z][\w'’-]*(?:[\s-][A-Z][\w'’-]*)*)", part.strip())
                if name is None:
                    continue
                place = city(name.group(0)) or country_place(name.group(0))
                if place is None:
                    continue
                # the day named before the next stop: "Timor-Leste, the last stop, on Saturday"
                tail = ""
                for p in parts[i + 1 :]:
                    if re.match(r"\s*(?-i:[A-Z])", p):
                        break  # the next stop: its own day
                    tail += " " + p
                days = [
                    d.start
                    for d in find_dates(part + " " + tail, published)
                    if d.start == d.end and first <= d.start <= last
                ]
                out.append((place, days[0] if days else None, s))
    return out
