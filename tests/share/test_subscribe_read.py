"""A downloaded feed read into a subscription's events (agenda.share.subscriptions.feedread):
series stay series, every id gets the calendar's name, parents outside the feed are dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from agenda.core.errors import IcsError
from agenda.core.models import parse_event
from agenda.share.subscriptions.feedread import namespace, namespaced_id, read_feed

FIXTURES = Path(__file__).resolve().parent.parent / "ics" / "fixtures"


def test_series_stay_series_in_the_calendars_namespace() -> None:
    feed = read_feed(FIXTURES / "recurrence.ics", "http://x/f.ics", "team")
    by_id = {e.id: e for e in feed.events}
    weekly = by_id["team:weekly@example.org"]
    assert weekly.repeat is not None and weekly.repeat.rule.startswith("FREQ=WEEKLY")
    assert weekly.ical_uid == "weekly@example.org"
    moved = [e for e in feed.events if e.recurrence_of == "team:weekly@example.org"]
    assert len(moved) == 1 and moved[0].id.startswith("team:weekly@example.org/")
    assert moved[0].title == "Weekly coordination (moved)"
    assert {"team:daily-count@example.org", "team:forever@example.org"} <= set(by_id)
    assert not feed.refused


def test_parents_follow_and_a_missing_parent_is_dropped_or_refused() -> None:
    visit = parse_event({"id": "v", "title": "Visit", "start": "2021-09-15", "end": "2021-09-17"})
    inside = parse_event({"id": "s", "title": "Summit", "start": "2021-09-16", "parent_id": "v"})
    orphan = parse_event({"id": "o", "title": "Talk", "start": "2021-09-16", "parent_id": "gone"})
    vague = parse_event(
        {
            "id": "w",
            "title": "Bilaterals",
            "start": "2021-09-15",
            "end": "2021-09-17",
            "precision": "within_parent",
            "parent_id": "gone",
        }
    )
    feed = namespace("mfa", [visit, inside, orphan, vague])
    by_id = {e.id: e for e in feed.events}
    assert by_id["mfa:s"].parent_id == "mfa:v"
    assert by_id["mfa:o"].parent_id is None and any("'gone'" in n for n in feed.notes)
    assert "mfa:w" not in by_id
    assert len(feed.refused) == 1 and "no day of its own" in feed.refused[0]


def test_a_child_outside_its_parents_days_is_refused_alone() -> None:
    visit = parse_event({"id": "v", "title": "Visit", "start": "2021-09-15"})
    late = parse_event({"id": "late", "title": "Late", "start": "2021-09-20", "parent_id": "v"})
    feed = namespace("mfa", [visit, late])
    assert [e.id for e in feed.events] == ["mfa:v"]
    assert "outside its parent" in feed.refused[0]


def test_long_ids_are_hashed_within_the_limit() -> None:
    long_id = "x" * 255
    short = namespaced_id("mfa", long_id)
    assert short.startswith("mfa:h-") and len(short) <= 255
    assert namespaced_id("mfa", long_id) == short
    assert namespaced_id("mfa", "abc") == "mfa:abc"


@pytest.mark.parametrize(
    ("fixture", "message"),
    [("not-ical.ics", "not an iCalendar file"), ("truncated.ics", "truncated")],
)
def test_a_file_that_is_not_a_calendar_is_one_error(fixture: str, message: str) -> None:
    with pytest.raises(IcsError, match=message):
        read_feed(FIXTURES / fixture, "http://x/f.ics", "team")
