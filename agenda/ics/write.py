"""Writing iCalendar: the model (as its JSON dump) to VCALENDAR bytes, streamed, fast.

`IcsWriter` with `VeventFormatter`, the hot path, formats each VEVENT itself (lines that repeat
remembered, a short escaping path for texts without control characters, folding by one regular
expression from `agenda.ics.escape`), escapes and folds exactly as the `icalendar` library does
(one deliberate difference, documented in `agenda.ics.escape`), takes each VTIMEZONE once from
`agenda.ics.vtimezone` (yearly rules, the form calendar programs read best), and streams to a
file; `write_parallel` formats in several processes. The mapping of docs/ics.md is stated as data
by the test-only reference writers (tests/ics/reference_writer.py), and tests prove they give the
same bytes.

The writer works on the JSON form of an Event (what the store keeps) so that exporting a large store
does not rebuild 100,000 pydantic models. DTEND exclusivity comes from `agenda.ics.common`.
"""

from __future__ import annotations

import gc
import json
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import IO, Any

from agenda import __version__
from agenda.core import kinds
from agenda.core.precision import is_approximate
from agenda.ics.alarms import valarms
from agenda.ics.common import STATUS_TO_ICS, exclusive_end
from agenda.ics.escape import escape_text, fold, fold_str

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
        elif end is None:
            when = self._timed("DTSTART", start, tz)
        else:
            when = (
                self._timed("DTSTART", start, tz)
                + "\r\n"
                + self._timed("DTEND", end, get("end_tz") or tz)
            )
        repeat = get("repeat")
        if repeat:
            when += "\r\n" + self._series(repeat, tz)
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

    def _series(self, repeat: dict[str, Any], tz: str | None) -> str:
        """RRULE, RDATE and EXDATE of a series (its dates on its own clock, as DTSTART)."""
        lines = []
        rule = repeat.get("rule")
        if rule:
            lines.append(fold_str("RRULE:" + rule))
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

    def _timed(self, name: str, value: str, tz: str | None) -> str:
        if tz == "UTC":
            return f"{name}:{_utc(value)}"
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


def _zone_years(d: dict[str, Any]) -> list[tuple[str, int]]:
    out = []
    if d.get("tz") and d["tz"] != "UTC":
        out.append((d["tz"], int(d["start"][:4])))
        if d.get("end") and not d.get("end_tz"):
            out.append((d["tz"], int(d["end"][:4])))
        repeat = d.get("repeat")
        if repeat:  # the dates a series names; an endless rule is covered by the zone's last rule
            until = re.search(r"UNTIL=(\d{4})", repeat.get("rule") or "")
            extra = [*repeat.get("rdates", ()), *repeat.get("exdates", ())]
            years = [int(v[:4]) for v in extra] + ([int(until[1])] if until else [])
            out += [(d["tz"], min(max(y, 1900), 2200)) for y in years]
        if d.get("recurrence_start"):
            out.append((d["tz"], int(d["recurrence_start"][:4])))
    if d.get("end_tz") and d["end_tz"] != "UTC" and d.get("end"):
        out.append((d["end_tz"], int(d["end"][:4])))
    return out


def vtimezone(tz: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of an IANA zone over the given years: `agenda.ics.vtimezone` (yearly rules)."""
    from agenda.ics.vtimezone import vtimezone as build

    return build(tz, first_year, last_year)


def header(calname: str) -> bytes:
    """BEGIN:VCALENDAR and its properties, in icalendar's order."""
    return b"".join(
        (
            b"BEGIN:VCALENDAR\r\n",
            fold("VERSION:2.0"),
            fold(f"PRODID:{escape_text(PRODID)}"),
            fold("CALSCALE:GREGORIAN"),
            fold(f"X-WR-CALNAME:{escape_text(calname)}"),
        )
    )


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


_BATCH = 256
"""Events encoded and written at once: fewer, larger writes; some 0.5 MB of text held."""


class IcsWriter:
    """Streams a VCALENDAR: events go to a spool while their zones are collected, then the header,
    one VTIMEZONE per zone used and the events are copied to `out`."""

    def __init__(self, out: IO[bytes], calname: str, now: datetime) -> None:
        self.out = out
        self.calname = calname
        self.dtstamp_z = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115
        self.zones: dict[str, tuple[int, int]] = {}
        self.count = 0
        self.formatter = VeventFormatter(self.dtstamp_z)
        self.pending: list[str] = []
        self.series_tz: dict[str, str | None] = {}
        """The zone of each series written, for the RECURRENCE-ID of its overrides."""
        self.overrides: list[tuple[dict[str, Any], str | None]] = []
        """Overrides of one occurrence, written after every other event: their series' zone is
        known by then, whatever the order of the events (and the same with --jobs)."""

    def add(self, d: dict[str, Any], text: str | None = None) -> None:
        """Write one event: its JSON form, and that JSON as text when known (the store's)."""
        if d.get("tz") or d.get("end_tz"):
            self.add_zones(_zone_years(d))
        if d.get("repeat"):
            self.series_tz[d["id"]] = d.get("tz")
        if d.get("recurrence_of"):
            self.overrides.append((d, text))
            return
        self._append(self.formatter.event(d, text))

    def add_zones(self, years: Iterable[tuple[str, int]]) -> None:
        """Widen the years each zone's VTIMEZONE covers."""
        for tz, year in years:
            span = self.zones.get(tz)
            if span is None:
                self.zones[tz] = (year, year)
            elif not span[0] <= year <= span[1]:
                self.zones[tz] = (min(span[0], year), max(span[1], year))

    def _append(self, vevent: str) -> None:
        self.pending.append(vevent)
        self.count += 1
        if len(self.pending) == _BATCH:
            self.flush()

    def flush(self) -> None:
        """Encode the events formatted so far in one piece and spool them."""
        self.spool.write("".join(self.pending).encode())
        self.pending.clear()

    def close(self) -> int:
        """Write everything to `out`; returns the number of events."""
        for d, text in self.overrides:
            series = d["recurrence_of"]
            if series in self.series_tz:
                self._append(self.formatter.event(d, text, series_tz=self.series_tz[series]))
            else:  # written without its series (a view of occurrences): an event of its own
                alone = {
                    k: v for k, v in d.items() if k not in ("recurrence_of", "recurrence_start")
                }
                self._append(self.formatter.event(alone))
        self.overrides.clear()
        self.flush()
        self.out.write(header(self.calname))
        for tz in sorted(self.zones):
            self.out.write(vtimezone(tz, *self.zones[tz]))
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.out, 1 << 20)
        self.spool.close()
        self.out.write(b"END:VCALENDAR\r\n")
        return self.count


