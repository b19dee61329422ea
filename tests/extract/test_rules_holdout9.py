"""General rules added after the blind score of tests/extract/holdout9 (docs/extract.md).

Every text here is written for the test; none is a scored article.
"""

from __future__ import annotations

from datetime import date

from agenda.extract import extract
from agenda.extract.dates import find_dates
from tests.extract.helpers import one


def test_opened_on_a_weekday_is_the_weekday_just_past() -> None:
    # 2026-06-10 is a Wednesday
    (d,) = find_dates("The forum opened on Monday in Baku.", date(2026, 6, 10), future=False)
    assert d.start == date(2026, 6, 8)


def test_opened_and_will_close_on_is_a_range_under_way() -> None:
    text = "The OSCE ministerial opened on Monday and will close on Thursday in Vienna."
    (d,) = find_dates(text, date(2026, 6, 10))
    assert (d.start, d.end, d.precision) == (date(2026, 6, 8), date(2026, 6, 11), "range")
    p = one(extract(text, date(2026, 6, 10)), "meeting")
    assert (p.start, p.end) == (date(2026, 6, 8), date(2026, 6, 11))


def test_event_under_way_without_place_is_at_the_dateline() -> None:
    text = (
        "NAIROBI, June 10 (Reuters) - The African Union summit began on Monday and will end "
        "on Friday, with leaders divided over the budget."
    )
    p = one(extract(text, date(2026, 6, 10)), "summit")
    assert p.location is not None and p.location["city"] == "Nairobi"
    assert (p.start, p.end) == (date(2026, 6, 8), date(2026, 6, 12))


def test_future_event_is_never_at_the_dateline() -> None:
    text = "NAIROBI, June 10 (Reuters) - African Union leaders will meet on 20 June."
    p = one(extract(text, date(2026, 6, 10)), "summit")
    assert p.location is None or p.location.get("city") != "Nairobi"


def test_code_before_leaders_names_the_events_organization() -> None:
    text = (
        "The European Council will meet on 18-19 March in Brussels.\n\n"
        "EU leaders will discuss competitiveness and defence at the start of the meeting."
    )
    p = one(extract(text, date(2026, 3, 2)), "summit")
    assert p.organizations == ["EU"]
    assert p.title == "European Council meeting"  # not "EU European Council meeting"


def test_leaders_of_the_n_states_meeting_is_a_summit() -> None:
    text = "The leaders of the three Baltic states are expected to meet again in Riga on 4 May."
    p = one(extract(text, date(2026, 4, 20)), "summit")
    assert p.start == date(2026, 5, 4)


def test_flight_to_a_meeting_is_no_visit_but_travel_for_talks_is() -> None:
    text = "On Tuesday, the minister will fly to Rome for the meeting of OSCE foreign ministers."
    got = extract(text, date(2026, 6, 12))
    assert [p.kind for p in got] == ["meeting"]
    assert got[0].start == date(2026, 6, 16)
    text = "On Tuesday, the minister will travel to Rome for talks with her Italian counterpart."
    assert one(extract(text, date(2026, 6, 12)), "visit").start == date(2026, 6, 16)


def test_which_runs_until_gives_the_last_day() -> None:
    text = (
        "On Tuesday, ministers will gather in Oslo for the Nordic Council session, which "
        "runs until Thursday."
    )
    p = one(extract(text, date(2026, 6, 12)), "meeting")
    assert (p.start, p.end, p.precision) == (date(2026, 6, 16), date(2026, 6, 18), "range")


def test_pronoun_after_an_opening_phrase_is_the_person_named_last() -> None:
    text = (
        "Foreign Minister Penny Wong will be busy next week.\n\n"
        "On Monday, she travels to Jakarta for talks with Indonesian officials."
    )
    p = one(extract(text, date(2026, 6, 12)), "visit")
    assert [x["name"] for x in p.participants] == ["Penny Wong"]


def test_forum_of_ministers_is_a_meeting() -> None:
    text = (
        "The Pacific Islands Forum, which brings together the region's foreign ministers, "
        "will meet in Suva on 3 August."
    )
    assert one(extract(text, date(2026, 7, 1)), "meeting").start == date(2026, 8, 3)
    text = "The Internet Governance Forum will be held in Oslo on 3 August."
    assert one(extract(text, date(2026, 7, 1)), "conference").start == date(2026, 8, 3)


