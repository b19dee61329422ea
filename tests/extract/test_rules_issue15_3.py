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