def write_all(
    out: IO[bytes],
    items: Iterable[tuple[dict[str, Any], str | None]],
    calname: str,
    now: datetime,
) -> int:
    """Write a calendar to `out` from (JSON form, JSON text or None) pairs; returns how many."""
    writer = IcsWriter(out, calname, now)
    # the loop makes many short-lived dicts and no cycles: the cycle collector only costs time
    collecting = gc.isenabled()
    gc.disable()
    try:
        for d, text in items:
            writer.add(d, text)
    finally:
        if collecting:
            gc.enable()
    return writer.close()


_Chunk = tuple[
    bytes, dict[str, tuple[int, int]], int, dict[str, str | None], list[tuple[dict[str, Any], str]]
]


def _format_chunk(job: tuple[list[str], str]) -> _Chunk:
    """In a worker: the VEVENTs of a chunk of stored JSON texts, the zones they use, the zone
    of each series, and the overrides (left for the parent to write last, as `IcsWriter`)."""
    texts, dtstamp_z = job
    gc.disable()
    zones: dict[str, tuple[int, int]] = {}
    series: dict[str, str | None] = {}
    overrides: list[tuple[dict[str, Any], str]] = []
    out = []
    formatter = VeventFormatter(dtstamp_z)
    for text in texts:
        d = json.loads(text)
        if d.get("recurrence_of"):
            overrides.append((d, text))
            continue
        if d.get("repeat"):
            series[d["id"]] = d.get("tz")
        if d.get("tz") or d.get("end_tz"):
            for tz, year in _zone_years(d):
                lo, hi = zones.get(tz, (year, year))
                zones[tz] = (min(lo, year), max(hi, year))
        out.append(formatter.event(d, text))
    return "".join(out).encode(), zones, len(texts) - len(overrides), series, overrides


def write_parallel(
    out: IO[bytes], texts: Iterable[str], calname: str, now: datetime, workers: int
) -> int:
    """`write_all` for the store's JSON texts, formatted by `workers` processes in chunks.

    The bytes are the same as `write_all`'s (chunks are written in order; tested); worth it
    for large exports only: each worker costs a process start and some 20 MB.
    """
    import multiprocessing

    writer = IcsWriter(out, calname, now)

    def chunks() -> Iterator[tuple[list[str], str]]:
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) == _PARALLEL_CHUNK:
                yield batch, writer.dtstamp_z
                batch = []
        if batch:
            yield batch, writer.dtstamp_z

    # fork: the workers need nothing but this module, already imported (the CLI is one thread)
    # workers ignore Ctrl-C: the parent alone stops (and terminates them), with one message
    with multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_sigint) as pool:
        for blob, zones, count, series, overrides in pool.imap(_format_chunk, chunks()):
            writer.spool.write(blob)
            writer.count += count
            for tz, (lo, hi) in zones.items():
                old = writer.zones.get(tz, (lo, hi))
                writer.zones[tz] = (min(old[0], lo), max(old[1], hi))
            writer.series_tz.update(series)
            for d, text in overrides:
                writer.add(d, text)
    return writer.close()


_PARALLEL_CHUNK = 2000


def _ignore_sigint() -> None:
    """In a worker: Ctrl-C is the parent's to handle (no traceback from each worker)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
