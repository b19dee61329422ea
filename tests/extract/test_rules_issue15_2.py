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
