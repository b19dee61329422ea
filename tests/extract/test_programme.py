"""The programme stage (agenda/extract/programme.py): timetable lines, programme items in prose,
ceremonial occasions and legs, nested under their visit or summit (issue 15.2).

The articles here were written for these tests (none is from a scored set)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from agenda.extract import Proposal, extract, read_article
from agenda.extract.frames import classify

HERE = Path(__file__).parent / "programme"


def run(text: str, published: date) -> list[Proposal]:
    return extract(text, published)


def article(name: str) -> list[Proposal]:
    body, day = read_article((HERE / name).read_text(encoding="utf-8"), name, None)
    return extract(body, day)


def test_timetable_lines_are_children_with_their_times_place_and_zone() -> None:
    got = article("state_visit_timetable.txt")
    [visit] = [p for p in got if p.kind == "visit" and p.parent is None]
    assert (visit.start, visit.end, visit.precision) == (
        date(2024, 5, 12),
        date(2024, 5, 14),
        "range",
    )
    assert visit.location and visit.location["city"] == "Astana"
    timed = [p for p in got if isinstance(p.start, datetime)]
    assert [(p.kind, p.start.strftime("%H:%M")) for p in timed] == [  # type: ignore[union-attr]
        ("other", "10:00"),
        ("bilateral", "10:30"),
        ("bilateral", "11:30"),
        ("other", "19:00"),
    ]  # arrival, lunch, a site visit and the departure are no agenda entries
    for p in timed:
        assert p.parent == visit.key
        assert p.tz == "Asia/Almaty"
        assert p.location and p.location["city"] == "Astana"


def test_a_day_in_another_city_is_a_leg_of_the_visit() -> None:
    got = article("state_visit_timetable.txt")
    [visit] = [p for p in got if p.kind == "visit" and p.parent is None]
    [leg] = [p for p in got if p.kind == "visit" and p.parent == visit.key]
    assert leg.location and leg.location["city"] == "Almaty"
    assert (leg.start, leg.end) == (date(2024, 5, 14), date(2024, 5, 14))


def test_programme_items_in_prose_take_the_day_of_their_sentence() -> None:
    text = (
        "The leaders of the Shanghai Cooperation Organisation will meet in Astana on 3-4 July "
        "for the SCO summit.\n\n"
        "On 4 July the summit opens with a meeting in narrow format, followed by the family "
        "photo and a meeting in extended format. President Tokayev will give a closing press "
        "conference in the afternoon."
    )
    got = run(text, date(2024, 6, 28))
    [summit] = [p for p in got if p.kind == "summit"]
    items = sorted((p.kind, p.start) for p in got if p.parent == summit.key)
    assert items == [
        ("meeting", date(2024, 7, 4)),
        ("meeting", date(2024, 7, 4)),
        ("other", date(2024, 7, 4)),
        ("other", date(2024, 7, 4)),
    ]
    assert all(p.location and p.location["city"] == "Astana" for p in got if p.parent == summit.key)


def test_a_ceremonial_occasion_is_an_event() -> None:
    text = (
        "The coronation of the King will take place at the cathedral in Oslo on Saturday, "
        "palace officials said. Heads of state are expected to attend."
    )
    [p] = run(text, date(2026, 6, 1))
    assert (p.kind, p.start) == ("other", date(2026, 6, 6))
    assert p.location and p.location["city"] == "Oslo"
    assert p.title.startswith("Coronation of")


def test_classify_by_what_the_item_is() -> None:
    assert classify("Talks in restricted format", "visit") == "bilateral"
    assert classify("Plenary session", "summit") == "meeting"
    assert classify("State banquet at the palace", "visit") == "other"
    assert classify("The King addresses the Bundestag", "visit") == "other"
    assert classify("Meeting with representatives of the diaspora", "visit") is None
    assert classify("Arrival at the airport", "visit") is None
    assert classify("Wreath-laying at the memorial", "visit") is None


def test_one_summit_named_twice_generically_is_folded_into_one() -> None:
    text = (
        "President Tokayev will pay a state visit to China on 17-19 May. "
        "The leaders of Central Asia and China will hold a summit in Xi'an on 18-19 May.\n\n"
        "The summit in Xi'an will adopt a declaration."
    )
    got = run(text, date(2023, 5, 10))
    assert len([p for p in got if p.kind == "summit"]) == 1


def test_two_named_events_on_the_same_days_stay_two() -> None:
    text = (
        "The European Council will meet in Brussels on 26-27 October. "
        "A Euro Summit will be held in Brussels on 27 October."
    )
    got = run(text, date(2023, 10, 20))
    assert len([p for p in got if p.kind in ("summit", "meeting")]) == 2


def test_a_meeting_with_two_counterparts_is_two_bilaterals() -> None:
    got = article("state_visit_timetable.txt")  # no split there: one counterpart per line
    assert len([p for p in got if p.kind == "bilateral"]) == 2
    text = (
        "President Ilham Aliyev will pay a state visit to Kazakhstan on 12-13 May.\n\n"
        "Monday, 12 May – Astana\n"
        "14:00 – Meetings with Prime Minister Olzhas Bektenov and Senate Chairman Maulen Ashimbayev\n"
    )
    got = run(text, date(2025, 5, 1))
    talks = [p for p in got if p.kind == "bilateral"]
    assert sorted(p.participants[-1]["name"] for p in talks) == [
        "Maulen Ashimbayev",
        "Olzhas Bektenov",
    ]
    assert all(isinstance(p.start, datetime) and p.start.hour == 14 for p in talks)


def test_a_dateline_after_a_headline_is_the_filing_not_an_event_date() -> None:
    from agenda.extract.text import find_dateline, sentences

    body = (
        "Jakarta set for the ASEAN summit\n\n"
        "JAKARTA, Sept 3 (Xinhua) – Leaders of ASEAN will gather in Jakarta from Tuesday to "
        "Thursday for the 43rd ASEAN Summit."
    )
    line = find_dateline(body)
    assert line is not None and (line.month, line.day, line.place) == (9, 3, "JAKARTA")
    assert sentences(body)[0].text == "Jakarta set for the ASEAN summit"
    assert not any("Sept 3" in s.text for s in sentences(body))
    [summit] = [p for p in run(body, date(2023, 9, 3)) if p.kind == "summit"]
    assert (summit.start, summit.end) == (date(2023, 9, 5), date(2023, 9, 7))


def test_a_summit_that_opens_on_one_day_and_closes_on_another_runs_between_them() -> None:
    text = (
        "The BRICS summit opens in Kazan on Tuesday, officials said.\n\n"
        "The summit will close with a press conference by the host on Thursday afternoon."
    )
    [summit] = [p for p in run(text, date(2024, 10, 21)) if p.kind == "summit"]
    assert (summit.start, summit.end, summit.precision) == (
        date(2024, 10, 22),
        date(2024, 10, 24),
        "range",
    )


def test_an_undated_item_of_the_one_visit_is_within_its_days() -> None:
    text = (
        "President Xi Jinping will pay a state visit to Viet Nam from 12 to 13 December 2023.\n\n"
        "An official welcome ceremony will be held at the Presidential Palace in Ha Noi."
    )
    got = run(text, date(2023, 12, 10))
    [visit] = [p for p in got if p.kind == "visit"]
    [ceremony] = [p for p in got if p.kind == "other"]
    assert ceremony.parent == visit.key
    assert (ceremony.start, ceremony.end, ceremony.precision) == (
        date(2023, 12, 12),
        date(2023, 12, 13),
        "within_parent",
    )


def test_an_arrival_for_a_three_day_visit_is_a_visit_under_way_with_its_talks() -> None:
    text = (
        "President Emmanuel Macron arrived in the Kazakh capital on Wednesday for a three-day "
        "visit, officials said.\n\n"
        "He will hold talks with President Kassym-Jomart Tokayev on Thursday in Astana."
    )
    got = run(text, date(2023, 11, 1))
    [visit] = [p for p in got if p.kind == "visit"]
    assert (visit.start, visit.end) == (date(2023, 11, 1), date(2023, 11, 3))
    assert visit.location and visit.location["city"] == "Astana"
    [talks] = [p for p in got if p.kind == "bilateral"]
    assert talks.parent == visit.key


def test_drop_history_keeps_only_the_announced_event() -> None:
    from agenda.extract import Evidence
    from agenda.extract.folding import drop_history

    quote = "The visit, postponed in 2020, will take place on 25-27 June."
    said = [Evidence(quote, 0, len(quote), ["event", "dates"])]
    announced = Proposal("p1", "visit", "Visit", date(2024, 6, 25), date(2024, 6, 27), "range",
                         date(2024, 6, 1), evidence=said)  # fmt: skip
    postponed = Proposal("p2", "visit", "Visit", None, None, "exact", date(2024, 6, 1),
                         status="postponed", evidence=[Evidence(quote, 0, len(quote), ["event"])])  # fmt: skip
    assert drop_history([announced, postponed]) == [announced]
