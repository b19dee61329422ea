"""General rules of issue 15 round 7 (blind_final6's week-aheads showed them): a list item's
run-in place ("- Vilnius: ..."), "begin a state visit", "lasting until" in a dated section, a
history of postponements that is no status. Each on a short text written for the test; none is
a scored article."""

from __future__ import annotations

from datetime import date

from agenda.extract import extract

# 2026-06-07 is a Sunday
PUBLISHED = date(2026, 6, 7)
HEAD = "THE WEEK AHEAD: June 8 - 14, 2026\n\n"


def test_a_list_items_head_places_its_event() -> None:
    text = (
        HEAD + "Thursday 11 June\n- Vilnius: Eastern Partnership summit opens with a working "
        "dinner. The signing with Ukraine is off after Kiev suspended preparations last week.\n"
    )
    summits = [p for p in extract(text, PUBLISHED) if p.kind == "summit"]
    assert summits and summits[0].location and summits[0].location["city"] == "Vilnius"
    assert "Kyiv" not in summits[0].title


def test_a_stop_in_another_city_is_not_the_visits_city() -> None:
    text = (
        HEAD + "Saturday 13 June\n- New Delhi: The Emperor and Empress of Japan begin a state "
        "visit to India, lasting until 19 June, with a stop in Chennai.\n"
    )
    visits = [p for p in extract(text, PUBLISHED) if p.kind == "visit"]
    assert len(visits) == 1
    v = visits[0]
    assert v.location and v.location["city"] == "New Delhi"
    assert (v.start, v.end) == (date(2026, 6, 13), date(2026, 6, 19))


def test_a_history_of_postponements_is_not_the_status() -> None:
    text = (
        HEAD + "Friday 12 June\n- Kiev: The president begins a two-day state visit to Ukraine. "
        "The visit has been postponed at least five times since 2019 over the fleet dispute.\n"
    )
    visits = [p for p in extract(text, PUBLISHED) if p.kind == "visit"]
    assert visits and visits[0].status == "announced"
    assert (visits[0].start, visits[0].end) == (date(2026, 6, 12), date(2026, 6, 13))


def test_beginning_a_talks_process_is_still_no_event() -> None:
    text = "The two sides will begin talks on a free trade deal on Monday, officials said.\n"
    assert not [p for p in extract(text, PUBLISHED) if p.kind in ("meeting", "bilateral")]
