"""Text shared by the CLI and the UI: date ranges, headings, labels, and escaping of untrusted text.

Untrusted text (titles, quotes, notes: anything from a file, an article or a person) goes through
`clean` before it is printed and `safe_markup` before Rich or Textual sees it (house rule 9).
Cheap to import: Rich is loaded only by `safe_markup`.
"""

from __future__ import annotations

from datetime import date, datetime

from agenda.core import kinds
from agenda.core.precision import is_approximate
from agenda.core.zones import zone

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from typing import Any

    from agenda.core.models import Event
    from agenda.core.store import EventRow

# C0 and C1 controls (U+009B is an 8-bit CSI: a terminal reads it as ESC [) and the bidi controls
# (U+202E, the right-to-left override, makes "gpj.exe" read "exe.jpg")
_BIDI = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]"
_JSON_UNSAFE = rf"[\x7f-\x9f{_BIDI}\u2028\u2029]"
_ANSI = r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])"
# patterns, compiled (and cached) by `re` on first use: printable text, the usual case, never
# needs them, and importing re costs `agenda list` ~1.5 ms

PRECISION_NOTES = {
    "within_parent": "day not given",
    "month": "month only",
}


def clean(text: str, *, one_line: bool = False) -> str:
    """Text with terminal escape sequences and control characters removed.

    With `one_line`, line breaks become spaces (titles, list cells).
    """
    if text.isprintable():
        # no control character at all (escapes and line breaks are control characters): as is
        return text
    import re

    text = re.sub(_ANSI, "", text)
    if one_line:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(_CONTROL, "", text)


def json_text(value: Any) -> str:
    """`value` as indented JSON for a terminal: the text is all there, but DEL, C1 and bidi
    controls are written as \\uXXXX escapes (json escapes only C0 ones)."""
    import json
    import re

    text = json.dumps(value, ensure_ascii=False, indent=2)
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)


