"""Reading iCalendar, second stage: one VEVENT block to the fields of an Event (`read_vevent`).

DTSTART/DTEND/DURATION and their zones (IANA, Windows and mozilla-style names, Google's
X-WR-TIMEZONE, floating, UTC, DATE and DATE-TIME; the inclusive all-day end from `common`),
UID, SEQUENCE, stamps, STATUS, RELATED-TO, X-AGENDA-JSON, and the foreign properties of events
written by other apps (CATEGORIES, LOCATION, GEO, ATTENDEE, kept lines). A VEVENT that cannot
become an event raises `EventProblem` naming its line and property; recurring ones come back as
a `Raw` with their RRULE/RDATE/EXDATE/RECURRENCE-ID lines for `agenda.ics.recur`. The `icalendar`
library parses durations. The mapping is in docs/ics.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from agenda.core.limits import (
    FIRST_DAY,
    LAST_DAY,
    MAX_SEQUENCE,
    MAX_TEXT,
    MAX_TITLE,
    range_problem,
    size_problem,
)
from agenda.ics.alarms import take_alarms
from agenda.ics.common import ICS_TO_STATUS, STATUS_TO_ICS, inclusive_end
from agenda.ics.escape import escape_text, split_list, unescape
from agenda.ics.lines import Block, CalendarInfo, Line
from agenda.ics.winzones import iana_zone

_ID = re.compile(r"^[^\s\x00-\x1f\x7f]{1,255}$")
_DATETIME = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$")
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


# Properties mapped to fields (or rebuilt on export); anything else is kept as a raw line.
_MAPPED = frozenset(
    {
        "SUMMARY",
        "DTSTART",
        "DTEND",
        "DURATION",
        "DTSTAMP",
        "UID",
        "SEQUENCE",
        "CATEGORIES",
        "CREATED",
        "DESCRIPTION",
        "GEO",
        "LAST-MODIFIED",
        "LOCATION",
        "STATUS",
        "URL",
        "RRULE",
        "RDATE",
        "EXDATE",
        "RECURRENCE-ID",
        "EXRULE",
    }
)


class EventProblem(Exception):
    """Why one VEVENT cannot become an event (the message names the line and property)."""


@dataclass
class Raw:
    """A VEVENT read into fields (before validation), with what recurrence needs."""

    block: Block
    uid: str
    base_id: str
    data: dict[str, Any]
    start: date
    tz: str | None
    rrule: Line | None = None
    rdates: list[Line] = field(default_factory=list)
    exdates: list[Line] = field(default_factory=list)
    recurrence_id: Line | None = None

    @property
    def recurring(self) -> bool:
        return bool(self.rrule or self.rdates or self.recurrence_id)


def time_of(line: Line, info: CalendarInfo, keep_utc: bool = False) -> tuple[date, str | None]:
    """A DTSTART-like value: (date, None), (wall-clock datetime, zone) or (datetime, None).

    `keep_utc`: a UTC time stays in UTC even beside Google's X-WR-TIMEZONE (a series written in
    UTC repeats on the UTC clock; on the calendar zone's clock its summer occurrences would move).
    """
    value = line.value.strip()
    vtype = line.params.get("VALUE", "").upper()
    m = _DATE.match(value)
    if vtype == "DATE" or (m and vtype != "DATE-TIME"):
        if not m:
            raise EventProblem(
                f"line {line.lineno}: {line.name}: {value!r} is not a date (YYYYMMDD)"
            )
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise EventProblem(
                f"line {line.lineno}: {line.name}: {value!r} is not a valid date"
            ) from None
        _in_range(day, line)
        return day, None
    m = _DATETIME.match(value)
    if not m:
        raise EventProblem(
            f"line {line.lineno}: {line.name}: {value!r} is not a date-time (YYYYMMDDTHHMMSS)"
        )
    try:
        moment = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), min(int(m[6]), 59))
    except ValueError:
        raise EventProblem(
            f"line {line.lineno}: {line.name}: {value!r} is not a valid date-time"
        ) from None
    _in_range(moment, line)  # before any zone is applied: near year 1 or 9999 that overflows
    if m[7]:
        if info.default_zone and info.default_zone != "UTC" and not keep_utc:
            # Google writes every time in UTC beside X-WR-TIMEZONE: show them on that clock
            local = moment.replace(tzinfo=UTC).astimezone(zone_of(info.default_zone))
            return local.replace(tzinfo=None), info.default_zone
        return moment, "UTC"
    tzid = line.params.get("TZID")
    if tzid:
        zone = iana_zone(tzid)
        if zone:
            zone_of(zone)  # keeps it alive for the model's own ZoneInfo() calls
            return moment, zone
        custom = info.custom_zones.get(tzid)
        if custom is not None:
            info.notes.add(
                f"time zone {tzid!r} is no IANA zone: its times were converted to UTC "
                "with the file's VTIMEZONE"
            )
            return moment.replace(tzinfo=custom).astimezone(UTC).replace(tzinfo=None), "UTC"
        raise EventProblem(
            f"line {line.lineno}: {line.name}: unknown time zone {tzid!r} "
            "(not an IANA or Windows zone name, and no VTIMEZONE for it in the file)"
        )
    if info.default_zone:
        info.notes.add(f"floating times were read in the calendar's zone {info.default_zone}")
        return moment, info.default_zone
    return moment, None


def _in_range(value: date, line: Line) -> None:
    problem = range_problem(value, f"line {line.lineno}: {line.name}")
    if problem:
        raise EventProblem(problem)


def _loads(text: str) -> Any:
    """`json.loads`, by pydantic-core's faster parser when it takes the text (same values)."""
    from pydantic_core import from_json

    try:
        return from_json(text)
    except ValueError:
        return json.loads(text)


