"""The month grid (issue 16.3): its pure layout (`plan_week`, `grid_bounds`) and, driving the
real App, its keys, the detail pane's list of the chosen day, "+N" when a day is full, events
with no day of their own under the grid, and hostile titles kept as text."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot

from agenda.core.models import parse_event
from agenda.core.store import EventRow
from agenda.ui import AgendaApp
from agenda.ui.month import day_rows, grid_bounds, plan_week, row_days
from agenda.ui.timeline import Zoom
from tests.ui.conftest import CSTO, SCO, VISIT, bundled_store, drive, new_app

MONDAY = date(2021, 9, 13)


def row(id: str, start: str, end: str | None = None, *, precision: str = "exact") -> EventRow:
    all_day = len(start) == 10
    return EventRow(
        id, "meeting", "confirmed", id, all_day, start, end, None, precision, None, None, None, ()
    )


def test_the_grid_is_whole_iso_weeks_monday_first() -> None:
    assert grid_bounds(date(2021, 9, 16)) == (date(2021, 8, 30), date(2021, 10, 3))
    # November 2021 begins on a Monday and February 2021 is exactly four weeks
    assert grid_bounds(date(2021, 11, 30)) == (date(2021, 11, 1), date(2021, 12, 5))
    assert grid_bounds(date(2021, 2, 10)) == (date(2021, 2, 1), date(2021, 2, 28))


def test_a_multi_day_event_keeps_one_lane_across_its_days() -> None:
    rows = [
        row("talks", "2021-09-15T10:00"),
        row("visit", "2021-09-15", "2021-09-17"),
        row("summit", "2021-09-16"),
        row("long", "2021-09-10", "2021-09-14"),  # begun the week before
        row("undated", "2021-09-15", "2021-09-17", precision="within_parent"),
    ]
    week = plan_week(rows, MONDAY)
    # the multi-day ones first, each in one lane over all its days of the week
    assert week.lanes[0][:2] == [(3, True), (3, False)]  # "long" from Monday on
    assert week.lanes[0][2:5] == [(1, True), (1, False), (1, False)]  # the visit, Wed to Fri
    assert week.lanes[1][2] == (0, True) and week.lanes[1][3] == (2, True)
    # the event with no day of its own is in no cell
    assert all(cell is None or cell[0] != 4 for lane in week.lanes for cell in lane)
    assert week.count == [1, 1, 2, 2, 1, 0, 0]
    assert plan_week(rows, MONDAY, row_days(rows)) == week  # the days worked out once a month


def test_the_events_of_a_day_put_those_without_a_day_last() -> None:
    rows = [
        row("undated", "2021-09-15", "2021-09-17", precision="within_parent"),
        row("visit", "2021-09-15", "2021-09-17"),
        row("other-day", "2021-09-18"),
    ]
    assert [r.id for r in day_rows(rows, date(2021, 9, 16))] == ["visit", "undated"]


def _grid(app: AgendaApp) -> str:
    return "\n".join(app.timeline.line_texts())


def test_keys_of_the_month_grid() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(CSTO)
        await pilot.press("4")
        timeline = app.timeline
        assert timeline.zoom is Zoom.MONTH and timeline.month_day == date(2021, 9, 16)
        assert timeline.current is None  # the cursor is on a day
        assert "September 2021" in _grid(app) and "W37" in _grid(app)
        steps = [
            ("right", date(2021, 9, 17)),
            ("down", date(2021, 9, 24)),
            ("k", date(2021, 9, 17)),
            ("h", date(2021, 9, 16)),
            ("home", date(2021, 9, 1)),
            ("end", date(2021, 9, 30)),
            ("right_square_bracket", date(2021, 10, 30)),
            ("pageup", date(2021, 9, 30)),
        ]
        for key, day in steps:
            await pilot.press(key)
            await pilot.pause()
            assert timeline.month_day == day, key
            assert app.anchor == day
        # across a month: the grid moves to the month of the chosen day
        await pilot.press("right")
        await pilot.pause()
        assert timeline.month_day == date(2021, 10, 1) and timeline.first == date(2021, 10, 1)
        assert "October 2021" in _grid(app)
        await pilot.press("left", "left")
        await pilot.pause()
        assert timeline.month_day == date(2021, 9, 29) and timeline.first == date(2021, 9, 1)
        # the 31st, a month on, is the last day of a shorter month
        await pilot.press("g", *"2021-08-31", "enter")
        await pilot.pause()
        assert timeline.zoom is Zoom.MONTH and timeline.month_day == date(2021, 8, 31)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert timeline.month_day == date(2021, 9, 30)
        await pilot.press("t")
        await pilot.pause()
        assert timeline.month_day == date(2021, 9, 16)
        # enter: the day view of the chosen day
        await pilot.press("enter")
        await pilot.pause()
        assert timeline.zoom is Zoom.DAY and app.anchor == date(2021, 9, 16)
        assert "Thu 16 Sep 2021" in _grid(app)
        await pilot.press("4")
        assert timeline.zoom is Zoom.MONTH
        # e acts on an event: the grid says how to reach one
        await pilot.press("e")
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("enter opens the day" in n for n in notes)

    drive(new_app(), scenario)


def test_the_detail_pane_lists_the_days_events_and_follows_one() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(SCO)
        await pilot.press("4")
        await pilot.pause()
        text = app.detail.plain()
        assert text.startswith("Fri 17 Sep 2021")
        assert "2 events, and 2 whose day is not given" in text
        assert app.detail.link_ids()[:2] == [VISIT, SCO]
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is app.detail
        await pilot.press("down", "enter")
        await pilot.pause()
        # the chosen event, in the day view of its day
        assert app.timeline.zoom is Zoom.DAY and app.anchor == date(2021, 9, 17)
        assert app.timeline.current is not None and app.timeline.current.id == SCO
        assert app.focused is app.timeline

    drive(new_app(), scenario)


def test_a_visit_is_one_bar_and_undated_events_are_under_the_grid() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("4")
        await pilot.pause()
        lines = app.timeline.line_texts()
        week = next(n for n, t in enumerate(lines) if t.startswith("W37"))
        # one bar from Wednesday over Thursday and Friday: no cell border inside it
        bar = lines[week + 1]
        cell = len(lines[week].split("┼")[1]) + 1
        start = bar.index("│Working visit of President") + 1
        assert len(bar[start:].split("│")[0]) == 3 * cell - 1
        assert "CSTO" in lines[week + 2] and "SCO" in lines[week + 2]
        under = lines[lines.index("  2 events with no day of their own:") :]
        assert any("day not given" in t and "Bilateral meetings" in t for t in under)
        # ... and in no cell of the grid
        assert not any("Bilateral" in t for t in lines[: week + 10])
        # today is marked, the days of other months are there (dimmed)
        assert "16 today" in lines[week]
        assert "30 Aug" in lines[2] and " 1 Oct" in "\n".join(lines)

    drive(new_app(), scenario)


def test_a_full_day_says_how_many_more() -> None:
    store = bundled_store()
    store.put_many(
        [
            parse_event(
                {"id": f"m{n}", "kind": "meeting", "title": f"Meeting {n}", "start": "2021-09-22"}
            )
            for n in range(9)
        ]
        + [
            parse_event(
                {
                    "id": "month-only",
                    "kind": "conference",
                    "title": "Some conference in September",
                    "start": "2021-09-01",
                    "end": "2021-09-30",
                    "precision": "month",
                }
            )
        ]
    )

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("4")
        await pilot.pause()
        lines = app.timeline.line_texts()
        grid = lines[: lines.index("  3 events with no day of their own:")]
        assert all(len(t) <= 77 for t in grid)  # the pane's width, less its scrollbar
        week = next(n for n, t in enumerate(lines) if t.startswith("W38"))
        cells = lines[week + 1 : week + 3]  # two lanes a week at 80x24
        assert "Meeting 0" in cells[0]
        assert "+8 more" in cells[1]
        # month only: under the grid (the title line says so), not on the 1st of the month
        assert "3 with no day (under the grid)" in lines[0]
        assert any("month only" in t and "Some conference" in t for t in lines)
        assert not any("Some conf" in t for t in lines[:week])

    drive(new_app(store), scenario, size=(80, 24))


def test_hostile_titles_stay_text_in_the_grid_and_the_days_list() -> None:
    store = bundled_store()
    nasty = "[bold red]x[/] \x1b[31m [link=http://e.vil]y[/link]"
    store.put(parse_event({"id": "nasty", "title": nasty, "start": "2021-09-20"}))

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("g", *"2021-09-20", "enter", "4")
        await pilot.pause()
        assert app.timeline.month_day == date(2021, 9, 20)
        line = next(t for t in app.timeline.line_texts() if "[bold r" in t)
        assert "\x1b" not in line
        assert "[bold red]x[/] [31m [" in app.detail.plain()

    drive(new_app(store), scenario)


def test_a_click_chooses_a_day_and_a_double_click_opens_it() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("4")
        await pilot.pause()
        lines = app.timeline.line_texts()
        y = next(n for n, t in enumerate(lines) if t.startswith("W37"))
        x = lines[y].index("17")
        # the pane's border is one column and one line
        await pilot.click("#timeline", offset=(1 + x, 1 + y + 1))  # a lane line of that week
        await pilot.pause()
        assert app.timeline.month_day == date(2021, 9, 17)
        assert app.detail.plain().startswith("Fri 17 Sep 2021")
        cell = len(lines[y].split("┼")[1]) + 1
        await pilot.click("#timeline", offset=(1 + x - cell, 1 + y), times=2)  # Thursday
        await pilot.pause()
        assert app.timeline.zoom is Zoom.DAY and app.anchor == date(2021, 9, 16)

    drive(new_app(), scenario)


def test_add_in_the_grid_starts_on_the_chosen_day() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("4", "right", "right", "a")
        await pilot.pause()
        assert app.screen.query_one("#f-start").value == "2021-09-17"  # type: ignore[attr-defined]

    drive(new_app(), scenario)


def test_the_grid_fits_its_weeks_to_a_resized_pane() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("4")
        for size in ((120, 30), (100, 40), (80, 24)):  # the height alone, then both
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            timeline = app.timeline
            height = timeline.scrollable_content_region.height
            lines = timeline.line_texts()
            # five weeks and the two events with no day fill the pane, less a line per week
            assert height - 5 <= len(lines) <= height, size
            assert lines[-1].startswith("   ▌day not given")

    drive(new_app(), scenario)


def test_the_days_of_other_months_show_their_events_but_are_not_counted() -> None:
    store = bundled_store()
    store.put(parse_event({"id": "oct", "title": "October talks", "start": "2021-10-01"}))

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("4")
        await pilot.pause()
        lines = app.timeline.line_texts()
        assert any("October" in t for t in lines if t.startswith("    │"))  # drawn, dimmed
        assert lines[0].startswith(" September 2021  5 events")
        assert app.sub_title.endswith("· month · 5 events")

    drive(new_app(store), scenario)
