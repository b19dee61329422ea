"""VTIMEZONE components from the IANA data, in the form calendar programs read most reliably.

What it owns: turning one IANA zone and a span of years into a VTIMEZONE (bytes, CRLF, folded
lines are never needed). The writer (`agenda.ics.write`) calls `vtimezone` once per zone.

The form is the one Google, Apple and libical's own zones use:

- the zone's changes of UTC offset come from its TZif file (the file `zoneinfo` reads: a
  `zoneinfo.TZPATH` folder first, else the `tzdata` package): the transitions it lists, then,
  after the last of them, the rule of its POSIX TZ footer (`CET-1CEST,M3.5.0,M10.5.0/3`);
- changes that recur every year on the same rule (same offsets, name, month, wall-clock time and a
  day such as "last Sunday", "second Sunday", "Saturday on or after the 24th", "the 21st") become
  one STANDARD or DAYLIGHT observance with an RRULE, bounded (COUNT) where the zone stopped
  following it, open-ended where it is the footer's rule and so goes on for ever;
- irregular changes (Ramadan breaks, one-off moves such as Moscow in 2011 and 2014, Almaty in
  2024) are one observance each, with their own TZOFFSETFROM/TZOFFSETTO and the onset as DTSTART
  and as the one RDATE (Home Assistant's `ical` takes onsets from RRULE and RDATE only, ical.js
  from RDATE only when there is one; RFC 5545 counts the duplicate once).

Lists of RDATE onsets under one DTSTART (what `icalendar.Timezone.from_tzid` writes) are avoided:
ical.js (Thunderbird) then drops the DTSTART onset, and readers differ on the rest.

The changes covered: the last one before the calendar's first year (so the offset at its start
is known), every one until its last year ends, and the rules that continue after it. DTSTART is
the wall-clock time of the onset on the old clock (RFC 5545, TZOFFSETFROM). A rule the zone
stopped following is bounded by COUNT, not UNTIL: RFC 5545 wants a UTC UNTIL there, which HA's
`ical` (through dateutil) refuses beside a local DTSTART, and which dateutil's tzical (vobject,
Radicale) compares with wall-clock onsets, dropping the last one east of Greenwich; a count
means the same to every reader. `tests/ics/test_vtimezone.py` checks the offsets against
`zoneinfo` with two independent readers.
"""

from __future__ import annotations

import calendar
import os
import re
import struct
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

_EPOCH = datetime(1970, 1, 1)
_OLDEST = -11644473600  # 1601-01-01: earlier transitions (the "big bang" sentinel) are ignored
_GREGORIAN_CYCLE = 400  # years after which weekdays and dates repeat: a rule checked over this
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Change:
    """One change of a zone's UTC offset: at `at` (UTC seconds), from `before` to `after`."""

    at: int
    before: int
    after: int
    isdst: bool
    name: str
    daylight: bool = False  # the observance kind written (DAYLIGHT or STANDARD)

    @property
    def wall(self) -> datetime:
        """The onset on the old clock: the observance's DTSTART."""
        return _EPOCH + timedelta(seconds=self.at + self.before)

    def key(self) -> tuple[bool, int, int, str, int, tuple[int, int, int]]:
        w = self.wall
        return (
            self.daylight,
            self.before,
            self.after,
            self.name,
            w.month,
            (w.hour, w.minute, w.second),
        )


@dataclass(frozen=True)
class _Footer:
    """The POSIX TZ rule after the last listed transition."""

    std: int
    std_name: str
    dst: int | None = None
    dst_name: str = ""
    start: tuple[str, int, int, int, int] | None = None  # (kind, month/day, week, weekday, secs)
    end: tuple[str, int, int, int, int] | None = None

    def changes(self, year: int) -> list[Change]:
        if self.dst is None or self.start is None or self.end is None:
            return []
        on = _rule_moment(self.start, year) - self.std
        off = _rule_moment(self.end, year) - self.dst
        return sorted(
            [
                Change(on, self.std, self.dst, True, self.dst_name),
                Change(off, self.dst, self.std, False, self.std_name),
            ],
            key=lambda c: c.at,
        )


