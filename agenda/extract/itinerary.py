"""Itineraries told in prose: a trip to several countries whose stops the story names one by one
("is scheduled to visit Egypt, Ghana, Kenya and Mozambique from April 29 to May 5 ... In Cairo
... on April 30 ... On May 1 he will travel to Accra ... then proceed to Nairobi ... Arriving in
Maputo on May 3"). The trip is a visit with no place of its own; each country it stops in is a
leg (a visit, its child) over the days the stops there give, an undated stop taking the days
between its neighbours'; the talks and ceremonies of a leg's country and days are the leg's.
Called by `programme.nest` when `tours.nest_tour` found no tour; nothing here imports a heavy
package.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from agenda.extract.folding import days_of
from agenda.extract.tours import trip_proposal, trip_title

if TYPE_CHECKING:
    from agenda.extract import Proposal
    from agenda.extract.places import Place
    from agenda.extract.text import Sentence

# a word that sends the traveller somewhere: "travel to Accra", "arriving in Maputo", "a stop in
# Singapore", "a day trip to Dhaka", "due in New Delhi", "then to Geneva", "In Cairo, ..."
_CUE = re.compile(
    r"(?:\b(?:travel(?:s|ling)?|fl(?:y|ies|ying)|go(?:es)?\s+on|proceed(?:s)?|move(?:s)?|"
    r"head(?:s)?|continue(?:s)?|then|trip|journey|stop(?:s)?\s+(?:over\s+)?|due|arriv(?:e|es|ing)|"
    r"land(?:s|ing)?|visit(?:s|ing)?|stay(?:s|ing)?|spend(?:s)?\s+[\w\s]{0,20}?)\s+(?:on\s+)?"
    r"(?:(?:(?:to|in|at|for)\s+)?(?:the\s+)?(?:(?:Republic|Arab|Kingdom|Federal|Islamic|Democratic|"
    r"People's|United|Sultanate|Socialist|of)\s+){0,4})?$|(?:^|[.;]\s*)In\s+$|\bfor\s+$)",
    re.I,
)
# the traveller's own country: "on his way back to Japan", "returning to Beijing"
_HOME = re.compile(
    r"\b(?:back\s+to|return(?:s|ing)?\s+(?:home\s+)?to|depart(?:s|ing)?\s+for|fl(?:y|ies)\s+home\s+to)"
    r"\s+(?:the\s+)?(?P<to>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)"
)
_MOVE = re.compile(
    r"travel|fl(?:y|ies|ying)|proceed|move|head|continue|then|trip|stop|due|arriv|land|go|spend|"
    r"stay|visit",
    re.I,
)
_AFTER = re.compile(
    r"\b(?:after|since|following)\s+(?:(?:a|an|the|his|her|their)\s+)?(?:\w+\s+){0,2}$"
)
_PAST = re.compile(r"\b(?:was|were|had|visited|paid|made|went|flew|came|stopped)\b")
_FRAME = re.compile(
    r"\b(?:visit|tour|trip|journey|swing)\b.{0,80}?\bto\s+(?:the\s+)?(?-i:[A-Z])|"
    r"\b(?:sets?|set)\s+off\b|\bleaves?\b.{0,40}\b(?:journey|tour|trip)\b",
    re.I,
)


@dataclass
class _Stop:
    place: Place
    day: date | None
    sentence: Sentence
    last: date | None = None
    """The last day of a stop told with its span ("Austria from 9 to 10 July")."""


def nest_itinerary(
    proposals: list[Proposal],
    found: list[Sentence],
    published: date,
    home: str | None,
    next_key: Callable[[], str],
) -> list[Proposal]:
    """The trip and its legs to add (the sentence stage's visits of those countries and days
    become legs, the visit read as the whole trip becomes the trip); nothing when the story
    stops in fewer than two countries."""
    from agenda.extract import Evidence, Proposal

    frame = _frame(proposals, found)
    if frame is None:
        return []
    whole, s = frame
    span = days_of(whole) if whole is not None else None
    traveller = _traveller(whole) or _named(s)
    home = home or (traveller or {}).get("country") or _home(found)
    stops = [
        x
        for x in _stops(found, published, s.start)
        if x.place.country != home
        and (span is None or x.day is None or span[0] <= x.day <= span[1])
    ]
    if span is not None and any(
        x.place.country != home and not span[0] <= d <= span[1]
        for x in _stops(found, published, s.start)
        for d in (x.day, x.last)
        if d is not None
    ):
        # "to Russia on 8-9 July and to Austria on 9-10 July": the visit read from the lead is
        # its first leg, not the trip
        whole, span = None, None
        stops = [x for x in _stops(found, published, s.start) if x.place.country != home]
    countries = list(dict.fromkeys(x.place.country for x in stops))
    if len(countries) < 2 or (span is None and not any(x.day for x in stops)):
        return []
    if all(x.sentence is s for x in stops):
        return []  # a list of countries and no more: one visit, nothing known of its legs
    known = {
        c: sorted(
            {d for x in stops if x.place.country == c for d in (x.day, x.last) if d is not None}
        )
        for c in countries
    }
    first = span[0] if span else min(d for days in known.values() for d in days)
    last = span[1] if span else max(d for days in known.values() for d in days)
    bounds: dict[str, tuple[date, date]] = {}
    for i, c in enumerate(countries):
        before = next((known[p][-1] for p in reversed(countries[:i]) if known[p]), first)
        after = next((known[n][0] for n in countries[i + 1 :] if known[n]), last)
        begin = known[c][0] if known[c] else before
        if i == 0 and span is not None:
            begin = min(begin, first)
        end = known[c][-1] if known[c] else after
        mine = [k for k, x in enumerate(stops) if x.place.country == c]
        if known[c] and stops[mine[-1]].day is None:
            # "He then goes on to Jaipur, Hyderabad and Mumbai": undated stops after its last
            # dated one last until the next stop elsewhere that has a day
            end = next((x.day for x in stops[mine[-1] :] if x.place.country != c and x.day), end)
        if i == len(countries) - 1 and span is not None:
            end = max(end, last)  # the last stop lasts until the trip ends
        bounds[c] = (begin, max(begin, end))
    made: list[Proposal] = []
    trip_key = whole.key if whole is not None else next_key()
    who = (traveller or {}).get("name")
    legs: dict[str, Proposal] = {}
    for c in countries:
        place = next((x.place for x in stops if x.place.country == c and x.place.city), None)
        begin, end = bounds[c]
        old = next(
            (
                q
                for q in proposals
                if q is not whole
                and q.kind == "visit"
                and q.parent is None
                and (q.location or {}).get("country") == c
            ),
            None,
        )
        if place is None:  # a country alone: the city the visit has there, else the capital
            from agenda.extract.frames import capital

            had = (old.location or {}) if old is not None else {}
            kept = had.get("city") and had.get("country") == c  # the visit's own city there
            alone = next(x.place for x in stops if x.place.country == c)
            place = None if kept else capital(c) or alone
        quote = next(x.sentence for x in stops if x.place.country == c)
        leg = old or Proposal(
            key=next_key(),
            kind="visit",
            title="",
            start=begin,
            end=end,
            precision="range",
            published=published,
            evidence=[Evidence(quote.text, quote.start, quote.end, ["event"])],
        )
        leg.start, leg.end = begin, end
        leg.precision = "range" if end > begin else "exact"
        if not known[c] and (begin, end) == (first, last):
            leg.precision = "within_parent"  # no day of its own: somewhere in the trip's days
        if place is not None:
            leg.location = place.as_location()
        name = (leg.location or {}).get("city") or c
        leg.parent = trip_key
        leg.title = f"Visit of {who} to {name}" if who else f"Visit to {name}"
        leg.participants = [dict(traveller)] if traveller else []
        legs[c] = leg
        if old is None:
            made.append(leg)
        made += _towns(leg, [x for x in stops if x.place.country == c], published, next_key)
    if whole is None:
        made.insert(
            0, trip_proposal(trip_key, who, traveller, (first, last), published, s, countries)
        )
    else:
        whole.location = None
        whole.start, whole.end, whole.precision = first, last, "range"
        whole.title = trip_title(who, countries)
    for p in proposals:
        if p.kind not in ("bilateral", "meeting", "other") or not p.location:
            continue
        there = legs.get(p.location.get("country", ""))
        days = days_of(p)
        held = days_of(there) if there is not None else None
        if there is None or days is None or held is None:
            continue
        if p.parent in (None, trip_key) and held[0] <= days[0] <= held[1]:
            p.parent = there.key
    return made


def _towns(
    leg: Proposal, stops: list[_Stop], published: date, next_key: Callable[[], str]
) -> list[Proposal]:
    """The other cities a leg stops in ("later visit the Taj Mahal at Agra. He then goes on to
    Jaipur"): its children, on their day or within its days."""
    from agenda.extract import Evidence, Proposal

    span = days_of(leg)
    here = (leg.location or {}).get("city")
    out: list[Proposal] = []
    seen = {here}
    for x in stops:
        if x.place.city is None or x.place.city in seen or span is None:
            continue
        seen.add(x.place.city)
        inside = x.day is not None and span[0] <= x.day <= span[1]
        out.append(
            Proposal(
                key=next_key(),
                kind="visit",
                title=f"Visit to {x.place.city}",
                start=x.day if inside else span[0],  # type: ignore[arg-type]
                end=x.day if inside else span[1],  # type: ignore[arg-type]
                precision="exact" if inside else "within_parent",
                published=published,
                location=x.place.as_location(),
                parent=leg.key,
                evidence=[Evidence(x.sentence.text, x.sentence.start, x.sentence.end, ["event"])],
            )
        )
    return out


def _frame(
    proposals: list[Proposal], found: list[Sentence]
) -> tuple[Proposal | None, Sentence] | None:
    """The visit the lead reads as the whole trip (or None) and the sentence that tells it."""
    from agenda.extract.places import find_cities, find_countries

    frames: list[tuple[Proposal | None, Sentence]] = []
    for s in found[:4]:
        if not _FRAME.search(s.text) or _PAST.search(s.text):
            continue
        if not find_cities(s.text) and not find_countries(s.text):
            continue
        whole = next(
            (
                p
                for p in proposals
                if p.kind == "visit"
                and p.parent is None
                and any(e.start == s.start for e in p.evidence)
            ),
            None,
        )
        frames.append((whole, s))
    # the sentence the sentence stage read as a visit (the headline's twin is the lead)
    return next((f for f in frames if f[0] is not None), frames[0] if frames else None)


def _home(found: list[Sentence]) -> str | None:
    """The country the story sends the traveller back to, when it names one."""
    from agenda.extract.places import city, country_place

    for s in found:
        for m in _HOME.finditer(s.text):
            words = m.group("to")
            place = city(words) or country_place(words)
            if place is not None and (place.city or place.country == words):
                return place.country  # a name ("Japan"), not an adjective ("the Indian capital")
    return None


def _named(s: Sentence) -> dict[str, str] | None:
    """The first person the frame sentence names ("President Bill Clinton leaves Saturday")."""
    from agenda.extract.people import find_people

    people = find_people(s.text)
    return people[0][0].as_participant() if people else None


def _traveller(whole: Proposal | None) -> dict[str, str] | None:
    if whole is None or not whole.participants:
        return None
    hosts = {(whole.location or {}).get("country")}
    guests = [x for x in whole.participants if x.get("country") not in hosts]
    return dict((guests or whole.participants)[0])


_NTH_VISIT = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
    r"\s+(?:\w+\s+)?(?:visit|trip)\s+to\s+(?:the\s+)?$",
    re.I,
)


