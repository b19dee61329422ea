"""Date expressions resolved against the article date (one case per rule)."""

from __future__ import annotations

from datetime import date, time

import pytest

from agenda.extract.dates import find_dates

PUB = date(2021, 9, 14)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("on September 16", date(2021, 9, 16), date(2021, 9, 16), "exact"),
        ("on September 15-17", date(2021, 9, 15), date(2021, 9, 17), "range"),
        ("from 30 September to 2 October", date(2021, 9, 30), date(2021, 10, 2), "range"),
        ("from December 30 to January 2", date(2021, 12, 30), date(2022, 1, 2), "range"),
        ("between 3 and 5 February", date(2022, 2, 3), date(2022, 2, 5), "range"),
        ("on 16 March 2023", date(2023, 3, 16), date(2023, 3, 16), "exact"),
        ("in October", date(2021, 10, 1), date(2021, 10, 31), "month"),
        ("in April", date(2022, 4, 1), date(2022, 4, 30), "month"),
        ("on Friday", date(2021, 9, 17), date(2021, 9, 17), "exact"),
        ("next Tuesday", date(2021, 9, 21), date(2021, 9, 21), "exact"),
        ("tomorrow", date(2021, 9, 15), date(2021, 9, 15), "exact"),
        ("from Monday to Wednesday", date(2021, 9, 20), date(2021, 9, 22), "range"),
    ],
)
def test_expression(text: str, start: date, end: date, precision: str) -> None:
    [got] = find_dates(f"The leaders will meet {text}.", PUB)
    assert (got.start, got.end, got.precision) == (start, end, precision)


def test_earlier_month_in_past_tense_stays_this_year() -> None:
    [got] = find_dates("The summit was held on March 3.", PUB, future=False)
    assert got.start == date(2021, 3, 3)


def test_time_of_day_and_zone() -> None:
    [got] = find_dates("It opens on 16 September at 10:00 local time.", PUB)
    assert got.time == time(10, 0) and got.zone == "local"
    [got] = find_dates("Talks start on Friday at 3 p.m. Moscow time.", PUB)
    assert got.time == time(15, 0) and got.zone == "Moscow"


def test_words_that_look_like_months_are_not_dates() -> None:
    assert find_dates("The sides may 5 times revisit it and march 3 km.", PUB) == []


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("at the end of the month", date(2021, 9, 1), date(2021, 9, 30)),
        ("later this month", date(2021, 9, 1), date(2021, 9, 30)),
        ("early next month", date(2021, 10, 1), date(2021, 10, 31)),
        ("on Thursday and Friday", date(2021, 9, 16), date(2021, 9, 17)),
        ("on November 30 - December 1", date(2021, 11, 30), date(2021, 12, 1)),
        ("from Aug. 22-24", date(2022, 8, 22), date(2022, 8, 24)),
    ],
)
def test_more_expressions(text: str, start: date, end: date) -> None:
    [got] = find_dates(f"The leaders will meet {text}.", PUB)
    assert (got.start, got.end) == (start, end)


def test_later_month_in_past_tense_is_last_year() -> None:
    [got] = find_dates("They last met in December.", PUB, future=False)
    assert (got.start, got.end) == (date(2020, 12, 1), date(2020, 12, 31))


def test_weekday_of_the_article_day_in_past_tense_is_that_day() -> None:
    # PUB is a Tuesday: "arrived on Tuesday" in that day's article is that day, not a week ago
    [got] = find_dates("He arrived on Tuesday.", PUB, future=False)
    assert got.start == PUB
