"""Writing iCalendar: one event (its JSON dump, as the store keeps it) to VEVENT text, fast.

`VeventFormatter`, the hot path, formats each VEVENT itself (lines that repeat remembered, a
short escaping path for texts without control characters, folding by one regular expression
from `agenda.ics.escape`) and escapes and folds exactly as the `icalendar` library does (one
deliberate difference, documented in `agenda.ics.escape`). `agenda.ics.stream` puts the VEVENTs
together into a VCALENDAR with one VTIMEZONE per zone (from `agenda.ics.vtimezone`: yearly
rules, the form calendar programs read best), streamed to a file or formatted by several
processes. The mapping of docs/ics.md is stated as data by the test-only reference writers
(tests/ics/reference_writer.py), and tests prove they give the same bytes.

The writer works on the JSON form of an Event (what the store keeps) so that exporting a large store
does not rebuild 100,000 pydantic models. DTEND exclusivity comes from `agenda.ics.common`.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import Any

from agenda import __version__
from agenda.core import kinds
from agenda.core.precision import is_approximate
from agenda.ics.alarms import valarms
from agenda.ics.common import STATUS_TO_ICS, exclusive_end, until_as_start
from agenda.ics.escape import escape_text, fold, fold_str
from agenda.ics.wallclock import odd_wall_utc

PRODID = f"-//agenda//agenda {__version__}//EN"


# Fields that travel in standard properties; everything else of the model goes in X-AGENDA-JSON.
STANDARD_FIELDS = frozenset(
    {
        "id",
        "title",
        "start",
        "end",
        "tz",
        "sequence",
        "created",
        "last_modified",
        "parent_id",
        "ical_properties",
    }
)

# Property names agenda writes itself: a kept foreign property of the same name is not repeated.
WRITTEN = frozenset(
    {
        "BEGIN",
        "END",
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
        "RELATED-TO",
        "STATUS",
        "URL",
        "RRULE",
        "RDATE",
        "EXDATE",
        "RECURRENCE-ID",
        "X-AGENDA-JSON",
        "X-AGENDA-PRECISION",
    }
)


def _stamp(text: str) -> str:
    """ISO date or datetime text -> iCalendar form (no zone letter)."""
    if len(text) == 10:
        return text[0:4] + text[5:7] + text[8:10]
    return text[0:4] + text[5:7] + text[8:10] + "T" + text[11:13] + text[14:16] + text[17:19]


def _exact_utc(text: str) -> bool:
    """True when an ISO datetime text is a whole-second UTC instant (iCalendar's form loses nothing)."""
    return len(text) in (20, 25) and text[19:] in ("Z", "+00:00")


def _utc(text: str) -> str:
    """An ISO datetime as 20210915T100000Z; naive means UTC, fractions of a second are dropped."""
    if not _exact_utc(text):
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return _stamp(text) + "Z"


_PARAM_SAFE = re.compile(r'^[^";:,\x00-\x1f\x7f]*$')


def _param(value: str) -> str:
    return value if _PARAM_SAFE.match(value) else '"' + value.replace('"', "") + '"'


def _fmt_day(text: str) -> str:
    d = date.fromisoformat(text)
    return f"{d.day} {d:%b %Y}"


def description_text(d: dict[str, Any]) -> str:
    """The readable DESCRIPTION: what the event is, with everything a person wants to see.

    (Written for speed: it runs once per exported event. Every text of the JSON form is a str.)
    """
    parts: list[str] = []
    add = parts.append
    get = d.get
    precision = get("precision", "exact")
    if precision == "within_parent":
        start = d["start"]
        end = get("end") or start
        add(
            "Day not given: the source places this event during its parent event "
            f"(RELATED-TO), {_fmt_day(start[:10])} to {_fmt_day(end[:10])}; "
            "the dates shown are those bounds, not the day."
        )
    elif precision == "month":
        add(
            f"Month only: the source gives {date.fromisoformat(d['start']):%B %Y}, not the day; "
            "the dates shown are the month's bounds."
        )
    x = get("description")
    if x:
        add(x)
    x = get("agenda")
    if x:
        add("Agenda:\n- " + "\n- ".join(x))
    x = get("participants")
    if x:
        lines = ["Participants:"]
        for p in x:
            role = p.get("role")
            country = p.get("country")
            if role and country:
                lines.append(f"- {p['name']} ({role}, {country})")
            elif role or country:
                lines.append(f"- {p['name']} ({role or country})")
            else:
                lines.append("- " + p["name"])
        add("\n".join(lines))
    x = get("chair")
    y = get("next_chair")
    if x or y:
        add(
            f"Chair: {x}\nNext chair: {y}"
            if x and y
            else f"Chair: {x}"
            if x
            else f"Next chair: {y}"
        )
    x = get("outcomes")
    if x:
        lines = ["Expected outcomes:"]
        for o in x:
            count = o.get("count")
            if count is None:
                lines.append("- " + o["description"])
            elif o.get("count_is_minimum"):
                lines.append(f"- more than {count} {o['description']}")
            else:
                lines.append(f"- {count} {o['description']}")
        add("\n".join(lines))
    x = get("sources")
    if x:
        lines = ["Sources:"]
        for s in x:
            sget = s.get
            head = ", ".join(
                filter(None, (sget("publisher"), sget("title"), sget("published"), sget("url")))
            )
            lines.append("- " + (head or "source"))
            quote = sget("quote")
            if quote:
                speaker = sget("speaker")
                lines.append(f'  "{quote}" ({speaker})' if speaker else f'  "{quote}"')
        add("\n".join(lines))
    x = get("notes")
    if x:
        add("Notes:\n" + x)
    status = get("status", "announced")
    add(f"Status: {status}" if precision == "exact" else f"Status: {status}; date: {precision}")
    return "\n\n".join(parts)


def agenda_json(d: dict[str, Any], text: str | None = None) -> str:
    """The whole event as agenda stores it (its JSON), for X-AGENDA-JSON.

    `text` is that JSON when the caller has it (the store's copy): it is used as it is.
    """
    if text is None:
        text = json.dumps(d, ensure_ascii=False, separators=(",", ":"))
    if "\x7f" in text:  # the one control character JSON leaves as it is
        text = text.replace("\x7f", "\\u007f")
    return text


_DIRTY = re.compile(r"\\[ubfr]|\x7f")
"""In an event's JSON text, the sign that some text of the event may hold a carriage return or a
control character (JSON writes them \\r, \\b, \\f, \\u00XX; DEL as it is): then its texts go
through the whole of `escape_text`. A false alarm (a backslash before r in a text) costs only time."""


def _escape_clean(text: str) -> str:
    """`escape_text` for a text without carriage returns and control characters (but tab)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


_STATUS_LINES = {status: "STATUS:" + value for status, value in STATUS_TO_ICS.items()}
_URI_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_CACHE_SIZE = 4096


class VeventFormatter:
    """One VEVENT as text (folded, CRLF line ends); the fast twin of the reference writers of
    tests/ics/reference_writer.py.

    Works from the event's JSON form and JSON text (the store's), never from a model. What
    repeats from event to event is formatted once and remembered: the CATEGORIES of a kind and
    its organizations, the LOCATION of a place, the exclusive DTEND of a day, the TZID heads.
    Texts of an event whose JSON shows no control character take the short escaping path.
    Tests prove the output equals `icalendar`'s for any event.
    """

    def __init__(self, dtstamp_z: str) -> None:
        self.dtstamp_line = "DTSTAMP:" + dtstamp_z
        self.categories: dict[tuple[str, ...], str] = {}
        self.locations: dict[tuple[Any, ...], tuple[str, str]] = {}
        self.day_ends: dict[str, str] = {}
        self.heads: dict[tuple[str, str | None], str] = {}
        self.stamps: dict[str, str] = {}

    def event(
        self, d: dict[str, Any], text: str | None = None, series_tz: str | None = None
    ) -> str:
        """One VEVENT, BEGIN to END and its line end, from the JSON form and (if known) text.

        Lines in the order of `event_props` (tests/ics/reference_writer.py); each optional line
        carries its own line end. A series (`repeat`) gets RRULE/RDATE/EXDATE after its times;
        an override of one occurrence (`recurrence_of`) the series' UID and a RECURRENCE-ID on
        the series' clock, `series_tz` (the override's own zone when None).
        """
        if text is None:
            text = json.dumps(d, ensure_ascii=False, separators=(",", ":"))
        get = d.get
        if ("\\" in text or "\x7f" in text) and _DIRTY.search(text):
            escape = escape_text
        else:
            escape = _escape_clean
        line = "SUMMARY:" + escape(d["title"])
        summary = line if len(line) < 75 and line.isascii() else fold_str(line)
        start = d["start"]
        end = get("end")
        tz = get("tz")
        if len(start) == 10:
            last = end or start
            when = self.day_ends.get(last)
            if when is None:
                day = exclusive_end(date.fromisoformat(last)).isoformat()
                when = "DTEND;VALUE=DATE:" + day.replace("-", "")
                self._remember(self.day_ends, last, when)
            when = "DTSTART;VALUE=DATE:" + start.replace("-", "") + "\r\n" + when
        else:
            # a series keeps its wall clock (its rule repeats on it): only single events and
            # overrides of one occurrence get a skipped or repeated wall time in UTC
            single = not get("repeat")
            when = self._timed("DTSTART", start, tz, single)
            if end is not None:
                when += "\r\n" + self._timed("DTEND", end, get("end_tz") or tz, single)
        repeat = get("repeat")
        if repeat:
            when += "\r\n" + self._series(repeat, None if len(start) == 10 else tz or "")
        series = get("recurrence_of")
        line = "UID:" + escape(series or d["id"])
        uid = line if len(line) < 75 and line.isascii() else fold_str(line)
        if series:
            uid += "\r\n" + self._recurrence_id(get("recurrence_start") or start, series_tz or tz)
        line = f"SEQUENCE:{get('sequence', 0)}"
        sequence = line if len(line) < 75 else fold_str(line)
        orgs = get("organizations")
        key = (get("kind", "other"), *orgs) if orgs else (get("kind", "other"),)
        categories = self.categories.get(key)
        if categories is None:
            cats = [kinds.label(key[0]), *key[1:]]
            categories = fold_str("CATEGORIES:" + ",".join([escape_text(c) for c in cats]))
            self._remember(self.categories, key, categories)
        stamp = get("created")
        created = "CREATED:" + self._utc(stamp) + "\r\n" if stamp else ""
        description = fold_str("DESCRIPTION:" + escape(description_text(d)))
        loc = get("location")
        geo = place = ""
        if loc:
            lat = loc.get("lat")
            lon = loc.get("lon")
            key = (loc.get("venue"), loc.get("city"), loc.get("country"), lat, lon)
            lines = self.locations.get(key)
            if lines is None:
                geo = f"GEO:{lat};{lon}\r\n" if lat is not None and lon is not None else ""
                label = ", ".join([x for x in key[:3] if x])
                place = fold_str("LOCATION:" + escape_text(label)) + "\r\n" if label else ""
                # 38 == 38.0 and -0.0 == 0.0 as keys, but not as text: only other floats kept
                if (lat is None or (lat.__class__ is float and lat)) and (
                    lon is None or (lon.__class__ is float and lon)
                ):
                    self._remember(self.locations, key, (geo, place))
            else:
                geo, place = lines
        stamp = get("last_modified")
        modified = "LAST-MODIFIED:" + self._utc(stamp) + "\r\n" if stamp else ""
        parent = get("parent_id")
        related = fold_str("RELATED-TO;RELTYPE=PARENT:" + escape(parent)) + "\r\n" if parent else ""
        precision = get("precision", "exact")
        kept = get("ical_properties")
        transp = (
            "TRANSP:TRANSPARENT\r\n"
            if is_approximate(precision)
            and not (
                kept and any(k.split(":", 1)[0].split(";", 1)[0].upper() == "TRANSP" for k in kept)
            )
            else ""
        )
        url = ""
        sources = get("sources")
        if sources:
            for source in sources:
                link = source.get("url")
                if link:
                    if not link.isprintable():
                        link = _URI_CONTROLS.sub("", link)
                    url = fold_str("URL:" + link) + "\r\n"
                    break
        # JSON holds no raw control character but DEL (agenda_json rewrites it): three replaces
        if "\x7f" in text:
            text = agenda_json(d, text)
        agenda = fold_str(
            "X-AGENDA-JSON:" + text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        )
        if precision == "exact":
            tail = ""
        else:
            tail = fold_str("X-AGENDA-PRECISION:" + escape_text(precision)) + "\r\n"
        if kept:
            tail += "".join([fold_str(k) + "\r\n" for k in _kept(d)])
        reminders = get("reminders")
        if reminders:
            tail += valarms(reminders, escape(d["title"]))
        return (
            f"BEGIN:VEVENT\r\n{summary}\r\n{when}\r\n{self.dtstamp_line}\r\n{uid}\r\n"
            f"{sequence}\r\n{categories}\r\n{created}{description}\r\n{geo}{modified}"
            f"{place}{related}{_STATUS_LINES[get('status', 'announced')]}\r\n{transp}{url}"
            f"{agenda}\r\n{tail}END:VEVENT\r\n"
        )

    def _series(self, repeat: dict[str, Any], clock: str | None) -> str:
        """RRULE, RDATE and EXDATE of a series (its dates on its own clock, as DTSTART).
        `clock`: None for an all-day series, "" for a floating one, else its zone."""
        lines = []
        rule = repeat.get("rule")
        if rule:
            lines.append(fold_str("RRULE:" + until_as_start(rule, clock)))
        tz = clock or None
        for name, key in (("RDATE", "rdates"), ("EXDATE", "exdates")):
            values = repeat.get(key)
            if values:
                lines.append(fold_str(self._times(name, values, tz)))
        return "\r\n".join(lines)

    def _recurrence_id(self, value: str, tz: str | None) -> str:
        """RECURRENCE-ID: the original start, on the series' clock (VALUE=DATE when all-day)."""
        return fold_str(self._times("RECURRENCE-ID", [value], tz))

    @staticmethod
    def _times(name: str, values: list[str], tz: str | None) -> str:
        if len(values[0]) == 10:
            return f"{name};VALUE=DATE:" + ",".join(_stamp(v) for v in values)
        if tz == "UTC":
            return f"{name}:" + ",".join(_utc(v) for v in values)
        head = f"{name};TZID={_param(tz)}:" if tz else f"{name}:"
        return head + ",".join(_stamp(v) for v in values)

    def _utc(self, text: str) -> str:
        stamp = self.stamps.get(text)
        if stamp is None:
            stamp = _utc(text)
            self._remember(self.stamps, text, stamp)
        return stamp

    def _timed(self, name: str, value: str, tz: str | None, single: bool = True) -> str:
        if tz == "UTC":
            return f"{name}:{_utc(value)}"
        if tz and single:
            moment = odd_wall_utc(value, tz)
            if moment is not None:
                return f"{name}:{moment}"
        head = self.heads.get((name, tz))
        if head is None:
            head = f"{name};TZID={_param(tz)}:" if tz else f"{name}:"
            self._remember(self.heads, (name, tz), head)
        return fold_str(head + _stamp(value))

    @staticmethod
    def _remember(cache: dict[Any, Any], key: Any, line: Any) -> None:
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[key] = line


def _kept_lines(d: dict[str, Any]) -> list[bytes]:
    return [fold(line) for line in _kept(d)]


def _kept(d: dict[str, Any]) -> list[str]:
    """The kept foreign lines to write back: not those agenda writes itself; only whole
    sub-components (BEGIN:VALARM ... END:VALARM), so a damaged list cannot break the file."""
    out: list[str] = []
    block: list[str] = []
    depth = 0
    for line in d.get("ical_properties", ()):
        name = line.split(":", 1)[0].split(";", 1)[0].upper()
        if name == "BEGIN":
            depth += 1
            block.append(line)
        elif name == "END" and depth:
            depth -= 1
            block.append(line)
            if depth == 0:
                out += block
                block = []
        elif depth:
            block.append(line)
        elif name not in WRITTEN and name != "END":
            out.append(line)
    return out
