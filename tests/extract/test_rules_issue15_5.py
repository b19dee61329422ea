"""General rules of issue 15 round 5 (branch extract7: programmes and timetables as blind_final4
showed them): time formats of a timetable line, lines past midnight, a timetable that no visit or
summit holds, travel lines that move the programme to another city, a headline that dates the
journey. Each on a short text written for the test; none is a scored article."""

from __future__ import annotations

from datetime import date, datetime, time

from agenda.extract import extract
from agenda.extract.frames import classify, timetable

# 2026-06-10 is a Wednesday
PUBLISHED = date(2026, 6, 10)


def test_dotted_hours_with_a_range_and_hrs_are_a_timed_line_with_an_end() -> None:
    text = (
        "Schedule of the jubilee\n\n"
        "Saturday 20 June\n"
        "10.09-10.29 hrs - Purification ceremony at the Grand Palace.\n"
        "11.52 hrs onwards - Anointment ceremony at the Throne Hall.\n"
    )
    lines, *_ = timetable(text, PUBLISHED)
    assert [(i.at, i.until) for i in lines] == [(time(10, 9), time(10, 29)), (time(11, 52), None)]
    assert lines[0].title.startswith("Purification ceremony")
    assert lines[1].title.startswith("Anointment ceremony")


def test_an_end_told_on_the_line_is_the_items_end() -> None:
    text = "Monday, June 15\n18:15 - Farewell ceremony at the harbour. Ends about 19:45.\n"
    lines, *_ = timetable(text, PUBLISHED)
    assert (lines[0].at, lines[0].until) == (time(18, 15), time(19, 45))


def test_lines_past_midnight_under_one_heading_fall_on_the_next_day() -> None:
    text = (
        "Monday, June 15\n"
        "23:30 - Ceremony opens in the hall.\n"
        "00:00 (June 16) - Flags raised.\n"
        "00:40 - Guests leave.\n"
        "Tuesday, June 16\n"
        "10:00 - Celebration ceremony.\n"
    )
    lines, *_ = timetable(text, PUBLISHED)
    assert [i.day for i in lines] == [date(2026, 6, 15)] + [date(2026, 6, 16)] * 3


def test_a_midnight_line_without_its_date_still_rolls_over() -> None:
    text = "Monday, June 15\n22:45 - Gala dinner.\n00:15 - Fireworks.\n"
    lines, *_ = timetable(text, PUBLISHED)
    assert [i.day for i in lines] == [date(2026, 6, 15), date(2026, 6, 16)]


def test_a_timetable_no_visit_holds_still_gives_its_ceremonies() -> None:
    text = (
        "Transfer timetable: the last night of the colony\n\n"
        "The information service on Wednesday issued the programme for the ceremonies in "
        "Macau on Monday and Tuesday. All times are local.\n\n"
        "MONDAY, JUNE 15\n"
        "18:00 - Farewell ceremony at the Senate Square. Ends about 19:30.\n"
        "21:00 - Farewell banquet at the Cultural Centre.\n"
        "TUESDAY, JUNE 16\n"
        "10:00 - Celebration ceremony at the Cultural Centre.\n"
    )
    got = [p for p in extract(text, PUBLISHED) if isinstance(p.start, datetime)]
    assert [(p.kind, p.start, p.end) for p in got] == [
        ("other", datetime(2026, 6, 15, 18), datetime(2026, 6, 15, 19, 30)),
        ("other", datetime(2026, 6, 15, 21), None),
        ("other", datetime(2026, 6, 16, 10), None),
    ]
    assert {(p.location or {}).get("city") for p in got} == {"Macau"}
    assert all(p.parent is None for p in got)


def test_travel_lines_move_the_programme_and_make_legs() -> None:
    text = (
        "Programme of the State Visit of the President of Chile to Peru (15-17 June 2026)\n\n"
        "Monday 15 June 2026 - Santiago, Lima\n"
        "08:00 Departure by air from Santiago for Lima\n"
        "12:00 Welcome ceremony at the Government Palace\n"
        "13:00 Talks with the President of Peru\n"
        "Tuesday 16 June 2026\n"
        "08:00 Departure by air for Cusco\n"
        "10:30 Meeting with the regional governor\n"
        "15:00 Transfer by helicopter to Arequipa\n"
        "17:00 Official dinner hosted by the mayor\n"
        "Wednesday 17 June 2026\n"
        "09:00 Farewell ceremony and departure for Santiago\n"
    )
    got = extract(text, PUBLISHED)
    visit = next(p for p in got if p.kind == "visit" and p.parent is None)
    assert (visit.start, visit.end) == (date(2026, 6, 15), date(2026, 6, 17))
    assert (visit.location or {}).get("country") == "Peru"
    legs = {(p.location or {}).get("city"): p.start for p in got if p.kind == "visit" and p.parent}
    assert legs == {"Cusco": date(2026, 6, 16), "Arequipa": date(2026, 6, 16)}
    places = {p.start: (p.location or {}).get("city") for p in got if isinstance(p.start, datetime)}
    assert places[datetime(2026, 6, 15, 12)] == "Lima"
    assert places[datetime(2026, 6, 16, 10, 30)] == "Cusco"
    assert places[datetime(2026, 6, 16, 17)] == "Arequipa"


