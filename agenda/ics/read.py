"""Reading iCalendar: a stream of bytes to agenda events, one VEVENT at a time.

Memory stays flat on large files: lines are unfolded as they are read, each VEVENT becomes an event
and is handed on; only recurring series (RRULE/RDATE and their RECURRENCE-ID overrides) are held
until the end of the file, to be expanded together. Content lines are split here (a small, strict
parser); the `icalendar` library parses what needs its knowledge: durations and custom VTIMEZONEs.

What real apps write is handled: a BOM, LF-only line ends, folded lines (even inside a UTF-8
character), lowercase names, Google's X-WR-TIMEZONE, Outlook's Windows zone names, floating, UTC,
DATE and DATE-TIME times, DURATION or no DTEND. The mapping is in docs/ics.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import MAXYEAR, UTC, date, datetime, timedelta, tzinfo
from functools import cache
from typing import IO, Any
from zoneinfo import ZoneInfo

from agenda.core.limits import FIRST_DAY, LAST_DAY, MAX_SEQUENCE, range_problem
from agenda.ics.common import ICS_TO_STATUS, STATUS_TO_ICS, IcsError, inclusive_end
from agenda.ics.escape import escape_text, fold, split_list, unescape
from agenda.ics.winzones import iana_zone

SKIPPED_COMPONENTS = ("VTODO", "VJOURNAL", "VFREEBUSY")
MAX_OCCURRENCES = 1000
_ID = re.compile(r"^[^\s\x00-\x1f\x7f]{1,255}$")
_NAME = re.compile(r"^[A-Za-z0-9-]+$")
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


class Line:
    """One unfolded content line: where it starts, its name, parameters and raw value."""

    __slots__ = ("lineno", "name", "params", "text", "value")

    def __init__(
        self, lineno: int, name: str, params: dict[str, str], value: str, text: str
    ) -> None:
        self.lineno = lineno
        self.name = name
        self.params = params
        self.value = value
        self.text = text


@dataclass
class Block:
    """A component's lines (nested components included), with its raw bytes for a rejects file."""

    kind: str
    lineno: int
    lines: list[Line] = field(default_factory=list)
    raw_parts: list[bytes] = field(default_factory=list)

    @property
    def raw(self) -> bytes:
        """The block's bytes as they were in the file."""
        return b"".join(self.raw_parts)


@dataclass
class Parsed:
    """One event read from the file, or the problem that stopped it."""

    label: str
    event: Any = None
    problem: str | None = None
    raw: bytes | Block = b""
    """The event's bytes as in the file, or its Block (joined only if a rejects file needs them)."""

    def raw_bytes(self) -> bytes:
        """The bytes as they were in the file."""
        return self.raw.raw if isinstance(self.raw, Block) else self.raw


def parse_line(text: str, lineno: int, name_of_file: str) -> Line:
    """Split NAME;PARAM=VALUE:VALUE (quotes respected); a line that is not one is an error."""
    colon = text.find(":")
    semi = text.find(";")
    if colon < 0:
        raise IcsError(
            f"{name_of_file}: line {lineno}: not an iCalendar line (no ':'): {text[:60]!r}"
        )
    params: dict[str, str] = {}
    if semi < 0 or colon < semi:
        name = text[:colon]
        upper = _NAMES.get(name)
        if upper is not None:  # a name seen before: already checked
            if upper != name:
                text = upper + text[colon:]
            return Line(lineno, upper, params, text[colon + 1 :], text)
        value = text[colon + 1 :]
    else:
        name = text[:semi]
        i, n = semi, len(text)
        while True:
            # at a ';': read KEY=VALUE[,VALUE]
            eq = text.find("=", i + 1)
            if eq < 0:
                raise IcsError(
                    f"{name_of_file}: line {lineno}: malformed parameter in {text[:60]!r}"
                )
            key = text[i + 1 : eq].upper()
            j = eq + 1
            parts = []
            while j < n and text[j] not in ";:":
                if text[j] == '"':
                    end = text.find('"', j + 1)
                    if end < 0:
                        raise IcsError(
                            f"{name_of_file}: line {lineno}: unclosed quote in {text[:60]!r}"
                        )
                    parts.append(text[j + 1 : end])
                    j = end + 1
                else:
                    k = j
                    while k < n and text[k] not in ';:"':
                        k += 1
                    parts.append(text[j:k])
                    j = k
            params[key] = "".join(parts)
            if j >= n:
                raise IcsError(f"{name_of_file}: line {lineno}: no ':' after the parameters")
            if text[j] == ":":
                value = text[j + 1 :]
                break
            i = j
    if not _NAME.match(name):
        raise IcsError(f"{name_of_file}: line {lineno}: {name[:40]!r} is not a property name")
    upper = name.upper()
    if len(_NAMES) < 1000:
        _NAMES[name] = upper
    if upper != name:
        text = upper + text[len(name) :]
    return Line(lineno, upper, params, value, text)


