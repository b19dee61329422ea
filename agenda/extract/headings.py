"""The shapes of a day heading of a programme or a week ahead ("Friday, 14 June – Tashkent",
"Monday 6 – Tuesday 7 November: Beijing"), shared by the sentence splitter (text.py) and the
frames (frames.py). Nothing here imports a heavy package.
"""

from __future__ import annotations

import re

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DASH = r"\s*[–—-]\s*"
# "(1) Sunday, October 8: ...", "2. Monday 9 June - ...": a numbered day of a programme
_NUMBERED = r"(?:\(\d{1,2}\)\s+|\d{1,2}[.)]\s+)?"
_HEADING = re.compile(
    rf"^\s*{_NUMBERED}(?:{_WEEKDAY},?\s+)?(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})|(?P<m2>{_MONTH})\s+"
    rf"(?P<d2>\d{{1,2}}))(?:,?\s+(?P<y>\d{{4}}))?\s*(?:(?:{_DASH}|:|,|\s(?=\())\s*(?P<rest>.*))?$",
    re.I,
)
_RANGE_HEADING = re.compile(
    rf"^\s*{_NUMBERED}(?:{_WEEKDAY}(?:\s*(?:–|-|and)\s*{_WEEKDAY})?,?\s+)?(?P<d1>\d{{1,2}})"
    rf"(?:\s+(?P<m1>{_MONTH}))?\s*(?:–|—|-|to)\s*(?:{_WEEKDAY},?\s+)?(?P<d2>\d{{1,2}})\s+"
    rf"(?P<m2>{_MONTH})(?:,?\s+(?P<y>\d{{4}}))?\s*(?:(?:{_DASH}|:|,|\s(?=\())\s*(?P<rest>.*))?$",
    re.I,
)


def is_day_heading(line: str) -> bool:
    """True for a line that is only a day heading ("Monday 6 – Tuesday 7 November: Beijing")."""
    if len(line) > 120 or re.search(r"[.!?]\s*$", line):
        return False
    m = _RANGE_HEADING.match(line) or _HEADING.match(line)
    return m is not None and len((m.group("rest") or "").split()) <= 6
