"""General rules of issue 15.3 (what the unseen set blind_final2 showed: timetable lines of other
shapes, titles that are no places, ...), each on a short text written for the test; none is a
scored article (docs/extract.md, "Blind sets of issue 15")."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from agenda.extract import extract
from agenda.extract.places import find_cities

PROGRAMME = """The President of Ruritania will pay a state visit to Portugal, 3-4 June 2026.

Wednesday 3 June - Lisbon
{line}
"""


@pytest.mark.parametrize(
    "line",
    [
        "11:00  State banquet at the Ajuda Palace.",
        "11:00: State banquet at the Ajuda Palace.",
        "11:00 WEST: State banquet at the Ajuda Palace.",
        "11:00 (local time)\tState banquet at the Ajuda Palace.",
        "11.00 - State banquet at the Ajuda Palace.",
    ],
)
def test_a_timetable_line_is_a_time_then_the_item_after_a_dash_colon_or_gap(line: str) -> None:
    found = extract(PROGRAMME.format(line=line), date(2026, 5, 20))
    banquet = next(p for p in found if p.kind == "other")
    assert banquet.start == datetime(2026, 6, 3, 11, 0)
    assert banquet.tz == "Europe/Lisbon"
    visit = next(p for p in found if p.kind == "visit")
    assert banquet.parent == visit.key


def test_a_time_inside_a_sentence_is_no_timetable_line() -> None:
    text = PROGRAMME.format(line="The guests arrive at 11:00 and leave at noon.")
    assert all(not isinstance(p.start, datetime) for p in extract(text, date(2026, 5, 20)))


@pytest.mark.parametrize("title", ["The Duke of Lisbon", "the Prince of Porto", "Mayor of Braga"])
def test_a_place_after_a_title_of_nobility_or_office_is_no_city(title: str) -> None:
    assert find_cities(f"{title} will accompany the President.") == []


WEEK = """The week ahead.

TUESDAY 9 JUNE
Lisbon: The body of the late admiral lies in state at the Jeronimos Monastery from 10:00 until
Wednesday evening.
Porto: A funeral procession crosses the old town in the afternoon. Burial follows at the
Agramonte cemetery.

