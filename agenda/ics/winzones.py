"""Time zone names found in other apps' iCalendar files, turned into IANA names.

Outlook and Exchange write Windows names ("Central Asia Standard Time"); Thunderbird once wrote
"/mozilla.org/20050126_1/Europe/Berlin"; some writers quote or pad the name. The Windows table is
the CLDR one that the `icalendar` library ships (`icalendar.timezone.windows_to_olson`), so it is
kept current with that dependency rather than copied here.
"""

from __future__ import annotations

from functools import cache

from agenda.core.zones import zone_problem


@cache
def iana_zone(tzid: str) -> str | None:
    """The IANA name for a TZID written by some calendar app, or None when none is known."""
    name = tzid.strip().strip('"').strip()
    if not name:
        return None
    if name.upper() in ("UTC", "GMT", "Z", "ETC/UTC"):
        return "UTC"
    if zone_problem(name) is None:
        return name
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    for key in (name, name.removesuffix(" (Standard)")):
        olson = WINDOWS_TO_OLSON.get(key)
        if olson and zone_problem(olson) is None:
            return str(olson)
    lowered = {k.lower(): v for k, v in WINDOWS_TO_OLSON.items()}
    if name.lower() in lowered:
        return str(lowered[name.lower()])
    # "/mozilla.org/20050126_1/Europe/Berlin", "/softwarestudio.org/Olson_20011030_5/Asia/Tokyo"
    parts = [p for p in name.split("/") if p]
    for i in range(len(parts) - 1):
        candidate = "/".join(parts[i:])
        if zone_problem(candidate) is None:
            return candidate
    return None