@dataclass(frozen=True)
class _Zone:
    changes: tuple[Change, ...]  # listed transitions, then the footer's, until `horizon`
    footer: _Footer
    footer_from: int  # every change at or after this instant is the footer's rule
    first: tuple[int, bool, str]  # offset, isdst, name before the first change


# -- reading the TZif file -----------------------------------------------------------------------


def _tzif(key: str) -> bytes:
    """The bytes `zoneinfo.ZoneInfo(key)` reads (a TZPATH folder first, then `tzdata`)."""
    import zoneinfo

    zoneinfo.ZoneInfo(key)  # validates the key (no path tricks) and raises for unknown zones
    for root in zoneinfo.TZPATH:
        path = os.path.join(root, key)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                return f.read()
    from importlib import resources

    *folders, name = key.split("/")
    return resources.files(".".join(["tzdata.zoneinfo", *folders])).joinpath(name).read_bytes()


def _parse_tzif(data: bytes) -> tuple[list[int], list[int], list[tuple[int, bool, str]], str]:
    """Transition times, their type indexes, the types (offset, isdst, name), the footer."""
    if data[:4] != b"TZif":
        raise ValueError("not a TZif file")
    version = data[4]
    counts = struct.unpack(">6l", data[20:44])
    isut, isstd, leap, timecnt, typecnt, charcnt = counts
    offset, width = 44, 4
    if version >= ord("2"):  # skip the 32-bit block, read the 64-bit one
        offset += timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
        isut, isstd, leap, timecnt, typecnt, charcnt = struct.unpack(
            ">6l", data[offset + 20 : offset + 44]
        )
        offset, width = offset + 44, 8
    times = list(
        struct.unpack(
            f">{timecnt}{'q' if width == 8 else 'l'}", data[offset : offset + width * timecnt]
        )
    )
    offset += width * timecnt
    indexes = list(data[offset : offset + timecnt])
    offset += timecnt
    raw_types = [
        struct.unpack(">lBB", data[offset + 6 * i : offset + 6 * i + 6]) for i in range(typecnt)
    ]
    offset += 6 * typecnt
    chars = data[offset : offset + charcnt]
    offset += charcnt + leap * (width + 4) + isstd + isut
    types = [
        (utoff, bool(dst), chars[i : chars.index(b"\0", i)].decode("ascii"))
        for utoff, dst, i in raw_types
    ]
    footer = data[offset:].split(b"\n")[1].decode("ascii") if version >= ord("2") else ""
    return times, indexes, types, footer


_NAME = r"(<[^>]*>|[A-Za-z]{3,})"
_OFFSET = r"([+-]?\d{1,3}(?::\d{1,2}){0,2})"
_RULE = r"(M\d{1,2}\.\d\.\d|J\d{1,3}|\d{1,3})(?:/" + _OFFSET + ")?"
_POSIX = re.compile(f"{_NAME}{_OFFSET}(?:{_NAME}{_OFFSET}?(?:,{_RULE},{_RULE})?)?$")


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _parse_footer(text: str, fallback: tuple[int, bool, str]) -> _Footer:
    m = _POSIX.match(text)
    if not m:  # no footer (version 1 file) or an unreadable one: the last type for ever
        return _Footer(fallback[0], fallback[2])
    std_name, std_off, dst_name, dst_off, start, start_t, end, end_t = m.groups()
    std = -_seconds(std_off)  # POSIX offsets count west of Greenwich
    if dst_name is None:
        return _Footer(std, std_name.strip("<>"))
    dst = -_seconds(dst_off) if dst_off else std + 3600
    if start is None:  # no rule given: POSIX leaves it to the system; tzdata always gives one
        return _Footer(std, std_name.strip("<>"))

    def rule(spec: str, at: str | None) -> tuple[str, int, int, int, int]:
        secs = _seconds(at) if at else 7200
        if spec.startswith("M"):
            month, week, weekday = (int(x) for x in spec[1:].split("."))
            return ("M", month, week, weekday, secs)
        if spec.startswith("J"):
            return ("J", int(spec[1:]), 0, 0, secs)
        return ("N", int(spec), 0, 0, secs)

    return _Footer(
        std, std_name.strip("<>"), dst, dst_name.strip("<>"), rule(start, start_t), rule(end, end_t)
    )


