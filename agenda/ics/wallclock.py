"""Wall times that a zone skips or repeats: which they are, and their instant by RFC 5545.

A wall time that does not exist (02:30 on the morning New York's clocks go from 02:00 to 03:00)
or exists twice (01:30 on the morning they go back) is read by calendar programs each their own
way whatever the VTIMEZONE says (docs/ics.md), so the writer (`agenda.ics.write`) puts exactly
those in UTC, at RFC 5545's instant: a skipped time with the offset before the change, a repeated
time at its first occurrence, which is `zoneinfo`'s with fold=0.

Which they are is asked for every timed value of an export, so it is answered from the zone's
changes of offset (`agenda.ics.vtimezone.zone_changes`, the TZif file `zoneinfo` reads) turned
once per zone into sorted windows of wall-clock text: one bisection per value, no datetime.
The tests check the answer against zoneinfo's own (fold 0 and fold 1 give different offsets
exactly for such wall times).
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from agenda.ics.vtimezone import zone_changes

LAST_YEAR = 2200  # the model's last year
_EPOCH = datetime(1970, 1, 1)
_WINDOWS: dict[str, tuple[list[str], list[str]]] = {}


def _windows(tz: str) -> tuple[list[str], list[str]]:
    """The zone's skipped and repeated wall times as [start, end) text windows, sorted."""
    found = _WINDOWS.get(tz)
    if found is None:
        starts: list[str] = []
        ends: list[str] = []
        try:
            changes = zone_changes(tz, LAST_YEAR)
        except (KeyError, ValueError, OSError):  # an unknown zone (ZoneInfoNotFoundError: KeyError)
            changes = ()
        for change in changes:
            lo, hi = sorted((change.before, change.after))
            start = (_EPOCH + timedelta(seconds=change.at + lo)).isoformat()
            end = (_EPOCH + timedelta(seconds=change.at + hi)).isoformat()
            if starts and start <= ends[-1]:  # changes hours apart: one window of their union
                starts[-1], ends[-1] = min(starts[-1], start), max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        found = _WINDOWS[tz] = (starts, ends)
    return found


def is_odd(value: str, tz: str) -> bool:
    """True when the wall time (ISO text, as the store keeps it) is skipped or repeated in zone tz."""
    starts, ends = _WINDOWS.get(tz) or _windows(tz)
    wall = value[:19]
    i = bisect_right(starts, wall) - 1
    return i >= 0 and wall < ends[i]


def odd_wall_utc(value: str, tz: str) -> str | None:
    """For a wall time that zone tz skips or repeats, its RFC 5545 instant as 20100314T073000Z;
    None for any other wall time (and for an unknown zone)."""
    if not is_odd(value, tz):
        return None
    wall = datetime.fromisoformat(value[:19])
    return wall.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
