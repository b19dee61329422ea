"""The new user's walk-through of issue 10, scripted: at 120x40 and at 80x24 a session moves,
zooms, searches, filters, adds, edits, deletes, undoes and asks for help, as a person would,
with no pause between keys typed together. Every step must leave the App running and the store
as the step says; a crash anywhere (the double-click + ctrl+c one was such) fails the test."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from agenda.ui import AgendaApp
from tests.ui.conftest import CSTO, VISIT, bundled_store, drive, new_app
from tests.ui.test_issue10 import burst


async def _step(app: AgendaApp, pilot: Pilot[None], *keys: str) -> None:
    await burst(app, pilot, *keys)
    await pilot.pause()
    assert app.is_running, f"the App stopped after {keys}"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_a_new_users_session_keeps_the_app_and_the_store_whole(size: tuple[int, int]) -> None:
    store = bundled_store()
    before = {row.id for row in store.window()}
    app = new_app(store)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        # move about, in every zoom, forward and back
        for keys in (["j", "j", "k"], ["z"], ["]"], ["["], ["z"], ["j"], ["1"], ["t"]):
            await _step(app, pilot, *keys)
        await _step(app, pilot, "g", *"2021-09-16", "enter")
        await _step(app, pilot, "i")
        await _step(app, pilot, "i")
        await pilot.double_click("#timeline", offset=(6, 3))
        await _step(app, pilot, "ctrl+c")
        # search as one burst, then clear it
        await _step(app, pilot, "/", *"afgh")
        assert "afgh" in app.query_one("#search", Input).value
        await _step(app, pilot, "enter")
        await _step(app, pilot, "escape")
        # filters opened and left
        await _step(app, pilot, "f")
        await _step(app, pilot, "escape")
        # add an unrelated event, typed fast: title, then its day
        # (one burst: the title, tab past kind, status and who reported it, then the start:
        # prefilled with the selected day, cleared by ctrl+u as a person would)
        keys = ["a", *"Walk-through summit", *["tab"] * 4, "ctrl+u", *"2021-09-20"]
        await _step(app, pilot, *keys)
        form = app.screen
        assert form.query_one("#f-title", Input).value == "Walk-through summit"
        assert form.query_one("#f-start", Input).value == "2021-09-20"
        await _step(app, pilot, "ctrl+s")
        added = [row for row in store.window() if row.title == "Walk-through summit"]
        assert len(added) == 1, "the added event was not saved once"
        assert added[0].parent_id is None, "an unrelated event was attached to a parent"
        # delete the new event (it is selected once saved), then undo the deletion
        await _step(app, pilot, "d")
        await _step(app, pilot, "y")
        assert not [row for row in store.window() if row.title == "Walk-through summit"]
        await _step(app, pilot, "u")
        assert [row for row in store.window() if row.title == "Walk-through summit"]
        # edit the selected event and leave without a change
        await _step(app, pilot, "e")
        await _step(app, pilot, "escape")
        await _step(app, pilot, "?")
        await _step(app, pilot, "escape")
        await _step(app, pilot, "f1")
        await _step(app, pilot, "escape")

    drive(app, scenario, size)
    after = {row.id for row in store.window()}
    assert before <= after, f"events lost in the session: {before - after}"
    assert VISIT in after and CSTO in after
