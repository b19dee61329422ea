"""General rules added after the blind score of tests/extract/holdout7 (docs/extract.md).

Every text here is written for the test; none is a scored article, and the rules tested name no
word of one.
"""

from __future__ import annotations

from datetime import date, datetime

from agenda.extract import extract
from agenda.extract.dates import find_dates
from agenda.extract.details import outcomes
from agenda.extract.people import find_speaker
from tests.extract.helpers import one

# 1. speakers come from the sentence's own attribution -----------------------------------------


def test_institution_is_the_speaker_not_a_person_named_later() -> None:
    text = (
        "Riga will host a meeting of the Council of the Baltic Sea States on 12 May, the press "
        "office of the Latvian foreign minister said on Tuesday.\n\n"
        "Finnish Foreign Minister Elina Valtonen has said she will not travel to Riga."
    )
    (p,) = extract(text, date(2026, 4, 7))
    speaker = p.evidence[0].speaker
    assert speaker == "press office of the Latvian foreign minister"
    assert "Valtonen" not in (speaker or "")


def test_pronoun_institution_names_no_one() -> None:
    assert find_speaker("He will visit Oslo on 3 June, his press service said on Friday.") is None
    assert find_speaker("The talks will be held on 3 June, the Foreign Ministry said.") == (
        "Foreign Ministry",
        "Foreign Ministry",
    )


def test_a_statement_of_its_own_covers_no_earlier_sentence() -> None:
    text = (
        "The summit of the Nordic Council will open in Oslo on 28 October.\n\n"
        "Prime Minister Jonas Gahr Store has said he will chair the opening session."
    )
    summit = next(p for p in extract(text, date(2026, 10, 1)) if p.kind == "summit")
    assert summit.evidence[0].speaker is None


def test_negated_travel_is_not_a_visit() -> None:
    text = (
        "Baku will host the OTS summit on 6 November. Turkish President Recep Tayyip Erdogan "
        "will not travel to Baku, his office said."
    )
    assert [p.kind for p in extract(text, date(2026, 11, 1))] == ["summit"]


# 2. postponed after a subordinate clause ------------------------------------------------------


def test_postponed_after_a_clause_without_a_new_date() -> None:
    text = (
        "The Nordic - Baltic defence ministers' meeting, planned for March 4 in Vilnius, has been "
        "put off, the Lithuanian Defence Ministry said, without giving a new date."
    )
    p = one(extract(text, date(2026, 2, 20)), "meeting")
    assert p.status == "postponed"
    assert p.start is None and p.end is None
    assert p.title == "Nordic – Baltic defence ministers' meeting"


# 3. ranges, zones, sessions of a summit, bilateral titles ------------------------------------


def test_opens_and_runs_until_is_a_range() -> None:
    got = find_dates(
        "The forum opens in Sochi on Wednesday and will run until Friday.", date(2026, 3, 2)
    )
    assert [(d.start, d.end, d.precision) for d in got] == [
        (date(2026, 3, 4), date(2026, 3, 6), "range")
    ]


def test_zone_phrase_is_not_a_place_and_session_is_the_summits_child() -> None:
    text = (
        "The EAEU summit opens in Minsk on Monday and will last until Tuesday, a Kremlin aide "
        "told reporters.\n\n"
        "The plenary session will begin at 11:00 Moscow time on May 26."
    )
    found = extract(text, date(2026, 5, 22))
    summit = one(found, "summit")
    session = one(found, "meeting")
    assert (summit.start, summit.end) == (date(2026, 5, 25), date(2026, 5, 26))
    assert session.location and session.location["city"] == "Minsk"
    assert session.start == datetime(2026, 5, 26, 11, 0) and session.tz == "Europe/Moscow"
    assert session.parent == summit.key


def test_bilateral_title_names_both_sides() -> None:
    text = (
        "Chinese President Xi Jinping will meet French President Emmanuel Macron in Paris on 6 May."
    )
    p = one(extract(text, date(2026, 5, 1)), "bilateral")
    assert p.title == "Meeting of Xi Jinping and Emmanuel Macron"


# 4. bilaterals on the sidelines of a summit --------------------------------------------------


def test_sideline_bilaterals_are_the_summits_child() -> None:
    text = (
        "Tashkent will host the summit of the Organization of Turkic States on 10-11 October.\n\n"
        "On the sidelines of the summit, President Shavkat Mirziyoyev will hold bilateral "
        "meetings with several leaders."
    )
    found = extract(text, date(2026, 10, 1))
    summit = one(found, "summit")
    bilateral = one(found, "bilateral")
    assert bilateral.parent == summit.key
    assert bilateral.precision == "within_parent"
    assert (bilateral.start, bilateral.end) == (date(2026, 10, 10), date(2026, 10, 11))


# 5. outcomes and chair -----------------------------------------------------------------------


def test_chair_by_verb_and_counted_outcomes() -> None:
    text = (
        "Astana will host a session of the Collective Security Council of the CSTO on 28 "
        "November.\n\nKazakhstan currently chairs the organization. The leaders are expected to "
        "sign about 15 documents, including a joint statement."
    )
    p = one(extract(text, date(2026, 11, 20)), "summit")
    assert p.chair == "Kazakhstan"
    assert [o.get("count") for o in p.outcomes] == [15]


def test_next_chair_by_verb_and_package_count() -> None:
    text = (
        "The Supreme Eurasian Economic Council will meet in Minsk on 9 December. Armenia will "
        "take over the chairmanship of the union next year."
    )
    p = one(extract(text, date(2026, 12, 1)), "summit")
    assert p.next_chair == "Armenia"
    assert outcomes("The leaders will sign a package of about 10 documents.")[0]["count"] == 10
