"""Three-way merge of an event edited on an old copy (agenda.core.merge): nothing changed elsewhere is
lost, and only a field both sides changed differently is left for a person to settle."""

from __future__ import annotations

from agenda.core.merge import merge
from agenda.core.models import Event, parse_event


def ev(**fields: object) -> Event:
    base: dict[str, object] = {
        "id": "talks",
        "title": "Talks",
        "start": "2021-09-16",
        "notes": "base notes",
        "tags": ["base"],
        "sequence": 2,
    }
    base.update(fields)
    return parse_event(base)


def test_unchanged_form_keeps_every_change_made_elsewhere() -> None:
    base = ev()
    theirs = ev(notes="cli notes", tags=["cli-tag"], sequence=3)
    m = merge(base, theirs, base)
    assert m.clashes == []
    assert (m.event.notes, m.event.tags, m.event.sequence) == ("cli notes", ["cli-tag"], 3)


def test_changes_on_different_fields_are_both_kept() -> None:
    base = ev()
    m = merge(base, ev(notes="theirs", sequence=3), ev(title="Mine"))
    assert m.clashes == []
    assert (m.event.title, m.event.notes, m.event.tags) == ("Mine", "theirs", ["base"])


def test_same_change_on_both_sides_is_no_clash() -> None:
    base = ev()
    m = merge(base, ev(notes="same", sequence=3), ev(notes="same"))
    assert m.clashes == [] and m.event.notes == "same"


def test_nothing_changed_elsewhere_gives_mine() -> None:
    base = ev()
    mine = ev(notes="mine", tags=[])
    m = merge(base, base, mine)
    assert m.clashes == [] and m.event == mine


def test_both_changed_one_field_is_a_clash_settled_by_a_person() -> None:
    base = ev()
    m = merge(base, ev(notes="theirs", tags=["cli"], sequence=3), ev(notes="mine", title="Mine"))
    assert m.clash_labels == ["notes"]
    assert m.values(m.clashes[0], "theirs") == {"notes": "theirs"}
    assert m.values(m.clashes[0], "mine") == {"notes": "mine"}
    kept_mine = m.resolve("mine")
    kept_theirs = m.resolve("theirs")
    # either way the non-clashing changes of both sides stay
    assert (kept_mine.notes, kept_mine.title, kept_mine.tags) == ("mine", "Mine", ["cli"])
    assert (kept_theirs.notes, kept_theirs.title, kept_theirs.tags) == ("theirs", "Mine", ["cli"])


def test_dates_and_zone_merge_as_one() -> None:
    """Their new time with my new zone would be a time neither side meant."""
    base = ev(start="2021-09-16T10:00", tz="Asia/Dushanbe")
    theirs = ev(start="2021-09-16T11:00", tz="Asia/Dushanbe", sequence=3)
    mine = ev(start="2021-09-16T10:00", tz="Europe/Moscow")
    m = merge(base, theirs, mine)
    assert m.clash_labels == ["dates and times"]
    assert m.resolve("theirs").tz == "Asia/Dushanbe"
    assert m.resolve("theirs").start == theirs.start


def test_status_and_its_history_merge_as_one() -> None:
    base = ev()
    postponed = {
        "status": "postponed",
        "status_history": [{"status": "postponed", "on": "2021-09-10"}],
    }
    theirs = ev(sequence=3, **postponed)
    m = merge(base, theirs, ev(title="Mine"))
    assert m.clashes == [] and m.event.status.value == "postponed"
    assert m.event.status_history == theirs.status_history and m.event.title == "Mine"
