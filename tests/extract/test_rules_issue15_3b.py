"""General rules of the second round of issue 15.3 (branch extract5: what blind_final3 showed:
bullet programmes with no day heading, places in a slot the gazetteer lacks, ...), each on a
short text written for the test; none is a scored article (docs/extract.md, "The pipeline")."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from agenda.extract import extract
from agenda.extract.places import find_cities, find_countries

BULLETS = """Leaders of the Andean Community meet in Quito on Thursday, 11 June, for their summit.

{intro}
- 10:00 Plenary session of the heads of state
- 12:30 Closing press conference

Ministers meet the day before.
"""


@pytest.mark.parametrize(
    "intro",
    [
        "Programme (times local):",
        "According to the schedule circulated to delegations (local time):",
        "Programme for Thursday, subject to change:",
    ],
)
def test_bullet_lines_under_a_programme_line_are_items_of_the_day_it_or_the_lead_names(
    intro: str,
) -> None:
    found = extract(BULLETS.format(intro=intro), date(2026, 6, 8))
    summit = next(p for p in found if p.kind == "summit")
    session = next(p for p in found if p.kind == "meeting")
    press = next(p for p in found if "press conference" in p.title.lower())
    assert session.start == datetime(2026, 6, 11, 10, 0)
    assert press.start == datetime(2026, 6, 11, 12, 30)
    assert session.parent == summit.key and press.parent == summit.key
    assert (session.location or {}).get("city") == "Quito"


def test_a_town_the_gazetteer_lacks_is_where_the_event_is_not_the_datelines_city() -> None:
    text = (
        "LA PAZ - Presidents of the Andean Community meet on Thursday, 11 June, in the Bolivian "
        "border town of Puerto Quillacollo for the summit of the bloc."
    )
    found = extract(text, date(2026, 6, 8))
    summit = next(p for p in found if p.kind == "summit")
    assert (summit.location or {}).get("city") == "Puerto Quillacollo"
    assert (summit.location or {}).get("country") == "Bolivia"


def test_an_adjective_in_ian_is_the_country_in_ia_before_the_one_in_n() -> None:
    assert find_countries("the Nigerian capital") == [("Nigeria", (4, 12))]


def test_a_session_of_an_authority_of_heads_of_state_is_a_summit() -> None:
    text = (
        "The 12th Ordinary Session of the Andean Authority of Heads of State and Government "
        "opens in Quito on Thursday, 11 June."
    )
    found = extract(text, date(2026, 6, 8))
    assert [p.kind for p in found] == ["summit"]


def test_talks_in_a_format_during_a_visit_are_one_bilateral_per_format() -> None:
    text = (
        "The President of Ruritania will pay a state visit to Portugal on 3-4 June 2026.\n\n"
        "The programme of the visit provides for talks in restricted format between the two "
        "Heads of State, followed by talks in extended format with the delegations."
    )
    found = extract(text, date(2026, 5, 20))
    visit = next(p for p in found if p.kind == "visit")
    talks = [p for p in found if p.parent == visit.key and "format" in p.title]
    assert [p.kind for p in talks] == ["bilateral", "bilateral"]


MOURNING = """LISBON, June 1 (Agency) - Leaders head to Porto for a memorial service for the former
president on Tuesday, officials said on Monday. Gates open at 7 a.m. and the programme begins at
10 a.m. local time.

From Wednesday to Friday, his body will lie in state at the parliament in Lisbon.

