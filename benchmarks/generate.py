"""Deterministic generator of benchmark calendars: N realistic summit/visit events, same seed, same bytes.

For each size it writes, under `benchmarks/out/N/`:

- `agenda.sqlite3`  an agenda store filled through `EventStore.put_many` (in chunks, families together);
- `events.json`     the same events as an agenda data file (`agenda load` reads it);
- `events.ics`      the same calendar as RFC 5545 iCalendar (written here by hand: TZID for timed
                    events, VALUE=DATE with an exclusive DTEND for all-day ones);
- `khal/`           a khal vdir (`khal/calendar/<uid>.ics`, one event per file) and `khal/config`;
- `calcurse/`       a calcurse data dir made by `calcurse -D DIR -i events.ics` (when calcurse is
                    installed);
- `meta.json`       what the timing script needs: the 30-day window, the search word and how many
                    events carry it, an id to show.

The mix: state visits (all-day, several days) with summits, timed meetings and "day not given"
bilaterals inside their dates; standalone summits and conferences (one or several days); timed
meetings in a dozen IANA zones (some ending in another zone, like a flight); month-only entries;
a few floating-time ones. Titles, places, organizations and participants vary. The search word
(`Afghanistan`) is planted in a known share of events, each time in a different text field, so the
timing script can check that every one is found.

With `--series 0.05`, 5% of the events become recurring series (issue 14.3), written under
`benchmarks/out/N-series/` (the store, events.json and meta.json only: the .ics, khal and
calcurse copies of a calendar with series are the iCalendar side's): standalone events turned
into series, a mix of yearly (35%), monthly (30%), weekly (25%) and daily (10%) rules, every
2 weeks or months for a fifth of those; 20% of the yearly, monthly and weekly ones without end,
40% ending after a COUNT, 40% at an UNTIL (the daily ones all end: 3 to 20 days); one series in ten with an EXDATE (its second occurrence) and one in twenty with an
override of its third occurrence (moved by a day or two hours: one more stored event each).

    python benchmarks/generate.py                 # 1k, 10k and 100k
    python benchmarks/generate.py --sizes 1000    # one size
    python benchmarks/generate.py --sizes 100000 --series 0.05
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SEED = 20210914
FIRST_DAY = date(2016, 1, 1)
DAYS = 365 * 20  # events spread over twenty years: the store grows, a window stays comparable
WINDOW_FIRST = date(2025, 3, 1)
WINDOW_DAYS = 30
SEARCH_WORD = "Afghanistan"
SEARCH_SHARE = 0.002  # one event in 500 carries the word somewhere
COMMON_WORD = "Tokyo"  # the city of one place in 24: some thousands of hits at 100k

PLACES = [
    ("Dushanbe", "Tajikistan", "Asia/Dushanbe", 38.5598, 68.7870),
    ("Bishkek", "Kyrgyzstan", "Asia/Bishkek", 42.8746, 74.5698),
    ("Astana", "Kazakhstan", "Asia/Almaty", 51.1605, 71.4704),
    ("Tashkent", "Uzbekistan", "Asia/Tashkent", 41.2995, 69.2401),
    ("Moscow", "Russia", "Europe/Moscow", 55.7558, 37.6173),
    ("Beijing", "China", "Asia/Shanghai", 39.9042, 116.4074),
    ("New Delhi", "India", "Asia/Kolkata", 28.6139, 77.2090),
    ("Brussels", "Belgium", "Europe/Brussels", 50.8503, 4.3517),
    ("Geneva", "Switzerland", "Europe/Zurich", 46.2044, 6.1432),
    ("New York", "United States", "America/New_York", 40.7128, -74.0060),
    ("Brasilia", "Brazil", "America/Sao_Paulo", -15.7939, -47.8828),
    ("Addis Ababa", "Ethiopia", "Africa/Addis_Ababa", 9.0300, 38.7400),
    ("Jakarta", "Indonesia", "Asia/Jakarta", -6.2088, 106.8456),
    ("Tokyo", "Japan", "Asia/Tokyo", 35.6762, 139.6503),
    ("Sydney", "Australia", "Australia/Sydney", -33.8688, 151.2093),
    ("Yerevan", "Armenia", "Asia/Yerevan", 40.1792, 44.4991),
    ("Minsk", "Belarus", "Europe/Minsk", 53.9006, 27.5590),
    ("Ashgabat", "Turkmenistan", "Asia/Ashgabat", 37.9601, 58.3261),
    ("Baku", "Azerbaijan", "Asia/Baku", 40.4093, 49.8671),
    ("Istanbul", "Turkey", "Europe/Istanbul", 41.0082, 28.9784),
    ("Riyadh", "Saudi Arabia", "Asia/Riyadh", 24.7136, 46.6753),
    ("Johannesburg", "South Africa", "Africa/Johannesburg", -26.2041, 28.0473),
    ("Lima", "Peru", "America/Lima", -12.0464, -77.0428),
    ("Vienna", "Austria", "Europe/Vienna", 48.2082, 16.3738),
]
VENUES = [
    "Palace of Nations",
    "Congress Hall",
    "State Residence",
    "International Conference Centre",
    "Ministry of Foreign Affairs",
    "Presidential Palace",
    "Convention Centre",
    "Kokhi Navruz",
]
ORGS = ["CSTO", "SCO", "CIS", "EAEU", "BRICS", "G20", "UN", "EU", "ASEAN", "OSCE", "OTS", "CICA"]
ORG_BODIES = {
    "CSTO": "Collective Security Council",
    "SCO": "Council of Heads of State",
    "CIS": "Council of Heads of State",
    "EAEU": "Supreme Eurasian Economic Council",
    "BRICS": "Leaders' Summit",
    "G20": "Leaders' Summit",
    "UN": "General Assembly high-level week",
    "EU": "European Council",
    "ASEAN": "Summit",
    "OSCE": "Ministerial Council",
    "OTS": "Council of Heads of State",
    "CICA": "Summit",
}
FIRST = [
    "Sadyr",
    "Emomali",
    "Kassym-Jomart",
    "Shavkat",
    "Ilham",
    "Nikol",
    "Serdar",
    "Luiz",
    "Cyril",
    "Narendra",
    "Joko",
    "Fumio",
    "Anthony",
    "Ursula",
    "Antonio",
    "Recep",
    "Mohammed",
    "Olaf",
]
LAST = [
    "Japarov",
    "Rahmon",
    "Tokayev",
    "Mirziyoyev",
    "Aliyev",
    "Pashinyan",
    "Berdimuhamedov",
    "Lula",
    "Ramaphosa",
    "Modi",
    "Widodo",
    "Kishida",
    "Albanese",
    "von der Leyen",
    "Guterres",
    "Erdogan",
    "bin Salman",
    "Scholz",
    "Kulubaev",
    "Lavrov",
    "Wang",
]
ROLES = [
    "President",
    "Prime Minister",
    "Minister of Foreign Affairs",
    "Secretary-General",
    "Head of the Foreign Policy Department",
    "Special Envoy",
    "Deputy Prime Minister",
]
TOPICS = [
    "regional security",
    "trade and transit",
    "energy cooperation",
    "water management",
    "border delimitation",
    "digital economy",
    "climate adaptation",
    "migration",
    "transport corridors",
    "counter-terrorism",
    "food security",
    "public health",
]
PUBLISHERS = ["24.kg", "Kabar", "Khovar", "TASS", "Xinhua", "Reuters", "AKIpress", "Kun.uz"]
ALONG = ["intersessional results", "joint declaration", "memorandum", "roadmap", "action plan"]


class Gen:
    """One seeded stream of events; `families()` yields lists that must land in one chunk."""

    def __init__(self, n: int, seed: int = SEED) -> None:
        self.n = n
        self.rng = random.Random(seed * 1_000_003 + n)
        self.count = 0
        self.planted: list[str] = []
        self.plant_every = max(1, round(1 / SEARCH_SHARE))

    # -- pieces ---------------------------------------------------------------------------
    def person(self) -> dict[str, Any]:
        r = self.rng
        place = r.choice(PLACES)
        return {
            "name": f"{r.choice(FIRST)} {r.choice(LAST)}",
            "role": f"{r.choice(ROLES)} of {place[1]}",
            "country": place[1],
        }

    def location(self, place: tuple[str, str, str, float, float]) -> dict[str, Any]:
        r = self.rng
        loc: dict[str, Any] = {"city": place[0], "country": place[1], "tz": place[2]}
        if r.random() < 0.5:
            loc["venue"] = r.choice(VENUES)
        if r.random() < 0.3:
            loc["lat"], loc["lon"] = place[3], place[4]
        return loc

    def source(self, day: date) -> dict[str, Any]:
        r = self.rng
        return {
            "publisher": r.choice(PUBLISHERS),
            "published": (day - timedelta(days=r.randint(1, 20))).isoformat(),
            "quote": f"The sides will discuss {r.choice(TOPICS)} and {r.choice(TOPICS)}, "
            f"the press service reported.",
            "speaker": f"{r.choice(FIRST)} {r.choice(LAST)}, press secretary",
        }

    def base(self, eid: str, kind: str, title: str, day: date) -> dict[str, Any]:
        r = self.rng
        event: dict[str, Any] = {
            "id": eid,
            "kind": kind,
            "title": title,
            "status": r.choices(
                ["announced", "confirmed", "tentative", "postponed", "cancelled", "held"],
                [50, 25, 8, 4, 3, 10],
            )[0],
            "sources": [self.source(day)],
        }
        if r.random() < 0.6:
            event["description"] = (
                f"Talks on {r.choice(TOPICS)}; the parties are expected to sign a "
                f"{r.choice(ALONG)} on {COMMON_WORD} in {r.choice(TOPICS)}."
            )
        if r.random() < 0.15:
            event["notes"] = f"Press accreditation closes {r.randint(2, 9)} days before."
        return event

    def plant(self, event: dict[str, Any]) -> None:
        """Put the search word into a text field of every `plant_every`-th event, rotating fields."""
        self.count += 1
        if self.count % self.plant_every:
            return
        self.planted.append(event["id"])
        field = (len(self.planted) - 1) % 6
        if field == 0:
            event["title"] += f" (with a session on {SEARCH_WORD})"
        elif field == 1:
            event["description"] = event.get("description", "") + f" Also: {SEARCH_WORD}."
        elif field == 2:
            event.setdefault("agenda", []).append(f"Situation in {SEARCH_WORD}")
        elif field == 3:
            event.setdefault("participants", []).append(
                {
                    "name": "Roza Otunbayeva",
                    "role": "Special Representative",
                    "country": SEARCH_WORD,
                }
            )
        elif field == 4:
            event["notes"] = f"Coordinate with the {SEARCH_WORD} contact group."
        else:
            event["sources"][0]["quote"] += f" Talks will touch on {SEARCH_WORD}."

    def timed(self, day: date, place: tuple[str, str, str, float, float]) -> tuple[str, str]:
        r = self.rng
        hour = r.choice([8, 9, 10, 11, 12, 14, 15, 16, 17, 19])
        minute = r.choice([0, 0, 0, 30, 15, 45])
        start = datetime(day.year, day.month, day.day, hour, minute)
        end = start + timedelta(minutes=r.choice([30, 45, 60, 90, 120, 180]))
        if end.date() != start.date():
            end = start.replace(hour=23, minute=0)
        return start.isoformat(timespec="minutes"), end.isoformat(timespec="minutes")

    # -- families -------------------------------------------------------------------------
    def families(self) -> Any:
        r = self.rng
        made = 0
        serial = 0
        while made < self.n:
            serial += 1
            day = FIRST_DAY + timedelta(days=r.randrange(DAYS))
            place = r.choice(PLACES)
            roll = r.random()
            family: list[dict[str, Any]] = []
            sid = f"gen-{serial:06d}"
            if roll < 0.18:  # a visit with events inside
                guest = self.person()
                length = r.randint(2, 5)
                last = day + timedelta(days=length - 1)
                visit = self.base(
                    f"{sid}-visit",
                    "visit",
                    f"{r.choice(['State', 'Working', 'Official'])} visit of {guest['name']} to "
                    f"{place[0]}",
                    day,
                )
                visit.update(
                    start=day.isoformat(),
                    end=last.isoformat(),
                    precision="range",
                    location=self.location(place),
                    participants=[guest],
                )
                family.append(visit)
                for k in range(r.randint(1, 4)):
                    child_day = day + timedelta(days=r.randrange(length))
                    cid = f"{sid}-{k}"
                    choice = r.random()
                    if choice < 0.35:
                        org = r.choice(ORGS)
                        ev = self.base(cid, "summit", f"{org} {ORG_BODIES[org]}", child_day)
                        ev.update(
                            start=child_day.isoformat(),
                            organizations=[org],
                            agenda=[f"Results of {r.choice(ALONG)}", r.choice(TOPICS).capitalize()],
                        )
                        if r.random() < 0.4:
                            ev["outcomes"] = [
                                {
                                    "description": "documents",
                                    "count": r.randint(3, 40),
                                    "count_is_minimum": r.random() < 0.3,
                                }
                            ]
                    elif choice < 0.75:
                        host = self.person()
                        ev = self.base(
                            cid,
                            "meeting",
                            f"Talks with {host['name']} on {r.choice(TOPICS)}",
                            child_day,
                        )
                        s, e = self.timed(child_day, place)
                        ev.update(start=s, end=e, tz=place[2], participants=[guest, host])
                    else:
                        ev = self.base(cid, "bilateral", "Bilateral meetings on the sidelines", day)
                        ev.update(
                            start=day.isoformat(), end=last.isoformat(), precision="within_parent"
                        )
                    ev["parent_id"] = visit["id"]
                    ev["location"] = self.location(place)
                    family.append(ev)
            elif roll < 0.30:  # summit or conference, one or several days
                org = r.choice(ORGS)
                length = r.choice([1, 1, 2, 3])
                kind = r.choice(["summit", "conference"])
                title = (
                    f"{org} {ORG_BODIES[org]}"
                    if kind == "summit"
                    else f"International conference on {r.choice(TOPICS)}"
                )
                ev = self.base(sid, kind, title, day)
                ev.update(
                    start=day.isoformat(),
                    location=self.location(place),
                    organizations=[org],
                    participants=[self.person() for _ in range(r.randint(0, 3))],
                    agenda=[r.choice(TOPICS).capitalize() for _ in range(r.randint(1, 3))],
                )
                if length > 1:
                    ev.update(end=(day + timedelta(days=length - 1)).isoformat(), precision="range")
                if r.random() < 0.5:
                    ev["chair"] = place[1]
                    ev["next_chair"] = r.choice(PLACES)[1]
                family.append(ev)
            elif roll < 0.33:  # month only
                month_first = day.replace(day=1)
                nxt = date(
                    month_first.year + month_first.month // 12, month_first.month % 12 + 1, 1
                )
                ev = self.base(
                    sid,
                    "visit",
                    f"Expected visit of {self.person()['name']} to {place[0]}",
                    month_first,
                )
                ev.update(
                    start=month_first.isoformat(),
                    end=(nxt - timedelta(days=1)).isoformat(),
                    precision="month",
                    location=self.location(place),
                )
                family.append(ev)
            elif roll < 0.36:  # a trip across zones, ending elsewhere
                other = r.choice(PLACES)
                start = datetime(day.year, day.month, day.day, r.randint(6, 20), 0)
                landing = start.replace(tzinfo=ZoneInfo(place[2])) + timedelta(
                    hours=r.randint(2, 12)
                )
                end = landing.astimezone(ZoneInfo(other[2])).replace(tzinfo=None)
                ev = self.base(sid, "other", f"Flight {place[0]} – {other[0]}", day)
                ev.update(
                    start=start.isoformat(timespec="minutes"),
                    end=end.isoformat(timespec="minutes"),
                    tz=place[2],
                    end_tz=other[2],
                )
                family.append(ev)
            elif roll < 0.37:  # floating time
                s, e = self.timed(day, place)
                ev = self.base(sid, "other", f"Briefing call on {r.choice(TOPICS)}", day)
                ev.update(start=s, end=e)
                family.append(ev)
            else:  # a timed meeting somewhere
                people = [self.person() for _ in range(r.randint(1, 3))]
                kind = r.choice(["meeting", "meeting", "bilateral", "conference", "other"])
                ev = self.base(
                    sid, kind, f"Meeting of {people[0]['name']} on {r.choice(TOPICS)}", day
                )
                s, e = self.timed(day, place)
                ev.update(
                    start=s, end=e, tz=place[2], location=self.location(place), participants=people
                )
                if r.random() < 0.3:
                    ev["organizations"] = [r.choice(ORGS)]
                family.append(ev)
            family = family[: self.n - made]
            for ev in family:
                self.plant(ev)
            made += len(family)
            yield family


# -- iCalendar (written by hand; agenda/ics/__init__.py is another module's job) ------------------------


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line + "\r\n"
    out, cur, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > (75 if not out else 74):
            out.append(cur)
            cur, size = "", 0
        cur += ch
        size += n
    out.append(cur)
    return out[0] + "\r\n" + "".join(f" {part}\r\n" for part in out[1:])


def _ics_time(value: str) -> str:
    return value.replace("-", "").replace(":", "") + ("00" if len(value) == 16 else "")


def vevent(ev: dict[str, Any], stamp: str) -> str:
    """One VEVENT: TZID times for zoned events, VALUE=DATE with an exclusive DTEND for all-day."""
    lines = ["BEGIN:VEVENT", f"UID:{ev['id']}", f"DTSTAMP:{stamp}"]
    start = ev["start"]
    end = ev.get("end") or start
    if len(start) == 10:
        after = date.fromisoformat(end) + timedelta(days=1)
        lines += [
            f"DTSTART;VALUE=DATE:{start.replace('-', '')}",
            f"DTEND;VALUE=DATE:{after.strftime('%Y%m%d')}",
        ]
    elif ev.get("tz"):
        lines += [
            f"DTSTART;TZID={ev['tz']}:{_ics_time(start)}",
            f"DTEND;TZID={ev.get('end_tz') or ev['tz']}:{_ics_time(end)}",
        ]
    else:
        lines += [f"DTSTART:{_ics_time(start)}", f"DTEND:{_ics_time(end)}"]
    lines.append(f"SUMMARY:{_escape(ev['title'])}")
    loc = ev.get("location")
    if loc:
        label = ", ".join(loc[k] for k in ("venue", "city", "country") if loc.get(k))
        lines.append(f"LOCATION:{_escape(label)}")
    text = [ev.get("description", "")]
    if ev.get("participants"):
        text.append(
            "Participants: "
            + "; ".join(
                f"{p['name']} ({p.get('role', '')}, {p.get('country', '')})"
                for p in ev["participants"]
            )
        )
    if ev.get("agenda"):
        text.append("Agenda: " + "; ".join(ev["agenda"]))
    if ev.get("organizations"):
        text.append("Organizations: " + ", ".join(ev["organizations"]))
    if ev.get("notes"):
        text.append(ev["notes"])
    text += [s["quote"] for s in ev.get("sources", []) if s.get("quote")]
    lines.append(f"DESCRIPTION:{_escape(chr(10).join(t for t in text if t))}")
    lines.append(
        f"STATUS:{ {'cancelled': 'CANCELLED', 'tentative': 'TENTATIVE'}.get(ev['status'], 'CONFIRMED') }"
    )
    lines.append(f"CATEGORIES:{ev['kind'].upper()}")
    if ev.get("parent_id"):
        lines.append(f"RELATED-TO;RELTYPE=PARENT:{ev['parent_id']}")
    lines.append("END:VEVENT")
    return "".join(_fold(line) for line in lines)


def calendar(body: str) -> str:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//agenda//benchmarks//EN\r\n"
    return head + body + "END:VCALENDAR\r\n"


KHAL_CONFIG = """[calendars]
[[bench]]
path = {vdir}
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = UTC
default_timezone = UTC

