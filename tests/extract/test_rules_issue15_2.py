"""General rules of issue 15.2 (recall on unseen text: places, week-ahead sections, talks with
several people, visitor and host), each on a short text written for the test; none is a scored
article (docs/extract.md, "Blind sets of issue 15")."""

from __future__ import annotations

from datetime import date

from agenda.extract import extract
from agenda.extract.places import city
from tests.extract.helpers import one


def test_a_city_keeps_the_articles_spelling_of_an_alternate_name() -> None:
    place = city("Ulaanbaatar")
    assert place is not None and place.city == "Ulaanbaatar" and place.country == "Mongolia"


def test_a_short_form_is_written_as_the_gazetteer_does() -> None:
    place = city("New York")
    assert place is not None and place.city == "New York City"


def test_a_city_in_capitals_is_written_as_the_gazetteer_does() -> None:
    place = city("MEXICO CITY")
    assert place is not None and place.city == "Mexico City"


def test_visit_to_a_city_spelled_otherwise_is_at_that_city() -> None:
    text = "The Kazakh president will pay an official visit to Ulaanbaatar on 12 May."
    p = one(extract(text, date(2026, 5, 1)), "visit")
    assert p.location is not None and p.location["city"] == "Ulaanbaatar"


def test_which_clause_gives_the_events_days_not_the_arrival() -> None:
    # 2026-06-10 is a Wednesday
    text = (
        "Leaders begin arriving in Lisbon on Thursday for the NATO summit, which Portugal will "
        "host on Friday and Saturday."
    )
    p = one(extract(text, date(2026, 6, 10)), "summit")
    assert (p.start, p.end) == (date(2026, 6, 12), date(2026, 6, 13))


def test_a_session_nests_in_the_summit_whose_days_hold_it() -> None:
    # 2026-09-02 is a Wednesday
    text = (
        "The G20 summit will be held in Cape Town on 5-6 September.\n\n"
        "The third session is on Sunday. The next G20 summit will be held in Miami on "
        "14-15 December 2027."
    )
    found = extract(text, date(2026, 9, 2))
    here = next(p for p in found if p.kind == "summit" and p.start == date(2026, 9, 5))
    session = one(found, "meeting")
    assert session.parent == here.key
    assert session.location is not None and session.location["city"] == "Cape Town"


def test_a_year_named_summit_takes_no_date_of_another_year() -> None:
    text = "Kenya takes over the chair on 1 December and will host the 2027 summit in Nairobi."
    assert [p for p in extract(text, date(2026, 9, 7)) if p.kind == "summit"] == []


WEEK = """Diplomatic week ahead

Tuesday 9 – Wednesday 10 June: Warsaw
Prime Minister Jane Holloway flies to Warsaw for her first visit to Poland. She holds talks with Prime Minister Piotr Nowak on Wednesday.

Thursday 11 – Friday 12 June: Lisbon
The NATO summit brings together the leaders of the alliance.
"""


def test_a_day_heading_is_a_sentence_of_its_own() -> None:
    from agenda.extract.text import sentences

    texts = [s.text for s in sentences(WEEK)]
    assert "Tuesday 9 – Wednesday 10 June: Warsaw" in texts


def test_an_event_of_a_section_takes_its_days_and_place() -> None:
    summit = one(extract(WEEK, date(2026, 6, 7)), "summit")
    assert (summit.start, summit.end) == (date(2026, 6, 11), date(2026, 6, 12))
    assert summit.location is not None and summit.location["city"] == "Lisbon"


def test_a_journey_in_a_section_is_a_visit_of_its_days() -> None:
    found = extract(WEEK, date(2026, 6, 7))
    visit = one(found, "visit")
    assert (visit.start, visit.end) == (date(2026, 6, 9), date(2026, 6, 10))
    assert visit.location is not None and visit.location["city"] == "Warsaw"
    assert [p["name"] for p in visit.participants] == ["Jane Holloway"]
    talks = one(found, "bilateral")
    assert talks.parent == visit.key and talks.start == date(2026, 6, 10)


def test_the_x_of_y_is_a_landmark_not_a_city() -> None:
    from agenda.extract.places import find_cities

    text = "He will visit the Temple of Heaven in Beijing."
    assert [p.city for p, _, _ in find_cities(text)] == ["Beijing"]


def test_a_particle_is_a_whole_word_of_a_name() -> None:
    from agenda.extract.people import find_people

    (who, _span), *_ = find_people("Pope Leo lands in Lima on Monday.")
    assert who.name == "Leo"


TOUR = """Week ahead

Monday 8 – Thursday 11 June: Vietnam
President Maria Lindqvist lands in Hanoi on Monday for a state visit to Vietnam. After a meeting with students, she flies on Tuesday to Da Nang to meet local leaders.
"""


