"""The reference writers of the export, for tests only: the mapping of docs/ics.md stated as data
(`event_props`: one list of properties per event), `prop_line`, which formats those properties one
by one, and `reference_calendar`, which feeds them to `icalendar` components (the slow, obviously
right way). Tests prove the fast writer (`agenda.ics.write.VeventFormatter`) gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from agenda.core.kinds import LABELS as KIND_LABELS
from agenda.ics.common import STATUS_TO_ICS, exclusive_end
from agenda.ics.escape import escape_text, fold
from agenda.ics.stream import vtimezone, zone_years
from agenda.ics.write import (
    PRODID,
    _param,
    _stamp,
    _utc,
    agenda_json,
    description_text,
)


class Prop(NamedTuple):
    """One property: its name, parameters, the kind of value and the value (JSON form)."""

    name: str
    params: tuple[tuple[str, str], ...]
    kind: str
    """text, date, local (wall clock), utc, int, categories, geo, uri."""
    value: Any


def event_props(d: dict[str, Any], dtstamp: str, text: str | None = None) -> list[Prop]:
    """The properties of one VEVENT, in the order `icalendar` writes them.

    `d` is the JSON form of an Event (`model_dump(mode="json")` or the store's copy) and `text`
    that JSON as text when known; `dtstamp` the export instant as ISO UTC text.
    This is the readable statement of the mapping; `VeventFormatter` is its fast twin.
    """
    props: list[Prop] = [Prop("SUMMARY", (), "text", d["title"])]
    start = d["start"]
    end = d.get("end")
    tz = d.get("tz")
    if len(start) == 10:
        props.append(Prop("DTSTART", (("VALUE", "DATE"),), "date", start))
        props.append(
            Prop(
                "DTEND",
                (("VALUE", "DATE"),),
                "date",
                exclusive_end(date.fromisoformat(end or start)).isoformat(),
            )
        )
    else:
        single = not d.get("repeat")  # a series keeps its wall clock: its rule repeats on it
        props.append(_timed("DTSTART", start, tz, single))
        if end is not None:
            props.append(_timed("DTEND", end, d.get("end_tz") or tz, single))
    props.append(Prop("DTSTAMP", (), "utc", dtstamp))
    props.append(Prop("UID", (), "text", d["id"]))
    props.append(Prop("SEQUENCE", (), "int", d.get("sequence", 0)))
    kind = d.get("kind", "other")
    props.append(
        Prop(
            "CATEGORIES",
            (),
            "categories",
            [KIND_LABELS.get(kind, kind), *d.get("organizations", [])],
        )
    )
    if d.get("created"):
        props.append(Prop("CREATED", (), "utc", d["created"]))
    props.append(Prop("DESCRIPTION", (), "text", description_text(d)))
    loc = d.get("location") or {}
    if loc.get("lat") is not None and loc.get("lon") is not None:
        props.append(Prop("GEO", (), "geo", (loc["lat"], loc["lon"])))
    if d.get("last_modified"):
        props.append(Prop("LAST-MODIFIED", (), "utc", d["last_modified"]))
    label = ", ".join(loc[k] for k in ("venue", "city", "country") if loc.get(k))
    if label:
        props.append(Prop("LOCATION", (), "text", label))
    if d.get("parent_id"):
        props.append(Prop("RELATED-TO", (("RELTYPE", "PARENT"),), "text", d["parent_id"]))
    props.append(Prop("STATUS", (), "text", STATUS_TO_ICS[d.get("status", "announced")]))
    precision = d.get("precision", "exact")
    kept = {line.split(":", 1)[0].split(";", 1)[0].upper() for line in d.get("ical_properties", [])}
    if precision in ("within_parent", "month") and "TRANSP" not in kept:
        # the event does not fill the span; calendars must not show the days as busy
        props.append(Prop("TRANSP", (), "text", "TRANSPARENT"))
    url = next((s["url"] for s in d.get("sources", []) if s.get("url")), None)
    if url:
        props.append(Prop("URL", (), "uri", url))
    props.append(Prop("X-AGENDA-JSON", (), "text", agenda_json(d, text)))
    if precision != "exact":
        props.append(Prop("X-AGENDA-PRECISION", (), "text", precision))
    return props


def _timed(name: str, value: str, tz: str | None, single: bool) -> Prop:
    """A wall time that does not exist or occurs twice on its zone's clock goes in UTC at
    RFC 5545's instant (the offset before the change, the first occurrence: fold=0)."""
    if tz == "UTC":
        return Prop(name, (), "utc", value)
    if tz and single:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(tz)
        wall = datetime.fromisoformat(value[:19])
        skipped = wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        repeated = wall.replace(tzinfo=zone, fold=1).astimezone(UTC) != wall.replace(
            tzinfo=zone
        ).astimezone(UTC)
        if skipped != wall or repeated:
            return Prop(name, (), "utc", wall.replace(tzinfo=zone).astimezone(UTC).isoformat())
    if tz:
        return Prop(name, (("TZID", tz),), "local", value)
    return Prop(name, (), "local", value)


def _value(p: Prop) -> str:
    kind, v = p.kind, p.value
    if kind == "text":
        return escape_text(v)
    if kind == "date" or kind == "local":
        return _stamp(v)
    if kind == "utc":
        return _utc(v)
    if kind == "int":
        return str(v)
    if kind == "categories":
        return ",".join(escape_text(c) for c in v)
    if kind == "geo":
        return f"{v[0]};{v[1]}"
    if kind == "uri":
        return re.sub(r"[\x00-\x1f\x7f]", "", v)
    raise ValueError(f"unknown property kind {kind!r}")


def prop_line(p: Prop) -> bytes:
    """One property as folded bytes."""
    head = p.name + "".join(f";{k}={_param(v)}" for k, v in p.params)
    return fold(f"{head}:{_value(p)}")


def reference_calendar(
    items: Iterable[tuple[dict[str, Any], str | None]], calname: str, now: datetime
) -> Any:
    """The same calendar built with `icalendar` components (the slow, obviously right way)."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, Timezone, vCategory, vText

    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calname)
    dtstamp = now.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat()
    zones: dict[str, tuple[int, int]] = {}
    events = []
    for d, text in items:
        for tz, year in zone_years(d):
            lo, hi = zones.get(tz, (year, year))
            zones[tz] = (min(lo, year), max(hi, year))
        ev = Event()
        for p in event_props(d, dtstamp, text):
            params = dict(p.params)
            if p.kind == "date":
                ev.add(p.name, date.fromisoformat(p.value))
            elif p.kind == "local":
                value = datetime.fromisoformat(p.value[:19])
                if "TZID" in params:
                    value = value.replace(tzinfo=ZoneInfo(params["TZID"]))
                ev.add(p.name, value)
            elif p.kind == "utc":
                moment = datetime.fromisoformat(p.value.replace("Z", "+00:00"))
                moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
                ev.add(p.name, moment.astimezone(UTC).replace(microsecond=0))
            elif p.kind == "categories":
                ev.add(p.name, vCategory(p.value))
            elif p.kind == "geo":
                ev.add(p.name, p.value)
            elif p.kind == "text":
                ev.add(p.name, vText(p.value), parameters=params or None)
            else:
                ev.add(p.name, p.value, parameters=params or None)
        events.append(ev)
    for tz in sorted(zones):  # icalendar reads agenda's VTIMEZONE (its own form: RDATE lists)
        cal.add_component(Timezone.from_ical(vtimezone(tz, *zones[tz]).decode()))
    for ev in events:
        cal.add_component(ev)
    return cal