[sqlite]
path = {cache}
"""


_SPANS = {  # rule: (share, counts, until after the start in days)
    "YEARLY": (35, (3, 10), (730, 2920)),
    "MONTHLY": (30, (6, 24), (180, 730)),
    "WEEKLY": (25, (4, 30), (30, 180)),
    "DAILY": (10, (3, 15), (3, 20)),
}


def make_series(families: list[list[dict[str, Any]]], n: int, share: float) -> int:
    """Turn `share` of the `n` events (standalone ones with an exact day) into series, in place;
    overrides are appended to their series' family. Returns how many series were made."""
    from agenda.core.recurrence import expand, occurrence_key

    rng = random.Random(SEED * 7 + n)
    singles = [
        fam
        for fam in families
        if len(fam) == 1 and fam[0].get("precision", "exact") in ("exact", "range")
    ]
    chosen = rng.sample(singles, min(len(singles), round(n * share)))
    freqs = list(_SPANS)
    for fam in chosen:
        ev = fam[0]
        freq = rng.choices(freqs, [_SPANS[f][0] for f in freqs])[0]
        _, counts, spans = _SPANS[freq]
        parts = [f"FREQ={freq}"]
        if freq in ("MONTHLY", "WEEKLY") and rng.random() < 0.2:
            parts.append("INTERVAL=2")
        timed = "T" in ev["start"]
        start = datetime.fromisoformat(ev["start"]) if timed else date.fromisoformat(ev["start"])
        end_kind = rng.random()
        if freq == "DAILY" and end_kind >= 0.8:
            end_kind = 0.5  # a summit's days, not a daily meeting without end
        if end_kind < 0.4:
            parts.append(f"COUNT={rng.randint(*counts)}")
        elif end_kind < 0.8:
            parts.append(f"UNTIL={start + timedelta(days=rng.randint(*spans)):%Y%m%d}")
        rule = ";".join(parts)
        repeat: dict[str, Any] = {"rule": rule}
        first = expand(start, rule, start, date(2200, 1, 1) if not timed else datetime(2200, 1, 1),
                       limit=3, tz=ev.get("tz"))  # fmt: skip
        if rng.random() < 0.1 and len(first) > 1:
            repeat["exdates"] = [first[1].isoformat()]
        ev["repeat"] = repeat
        if rng.random() < 0.05 and len(first) > 2:
            moved = dict(ev, title=ev["title"] + " (moved)")
            del moved["repeat"]
            shift = timedelta(hours=2) if timed else timedelta(days=1)
            moved["id"] = occurrence_key(ev["id"], first[2])
            moved["recurrence_of"], moved["recurrence_start"] = ev["id"], first[2].isoformat()
            moved["start"] = (first[2] + shift).isoformat()
            if ev.get("end"):
                length = _when(ev["end"]) - start
                moved["end"] = (first[2] + shift + length).isoformat()
            fam.append(moved)
    return len(chosen)