_NAMES: dict[str, str] = {}
"""Property names already checked, with their upper-case form."""


def logical_lines(fh: IO[bytes], name: str, counter: list[int]) -> Iterator[tuple[int, str, bytes]]:
    """(first line number, unfolded text, raw bytes) of each content line; counter[0] = bytes read."""
    current: list[bytes] = []
    raw_parts: list[bytes] = []
    start = 0
    lineno = 0
    for raw in fh:
        lineno += 1
        counter[0] += len(raw)
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if b"\x00" in raw:
            raise IcsError(
                f"{name}: line {lineno}: binary data (a NUL byte); not an iCalendar file"
            )
        line = raw.rstrip(b"\r\n")
        if line[:1] in (b" ", b"\t") and current:
            current.append(line[1:])
            raw_parts.append(raw)
            continue
        if current:
            yield start, _decode(b"".join(current), start, name), b"".join(raw_parts)
        if line.strip():
            current, raw_parts, start = [line], [raw], lineno
        else:
            current, raw_parts = [], []
    if current:
        yield start, _decode(b"".join(current), start, name), b"".join(raw_parts)


def _decode(data: bytes, lineno: int, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IcsError(
            f"{name}: line {lineno}: not UTF-8 text (byte {exc.start + 1} of the line); "
            "binary data or another encoding"
        ) from None


@dataclass
class CalendarInfo:
    """What the calendar says about all its events."""

    name: str
    default_zone: str | None = None
    """X-WR-TIMEZONE (Google, Apple): the zone of floating times."""
    calname: str | None = None
    custom_zones: dict[str, tzinfo] = field(default_factory=dict)
    """VTIMEZONEs whose TZID is no known zone name: their rules, from the file."""
    header: list[bytes] = field(default_factory=list)
    timezones_raw: list[bytes] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    notes: set[str] = field(default_factory=set)


def blocks(fh: IO[bytes], info: CalendarInfo, counter: list[int]) -> Iterator[Block]:
    """The VEVENT blocks of the file; VTIMEZONEs are read into `info`, VTODO & co. counted."""
    name = info.name
    stack: list[Block] = []
    seen_calendar = False
    in_calendar = False
    skip_depth = 0
    lineno = 0
    for lineno, text, raw in logical_lines(fh, name, counter):
        if not seen_calendar and text.strip().upper() != "BEGIN:VCALENDAR":
            raise IcsError(
                f"{name}: line {lineno}: not an iCalendar file (expected BEGIN:VCALENDAR, "
                f"found {text[:40]!r})"
            )
        line = parse_line(text, lineno, name)
        if not seen_calendar:
            if line.name != "BEGIN" or line.value.strip().upper() != "VCALENDAR":
                raise IcsError(
                    f"{name}: line {lineno}: not an iCalendar file (expected BEGIN:VCALENDAR, "
                    f"found {text[:40]!r})"
                )
            seen_calendar = in_calendar = True
            continue
        if not in_calendar:
            if line.name == "BEGIN" and line.value.strip().upper() == "VCALENDAR":
                in_calendar = True  # several calendars in one file
                continue
            raise IcsError(f"{name}: line {lineno}: content after END:VCALENDAR")
        kind = line.value.strip().upper() if line.name in ("BEGIN", "END") else ""
        if skip_depth:
            if line.name == "BEGIN":
                skip_depth += 1
            elif line.name == "END":
                skip_depth -= 1
            continue
        if line.name == "BEGIN":
            if not stack and kind in SKIPPED_COMPONENTS:
                info.skipped[kind] = info.skipped.get(kind, 0) + 1
                skip_depth = 1
                continue
            if not stack and kind not in ("VEVENT", "VTIMEZONE"):
                info.skipped[kind] = info.skipped.get(kind, 0) + 1
                skip_depth = 1
                continue
            if stack:
                stack[0].lines.append(line)
                stack[0].raw_parts.append(raw)
                stack.append(Block(kind, lineno))
            else:
                stack.append(Block(kind, lineno, [], [raw]))
            continue
        if line.name == "END":
            if not stack:
                if kind == "VCALENDAR":
                    in_calendar = False
                    continue
                raise IcsError(f"{name}: line {lineno}: END:{kind} without a BEGIN:{kind}")
            if kind != stack[-1].kind:
                raise IcsError(
                    f"{name}: line {lineno}: END:{kind} where END:{stack[-1].kind} was expected "
                    f"(begun at line {stack[-1].lineno})"
                )
            top = stack.pop()
            outer = stack[0] if stack else top
            outer.raw_parts.append(raw)
            if stack:
                outer.lines.append(line)
                continue
            if top.kind == "VTIMEZONE":
                _read_timezone(top, info)
                info.timezones_raw.append(top.raw)
                continue
            yield top
            continue
        if stack:
            stack[0].lines.append(line)
            stack[0].raw_parts.append(raw)
        else:
            if line.name == "X-WR-TIMEZONE":
                zone = iana_zone(unescape(line.value))
                info.default_zone = zone
            elif line.name == "X-WR-CALNAME":
                info.calname = unescape(line.value)
            if line.name not in ("BEGIN", "END"):
                info.header.append(raw)
    if stack:
        raise IcsError(
            f"{name}: line {lineno}: the file ends inside {stack[0].kind} begun at line "
            f"{stack[0].lineno} "
            "(truncated?); nothing was imported"
        )
    if not seen_calendar:
        raise IcsError(f"{name}: empty file; not an iCalendar file")
    if in_calendar:
        raise IcsError(
            f"{name}: line {lineno}: the file ends without END:VCALENDAR (truncated?); "
            "nothing was imported"
        )


def _read_timezone(block: Block, info: CalendarInfo) -> None:
    tzid = next((unescape(ln.value) for ln in block.lines if ln.name == "TZID"), None)
    if not tzid or iana_zone(tzid):
        return
    try:
        from icalendar import Timezone

        text = (
            "BEGIN:VTIMEZONE\r\n"
            + "".join(_refold(ln.text) for ln in block.lines)
            + "END:VTIMEZONE\r\n"
        )
        info.custom_zones[tzid] = Timezone.from_ical(text).to_tz()
    except Exception:  # a broken VTIMEZONE only matters if an event uses it
        info.notes.add(f"the VTIMEZONE {tzid!r} could not be read")


def _refold(text: str) -> str:
    return fold(text).decode()


# -- one VEVENT to the fields of an Event ------------------------------------------------------


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


def _when(line: Line, info: CalendarInfo) -> tuple[date, str | None]:
    """A DTSTART-like value: (date, None), (wall-clock datetime, zone) or (datetime, None)."""
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
        if info.default_zone and info.default_zone != "UTC":
            # Google writes every time in UTC beside X-WR-TIMEZONE: show them on that clock
            local = moment.replace(tzinfo=UTC).astimezone(_zone(info.default_zone))
            return local.replace(tzinfo=None), info.default_zone
        return moment, "UTC"
    tzid = line.params.get("TZID")
    if tzid:
        zone = iana_zone(tzid)
        if zone:
            _zone(zone)  # keeps it alive for the model's own ZoneInfo() calls
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
def _zone(name: str) -> ZoneInfo:
    """The zone, held for the whole run: zoneinfo keeps only a few zones alive by itself, and
    reading a zone file again for every event of a dozen zones costs seconds at 100,000 events."""
    return ZoneInfo(name)


def _instant(value: date, tz: str | None) -> datetime:
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value.replace(tzinfo=UTC if tz is None else _zone(tz)).astimezone(UTC)


def _add(start: datetime, tz: str | None, delta: timedelta) -> datetime:
    """Start + a DURATION: whole days on the wall clock, the rest in exact time (RFC 5545)."""
    wall = start + timedelta(days=delta.days)
    if delta.seconds:
        if tz:
            zone = _zone(tz)
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
        value, tz = _when(line, info)
    except EventProblem:
        return None
    if not isinstance(value, datetime):
        return None
    return _instant(value, tz).isoformat().replace("+00:00", "Z")


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
    start, tz = _when(ds, info)
    de, du = first.get("DTEND"), first.get("DURATION")
    end: date | None
    end_tz = tz
    if isinstance(start, datetime):
        if de is not None:
            end, end_tz = _when(de, info)
            if not isinstance(end, datetime):
                raise EventProblem(f"line {de.lineno}: DTEND is a date but DTSTART a date-time")
            if (tz is None) != (end_tz is None):
                raise EventProblem(
                    f"line {de.lineno}: DTEND and DTSTART must both be floating or both zoned"
                )
            if _instant(end, end_tz) < _instant(start, tz):
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
            raw_end, _ = _when(de, info)
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
    summary = unescape(first["SUMMARY"].value) if "SUMMARY" in first else ""
    data: dict[str, Any]
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
    data["ical_properties"] = kept
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


# -- recurring series --------------------------------------------------------------------------


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
    return _instant(value, tz).astimezone(_zone(target)).replace(tzinfo=None)


def _values(line: Line, info: CalendarInfo) -> list[tuple[date, str | None]]:
    out = []
    for part in line.value.split(","):
        part = part.split("/")[0].strip()  # a PERIOD: its start
        if part:
            out.append(_when(Line(line.lineno, line.name, line.params, part, line.text), info))
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
            value, tz = _when(r.recurrence_id, info)
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


_RULE_RANGES = {
    "BYSECOND": (0, 60, False),
    "BYMINUTE": (0, 59, False),
    "BYHOUR": (0, 23, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
}
_BYDAY = re.compile(r"^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


def _rule_problem(rule: str) -> str | None:
    """What is wrong with the parts of an RRULE that dateutil would loop on or crash over."""
    parts = rule.strip().upper().split(";")
    if "BYWEEKNO=" in rule.upper() and "FREQ=YEARLY" not in parts:
        return "BYWEEKNO is for FREQ=YEARLY only (RFC 5545)"
    for part in parts:
        name, _, value = part.partition("=")
        if name == "INTERVAL":
            if not value.isdigit() or not 1 <= int(value[:6]) <= 99999 or len(value) > 6:
                return f"INTERVAL={value[:12]} is not a whole number from 1 to 99999"
        elif name in _RULE_RANGES:
            low, high, signed = _RULE_RANGES[name]
            for item in value.split(","):
                digits = item[1:] if signed and item[:1] in "+-" else item
                if not digits.isdigit() or len(digits) > 3 or not low <= int(digits) <= high:
                    span = f"{low} to {high}" + (f", or -{high} to -1" if signed else "")
                    return f"{name}={item[:12]} is not a whole number from {span}"
        elif name == "BYDAY":
            for item in value.split(","):
                m = _BYDAY.match(item)
                if not m or (m[2] is not None and not 1 <= int(m[2]) <= 53):
                    return f"BYDAY={item[:12]} is not a day (MO to SU, with an optional -53 to 53)"
    return None


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _no_day(rule: str) -> bool:
    """True when BYMONTH, BYMONTHDAY and BYYEARDAY leave no day in any year (30 February,
    31 April, the 60th day in March...), or every BYSETPOS is past what a period can hold:
    instant where dateutil would search every period up to the year 9999 for one."""
    parts = dict(p.partition("=")[::2] for p in rule.strip().upper().split(";"))
    if "BYSETPOS" in parts and _past_every_period(parts):
        return True
    if "BYWEEKNO" in parts and "BYMONTH" in parts:
        # the months a week can touch, widened by days to spare (week 1 may begin 29 December)
        touched: set[int] = set()
        for week in (int(w) for w in parts["BYWEEKNO"].split(",")):
            for n in (week,) if week > 0 else (53 + 1 + week, 52 + 1 + week):
                for year_day in range(7 * (n - 1) - 4, 7 * n + 5):
                    touched.add(_month_of(year_day))
        if not touched & {int(m) for m in parts["BYMONTH"].split(",")}:
            return True
    if "BYMONTHDAY" not in parts and "BYYEARDAY" not in parts:
        return False

    def numbers(name: str) -> set[int] | None:
        return {int(v) for v in parts[name].split(",")} if name in parts else None

    months = numbers("BYMONTH") or set(range(1, 13))
    month_days, year_days = numbers("BYMONTHDAY"), numbers("BYYEARDAY")
    for leap in (0, 1):
        lengths = [n + (leap if m == 1 else 0) for m, n in enumerate(_MONTH_DAYS)]
        for month in months:
            before, length = sum(lengths[: month - 1]), lengths[month - 1]
            for day in range(1, length + 1):
                if month_days is not None and not {day, day - length - 1} & month_days:
                    continue
                year_day = before + day
                if year_days is None or {year_day, year_day - 366 - leap} & year_days:
                    return False
    return True


def _month_of(year_day: int) -> int:
    """The month of a day of a common year counted from 1 (0 and below: December before; past
    365: January after)."""
    if year_day < 1:
        return 12
    for month, length in enumerate(_MONTH_DAYS, 1):
        if year_day <= length:
            return month
        year_day -= length
    return 1


def _past_every_period(parts: dict[str, str]) -> bool:
    """True when each BYSETPOS asks for a position beyond the most candidates one period (a
    year, month, week...) can have: an upper bound, so True only when certain."""

    def count(name: str) -> int:
        return len(parts[name].split(",")) if name in parts else 0

    freq = parts.get("FREQ", "")
    days = {"YEARLY": 366, "MONTHLY": 31, "WEEKLY": 7}.get(freq, 1)
    months = count("BYMONTH") or (12 if freq == "YEARLY" else 1)
    bounds = [days]
    if freq in ("YEARLY", "MONTHLY"):
        if count("BYMONTHDAY"):
            bounds.append(count("BYMONTHDAY") * months)
        if count("BYDAY"):
            ordinal = all(any(c.isdigit() for c in d) for d in parts["BYDAY"].split(","))
            per = 1 if ordinal else (53 if freq == "YEARLY" and not count("BYMONTH") else 5)
            bounds.append(count("BYDAY") * per * (months if count("BYMONTH") else 1))
        if count("BYMONTH") and freq == "YEARLY":
            bounds.append(31 * months)
    if freq == "YEARLY" and count("BYYEARDAY"):
        bounds.append(count("BYYEARDAY"))
    if freq == "YEARLY" and count("BYWEEKNO"):
        bounds.append(7 * count("BYWEEKNO"))
    if freq == "WEEKLY" and count("BYDAY"):
        bounds.append(count("BYDAY"))
    finer = {"YEARLY": 3, "MONTHLY": 3, "WEEKLY": 3, "DAILY": 3, "HOURLY": 2, "MINUTELY": 1}
    times = 1
    for name in ("BYSECOND", "BYMINUTE", "BYHOUR")[: finer.get(freq, 0)]:
        times *= count(name) or 1
    most = min(bounds) * times
    return all(abs(int(p)) > most for p in parts["BYSETPOS"].split(","))


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
            return "UNTIL=" + moment.astimezone(_zone(tz)).strftime("%Y%m%dT%H%M%S")
        return f"UNTIL={day}{clock}"

    return re.sub(r"UNTIL=(\d{8})(T\d{6})?(Z?)", fix, rule, flags=re.IGNORECASE)