@cache
def zone_of(name: str) -> ZoneInfo:
    """The zone, held for the whole run: zoneinfo keeps only a few zones alive by itself, and
    reading a zone file again for every event of a dozen zones costs seconds at 100,000 events."""
    return ZoneInfo(name)


def instant(value: date, tz: str | None) -> datetime:
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value.replace(tzinfo=UTC if tz is None else zone_of(tz)).astimezone(UTC)


def _add(start: datetime, tz: str | None, delta: timedelta) -> datetime:
    """Start + a DURATION: whole days on the wall clock, the rest in exact time (RFC 5545)."""
    wall = start + timedelta(days=delta.days)
    if delta.seconds:
        if tz:
            zone = zone_of(tz)
            moment = wall.replace(tzinfo=zone).astimezone(UTC) + timedelta(seconds=delta.seconds)
            wall = moment.astimezone(zone).replace(tzinfo=None)
        else:
            wall += timedelta(seconds=delta.seconds)
    return wall


def _stamp(line: Line | None, info: CalendarInfo) -> str | None:
    """CREATED / LAST-MODIFIED as ISO UTC text, or None when absent or unreadable."""
    if line is None:
        return None
    value = line.value
    if (
        len(value) == 16
        and value[15] == "Z"
        and not line.params
        and (not info.default_zone or info.default_zone == "UTC")
    ):
        m = _DATETIME.match(value)
        if m:  # a UTC time, as every app writes these: no conversion
            try:
                second = min(int(m[6]), 59)
                moment = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), second)
            except ValueError:
                return None
            if range_problem(moment, "stamp"):
                return None  # as unreadable: a CREATED in year 1 says nothing worth keeping
            return f"{m[1]}-{m[2]}-{m[3]}T{m[4]}:{m[5]}:{second:02d}Z"
    try:
        value, tz = time_of(line, info)
    except EventProblem:
        return None
    if not isinstance(value, datetime):
        return None
    return instant(value, tz).isoformat().replace("+00:00", "Z")


def _same_second(stored: Any, in_file: str) -> bool:
    """True when a JSON datetime and a file's UTC stamp name the same second."""
    if stored == in_file:
        return True
    try:
        a = datetime.fromisoformat(str(stored).replace("Z", "+00:00"))
        b = datetime.fromisoformat(in_file.replace("Z", "+00:00"))
    except ValueError:
        return False
    a = a.replace(tzinfo=UTC) if a.tzinfo is None else a
    return abs((a - b).total_seconds()) < 1


def _id_for(uid: str) -> str:
    if _ID.match(uid):
        return uid
    return "ics-" + hashlib.sha1(uid.encode()).hexdigest()[:24]


