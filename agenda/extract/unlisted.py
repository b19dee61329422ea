"""Places the gazetteer lacks, named by the shape of the text around them: "the seaside resort
of Heiligendamm", a day heading's place ("Monday 6 – Friday 10 November: Rarotonga"), a
headline's ("G8 summit preview: Heiligendamm, 6-8 June 2007"). Each is a place of the country
the same sentence names (with that country's zone when it has one), known while one article is
read: `extract` sets them with `reading` (in `places.UNLISTED`) and `places.city` finds them.
Nothing here imports a heavy package.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agenda.extract.places import Place

_NAME = r"(?-i:[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)"
# "the Baltic seaside resort of Heiligendamm", "the island of Aitutaki"
_OF = re.compile(
    rf"\b(?:resort|town|village|island|atoll|port|spa|hamlet|oasis|enclave)\s+of\s+(?P<name>{_NAME})"
    r"(?![\w'’-])",
    re.I,
)
# "in Qunu, the village in the Eastern Cape where ...": a place named before its noun
_APPOSED = re.compile(
    rf"\b(?:in|at)\s+(?P<name>{_NAME}),\s+(?:the|a)\s+(?:\w+\s+){{0,2}}?"
    r"(?:resort|town|village|island|atoll|port|spa|hamlet|oasis|enclave)\b",
)
_DATELINE = re.compile(r"^\s*(?P<city>[A-Z][A-Z .'’-]{2,}?)(?:,|\s+[–—-]\s)", re.M)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"  # a day and month follow
# a headline's "...: Heiligendamm, 6-8 June 2007", "... Summit, Kathmandu, 26-27 November 2014"
_HEADLINE = re.compile(
    rf"[:,]\s+(?P<name>{_NAME}),\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{_MONTH}(?:\s+\d{{4}})?"
)


@contextmanager
def reading(text: str) -> Iterator[None]:
    """Know the article's unlisted places while it is read."""
    from agenda.extract.places import UNLISTED

    token = UNLISTED.set(find_unlisted(text))
    try:
        yield
    finally:
        UNLISTED.reset(token)


def find_unlisted(text: str) -> dict[str, Place]:
    """The places of the article the gazetteer lacks, by lower-cased name."""
    from agenda.extract.headings import _HEADING, _RANGE_HEADING
    from agenda.extract.places import city

    out: dict[str, Place] = {}
    pos = 0
    for line in text[:100_000].splitlines(keepends=True):
        heading = _RANGE_HEADING.match(line.rstrip()) or _HEADING.match(line.rstrip())
        pos += len(line)
        if not heading or not heading.group("rest"):
            continue
        parts = [p.strip() for p in re.split(r",|\band\b|/", heading.group("rest"))]
        if any(p and city(p) is not None for p in parts):
            continue  # "Dublin and County Kildare": the heading's place is the city it names
        for part in parts:
            if not re.fullmatch(_NAME, part) or part.lower() in out or _listed(part):
                continue
            # "Rarotonga and Aitutaki": of the country the lines under the heading name
            place = _first_country(part, text[pos : pos + 400])
            if place is not None:
                out[part.lower()] = place
    for m in _OF.finditer(text[:100_000]):
        name = m.group("name")
        if name.lower() in out or _listed(name):
            continue
        begin = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        ends = [i for i in (text.find(". ", m.end()), text.find("\n", m.end())) if i >= 0]
        # "Germany's Chancellor hosts ... in the seaside resort of Heiligendamm": the country
        # its sentence names before it, or right after it ("Heiligendamm, Germany")
        before = _first_country(name, text[begin : m.start()], last=True)
        after = re.match(rf",\s+({_NAME})", text[m.end() : min(ends or [len(text)])])
        place = _first_country(name, after.group(1)) if after else None
        if place is not None or before is not None:
            out[name.lower()] = place or before  # type: ignore[assignment]
    for m in _APPOSED.finditer(text[:100_000]):
        name = m.group("name")
        if name.lower() in out or _listed(name):
            continue
        begin = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        end = min(
            i for i in (text.find(". ", m.end()), text.find("\n", m.end()), len(text)) if i >= 0
        )
        # of the country its sentence names, else of the dateline's city ("JOHANNESBURG, ...")
        place = _first_country(name, text[begin:end]) or _dateline_country(name, text)
        if place is not None:
            out[name.lower()] = place
    out.update(_small_towns(text[:100_000], out))
    first = text.lstrip().split("\n", 1)[0]
    got = _HEADLINE.search(first)
    if got and got.group("name").lower() not in out and not _listed(got.group("name")):
        place = _first_country(got.group("name"), first)
        if place is not None:
            out[got.group("name").lower()] = place
    return out


