"""The text of an RRULE value (RFC 5545 3.3.10): its parts, the checks that make it safe to
expand, and the rules that match no day. Pure string work, no dateutil: the model validates a
`Repeat` with it (agenda.core.models) and the iCalendar reader refuses a bad RRULE line with the
same messages (agenda.ics.recur). Expansion is agenda.core.recurrence's.
"""

from __future__ import annotations

from datetime import date, datetime

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from types import ModuleType

FREQS = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY")
"""The values of FREQ, coarsest first."""
MAX_COUNT = 100_000
"""The largest COUNT a rule may give: a daily series of 270 years. A series is expanded per window
read, and a counted one must be counted from its start to know where it ends."""
_PARTS = {
    "FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY",
    "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST",
}  # fmt: skip
_UNTIL = r"^\d{8}(T\d{6}Z?)?$"  # compiled (re imported) on first use
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def rule_parts(rule: str) -> dict[str, str]:
    """The NAME=VALUE parts of a rule, names and values upper-cased (a later part wins)."""
    parts: dict[str, str] = {}
    for part in rule.strip().upper().split(";"):
        if part:
            name, _, value = part.partition("=")
            parts[name.strip()] = value.strip()
    return parts


def rule_error(rule: str) -> str | None:
    """Why `rule` cannot be a series' rule, in one line, or None: FREQ missing or unknown, a part
    unknown or given twice, COUNT with UNTIL, a number out of its range (`rule_problem`), an UNTIL
    that is no date, or a rule that matches no day at all (30 February)."""
    text = rule.strip()
    if not text:
        return "the rule is empty (give FREQ=YEARLY, MONTHLY, WEEKLY or DAILY at least)"
    if text.upper().startswith("RRULE:"):
        return "give the rule without the 'RRULE:' prefix"
    names = [p.partition("=")[0].strip().upper() for p in text.split(";") if p.strip()]
    for name in names:
        if name not in _PARTS:
            return f"{name[:20]!r} is not a part of a rule (RFC 5545 3.3.10)"
        if names.count(name) > 1:
            return f"{name} is given twice"
    parts = rule_parts(text)
    if "FREQ" not in parts:
        return "FREQ is missing (as in FREQ=YEARLY)"
    if parts["FREQ"] not in FREQS:
        return f"FREQ={parts['FREQ'][:12]} is not one of {', '.join(FREQS)}"
    if "COUNT" in parts and "UNTIL" in parts:
        return "COUNT and UNTIL cannot both be given (one says how many, the other until when)"
    if "COUNT" in parts:
        count = parts["COUNT"]
        if not count.isdigit() or len(count) > 7 or not 1 <= int(count) <= MAX_COUNT:
            return f"COUNT={count[:12]} is not a whole number from 1 to {MAX_COUNT:,}"
    if "UNTIL" in parts and not _re().match(_UNTIL, parts["UNTIL"]):
        return f"UNTIL={parts['UNTIL'][:20]} is not a date (YYYYMMDD or YYYYMMDDTHHMMSS[Z])"
    if "WKST" in parts and parts["WKST"] not in _DAYS:
        return f"WKST={parts['WKST'][:12]} is not a day (MO to SU)"
    problem = rule_problem(text)
    if problem:
        return problem
    if no_day(text):
        return "it matches no day of any year (as 30 February)"
    return None