def test_a_headline_that_dates_the_journey_dates_the_visit() -> None:
    text = (
        "Programme of the Apostolic Journey of the Pope to Peru (15-17 June 2026)\n\n"
        "The press office on Monday released the programme of the journey to Peru.\n\n"
        "Monday 15 June 2026 - Lima\n"
        "12:00 Welcome ceremony at the Government Palace\n"
    )
    visits = [p for p in extract(text, PUBLISHED) if p.kind == "visit"]
    assert [(p.start, p.end) for p in visits] == [(date(2026, 6, 15), date(2026, 6, 17))]


def test_programme_words_for_calls_audiences_and_flags() -> None:
    assert classify("Courtesy visit to the President of the Republic", "visit") == "bilateral"
    assert classify("Courtesy call on the Prime Minister", "visit") == "bilateral"
    assert classify("Audience granted to the diplomatic corps", None) == "other"
    assert classify("Union flag lowered", None) == "other"
    assert classify("National flag raised", None) == "other"
    assert classify("Interreligious meeting at the plain", "visit") == "meeting"
    assert classify("Departure by air for Cusco", "visit") is None
    assert classify("Holy Mass in the cathedral", "visit") is None


def test_a_city_with_a_year_after_it_is_no_place_of_the_event() -> None:
    from agenda.extract.places import find_cities

    text = "The summit is only the second ever after Lima in 2008, and opens on Friday."
    assert find_cities(text) == []


def test_a_district_of_the_dateline_city_is_that_city() -> None:
    text = (
        "SHANGHAI, Oct 17 - The leaders' summit takes place on Saturday and Sunday at the new "
        "museum in Pudong."
    )
    summit = [p for p in extract(text, date(2001, 10, 17)) if p.kind == "summit"]
    assert [(p.location or {}).get("city") for p in summit] == ["Shanghai"]


def test_a_dateline_after_a_headline_with_an_abbreviation() -> None:
    from agenda.extract.text import find_dateline

    body = "Leaders gather in Lima after Sept. 11\n\nLIMA, Oct 17 - The leaders arrive on Thursday."
    dateline = find_dateline(body)
    assert dateline is not None and dateline.place == "LIMA"


def test_a_run_in_head_places_its_paragraphs_events() -> None:
    text = (
        "Week ahead: a summit and a vote\n\n"
        "G20 in Lima. Leaders meet on Friday and Saturday at the convention centre, the first "
        "G20 summit on the coast. Expect a family photo on Friday.\n\n"
        "Elsewhere. Nothing else of note."
    )
    summit = [p for p in extract(text, PUBLISHED) if p.kind == "summit"]
    assert [(p.location or {}).get("city") for p in summit] == ["Lima"]


ITINERARY = (
    "Visit by the Foreign Minister to Kenya, Tanzania and Rwanda\n\n"
    "1. Foreign Minister Ana Ruiz is scheduled to visit Kenya, Tanzania and Rwanda from "
    "Monday, June 15 to Saturday, June 20, 2026. She will return to Spain on June 20.\n\n"
    "2. In Nairobi, the Minister will hold talks with President William Ruto on June 16.\n\n"
    "3. On June 17 the Minister will travel to Dodoma. She will then proceed to Arusha.\n\n"
    "4. Arriving in Kigali on June 19, the Minister will meet President Paul Kagame.\n\n"
    "5. Spain last sent a minister to the region in March 2019, when she visited Addis Ababa."
)


def test_an_itinerary_told_stop_by_stop_is_a_trip_with_a_leg_per_country() -> None:
    got = extract(ITINERARY, PUBLISHED)
    trips = [p for p in got if p.kind == "visit" and p.parent is None]
    assert len(trips) == 1
    trip = trips[0]
    assert (trip.start, trip.end, trip.location) == (date(2026, 6, 15), date(2026, 6, 20), None)
    legs = {
        (p.location or {}).get("country"): (p.start, p.end)
        for p in got
        if p.kind == "visit" and p.parent == trip.key
    }
    assert legs == {
        "Kenya": (date(2026, 6, 15), date(2026, 6, 16)),  # the first stop opens the trip
        "Tanzania": (date(2026, 6, 17), date(2026, 6, 19)),  # Arusha, undated, until Kigali
        "Rwanda": (date(2026, 6, 19), date(2026, 6, 20)),  # the last stop closes it
    }
    towns = [p for p in got if p.kind == "visit" and (p.location or {}).get("city") == "Arusha"]
    assert [t.precision for t in towns] == ["within_parent"]
    assert not any((p.location or {}).get("country") in ("Spain", "Ethiopia") for p in got)


