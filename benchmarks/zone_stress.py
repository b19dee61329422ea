"""Zone-stress calendar: meetings in the days around every UTC offset change, 2010-2035.

For each zone below (chosen for rules that calendar programs get wrong: abolished or reinstated
summer time, Ramadan breaks, half- and quarter-hour offsets, 30-minute summer time, southern
hemisphere, negative summer time, a skipped day) it finds every change of the zone's UTC offset
between 2010 and 2035 with `zoneinfo` alone (scanning, then bisecting to the second; nothing of
agenda's), and plans five meetings around each change, on the zone's wall clock (an hour long; `inside` three):

- `eve`     the day before, 12:00;
- `before`  one hour before the change (old clock): it ends as the clocks change;
- `inside`  in the skipped hour (clocks forward: a time that does not exist, which RFC 5545 reads
            with the offset before the gap) or the repeated hour (clocks back: RFC 5545's first
            occurrence); at most 30 minutes after the old clock's change time;
- `after`   one hour after the change (new clock);
- `morrow`  the day after, 12:00.

Plus one meeting at 12:00 on 15 January and 15 July of every year in every zone (the offsets
between changes, and zones with no change at all in the period). Titles are unique (zone, change,
which), so a reader without UIDs (calcurse) can be matched too.

    python benchmarks/zone_stress.py              # -> benchmarks/out/zone-stress/agenda.sqlite3
    python benchmarks/zone_stress.py --print      # list the changes found, write nothing
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "zone-stress"
FIRST_YEAR = 2010
LAST_YEAR = 2035

ZONES = [
    "America/Sao_Paulo",  # summer time abolished in 2019
    "Asia/Tehran",  # summer time abolished in 2022; Persian-calendar dates before
    "Europe/Moscow",  # permanent summer time 2011, back to +03 in 2014
    "Asia/Almaty",  # +06 -> +05 in 2024
    "Africa/Cairo",  # summer time on and off, reinstated in 2023
    "Africa/Casablanca",  # Ramadan breaks; +01 with -00 during Ramadan from 2019
    "Asia/Kathmandu",  # +05:45
    "Australia/Lord_Howe",  # 30-minute summer time
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/Santiago",  # rules changed many times
    "Asia/Gaza",  # Ramadan-dependent rules, changes on Saturdays at 02:00
    "Asia/Hebron",
    "America/Havana",  # changes at midnight (00:00 -> 01:00, 01:00 -> 00:00)
    "Europe/Dublin",  # negative summer time in tzdata (IST standard, GMT "winter time")
    "Pacific/Apia",  # skipped 30 Dec 2011; summer time abolished 2021
    "Australia/Adelaide",  # southern hemisphere, +09:30 / +10:30
    "America/Nuuk",  # -03 -> -02 in 2023, summer time -01 from 2024
    "Asia/Pyongyang",  # +09 -> +08:30 in 2015, back in 2018
    "America/Caracas",  # -04:30 -> -04 in 2016
    "Europe/Volgograd",  # +03 -> +04 (2018) -> +03 (2020)
    "Antarctica/Troll",  # two-hour summer time (+00 -> +02)
    "Asia/Amman",  # permanent +03 from 2022
    "America/Mexico_City",  # summer time abolished in 2022
    "Pacific/Fiji",  # irregular summer time, abolished
    "America/Whitehorse",  # permanent -07 from 2020
    "Europe/Berlin",  # controls: the ordinary EU and US rules
    "America/New_York",
]


def offset_changes(zone: str) -> list[tuple[datetime, timedelta, timedelta]]:
    """(UTC instant, offset before, offset after) of every change in FIRST_YEAR..LAST_YEAR."""
    tz = ZoneInfo(zone)

    def off(t: datetime) -> timedelta:
        o = t.astimezone(tz).utcoffset()
        assert o is not None
        return o

    out = []
    t = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
    end = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)
    step = timedelta(hours=6)  # offsets never change twice within six hours
    while t < end:
        nxt = t + step
        a, b = off(t), off(nxt)
        if a != b:
            lo, hi = t, nxt  # off(lo) == a, off(hi) == b
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                if off(mid) == a:
                    lo = mid
                else:
                    hi = mid
            out.append((hi.replace(microsecond=0), a, b))
        t = nxt
    return out


def _hm(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def plan(zone: str) -> Iterator[tuple[str, str, datetime]]:
    """(id, title, wall-clock start) of the meetings of one zone."""
    short = zone.replace("/", "-")
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for month in (1, 7):
            wall = datetime(year, month, 15, 12, 0)
            yield f"zs-{short}-{year}-{month:02d}-15", f"{zone} {wall:%Y-%m-%d} midday", wall
    for instant, before, after in offset_changes(zone):
        old = (instant + before).replace(tzinfo=None)  # the old clock at the change
        new = (instant + after).replace(tzinfo=None)
        change = f"{zone} change {old:%Y-%m-%d %H:%M} {_hm(before)}->{_hm(after)}"
        key = f"zs-{short}-{old:%Y%m%dT%H%M}"
        inside = old + min(timedelta(minutes=30), abs(after - before) / 2)
        if after < before:  # clocks back: the repeated hour begins at the new clock's time
            inside = new + min(timedelta(minutes=30), (before - after) / 2)
        noon = datetime(old.year, old.month, old.day, 12, 0)
        for which, wall in (
            ("eve", noon - timedelta(days=1)),
            ("before", old - timedelta(hours=1)),
            ("inside", inside),
            ("after", new + timedelta(hours=1)),
            ("morrow", noon + timedelta(days=1)),
        ):
            yield f"{key}-{which}", f"{change}: {which} {wall:%H:%M}", wall


def length(event_id: str) -> timedelta:
    """One hour; three for `inside` (an hour from a skipped time can end where it began)."""
    return timedelta(hours=3 if event_id.endswith("-inside") else 1)


def events() -> list[dict[str, Any]]:
    out = []
    seen: set[str] = set()
    for zone in ZONES:
        for eid, title, wall in plan(zone):
            if eid in seen:  # two changes on one minute of the old clock: never seen, but cheap
                continue
            seen.add(eid)
            out.append(
                {
                    "id": eid,
                    "kind": "meeting",
                    "title": title,
                    "start": wall.isoformat(timespec="minutes"),
                    "end": (wall + length(eid)).isoformat(timespec="minutes"),
                    "tz": zone,
                    "status": "confirmed",
                }
            )
    return out


def generate(folder: Path = OUT) -> Path:
    """Write the store (and the events as a data file); returns the store's path."""
    sys.path.insert(0, str(HERE.parent))
    import json

    from agenda.core.clock import fixed_clock
    from agenda.core.models import parse_event
    from agenda.core.store import EventStore

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    raw = events()
    store = EventStore(
        folder / "agenda.sqlite3", clock=fixed_clock(datetime(2025, 1, 1, tzinfo=UTC))
    )
    for i in range(0, len(raw), 2000):
        store.put_many([parse_event(ev) for ev in raw[i : i + 2000]])
    store.close()
    (folder / "events.json").write_text(
        json.dumps({"format": 1, "events": raw}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return folder / "agenda.sqlite3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", action="store_true", help="list the changes, write nothing")
    args = parser.parse_args()
    if args.print:
        for zone in ZONES:
            changes = offset_changes(zone)
            print(f"{zone}: {len(changes)} changes")
            for instant, before, after in changes:
                print(f"  {instant:%Y-%m-%d %H:%M:%S}Z {_hm(before)} -> {_hm(after)}")
        return
    path = generate()
    n = len(events())
    print(f"{n} events in {len(ZONES)} zones ({FIRST_YEAR}-{LAST_YEAR}) -> {path}")


if __name__ == "__main__":
    main()
