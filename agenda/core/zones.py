"""Time zone names: checking IANA names, listing them for completion, and the zones themselves
held for the process (`zone`). Cheap to import."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, available_timezones

# files that ZoneInfo opens but that name no place: the machine's own zone, the rule template
# of POSIX TZ strings, tzdata's "Factory" placeholder
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


def zone_problem(name: str) -> str | None:
    """Why `name` is not a usable IANA zone, or None when it is one."""
    if name not in _known():
        return f"unknown time zone {name!r} (use an IANA name such as 'Asia/Dushanbe')"
    return None


@cache
def _known() -> frozenset[str]:
    """The IANA zone names this machine knows (~15 ms to list, so listed once)."""
    return frozenset(
        name
        for name in available_timezones()
        if name not in _NOT_ZONES and not name.startswith(("posix/", "right/"))
    )


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted (for completion in forms)."""
    return tuple(sorted(_known()))


@cache
def zone(name: str) -> ZoneInfo:
    """`ZoneInfo(name)`, held: ZoneInfo's own cache keeps only the last 8 zones used, and a list
    of events in two dozen zones read each zone's file again for nearly every row."""
    return ZoneInfo(name)