def _rule_moment(rule: tuple[str, int, int, int, int], year: int) -> int:
    """A POSIX rule's wall-clock moment in `year`, as seconds since the epoch (wall, not UTC)."""
    kind, a, week, weekday, secs = rule
    if kind == "M":
        first_weekday, ndays = calendar.monthrange(year, a)  # Monday = 0
        first = (weekday - (first_weekday + 1) % 7) % 7 + 1  # POSIX weekday: Sunday = 0
        day = first + 7 * (week - 1)
        while day > ndays:
            day -= 7
        d = date(year, a, day)
    elif kind == "J":  # 1..365, February 29 never counted
        d = date(year, 1, 1) + timedelta(days=a - 1)
        if calendar.isleap(year) and a >= 60:
            d += timedelta(days=1)
    else:  # 0..365, February 29 counted
        d = date(year, 1, 1) + timedelta(days=a)
    return (d - _EPOCH.date()).days * 86400 + secs


@lru_cache(maxsize=64)
def _zone(key: str, horizon_year: int) -> _Zone:
    """The zone's changes (listed, then the footer's) until the end of `horizon_year`."""
    times, indexes, types, footer_text = _parse_tzif(_tzif(key))
    first = types[0] if types else (0, False, "UTC")
    last_type = types[indexes[-1]] if indexes else first
    footer = _parse_footer(footer_text, last_type)
    raw: list[tuple[int, int, bool, str]] = [
        (t, *types[i]) for t, i in zip(times, indexes, strict=True)
    ]
    horizon = int((datetime(horizon_year + 1, 1, 1) - _EPOCH).total_seconds())
    listed_end = raw[-1][0] if raw else _OLDEST
    # the listed transitions that the footer's rule would give anyway (a "fat" file lists them
    # to 2037): from the first of those on, the zone is the footer's rule
    footer_from = listed_end + 1
    i = len(raw) - 1
    made: dict[int, set[tuple[int, int]]] = {}
    while i >= 0 and footer.dst is not None:
        t, off = raw[i][0], raw[i][1]
        year = (_EPOCH + timedelta(seconds=t)).year
        if year not in made:
            made[year] = {
                (c.at, c.after) for y in (year - 1, year, year + 1) for c in footer.changes(y)
            }
        if (t, off) not in made[year]:
            break
        footer_from = t
        i -= 1
    listed = [(t, off, dst, name) for t, off, dst, name in raw if _OLDEST <= t <= horizon]
    if footer.dst is not None:
        start_year = (_EPOCH + timedelta(seconds=max(listed_end, _OLDEST))).year
        for year in range(start_year, horizon_year + 1):
            for c in footer.changes(year):
                if listed_end < c.at <= horizon:
                    listed.append((c.at, c.after, c.isdst, c.name))
    # offsets before each change, label, no-op changes dropped
    changes: list[Change] = []
    previous = first
    for t, off, dst, name in raw:
        if t < _OLDEST:
            previous = (off, dst, name)
    prev_dst = previous[1]
    for t, off, dst, name in listed:
        if off == previous[0]:
            previous = (off, dst, name)
            prev_dst = dst
            continue
        daylight = off > previous[0] and (dst or prev_dst)
        changes.append(Change(t, previous[0], off, dst, name, daylight))
        previous, prev_dst = (off, dst, name), dst
    return _Zone(tuple(changes), footer, footer_from, first)


def zone_changes(key: str, last_year: int) -> tuple[Change, ...]:
    """Every change of the zone's UTC offset from 1601 to the end of `last_year` (offsets in
    seconds east; raises as `zoneinfo.ZoneInfo` does for an unknown zone)."""
    return _zone(key, last_year).changes