def test_talks_in_a_leg_country_are_the_legs() -> None:
    got = extract(ITINERARY, PUBLISHED)
    by_key = {p.key: p for p in got}
    talks = [p for p in got if p.kind == "bilateral" and p.start == date(2026, 6, 16)]
    assert talks and (by_key[talks[0].parent or ""].location or {}).get("country") == "Kenya"


def test_a_single_country_visit_with_a_stray_city_is_no_trip() -> None:
    text = (
        "The President will pay a state visit to Chile from June 15 to 17. At the same time, "
        "the foreign minister meets business leaders in Lima."
    )
    assert not any(p.title.startswith("Tour") for p in extract(text, PUBLISHED))


def test_a_trip_already_made_is_no_stop() -> None:
    text = (
        "LIMA, June 10 (Wire) - The President will visit Quito on Monday, days after a surprise "
        "trip to Bogota, his spokesman said on Wednesday."
    )
    got = extract(text, PUBLISHED)
    assert not any((p.location or {}).get("city") == "Bogota" for p in got)
    assert not any(p.title.startswith("Tour") for p in got)


def test_a_title_keeps_the_name_after_a_form_of_address() -> None:
    text = (
        "In Lima, the Prime Minister will hold a summit meeting with H.E. Mr. Pedro Castillo, "
        "President of the Republic of Peru, on June 16."
    )
    talks = [p for p in extract(text, PUBLISHED) if p.kind == "bilateral"]
    assert [p.title for p in talks] == ["Summit meeting with Pedro Castillo"]


def test_summit_parts_in_prose_read_as_calendar_titles() -> None:
    text = (
        "The presidents will meet in Lima on Sunday, 14 June, for the Andean summit. The "
        "heads of state will first meet in a narrow format, followed by a meeting in extended "
        "format. A ceremony for the signing of documents will take place afterwards. The day "
        "will close with an official lunch hosted by the host."
    )
    titles = sorted(p.title.split(" (")[0] for p in extract(text, PUBLISHED) if p.parent)
    assert titles == [
        "Meeting in extended format",
        "Meeting in narrow format",
        "Official lunch",
        "Signing ceremony",
    ]


def test_ministers_of_five_countries_are_a_meeting_not_talks_of_the_last_two() -> None:
    text = (
        "The foreign ministers of Chile, Peru, Ecuador, Colombia and Bolivia will meet in "
        "Lima on Saturday to finalise the documents."
    )
    got = extract(text, PUBLISHED)
    assert [p.kind for p in got] == ["meeting"]


def test_a_capital_that_speaks_is_no_place() -> None:
    from agenda.extract.places import find_cities

    assert find_cities("It carries what Tokyo describes as a message of calm.") == []
    assert find_cities("New Delhi has said there is no plan for a meeting.") == []


def test_a_heads_of_state_council_is_a_summit() -> None:
    text = "BISHKEK: The Shanghai Cooperation Organisation holds its heads-of-state council on Thursday and Friday."
    summit = [p for p in extract(text, PUBLISHED) if p.kind == "summit"]
    assert [(p.start, p.end, p.organizations) for p in summit] == [
        (date(2026, 6, 11), date(2026, 6, 12), ["SCO"])
    ]


def test_a_meeting_there_is_no_plan_for_is_no_event() -> None:
    text = (
        "The President flies to Lima on Thursday; his office has said there is no plan for a "
        "meeting with Pedro Castillo on the sidelines."
    )
    assert [p.kind for p in extract(text, PUBLISHED) if p.kind == "bilateral"] == []


def test_a_pronoun_is_no_title() -> None:
    text = "TEHRAN: The Prime Minister arrives on Thursday. He meets President Hassan Rouhani on Friday."
    talks = [p for p in extract(text, PUBLISHED) if p.kind == "bilateral"]
    assert [p.title for p in talks] == ["Meeting with President Hassan Rouhani"]


def test_seeing_two_leaders_bilaterally_is_two_bilaterals() -> None:
    text = (
        "LIMA: The Andean summit opens on Thursday. Lula is expected to see Xi Jinping and "
        "Gustavo Petro bilaterally on Thursday."
    )
    talks = sorted(p.title for p in extract(text, PUBLISHED) if p.kind == "bilateral")
    assert talks == ["Meeting with Gustavo Petro", "Meeting with Xi Jinping"]