THURSDAY 11 JUNE
Lisbon: Requiem Mass at the cathedral at 11:30. After the Mass the family receives condolences.
The beatification of the bishop, planned for the same day, has been postponed.
"""


def test_rites_of_a_section_are_events_of_its_day_at_the_lines_place_and_time() -> None:
    found = [p for p in extract(WEEK, date(2026, 6, 7)) if p.kind == "other"]
    got = {(p.title.rsplit(" in ", 1)[0], p.start, (p.location or {}).get("city")) for p in found}
    assert ("Lies in state", datetime(2026, 6, 9, 10, 0), "Lisbon") in got
    assert ("Funeral procession", date(2026, 6, 9), "Porto") in got
    assert ("Burial", date(2026, 6, 9), "Porto") in got  # the line goes on about Porto
    assert ("Requiem Mass", datetime(2026, 6, 11, 11, 30), "Lisbon") in got
    assert not any(t == "Mass" for t, _, _ in got)  # "After the Mass" is the same one
    beatification = next(p for p in found if p.title.startswith("Beatification"))
    assert beatification.status == "postponed" and beatification.start is None


def test_a_rite_named_in_a_timetable_line_is_that_lines_item_only() -> None:
    text = (
        "The President of Ruritania will pay a state visit to Portugal, 3-4 June 2026.\n\n"
        "Wednesday 3 June - Lisbon\n11:15 - Carriage procession to the palace\n"
    )
    found = [p for p in extract(text, date(2026, 5, 20)) if p.kind == "other"]
    assert [p.start for p in found] == [datetime(2026, 6, 3, 11, 15)]


@pytest.mark.parametrize("folder", ["blind_dev", "blind_final2", "programme"])
def test_every_proposal_key_is_unique_in_its_document(folder: str) -> None:
    from pathlib import Path

    from agenda.extract import read_article

    for path in sorted((Path(__file__).parent / folder).glob("*.txt")):
        body, day = read_article(path.read_text(encoding="utf-8"), path.name, None)
        keys = [p.key for p in extract(body, day or date(2026, 1, 1))]
        assert len(keys) == len(set(keys)), path.name


def test_calls_on_named_after_their_office_are_one_bilateral_each() -> None:
    text = (
        "Prime Minister Ana Duarte of Portugal will pay a state visit to Ghana from 3 to 5 "
        "March 2026.\n\nOn 4 March, she will call on the President of Ghana, Mr. Kofi Mensah, "
        "and the Vice President, Dr. Ama Owusu."
    )
    found = [p for p in extract(text, date(2026, 2, 20)) if p.kind == "bilateral"]
    names = sorted(x["name"] for p in found for x in p.participants if x["name"] != "Ana Duarte")
    assert names == ["Ama Owusu", "Kofi Mensah"]
    assert {p.start for p in found} == {date(2026, 3, 4)}


def test_a_minister_calling_on_the_visiting_guest_is_a_bilateral() -> None:
    text = (
        "Prime Minister Ana Duarte of Portugal will pay a state visit to Ghana from 3 to 5 "
        "March 2026. On 3 March, Foreign Minister Kwame Boateng will call on the visiting "
        "dignitary at her hotel."
    )
    found = extract(text, date(2026, 2, 20))
    assert any(p.kind == "bilateral" and p.start == date(2026, 3, 3) for p in found)


def test_meets_in_a_week_ahead_is_a_bilateral_per_person_with_a_lower_case_role() -> None:
    text = (
        "The week ahead.\n\nTUESDAY 10 MARCH\nAccra: Portugal's Prime Minister Ana Duarte "
        "holds talks with President Kofi Mensah. She also meets Speaker Ama Owusu and top "
        "legislator Yaw Darko.\n"
    )
    found = [p for p in extract(text, date(2026, 3, 8)) if p.kind == "bilateral"]
    names = {x["name"] for p in found for x in p.participants}
    assert {"Ama Owusu", "Yaw Darko"} <= names


def test_a_paragraph_opening_with_a_day_gives_it_to_the_items_after_it() -> None:
    text = (
        "Prime Minister Ana Duarte of Portugal will pay a state visit to Ghana from 3 to 5 "
        "March 2026.\n\nOn 4 March, a ceremonial welcome will be held at Jubilee House. "
        "She will then lay a wreath. In the evening she will hold talks with President Kofi "
        "Mensah.\n\nShe will also meet Speaker Ama Owusu."
    )
    found = [p for p in extract(text, date(2026, 2, 20)) if p.kind == "bilateral"]
    by_name = {x["name"]: p for p in found for x in p.participants if x["name"] != "Ana Duarte"}
    assert by_name["Kofi Mensah"].start == date(2026, 3, 4)


def test_a_place_the_gazetteer_lacks_is_named_by_its_slot_and_its_sentences_country() -> None:
    text = (
        "Leaders gather on the coast\n\nGreece's Prime Minister will host the G7 summit in "
        "the seaside resort of Kardamyli from 6 to 8 June 2026."
    )
    p = next(p for p in extract(text, date(2026, 6, 1)) if p.kind == "summit")
    assert p.location is not None
    assert (p.location["city"], p.location["country"], p.location["tz"]) == (
        "Kardamyli",
        "Greece",
        "Europe/Athens",
    )
    assert p.organizations == ["G7"]


def test_a_day_headings_unknown_place_takes_the_country_the_lines_under_it_name() -> None:
    from agenda.extract.unlisted import find_unlisted

    text = (
        "The week ahead\n\nMonday 8 – Tuesday 9 June: Vavau and Haapai\n"
        "Tonga's Prime Minister hosts a regional leaders' retreat.\n"
    )
    got = find_unlisted(text)
    assert got["vavau"].country == "Tonga" and got["haapai"].country == "Tonga"
    # a heading that names a city of the gazetteer is placed there: its other words are no city
    assert find_unlisted("Notes\n\nMonday 8 June - Lisbon and Sintra County\nPortugal.\n") == {}


def test_an_unknown_word_without_a_country_is_no_place() -> None:
    from agenda.extract.unlisted import find_unlisted

    assert find_unlisted("The delegates will meet in the town of Zarnow on 3 June.") == {}


def test_a_programme_headline_names_the_summit_with_its_body() -> None:
    text = (
        "G8 summit preview: Kardamyli, 6-7 June 2026 - what to expect\n\n"
        "Greece hosts the leaders in the seaside resort of Kardamyli, Greece.\n\n"
        "SATURDAY 6 JUNE\n17:30 CEST: Family photo of the leaders.\n"
    )
    found = extract(text, date(2026, 6, 1))
    summit = next(p for p in found if p.kind == "summit")
    assert summit.organizations == ["G8"] and summit.title == "G8 summit"
    photo = next(p for p in found if p.kind == "other")
    assert photo.parent == summit.key
    assert photo.location is not None and photo.location["city"] == "Kardamyli"


SUMMIT_DAY = """The Nordic summit will be held in Bergen on 4-5 June 2026.