def test_a_journey_to_another_city_inside_a_visit_is_its_leg() -> None:
    found = extract(TOUR, date(2026, 6, 7))
    visits = sorted((p for p in found if p.kind == "visit"), key=lambda p: p.start or date.min)
    assert [(p.location or {}).get("city") for p in visits] == ["Hanoi", "Da Nang"]
    trip, leg = visits
    assert (trip.start, trip.end) == (date(2026, 6, 8), date(2026, 6, 11))
    assert leg.parent == trip.key and leg.start == date(2026, 6, 9)
    assert [p["name"] for p in leg.participants] == ["Maria Lindqvist"]


def test_talks_with_people_named_by_surname_are_one_bilateral_each_on_its_day() -> None:
    # 2026-03-09 is a Monday
    text = (
        "Among the guests in Oslo are Indian Prime Minister Arjun Mehta, Australian Prime "
        "Minister Claire Dunmore and South Korean Prime Minister Park Min-jun.\n\n"
        "Prime Minister Ola Strand will hold talks with Mehta and Dunmore on Tuesday and with "
        "Park on Wednesday."
    )
    talks = [p for p in extract(text, date(2026, 3, 9)) if p.kind == "bilateral"]
    got = sorted((p.participants[-1]["name"], p.start) for p in talks)
    assert got == [
        ("Arjun Mehta", date(2026, 3, 10)),
        ("Claire Dunmore", date(2026, 3, 10)),
        ("Park Min-jun", date(2026, 3, 11)),
    ]


def test_a_possessive_country_is_the_persons_country() -> None:
    from agenda.extract.people import find_people

    (who, _), *_ = find_people("He will meet Saudi Arabia's Crown Prince Faisal bin Nasser.")
    assert who.country == "Saudi Arabia"
    (who, _), *_ = find_people("He will meet Qatar's Emir Sheikh Hamad bin Ali.")
    assert who.country == "Qatar"


def test_later_on_the_articles_weekday_is_that_day() -> None:
    from agenda.extract.dates import find_dates

    # 2026-06-08 is a Monday
    (d,) = find_dates("He will hold talks later on Monday.", date(2026, 6, 8))
    assert d.start == date(2026, 6, 8)
    (d,) = find_dates("He will hold talks on Monday.", date(2026, 6, 8))
    assert d.start == date(2026, 6, 15)  # a bare weekday is still the coming one


def test_a_place_named_after_a_title_is_no_person() -> None:
    from agenda.extract.people import find_people

    assert find_people("He landed at King Fahd International Airport.") == []


def test_he_is_the_visitor_who_opened_the_sentence_before_not_the_host_he_met() -> None:
    text = (
        "Chilean President Ana Rojas will arrive in Lima on 3 March.\n\n"
        "On 4 March, Rojas will travel on to Quito, where she will meet Ecuador's President "
        "Luis Mora. She will then head to Bogota on 5 March for talks."
    )
    found = extract(text, date(2026, 3, 1))
    bogota = next(
        p for p in found if (p.location or {}).get("city") == "Bogota" and p.kind == "visit"
    )
    assert [p["name"] for p in bogota.participants] == ["Ana Rojas"]


def test_a_spaced_transliteration_is_written_as_the_gazetteer_does() -> None:
    place = city("Ha Noi")
    assert place is not None and place.city == "Hanoi"


def test_partner_summits_are_children_of_the_summit_of_their_day() -> None:
    # 2026-10-04 is a Sunday
    text = (
        "Leaders of the African Union will gather in Kigali from Tuesday to Thursday for the "
        "AU summit.\n\n"
        "Wednesday is devoted to the AU-China and AU-Turkey summits. The AU Plus Three Summit "
        "is also scheduled for that day."
    )
    found = extract(text, date(2026, 10, 4))
    top = next(p for p in found if p.kind == "summit" and p.parent is None)
    parts = sorted(p.title for p in found if p.kind == "summit" and p.parent == top.key)
    assert parts == ["AU Plus Three Summit", "AU-China Summit", "AU-Turkey Summit"]
    assert all(
        p.start == date(2026, 10, 7) for p in found if p.kind == "summit" and p.parent == top.key
    )


def test_an_event_that_may_happen_is_tentative() -> None:
    text = "The Finnish president is likely to visit Oslo on 14 May."
    assert one(extract(text, date(2026, 5, 1)), "visit").status == "tentative"
    text = "The Finnish president will visit Oslo on 14 May."
    assert one(extract(text, date(2026, 5, 1)), "visit").status == "announced"


def test_dates_not_yet_settled_make_the_event_before_tentative_and_its_talks_too() -> None:
    text = (
        "Premier Wei Lan is expected to visit Australia in mid-June for talks with Prime "
        "Minister Tom Reid in Canberra. The exact dates have not been announced, officials said."
    )
    found = extract(text, date(2026, 5, 20))
    assert one(found, "visit").status == "tentative"
    assert one(found, "bilateral").status == "tentative"