def read_vevent(block: Block, info: CalendarInfo) -> Raw:
    """The fields of one VEVENT; EventProblem when it cannot be read."""
    first: dict[str, Line] = {}
    cats: list[str] = []
    rdates: list[Line] = []
    exdates: list[Line] = []
    kept: list[str] = []
    attendees: list[Line] = []
    related: Line | None = None
    agenda_json: Line | None = None
    depth = 0
    for ln in block.lines:
        n = ln.name
        if n in ("BEGIN", "END"):
            depth += 1 if n == "BEGIN" else -1
            kept.append(ln.text)
            continue
        if depth:
            kept.append(ln.text)
        elif n == "X-AGENDA-JSON":
            agenda_json = ln
        elif n.startswith("X-AGENDA-"):
            pass
        elif n == "CATEGORIES":
            cats += split_list(ln.value)
        elif n == "RDATE":
            rdates.append(ln)
        elif n == "EXDATE":
            exdates.append(ln)
        elif (
            n == "RELATED-TO"
            and related is None
            and (ln.params.get("RELTYPE", "PARENT").upper() == "PARENT")
        ):
            related = ln
        elif n in _MAPPED:
            first.setdefault(n, ln)
        else:
            kept.append(ln.text)
            if n == "ATTENDEE":
                attendees.append(ln)
    uid_line = first.get("UID")
    if uid_line is not None and unescape(uid_line.value).strip():
        uid = unescape(uid_line.value).strip()
    else:
        uid = "ics-" + hashlib.sha1(block.raw).hexdigest()[:24]
        info.notes.add("events without a UID got an id made from their content")
    try:
        long = next((ln for ln in block.lines if ln.over), None)
        if long is not None:
            raise EventProblem(f"line {long.lineno}: {long.too_long()}")
        return _fields(
            block, info, uid, first, cats, rdates, exdates, kept, attendees, related, agenda_json
        )
    except EventProblem as exc:
        text = str(exc)
        if text.startswith("line ") and ": " in text:
            head, rest = text.split(": ", 1)
            text = f"{head}: event {uid!r}: {rest}"
        raise EventProblem(text) from None


