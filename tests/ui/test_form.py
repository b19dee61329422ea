"""Pilot tests of the event form's list and zone fields: each with invalid input (explained next to
the field, nothing saved), then valid input (saved as the model holds it)."""

from __future__ import annotations

from datetime import date, datetime

from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from agenda.core.models import Status
from agenda.ui import AgendaApp
from agenda.ui.dialogs import ConfirmDiscard
from agenda.ui.forms import EventForm, locate
from tests.ui.conftest import CSTO, drive


async def open_edit(app: AgendaApp, pilot: Pilot[None], event_id: str = CSTO) -> EventForm:
    app.timeline.select(event_id)
    await pilot.pause()  # the highlight bubbles to the App (its `selected`) before the key
    current = app.timeline.current  # a series' id selects its occurrence in the period
    assert current is not None and app.selected == current.id
    await pilot.press("e")
    form = app.screen
    assert isinstance(form, EventForm)
    return form


def put(form: EventForm, name: str, value: str) -> None:
    widget = form.query_one(f"#f-{name}")
    if isinstance(widget, TextArea):
        widget.text = value
    else:
        assert isinstance(widget, Input)
        widget.value = value


async def save_fails(app: AgendaApp, pilot: Pilot[None], form: EventForm, field: str) -> str:
    """Save; the form stays open, the store is unchanged, and the problem is under `field`."""
    before = app.store.get(CSTO)
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert app.screen is form
    assert app.store.get(CSTO) == before
    shown = form.problems_shown()
    assert field in shown, shown
    return shown[field]


async def save_ok(app: AgendaApp, pilot: Pilot[None], form: EventForm) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert app.screen is not form, form.problems_shown()


def test_zone_of_the_end(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot)
        put(form, "start", "2021-09-16 10:00")
        put(form, "end", "2021-09-16 18:00")
        put(form, "tz", "Asia/Dushanbe")
        put(form, "end_tz", "Mars/Olympus")
        assert "unknown time zone 'Mars/Olympus'" in await save_fails(app, pilot, form, "end_tz")
        assert "tz" not in form.problems_shown()
        put(form, "end_tz", "Europe/Moscow")
        await save_ok(app, pilot, form)
        saved = app.store.get(CSTO)
        assert saved.start == datetime(2021, 9, 16, 10, 0) and saved.tz == "Asia/Dushanbe"
        assert saved.end_tz == "Europe/Moscow"
        # shown again when editing, and completed from the IANA names
        form = await open_edit(app, pilot)
        assert form.query_one("#f-end_tz", Input).value == "Europe/Moscow"
        assert form.query_one("#f-end_tz", Input).suggester is not None

    drive(app, scenario)


def test_outcomes_one_per_line(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot)
        # a blank line: the problem names the line as the text area numbers it
        put(form, "outcomes", "13 documents to sign\n\nmore than documents")
        shown = await save_fails(app, pilot, form, "outcomes")
        assert shown.startswith("✗ line 3,") and '"more than" needs a count' in shown
        area = form.query_one("#f-outcomes", TextArea)
        assert form.focused is area and area.cursor_location == (2, 0)
        put(
            form, "outcomes", "13 documents to sign\n\nmore than 30 agreements\nA joint declaration"
        )
        await save_ok(app, pilot, form)
        outcomes = app.store.get(CSTO).outcomes
        assert [(o.count, o.count_is_minimum, o.description) for o in outcomes] == [
            (13, False, "documents to sign"),
            (30, True, "agreements"),
            (None, False, "A joint declaration"),
        ]

    drive(app, scenario)


def test_sources_one_per_line(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot)
        kept = form.query_one("#f-sources", TextArea).text
        line = (
            "TASS | Summit opens | https://tass.example/1 | 32 Sep 2021 | We agreed. | A Minister"
        )
        put(form, "sources", kept + "\n" + line)
        shown = await save_fails(app, pilot, form, "sources")
        assert f"line {len(kept.splitlines()) + 1}" in shown and "32 Sep 2021" in shown
        put(form, "sources", kept + "\n" + line.replace("32 Sep", "16 Sep"))
        await save_ok(app, pilot, form)
        last = app.store.get(CSTO).sources[-1]
        assert (last.publisher, last.title, last.url) == (
            "TASS",
            "Summit opens",
            "https://tass.example/1",
        )
        assert last.published == date(2021, 9, 16)
        assert (last.quote, last.speaker) == ("We agreed.", "A Minister")
        assert len(app.store.get(CSTO).sources) == len(kept.splitlines()) + 1

    drive(app, scenario)