# -- rules ---------------------------------------------------------------------------------------

_Rule = tuple  # ("last", weekday) | ("from", first day, weekday) | ("day", day)


def _rules(wall: datetime) -> set[_Rule]:
    """Every yearly rule (within its month) that gives this day."""
    day, weekday = wall.day, wall.weekday()
    ndays = calendar.monthrange(wall.year, wall.month)[1]
    shortest = 28 if wall.month == 2 else (30 if wall.month in (4, 6, 9, 11) else 31)
    out: set[_Rule] = {("day", day)}
    if day + 7 > ndays:
        out.add(("last", weekday))
    for first in range(max(1, day - 6), day + 1):
        if first + 6 <= shortest:
            out.add(("from", first, weekday))
    return out


def _rule_day(rule: _Rule, year: int, month: int) -> int:
    ndays = calendar.monthrange(year, month)[1]
    if rule[0] == "day":
        return int(rule[1])
    if rule[0] == "last":
        last_weekday = calendar.weekday(year, month, ndays)
        return ndays - (last_weekday - rule[1]) % 7
    first = int(rule[1])
    return first + (rule[2] - calendar.weekday(year, month, first)) % 7


def _preference(rule: _Rule) -> tuple[int, int]:
    """The plainest rule first: last weekday, n-th weekday, fixed day, weekday on or after."""
    if rule[0] == "last":
        return (0, 0)
    if rule[0] == "from" and rule[1] in (1, 8, 15, 22):
        return (1, rule[1])
    if rule[0] == "day":
        return (2, rule[1])
    return (3, rule[1])


def _rrule(rule: _Rule, month: int, count: int | None = None) -> str:
    """The RRULE value, its parts in `icalendar`'s order (FREQ, COUNT, BYDAY, BYMONTHDAY, BYMONTH)."""
    parts = ["FREQ=YEARLY"] + ([f"COUNT={count}"] if count else [])
    if rule[0] == "last":
        parts.append(f"BYDAY=-1{_WEEKDAYS[rule[1]]}")
    elif rule[0] == "day":
        parts.append(f"BYMONTHDAY={rule[1]}")
    elif rule[1] in (1, 8, 15, 22):
        parts.append(f"BYDAY={(rule[1] - 1) // 7 + 1}{_WEEKDAYS[rule[2]]}")
    else:
        parts.append(f"BYDAY={_WEEKDAYS[rule[2]]}")
        parts.append("BYMONTHDAY=" + ",".join(str(d) for d in range(rule[1], rule[1] + 7)))
    parts.append(f"BYMONTH={month}")
    return ";".join(parts)


@dataclass
class _Run:
    changes: list[Change]
    rules: set[_Rule]


def _runs(changes: list[Change]) -> list[_Run]:
    """Group changes with the same key in consecutive years whose days share a rule."""
    open_runs: dict[tuple[object, ...], _Run] = {}
    done: list[_Run] = []
    for c in changes:
        key = c.key()
        rules = _rules(c.wall)
        run = open_runs.get(key)
        if run is not None and c.wall.year == run.changes[-1].wall.year + 1 and run.rules & rules:
            run.changes.append(c)
            run.rules &= rules
            continue
        if run is not None:
            done.append(run)
        open_runs[key] = _Run([c], rules)
    done += open_runs.values()
    return done


