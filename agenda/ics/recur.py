"""Reading iCalendar, recurring series: one UID's VEVENTs to a series and its overrides.

A series (its master and RECURRENCE-ID overrides, held until the end of the file) is kept as a
series (`series`): the master becomes one event with a `Repeat` (its RRULE as written, its RDATE
and EXDATE values on its own wall clock), each override an event of its own that names the
series (`recurrence_of`) and the start it replaces (`recurrence_start`). Nothing is expanded
here: `agenda.core.recurrence` expands a series for the window that is read. Rules the core
refuses (`agenda.core.rrules.rule_error`) are refused at their line; a rule that matches no day
(30 February) is dropped with a note, so the event keeps its own start. See docs/ics.md.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from typing import Any

from agenda.core.limits import FIRST_DAY, LAST_DAY
from agenda.core.recurrence import occurrence_key
from agenda.core.rrules import MAX_COUNT, no_day, rule_error, rule_parts, rule_problem
from agenda.ics.common import until_as_start
from agenda.ics.lines import CalendarInfo, Line
from agenda.ics.vevent import EventProblem, Raw, instant, time_of, zone_of


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


def _dates(lines: list[Line], info: CalendarInfo, tz: str | None, all_day: bool) -> list[date]:
    """The values of RDATE or EXDATE lines on the series' clock, sorted, once each."""
    found = {_in_zone(v, z, tz, all_day) for ln in lines for v, z in _values(ln, info)}
    return sorted(found, key=lambda v: v.isoformat() if isinstance(v, datetime) else str(v))


def _override_id(base_id: str, start: date) -> str:
    occ_id = occurrence_key(base_id, start)
    if len(occ_id) > 255:
        occ_id = "ics-" + hashlib.sha1(occ_id.encode()).hexdigest()[:24]
    return occ_id


def series(group: list[Raw], info: CalendarInfo) -> list[tuple[Raw, dict[str, Any]]]:
    """The events of one UID's VEVENTs: the series (master) first, then its overrides."""
    masters = [r for r in group if r.recurrence_id is None]
    if len(masters) > 1:
        raise EventProblem(
            f"line {masters[1].block.lineno}: event {group[0].uid!r}: a second VEVENT with the "
            f"same UID (the first is at line {masters[0].block.lineno})"
        )
    master = masters[0] if masters else None
    out: list[tuple[Raw, dict[str, Any]]] = []
    all_day = False
    if master is not None:
        all_day = not isinstance(master.start, datetime)
        out.append((master, _master(master, info, all_day)))
    for r in group:
        if r.recurrence_id is None:
            continue
        value, tz = time_of(r.recurrence_id, info)
        if master is None:
            info.notes.add(
                "occurrences (RECURRENCE-ID) of series not in the file were imported as single "
                "events"
            )
            data = dict(r.data, id=_override_id(r.base_id, value), ical_uid=r.uid)
            for name in ("repeat", "recurrence_of", "recurrence_start"):
                data.pop(name, None)
            out.append((r, data))
            continue
        original = _in_zone(value, tz, master.tz, all_day)
        data = dict(r.data, recurrence_of=master.base_id, recurrence_start=original)
        data.pop("repeat", None)
        if data["id"] == r.base_id:  # not agenda's own override (its id came in X-AGENDA-JSON)
            data["id"] = _override_id(r.base_id, original)
        out.append((r, data))
    return out


def _master(master: Raw, info: CalendarInfo, all_day: bool) -> dict[str, Any]:
    """The master's fields with its `repeat`, from its RRULE/RDATE/EXDATE lines."""
    rule: str | None = None
    if master.rrule is not None:
        line = master.rrule
        rule = _rule_text(line, master.tz, all_day, info)
        kept = (master.data.get("repeat") or {}).get("rule")
        if rule and isinstance(kept, str) and _same_rule(kept, rule, master.tz, all_day):
            rule = kept  # agenda's own rule, its UNTIL written in the form RFC 5545 wants
    rdates = _dates(master.rdates, info, master.tz, all_day)
    exdates = _dates(master.exdates, info, master.tz, all_day)
    data = dict(master.data)
    if rule is None and not rdates:
        data.pop("repeat", None)  # a rule with no day, and no dates: the event alone
    else:
        data["repeat"] = {"rule": rule, "rdates": rdates, "exdates": exdates}
    data.pop("recurrence_of", None)
    data.pop("recurrence_start", None)
    return data


def _same_rule(kept: str, rule: str, tz: str | None, all_day: bool) -> bool:
    """True when the rule X-AGENDA-JSON kept is the file's RRULE once written (the file agrees)."""
    clock = None if all_day else tz or ""
    try:
        return until_as_start(kept.upper(), clock) == until_as_start(rule, clock)
    except (ValueError, KeyError):  # an UNTIL that is no date, a zone zoneinfo does not know
        return False


def _rule_text(line: Line, tz: str | None, all_day: bool, info: CalendarInfo) -> str | None:
    """The RRULE value as the model keeps it, or None for a rule that matches no day; an
    EventProblem at the line for one the core refuses."""
    text = line.value.strip().upper()
    parts = rule_parts(text)
    count = parts.get("COUNT", "")
    if count.isdigit() and (len(count) > 7 or int(count) > MAX_COUNT):
        info.notes.add(
            f"line {line.lineno}: RRULE COUNT={count[:12]} is more occurrences than a series may "
            f"have: read as COUNT={MAX_COUNT}"
        )
        text = re.sub(r"COUNT=\d+", f"COUNT={MAX_COUNT}", text)
    text = _until_fix(text, tz, all_day)
    problem = rule_error(text)
    if problem and not rule_problem(text) and no_day(text):
        info.notes.add(
            f"line {line.lineno}: RRULE {line.value[:40]!r} matches no day of any year (as 30 "
            "February): the event is kept without it"
        )
        return None
    if problem:
        raise EventProblem(f"line {line.lineno}: RRULE {line.value[:40]!r}: {problem}")
    return text


def _until_fix(rule: str, tz: str | None, all_day: bool) -> str:
    """UNTIL of the kind of the start (a date for an all-day series: RFC 5545 wants that, and
    Google writes a UTC time there too), within the range of dates agenda supports."""

    def fix(m: re.Match[str]) -> str:
        day, clock, zulu = m[1], m[2] or "", m[3]
        if day > LAST_DAY.strftime("%Y%m%d"):
            day, clock = LAST_DAY.strftime("%Y%m%d"), "T235959" if clock else ""
        elif day < FIRST_DAY.strftime("%Y%m%d"):
            day, clock = FIRST_DAY.strftime("%Y%m%d"), "T000000" if clock else ""
        if all_day:
            return f"UNTIL={day}"
        if zulu and tz is None:  # a floating series: UTC has no meaning on its clock
            moment = datetime.strptime(day + clock, "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
            return "UNTIL=" + moment.strftime("%Y%m%dT%H%M%S")
        return f"UNTIL={day}{clock}{zulu}"

    return re.sub(r"UNTIL=(\d{8})(T\d{6})?(Z?)", fix, rule)