def _fields(
    block: Block,
    info: CalendarInfo,
    uid: str,
    first: dict[str, Line],
    cats: list[str],
    rdates: list[Line],
    exdates: list[Line],
    kept: list[str],
    attendees: list[Line],
    related: Line | None,
    agenda_json: Line | None,
) -> Raw:
    where = f"line {block.lineno}"
    ds = first.get("DTSTART")
    if ds is None:
        raise EventProblem(f"{where}: no DTSTART")
    series = "RRULE" in first or bool(rdates)
    start, tz = time_of(ds, info, keep_utc=series)
    de, du = first.get("DTEND"), first.get("DURATION")
    end: date | None
    end_tz = tz
    if isinstance(start, datetime):
        if de is not None:
            end, end_tz = time_of(de, info, keep_utc=series)
            if not isinstance(end, datetime):
                raise EventProblem(f"line {de.lineno}: DTEND is a date but DTSTART a date-time")
            if (tz is None) != (end_tz is None):
                raise EventProblem(
                    f"line {de.lineno}: DTEND and DTSTART must both be floating or both zoned"
                )
            if instant(end, end_tz) < instant(start, tz):
                raise EventProblem(
                    f"line {de.lineno}: DTEND {de.value.strip()} is before DTSTART "
                    f"{ds.value.strip()}"
                )
        elif du is not None:
            delta = _duration(du)
            end = _add(start, tz, delta)
            _in_range(end, du)
        else:
            end = None
    else:
        if de is not None:
            raw_end, _ = time_of(de, info)
            if isinstance(raw_end, datetime):
                raise EventProblem(f"line {de.lineno}: DTEND is a date-time but DTSTART a date")
            if raw_end < start:
                raise EventProblem(
                    f"line {de.lineno}: DTEND {de.value.strip()} is before DTSTART "
                    f"{ds.value.strip()}"
                )
            end = inclusive_end(start, raw_end)
        elif du is not None:
            delta = _duration(du)
            end = inclusive_end(start, start + timedelta(days=max(delta.days, 0)))
            _in_range(end, du)
        else:
            end = start
    seq_line = first.get("SEQUENCE")
    sequence = 0
    if seq_line is not None:
        try:
            sequence = int(seq_line.value.strip()[:20])  # 20 digits: past the maximum already
            if sequence < 0:
                raise ValueError
        except ValueError:
            raise EventProblem(
                f"line {seq_line.lineno}: SEQUENCE {seq_line.value[:20]!r} is not a whole number"
            ) from None
        if sequence > MAX_SEQUENCE or len(seq_line.value.strip()) > 20:
            raise EventProblem(
                f"line {seq_line.lineno}: SEQUENCE {seq_line.value[:20]!r} is larger than "
                f"{MAX_SEQUENCE}, the largest iCalendar INTEGER"
            )
    for prop, limit in (("SUMMARY", MAX_TITLE), ("DESCRIPTION", MAX_TEXT)):
        ln = first.get(prop)
        # unescaping never lengthens a value: the short ones are not unescaped twice
        if ln is not None and len(ln.value) > limit:
            problem = size_problem(len(unescape(ln.value).strip()), limit)
            if problem:
                raise EventProblem(f"line {ln.lineno}: {prop} is {problem}")
    summary = unescape(first["SUMMARY"].value) if "SUMMARY" in first else ""
    data: dict[str, Any]
    extra: dict[str, Any] = {}
    if agenda_json is not None:
        try:
            extra = _loads(unescape(agenda_json.value))
            if not isinstance(extra, dict):
                raise ValueError
        except RecursionError:
            raise EventProblem(
                f"line {agenda_json.lineno}: X-AGENDA-JSON is nested too deeply "
                "(lists or objects inside one another)"
            ) from None
        except ValueError:
            raise EventProblem(
                f"line {agenda_json.lineno}: X-AGENDA-JSON is not a JSON object"
            ) from None
        data = dict(extra)
        status = first.get("STATUS")
        if status is not None:
            value = status.value.strip().upper()
            if (
                STATUS_TO_ICS.get(data.get("status", "announced")) != value
                and value in ICS_TO_STATUS
            ):
                data["status"] = ICS_TO_STATUS[value]
        if data.get("precision", "exact") != "exact":
            kept = [k for k in kept if k.upper() != "TRANSP:TRANSPARENT"]
        if isinstance(start, datetime):
            # agenda writes a wall time in a skipped or repeated hour in UTC: the zone comes back
            if _in_utc(ds):
                start, tz = _zone_back(start, tz, extra.get("start"), extra.get("tz"))
            if de is not None and isinstance(end, datetime) and _in_utc(de):
                own = extra.get("end_tz") or extra.get("tz")
                end, end_tz = _zone_back(end, end_tz, extra.get("end"), own)
        if "start" in extra and str(extra["start"])[:19] != start.isoformat()[:19]:
            del data["start"]
        if "end" in extra and (end is None or str(extra["end"])[:19] != end.isoformat()[:19]):
            del data["end"]
        if de is not None and isinstance(start, datetime):
            want = extra.get("end_tz")
            if end_tz == want:
                pass
            elif end_tz == tz:
                data["end_tz"] = want if want == tz else None
            else:
                data["end_tz"] = end_tz
    else:
        data = _foreign(first, cats, attendees, info)
        if de is not None and end_tz != tz:
            data["end_tz"] = end_tz
    base_id = _id_for(uid)
    data["id"] = base_id
    if base_id != uid:
        data["ical_uid"] = uid
    if "RECURRENCE-ID" in first:
        own = extra.get("id")
        if isinstance(own, str) and extra.get("recurrence_of") == base_id:
            data["id"] = own  # agenda's override of one occurrence keeps its own id
    elif "RRULE" not in first and not rdates:
        for name in ("repeat", "recurrence_of", "recurrence_start"):
            data.pop(name, None)  # the file says this is a single event now
    data["title"] = summary.strip() or "(no title)"
    data.setdefault("start", start)
    data.setdefault("end", end)
    data["tz"] = tz
    data["sequence"] = sequence
    for key, name in (("created", "CREATED"), ("last_modified", "LAST-MODIFIED")):
        in_file = _stamp(first.get(name), info)
        if key not in data or (in_file and not _same_second(data[key], in_file)):
            data[key] = in_file  # the JSON's value is kept only while the file agrees with it
    if related is not None:
        mine = data.get("parent_id") if agenda_json is not None else None
        if not (isinstance(mine, str) and escape_text(mine) == related.value.strip()):
            data["parent_id"] = unescape(related.value).strip() or None
    data["reminders"], data["ical_properties"] = take_alarms(kept, start, tz, info.notes)
    return Raw(
        block,
        uid,
        base_id,
        data,
        start,
        tz,
        first.get("RRULE"),
        rdates,
        exdates,
        first.get("RECURRENCE-ID"),
    )


