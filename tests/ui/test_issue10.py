"""Pilot tests of issue 10 (UI): a crash on copying a selection, keys typed in one burst, the
add form's parent and errors, themes, the review screen's keys, the palette, help and ids."""

from __future__ import annotations

from textual.pilot import Pilot

from agenda.ui import AgendaApp
from tests.ui.conftest import drive, new_app


def test_double_click_then_ctrl_c_on_the_timeline_does_not_crash() -> None:
    # Timeline._render once overrode Textual's Widget._render with another signature: the
    # copy of a selection (double-click selects a word, ctrl+c copies) raised a TypeError
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.double_click("#timeline", offset=(6, 3))
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running

    drive(new_app(), scenario)
