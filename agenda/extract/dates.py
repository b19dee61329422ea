"""Date expressions of an article: days, ranges, months, weekdays and times of day.

Absolute expressions ("September 15-17", "from 30 March to 2 April 2022", "in October") are read
with patterns here; relative ones ("next Tuesday", "on Friday", "tomorrow") are resolved by
dateparser against the article's date. dateparser is imported inside `_relative` only: its import
is slow and `agenda list` must not pay for it.

Years: a date without a year takes the article's year; a month earlier than the article's month
means next year when the sentence speaks of the future. A range whose end month comes before its
start month crosses the new year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_M = r"(?P<{0}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_D = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?:,?\s+(?P<{0}>(?:19|20)\d\d))?"
_SEP = r"\s*(?:-|–|—|to|until|till|through|and)\s*"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"


def _p(template: str) -> re.Pattern[str]:
    keys = {"m1": _M, "m2": _M, "d1": _D, "d2": _D, "y1": _Y, "y2": _Y}
    text = template
    for key, part in keys.items():
        text = text.replace("{" + key + "}", part.format(key))
    return re.compile(r"(?<![\w-])" + text + r"(?![\w])", re.IGNORECASE)


_WD = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
"""A weekday before a day of a range ("from Wednesday 29 to Friday 31 March")."""

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "range",
        _p(
            r"(?:from\s+|between\s+)?"
            + _WD
            + r"{d1}\s+(?:of\s+)?{m1}{y1}"
            + _SEP
            + _WD
            + r"{d2}\s+(?:of\s+)?{m2}{y2}"
        ),
    ),
    (
        "range",
        _p(
            r"(?:from\s+|between\s+)?"
            + _WD
            + r"{m1}\s+{d1}{y1},?"
            + _SEP
            + _WD
            + r"{m2}\s+{d2}{y2}"
        ),
    ),
    (
        "range",
        _p(
            r"(?:from\s+|between\s+)?(?:the\s+)?"
            + _WD
            + r"{d1}"
            + _SEP
            + _WD
            + r"(?:the\s+)?{d2}\s+(?:of\s+)?{m1}{y1}"
        ),
    ),
    ("range", _p(r"(?:from\s+|between\s+)?{m1}\s+{d1}" + _SEP + r"{d2}{y1}")),
    ("day", _p(r"(?:the\s+)?{d1}\s+(?:of\s+)?{m1}{y1}")),
    ("day", _p(r"{m1}\s+{d1}{y1}")),
    (
        "month",
        _p(
            r"(?:(?:in|during|for|later\s+in|early|mid|late|the\s+(?:beginning|middle|end|start)"
            r"\s+of|(?:in\s+)?(?:early|mid|late)-?)\s+|(?:in\s+)?(?:early|mid|late)-){m1}{y1}"
        ),
    ),
    ("month", _p(r"{m1}\s+(?P<y1>(?:19|20)\d\d)")),
    # "holds the chair until December, when the next summit meets": the month of the when-clause
    ("month", _p(r"(?:until|till|by)\s+{m1}{y1}(?=,?\s+when\b)")),
]

_RELATIVE = re.compile(
    r"(?<![\w-])(?:(?P<from>from\s+)?(?:(?P<mod>next|this|coming|last|on)\s+)?(?P<wd>"
    + _WEEKDAY
    + r")(?:\s*(?:-|–|to|until|through|and)\s*(?P<wd2>"
    + _WEEKDAY
    + r"))?|(?P<word>the\s+day\s+after\s+tomorrow|tomorrow|today|tonight|next\s+month"
    r"|(?:(?:at|by|towards?|in|during)\s+)?the\s+(?:end|beginning|start|middle)\s+of\s+"
    r"(?:the|this|next)\s+month|(?:later|earlier|early|late)\s+(?:this|next)\s+month"
    r"|this\s+month))(?![\w])",
    re.IGNORECASE,
)

_TIME = re.compile(
    r"(?<![\w:])(?:[Aa]t\s+|[Ff]rom\s+)?(?P<h>[0-2]?\d)(?:[:.](?P<min>[0-5]\d))?\s*"
    r"(?P<ampm>a\.?m\.?|p\.?m\.?)?(?:\s*\(?(?P<zone>local\s+time|(?:GMT|UTC)(?![+-]\d)"
    r"|(?P<city>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+time)\)?)?(?![\w:])"
)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a sentence, resolved to days."""

    start: date
    end: date
    precision: str
    """exact, range or month (the values of agenda.core.models.Precision)."""
    span: tuple[int, int]
    year_given: bool = False
    time: time | None = None
    zone: str | None = None
    """'local', 'UTC' or the name of a city whose zone the time is in."""
    relative_past: bool = False
    weekday: bool = False
    """Named by its weekday ("on Saturday"): the first such day, unless the context says more."""


