"""Pilot tests of what using the UI in a real terminal (tmux, 80x24 and 120x40) turned up: resizing
into a narrow terminal, reading the detail pane there, the search box taking the keys at once,
an empty period saying where the events are, the delete dialog's keys, the detail's indents."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from agenda.core.clock import fixed_clock
from agenda.core.models import parse_event
from agenda.core.store import EventStore
from agenda.ui import AgendaApp
from agenda.ui.dialogs import ConfirmDelete
from tests.ui.conftest import CSTO, NOW, VISIT, bundled_store, drive, new_app


def test_resizing_below_100_columns_makes_the_detail_a_toggle() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert not app.screen.has_class("-narrow") and app.detail.region.width > 0
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.has_class("-narrow") and app.detail.region.width == 0
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not app.screen.has_class("-narrow") and app.detail.region.width > 0

    drive(new_app(), scenario)


def test_the_narrow_detail_takes_the_keys_and_escape_goes_back() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert app.selected == VISIT
        await pilot.press("i")
        assert app.focused is app.detail and app.detail.region.width == 80
        # keys that would change the hidden timeline are off (and out of the footer)
        assert app.check_action("period", (1,)) is False
        assert app.check_action("edit", ()) is True
        await pilot.press("pagedown")
        assert app.detail.scroll_offset.y > 0 and app.selected == VISIT
        await pilot.press("down")  # reads on (the links are not in view yet)
        assert app.selected == VISIT
        await pilot.press("escape")
        assert app.focused is app.timeline and app.timeline.region.width == 80
        assert app.detail.region.width == 0 and app.check_action("period", (1,)) is True

    drive(new_app(), scenario, size=(80, 24))


def test_down_in_the_detail_scrolls_then_chooses_links() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("i")
        assert app.focused is app.detail
        links = app.detail.link_ids()
        assert len(links) == 4  # the visit's four events
        for _ in range(60):  # scroll down to the links, then along them
            await pilot.press("down")
        assert app.detail.link_cursor == len(links) - 1
        await pilot.press("up", "enter")
        assert app.selected == links[-2]

    drive(new_app(), scenario, size=(80, 24))


def test_search_takes_the_keys_typed_right_after_slash() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.action_search()
        # focused now, not after a refresh: a fast "/a" must not run `a` (add)
        assert app.focused is app.query_one("#search", Input)

    drive(new_app(), scenario)


def test_an_empty_period_says_where_the_events_are() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("right_square_bracket")
        text = "\n".join(app.timeline.line_texts())
        assert "nothing in this period" in text
        assert "the events run from Wed 15 Sep 2021 to Fri 17 Sep 2021" in text

    drive(new_app(), scenario)


def test_an_empty_store_says_how_to_add() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert "the store is empty: a adds an event" in "\n".join(app.timeline.line_texts())

    drive(new_app(EventStore(":memory:", clock=fixed_clock(NOW))), scenario)


def test_delete_dialog_k_keeps_the_events_of_a_visit() -> None:
    store = bundled_store()
    store.put_many(
        [
            parse_event({"id": "v", "kind": "visit", "title": "Visit", "start": "2021-09-20",
                         "end": "2021-09-21"}),
            parse_event({"id": "c", "kind": "meeting", "title": "Talks", "start": "2021-09-20",
                         "parent_id": "v"}),
        ]
    )  # fmt: skip

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert app.timeline.select("v")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("k")
        assert not app.store.exists("v")
        assert app.store.exists("c") and app.store.get("c").parent_id is None
        await pilot.press("u")
        assert app.store.exists("v") and app.store.get("c").parent_id == "v"

    drive(new_app(store), scenario)


def test_detail_continues_a_wrapped_quote_under_its_indent() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("i")
        lines = app.detail.plain().splitlines()
        start = next(n for n, t in enumerate(lines) if t.startswith("  “President"))
        assert lines[start + 1].startswith("  ") and lines[start + 1].strip()

    drive(new_app(), scenario, size=(80, 24))


def test_edit_form_fields_do_not_select_their_text_on_focus() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("e")
        await pilot.pause()
        title = app.screen.query_one("#f-title", Input)
        assert title.value and not title.select_on_focus

    drive(new_app(), scenario)


def test_a_day_with_more_places_than_fit_scrolls_sideways() -> None:
    store = bundled_store()
    cities = ["Almaty", "Baku", "Bishkek", "Minsk", "Moscow", "Tashkent", "Tbilisi", "Yerevan"]
    store.put_many(
        [
            parse_event(
                {
                    "id": f"m{n}",
                    "kind": "meeting",
                    "title": f"Talks in {city}",
                    "start": f"2021-09-16T{9 + n:02d}:00",
                    "end": f"2021-09-16T{9 + n:02d}:30",
                    "location": {"city": city},
                }
            )
            for n, city in enumerate(cities)
        ]
    )

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert app.timeline.select("m0")
        await pilot.press("3")
        await pilot.pause()
        timeline = app.timeline
        assert timeline.virtual_size.width >= 8 + len(cities) * 16 > 80
        assert timeline.scroll_offset.x == 0
        assert timeline.select("m7")  # the last place's column comes into view
        await pilot.pause()
        assert timeline.scroll_offset.x > 0
        left = timeline.scroll_offset.x
        await pilot.press("h")
        assert timeline.scroll_offset.x < left
        # every place has a readable column: its name and the start of its title
        text = "\n".join(timeline.line_texts())
        assert "Yerevan" in text and "16:00 Talks in" in text

    drive(new_app(store), scenario, size=(80, 24))


def test_a_click_on_a_link_of_the_detail_follows_it() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert app.timeline.select(CSTO)
        await pilot.pause()
        assert app.detail.enter_links()
        await pilot.pause()
        detail = app.detail
        line = (
            detail.plain()
            .splitlines()
            .index(next(t for t in detail.plain().splitlines() if t.startswith("↑ part of")))
        )
        y = line - detail.scroll_offset.y + 1  # the border's row
        assert await pilot.click("#detail", offset=(4, y))
        assert app.selected == VISIT

    drive(new_app(), scenario)
