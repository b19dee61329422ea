"""Time zone names: checking IANA names and listing them for completion. Cheap to import."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def zone_problem(name: str) -> str | None:
    """Why `name` is not a usable IANA zone, or None when it is one."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return f"unknown time zone {name!r} (use an IANA name such as 'Asia/Dushanbe')"
    return None


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted (for completion in forms)."""
    return tuple(sorted(available_timezones()))