def _stops(found: list[Sentence], published: date, at: int) -> list[_Stop]:
    """The places the story sends the traveller to, from the frame on, with their days."""
    from agenda.extract.dates import find_dates
    from agenda.extract.places import country_place, find_cities, find_countries

    out: list[_Stop] = []
    for s in found:
        if s.start < at or _PAST.search(s.text):
            continue
        every = find_dates(s.text, published)
        if every and all(d.end < published for d in every):
            continue  # "Carter was the last to visit India, in January 1978"
        days = [
            d
            for d in every
            if d.precision in ("exact", "range") and not d.relative_past and d.start >= published
        ]
        listed = -1  # the end of the stop before, for a list ("Jaipur, Hyderabad and Mumbai")
        cities = [(p, span) for p, span, _ in find_cities(s.text)]
        taken = [span for _, span in cities]
        named = [
            (place, span)
            for name, span in find_countries(s.text)
            if not any(a <= span[0] < b for a, b in taken)
            # a name ("Russia", "the Russian Federation"), not an adjective ("Ukrainian")
            and (s.text[span[0] : span[1]] == name or " " in s.text[span[0] : span[1]])
            and (place := country_place(name)) is not None
        ]
        places = sorted(cities + named, key=lambda x: x[1][0])
        several = len({place.country for place, _ in places}) >= 2
        if several and len(days) == 1 and days[0].span[0] > places[-1][1][1]:
            days = []  # "to Egypt, Ghana, Kenya and Mozambique from April 29 to May 5": the trip's
        if several and days and all(d.span[1] <= places[0][1][0] for d in days):
            days = []  # "from Monday, 31 October, to Wednesday, 2 November, visiting A and B"
        for place, (a, b) in places:
            cue = _CUE.search(s.text[max(0, a - 60) : a])
            if cue is not None and _AFTER.search(s.text[max(0, a - 60) : a][: cue.start()]):
                continue  # "days after a surprise trip to Moscow": where he was
            if _NTH_VISIT.search(s.text[max(0, a - 60) : a]):
                continue  # "This will be his eighth visit to Japan": a count, not a stop
            opening = re.match(r"\s*In\s+$", s.text[:a]) is not None  # "In Cairo, he will ..."
            in_list = listed >= 0 and re.fullmatch(r",\s*(?:and\s+)?|\s+and\s+", s.text[listed:a])
            strong = (
                cue is not None
                and (
                    s.start == at
                    or opening
                    or _MOVE.search(cue.group(0))
                    # "will depart Hanoi for Abu Dhabi": where the departure goes
                    or re.search(r"\bdepart(?:s|ing|ure)?\b[^.;]{0,40}\bfor\s+$", s.text[:a])
                    is not None
                )
            )
            if not strong and not in_list:
                continue  # a stop is in the lead's list, opens its sentence or follows a verb of travel
            listed = b
            # the day told after the place in its clause, else the one before it
            clause = re.split(
                r"[;]|,?\s+(?:and\s+)?(?:then|before|after)\b|,\s+(?:[\w'’]+\s+){0,3}"
                r"(?:said|says|told|announced)\b",
                s.text[b:],
            )[0]
            after = [d for d in days if b <= d.span[0] < b + len(clause)]
            before = [d for d in days if d.span[1] <= a]
            got = after[0] if after else before[-1] if before else None
            if got is not None and got.end > got.start and not after:
                got = None  # a span told before the place is the whole trip's, not this stop's
            out.append(_Stop(place, got.start if got else None, s, got.end if got else None))
    return out
