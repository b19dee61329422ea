"""Reading iCalendar, recurring series: RRULE/RDATE/EXDATE checks and their bounded expansion.

A series (its master and RECURRENCE-ID overrides, held until the end of the file) is expanded by
python-dateutil's rrule into one event per occurrence (`expand`), within the import window and
at most `MAX_OCCURRENCES`. Rules that would make dateutil loop or crash are refused at their line
(`_rule_problem`); rules that match no day are found at once (`_no_day`); the search of the rest
is bounded by moving the series by whole 400-year Gregorian cycles. See docs/ics.md.
"""

from __future__ import annotations

import hashlib
import re
from datetime import MAXYEAR, UTC, date, datetime, timedelta
from typing import Any

from agenda.core.limits import FIRST_DAY, LAST_DAY, MAX_OCCURRENCES
from agenda.core.rrules import no_day as _no_day
from agenda.core.rrules import rule_problem as _rule_problem
from agenda.ics.lines import CalendarInfo, Line
from agenda.ics.vevent import EventProblem, Raw, instant, time_of, zone_of


def _rid_key(value: date, tz: str | None) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y%m%dT%H%M%S") + ("Z" if tz == "UTC" else "")
    return value.strftime("%Y%m%d")


def _in_zone(value: date, tz: str | None, target: str | None, all_day: bool) -> date:
    """A RECURRENCE-ID / RDATE / EXDATE value on the master's wall clock."""
    if all_day:
        return value.date() if isinstance(value, datetime) else value
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if tz == target or tz is None or target is None:
        return value
    return instant(value, tz).astimezone(zone_of(target)).replace(tzinfo=None)


def _values(line: Line, info: CalendarInfo) -> list[tuple[date, str | None]]:
    out = []
    for part in line.value.split(","):
        part = part.split("/")[0].strip()  # a PERIOD: its start
        if part:
            out.append(time_of(Line(line.lineno, line.name, line.params, part, line.text), info))
    return out