# "in Neiafu", "to Koror", "KOROR, June 10 -": a name where a place is expected
_CUED_NAME = re.compile(
    rf"(?:\b(?:[Ii]n|[Tt]o|[Aa]t|[Ff]rom|[Vv]isits?|[Vv]isiting|[Rr]each(?:es)?|"
    rf"Airport,|Cent(?:er|re),|Hall,|Palace,|Hotel,|Stadium,)\s+(?P<name>{_NAME})"
    rf"|^\s*(?P<dateline>[A-Z][A-Z'’-]{{2,}}(?:\s[A-Z][A-Z'’-]+)?)(?=,|\s+[–—-]\s))",
    re.M,
)


_COMMON = (
    r"President|Prime|Minister|King|Queen|Prince|Parliament|State|National|Federal|Royal|"
    r"Imperial|Grand|Great|New|Old|North|South|East|West|Central|Upper|Lower|Port|Lake|Mount|"
    r"Saint|San|Santa|The|His|Her|Their|Our"
)
"""Capitalised words no town is looked up for (with the weekdays and months)."""


def _small_towns(text: str, known: dict[str, Place]) -> dict[str, Place]:
    """Towns too small for the gazetteer's cities (`places.town`), named after a cue or in the
    dateline, of a country the article names: "Neiafu" in an article that names Tonga."""
    from agenda.extract.places import (
        CALENDAR_WORD,
        country_code,
        find_countries,
        town,
        towns_of,
    )

    out: dict[str, Place] = {}
    codes: list[str] | None = None
    for m in _CUED_NAME.finditer(text):
        name = m.group("name") or m.group("dateline").title()
        for candidate in dict.fromkeys((name, name.split()[0])):
            if candidate.lower() in known or candidate.lower() in out or _listed(candidate):
                break  # "Buenos Aires" is known: "Buenos" is no town of its own
            if re.fullmatch(f"{CALENDAR_WORD}|{_COMMON}", candidate) or not re.fullmatch(
                r"[A-Z][\w'’-]+(?:[ ][A-Z][\w'’-]+)?", candidate
            ):
                continue  # "Friday", "President", "St": no town (spares the lookup, ~0.1 s)
            if codes is None:  # the countries the article names, in order, once
                codes = list(
                    dict.fromkeys(c for n, _ in find_countries(text) if (c := country_code(n)))
                )
            towns = towns_of(tuple(codes))
            place = next((p for c in codes if (p := town(candidate, c, towns)) is not None), None)
            if place is not None:
                out[candidate.lower()] = place
                break
    return out


def _listed(name: str) -> bool:
    from agenda.extract.orgs import find_orgs
    from agenda.extract.places import city, country_code

    return city(name) is not None or country_code(name) is not None or bool(find_orgs(name))


def _first_country(name: str, window: str, last: bool = False) -> Place | None:
    """`name` as a place of the first (or last) country named in `window`."""
    from agenda.extract.places import find_countries

    countries = [c for c, _ in find_countries(window) if c.lower() != name.lower()]
    if not countries:
        return None
    return _as_place(name, countries[-1] if last else countries[0])


def _as_place(name: str, country: str) -> Place | None:
    from agenda.extract.places import Place, country_place

    got = country_place(country)
    if got is None:
        return None
    return Place(name, got.country, got.tz, None, None, got.code)


def _dateline_country(name: str, text: str) -> Place | None:
    """`name` as a place of the country of the article's dateline city ("JOHANNESBURG, Dec 9")."""
    from agenda.extract.places import city

    m = _DATELINE.search(text[:3000])
    got = city(m.group("city").strip().title()) if m else None
    return _as_place(name, got.country) if got is not None and got.country else None