_RULE_RANGES = {
    "BYSECOND": (0, 60, False),
    "BYMINUTE": (0, 59, False),
    "BYHOUR": (0, 23, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
}


_BYDAY = r"^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$"  # compiled (re imported) on first use


def rule_problem(rule: str) -> str | None:
    """What is wrong with the parts of an RRULE that dateutil would loop on or crash over."""
    parts = rule.strip().upper().split(";")
    if "BYWEEKNO=" in rule.upper() and "FREQ=YEARLY" not in parts:
        return "BYWEEKNO is for FREQ=YEARLY only (RFC 5545)"
    for part in parts:
        name, _, value = part.partition("=")
        if name == "INTERVAL":
            if not value.isdigit() or not 1 <= int(value[:6]) <= 99999 or len(value) > 6:
                return f"INTERVAL={value[:12]} is not a whole number from 1 to 99999"
        elif name in _RULE_RANGES:
            low, high, signed = _RULE_RANGES[name]
            for item in value.split(","):
                digits = item[1:] if signed and item[:1] in "+-" else item
                if not digits.isdigit() or len(digits) > 3 or not low <= int(digits) <= high:
                    span = f"{low} to {high}" + (f", or -{high} to -1" if signed else "")
                    return f"{name}={item[:12]} is not a whole number from {span}"
        elif name == "BYDAY":
            for item in value.split(","):
                m = _re().match(_BYDAY, item)
                if not m or (m[2] is not None and not 1 <= int(m[2]) <= 53):
                    return f"BYDAY={item[:12]} is not a day (MO to SU, with an optional -53 to 53)"
    return None


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def no_day(rule: str) -> bool:
    """True when BYMONTH, BYMONTHDAY and BYYEARDAY leave no day in any year (30 February,
    31 April, the 60th day in March...), or every BYSETPOS is past what a period can hold:
    instant where dateutil would search every period up to the year 9999 for one."""
    parts = dict(p.partition("=")[::2] for p in rule.strip().upper().split(";"))
    if "BYSETPOS" in parts and _past_every_period(parts):
        return True
    if "BYWEEKNO" in parts and "BYMONTH" in parts:
        # the months a week can touch, widened by days to spare (week 1 may begin 29 December)
        touched: set[int] = set()
        for week in (int(w) for w in parts["BYWEEKNO"].split(",")):
            for n in (week,) if week > 0 else (53 + 1 + week, 52 + 1 + week):
                for year_day in range(7 * (n - 1) - 4, 7 * n + 5):
                    touched.add(_month_of(year_day))
        if not touched & {int(m) for m in parts["BYMONTH"].split(",")}:
            return True
    if "BYMONTHDAY" not in parts and "BYYEARDAY" not in parts:
        return False

    def numbers(name: str) -> set[int] | None:
        return {int(v) for v in parts[name].split(",")} if name in parts else None

    months = numbers("BYMONTH") or set(range(1, 13))
    month_days, year_days = numbers("BYMONTHDAY"), numbers("BYYEARDAY")
    for leap in (0, 1):
        lengths = [n + (leap if m == 1 else 0) for m, n in enumerate(_MONTH_DAYS)]
        for month in months:
            before, length = sum(lengths[: month - 1]), lengths[month - 1]
            for day in range(1, length + 1):
                if month_days is not None and not {day, day - length - 1} & month_days:
                    continue
                year_day = before + day
                if year_days is None or {year_day, year_day - 366 - leap} & year_days:
                    return False
    return True


def _month_of(year_day: int) -> int:
    """The month of a day of a common year counted from 1 (0 and below: December before; past
    365: January after)."""
    if year_day < 1:
        return 12
    for month, length in enumerate(_MONTH_DAYS, 1):
        if year_day <= length:
            return month
        year_day -= length
    return 1


def _past_every_period(parts: dict[str, str]) -> bool:
    """True when each BYSETPOS asks for a position beyond the most candidates one period (a
    year, month, week...) can have: an upper bound, so True only when certain."""

    def count(name: str) -> int:
        return len(parts[name].split(",")) if name in parts else 0

    freq = parts.get("FREQ", "")
    days = {"YEARLY": 366, "MONTHLY": 31, "WEEKLY": 7}.get(freq, 1)
    months = count("BYMONTH") or (12 if freq == "YEARLY" else 1)
    bounds = [days]
    if freq in ("YEARLY", "MONTHLY"):
        if count("BYMONTHDAY"):
            bounds.append(count("BYMONTHDAY") * months)
        if count("BYDAY"):
            ordinal = all(any(c.isdigit() for c in d) for d in parts["BYDAY"].split(","))
            per = 1 if ordinal else (53 if freq == "YEARLY" and not count("BYMONTH") else 5)
            bounds.append(count("BYDAY") * per * (months if count("BYMONTH") else 1))
        if count("BYMONTH") and freq == "YEARLY":
            bounds.append(31 * months)
    if freq == "YEARLY" and count("BYYEARDAY"):
        bounds.append(count("BYYEARDAY"))
    if freq == "YEARLY" and count("BYWEEKNO"):
        bounds.append(7 * count("BYWEEKNO"))
    if freq == "WEEKLY" and count("BYDAY"):
        bounds.append(count("BYDAY"))
    finer = {"YEARLY": 3, "MONTHLY": 3, "WEEKLY": 3, "DAILY": 3, "HOURLY": 2, "MINUTELY": 1}
    times = 1
    for name in ("BYSECOND", "BYMINUTE", "BYHOUR")[: finer.get(freq, 0)]:
        times *= count(name) or 1
    most = min(bounds) * times
    return all(abs(int(p)) > most for p in parts["BYSETPOS"].split(","))


SIMPLE = ("yearly", "monthly", "weekly", "daily")
"""The repeats a person picks by name (`agenda add --repeat`, the UI form)."""


def simple_rule(
    freq: str,
    *,
    start: date,
    interval: int = 1,
    until: date | None = None,
    count: int | None = None,
) -> str:
    """The rule of "every `interval` years/months/weeks/days from `start`, until a day or a
    number of times"; ValueError with a one-line message when the parts do not make one."""
    name = freq.strip().lower()
    if name not in SIMPLE:
        raise ValueError(f"{freq!r} is not one of {', '.join(SIMPLE)}")
    if until is not None and count is not None:
        raise ValueError("give an end day (until) or a number of times (count), not both")
    if not 1 <= interval <= 99999:
        raise ValueError(f"interval {interval} is not a whole number from 1 to 99999")
    parts = [f"FREQ={name.upper()}"]
    if interval != 1:
        parts.append(f"INTERVAL={interval}")
    if until is not None:
        day = until.date() if isinstance(until, datetime) else until
        first = start.date() if isinstance(start, datetime) else start
        if day < first:
            raise ValueError(f"the repeat ends ({day}) before the start ({first})")
        parts.append(f"UNTIL={day:%Y%m%d}")
    if count is not None:
        if not 1 <= count <= MAX_COUNT:
            raise ValueError(f"count {count} is not a whole number from 1 to {MAX_COUNT:,}")
        parts.append(f"COUNT={count}")
    return ";".join(parts)


def simple_parts(rule: str) -> tuple[str, int, date | None, int | None] | None:
    """(name, interval, until day, count) of a rule `simple_rule` could have made, else None."""
    parts = rule_parts(rule)
    if parts.keys() - {"FREQ", "INTERVAL", "UNTIL", "COUNT"}:
        return None
    name = parts.get("FREQ", "").lower()
    if name not in SIMPLE:
        return None
    until = parts.get("UNTIL")
    day = datetime.strptime(until[:8], "%Y%m%d").date() if until else None
    count = int(parts["COUNT"]) if "COUNT" in parts else None
    return name, int(parts.get("INTERVAL", "1")), day, count


def _re() -> ModuleType:
    """The `re` module, imported on first use: `agenda list` of a store without series does not
    need it (issue 13.4; tests/cli/test_quick.py)."""
    import re

    return re