def _forever(run: _Run, zone: _Zone) -> _Rule | None:
    """The run's rule when the zone keeps following it for ever (the footer's rule), else None."""
    last = run.changes[-1]
    if zone.footer.dst is None or last.at < zone.footer_from:
        return None
    month, hms = last.wall.month, last.key()[5]
    footer = zone.footer
    if (last.before, last.after, last.name) == (footer.std, footer.dst, footer.dst_name):
        spec = footer.start
    elif (last.before, last.after, last.name) == (footer.dst, footer.std, footer.std_name):
        spec = footer.end
    else:
        return None
    assert spec is not None
    kind, spec_month, week, weekday, secs = spec
    if kind == "M" and 0 <= secs < 86400:  # the usual footer: the onset is on the rule's day
        rule: _Rule = (
            ("last", (weekday - 1) % 7) if week == 5 else ("from", 7 * week - 6, (weekday - 1) % 7)
        )
        same_time = (spec_month, (secs // 3600, secs // 60 % 60, secs % 60)) == (month, hms)
        return rule if same_time and rule in run.rules else None
    for rule in sorted(run.rules, key=_preference):  # e.g. Gaza's "M3.4.4/50": check the years
        for year in range(last.wall.year + 1, last.wall.year + 1 + _GREGORIAN_CYCLE):
            same = [
                c
                for c in zone.footer.changes(year)
                if (c.before, c.after, c.name) == (last.before, last.after, last.name)
            ]
            if len(same) != 1:
                return None
            w = same[0].wall
            if (w.year, w.month, w.day, (w.hour, w.minute, w.second)) != (
                year,
                month,
                _rule_day(rule, year, month),
                hms,
            ):
                break
        else:
            return rule
    return None


# -- writing -------------------------------------------------------------------------------------


def _offset(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    h, rest = divmod(abs(seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{sign}{h:02d}{m:02d}" + (f"{s:02d}" if s else "")


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _observance(first: Change, rrule: str | None) -> list[str]:
    kind = "DAYLIGHT" if first.daylight else "STANDARD"
    lines = [f"BEGIN:{kind}", f"DTSTART:{_stamp(first.wall)}"]
    # a one-off onset is also given as RDATE: HA's `ical` reads no onset from a lone DTSTART
    lines.append(f"RRULE:{rrule}" if rrule else f"RDATE:{_stamp(first.wall)}")
    lines += [  # in `icalendar`'s order, so that it writes the same bytes from this component
        f"TZNAME:{first.name}",
        f"TZOFFSETFROM:{_offset(first.before)}",
        f"TZOFFSETTO:{_offset(first.after)}",
        f"END:{kind}",
    ]
    return lines


@lru_cache(maxsize=256)
def vtimezone(key: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of IANA zone `key` for events in `first_year`..`last_year` (CRLF bytes)."""
    first_year = max(first_year, 1602)
    last_year = max(min(last_year, 9995), first_year)
    zone = _zone(key, last_year + 2)  # a year of look-ahead shows which rules go on
    start = int((datetime(first_year, 1, 1) - _EPOCH).total_seconds()) - 2 * 86400
    end = int((datetime(last_year + 1, 1, 1) - _EPOCH).total_seconds()) + 2 * 86400
    earlier = [c for c in zone.changes if c.at <= start]
    covered = earlier[-1:] + [c for c in zone.changes if c.at > start]
    lines = ["BEGIN:VTIMEZONE", f"TZID:{key}"]
    observances: list[tuple[int, list[str]]] = []
    if not earlier:  # a zone that never changed (Etc/GMT+5, UTC), or not before these years
        offset, dst, name = zone.first
        year = 1970 if first_year >= 1970 else 1601
        at = int((datetime(year, 1, 1) - _EPOCH).total_seconds()) - offset
        observances.append((at, _observance(Change(at, offset, offset, dst, name, False), None)))
    for run in _runs(covered):
        rule = _forever(run, zone) if run.changes[-1].at > end else None
        inside = [c for c in run.changes if c.at <= end]
        if not inside:
            continue
        head = inside[0]
        if rule is not None:
            rrule = _rrule(rule, head.wall.month)
        elif len(inside) > 1:
            best = min(run.rules, key=_preference)
            rrule = _rrule(best, head.wall.month, len(inside))
        else:
            rrule = None
        observances.append((head.at, _observance(head, rrule)))
    for _, block in sorted(observances, key=lambda o: o[0]):
        lines += block
    lines.append("END:VTIMEZONE")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("ascii")


def _fold(line: str) -> str:
    """RFC 5545 folding of an ASCII line, in 74-character pieces as `icalendar` folds."""
    return "\r\n ".join(line[i : i + 74] for i in range(0, len(line), 74))