def test_the_leaders_summit_is_the_organizations() -> None:
    text = (
        "SCO foreign ministers will meet in Bishkek on 12 May.\n\n"
        "They will prepare the leaders' summit in July."
    )
    got = extract(text, date(2026, 4, 1))
    p = one(got, "summit")
    assert p.organizations == ["SCO"] and p.precision == "month"


def test_ministerial_is_a_meeting_and_its_title_stops_at_the_verb() -> None:
    text = "The OSCE ministerial opened on Monday and will close on Thursday in Vienna."
    p = one(extract(text, date(2026, 6, 10)), "meeting")
    assert p.title == "OSCE ministerial"


def test_name_with_particles_is_whole_and_bilateral_title_names_only() -> None:
    text = (
        "Recep Tayyip Erdogan and President of the United Arab Emirates Mohamed bin Zayed Al "
        "Nahyan will meet in Ankara on 16 June, officials said."
    )
    p = one(extract(text, date(2026, 6, 1)), "bilateral")
    assert "Mohamed bin Zayed Al Nahyan" in [x["name"] for x in p.participants]
    assert p.title == "Meeting of Recep Tayyip Erdogan and Mohamed bin Zayed Al Nahyan"


def test_summit_with_its_own_name_after_the_word() -> None:
    text = "A Summit of the Future is scheduled for 22-23 September in Geneva."
    p = one(extract(text, date(2026, 9, 1)), "summit")
    assert p.title == "Summit of the Future"
    text = "A summit of the Shanghai Cooperation Organisation is scheduled for 2 July in Astana."
    assert one(extract(text, date(2026, 6, 1)), "summit").title == "SCO summit"


def test_vague_events_elsewhere_are_no_part_of_the_one_visit() -> None:
    text = (
        "The next SCO summit will be held in Bishkek next year, officials said.\n\n"
        "EU leaders will meet in Copenhagen in the autumn.\n\n"
        "President Tokayev will visit Rome in October."
    )
    got = extract(text, date(2026, 3, 2))
    assert [(p.kind, p.precision) for p in got] == [("visit", "month")]


def test_event_with_only_a_year_is_no_child_of_a_visit() -> None:
    text = (
        "Prime Minister Narendra Modi will pay a visit to Japan on 10 April.\n\n"
        "The Commonwealth Heads of Government Meeting will take place in Samoa in 2027, the "
        "secretariat confirmed."
    )
    got = extract(text, date(2026, 4, 1))
    assert [p.kind for p in got] == ["visit"]


def test_bilateral_of_an_unnamed_subject_is_titled_by_the_person_met() -> None:
    text = (
        "The Secretary will travel to Brussels on 14 April. While in Brussels, the Secretary "
        "will also meet with EU High Representative Kaja Kallas."
    )
    p = one(extract(text, date(2026, 4, 1)), "bilateral")
    assert p.title == "Meeting with Kaja Kallas"


def test_honorific_surname_is_a_person_and_he_refers_to_him() -> None:
    text = (
        "President Kassym-Jomart Tokayev received the delegation on Monday.\n\n"
        "Mr. Kishida is scheduled to depart Tokyo on 25 May. He will attend the G7 Summit in "
        "Evian-les-Bains, France, from 26 to 27 May."
    )
    p = one(extract(text, date(2026, 5, 11)), "summit")
    assert [x["name"] for x in p.participants] == ["Kishida"]
    assert p.location is not None  # a town of the country named (GeoNames, 5 000+ people)
    assert (p.location["city"], p.location["country"]) == ("Evian-les-Bains", "France")


def test_shri_is_no_part_of_a_name() -> None:
    text = "Prime Minister Shri Narendra Modi will visit Kazakhstan on 19 May."
    p = one(extract(text, date(2026, 5, 11)), "visit")
    assert [x["name"] for x in p.participants] == ["Narendra Modi"]


def test_original_date_gives_way_to_the_new_one() -> None:
    text = (
        "The ministerial conference of the WTO, originally planned for June in Yaounde, has "
        "been moved to March 2027."
    )
    got = extract(text, date(2026, 5, 11))
    assert [(p.kind, p.start) for p in got] == [("conference", date(2027, 3, 1))]


