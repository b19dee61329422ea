"""Recurring series, expanded: the occurrence starts of a series within a window, the span of a
series, its rule in words, and the key that names one occurrence. Pure (no I/O, no clock).

A series is an event with a `Repeat` (agenda.core.models): its own start is always the first
occurrence (RFC 5545), then the rule's (python-dateutil), then the `rdates`, less the `exdates`
and the starts that an override replaces. Every value is on the series' wall clock: dates for an
all-day series, naive times in its zone for a timed one.

Expansion is bounded: at most `MAX_WINDOW_OCCURRENCES` starts per series and window read (a
`FREQ=SECONDLY` rule with no end cannot flood a listing), and a series that began long before the
window is not walked from its start: the rule is restarted a whole number of periods later, with
the parts that dateutil would have taken from the first start made explicit, so the restarted
rule gives the same occurrences. A counted rule (COUNT) is counted once and then read as one that
ends at its last occurrence (cached).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from agenda.core.limits import LAST_DAY, MAX_WINDOW_OCCURRENCES
from agenda.core.rrules import rule_parts as _parts

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from types import ModuleType

    from dateutil.rrule import rrule  # type: ignore[import-untyped]

    from agenda.core.models import Event

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_UNITS = {
    "YEARLY": "year", "MONTHLY": "month", "WEEKLY": "week", "DAILY": "day", "HOURLY": "hour",
    "MINUTELY": "minute", "SECONDLY": "second",
}  # fmt: skip
_SECONDS = {"HOURLY": 3600, "MINUTELY": 60, "SECONDLY": 1}


def rule_parts(rule: str) -> dict[str, str]:
    """`rrules.rule_parts`, cached (a window reads the same few rules hundreds of times); a copy
    the caller may change."""
    return dict(_cached_parts(rule))


@lru_cache(maxsize=4096)
def _cached_parts(rule: str) -> dict[str, str]:
    return _parts(rule)


# -- expansion -------------------------------------------------------------------------------


def expand(
    start: date,
    rule: str | None,
    lo: date,
    hi: date,
    *,
    rdates: Iterable[date] = (),
    exdates: Collection[date] = (),
    replaced: Collection[date] = (),
    tz: str | None = None,
    limit: int = MAX_WINDOW_OCCURRENCES,
) -> list[date]:
    """The occurrence starts of a series in `[lo, hi)`, in order, at most `limit` of them.

    `start` is the series' first start (a date, or a naive wall-clock time in `tz`); `lo`, `hi`,
    `rdates`, `exdates` and `replaced` (original starts that overrides replace) are of the same
    kind (a date given for a timed series means its midnight). `tz` reads an UNTIL in UTC.
    """
    all_day = not isinstance(start, datetime)
    lo_t, hi_t = _moment(lo), _moment(hi)
    first = _moment(start)
    if rule is not None and not rdates and not exdates and not replaced:
        # the usual series: the rule alone (its first start is an occurrence of a simple rule)
        plan = _plan(rule)
        if plan is not None and first < hi_t:
            got = _simple_window(first, plan, tz, lo_t, hi_t, limit)
            return [m.date() for m in got] if all_day else list(got)
    skip = {_moment(v) for v in exdates} | {_moment(v) for v in replaced}
    found: set[datetime] = set()
    if lo_t <= first < hi_t and first not in skip:
        found.add(first)
    for value in rdates:
        moment = _moment(value)
        if lo_t <= moment < hi_t and moment not in skip:
            found.add(moment)
    if rule is not None and first < hi_t:
        budget = limit + len(skip)
        for moment in _rule_window(first, rule, tz, lo_t, hi_t, budget):
            if moment not in skip:
                found.add(moment)
    out = sorted(found)[:limit]
    return [m.date() for m in out] if all_day else list(out)


def occurrences(
    event: Event, lo: date, hi: date, *, replaced: Collection[date] = (), limit: int | None = None
) -> list[date]:
    """`expand` for a stored event: the starts of its occurrences in `[lo, hi)` (its own start
    alone when it does not repeat)."""
    repeat = event.repeat
    if repeat is None:
        return [event.start] if _moment(lo) <= _moment(event.start) < _moment(hi) else []
    return expand(
        event.start,
        repeat.rule,
        lo,
        hi,
        rdates=repeat.rdates,
        exdates=repeat.exdates,
        replaced=replaced,
        tz=event.tz,
        limit=MAX_WINDOW_OCCURRENCES if limit is None else limit,
    )


def last_start(
    start: date, rule: str | None, rdates: Iterable[date] = (), tz: str | None = None
) -> date | None:
    """The start of a series' last occurrence at the latest (a bound: an EXDATE may take it
    out), or None when the series has no end."""
    last = _moment(start)
    if rule is not None:
        end = _rule_end(last, rule, tz)
        if end is None:
            return None
        last = max(last, end)
    for value in rdates:
        last = max(last, _moment(value))
    return last if isinstance(start, datetime) else last.date()


def _moment(value: date) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    return datetime.combine(value, time())


def _rule_end(start: datetime, rule: str, tz: str | None) -> datetime | None:
    parts = rule_parts(rule)
    if "COUNT" in parts:
        return _counted_end(start, rule, tz)
    if "UNTIL" in parts:
        return _until(parts["UNTIL"], tz)
    return None


@lru_cache(maxsize=4096)
def _until(text: str, tz: str | None) -> datetime:
    """UNTIL on the series' wall clock: a date means its whole day; a UTC time, moved to `tz`.
    (Cached, and read by slicing: strptime was a tenth of a window's expansion.)"""
    day = (int(text[:4]), int(text[4:6]), int(text[6:8]))
    if len(text) == 8:
        return datetime(*day, 23, 59, 59)
    moment = datetime(*day, int(text[9:11]), int(text[11:13]), int(text[13:15]))
    if text.endswith("Z") and tz and tz != "UTC":
        moment = moment.replace(tzinfo=UTC).astimezone(ZoneInfo(tz)).replace(tzinfo=None)
    return moment


@lru_cache(maxsize=4096)
def _counted_end(start: datetime, rule: str, tz: str | None) -> datetime | None:
    """The last occurrence of a counted rule (RFC 5545: the first start counts as the first
    occurrence even when the rule would not give it). None when the rule gives only the start."""
    from dateutil.rrule import rrulestr  # type: ignore[import-untyped]

    parsed = rrulestr(rule, dtstart=start)
    items = list(parsed)  # COUNT is at most rrules.MAX_COUNT
    if items and items[0] != start:
        items = items[:-1]
    return items[-1] if items else None


def _rule_window(
    start: datetime, rule: str, tz: str | None, lo: datetime, hi: datetime, budget: int
) -> list[datetime]:
    plan = _plan(rule)
    if plan is not None:
        return _simple_window(start, plan, tz, lo, hi, budget)
    return _dateutil_window(start, rule, tz, lo, hi, budget)


def _dateutil_window(
    start: datetime, rule: str, tz: str | None, lo: datetime, hi: datetime, budget: int
) -> list[datetime]:
    parsed = _restarted(start, rule, tz, lo)
    out: list[datetime] = []
    for moment in parsed:
        if moment >= hi or len(out) >= budget:
            break
        if moment >= lo:
            out.append(moment)
    return out


_SIMPLE = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST"})


@lru_cache(maxsize=4096)
def _plan(rule: str) -> tuple[str, int, int | None, str | None] | None:
    """(FREQ, INTERVAL, COUNT, UNTIL) of a rule with no BY* part (every n years, months, weeks or
    days: most series), which `_simple_window` expands; None for any other rule."""
    parts = _parts(rule)
    freq = parts["FREQ"]
    if parts.keys() - _SIMPLE or freq not in ("YEARLY", "MONTHLY", "WEEKLY", "DAILY"):
        return None
    count = int(parts["COUNT"]) if "COUNT" in parts else None
    return freq, int(parts.get("INTERVAL", "1")), count, parts.get("UNTIL")


def _simple_window(
    start: datetime,
    plan: tuple[str, int, int | None, str | None],
    tz: str | None,
    lo: datetime,
    hi: datetime,
    budget: int,
) -> list[datetime]:
    """The occurrences of a `_plan`'s rule in [lo, hi), by arithmetic and without dateutil."""
    freq, step, count, until_text = plan
    until = _until(until_text, tz) if until_text else None
    out: list[datetime] = []
    if freq in ("WEEKLY", "DAILY"):
        every = timedelta(days=step * (7 if freq == "WEEKLY" else 1))
        k = max(0, -((start - lo) // every))
        moment = start + k * every
        while moment < hi and len(out) < budget:
            if (until is not None and moment > until) or (count is not None and k >= count):
                break
            out.append(moment)
            k += 1
            moment += every
        return out
    months = 12 * step if freq == "YEARLY" else step
    # a counted rule whose day some months lack (the 29th to the 31st) counts the periods that
    # have it: its n-th occurrence is not in the n-th period, so it is walked from the start
    walk = count is not None and start.day > 28
    gone = (lo.year - start.year) * 12 + lo.month - start.month
    k = 0 if walk else max(0, gone // months - 1)
    seen = 0  # occurrences from the start on, when walked
    while len(out) < budget:
        if count is not None and (seen if walk else k) >= count:
            break
        index = start.month - 1 + k * months
        year, month = start.year + index // 12, index % 12 + 1
        if year > LAST_DAY.year:
            break
        k += 1
        if start.day > _days_in(year, month):
            continue
        seen += 1
        moment = start.replace(year=year, month=month)
        if moment >= hi or (until is not None and moment > until):
            break
        if moment >= lo:
            out.append(moment)
    return out


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _restarted(start: datetime, rule: str, tz: str | None, lo: datetime) -> rrule:
    """The rule as a dateutil rrule that gives the series' occurrences from about one period
    before `lo` on, without walking from `start`."""
    from dateutil.rrule import rrulestr  # type: ignore[import-untyped]

    parts = rule_parts(rule)
    end: datetime | None = None
    if "COUNT" in parts or "UNTIL" in parts:
        end = _rule_end(start, rule, tz)
        if end is None:
            return rrulestr("FREQ=DAILY;COUNT=1", dtstart=start + timedelta(days=1))
        parts.pop("COUNT", None)
        parts["UNTIL"] = f"{min(end, datetime(LAST_DAY.year, 12, 31, 23, 59, 59)):%Y%m%dT%H%M%S}"
    freq = parts["FREQ"]
    step = int(parts.get("INTERVAL", "1"))
    restart = start
    if lo > start:
        restart = _jump(start, freq, step, lo, parts)
    text = ";".join(f"{k}={v}" for k, v in parts.items())
    return rrulestr(text, dtstart=restart)


def _jump(start: datetime, freq: str, step: int, lo: datetime, parts: dict[str, str]) -> datetime:
    """A start a whole number of periods after `start` and at least one period before `lo`;
    `parts` gains the days that dateutil would have read from the first start."""
    if not any(p in parts for p in ("BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY")):
        if freq == "YEARLY":
            parts.setdefault("BYMONTH", str(start.month))
            parts["BYMONTHDAY"] = str(start.day)
        elif freq == "MONTHLY":
            parts["BYMONTHDAY"] = str(start.day)
        elif freq == "WEEKLY":
            parts["BYDAY"] = _DAYS[start.weekday()]
    if freq == "YEARLY":
        periods = lo.year - start.year
    elif freq == "MONTHLY":
        periods = (lo.year - start.year) * 12 + lo.month - start.month
    elif freq == "WEEKLY":
        periods = (lo - start).days // 7
    elif freq == "DAILY":
        periods = (lo - start).days
    else:
        periods = int((lo - start).total_seconds()) // _SECONDS[freq]
    moved = (periods // step - 1) * step
    if moved <= 0:
        return start
    if freq == "YEARLY":
        return start.replace(year=start.year + moved, month=1, day=1)
    if freq == "MONTHLY":
        months = start.month - 1 + moved
        return start.replace(year=start.year + months // 12, month=months % 12 + 1, day=1)
    if freq == "WEEKLY":
        return start + timedelta(weeks=moved)
    if freq == "DAILY":
        return start + timedelta(days=moved)
    return start + timedelta(seconds=moved * _SECONDS[freq])


# -- keys --------------------------------------------------------------------------------------

_KEY = r"^(?P<id>.+)/(?P<when>\d{8}(T\d{6})?)$"  # compiled (re imported) on first use


def occurrence_key(series_id: str, start: date) -> str:
    """The stable name of one occurrence: the series' id and its original start, as
    `summit-2026/20260916` or `council/20260105T100000` (what `show` and `edit` accept)."""
    if start.year < 1000:  # strftime's %Y has no leading zeros there
        if isinstance(start, datetime):
            return f"{series_id}/{start:%Y%m%dT%H%M%S}"
        return f"{series_id}/{start:%Y%m%d}"
    # the same text without strftime (a fifth of the cost: a window names every occurrence)
    day = f"{series_id}/{start.year}{start.month:02}{start.day:02}"
    if isinstance(start, datetime):
        return f"{day}T{start.hour:02}{start.minute:02}{start.second:02}"
    return day


def parse_occurrence_key(text: str) -> tuple[str, date] | None:
    """(series id, original start) from an occurrence key, or None when `text` is not one."""
    match = _re().match(_KEY, text.strip())
    if not match:
        return None
    when = match["when"]  # 8 digits, or 8, "T" and 6: each part has its two (or four) digits
    try:
        day = date(int(when[:4]), int(when[4:6]), int(when[6:8]))
        if "T" in when:
            hour, minute, second = int(when[9:11]), int(when[11:13]), int(when[13:15])
            return match["id"], datetime(day.year, day.month, day.day, hour, minute, second)
        return match["id"], day
    except ValueError:  # as strptime's: no such day or time
        return None


# -- words -------------------------------------------------------------------------------------


def describe(
    start: date,
    rule: str | None,
    rdates: Collection[date] = (),
    exdates: Collection[date] = (),
) -> str:
    """The series in words, as people say it: "every year on 16 September until 16 September
    2030", "every 2 weeks on Monday and Thursday, 10 times"."""
    words: list[str] = []
    if rule is not None:
        words.append(_rule_words(start, rule))
    if rdates:
        n = len(rdates)
        words.append(("also " if rule else "") + f"on {n} date{'s' if n != 1 else ''}")
    if exdates:
        n = len(exdates)
        words.append(f"except {n} date{'s' if n != 1 else ''}")
    return "; ".join(words) or "once"


def _rule_words(start: date, rule: str) -> str:
    parts = rule_parts(rule)
    freq = parts.pop("FREQ")
    step = int(parts.pop("INTERVAL", "1"))
    unit = _UNITS[freq]
    text = f"every {unit}" if step == 1 else f"every {step} {unit}s"
    months = [int(m) for m in parts.pop("BYMONTH").split(",")] if "BYMONTH" in parts else []
    days = parts.pop("BYDAY").split(",") if "BYDAY" in parts else []
    month_days = parts.pop("BYMONTHDAY").split(",") if "BYMONTHDAY" in parts else []
    plain = not any(p in parts for p in ("BYWEEKNO", "BYYEARDAY"))
    if freq == "YEARLY" and plain and not days:
        month_days = month_days or [str(start.day)]
        months = months or [start.month]
        text += " on " + _and([f"{d} {_MONTHS[m - 1]}" for m in months for d in month_days])
        months, month_days = [], []
    elif freq == "MONTHLY" and plain and not days:
        month_days = month_days or [str(start.day)]
        text += " on " + _and([_month_day(int(d)) for d in month_days])
        month_days = []
    elif freq == "WEEKLY" and not days:
        days = [_DAYS[start.weekday()]]
    if days:
        text += " on " + _and([_weekday(d) for d in days])
    if month_days:
        text += " on " + _and([_month_day(int(d)) for d in month_days])
    if months:
        text += " in " + _and([_MONTHS[m - 1] for m in months])
    until = parts.pop("UNTIL", None)
    count = parts.pop("COUNT", None)
    parts.pop("WKST", None)
    if parts:
        text += " (" + ";".join(f"{k}={v}" for k, v in parts.items()) + ")"
    if until:
        moment = _until(until, None)
        text += f" until {moment.day} {_MONTHS[moment.month - 1]} {moment.year}"
    elif count:
        text += ", once" if count == "1" else f", {count} times"
    return text


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}


def _ordinal(n: int) -> str:
    if n in _ORDINALS:
        return _ORDINALS[n]
    if n == -2:
        return "second to last"
    if n < 0:
        return f"{_suffix(-n)} from last"
    return _suffix(n)


def _suffix(n: int) -> str:
    tail = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{tail}"


def _weekday(text: str) -> str:
    name = _DAY_NAMES[_DAYS.index(text[-2:])]
    number = text[:-2]
    return f"the {_ordinal(int(number))} {name}" if number else name


def _month_day(n: int) -> str:
    if n == -1:
        return "the last day"
    return f"the {_suffix(n)}" if n > 0 else f"the {_suffix(-n)} day from the end"


def next_starts(event: Event, after: date, count: int, *, horizon_days: int = 3660) -> list[date]:
    """The next `count` occurrence starts from `after` on (within about ten years)."""
    lo = after
    if isinstance(event.start, datetime) and not isinstance(after, datetime):
        lo = datetime.combine(after, time())
    if not isinstance(event.start, datetime) and isinstance(after, datetime):
        lo = after.date()
    hi = min(_moment(lo) + timedelta(days=horizon_days), datetime.combine(LAST_DAY, time()))
    hi_v: date = hi if isinstance(event.start, datetime) else hi.date()
    return occurrences(event, lo, hi_v, limit=count)


def _re() -> ModuleType:
    """The `re` module, imported on first use: `agenda list` of a store without series does not
    need it (issue 13.4; tests/cli/test_quick.py)."""
    import re

    return re
