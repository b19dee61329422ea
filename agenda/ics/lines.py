"""Reading iCalendar, first stage: bytes to content lines to component blocks.

Memory stays flat on large files: lines are unfolded as they are read (`logical_lines`), split by
a small, strict parser (`parse_line`) and grouped into the VEVENT blocks of the file (`blocks`),
which are handed on one at a time; the calendar's own lines (X-WR-TIMEZONE, X-WR-CALNAME, its
VTIMEZONEs, the VTODO & co. skipped) go into `CalendarInfo`. A custom VTIMEZONE is parsed by the
`icalendar` library. A malformed file is an `IcsError` naming the file and line.

What real apps write is handled: a BOM, LF-only line ends, folded lines (even inside a UTF-8
character), tab continuations, lowercase names, blank lines. The mapping is in docs/ics.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import IO

from agenda.core.limits import MAX_FILE, MAX_LINE
from agenda.ics.common import IcsError
from agenda.ics.escape import fold, unescape
from agenda.ics.winzones import iana_zone

SKIPPED_COMPONENTS = ("VTODO", "VJOURNAL", "VFREEBUSY")
_NAME = re.compile(r"^[A-Za-z0-9-]+$")


class Line:
    """One unfolded content line: where it starts, its name, parameters and raw value."""

    __slots__ = ("lineno", "name", "over", "params", "text", "value")

    def __init__(
        self,
        lineno: int,
        name: str,
        params: dict[str, str],
        value: str,
        text: str,
        over: int = 0,
    ) -> None:
        self.lineno = lineno
        self.name = name
        self.params = params
        self.value = value
        self.text = text
        self.over = over
        """The line's length in bytes when it is past MAX_LINE (its value is then not kept)."""

    def too_long(self) -> str:
        """What is wrong with a line past MAX_LINE, for people."""
        return (
            f"{self.name} is {self.over:,} bytes long; at most {MAX_LINE:,} "
            f"({MAX_LINE // 2**20} MB) in one content line"
        )


_LEADING_NAME = re.compile(r"^[A-Za-z0-9-]+")


def _long_line(text: str, lineno: int, size: int) -> Line:
    """A line past MAX_LINE: its name (from its first bytes) and its size, nothing else."""
    match = _LEADING_NAME.match(text)
    return Line(lineno, match.group().upper() if match else "(unnamed)", {}, "", "", size)


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


def logical_lines(
    fh: IO[bytes], name: str, counter: list[int]
) -> Iterator[tuple[int, str, bytes, int]]:
    """(first line number, unfolded text, raw bytes, length in bytes) of each content line;
    counter[0] = bytes read. A line past MAX_LINE comes with only its first bytes as text, and
    reading stops with an IcsError once more than MAX_FILE bytes have been read."""
    current: list[bytes] = []
    raw_parts: list[bytes] = []
    start = 0
    size = 0
    lineno = 0
    for raw in fh:
        lineno += 1
        counter[0] += len(raw)
        if counter[0] > MAX_FILE:
            raise IcsError(
                f"{name}: line {lineno}: more than {MAX_FILE:,} bytes; an .ics file may be at "
                f"most {MAX_FILE:,}; nothing was imported"
            )
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if b"\x00" in raw:
            raise IcsError(
                f"{name}: line {lineno}: binary data (a NUL byte); not an iCalendar file"
            )
        line = raw.rstrip(b"\r\n")
        if line[:1] in (b" ", b"\t") and current:
            size += len(line) - 1
            if size <= MAX_LINE:  # past it only the length is kept: memory stays flat
                current.append(line[1:])
            raw_parts.append(raw)
            continue
        if current:
            yield start, _text(current, start, name, size), b"".join(raw_parts), size
        if line.strip():
            current, raw_parts, start, size = [line], [raw], lineno, len(line)
        else:
            current, raw_parts, size = [], [], 0
    if current:
        yield start, _text(current, start, name, size), b"".join(raw_parts), size


def _text(parts: list[bytes], lineno: int, name: str, size: int) -> str:
    if size > MAX_LINE:  # only its name will be read
        return parts[0][:200].decode("utf-8", "replace")
    return _decode(b"".join(parts), lineno, name)


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
    for lineno, text, raw, size in logical_lines(fh, name, counter):
        if not seen_calendar and text.strip().upper() != "BEGIN:VCALENDAR":
            raise IcsError(
                f"{name}: line {lineno}: not an iCalendar file (expected BEGIN:VCALENDAR, "
                f"found {text[:40]!r})"
            )
        if size > MAX_LINE:
            line = _long_line(text, lineno, size)
            if not skip_depth and (
                line.name in ("BEGIN", "END") or not stack or stack[0].kind != "VEVENT"
            ):  # an event's line refuses the event (read_vevent); any other, the file
                raise IcsError(f"{name}: line {lineno}: {line.too_long()}; nothing was imported")
        else:
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
