"""The shapes of a day heading of a programme or a week ahead ("Friday, 14 June – Tashkent",
"Monday 6 – Tuesday 7 November: Beijing"), shared by the sentence splitter (text.py) and the
frames (frames.py). Nothing here imports a heavy package.
"""

from __future__ import annotations

import re
from datetime import date

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


# A week-ahead diary's paragraph head: a weekday and its day of the month (no month), the place,
# then the paragraph ("MONDAY 19 - PARIS. The summit ...", "WEDNESDAY 21 - THURSDAY 22 - SAUDI
# ARABIA. Bush flies ...")
DIARY_HEAD = re.compile(
    rf"^\s*(?P<w1>{_WEEKDAY})\s+(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{_MONTH}))?(?:\s*(?:–|—|-|to)\s*"
    rf"(?P<w2>{_WEEKDAY})\s+(?P<d2>\d{{1,2}})(?:\s+(?P<m2>{_MONTH}))?)?\s*[–—-]\s*"
    r"(?P<place>(?-i:[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3})(?:,\s*(?-i:[A-Z])[\w'’-]+){0,2})"
    r"\s*[.:]\s+(?P<rest>\S.*)$",
    re.I,
)
_WEEKDAY_NUMBERS = {
    name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
}


def diary_day(weekday: str, day: int, published: date) -> date | None:
    """The date of a weekday and day of the month without a month ("Monday 19"): the first one
    from a week before publication on, within about four months (None if none is)."""
    from datetime import timedelta

    want = _WEEKDAY_NUMBERS[weekday[:3].lower()]
    at = published - timedelta(days=7)
    for _ in range(130):
        if at.day == day and at.weekday() == want:
            return at
        at += timedelta(days=1)
    return None


def is_day_heading(line: str) -> bool:
    """True for a line that is only a day heading ("Monday 6 – Tuesday 7 November: Beijing")."""
    if len(line) > 120 or re.search(r"[.!?]\s*$", line):
        return False
    m = _RANGE_HEADING.match(line) or _HEADING.match(line)
    return m is not None and len((m.group("rest") or "").split()) <= 6
