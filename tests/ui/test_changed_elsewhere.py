"""An event changed by another process while its form is open: saving merges, never overwrites.

The scenario of issue 10: select an event, press e; meanwhile, in a shell,
`agenda edit ID --notes ... --tag cli-tag`; then ctrl+s in the form. The shell's notes and tags
used to be wiped silently.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from agenda.core.store import EventStore
from agenda.ui import AgendaApp
from agenda.ui.conflict import ChangedElsewhere
from agenda.ui.forms import EventForm
from tests.ui.conftest import CSTO, bundled_store, drive, new_app
from tests.ui.test_form import open_edit, put


def shell_edit(path: str, **fields: object) -> None:
    """`agenda edit` in another process: its own connection to the store file."""
    with EventStore(path) as other:
        other.update(CSTO, lambda e: e.model_copy(update=fields))


def file_app(tmp_path: Path) -> tuple[AgendaApp, str]:
    path = str(tmp_path / "s.sqlite3")
    bundled_store(path).close()
    return new_app(bundled_store(path)), path


def test_saving_an_untouched_form_keeps_the_shells_edit(tmp_path: Path) -> None:
    app, path = file_app(tmp_path)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot)
        shell_edit(path, notes="from the shell", tags=["cli-tag"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form, form.problems_shown()
        got = app.store.get(CSTO)
        assert (got.notes, got.tags) == ("from the shell", ["cli-tag"])

    drive(app, scenario)


def test_my_change_and_theirs_on_other_fields_are_both_kept(tmp_path: Path) -> None:
    app, path = file_app(tmp_path)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot)
        put(form, "title", "Renamed in the form")
        shell_edit(path, notes="from the shell", tags=["cli-tag"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        got = app.store.get(CSTO)
        assert (got.title, got.notes, got.tags) == (
            "Renamed in the form",
            "from the shell",
            ["cli-tag"],
        )
        # undo reverts my title only: the shell's notes stay
        await pilot.press("u")
        await pilot.pause()
        got = app.store.get(CSTO)
        assert got.title != "Renamed in the form" and got.notes == "from the shell"

    drive(app, scenario)


async def clash(
    app: AgendaApp, pilot: Pilot[None], path: str
) -> tuple[EventForm, ChangedElsewhere]:
    form = await open_edit(app, pilot)
    put(form, "notes", "from the form")
    put(form, "title", "Renamed in the form")
    shell_edit(path, notes="from the shell", tags=["cli-tag"])
    await pilot.press("ctrl+s")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ChangedElsewhere)
    assert app.store.get(CSTO).notes == "from the shell"  # nothing written while asking
    return form, dialog


def test_a_field_both_changed_is_asked_keep_theirs(tmp_path: Path) -> None:
    app, path = file_app(tmp_path)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        _, dialog = await clash(app, pilot, path)
        assert dialog.merged.clash_labels == ["notes"]
        await pilot.press("b")  # see both
        shown = str(dialog.query_one("#changed-values").render())
        assert "from the shell" in shown and "from the form" in shown
        await pilot.press("t")
        await pilot.pause()
        got = app.store.get(CSTO)
        assert (got.title, got.notes, got.tags) == (
            "Renamed in the form",
            "from the shell",
            ["cli-tag"],
        )

    drive(app, scenario)


def test_a_field_both_changed_is_asked_keep_mine(tmp_path: Path) -> None:
    app, path = file_app(tmp_path)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await clash(app, pilot, path)
        await pilot.press("m")
        await pilot.pause()
        got = app.store.get(CSTO)
        assert (got.notes, got.tags) == ("from the form", ["cli-tag"])
        assert not isinstance(app.screen, EventForm | ChangedElsewhere)

    drive(app, scenario)


def test_back_from_the_question_returns_to_the_form_unsaved(tmp_path: Path) -> None:
    app, path = file_app(tmp_path)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form, _ = await clash(app, pilot, path)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form
        assert app.store.get(CSTO).notes == "from the shell"

    drive(app, scenario)


def undo_notes(app: AgendaApp) -> list[str]:
    return [n.message for n in app._notifications if n.message.startswith("cannot undo")]


def test_undo_refuses_to_overwrite_a_field_changed_elsewhere_since(tmp_path: Path) -> None:
    app, path = file_app(tmp_path)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot)
        put(form, "title", "Renamed in the form")
        await pilot.press("ctrl+s")
        await pilot.pause()
        shell_edit(path, title="Renamed in the shell")
        await pilot.press("u")
        await pilot.pause()
        assert app.store.get(CSTO).title == "Renamed in the shell"  # theirs kept
        (note,) = undo_notes(app)
        assert "changed elsewhere since; undo would overwrite it" in note

    drive(app, scenario)


def test_undo_of_an_edit_deleted_elsewhere_since_restores_nothing(tmp_path: Path) -> None:
    app, path = file_app(tmp_path)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        form = await open_edit(app, pilot)
        put(form, "title", "Renamed in the form")
        await pilot.press("ctrl+s")
        await pilot.pause()
        with EventStore(path) as other:
            other.delete(CSTO)
        await pilot.press("u")
        await pilot.pause()
        assert not app.store.exists(CSTO)  # the deletion elsewhere stands
        (note,) = undo_notes(app)
        assert f"{CSTO} was deleted elsewhere since" in note

    drive(app, scenario)


def test_undo_of_a_delete_refuses_when_the_id_was_added_elsewhere_since(tmp_path: Path) -> None:
    app, path = file_app(tmp_path)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(CSTO)
        await pilot.press("d", "y")
        await pilot.pause()
        assert not app.store.exists(CSTO)
        with EventStore(path) as other:
            theirs = app.undo_stack[-1].restore[0].model_copy(update={"title": "Added anew"})
            other.put(theirs)
        await pilot.press("u")
        await pilot.pause()
        assert app.store.get(CSTO).title == "Added anew"
        (note,) = undo_notes(app)
        assert "was added elsewhere since" in note

    drive(app, scenario)
