"""Pilot tests of series in the UI: the form's repeat fields, the timeline's repeat mark, the
detail pane's rule in words, and "this occurrence / all occurrences" when saving an edit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select

from agenda.core.models import parse_event
from agenda.ui import AgendaApp
from agenda.ui.dialogs import ChooseScope
from agenda.ui.forms import EventForm
from tests.ui.conftest import CSTO, bundled_store, drive, new_app
from tests.ui.test_form import open_edit, put, save_fails, save_ok

SERIES = "council"


def series_app() -> AgendaApp:
    store = bundled_store()
    store.put(
        parse_event(
            {
                "id": SERIES,
                "title": "Weekly council",
                "kind": "meeting",
                "start": "2021-09-06",
                "repeat": {"rule": "FREQ=WEEKLY;COUNT=10"},
            }
        )
    )
    return new_app(store)


def test_the_form_makes_an_event_repeat(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot)
        form.query_one("#f-repeat", Select).value = "yearly"
        put(form, "repeat_until", "2020-01-01")
        assert "before the start" in await save_fails(app, pilot, form, "repeat")
        put(form, "repeat_until", "2024-09-16")
        await save_ok(app, pilot, form)
        saved = app.store.get(CSTO)
        assert saved.repeat is not None and saved.repeat.rule == "FREQ=YEARLY;UNTIL=20240916"
        form = await open_edit(app, pilot)
        assert form.query_one("#f-repeat", Select).value == "yearly"
        assert form.query_one("#f-repeat_until").value == "2024-09-16"  # type: ignore[attr-defined]

    drive(app, scenario)


def test_occurrences_are_marked_and_the_detail_says_the_rule() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        ids = [r.id for r in app.timeline.targets]
        assert f"{SERIES}/20210913" in ids
        app.timeline.select(f"{SERIES}/20210913")
        await pilot.pause()
        text = "".join(app.timeline.render_line(y).text for y in range(30))
        assert "Weekly council ↻" in text
        detail = app.detail.plain()
        assert "every week on Monday, 10 times" in detail
        assert f"one occurrence of {SERIES}" in detail

    drive(series_app(), scenario)


def test_saving_an_occurrence_asks_this_one_or_all() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot, f"{SERIES}/20210913")
        put(form, "title", "Council (moved)")
        put(form, "start", "2021-09-14")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChooseScope)
        await pilot.press("o")
        await pilot.pause()
        assert not isinstance(app.screen, (ChooseScope, EventForm))
        moved = app.store.get(f"{SERIES}/20210913")
        assert moved.title == "Council (moved)" and moved.start == date(2021, 9, 14)
        assert app.store.get(SERIES).title == "Weekly council"
        # the next one, for all occurrences: the series moves by as much
        form = await open_edit(app, pilot, f"{SERIES}/20210920")
        put(form, "title", "Council")
        put(form, "start", "2021-09-21")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        series = app.store.get(SERIES)
        assert series.title == "Council" and series.start == date(2021, 9, 7)
        assert app.store.get(f"{SERIES}/20210913").title == "Council (moved)"  # its own

    drive(series_app(), scenario)


def test_an_event_of_the_bundled_data_is_no_series() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert all(r.series_id is None for r in app.timeline.targets)

    drive(new_app(), scenario)


def test_export_of_the_view_writes_a_series_once_with_its_rule(tmp_path: Path) -> None:
    app = series_app()
    target = tmp_path / "out.ics"

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("x")
        box = app.screen.query_one("#export-input", Input)
        box.value = str(target)
        await pilot.press("enter")
        await pilot.pause()

    drive(app, scenario)
    text = target.read_bytes().decode()
    # four Mondays of September 2021 are shown; the file holds the series once, as a series
    assert text.count(f"UID:{SERIES}\r\n") == 1
    assert "RRULE:FREQ=WEEKLY;COUNT=10" in text


def test_a_series_cut_at_the_per_window_cap_is_said_under_the_list() -> None:
    """A series every minute has 1,440 occurrences a day: the day shows the first 1,000 and says
    so in lines that fit 80 columns (it was cut silently)."""
    store = bundled_store()
    store.put(
        parse_event(
            {
                "id": "tick",
                "title": "Tick",
                "kind": "meeting",
                "start": "2021-09-16T00:00:00",
                "tz": "UTC",
                "repeat": {"rule": "FREQ=MINUTELY"},
            }
        )
    )
    app = new_app(store)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("3")  # the day view, of 16 September
        app.anchor = date(2021, 9, 16)
        app.reload()
        await pilot.pause()
        lines = app.timeline.line_texts()
        assert any("1 series (tick) has more than 1,000 occurrences" in ln for ln in lines)
        assert any("the first 1,000 of each are shown" in ln for ln in lines)
        for text in lines[-2:]:
            assert len(text) + 2 <= app.timeline.size.width, text

    drive(app, scenario, size=(80, 24))
