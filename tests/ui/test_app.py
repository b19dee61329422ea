"""Pilot tests: every interaction of the UI, driven through the real App on the bundled data."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select

from agenda.core.models import parse_event
from agenda.ui import AgendaApp
from agenda.ui.dialogs import ConfirmDelete, FilterForm, GoToDate, HelpScreen
from agenda.ui.forms import EventForm
from agenda.ui.timeline import Zoom
from tests.ui.conftest import CSTO, SCO, VISIT, bundled_store, drive, new_app


def ids(app: AgendaApp) -> list[str]:
    return [r.id for r in app.timeline.targets]


def body(app: AgendaApp) -> str:
    return app.detail.plain()


def test_opens_on_the_store_with_timeline_detail_and_header(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        lines = app.timeline.line_texts()
        text = "\n".join(lines)
        assert "September 2021" in lines[0]
        assert "Wed 15 Sep 2021" in text and "Thu 16 Sep 2021  ◀ today" in text
        visit = next(line for line in lines if "Working visit" in line)
        assert visit.startswith("┏") and "15–17 Sep" in visit
        csto = next(line for line in lines if "CSTO Collective" in line)
        assert "└" in csto and csto.startswith("┃")
        unknown = [line for line in lines if "day not given" in line]
        assert len(unknown) == 2 and all("└" in line for line in unknown)
        assert ids(app)[0] == VISIT
        # the cursor starts on the first event not yet over: the visit, still on
        assert app.selected == VISIT
        assert "Working visit of President" in body(app)
        assert "September 2021" in app.sub_title and "· list ·" in app.sub_title

    drive(app, scenario)


def test_keyboard_navigation_periods_today_and_goto(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("j")
        assert app.selected == ids(app)[1]
        await pilot.press("k")
        assert app.selected == VISIT
        await pilot.press("end")
        assert app.selected == SCO
        await pilot.press("right_square_bracket")
        assert app.anchor == date(2021, 10, 1) and ids(app) == []
        await pilot.press("left_square_bracket")
        assert app.anchor.month == 9 and app.selected == VISIT
        # past the top edge: no earlier events, so the period stays (no empty August)
        await pilot.press("up")
        assert app.anchor.month == 9 and app.selected == VISIT
        await pilot.press("t")
        assert app.anchor == date(2021, 9, 16) and VISIT in ids(app)
        await pilot.press("g")
        assert isinstance(app.screen, GoToDate)
        await pilot.press(*"17 Sep 2021", "enter")
        assert app.selected == VISIT  # the visit still runs on the 17th
        await pilot.press("down", "pagedown")
        assert app.selected == SCO

    drive(app, scenario)


def test_goto_explains_a_bad_date(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("g", *"someday", "enter")
        assert isinstance(app.screen, GoToDate)
        assert "is not a date" in str(app.screen.query_one("#goto-error").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, GoToDate)

    drive(app, scenario)


def test_zoom_levels(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("2")
        assert app.timeline.zoom is Zoom.SPAN
        text = "\n".join(app.timeline.line_texts())
        assert "2/3" in text and "?░" in text and "Sep 2021" in text
        await pilot.press("3")
        assert app.timeline.zoom is Zoom.DAY and app.anchor == date(2021, 9, 15)
        assert "Wed 15 Sep 2021" in app.timeline.line_texts()[0]
        await pilot.press("z")
        assert app.timeline.zoom is Zoom.MONTH  # the fourth zoom, the month grid
        await pilot.press("z")
        assert app.timeline.zoom is Zoom.LIST

    drive(app, scenario)


def test_follow_parent_and_child_links(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        links = app.detail.link_ids()
        assert set(links) >= {CSTO, SCO}
        await pilot.press("enter")  # to the links of the visit
        assert app.focused is app.detail and app.detail.link_cursor == 0
        await pilot.press("down", "enter")  # the second link
        assert app.selected == links[1] != VISIT
        assert app.detail.link_ids()[0] == VISIT
        assert app.focused is app.timeline
        await pilot.press("p")
        assert app.selected == VISIT

    drive(app, scenario)


def test_live_search_and_escape(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"sidelines")
        assert sorted(ids(app)) == [
            "2021-09-japarov-dushanbe-bilaterals",
            "2021-09-sco-csto-afghanistan-meeting",
        ]
        assert "search, all dates" in app.sub_title
        assert "search “sidelines”" in str(app.query_one("#filterbar").render())
        await pilot.press("enter")
        assert app.focused is app.timeline
        await pilot.press("escape")
        assert len(ids(app)) == 5 and app.filters.is_empty()
        assert not app.query_one("#search", Input).display

    drive(app, scenario)


async def _filter(app: AgendaApp, pilot: Pilot[None], **values: str) -> None:
    await pilot.press("f")
    form = app.screen
    assert isinstance(form, FilterForm)
    for key, value in values.items():
        widget = form.query_one(f"#filter-{key}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = value
    await pilot.press("ctrl+s")
    await pilot.pause()


def test_an_unknown_organization_is_refused_in_the_form_and_codes_are_any_case(
    app: AgendaApp,
) -> None:
    """The filter form checks its values as `--org` does (core.query.make_filters): a typo no
    longer filters silently to nothing; "csto" is CSTO."""

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await _filter(app, pilot, org="NOPE")
        form = app.screen
        assert isinstance(form, FilterForm), "the form closed on an unknown code"
        error = form.query_one("#filter-error")
        assert error.display and error.region.height >= 1
        assert "Organization: unknown organization code 'NOPE'" in str(error.render())
        form.query_one("#filter-org", Input).value = "csto"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FilterForm)
        assert app.filters.orgs == ("CSTO",)
        assert CSTO in ids(app) and SCO not in ids(app)

    drive(app, scenario)


def test_each_filter_and_escape(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await _filter(app, pilot, kind="summit")
        assert sorted(ids(app)) == sorted([CSTO, SCO])
        assert app.query_one("#filterbar").display
        assert "kind: summit" in str(app.query_one("#filterbar").render())
        await pilot.press("escape")
        await _filter(app, pilot, org="CSTO")
        assert CSTO in ids(app) and SCO not in ids(app)
        await pilot.press("escape")
        await _filter(app, pilot, country="Uzbekistan")
        assert ids(app) == []
        await pilot.press("escape")
        await _filter(app, pilot, status="cancelled")
        assert ids(app) == []
        await pilot.press("escape")
        assert len(ids(app)) == 5 and not app.query_one("#filterbar").display

    drive(app, scenario)


def test_add_with_invalid_then_valid_input_and_undo(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        before = app.store.count()
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, EventForm)
        # the visit is selected: the new event is placed in it
        assert form.query_one("#f-parent_id", Input).value == VISIT
        assert form.query_one("#f-start", Input).value == "2021-09-15"  # the visit's first day
        form.query_one("#f-title", Input).value = "Press conference"
        form.query_one("#f-start", Input).value = "32 Sep 2021"
        form.query_one("#f-tz", Input).value = "Mars/Olympus"
        await pilot.press("ctrl+s")
        shown = form.problems_shown()
        assert "is not a date" in shown["start"]
        assert app.store.count() == before and app.screen is form
        form.query_one("#f-start", Input).value = "17 Sep 2021 15:00"
        await pilot.press("ctrl+s")
        assert "unknown time zone 'Mars/Olympus'" in form.problems_shown()["tz"]
        form.query_one("#f-tz", Input).value = "Asia/Dushanbe"
        form.query_one("#f-start", Input).value = "19 Sep 2021 15:00"
        await pilot.press("ctrl+s")
        # the store's own rule: a child within its parent's dates
        assert "outside its parent" in form.problems_shown()["start"]
        form.query_one("#f-start", Input).value = "17 Sep 2021 15:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.store.count() == before + 1
        assert not isinstance(app.screen, EventForm)
        added = app.store.get(app.selected or "")
        assert added.title == "Press conference" and added.parent_id == VISIT
        assert added.start == datetime(2021, 9, 17, 15, 0) and added.tz == "Asia/Dushanbe"
        await pilot.press("u")
        assert app.store.count() == before
        assert not app.store.exists(added.id)

    drive(app, scenario)


def test_edit_and_undo(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(CSTO)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, EventForm)
        assert form.query_one("#f-start", Input).value == "2021-09-16"
        form.query_one("#f-title", Input).value = "CSTO summit (renamed)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.store.get(CSTO).title == "CSTO summit (renamed)"
        # fields the form does not show are kept
        assert app.store.get(CSTO).sources
        assert "CSTO summit (renamed)" in body(app)
        await pilot.press("u")
        assert app.store.get(CSTO).title == "CSTO Collective Security Council session"

    drive(app, scenario)


def test_delete_asks_first_and_undo_restores_the_family(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(SCO)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("n")
        assert app.store.exists(SCO)
        await pilot.press("d", "y")
        await pilot.pause()
        assert not app.store.exists(SCO) and SCO not in ids(app)
        await pilot.press("u")
        assert app.store.exists(SCO) and SCO in ids(app)
        # the visit has four events: deleting it asks, then takes them all; undo brings all back
        app.timeline.select(VISIT)
        await pilot.press("d")
        assert "It includes 4 events" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("y")
        await pilot.pause()
        assert app.store.count() == 0
        await pilot.press("u")
        assert app.store.count() == 5 and app.store.get(CSTO).parent_id == VISIT

    drive(app, scenario)


def test_live_refresh_from_a_second_connection(tmp_path: Path) -> None:
    path = str(tmp_path / "agenda.sqlite3")
    bundled_store(path).close()
    app = new_app(bundled_store(path))
    other = bundled_store(path)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(CSTO)
        await pilot.pause()  # the highlight reaches the App (selected) before the other write
        assert app.selected == CSTO
        other.put(
            parse_event(
                {
                    "id": "late-addition",
                    "kind": "meeting",
                    "title": "Meeting added elsewhere",
                    "start": "2021-09-20",
                }
            )
        )
        for _ in range(200):  # bounded wait (20 s) for the once-a-second poll, busy machines too
            if "late-addition" in ids(app):
                break
            await pilot.pause(0.1)
        assert "late-addition" in ids(app)
        assert app.selected == CSTO

    drive(app, scenario)
    other.close()


def test_narrow_terminal_toggles_the_detail_pane(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert app.screen.has_class("-narrow")
        assert not app.detail.display or app.detail.region.width == 0
        await pilot.press("i")
        assert app.detail.region.width == 80 and app.timeline.region.width == 0
        await pilot.press("i")
        assert app.detail.region.width == 0 and app.timeline.region.width == 80

    drive(app, scenario, size=(80, 24))


def test_untrusted_text_is_shown_literally() -> None:
    store = bundled_store()
    nasty = "[bold red]x[/] \x1b[31m [link=http://e.vil]y[/link]"
    store.put(parse_event({"id": "nasty", "title": nasty, "start": "2021-09-20", "notes": nasty}))
    app = new_app(store)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select("nasty")
        await pilot.pause()
        line = next(t for t in app.timeline.line_texts() if "x[/]" in t)
        assert "[bold red]x[/] [31m [link=http://e" in line
        assert "\x1b" not in line
        assert "[bold red]x[/]" in body(app) and "[link=http://e.vil]y[/link]" in body(app)

    drive(app, scenario)


def test_conflicts_are_flagged_and_explained() -> None:
    store = bundled_store()
    who = [{"name": "Sadyr Japarov", "role": "President"}]
    store.put(
        parse_event(
            {
                "id": "elsewhere",
                "kind": "bilateral",
                "title": "Talks in Bishkek",
                "start": "2021-09-16",
                "location": {"city": "Bishkek", "country": "Kyrgyzstan"},
                "participants": who,
            }
        )
    )
    csto = store.get(CSTO)
    store.put(
        csto.model_copy(
            update={
                "participants": [
                    *csto.participants,
                    *[
                        parse_event(
                            {"id": "p", "title": "p", "start": "2021-09-16", "participants": who}
                        ).participants[0]
                    ],
                ]
            }
        )
    )
    app = new_app(store)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        text = "\n".join(app.timeline.line_texts())
        assert text.count("⚠ conflict") == 2
        app.timeline.select("elsewhere")
        await pilot.pause()
        assert "Sadyr Japarov is also at" in body(app)
        assert CSTO in app.detail.link_ids()

    drive(app, scenario)


def test_day_view_puts_same_hour_meetings_side_by_side() -> None:
    store = bundled_store()
    for eid, city, zone, hour in (
        ("a", "Dushanbe", "Asia/Dushanbe", 11),
        ("b", "Moscow", "Europe/Moscow", 9),
    ):
        store.put(
            parse_event(
                {
                    "id": eid,
                    "kind": "meeting",
                    "title": f"Talks in {city}",
                    "start": f"2021-09-16T{hour:02d}:00",
                    "end": f"2021-09-16T{hour + 1:02d}:00",
                    "tz": zone,
                    "location": {"city": city},
                }
            )
        )
    app = new_app(store)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(CSTO)
        await pilot.press("3")
        lines = app.timeline.line_texts()
        assert any("Dushanbe" in line and "Moscow" in line for line in lines)
        # both at 06:00 UTC = 08:00 in Berlin: the same row, flagged
        row = next(line for line in lines if line.startswith(" 08:00"))
        assert "⚠" in row and "Talks in Dushanbe" in row and "Talks in Moscow" in row
        assert {"a", "b"} <= set(ids(app))

    drive(app, scenario)


def test_help_and_command_palette(app: AgendaApp) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Zoom: span view", "Search", "Filters", "Undo", "Go to date", "Add event"):
            assert wanted in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"

    drive(app, scenario)


def test_mouse_click_selects() -> None:
    app = new_app()

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        lines = app.timeline.line_texts()
        y = next(i for i, t in enumerate(lines) if "SCO Council" in t)
        await pilot.click("#timeline", offset=(20, y + 1))
        assert app.selected == SCO

    drive(app, scenario)


def test_export_writes_the_shown_events(app: AgendaApp, tmp_path: Path) -> None:
    target = tmp_path / "out.ics"

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("x")
        box = app.screen.query_one("#export-input", Input)
        assert box.value == "agenda-2021-09-01-2021-09-30.ics"
        box.value = str(target)
        await pilot.press("enter")
        await pilot.pause()

    drive(app, scenario)
    text = target.read_text()
    assert text.count("BEGIN:VEVENT") == 5 and CSTO in text