def _in_utc(line: Line) -> bool:
    return line.value.strip().upper().endswith("Z")


def _zone_back(
    moment: datetime, tz: str | None, wall: Any, zone: Any
) -> tuple[datetime, str | None]:
    """The wall time and zone of agenda's JSON for a time the file gives on another clock (UTC),
    when both name the same instant (the wall time read as RFC 5545 reads it: fold=0); else the
    file's own (moment, tz): the JSON is kept only while the file agrees with it."""
    if tz is None or not isinstance(wall, str) or not isinstance(zone, str) or zone == tz:
        return moment, tz
    try:
        own = datetime.fromisoformat(wall[:19])
        if own.tzinfo is not None or instant(own, zone) != instant(moment, tz):
            return moment, tz
    except (ValueError, KeyError, OSError):  # not a wall time, not a zone
        return moment, tz
    return own, zone


def _duration(line: Line) -> timedelta:
    from icalendar.prop import vDuration

    try:
        delta = vDuration.from_ical(line.value.strip())
    except (ValueError, TypeError, OverflowError):
        raise EventProblem(
            f"line {line.lineno}: DURATION {line.value[:30]!r} is not a duration"
        ) from None
    if not isinstance(delta, timedelta) or delta < timedelta(0):
        raise EventProblem(f"line {line.lineno}: DURATION {line.value[:30]!r} is negative")
    if delta > _LONGEST:
        raise EventProblem(
            f"line {line.lineno}: DURATION {line.value[:30]!r} is longer than the supported "
            f"range of dates ({FIRST_DAY} to {LAST_DAY})"
        )
    return delta


_LONGEST = LAST_DAY - FIRST_DAY


def _foreign(
    first: dict[str, Line], cats: list[str], attendees: list[Line], info: CalendarInfo
) -> dict[str, Any]:
    """Fields of a VEVENT written by another app."""
    from agenda.core.models import Kind
    from agenda.core.organizations import lookup

    data: dict[str, Any] = {}
    status = first.get("STATUS")
    if status is not None and status.value.strip().upper() in ICS_TO_STATUS:
        data["status"] = ICS_TO_STATUS[status.value.strip().upper()]
    if "DESCRIPTION" in first:
        text = unescape(first["DESCRIPTION"].value).strip()
        if text:
            data["description"] = text
    location: dict[str, Any] = {}
    if "LOCATION" in first:
        venue = unescape(first["LOCATION"].value).strip()
        if venue:
            location["venue"] = venue
    if "GEO" in first:
        try:
            lat, lon = (float(x) for x in first["GEO"].value.split(";"))
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                location["lat"], location["lon"] = lat, lon
        except ValueError:
            info.notes.add("a GEO that is not two numbers was ignored")
    if location:
        data["location"] = location
    kinds = {k.value for k in Kind}
    tags: dict[str, None] = {}  # ordered and without repeats, in linear time
    orgs: list[str] = []
    for cat in cats:
        low = cat.strip().lower()
        if low in kinds and "kind" not in data:
            data["kind"] = low
        elif lookup(cat.strip()) is not None:
            orgs.append(cat.strip())
        elif cat.strip():
            tags[cat.strip()] = None
    if orgs:
        data["organizations"] = orgs
    if tags:
        data["tags"] = list(tags)
    if "URL" in first and first["URL"].value.strip():
        data["sources"] = [{"url": first["URL"].value.strip()}]
    people: list[dict[str, str]] = []
    named: set[str] = set()  # a set, not a search of `people`: 20,000 ATTENDEEs took 8.6 s
    for ln in attendees:
        name = ln.params.get("CN", "").strip()
        if name and name not in named:
            named.add(name)
            people.append({"name": name})
    if people:
        data["participants"] = people
    return data
