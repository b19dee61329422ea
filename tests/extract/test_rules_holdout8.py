"""General rules added after the blind score of tests/extract/holdout8 (docs/extract.md).

Every text here is written for the test; none is a scored article.
"""

from __future__ import annotations

from datetime import date, datetime

from agenda.extract import extract
from agenda.extract.details import outcomes
from agenda.extract.places import city, find_cities
from tests.extract.helpers import one


def test_st_abbreviation_is_the_larger_saint_city() -> None:
    place = city("St. Petersburg")
    assert place is not None and place.country == "Russia"
    assert place.name == "Saint Petersburg"


def test_first_name_is_not_a_city_but_a_forum_name_keeps_it() -> None:
    assert find_cities("Vladimir Putin said the talks went well.") == []
    got = find_cities("The Astana International Forum opens on Monday.")
    assert [p.name for p, _, _ in got] == ["Astana"]


def test_represented_capital_is_not_the_place() -> None:
    text = "Lavrov will represent Moscow at the East Asia Summit in Vientiane on 11 October."
    p = one(extract(text, date(2026, 10, 1)), "summit")
    assert p.location is not None and p.location["city"] == "Vientiane"


def test_news_conference_is_not_an_event() -> None:
    text = "EU leaders will meet in Brussels on Thursday, Charles Michel told a news conference."
    assert [p.kind for p in extract(text, date(2026, 3, 16))] == ["summit"]


def test_cancelled_unnamed_summit_does_not_absorb_a_named_one() -> None:
    text = (
        "A planned summit between Gulf leaders and Japan will not take place, officials said.\n\n"
        "Instead, the Japanese foreign minister will attend the Manama Dialogue Summit in "
        "Manama on 6 December."
    )
    p = one(extract(text, date(2026, 11, 20)), "summit")
    assert p.status == "announced" and p.start == date(2026, 12, 6)


def test_members_of_an_organization_name_the_events_organization() -> None:
    text = (
        "The council meeting will take place in Almaty on 20 May, a spokesman said.\n\n"
        "The heads of state of the Eurasian Economic Union will discuss the common market."
    )
    (p,) = extract(text, date(2026, 5, 4))
    assert p.organizations == ["EAEU"]


def test_time_without_a_date_joins_the_events_day() -> None:
    text = (
        "OSCE foreign ministers will meet in Vienna on Thursday, the chairmanship said.\n\n"
        "The meeting opens at 9:30 local time."
    )
    p = one(extract(text, date(2026, 12, 1)), "meeting")
    assert p.start == datetime(2026, 12, 3, 9, 30) and p.tz == "Europe/Vienna"


def test_are_to_adopt_and_sign_counted() -> None:
    got = outcomes("Ministers are to adopt a work plan and sign more than 12 documents.")
    assert [o.get("count") for o in got] == [None, 12]
    assert got[1]["count_is_minimum"] is True


def test_long_names_meet_as_a_bilateral_within_the_forum() -> None:
    text = (
        "Recep Tayyip Erdogan and President of Kazakhstan Kassym-Jomart Tokayev will meet in "
        "Astana on 30 May on the margins of the Astana International Forum, which will be held "
        "from 29 to 31 May, the presidency said."
    )
    found = extract(text, date(2026, 5, 18))
    forum = one(found, "conference")
    bilateral = one(found, "bilateral")
    assert forum.title == "Astana International Forum"
    assert (forum.start, forum.end) == (date(2026, 5, 29), date(2026, 5, 31))
    assert bilateral.start == date(2026, 5, 30) and bilateral.parent == forum.key