def safe_markup(text: str, *, one_line: bool = False) -> str:
    """Untrusted text made safe to embed in a Rich markup string: shown literally."""
    from rich.markup import escape

    return escape(clean(text, one_line=one_line))


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """ "1 event", "5 events", "0 events" (`nouns` when the plural is not noun + "s")."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def short_day(day: date) -> str:
    """ "16 Sep 2021"."""
    return f"{day.day} {day:%b %Y}"


def day_range(first: date, last: date) -> str:
    """ "16 Sep 2021", "15–17 Sep 2021", "30 Sep – 2 Oct 2021", "30 Dec 2021 – 2 Jan 2022"."""
    if first == last:
        return short_day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{short_day(first)} – {short_day(last)}"


def when_text(
    start: date,
    end: date | None,
    *,
    tz: str | None,
    precision: str,
    end_tz: str | None = None,
) -> str:
    """The dates of an event as a person would say them, honest about what is not known."""
    last = end if end is not None else start
    if precision == "month":
        return f"{start:%B %Y} (month only, day not given)"
    if precision == "within_parent":
        return f"day not given, within {day_range(_day(start), _day(last))}"
    if not isinstance(start, datetime):
        return day_range(start, _day(last))
    zone = f" {tz}" if tz else " (floating time)"
    if end is None:
        return f"{short_day(start.date())} {start:%H:%M}{zone}"
    assert isinstance(last, datetime)
    if end_tz and end_tz != tz:
        begin = f"{short_day(start.date())} {start:%H:%M}{zone}"
        return f"{begin} – {short_day(last.date())} {last:%H:%M} {end_tz}"
    if last.date() == start.date():
        return f"{short_day(start.date())} {start:%H:%M}–{last:%H:%M}{zone}"
    return f"{short_day(start.date())} {start:%H:%M} – {short_day(last.date())} {last:%H:%M}{zone}"


def time_cell(start: date, end: date | None, *, all_day: bool, precision: str) -> str:
    """The short time column of a list line: "all day", "10:00–12:00", "day not given"."""
    if precision in PRECISION_NOTES:
        return PRECISION_NOTES[precision]
    if all_day or not isinstance(start, datetime):
        last = end if end is not None else start
        first, final = _day(start), _day(last)
        if first == final:
            return "all day"
        if first.year == final.year:
            return day_range(first, final).rsplit(" ", 1)[0]
        return f"{first:%d %b %y}–{final:%d %b %y}"
    if isinstance(end, datetime) and end.date() == start.date() and end != start:
        return f"{_hour_minute(start)}–{_hour_minute(end)}"
    return _hour_minute(start)


def _hour_minute(moment: datetime) -> str:
    """`f"{moment:%H:%M}"` at a fifth of the cost (strftime): a list writes one or two per line."""
    return f"{moment.hour:02}:{moment.minute:02}"


def zone_label(moment: datetime, tz: str) -> str:
    """A short name of the zone `tz` at the wall-clock `moment`: "CEST", "UTC+6", "UTC+5:45"
    (zones whose only abbreviation is a number get the offset from UTC)."""
    name = moment.replace(tzinfo=zone(tz)).tzname() or tz
    # a name such as "+06" or "+0545" (what re.fullmatch(r"([+-])(\d\d)(\d\d)?") matches)
    if name[:1] in ("+", "-") and len(name) in (3, 5) and name[1:].isdecimal():
        sign, hours, minutes = name[0], name[1:3], name[3:]
        name = f"UTC{sign}{int(hours)}" + (f":{minutes}" if minutes and minutes != "00" else "")
    return name


def due_text(starts: datetime, all_day: bool, viewer_tz: str) -> str:
    """When an event a reminder is for starts, in the viewer's zone: "27 Nov 2026" (all day) or
    "26 Nov 2026 14:00" (`agenda remind`, the UI's notification)."""
    seen = starts.astimezone(zone(viewer_tz))
    return short_day(seen.date()) if all_day else f"{short_day(seen.date())} {seen:%H:%M}"


def row_time(row: EventRow, viewer_tz: str) -> str:
    """The time column of a row in a list (CLI and UI): `time_cell`, with the zone named when
    the time is the venue's and not the viewer's ("11:30–12:30 UTC+6")."""
    start = row.start_value
    cell = time_cell(start, row.end_value, all_day=row.all_day, precision=row.precision)
    if (
        isinstance(start, datetime)
        and row.tz
        and not row.approximate
        and in_zone(start, row.tz, viewer_tz) is not None
    ):
        cell += " " + zone_label(start, row.tz)
    return cell


def in_zone(moment: datetime, tz: str | None, viewer_tz: str) -> datetime | None:
    """The wall-clock `moment` of zone `tz` as seen in `viewer_tz`, or None if it is the same."""
    if tz is None or tz == viewer_tz:
        return None
    seen = moment.replace(tzinfo=zone(tz)).astimezone(zone(viewer_tz))
    if seen.replace(tzinfo=None) == moment:
        return None
    return seen


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def series_words(event: Any, series_event: Any = None) -> list[str]:
    """A series' rule in words, or which series an occurrence belongs to and its rule (the
    series given as `series_event`) (`detail_sections`)."""
    lines: list[str] = []
    for holder in (event, series_event):
        repeat = getattr(holder, "repeat", None)
        if repeat is not None:
            from agenda.core.recurrence import describe

            lines.append(describe(holder.start, repeat.rule, repeat.rdates, repeat.exdates))
    series = getattr(event, "recurrence_of", None)
    if series:
        original = event.recurrence_start
        stamp = f"{short_day(_day(original))}" + (
            f" {original:%H:%M}" if isinstance(original, datetime) else ""
        )
        lines.append(f"one occurrence of {clean(series, one_line=True)} (the one of {stamp})")
    return lines


def detail_sections(
    event: Event,
    *,
    viewer_tz: str,
    parent: EventRow | None = None,
    children: list[EventRow] | None = None,
    series: Any = None,
) -> list[tuple[str, list[str]]]:
    """Every field of an event as (heading, lines) for reading; text is cleaned, not escaped.
    `series`: the series the event is one occurrence of (its rule is said)."""
    from agenda.core.organizations import full_name

    c = clean
    sections: list[tuple[str, list[str]]] = []
    head = [
        f"{kinds.label(event.kind.value)} · {event.status.value}",
        f"id {c(event.id, one_line=True)}",
    ]
    calendar = getattr(event, "calendar", "default")
    if calendar != "default":
        head.append(f"calendar {c(calendar, one_line=True)}")
    sections.append((c(event.title, one_line=True), head))
    when = [
        when_text(
            event.start,
            event.end,
            tz=event.tz,
            precision=event.precision.value,
            end_tz=event.end_tz,
        )
    ]
    if is_approximate(event.precision.value):
        when.append(
            f"precision: {event.precision.value.replace('_', ' ')} (the source gives no day)"
        )
    if isinstance(event.start, datetime) and event.tz:
        seen = in_zone(event.start, event.tz, viewer_tz)
        if seen is not None:
            end_seen = (
                in_zone(event.end, event.end_tz or event.tz, viewer_tz)
                if isinstance(event.end, datetime)
                else None
            )
            text = f"{short_day(seen.date())} {seen:%H:%M}"
            if end_seen is not None:
                text += (
                    f" – {end_seen:%H:%M}"
                    if end_seen.date() == seen.date()
                    else (f" – {short_day(end_seen.date())} {end_seen:%H:%M}")
                )
            when.append(f"your time: {text} {viewer_tz}")
    elif isinstance(event.start, datetime):
        when.append("floating time: the same wall-clock time in every zone")
    if event.reminders:
        from agenda.core.reminders import offset_text

        when.append(
            "reminders: " + ", ".join(offset_text(r) for r in event.reminders) + " before the start"
        )
    sections.append(("When", when))
    repeats = series_words(event, series)
    if repeats:
        sections.append(("Repeats", repeats))
    if event.location:
        loc = event.location
        lines = [c(loc.label(), one_line=True)] if loc.label() else []
        if loc.tz:
            lines.append(f"zone {loc.tz}")
        if loc.lat is not None and loc.lon is not None:
            lines.append(f"{loc.lat:.4f}, {loc.lon:.4f}")
        sections.append(("Where", lines))
    if event.organizations:
        sections.append(
            ("Organizations", [f"{code} — {full_name(code)}" for code in event.organizations])
        )
    if event.chair or event.next_chair:
        lines = []
        if event.chair:
            lines.append(f"chair: {c(event.chair, one_line=True)}")
        if event.next_chair:
            lines.append(f"next chair: {c(event.next_chair, one_line=True)}")
        sections.append(("Chair", lines))
    if event.participants:
        sections.append(("Participants", [c(p.label(), one_line=True) for p in event.participants]))
    if event.agenda:
        sections.append(("Agenda", [f"• {c(item, one_line=True)}" for item in event.agenda]))
    if event.outcomes:
        sections.append(
            ("Expected outcomes", [f"• {c(o.label(), one_line=True)}" for o in event.outcomes])
        )
    if event.description:
        sections.append(("Description", c(event.description).splitlines()))
    if event.sources:
        lines = []
        for s in event.sources:
            meta = ", ".join(
                c(x, one_line=True)
                for x in (s.publisher, s.title, s.published.isoformat() if s.published else None)
                if x
            )
            lines.append(f"• {meta or 'source'}")
            if s.quote:
                lines.append(f"  “{c(s.quote, one_line=True)}”")
            if s.speaker:
                lines.append(f"  — {c(s.speaker, one_line=True)}")
            if s.url:
                lines.append(f"  {c(s.url, one_line=True)}")
        sections.append(("Sources", lines))
    if event.status_history:
        sections.append(
            (
                "Status history",
                [
                    f"{h.on.isoformat()}  {h.status.value}"
                    + (f" — {c(h.source, one_line=True)}" if h.source else "")
                    + (f" ({c(h.note, one_line=True)})" if h.note else "")
                    for h in event.status_history
                ],
            )
        )
    if parent is not None or event.parent_id:
        label = (
            f"{c(parent.title, one_line=True)} [{c(parent.id)}]"
            if parent
            else f"[{c(event.parent_id or '')}]"
        )
        sections.append(("Part of", [label]))
    if children:
        sections.append(
            ("Includes", [f"{c(k.title, one_line=True)} [{c(k.id)}]" for k in children])
        )
    if event.tags:
        sections.append(("Tags", [", ".join(c(t, one_line=True) for t in event.tags)]))
    if event.notes:
        sections.append(("Notes", c(event.notes).splitlines()))
    return sections


def cut_note(series_ids: tuple[str, ...]) -> str:
    """What a listing says of the series it cut at the per-window cap (`list`, the UI)."""
    from agenda.core.limits import MAX_WINDOW_OCCURRENCES

    names = ", ".join(clean(i, one_line=True) for i in series_ids[:3])
    more = f" and {len(series_ids) - 3} more" if len(series_ids) > 3 else ""
    return (
        f"{plural(len(series_ids), 'series', 'series')} ({names}{more}) "
        f"{'has' if len(series_ids) == 1 else 'have'} more than {MAX_WINDOW_OCCURRENCES:,} "
        f"occurrences in these days: the first {MAX_WINDOW_OCCURRENCES:,} of each are shown; "
        "ask for fewer days"
    )
