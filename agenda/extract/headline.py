"""What a programme's headline and paragraph heads say: the kind of event the headline names
("Programme of the State Visit of ..."), its days and the country it goes to, the place a
paragraph's run-in head names ("G20 in Buenos Aires.", "BISHKEK:") or a list item's ("- Vilnius:
..."), a district of the dateline's city, and whether the article is a week-ahead digest (many
events, none of them the article's).
Used by `programme.nest`; nothing here imports a heavy package.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agenda.extract import Proposal
    from agenda.extract.frames import Item
    from agenda.extract.places import Place
    from agenda.extract.text import Sentence

DIGEST = re.compile(r"\bweek[\s-]+ahead\b|\bweekly\b|\bdiary\b|\bcalendar\b", re.I)
"""The head of a week-ahead newsletter or diary: many events, none of them the article's."""


def headline_kind(headline: str) -> str | None:
    """The kind of event a programme's headline names ("Programme of the State Visit of ...")."""
    if len(headline) > 200:
        return None
    if re.search(r"\b(?:visit|journey|trip|tour)\b", headline, re.I):
        return "visit"
    if re.search(r"\bsummit\b", headline, re.I):
        return "summit"
    return None


def run_in_place(text: str, at: int) -> Place | None:
    """The place a paragraph's run-in head names ("G20 in Buenos Aires. Leaders meet on Friday
    ...", "Poland. The UN climate conference ..."): a week-ahead's section."""
    from agenda.extract.places import city, country_place, find_cities

    start = text.rfind("\n\n", 0, at)
    start = 0 if start < 0 else start + 2
    m = re.match(r"\s*([A-Z][^.\n:]{1,40})[.:]\s+[A-Z]", text[start:])
    if m is None or len(m.group(1).split()) > 6:
        return None
    words = m.group(1).strip()
    if re.search(r"\b(?:is|are|was|were|will|has|have|says?|said)\b", words):
        return None  # a sentence, not a head
    cities = find_cities(words)
    if cities:
        return cities[-1][0]
    return city(words) or country_place(words)


_BULLET_HEAD = re.compile(r"[ \t]*[-•*–][ \t]+([A-Z][^.\n:;]{1,60}?):[ \t]+\S")


def bullet_places(text: str, at: int) -> list[Place]:
    """The cities a list item's run-in head names ("- Vilnius: Eastern Partnership summit
    opens ...", "- Vatican City / Rome: ..."): a week-ahead's place for the events in that item.
    Empty when the line holding `at` is no such item or its head names no city."""
    from agenda.extract.places import city

    start = text.rfind("\n", 0, at) + 1
    m = _BULLET_HEAD.match(text, start)
    if m is None or m.end() > at + 1:
        return []
    out: list[Place] = []
    for name in re.split(r"\s*(?:/|,|\band\b)\s*", m.group(1)):
        found = city(name.strip()) if name.strip() else None
        if found is not None:
            out.append(found)
    return out


def bullet_head(p: Proposal, text: str) -> None:
    """Place an event told in a list item under the city its head names (`bullet_places`):
    when it has no city, another city of the same country (a stop: "- New Delhi: ... a state
    visit to India ..., with a stop in Chennai"), or a city its own sentence does not place it
    in ("- Vilnius: ... summit ... after Kiev suspended preparations"). A city of another
    country that its sentence names with "in" or "at" stays."""
    first = p.evidence[0]
    heads = bullet_places(text, first.end - 1)
    if not heads:
        return
    loc = p.location or {}
    here = loc.get("city")
    if here in {h.city for h in heads}:
        return
    same = [h for h in heads if not loc.get("country") or h.country == loc.get("country")]
    if same:
        p.location = same[0].as_location()
    elif here and not re.search(rf"\b(?:in|at)\s+{re.escape(here)}\b", first.quote):
        p.location = heads[0].as_location()
    else:
        return
    now = p.location.get("city")
    if here and now and p.title.endswith(f" in {here}"):
        p.title = p.title.removesuffix(here) + now  # "Summit in Kyiv" built before


def district_of(p: Proposal, filed: Place) -> None:
    """An event in a district of the city the article is filed from ("the museum in Pudong",
    SHANGHAI dateline) is in that city: within 10 km of it, in its country."""
    import math

    loc = p.location or {}
    if not loc.get("city") or loc.get("city") == filed.city or loc.get("country") != filed.country:
        return
    if "lat" not in loc or filed.lat is None or filed.lon is None:
        return
    la1, lo1, la2, lo2 = map(math.radians, (loc["lat"], loc["lon"], filed.lat, filed.lon))
    cos = math.sin(la1) * math.sin(la2) + math.cos(la1) * math.cos(la2) * math.cos(lo1 - lo2)
    if 6371 * math.acos(max(-1.0, min(1.0, cos))) <= 10:
        p.location = filed.as_location()


def headline_span(headline: str, published: date) -> tuple[date, date] | None:
    """The days a programme's headline gives ("... to Iraq (5-8 March 2021)")."""
    from agenda.extract.dates import find_dates

    if len(headline) > 200:
        return None
    spans = [d for d in find_dates(headline, published) if d.precision in ("range", "exact")]
    if len(spans) != 1 or not isinstance(spans[0].start, date) or spans[0].end is None:
        return None
    return spans[0].start, spans[0].end


def headline_country(headline: str) -> str | None:
    """The country a programme's headline goes to ("State Visit of ... to Peru")."""
    from agenda.extract.places import country_place

    for m in re.finditer(r"\bto\s+(?:the\s+)?((?:[A-Z][\w'’-]+\s?){1,3})", headline):
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            got = country_place(" ".join(words[:n]))
            if got is not None:
                return got.country
    return None


def headline_visit_place(
    proposals: list[Proposal], found: list[Sentence], cities: dict[date, Place], lines: list[Item]
) -> None:
    """A visit the headline names with no place of its own ("State Visit of the President of
    Chile to Peru"): the country the headline goes to, at the programme's first city there."""
    if not found:
        return
    head = found[0]
    for p in proposals:
        if p.kind != "visit" or p.location or p.parent is not None:
            continue
        if not any(head.start <= e.start < head.end for e in p.evidence):
            continue
        country = headline_country(head.text)
        if country is None:
            continue
        places = [c for _, c in sorted(cities.items(), key=lambda x: x[0])]
        places += [i.place for i in lines if i.place]
        from agenda.extract.frames import capital

        place = next((c for c in places if c.country == country), None) or capital(country)
        if place is not None:
            p.location = place.as_location()