def test_status_change_is_recorded_in_the_history(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        before = app.store.get(CSTO).status_history
        form = await open_edit(app, pilot)
        history = form.query_one("#f-status_history", TextArea).text
        assert history.startswith("2021-09-14 | announced | Jeenbek Kulubaev")
        put(form, "status_history", history + "\n2021-09-15 | rumoured")
        shown = await save_fails(app, pilot, form, "status_history")
        assert "line 2, status:" in shown and "'confirmed'" in shown
        put(form, "status_history", history)
        form.query_one("#f-status", Select).value = "confirmed"
        put(form, "status_source", "the Kremlin press service")
        await save_ok(app, pilot, form)
        saved = app.store.get(CSTO)
        assert saved.status is Status.CONFIRMED
        assert saved.status_history[:-1] == before
        change = saved.status_history[-1]
        # the day is the clock's (16 Sep 2021), not the period shown
        assert (change.status, change.on, change.source) == (
            Status.CONFIRMED,
            date(2021, 9, 16),
            "the Kremlin press service",
        )
        # saving again without a change adds nothing
        form = await open_edit(app, pilot)
        await save_ok(app, pilot, form)
        assert app.store.get(CSTO).status_history == saved.status_history

    drive(app, scenario)


def test_participants_and_agenda_items(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot)
        put(form, "participants", "Emomali Rahmon; President; Tajikistan\n; Foreign Minister")
        shown = await save_fails(app, pilot, form, "participants")
        assert "line 2" in shown and "Name; Role; Country" in shown
        put(form, "participants", "Emomali Rahmon; President; Tajikistan\nSergei Lavrov")
        put(form, "agenda", "Afghanistan\n\n  Collective security  \n")
        await save_ok(app, pilot, form)
        saved = app.store.get(CSTO)
        assert [p.label() for p in saved.participants] == [
            "Emomali Rahmon (President, Tajikistan)",
            "Sergei Lavrov",
        ]
        assert saved.agenda == ["Afghanistan", "Collective security"]

    drive(app, scenario)


def test_coordinates_and_tags(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot)
        put(form, "lat", "100")
        put(form, "lon", "east")
        assert "less than or equal to 90" in await save_fails(app, pilot, form, "lat")
        assert "valid number" in form.problems_shown()["lon"]
        put(form, "lat", "38.56")
        put(form, "lon", "68.77")
        put(form, "tags", "security, Afghanistan")
        await save_ok(app, pilot, form)
        saved = app.store.get(CSTO)
        assert saved.location is not None
        assert (saved.location.lat, saved.location.lon) == (38.56, 68.77)
        assert saved.location.city == "Dushanbe"
        assert saved.tags == ["security", "Afghanistan"]

    drive(app, scenario)


def test_lists_left_alone_are_kept_exactly(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        before = app.store.get(CSTO)
        form = await open_edit(app, pilot)
        put(form, "title", "Renamed")
        await save_ok(app, pilot, form)
        after = app.store.get(CSTO)
        assert after.title == "Renamed"
        for name in ("sources", "outcomes", "participants", "agenda", "status_history"):
            assert getattr(after, name) == getattr(before, name), name

    drive(app, scenario)


def test_problems_of_list_entries_name_the_line() -> None:
    assert locate("event 'x': sources.2.published: Input should be a valid date") == (
        "sources",
        "date: Input should be a valid date",  # the column's name in the hint
        2,
    )
    assert locate("event 'x': end_tz: unknown time zone 'X'") == (
        "end_tz",
        "unknown time zone 'X'",
        None,
    )
    assert locate("event 'x': location.lat: too big")[0] == "lat"


def test_an_error_goes_as_soon_as_its_field_is_fixed(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot)
        put(form, "start", "16 Sept 2021")
        put(form, "end", "2021-09-15")
        await save_fails(app, pilot, form, "start")
        assert "end" in form.problems_shown()
        put(form, "start", "2021-09-16")  # fixed: its error goes, the end's stays
        await pilot.pause()
        shown = form.problems_shown()
        assert "start" not in shown and "before the start" in shown["end"]
        put(form, "end", "2021-09-17")
        await pilot.pause()
        assert form.problems_shown() == {}
        assert not form.query(".error.-shown")

    drive(app, scenario)


def test_the_stores_problem_stays_until_its_field_changes(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot)
        put(form, "parent_id", "no-such-event")
        await save_fails(app, pilot, form, "parent_id")
        put(form, "title", "CSTO session")  # another field: the form cannot check the store
        await pilot.pause()
        assert "parent_id" in form.problems_shown()
        put(form, "parent_id", "")
        await pilot.pause()
        assert "parent_id" not in form.problems_shown()

    drive(app, scenario)


def test_errors_name_fields_as_the_form_does(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot)  # an all-day event
        put(form, "tz", "Asia/Dushanbe")
        put(form, "sources", "TASS | | | 32 Sep 2021")
        text = await save_fails(app, pilot, form, "tz")
        assert "location.tz" not in text and "“Zone of the place”" in text
        assert "line 1, date: '32 Sep 2021' is not a date" in form.problems_shown()["sources"]
        assert "published" not in form.problems_shown()["sources"]

    drive(app, scenario)


def test_escape_closes_an_unchanged_form_at_once(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not form and not isinstance(app.screen, ConfirmDiscard)

    drive(app, scenario)


def test_escape_on_a_changed_form_asks_before_discarding(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        before = app.store.get(CSTO)
        form = await open_edit(app, pilot)
        await pilot.press("end", *" (moved)")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("n")  # keep editing: the form and what was typed are still there
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#f-title", Input).value.endswith(" (moved)")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is not form and not isinstance(app.screen, ConfirmDiscard)
        assert app.store.get(CSTO) == before

    drive(app, scenario)
