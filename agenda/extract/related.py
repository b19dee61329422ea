"""Events related to others that no trigger phrase announces: the partner summits held inside
a summit ("ASEAN-China, ASEAN-Japan summits and the ASEAN Plus Three Summit" on a day of the
ASEAN summit), a trip's legs told in prose ("he flies on Tuesday to Naypyidaw" inside a visit
to Myanmar), and the one city of an article that places every event in one city. Called by
`programme.nest`; nothing here imports a heavy package.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from agenda.extract.folding import days_of

if TYPE_CHECKING:
    from agenda.extract import Proposal
    from agenda.extract.places import Place
    from agenda.extract.text import Sentence


def one_city(every: list[Proposal]) -> None:
    """When every placed event (programme items and occasions included) is in one city, the
    unplaced ones without a parent are there too ("talks with Modi on Tuesday" in a story
    about a state funeral in Tokyo)."""
    cities = {(p.location or {}).get("city") for p in every if p.location and p.kind != "visit"}
    placed = [p for p in every if (p.location or {}).get("city") and p.kind != "visit"]
    if len(cities) != 1 or None in cities or not placed:
        return
    for p in every:
        if p.location is None and p.parent is None and p.kind != "visit":
            p.location = dict(placed[0].location or {})


def prose_legs(every: list[Proposal]) -> None:
    """A visit told in prose inside the days of a longer visit to the same country, in another
    city ("he flies on Tuesday to Naypyidaw"), is a leg of it: its child."""
    trips = [p for p in every if p.kind == "visit" and p.parent is None and days_of(p)]
    for leg in trips:
        span = days_of(leg)
        where = leg.location or {}
        for trip in trips:
            outer = days_of(trip)
            there = trip.location or {}
            if (
                trip is not leg
                and span is not None
                and outer is not None
                and outer[0] <= span[0] <= span[1] <= outer[1]
                and outer != span
                and there.get("country") == where.get("country") is not None
                and there.get("city") not in (None, where.get("city"))
                and where.get("city")
            ):
                leg.parent = trip.key
                break


# "ASEAN-China", "ASEAN-Republic of Korea", "EU-CELAC": a body and its partner
_PAIR = r"[A-Z]{2,}\s?[-–]\s?[A-Z][\w'’]*(?:\s+of\s+[A-Z][\w'’]*)?"
_PARTNER = re.compile(
    rf"\b(?P<name>{_PAIR}|[A-Z]{{2,}}\s+Plus\s+(?:One|Two|Three|Six|Eight|\d))"
    rf"(?P<tail>(?:\s*,\s*(?:and\s+)?(?:the\s+)?{_PAIR})*(?:\s+and\s+(?:the\s+)?{_PAIR})?)"
    r"(?:\s+commemorative|\s+special|\s+leaders['’]?)?\s+[Ss]ummit(?P<s>s)?\b"
)


def related_summits(
    found: list[Sentence], published: date, text: str
) -> list[tuple[str, date, Sentence, tuple[int, int]]]:
    """Summits of a body with its partners named by their pair ("ASEAN-China, ASEAN-Japan
    summits", "the ASEAN Plus Three Summit", "the ASEAN-India Summit"): (name, day, sentence,
    span), on the day the sentence gives, else the day of the sentence before in its
    paragraph ("the same day")."""
    from agenda.extract.dates import find_dates

    out: list[tuple[str, date, Sentence, tuple[int, int]]] = []
    if _PARTNER.search(text) is None:
        return out  # most articles name none: no need to date every sentence
    last: date | None = None
    prev_end = -1
    for s in found:
        if len(s.text) > 1500:
            continue
        if prev_end >= 0 and "\n\n" in text[prev_end : s.start]:
            last = None
        prev_end = s.end
        days = [d for d in find_dates(s.text, published) if d.start == d.end]
        day = days[0].start if days else last
        if days:
            last = days[-1].start
        if day is None or day < published:
            continue
        for m in _PARTNER.finditer(s.text):
            names = [m.group("name")]
            if m.group("tail"):
                names += re.findall(_PAIR, m.group("tail"))
            if len(names) > 1 and not m.group("s"):
                names = names[-1:]  # "ASEAN-India and the East Asia Summit": one summit
            for name in names:
                name = re.sub(r"\s*[-–]\s*", "-", name.strip())
                out.append((name, day, s, (s.start + m.start(), s.start + m.end())))
    return out


def most_named(named: list[Place]) -> Place | None:
    """The city the article names most often (None when it names none)."""
    counts: dict[str | None, int] = {}
    for p in named:
        counts[p.city] = counts.get(p.city, 0) + 1
    best = max(counts, key=lambda c: counts[c], default=None)
    return next((p for p in named if p.city == best), None)