def _month_days(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _year(month: int, given: str | None, published: date, future: bool) -> int:
    if given:
        return int(given)
    if future and month < published.month:
        return published.year + 1
    if not future and month > published.month:
        return published.year - 1  # "met in December", said in January
    return published.year


def _day(year: int, month: int, day: str) -> date | None:
    try:
        return date(year, month, int(day))
    except ValueError:
        return None


def find_dates(sentence: str, published: date, *, future: bool = True) -> list[DateMention]:
    """Every date expression of `sentence`, left to right, without overlaps.

    Several stages read the same sentence (mentions, sections, programme items, partner
    summits): the answer is kept per sentence, so dateparser runs once for each."""
    return list(_dates_once(sentence, published, future))


@lru_cache(maxsize=4096)
def _dates_once(sentence: str, published: date, future: bool) -> tuple[DateMention, ...]:
    return tuple(_find_dates(sentence, published, future=future))


def _two_days(mention: DateMention, match: re.Match[str], sentence: str) -> list[DateMention]:
    """ "on 25 and 29 October": two days, not the days between (a range only with "between",
    or when the two days follow each other: "on 25 and 26 October" is a two-day event)."""
    if mention.precision != "range" or (mention.end - mention.start).days <= 1:
        return []
    joint = re.search(r"\s+and\s+", match.group(0), re.I)
    if joint is None or re.search(
        r"\bbetween\s+$|^between\b", sentence[: match.start()] + match.group(0)[:8], re.I
    ):
        return []
    a, b = match.span()
    cut = a + joint.start()
    return [
        DateMention(mention.start, mention.start, "exact", (a, cut), mention.year_given),
        DateMention(mention.end, mention.end, "exact", (a + joint.end(), b), mention.year_given),
    ]


def _find_dates(sentence: str, published: date, *, future: bool = True) -> list[DateMention]:
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for shape, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if not free(*match.span()):
                continue
            mention = _absolute(shape, match.groupdict(), published, future, match.span())
            if mention is not None:
                apart = _two_days(mention, match, sentence)
                found += apart or [mention]
                taken.append(match.span())
    for match in _RELATIVE.finditer(sentence):
        if not free(*match.span()):
            continue
        if match.group("wd") and re.search(
            r"\b(?:every|each)\s+$", sentence[: match.start()], re.I
        ):
            continue  # "meets every Thursday": a recurring meeting, no one day
        opened = bool(_STARTED.search(sentence[: match.start()]))
        if (
            match.group("wd")
            and not match.group("wd2")
            and _wd(match.group("wd")) == published.weekday()
            and _LATER_TODAY.search(sentence[: match.end()])
        ):
            # "later on Monday", "this Monday" in an article of that Monday: the same day
            at = (published, published, "exact", match.span())
            found.append(DateMention(*at, weekday=True))
            taken.append(match.span())
            continue
        mention = _relative(match, published, future, opened)
        if mention is not None:
            found.append(mention)
            taken.append(match.span())
    found.sort(key=lambda m: m.span)
    # "on Tuesday, September 24": the weekday only names the day the date gives
    found = [
        m
        for m in found
        if not (
            m.weekday
            and any(
                o is not m
                and not o.weekday
                and o.precision == "exact"
                and (0 <= o.span[0] - m.span[1] <= 2 or 0 <= m.span[0] - o.span[1] <= 3)
                for o in found
            )
        )
    ]
    return _with_times(sentence, _lasting(sentence, _joined_ranges(sentence, found)))


# "for four days from 24 March", "over three days starting on Monday": a stay of that length
_FOR_DAYS = re.compile(
    r"\b(?:for|over)\s+(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s+days?\s+"
    r"(?:from|starting|beginning)\s+(?:on\s+|from\s+)?$",
    re.IGNORECASE,
)


def _lasting(sentence: str, found: list[DateMention]) -> list[DateMention]:
    """A single day after "for N days from" is the first of N days."""
    from agenda.extract.text import NUMBER_WORDS

    out = []
    for m in found:
        got = _FOR_DAYS.search(sentence[max(0, m.span[0] - 40) : m.span[0]])
        if got is not None and m.start == m.end and m.precision == "exact":
            word = got.group("n").lower()
            n = int(word) if word.isdigit() else NUMBER_WORDS.get(word, 1)
            if 1 < n <= 31:
                m = replace(m, end=m.start + timedelta(days=n - 1), precision="range")
        out.append(m)
    return out


_LATER_TODAY = re.compile(r"\b(?:later|earlier)\s+(?:on\s+)?\w+$|\bthis\s+\w+$", re.I)

# "opened on Tuesday", "began on Monday": a weekday after a past start is the one just past
_STARTED = re.compile(
    r"\b(?:opened|began|started|kicked\s+off|got\s+under\s+way|arrived|convened)\s+(?:on\s+)?$",
    re.IGNORECASE,
)

# "opens on Tuesday and will run until Thursday", "starts on 3 May and lasts until 5 May"
_RUNS_UNTIL = re.compile(
    r"^[^,;.]{0,40}?\s(?:and\s+)?(?:will\s+|is\s+to\s+|is\s+due\s+to\s+)?"
    r"(?:run|runs|last|lasts|continue|continues|go\s+on|goes\s+on|end|ends|close|closes|"
    r"wrap\s+up|conclude|concludes)\s+(?:on\s+|until\s+|till\s+|through\s+|to\s+)?$",
    re.IGNORECASE,
)


def _joined_ranges(sentence: str, found: list[DateMention]) -> list[DateMention]:
    """Two single days joined by "... and will run until ..." are one range."""
    out: list[DateMention] = []
    for m in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.precision == "exact"
            and m.precision == "exact"
            and prev.time is None
            and _RUNS_UNTIL.match(" " + sentence[prev.span[1] : m.span[0]])
        ):
            end = m.start
            if m.weekday:  # the named weekday on or after the first day
                end = prev.start + timedelta(days=(m.start.weekday() - prev.start.weekday()) % 7)
            if prev.start < end <= prev.start + timedelta(days=31):
                out[-1] = replace(
                    prev,
                    end=end,
                    precision="range",
                    span=(prev.span[0], m.span[1]),
                    relative_past=False,  # past or not by its end (events.py: end < published)
                )
                continue
        out.append(m)
    return out