The state funeral will take place on Sunday in Vila Quente, the village in the north where he
was born.
"""


def test_a_memorial_service_and_a_lying_in_state_are_occasions_not_visits() -> None:
    found = extract(MOURNING, date(2026, 6, 1))
    assert all(p.kind == "other" for p in found)
    memorial = next(p for p in found if p.title.startswith("Memorial service"))
    assert memorial.start == datetime(2026, 6, 2, 10, 0)
    assert (memorial.location or {}).get("city") == "Porto"
    lying = next(p for p in found if p.title.startswith("Lying in state"))
    assert (lying.start, lying.end, lying.precision) == (
        date(2026, 6, 3),
        date(2026, 6, 5),
        "range",
    )
    assert (lying.location or {}).get("city") == "Lisbon"


def test_a_village_named_before_its_noun_is_a_place_of_the_datelines_country() -> None:
    funeral = next(p for p in extract(MOURNING, date(2026, 6, 1)) if "funeral" in p.title.lower())
    assert (funeral.location or {}).get("city") == "Vila Quente"
    assert (funeral.location or {}).get("country") == "Portugal"


def test_what_a_report_says_was_held_on_its_day_is_held_inside_the_visit() -> None:
    text = (
        "LISBON, June 6 (Agency) - President Ana Ruiz of Ruritania gave a speech at the Gulbenkian "
        "Foundation in Lisbon on Saturday.\n\n"
        "Ruiz arrived in Lisbon on Friday evening for a state visit that runs until Sunday. She "
        "held talks with President Marcelo Rebelo de Sousa on Saturday morning, after which the "
        "two leaders watched ministers sign 12 agreements."
    )
    found = extract(text, date(2026, 6, 6))
    visit = next(p for p in found if p.kind == "visit")
    assert (visit.start, visit.end) == (date(2026, 6, 5), date(2026, 6, 7))
    held = [p for p in found if p.status == "held"]
    assert sorted((p.kind, p.title) for p in held) == [
        ("bilateral", "Talks with Marcelo Rebelo de Sousa"),
        ("other", "Signing of agreements"),
        ("other", "Speech at the Gulbenkian Foundation"),
    ]
    assert all(p.parent == visit.key and p.start == date(2026, 6, 6) for p in held)


def test_a_city_state_named_as_its_capital_is_a_city() -> None:
    found = extract(
        "European Union leaders will meet in Luxembourg on 11 June for a summit.", date(2026, 6, 1)
    )
    assert (found[0].location or {}).get("city") == "Luxembourg"
    assert find_cities("Ministers meet in France on Friday.") == []


def test_a_sentence_that_only_says_how_long_meetings_run_ends_the_summit_before_it() -> None:
    text = (
        "TUESDAY 9 JUNE\n"
        "The 12th Andean Summit opens in Quito, with a plenary at the convention centre and a "
        "gala dinner in the evening. Meetings run until Thursday.\n"
    )
    found = extract(text, date(2026, 6, 7))
    summit = next(p for p in found if p.kind == "summit")
    assert (summit.start, summit.end, summit.precision) == (
        date(2026, 6, 9),
        date(2026, 6, 11),
        "range",
    )
    assert not any("run" in p.title.lower() for p in found)
    assert any(p.parent == summit.key and p.kind == "meeting" for p in found)


def test_honorifics_are_no_part_of_a_name() -> None:
    from agenda.extract.people import find_people

    people = find_people(
        "At the invitation of the President of Portugal, His Excellency Ivan Petrov, the "
        "minister will call on the Prime Minister of Portugal, H.E. Mr. Pavel Novak."
    )
    assert sorted(p.name for p, _ in people) == ["Ivan Petrov", "Pavel Novak"]


def test_a_timetable_line_may_have_one_space_and_a_heading_its_place_in_brackets() -> None:
    text = (
        "The President of Ruritania will pay a state visit to Portugal, 3-5 June 2026.\n\n"
        "Wednesday, 3 June\n"
        "10:00 Official welcome ceremony at the palace\n"
        "11:30 Meeting with the Prime Minister\n\n"
        "Thursday, 4 June (Porto)\n"
        "12:00 State luncheon hosted by the mayor\n"
    )
    found = extract(text, date(2026, 5, 20))
    got = {p.title: p for p in found if p.parent}
    welcome = next(p for t, p in got.items() if t.startswith("Official welcome ceremony"))
    assert welcome.start == datetime(2026, 6, 3, 10, 0)
    talks = next(p for t, p in got.items() if t.startswith("Meeting with the Prime Minister"))
    assert (talks.kind, talks.start) == ("bilateral", datetime(2026, 6, 3, 11, 30))
    lunch = next(p for t, p in got.items() if t.startswith("State luncheon"))
    assert (lunch.location or {}).get("city") == "Porto"


def test_a_city_name_before_citadel_or_university_is_the_building() -> None:
    assert find_cities("a visit to the Imperial Citadel and Nazarbayev University") == []


def test_a_programme_meeting_with_families_or_students_is_no_agenda_entry() -> None:
    from agenda.extract.frames import classify

    assert classify("Meeting with the Ruritanian families of former soldiers", "visit") is None
    assert classify("Meeting with Ruritanian university students", "visit") is None
    assert classify("Meeting with the President", "visit") == "bilateral"


def test_an_occasion_opening_a_sentence_under_a_day_heading_is_of_that_day() -> None:
    text = (
        "Diplomatic diary: the week of 8 June\n\n"
        "SUNDAY 7 JUNE\n"
        "The King hosts guests arriving for his father's funeral in Lisbon.\n\n"
        "MONDAY 8 JUNE\n"
        "The state funeral of King Pedro takes place at the cathedral in Lisbon at 11:00.\n"
    )
    found = extract(text, date(2026, 6, 5))
    funerals = [p for p in found if "funeral" in p.title.lower()]
    assert [p.start for p in funerals] == [datetime(2026, 6, 8, 11, 0)]


def test_a_welcome_reception_a_family_photograph_and_a_working_lunch_are_summit_items() -> None:
    text = (
        "Ruritania will host the Andean Leaders Meeting in Lisbon from 16 to 18 July 2026.\n\n"
        "On 16 July, the Foreign Minister will host a welcome reception for the leaders. A "
        "family photograph will be taken on 18 July, and the Prime Minister will host a working "
        "lunch."
    )
    found = extract(text, date(2026, 7, 1))
    summit = next(p for p in found if p.kind == "summit")
    items = sorted(p.title.split(" (")[0] for p in found if p.parent == summit.key)
    assert items == ["Family photograph", "Welcome reception", "Working lunch"]


def test_a_city_of_several_countries_is_the_one_of_the_country_its_sentence_names() -> None:
    cities = find_cities("In Valparaiso, the new leader is sworn in as Chile's president.")
    assert [(p.city, p.country) for p, _, _ in cities] == [("Valparaiso", "Chile")]


def test_an_inauguration_of_a_week_ahead_is_on_its_sections_day_not_the_weeks() -> None:
    text = (
        "The week ahead: talks and an inauguration, 7-13 March\n\n"
        "FRIDAY 11 MARCH\n"
        "In Valparaiso, the new leader is sworn in as Chile's president at the National "
        "Congress.\n"
    )
    found = extract(text, date(2022, 3, 6))
    inauguration = next(p for p in found if "Inauguration" in p.title)
    assert (inauguration.start, inauguration.end) == (date(2022, 3, 11), date(2022, 3, 11))
    assert (inauguration.location or {}).get("country") == "Chile"