def _when(text: str) -> date:
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def generate(n: int, *, calcurse: bool = True, quiet: bool = False, series: float = 0.0) -> Path:
    """Write every artefact for a calendar of `n` events; returns its folder. `series`: the
    share of the events made recurring series (then only the store, events.json and meta.json
    are written, in out/N-series)."""
    sys.path.insert(0, str(HERE.parent))
    from agenda.core.clock import fixed_clock
    from agenda.core.models import parse_event
    from agenda.core.store import EventStore

    folder = OUT / (f"{n}-series" if series else str(n))
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    t0 = time.perf_counter()
    gen = Gen(n)
    families = list(gen.families())
    assert sum(map(len, families)) == n, (sum(map(len, families)), n)
    made = make_series(families, n, series) if series else 0
    raw = [ev for fam in families for ev in fam]
    # the agenda store, through the public write path, families kept in one chunk
    clock = fixed_clock(datetime(2025, 1, 1, tzinfo=UTC))
    store = EventStore(folder / "agenda.sqlite3", clock=clock)
    chunk: list[Any] = []
    for fam in families:
        chunk += [parse_event(ev) for ev in fam]
        if len(chunk) >= 2000:
            store.put_many(chunk)
            chunk = []
    if chunk:
        store.put_many(chunk)
    assert store.count() == len(raw)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("ANALYZE")
    store.close()
    (folder / "events.json").write_text(
        json.dumps({"format": 1, "events": raw}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    if series:
        _write_meta(folder, n, gen, raw, series=made, stored=len(raw))
        if not quiet:
            print(f"{n:>7} events, {made} series -> {folder} ({time.perf_counter() - t0:.1f} s)")
        return folder
    stamp = "20250101T000000Z"
    bodies = [vevent(ev, stamp) for ev in raw]
    (folder / "events.ics").write_text(calendar("".join(bodies)), encoding="utf-8", newline="")
    vdir = folder / "khal" / "calendar"
    vdir.mkdir(parents=True)
    for ev, body in zip(raw, bodies, strict=True):
        (vdir / f"{ev['id']}.ics").write_text(calendar(body), encoding="utf-8", newline="")
    (folder / "khal" / "config").write_text(
        KHAL_CONFIG.format(vdir=vdir, cache=folder / "khal" / "cache.db"), encoding="utf-8"
    )
    if calcurse and shutil.which("calcurse"):
        cdir = folder / "calcurse"
        cdir.mkdir()
        subprocess.run(
            ["calcurse", "-D", str(cdir), "-q", "-i", str(folder / "events.ics")],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={"PATH": "/usr/bin:/bin", "TZ": "UTC", "HOME": str(folder)},
        )
    _write_meta(folder, n, gen, raw)
    if not quiet:
        print(f"{n:>7} events -> {folder} ({time.perf_counter() - t0:.1f} s)")
    return folder


def _write_meta(folder: Path, n: int, gen: Gen, raw: list[dict[str, Any]], **extra: int) -> None:
    show = next(ev["id"] for ev in raw if ev.get("parent_id"))
    meta = {
        **extra,
        "n": n,
        "seed": SEED,
        "window_first": WINDOW_FIRST.isoformat(),
        "window_days": WINDOW_DAYS,
        "search_word": SEARCH_WORD,
        # an override copies its series' text: it has the word when its series does
        "search_expected": sorted(
            gen.planted + [e["id"] for e in raw if e.get("recurrence_of") in set(gen.planted)]
        ),
        "common_word": COMMON_WORD,
        "show_id": show,
        "show_title": next(ev["title"] for ev in raw if ev["id"] == show),
    }
    (folder / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--no-calcurse", action="store_true", help="skip the calcurse import")
    parser.add_argument(
        "--series", type=float, default=0.0, help="share of events made series (out/N-series)"
    )
    args = parser.parse_args()
    for n in args.sizes:
        generate(n, calcurse=not args.no_calcurse, series=args.series)


if __name__ == "__main__":
    main()