def _absolute(
    shape: str, g: dict[str, Any], published: date, future: bool, span: tuple[int, int]
) -> DateMention | None:
    if not g["m1"][0].isupper() or (g.get("m2") and not g["m2"][0].isupper()):
        return None  # "may", "march" as words, not months
    m1 = _MONTHS[g["m1"].lower()]
    given = g.get("y2") or g.get("y1")
    if shape == "month":
        year = _year(m1, g.get("y1"), published, future)
        first, last = _month_days(year, m1)
        return DateMention(first, last, "month", span, bool(g.get("y1")))
    if shape == "day":
        one = _day(_year(m1, g.get("y1"), published, future), m1, g["d1"])
        return DateMention(one, one, "exact", span, bool(g.get("y1"))) if one else None
    m2 = _MONTHS[g["m2"].lower()] if g.get("m2") else m1
    if g.get("y2") and g.get("y1"):
        y1, y2 = int(g["y1"]), int(g["y2"])
    else:
        y2 = _year(m2, given, published, future) if given else _year(m1, None, published, future)
        y1 = y2 - 1 if m2 < m1 else y2
        if not given and m2 < m1:
            y1, y2 = _year(m1, None, published, future), _year(m1, None, published, future) + 1
    first, last = _day(y1, m1, g["d1"]), _day(y2, m2, g["d2"])
    if first is None or last is None or last < first or (last - first).days > 62:
        return None
    return DateMention(first, last, "range", span, bool(given))


