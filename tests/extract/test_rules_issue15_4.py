"""General rules of issue 15 round 4 (branch extract6: what the tuned blind sets showed of dates
and places on text not seen before), each on a short text written for the test; none is a scored
article (docs/extract.md, "The pipeline")."""

from __future__ import annotations

from datetime import date

from agenda.extract import extract
from agenda.extract.dates import find_dates
from agenda.extract.places import find_cities
from agenda.extract.text import NUMBER_WORDS
from tests.extract.helpers import one

# 2026-06-10 is a Wednesday
WEDNESDAY = date(2026, 6, 10)


def test_number_words_are_one_table() -> None:
    assert NUMBER_WORDS["one"] == 1
    assert NUMBER_WORDS["three"] == 3
    assert NUMBER_WORDS["twelve"] == 12


def test_the_publication_weekday_is_the_publication_day_even_in_a_future_sentence() -> None:
    days = find_dates("The ministers meet in Lima on Wednesday and Thursday.", WEDNESDAY)
    assert (days[0].start, days[0].end) == (WEDNESDAY, date(2026, 6, 11))
    days = find_dates(
        "The envoy is in Lima on Wednesday, where he is expected to speak.", WEDNESDAY
    )
    assert days[0].start == WEDNESDAY


def test_a_weekday_with_will_in_a_week_ahead_stays_the_next_one() -> None:
    days = find_dates("On Wednesday, she will fly to Rome.", WEDNESDAY)
    assert days[0].start == date(2026, 6, 17)


def test_next_weekday_still_means_the_week_after() -> None:
    days = find_dates("They will meet again next Wednesday.", WEDNESDAY)
    assert days[0].start == date(2026, 6, 17)


def test_a_day_told_after_follows_belongs_to_what_came_before() -> None:
    text = (
        "The Andean Community summit opens in Quito on Sunday, 14 June.\n\n"
        "The summit follows a meeting of trade ministers on Friday and Saturday, "
        "which will prepare the final declaration."
    )
    summit = one(extract(text, WEDNESDAY), "summit")
    assert summit.start == date(2026, 6, 14)


def test_the_city_where_a_spokesman_spoke_is_not_the_event_place() -> None:
    text = "The visit is a milestone, the spokeswoman told reporters in Lima on Monday."
    assert find_cities(text) == []


def test_a_chair_handover_day_is_no_event_day() -> None:
    text = (
        "The Andean Community summit will be held in Quito on 14 June.\n\n"
        "Peru takes over the chairmanship on 1 January 2027, and will host next year's summit."
    )
    found = extract(text, WEDNESDAY)
    assert [p.start for p in found if p.kind == "summit"] == [date(2026, 6, 14)]


def test_the_next_summit_is_of_the_body_of_the_summit_of_the_article() -> None:
    text = (
        "The ASEAN summit will be held in Vientiane on 14 June.\n\n"
        "The 50th summit is due in Manila in November 2026."
    )
    found = extract(text, WEDNESDAY)
    manila = next(p for p in found if (p.location or {}).get("city") == "Manila")
    assert manila.organizations == ["ASEAN"]
    assert (manila.start, manila.precision) == (date(2026, 11, 1), "month")


def test_until_a_month_when_the_next_summit_dates_the_when_clause() -> None:
    text = (
        "The ASEAN summit will be held in Vientiane on 14 June.\n\n"
        "Laos holds the chair until November, when the next summit is expected in Manila."
    )
    found = extract(text, WEDNESDAY)
    manila = next(p for p in found if (p.location or {}).get("city") == "Manila")
    assert (manila.start, manila.end, manila.precision) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
        "month",
    )


def test_a_leg_gets_its_own_days_not_the_whole_trips() -> None:
    text = (
        "Visit of the President to Peru and Chile (22-25 June 2026)\n\n"
        "The President will pay a state visit to Peru on 22-23 June 2026.\n\n"
        "He will then travel to Chile on 24-25 June 2026."
    )
    found = extract(text, WEDNESDAY)
    peru = next(
        p for p in found if p.kind == "visit" and (p.location or {}).get("country") == "Peru"
    )
    assert (peru.start, peru.end) == (date(2026, 6, 22), date(2026, 6, 23))


def test_talks_with_other_people_during_a_visit_are_another_bilateral() -> None:
    text = (
        "The President will pay a state visit to Chile on 22-23 June 2026.\n\n"
        "He will hold talks with President Gabriel Boric.\n\n"
        "He will also meet Senate President Manuel Ossandon."
    )
    found = extract(text, WEDNESDAY)
    talks = [p for p in found if p.kind == "bilateral"]
    assert len(talks) == 2, [(p.kind, p.title) for p in found]
