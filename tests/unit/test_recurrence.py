"""Series in the model and their expansion (agenda.core.models.Repeat, agenda.core.recurrence)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr

from agenda.core.errors import ValidationProblem
from agenda.core.limits import MAX_WINDOW_OCCURRENCES
from agenda.core.models import Event, parse_event
from agenda.core.recurrence import (
    describe,
    expand,
    last_start,
    next_starts,
    occurrence_key,
    occurrences,
    parse_occurrence_key,
)
from agenda.core.rrules import rule_error


def _series(**repeat: object) -> Event:
    return Event(id="summit", title="Summit", start=date(2026, 9, 16), repeat=repeat)


def test_a_yearly_summit_until_2030() -> None:
    event = _series(rule="FREQ=YEARLY;UNTIL=20300916")
    got = occurrences(event, date(2020, 1, 1), date(2040, 1, 1))
    assert got == [date(y, 9, 16) for y in range(2026, 2031)]
    assert describe(event.start, event.repeat.rule) == (  # type: ignore[union-attr]
        "every year on 16 September until 16 September 2030"
    )


def test_words_for_a_counted_fortnightly_meeting() -> None:
    words = describe(date(2026, 1, 5), "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=10")
    assert words == "every 2 weeks on Monday and Thursday, 10 times"
    assert describe(date(2026, 1, 5), "FREQ=MONTHLY;BYDAY=-1FR") == "every month on the last Friday"
    assert describe(date(2026, 1, 15), "FREQ=MONTHLY") == "every month on the 15th"
    assert describe(date(2026, 1, 15), "FREQ=DAILY", exdates=[date(2026, 1, 16)]) == (
        "every day; except 1 date"
    )


def test_exdates_and_overrides_are_skipped() -> None:
    event = _series(rule="FREQ=YEARLY", exdates=["2027-09-16"])
    got = occurrences(event, date(2026, 1, 1), date(2030, 1, 1), replaced=[date(2028, 9, 16)])
    assert got == [date(2026, 9, 16), date(2029, 9, 16)]


def test_rdates_alone_make_a_series() -> None:
    event = _series(rdates=["2026-10-01", "2026-11-05"])
    assert occurrences(event, date(2026, 1, 1), date(2027, 1, 1)) == [
        date(2026, 9, 16),
        date(2026, 10, 1),
        date(2026, 11, 5),
    ]
    assert last_start(event.start, None, event.repeat.rdates) == date(2026, 11, 5)  # type: ignore[union-attr]


def test_the_window_is_half_open() -> None:
    event = _series(rule="FREQ=DAILY")
    assert occurrences(event, date(2026, 9, 17), date(2026, 9, 19)) == [
        date(2026, 9, 17),
        date(2026, 9, 18),
    ]


def test_an_unbounded_secondly_rule_is_capped_per_window() -> None:
    start = datetime(2026, 1, 1, 9)
    got = expand(start, "FREQ=SECONDLY", start, start + timedelta(days=30))
    assert len(got) == MAX_WINDOW_OCCURRENCES
    assert got[:2] == [start, start + timedelta(seconds=1)]
    assert last_start(start, "FREQ=SECONDLY") is None


RULES = [
    "FREQ=YEARLY",
    "FREQ=YEARLY;INTERVAL=3",
    "FREQ=YEARLY;BYMONTH=3,9;BYDAY=1MO",
    "FREQ=YEARLY;BYWEEKNO=20;BYDAY=TU",
    "FREQ=YEARLY;BYYEARDAY=100,-1",
    "FREQ=MONTHLY",
    "FREQ=MONTHLY;INTERVAL=5",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    "FREQ=WEEKLY;INTERVAL=3;WKST=SU;BYDAY=SU,SA",
    "FREQ=DAILY",
    "FREQ=DAILY;INTERVAL=7",
    "FREQ=HOURLY;INTERVAL=5",
    "FREQ=MINUTELY;INTERVAL=97;BYHOUR=9,10",
    "FREQ=DAILY;COUNT=4000",
    "FREQ=MONTHLY;UNTIL=20240131T100000",
]


@pytest.mark.parametrize("rule", [*RULES, "FREQ=MONTHLY;COUNT=30", "FREQ=YEARLY;COUNT=30"])
@pytest.mark.parametrize("first", [datetime(2004, 1, 31, 10, 0), datetime(2008, 2, 29, 23, 30)])
@pytest.mark.parametrize(
    ("lo", "hi"),
    [
        (datetime(2023, 12, 20), datetime(2024, 3, 10)),  # years after the start
        (datetime(2003, 12, 1), datetime(2008, 3, 2)),  # over the start
        (datetime(2008, 2, 29, 23, 30), datetime(2008, 3, 1)),  # one instant
    ],
)
def test_a_window_gives_what_a_walk_from_the_start_gives(
    rule: str, first: datetime, lo: datetime, hi: datetime
) -> None:
    walked = []
    for moment in rrulestr(rule, dtstart=first):
        if moment >= hi:
            break
        if moment >= lo:
            walked.append(moment)
    if lo <= first < hi and first not in walked:
        walked.insert(0, first)  # the first start is an occurrence even off the rule (RFC 5545)
    assert expand(first, rule, lo, hi) == walked[:MAX_WINDOW_OCCURRENCES]


def test_a_counted_rule_counts_a_start_off_the_rule_as_the_first() -> None:
    # 1 January 2026 is a Thursday: it counts, then two Mondays
    got = expand(
        date(2026, 1, 1), "FREQ=WEEKLY;BYDAY=MO;COUNT=3", date(2026, 1, 1), date(2027, 1, 1)
    )
    assert got == [date(2026, 1, 1), date(2026, 1, 5), date(2026, 1, 12)]


def test_until_in_utc_is_read_on_the_series_wall_clock() -> None:
    event = Event(
        id="council",
        title="Council",
        start=datetime(2026, 1, 5, 10, 0),
        tz="Europe/Brussels",
        repeat={"rule": "FREQ=WEEKLY;UNTIL=20260119T090000Z"},
    )
    got = occurrences(event, datetime(2026, 1, 1), datetime(2026, 3, 1))
    assert got == [datetime(2026, 1, 5, 10), datetime(2026, 1, 12, 10), datetime(2026, 1, 19, 10)]
    assert next_starts(event, date(2026, 1, 6), 5) == got[1:]


def test_occurrence_keys_round_trip() -> None:
    assert occurrence_key("summit", date(2026, 9, 16)) == "summit/20260916"
    key = occurrence_key("a/b", datetime(2026, 1, 5, 10))
    assert key == "a/b/20260105T100000"
    assert parse_occurrence_key(key) == ("a/b", datetime(2026, 1, 5, 10))
    assert parse_occurrence_key("summit") is None
    assert parse_occurrence_key("summit/20261399") is None


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("INTERVAL=2", "FREQ is missing"),
        ("FREQ=FORTNIGHTLY", "FREQ=FORTNIGHTLY is not one of"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0 is not a whole number from 1"),
        ("FREQ=YEARLY;COUNT=3;UNTIL=20300916", "COUNT and UNTIL cannot both be given"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY=32 is not a whole number"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "matches no day"),
        ("FREQ=DAILY;COLOUR=RED", "'COLOUR' is not a part of a rule"),
        ("RRULE:FREQ=DAILY", "without the 'RRULE:' prefix"),
        ("FREQ=DAILY;UNTIL=tomorrow", "UNTIL=TOMORROW is not a date"),
    ],
)
def test_bad_rules_are_refused_in_one_line(rule: str, message: str) -> None:
    assert message in (rule_error(rule) or "")
    with pytest.raises(ValidationProblem, match=message):
        parse_event({"id": "x", "title": "X", "start": "2026-09-16", "repeat": {"rule": rule}})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"repeat": {}}, "a series needs a rule or dates"),
        ({"repeat": {"rule": "FREQ=DAILY", "exdates": ["2026-09-17T10:00"]}}, "is not one of"),
        ({"repeat": {"rule": "FREQ=YEARLY;UNTIL=20250101"}}, "before the start"),
        ({"recurrence_of": "other"}, "gives both recurrence_of and its start"),
        ({"recurrence_of": "x", "recurrence_start": "2026-09-16"}, "override an occurrence of"),
        (
            {"recurrence_of": "s", "recurrence_start": "2026-09-16", "repeat": {"rdates": []}},
            "a series needs",
        ),
    ],
)
def test_series_rules_of_the_model(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationProblem, match=message):
        parse_event({"id": "x", "title": "X", "start": "2026-09-16", **data})


def test_an_override_names_its_series_and_start() -> None:
    event = parse_event(
        {
            "id": "summit/20270916",
            "title": "Summit (moved)",
            "start": "2027-09-20",
            "recurrence_of": "summit",
            "recurrence_start": "2027-09-16",
        }
    )
    assert event.recurrence_start == date(2027, 9, 16)
    assert event.repeat is None
