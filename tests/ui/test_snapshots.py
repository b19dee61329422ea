"""SVG snapshots of the UI on the bundled data (fixed clock, fixed sizes). Review before accepting:
`pytest tests/ui --snapshot-update`, then look at the report."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.ui.conftest import CSTO, new_app


def test_main_screen_120x40(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(new_app(), terminal_size=(120, 40))


def test_main_screen_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(new_app(), terminal_size=(80, 24))


def test_span_view(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(new_app(), press=["2"], terminal_size=(120, 40))


def test_detail_of_the_csto_session(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def select(pilot: Pilot[None]) -> None:
        pilot.app.timeline.select(CSTO)  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(new_app(), run_before=select, terminal_size=(120, 40))


def test_edit_form_with_a_validation_error(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def bad_edit(pilot: Pilot[None]) -> None:
        pilot.app.timeline.select(CSTO)  # type: ignore[attr-defined]
        await pilot.press("e")
        form = pilot.app.screen
        form.query_one("#f-start").value = "16 Sept 2021"  # type: ignore[attr-defined]
        form.query_one("#f-end").value = "2021-09-15"  # type: ignore[attr-defined]
        await pilot.pause()  # the form's own checks of each change, before the save
        await pilot.press("ctrl+s")
        await pilot.pause()
        # scrolling to the field in error may animate: a busy machine drew it half way
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(new_app(), run_before=bad_edit, terminal_size=(120, 40))


def test_main_screen_light_theme_120x40(snap_compare) -> None:  # type: ignore[no-untyped-def]
    # the light family: day headings, times and the detail title dark on light
    app = new_app()
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=(120, 40))


def test_month_grid_120x40(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(new_app(), press=["4"], terminal_size=(120, 40))


def test_month_grid_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(new_app(), press=["4"], terminal_size=(80, 24))


def test_month_grid_light_theme_120x40(snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = new_app()
    app.theme = "textual-light"
    assert snap_compare(app, press=["4"], terminal_size=(120, 40))


def test_month_grid_light_theme_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    app = new_app()
    app.theme = "textual-light"
    assert snap_compare(app, press=["4"], terminal_size=(80, 24))