def test_city_later_refines_a_country() -> None:
    text = (
        "The president will not attend next month's BRICS summit in Brazil, officials said.\n\n"
        "The summit will take place in Rio de Janeiro on 6-7 July."
    )
    p = one(extract(text, date(2026, 6, 10)), "summit")
    assert p.location is not None and p.location.get("city") == "Rio de Janeiro"


def test_possessive_is_no_part_of_a_name_and_the_inviter_is_the_host() -> None:
    text = (
        "At the invitation of Prime Minister Pedro Sanchez, Premier Li Qiang will pay an "
        "official visit to Spain from February 10 to 12. It is Premier Li Qiang's first trip."
    )
    p = one(extract(text, date(2026, 2, 3)), "visit")
    assert [x["name"] for x in p.participants] == ["Li Qiang"]


def test_title_stops_at_takes_place() -> None:
    text = "The Munich Security Conference takes place from 13 to 15 February."
    p = one(extract(text, date(2026, 2, 3)), "conference")
    assert p.title == "Munich Security Conference"


def test_climate_summit_is_an_event_and_climate_talks_a_process() -> None:
    text = "The Secretary-General will convene a climate summit in Nairobi on 16 September."
    p = one(extract(text, date(2026, 9, 1)), "summit")
    assert p.title == "Climate summit"
    text = "Officials will resume climate talks in Bonn on 16 September."
    assert extract(text, date(2026, 9, 1)) == []


def test_general_debate_is_a_meeting() -> None:
    text = "The high-level general debate begins in New York on Tuesday, 22 September."
    p = one(extract(text, date(2026, 9, 14)), "meeting")
    assert p.start == date(2026, 9, 22)


def test_every_weekday_is_no_date() -> None:
    assert find_dates("The council meets every Thursday in Vienna.", date(2026, 1, 20)) == []
    assert (
        extract("The OSCE Permanent Council meets every Thursday in Vienna.", date(2026, 1, 20))
        == []
    )


def test_the_event_a_meeting_prepares_is_another_event() -> None:
    text = (
        "Foreign ministers of the Organization of Turkic States will meet in Bishkek on 3 and 4 "
        "February to prepare the informal summit."
    )
    got = extract(text, date(2026, 1, 20))
    assert [(p.kind, p.start, p.end) for p in got] == [
        ("meeting", date(2026, 2, 3), date(2026, 2, 4))
    ]


def test_meeting_between_two_leaders_is_bilateral_named_in_text_order() -> None:
    text = (
        "A meeting between Armenian Prime Minister Nikol Pashinyan and Azerbaijani President "
        "Ilham Aliyev could take place in Tirana on 16 June, diplomats said."
    )
    p = one(extract(text, date(2026, 6, 1)), "bilateral")
    assert p.title == "Meeting of Nikol Pashinyan and Ilham Aliyev"


def test_hyphenated_mid_month_is_month_precision() -> None:
    (d,) = find_dates("The session is planned for mid-November.", date(2026, 10, 20))
    assert (d.start, d.end, d.precision) == (date(2026, 11, 1), date(2026, 11, 30), "month")


def test_a_plan_given_up_gives_no_date() -> None:
    text = (
        "The three leaders will hold a trilateral summit in Tokyo in late May.\n\n"
        "Prime Minister Sanae Takaichi had planned to host the meeting in December, but it was "
        "delayed."
    )
    got = extract(text, date(2026, 3, 9))
    assert [(p.kind, p.start) for p in got] == [("summit", date(2026, 5, 1))]


def test_summit_with_a_president_is_bilateral_and_he_is_the_host() -> None:
    text = (
        "Prime Minister Sanae Takaichi is scheduled to visit Washington on April 2-3 for her "
        "first summit with President Donald Trump."
    )
    got = extract(text, date(2026, 3, 9))
    visit = one(got, "visit")
    assert [x["name"] for x in visit.participants] == ["Sanae Takaichi"]
    assert one(got, "bilateral").parent == visit.key


def test_names_with_two_particles_and_two_sided_summit_titles() -> None:
    text = (
        "European Union and Chinese leaders will hold their annual summit in Beijing on July "
        "24. European Commission President Ursula von der Leyen will travel to Beijing for the "
        "summit."
    )
    p = one(extract(text, date(2026, 7, 6)), "summit")
    assert p.title == "EU–China summit"
    assert "Ursula von der Leyen" in [x["name"] for x in p.participants]