THURSDAY 4 JUNE
Morning: First working session on energy.
Midday: Working lunch on fisheries.
19:00: Leaders' retreat dinner - heads of government only.
Afternoon  Family photo; leaders' meeting with the Arctic Council.
"""


def test_a_line_by_part_of_the_day_is_a_timetable_line_without_a_time() -> None:
    found = extract(SUMMIT_DAY, date(2026, 6, 1))
    summit = next(p for p in found if p.kind == "summit")
    items = [p for p in found if p.parent == summit.key]
    kinds = sorted((p.kind, str(p.start)) for p in items)
    assert ("meeting", "2026-06-04") in kinds  # "Morning: First working session"
    assert kinds.count(("other", "2026-06-04")) == 2  # the working lunch and the family photo
    assert ("other", "2026-06-04 19:00:00") in kinds  # the dinner, not a session of the retreat
    assert sum(k == "meeting" for k, _ in kinds) == 2  # "; leaders' meeting with ..." too


def test_a_timetable_line_of_several_items_gives_each() -> None:
    text = PROGRAMME.format(line="11:00  Welcome ceremony; talks with the Prime Minister.")
    found = extract(text, date(2026, 5, 20))
    assert {p.kind for p in found if p.start == datetime(2026, 6, 3, 11, 0)} == {
        "other",
        "bilateral",
    }


def test_a_tour_told_in_prose_is_a_trip_over_its_legs() -> None:
    # 2026-03-09 is a Monday
    text = (
        "Chilean President Ana Rojas arrived in Peru on Monday at the start of a three-day "
        "Andean tour that will also take her to Bolivia and Ecuador.\n\n"
        "She was received at the airport in Lima by the foreign minister.\n\n"
        "On Tuesday Rojas travels to La Paz. She will end the tour in Quito on Wednesday with "
        "talks with President Luis Vera."
    )
    found = extract(text, date(2026, 3, 9))
    trip = next(p for p in found if p.kind == "visit" and p.location is None)
    assert (trip.start, trip.end) == (date(2026, 3, 9), date(2026, 3, 11))
    legs = {(p.location or {}).get("city"): p for p in found if p.parent == trip.key}
    assert {"Lima", "La Paz", "Quito"} <= set(legs)
    assert legs["Lima"].start == date(2026, 3, 9) and legs["Quito"].start == date(2026, 3, 11)
    talks = next(p for p in found if p.kind == "bilateral")
    assert talks.parent == legs["Quito"].key
    assert all(x["name"] != "Luis Vera" for x in legs["Quito"].participants)


def test_one_visit_of_several_days_is_no_tour() -> None:
    text = (
        "Chilean President Ana Rojas arrived in Lima on Monday at the start of a three-day "
        "official trip. On Tuesday she will hold talks with President Jorge Salas."
    )
    found = extract(text, date(2026, 3, 9))
    assert all(p.location is not None for p in found if p.kind == "visit")


def test_a_tour_that_began_earlier_takes_its_traveller_by_surname_and_replaces_its_one_visit() -> (
    None
):
    # 2026-03-12 is a Thursday
    text = (
        "Chilean Foreign Minister Ana Rojas met her Peruvian counterpart in Lima.\n\n"
        "Rojas is on a six-day tour of four Andean nations that began in Lima on Tuesday. "
        "From Lima, Rojas flies to La Paz on Friday and to Quito on Sunday."
    )
    found = extract(text, date(2026, 3, 12))
    trips = [
        p
        for p in found
        if p.kind == "visit" and (p.start, p.end) == (date(2026, 3, 10), date(2026, 3, 15))
    ]
    assert len(trips) == 1 and trips[0].location is None
    assert trips[0].participants[0]["name"] == "Ana Rojas"
    legs = {(p.location or {}).get("city") for p in found if p.parent == trips[0].key}
    assert {"La Paz", "Quito"} <= legs


def test_a_numbered_day_with_its_programme_on_the_same_line_is_a_day_heading() -> None:
    text = (
        "The Prime Minister will visit Peru on Sunday, March 15, and Chile on Monday, March 16.\n\n"
        "Schedule\n(1) Sunday, March 15: Depart in the morning. In Lima, talks with President "
        "Jorge Salas at the Palace of Government.\n"
        "(2) Monday, March 16: Depart Lima for Santiago. Talks with President Ana Rojas.\n"
    )
    found = [p for p in extract(text, date(2026, 3, 10)) if p.kind == "bilateral"]
    by_name = {x["name"]: p for p in found for x in p.participants}
    assert by_name["Jorge Salas"].start == date(2026, 3, 15)
    assert (by_name["Jorge Salas"].location or {}).get("city") == "Lima"
    assert by_name["Ana Rojas"].start == date(2026, 3, 16)


def test_a_body_in_a_persons_title_is_no_event_and_the_person_is_a_counterpart() -> None:
    text = (
        "President Ana Rojas of Chile will pay a state visit to Vietnam from 10 to 12 March. "
        "On 11 March she will meet Premier Pham Minh and Tran Thanh, chairman of the National "
        "Assembly standing committee."
    )
    found = extract(text, date(2026, 3, 2))
    assert not any(p.kind in ("conference", "meeting", "summit") for p in found)
    names = {x["name"] for p in found if p.kind == "bilateral" for x in p.participants}
    assert {"Pham Minh", "Tran Thanh"} <= names


def test_a_participle_in_a_section_of_days_to_come_is_no_past_tense() -> None:
    text = (
        "The week ahead\n\nFRIDAY 12 JUNE\nLisbon: G7 leaders' summit opens (12-14 June), hosted "
        "by Prime Minister Rui Costa.\n"
    )
    p = next(p for p in extract(text, date(2026, 6, 8)) if p.kind == "summit")
    assert (p.start, p.end, p.organizations) == (date(2026, 6, 12), date(2026, 6, 14), ["G7"])


def test_an_occasion_held_on_the_day_of_the_story_is_held() -> None:
    # 2026-03-21 is a Saturday
    text = (
        "LIMA, March 21 (Agency) - Jorge Salas was sworn in as president of Peru on Saturday. "
        "The ceremony, which began at 11:00 local time, was followed by a parade."
    )
    p = next(p for p in extract(text, date(2026, 3, 21)) if p.kind == "other")
    assert (p.status, p.start) == ("held", datetime(2026, 3, 21, 11, 0))
    assert p.title == "Inauguration of Jorge Salas in Lima"


def test_an_occasion_of_an_earlier_day_is_not_proposed() -> None:
    text = "Jorge Salas was sworn in as president of Peru on 2 March. He travels to Chile next."
    assert not [p for p in extract(text, date(2026, 3, 21)) if p.kind == "other"]


def test_a_numbered_summit_of_a_body_is_an_event_not_a_reference() -> None:
    text = (
        "The week ahead\n\nMONDAY 8 JUNE\nSuva: Fiji's Prime Minister co-hosts the third summit "
        "of the Forum for India-Pacific Islands Cooperation (FIPIC).\n"
    )
    p = next(p for p in extract(text, date(2026, 6, 5)) if p.kind == "summit")
    assert (p.start, p.organizations) == (date(2026, 6, 8), ["FIPIC"])


def test_talks_read_by_two_triggers_are_one_bilateral_each() -> None:
    text = (
        "The week ahead\n\nMonday 8 – Tuesday 9 June: Beijing\nThe Prime Minister of Fiji flies "
        "to Beijing. He meets President Xi Jinping on Monday and holds the annual leaders' "
        "meeting with Premier Li Qiang on Tuesday.\n"
    )
    found = [p for p in extract(text, date(2026, 6, 5)) if p.kind == "bilateral"]
    names = sorted(x["name"] for p in found for x in p.participants if x["name"] != "Fiji")
    assert names.count("Xi Jinping") == 1 and names.count("Li Qiang") == 1


def test_an_arrival_told_after_the_lead_paragraphs_is_still_a_visit() -> None:
    # 2026-08-24 is a Monday
    lead = "The summit opens in Lima on Tuesday. " + "Delegations are busy. " * 6
    text = lead + (
        "President Wen Hao arrives in Cusco on Monday evening for a state visit hosted by "
        "President Jorge Salas, with talks on Tuesday morning before moving to Lima."
    )
    found = extract(text, date(2026, 8, 24))
    assert any(p.kind == "visit" and (p.location or {}).get("city") == "Cusco" for p in found)


def test_a_heading_of_two_cities_by_a_slash_is_first_in_the_first() -> None:
    text = PROGRAMME.replace(
        "Wednesday 3 June - Lisbon", "Wednesday 3 June - Porto / Lisbon"
    ).format(line="08:00  Prime Minister leads the Day of the Sea celebration at the harbour.")
    p = next(p for p in extract(text, date(2026, 5, 20)) if p.kind == "other")
    assert (p.location or {}).get("city") == "Porto"


def test_a_summit_between_two_leaders_is_a_bilateral() -> None:
    text = (
        "Prime Minister Anthony Albanese and Prime Minister Narendra Modi will hold their annual "
        "summit between Prime Minister Anthony Albanese and Prime Minister Narendra Modi in "
        "Sydney on 24 May."
    )
    found = extract(text, date(2026, 5, 20))
    assert [p.kind for p in found] == ["bilateral"]


def test_the_stops_a_tour_lists_after_then_to_are_its_legs_each_on_its_day() -> None:
    # 2026-03-12 is a Thursday
    text = (
        "Chilean Foreign Minister Ana Rojas met her Peruvian counterpart in Lima.\n\n"
        "Rojas is on a ten-day tour of five nations that began in Lima on Tuesday. From Lima, "
        "Rojas flies to Bolivia on Friday, then to Paraguay, Uruguay and Argentina, the last "
        "stop, on Wednesday."
    )
    found = extract(text, date(2026, 3, 12))
    trip = next(p for p in found if p.kind == "visit" and p.location is None)
    legs = {(p.location or {}).get("country"): p for p in found if p.parent == trip.key}
    assert legs["Paraguay"].precision == "within_parent"
    assert legs["Uruguay"].precision == "within_parent"
    assert (legs["Argentina"].start, legs["Argentina"].precision) == (date(2026, 3, 18), "exact")


@pytest.mark.parametrize(
    "sentence",
    ["Talks will be held at Hyderabad House.", "He will meet the President at Bellevue Palace."],
)
def test_a_city_name_before_a_buildings_noun_is_the_building_not_the_city(sentence: str) -> None:
    assert find_cities(sentence) == []


def test_a_journey_to_another_city_on_a_day_inside_a_country_visit_is_its_leg() -> None:
    text = (
        "Prime Minister Ana Duarte of Portugal will pay a state visit to India from 5 to 8 "
        "September 2026, with talks in New Delhi.\n\n"
        "On 8 September, the Prime Minister will travel to Ajmer and visit the shrine."
    )
    found = extract(text, date(2026, 9, 1))
    visit = next(p for p in found if p.kind == "visit" and p.parent is None)
    leg = next(p for p in found if p.kind == "visit" and p.parent == visit.key)
    assert ((leg.location or {}).get("city"), leg.start) == ("Ajmer", date(2026, 9, 8))
    assert (visit.location or {}).get("city") == "New Delhi"


def test_talks_between_the_two_prime_ministers_are_a_bilateral() -> None:
    text = (
        "Prime Minister Ana Duarte of Portugal will pay a state visit to India from 5 to 8 "
        "September 2026. Official talks between the two Prime Ministers will be held on 6 "
        "September."
    )
    found = extract(text, date(2026, 9, 1))
    assert any(p.kind == "bilateral" and p.start == date(2026, 9, 6) for p in found)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("the Republic of Korea", "KR"),
        ("the Islamic Republic of Iran", "IR"),
        ("Republic of Moldova", "MD"),
    ],
)
def test_an_official_name_written_in_running_text_is_its_country(name: str, code: str) -> None:
    from agenda.extract.places import country_code

    assert country_code(name) == code