def test_a_later_unsettled_clause_about_something_else_leaves_the_event_announced() -> None:
    text = (
        "NATO foreign ministers will meet in Brussels on 4-5 April. A ceremony might be held "
        "then, but no date has been fixed."
    )
    assert one(extract(text, date(2026, 3, 26)), "meeting").status == "announced"


def test_a_named_leaders_meeting_is_a_summit() -> None:
    text = "The APEC Economic Leaders' Meeting will be held in Lima on 15-16 November."
    p = one(extract(text, date(2026, 11, 1)), "summit")
    assert p.organizations == ["APEC"]


def test_a_section_event_told_without_a_verb_of_the_future_is_of_the_sections_days() -> None:
    text = (
        "Week ahead\n\n"
        "Saturday–Sunday, 14–15 November – Brisbane\n"
        "The G20 leaders' summit at the convention centre, hosted by Prime Minister Tom Reid.\n"
    )
    p = one(extract(text, date(2026, 11, 8)), "summit")
    assert (p.start, p.end) == (date(2026, 11, 14), date(2026, 11, 15))
    assert p.location is not None and p.location["city"] == "Brisbane"


def test_separate_meetings_with_several_people_are_one_bilateral_each() -> None:
    text = (
        "President Tom Reid will hold separate meetings at the palace with Prime Minister "
        "Ana Rojas and President Luis Mora on 3 June."
    )
    talks = [p for p in extract(text, date(2026, 6, 1)) if p.kind == "bilateral"]
    assert sorted(p.participants[-1]["name"] for p in talks) == ["Ana Rojas", "Luis Mora"]


def test_a_trilateral_meeting_is_one_meeting() -> None:
    text = (
        "Secretary of State Tom Reid will open the talks on 3 June with a trilateral meeting "
        "with Prime Minister Ana Rojas and President Luis Mora in Geneva."
    )
    found = extract(text, date(2026, 6, 1))
    assert [p.kind for p in found] == ["meeting"]


def test_a_date_after_ahead_of_is_the_other_things_day() -> None:
    text = (
        "Week ahead\n\n"
        "Monday 8 – Tuesday 9 June: Baghdad\n"
        "Vice President Tom Reid is expected in Baghdad ahead of the formal end of the "
        "mission on Tuesday.\n"
    )
    p = one(extract(text, date(2026, 6, 7)), "visit")
    assert (p.start, p.end) == (date(2026, 6, 8), date(2026, 6, 9))


def test_a_ceremonial_welcome_and_a_four_eyed_meeting_are_items_of_the_visit() -> None:
    text = (
        "Prime Minister Tom Reid will make an official visit to Malaysia on 30 October for the "
        "leaders' retreat in Putrajaya.\n\n"
        "Prime Minister Reid will receive a ceremonial welcome at the palace, followed by a "
        "four-eyed meeting with Prime Minister Aziz.\n\n"
        "MINISTRY OF FOREIGN AFFAIRS\n29 OCTOBER 2026\n"
    )
    found = extract(text, date(2026, 10, 29))
    visit = one(found, "visit")  # the signature's date line is no programme day
    assert visit.location is not None and visit.location["city"] == "Putrajaya"
    welcome = one(found, "other")
    assert welcome.parent == visit.key


def test_ministers_meeting_told_in_the_present_of_a_section() -> None:
    text = "Week ahead\n\nMONDAY 8 JUNE – Brussels\nEU agriculture ministers meet in Brussels.\n"
    p = one(extract(text, date(2026, 6, 7)), "meeting")
    assert p.organizations == ["EU"] and p.start == date(2026, 6, 8)
    assert p.location is not None and p.location["city"] == "Brussels"


def test_an_earlier_trip_named_in_a_section_takes_none_of_its_days() -> None:
    text = (
        "Week ahead\n\n"
        "Thursday 11 – Friday 12 June – Madrid\n"
        "Prime Minister Ana Rojas travels to Madrid for talks with King Felipe on Friday, her "
        "first since her trip to Lisbon.\n"
    )
    found = extract(text, date(2026, 6, 7))
    assert not any((p.location or {}).get("city") == "Lisbon" for p in found)


def test_a_name_with_a_particle_is_no_city() -> None:
    from agenda.extract.places import find_cities

    text = "He will call on President Alexander Van der Bellen in Vienna."
    assert [p.city for p, _, _ in find_cities(text)] == ["Vienna"]


def test_calling_on_a_president_is_a_bilateral_of_the_visit() -> None:
    text = (
        "Prime Minister Ravi Nair will pay an official visit to Austria on 9-10 July.\n\n"
        "During his stay, he will call on President Anna Gruber."
    )
    found = extract(text, date(2026, 7, 4))
    talks = one(found, "bilateral")
    assert talks.parent == one(found, "visit").key


def test_an_annual_summit_of_two_countries_is_a_bilateral() -> None:
    text = "Prime Minister Ravi Nair will attend the India-Japan Annual Summit in Tokyo on 9 July."
    found = extract(text, date(2026, 7, 4))
    assert [p.kind for p in found] == ["bilateral"]