def _relative(
    match: re.Match[str], published: date, future: bool = True, opened: bool = False
) -> DateMention | None:
    import dateparser  # slow to import: only when an article is read

    settings = {
        "RELATIVE_BASE": datetime(published.year, published.month, published.day),
        "PREFER_DATES_FROM": "future" if future else "past",
    }
    word = (match.group("word") or "").lower()
    if word.endswith("month"):
        month, year = published.month, published.year
        if "next month" in word:
            month = published.month % 12 + 1
            year = published.year + (published.month == 12)
        first, last = _month_days(year, month)
        return DateMention(first, last, "month", match.span())
    if word:
        phrase = "in 2 days" if word.startswith("the day after") else word
        if phrase == "tonight":
            phrase = "today"
        got = dateparser.parse(phrase, languages=["en"], settings=settings)
        if got is None:
            return None
        return DateMention(got.date(), got.date(), "exact", match.span())
    mod = (match.group("mod") or "").lower()
    if mod == "last":
        day = published - timedelta(days=(published.weekday() - _wd(match.group("wd"))) % 7 or 7)
        return DateMention(day, day, "exact", match.span(), relative_past=True)
    if mod == "next":
        # "next Tuesday" is the Tuesday of next week, even when said on a Monday
        monday = published - timedelta(days=published.weekday())
        first = monday + timedelta(days=7 + _wd(match.group("wd")))
    elif _wd(match.group("wd")) == published.weekday() and (
        not future or not _WILL.search(match.string)
    ):
        # "arrived on Saturday", "ministers meet on Saturday and Sunday", in an article of that
        # Saturday: that day ("On Saturday, she will fly to Rome" in a week ahead is the next)
        first = published
    elif opened:
        # "The summit opened on Tuesday (and will close on Thursday)": the Tuesday just past
        first = published - timedelta(days=(published.weekday() - _wd(match.group("wd"))) % 7)
    else:
        got = dateparser.parse(match.group("wd"), languages=["en"], settings=settings)
        if got is None:
            return None
        first = got.date()
    if match.group("wd2"):
        last = first + timedelta(days=(_wd(match.group("wd2")) - first.weekday()) % 7)
        return DateMention(first, last, "range", match.span(), weekday=True)
    return DateMention(first, first, "exact", match.span(), weekday=True)


_WILL = re.compile(r"\b(?:will|shall)\b|\bnext\s+week\b", re.I)


def _wd(name: str) -> int:
    return [calendar.day_name[i].lower() for i in range(7)].index(name.lower())


def _times(sentence: str) -> list[tuple[re.Match[str], time, str | None]]:
    """The times of day a sentence states ("at 10:00 Moscow time", "9:30 local time", "1 p.m."),
    with the zone named: 'local', 'UTC' or a city's name."""
    out: list[tuple[re.Match[str], time, str | None]] = []
    for match in _TIME.finditer(sentence):
        hour = int(match.group("h"))
        ampm = (match.group("ampm") or "").lower().replace(".", "")
        text = match.group(0).lower()
        if not (match.group("min") or ampm):
            continue
        if not (ampm or match.group("zone") or text.startswith(("at ", "from "))):
            continue
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23:
            continue
        zone = match.group("zone")
        if zone:
            zone = (
                "local"
                if zone.lower().startswith("local")
                else "UTC"
                if zone.upper() in ("GMT", "UTC")
                else match.group("city")
            )
        out.append((match, time(hour, int(match.group("min") or 0)), zone))
    return out


def times_in(text: str) -> list[time]:
    """The times of day a piece of text states, left to right ("from 09:00 until noon")."""
    return [at for _, at, _ in _times(text)]


def lone_time(sentence: str, published: date) -> tuple[time, str | None] | None:
    """The time of day of a sentence that gives no date ("The meeting opens at 9:30 local
    time"): it belongs to the day its event has from another sentence."""
    if find_dates(sentence, published):
        return None
    got = _times(sentence)
    return (got[0][1], got[0][2]) if got else None


def _with_times(sentence: str, found: list[DateMention]) -> list[DateMention]:
    """Attach a stated time of day to the date expression it belongs to (the nearest one)."""
    if not found:
        return found
    out = list(found)
    for match, at, zone in _times(sentence):
        if any(a <= match.start() < b for a, b in (m.span for m in found)):
            continue
        nearest = min(
            range(len(out)),
            key=lambda i: min(
                abs(out[i].span[0] - match.start()), abs(out[i].span[1] - match.start())
            ),
        )
        if out[nearest].precision == "exact" and out[nearest].time is None:
            out[nearest] = replace(out[nearest], time=at, zone=zone)
    return out
