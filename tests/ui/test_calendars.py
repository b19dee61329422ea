"""Calendars in the UI (issue 16.1): each calendar's colour on its events' titles in the list,
the span view and the month grid, the detail's coloured calendar line, and `f` filtering by
calendar. Driven through the real App on the bundled data plus a calendar of one's own."""

from __future__ import annotations

from rich.style import Style
from textual.pilot import Pilot

from agenda.core.models import parse_event
from agenda.core.store import EventStore, Filters
from agenda.ui import AgendaApp
from agenda.ui.dialogs import FilterForm
from tests.ui.conftest import CSTO, bundled_store, drive, new_app
from tests.ui.test_app import _filter, ids

BLUE = "#4a78d0"  # "blue" as agenda.core.calendar_names.COLOURS draws it


def store_with_work() -> EventStore:
    store = bundled_store()
    store.add_calendar("work", colour="blue")
    store.add_calendar("mfa", writable=False)
    store.put(parse_event({"id": "brief", "title": "Team briefing", "start": "2021-09-16",
                           "calendar": "work"}))  # fmt: skip
    return store


def colours_of(app: AgendaApp, words: str) -> list[str]:
    """The colours the spans of the first timeline line holding `words` are drawn in."""
    texts = app.timeline.line_texts()
    index = next(i for i, line in enumerate(texts) if words in line)
    text = app.timeline._line_text(index, 120)
    found = []
    for span in text.spans:
        style = span.style if isinstance(span.style, Style) else Style.parse(str(span.style))
        if style.color is not None and words.startswith(text.plain[span.start : span.end][:4]):
            found.append(style.color.name)
    return found


def test_a_calendars_colour_is_its_events_title_colour_in_every_zoom() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert colours_of(app, "Team briefing") == [BLUE]  # the list
        assert BLUE not in colours_of(app, "CSTO Collective")  # default: no colour of its own
        await pilot.press("2")  # the span view
        await pilot.pause()
        assert colours_of(app, "Team briefing") == [BLUE]
        await pilot.press("4")  # the month grid
        await pilot.pause()
        assert BLUE in colours_of(app, "Team brie")

    drive(new_app(store_with_work()), scenario)


def test_the_detail_names_the_calendar_in_its_colour() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert app.timeline.select("brief")
        await pilot.pause()
        assert "● calendar work" in app.detail.plain()
        line = next(
            span
            for span in app.detail._text.spans
            if "calendar work" in app.detail._text.plain[span.start : span.end]
        )
        assert isinstance(line.style, Style) and line.style.color is not None
        assert line.style.color.name == BLUE
        app.timeline.select(CSTO)
        await pilot.pause()
        assert "calendar" not in app.detail.plain().split("When")[0]

    drive(new_app(store_with_work()), scenario)


def test_f_filters_by_calendar() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert "brief" in ids(app) and CSTO in ids(app)
        await pilot.press("f")
        form = app.screen
        assert isinstance(form, FilterForm) and form.calendars == ["default", "mfa", "work"]
        await pilot.press("escape")
        await _filter(app, pilot, calendar="work")
        assert ids(app) == ["brief"]
        assert "calendar: work" in str(app.query_one("#filterbar").render())
        await pilot.press("escape")
        await _filter(app, pilot, calendar="default")
        assert "brief" not in ids(app) and CSTO in ids(app)
        await pilot.press("escape")
        assert "brief" in ids(app)

    drive(new_app(store_with_work()), scenario)


def test_a_colour_changed_elsewhere_shows_on_the_next_reload() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.store.set_calendar("work", colour="#aa3300")
        app.reload()
        await pilot.pause()
        assert colours_of(app, "Team briefing") == ["#aa3300"]

    drive(new_app(store_with_work()), scenario)


def test_editing_or_deleting_an_event_of_a_read_only_calendar_says_so_in_one_line() -> None:
    store = store_with_work()
    store.replace_calendar_events(
        "mfa", [parse_event({"id": "mfa-1", "title": "Ministry briefing", "start": "2021-09-16"})]
    )

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert app.timeline.select("mfa-1")
        await pilot.pause()
        for key in ("e", "d"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is app.screen_stack[0], key  # no form, no question
            [note] = list(app._notifications)
            assert "'Ministry briefing' is in the read-only calendar 'mfa'" in note.message
            assert "\n" not in note.message and "mfa-1" not in note.message  # c copies the id
            app.clear_notifications()
        assert app.store.get("mfa-1").title == "Ministry briefing"

    drive(new_app(store), scenario)


def test_the_form_puts_a_new_event_in_a_calendar_and_an_edit_keeps_it() -> None:
    from textual.widgets import Input

    from agenda.ui.forms import EventForm

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, EventForm)
        assert form.query_one("#f-calendar", Input).value == "default"
        form.query_one("#f-title", Input).value = "Desk meeting"
        form.query_one("#f-parent_id", Input).value = ""
        form.query_one("#f-calendar", Input).value = "work"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [added] = [r for r in app.store.window(filters=Filters(calendars=("work",)))
                   if r.title == "Desk meeting"]  # fmt: skip
        assert app.timeline.select(added.id)
        await pilot.press("e")
        edit = app.screen
        assert isinstance(edit, EventForm)
        assert edit.query_one("#f-calendar", Input).value == "work"
        edit.query_one("#f-title", Input).value = "Desk meeting (moved)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.store.get(added.id).calendar == "work"

    drive(new_app(store_with_work()), scenario)
