"""Pilot tests of the timeline's kept lines (what scrolling re-renders), `enter` reaching the links
at 80x24, and the day view drawing an end in its own zone."""

from __future__ import annotations

from textual.pilot import Pilot

from agenda.core.models import parse_event
from agenda.ui import AgendaApp
from agenda.ui.timeline import Timeline
from tests.ui.conftest import CSTO, bundled_store, drive, new_app


def _busy_store():  # type: ignore[no-untyped-def]
    """The bundled data plus 120 meetings in September 2021: more than a screen."""
    store = bundled_store()
    store.put_many(
        [
            parse_event(
                {
                    "id": f"m{n:03d}",
                    "kind": "meeting",
                    "title": f"Meeting {n}",
                    "start": f"2021-09-{1 + n % 28:02d}",
                    "status": "tentative" if n % 5 == 0 else "confirmed",
                }
            )
            for n in range(120)
        ]
    )
    return store


def _screen_matches_a_fresh_render(timeline: Timeline) -> None:
    """Every visible line as drawn (from the kept lines) equals the line drawn afresh."""
    height = timeline.scrollable_content_region.height
    drawn = [timeline.render_line(y) for y in range(height)]
    timeline._strips.clear()
    fresh = [timeline.render_line(y) for y in range(height)]
    assert [list(s) for s in drawn] == [list(s) for s in fresh]


def test_kept_lines_follow_the_cursor_paging_and_focus() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        timeline = app.timeline
        for keys in (("j",), ("j", "j"), ("pagedown",), ("k",), ("pageup",), ("end",), ("home",)):
            before = timeline.current
            await pilot.press(*keys)
            await pilot.pause()
            assert timeline.current != before
            _screen_matches_a_fresh_render(timeline)
            # the cursor's line is on screen and shows the selected event
            top = timeline.scroll_offset.y
            line = timeline._target_line[timeline._cursor]
            assert top <= line < top + timeline.scrollable_content_region.height
            assert timeline.current is not None
            assert timeline.current.title[:20] in timeline.render_line(line - top).text
        await pilot.press("pagedown", "pagedown")
        assert timeline.scroll_offset.y > 0
        # lines kept while the timeline had focus are drawn again when it loses it
        await pilot.press("slash")
        await pilot.pause()
        assert not timeline.has_focus
        _screen_matches_a_fresh_render(timeline)

    drive(new_app(_busy_store()), scenario)


def test_enter_at_80x24_scrolls_to_the_links() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(CSTO)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.detail and app.detail.link_cursor == 0
        assert app.detail.scroll_offset.y > 0
        # the highlighted link (the first) is inside the visible part of the pane
        lines = app.detail.plain().splitlines()
        line = next(n for n, t in enumerate(lines) if t.startswith("↑ part of"))
        top = app.detail.scroll_offset.y
        assert top <= line < top + app.detail.scrollable_content_region.height

    drive(new_app(), scenario, size=(80, 24))


def test_day_view_draws_the_end_in_its_own_zone() -> None:
    store = bundled_store()
    store.put(
        parse_event(
            {
                "id": "flight",
                "kind": "other",
                "title": "Flight to Moscow",
                # 05:00 UTC to 09:00 UTC: 07:00 to 11:00 in Berlin, four hours
                "start": "2021-09-16T10:00",
                "tz": "Asia/Dushanbe",
                "end": "2021-09-16T12:00",
                "end_tz": "Europe/Moscow",
                "location": {"city": "Dushanbe"},
            }
        )
    )

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(CSTO)
        await pilot.press("3")
        timeline = app.timeline
        target = next(i for i, r in enumerate(timeline.targets) if r.id == "flight")
        assert timeline.targets[target].end_tz == "Europe/Moscow"
        cells = timeline._day_grid["cell"]
        slots = sorted(s for (s, _), (t, _) in cells.items() if t == target)  # type: ignore[attr-defined]
        assert len(slots) == 8  # half-hour rows
        lines = timeline.line_texts()
        first = timeline._day_grid["first_slot"] + slots[0]  # type: ignore[operator]
        assert lines[first].startswith(" 07:00") and "Flight to Moscow" in lines[first]

    drive(new_app(store), scenario)


def test_moving_the_cursor_lays_out_nothing() -> None:
    """Showing another event repaints the detail pane; it does not ask for a layout of the
    screen (which repaints every pane: most of what a cursor move cost before)."""
    from textual.widget import Widget

    layouts: list[str] = []
    original = Widget.refresh

    def refresh(self: Widget, *regions: object, layout: bool = False, **kw: object) -> Widget:
        if layout:
            layouts.append(f"{type(self).__name__}#{self.id}")
        return original(self, *regions, layout=layout, **kw)  # type: ignore[arg-type]

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("j", "j")  # the first moves may settle scrollbars
        await pilot.pause()
        Widget.refresh = refresh  # type: ignore[method-assign]
        try:
            for key in ("j", "j", "j", "k", "pagedown", "pageup"):
                await pilot.press(key)
            await pilot.pause()
        finally:
            Widget.refresh = original  # type: ignore[method-assign]
        assert layouts == []
        assert "Meeting" in app.detail.plain()

    drive(new_app(_busy_store()), scenario)