def expand(
    group: list[Raw], info: CalendarInfo, today: date, until: date | None
) -> list[tuple[Raw, dict[str, Any]]]:
    """The occurrences of one UID's series: (source VEVENT, fields) each, ids UID/RECURRENCE-ID."""
    from dateutil.rrule import rruleset, rrulestr

    masters = [r for r in group if r.recurrence_id is None]
    overrides: dict[str, Raw] = {}
    master = masters[0] if masters else None
    if len(masters) > 1:
        raise EventProblem(
            f"line {masters[1].block.lineno}: event {group[0].uid!r}: a second VEVENT with the "
            f"same UID (the first is at line {masters[0].block.lineno})"
        )
    for r in group:
        if r.recurrence_id is not None:
            value, tz = time_of(r.recurrence_id, info)
            target = master.tz if master else tz
            all_day = master is not None and not isinstance(master.start, datetime)
            key = _rid_key(_in_zone(value, tz, target, all_day), target)
            overrides[key] = r
    out: list[tuple[Raw, dict[str, Any]]] = []

    def occurrence(r: Raw, key: str, data: dict[str, Any]) -> tuple[Raw, dict[str, Any]]:
        occ_id = f"{r.base_id}/{key}"
        if len(occ_id) > 255:
            occ_id = "ics-" + hashlib.sha1(occ_id.encode()).hexdigest()[:24]
        return r, {**data, "id": occ_id, "ical_uid": r.uid}

    if master is not None:
        all_day = not isinstance(master.start, datetime)
        start = master.start
        naive = (
            start if isinstance(start, datetime) else datetime(start.year, start.month, start.day)
        )
        last = min(until or (max(naive.date(), today) + timedelta(days=365)), LAST_DAY)
        # dateutil looks for the next occurrence up to the year 9999 and no further; a rule with
        # none (30 February) would search for minutes. The series is expanded moved on by a
        # whole number of 400-year Gregorian cycles (same weekdays, same leap years), so that
        # `last` falls in the last cycle before 9999 and any search ends soon after it.
        shift = 400 * ((MAXYEAR - max(last, naive.date()).year) // 400)
        rules = rruleset()
        if master.rrule is not None:
            rule_line = master.rrule
            problem = _rule_problem(rule_line.value)
            if problem:
                raise EventProblem(
                    f"line {rule_line.lineno}: RRULE {rule_line.value[:40]!r}: {problem}"
                )
            text = _until_fix(rule_line.value.strip(), master.tz, all_day)
            if _no_day(rule_line.value):
                info.notes.add(
                    f"line {rule_line.lineno}: RRULE {rule_line.value[:40]!r} matches no day of "
                    "any year (as 30 February): the series has no occurrence from it"
                )
                text = ""
            try:
                rule = rrulestr(text or rule_line.value.strip(), dtstart=naive)
                end = datetime.combine(last + timedelta(days=1), datetime.min.time())
                limit = min(rule._until, end) if rule._until else None
                if text:
                    rules.rrule(
                        rule.replace(
                            dtstart=_moved(naive, shift),
                            until=_moved(limit, shift) if limit else None,
                        )
                    )
            except (ValueError, TypeError, OverflowError) as exc:
                raise EventProblem(
                    f"line {rule_line.lineno}: RRULE {rule_line.value[:40]!r} is not valid ({exc})"
                ) from None
        else:
            rules.rdate(_moved(naive, shift))
        for ln in master.rdates:
            for value, tz in _values(ln, info):
                v = _in_zone(value, tz, master.tz, all_day)
                v = v if isinstance(v, datetime) else datetime(v.year, v.month, v.day)
                if v.date() <= last:  # later ones are not expanded (nor movable past 9999)
                    rules.rdate(_moved(v, shift))
        for ln in master.exdates:
            for value, tz in _values(ln, info):
                v = _in_zone(value, tz, master.tz, all_day)
                v = v if isinstance(v, datetime) else datetime(v.year, v.month, v.day)
                if v.date() <= last:
                    rules.exdate(_moved(v, shift))
        data = master.data
        dstart = data["start"] if not isinstance(data["start"], str) else master.start
        length = (data["end"] - dstart) if data.get("end") is not None else None
        count = 0
        stopped = naive.date() > last
        for moved in [] if stopped else rules:
            occ = _moved(moved, -shift)
            if occ.date() > last or count >= MAX_OCCURRENCES:
                stopped = True
                break
            count += 1
            value: date = occ if not all_day else occ.date()
            key = _rid_key(value, master.tz)
            if key in overrides:
                r = overrides.pop(key)
                out.append(occurrence(r, key, r.data))
                continue
            fields = dict(data, start=value)
            if length is not None:
                fields["end"] = value + length
            out.append(occurrence(master, key, fields))
        if stopped:
            info.notes.add(
                f"recurring events were expanded up to {last} (at most {MAX_OCCURRENCES} "
                "occurrences each); later occurrences were not imported (see --expand-until)"
            )
    for key, r in overrides.items():
        out.append(occurrence(r, key, r.data))
    return out


def _moved(moment: datetime, years: int) -> datetime:
    """The same wall-clock time `years` later (a multiple of 400: 29 February stays valid)."""
    return moment.replace(year=moment.year + years) if years else moment


def _until_fix(rule: str, tz: str | None, all_day: bool) -> str:
    """UNTIL in the same form as the (naive) start dateutil is given (and inside the range of
    dates: a series is never expanded past it, and near year 9999 a zone would overflow)."""

    def fix(m: re.Match[str]) -> str:
        day, clock, zulu = m[1], m[2], m[3]
        if day > LAST_DAY.strftime("%Y%m%d"):
            return f"UNTIL={LAST_DAY:%Y%m%d}T235959"
        if day < FIRST_DAY.strftime("%Y%m%d"):
            return f"UNTIL={FIRST_DAY:%Y%m%d}T000000"
        if all_day:
            return f"UNTIL={day}T235959"
        if not clock:
            return f"UNTIL={day}T235959"
        if zulu and tz and tz != "UTC":
            moment = datetime.strptime(day + clock, "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
            return "UNTIL=" + moment.astimezone(zone_of(tz)).strftime("%Y%m%dT%H%M%S")
        return f"UNTIL={day}{clock}"

    return re.sub(r"UNTIL=(\d{8})(T\d{6})?(Z?)", fix, rule, flags=re.IGNORECASE)
