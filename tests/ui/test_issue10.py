"""Pilot tests of issue 10 (UI): a crash on copying a selection, keys typed in one burst, the
add form's parent and errors, themes, the review screen's keys, the palette, help and ids."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList

from agenda.ui import AgendaApp
from agenda.ui.dialogs import GoToDate, HelpScreen
from agenda.ui.forms import EventForm
from agenda.ui.keys import (
    KEYS,
    NOT_IN_PALETTE,
    PALETTE,
    REVIEW_KEYS,
    keys_markdown,
    palette_commands,
)
from agenda.ui.review import Article
from tests.ui.conftest import CSTO, VISIT, bundled_store, drive, new_app
from tests.ui.test_review import review_app, run, seed  # noqa: F401 (seed: a fixture)


async def burst(app: AgendaApp, pilot: Pilot[None], *keys: str) -> None:
    """Send `keys` as a terminal does a paste or fast typing: all queued before any is handled.

    (`pilot.press` waits for the App to be idle after every key, which hides races.)"""
    driver = app._driver
    assert driver is not None
    for key in keys:
        name = {"/": "slash", " ": "space"}.get(key, key)
        char = {"tab": "\t", "enter": "\r", "space": " ", "slash": "/"}.get(name, key)
        event = events.Key(name, char if len(char) == 1 else None)
        event.set_sender(app)
        driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


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


def test_slash_and_a_word_in_one_burst_reach_the_search_box() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await burst(app, pilot, *"/afgh")
        await pilot.pause()
        assert app.query_one("#search", Input).value == "afgh"
        assert app.filters.text == "afgh"
        assert not isinstance(app.screen, EventForm)

    drive(new_app(), scenario)


def test_g_and_a_date_in_one_burst_reach_the_date_box() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await burst(app, pilot, *"gtoday")
        await pilot.pause()
        assert isinstance(app.screen, GoToDate)
        assert app.screen.query_one(Input).value == "today"

    drive(new_app(), scenario)


def test_a_paste_like_burst_with_tab_fills_city_then_country() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EventForm)
        form.query_one("#f-city", Input).focus()
        await pilot.pause()
        await burst(app, pilot, *"Kazan", "tab", *"Russia")
        await pilot.pause()
        assert form.query_one("#f-city", Input).value == "Kazan"
        assert form.query_one("#f-country", Input).value == "Russia"

    drive(new_app(), scenario)


def test_a_burst_typed_as_the_add_form_opens_lands_in_the_title() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await burst(app, pilot, *"aTalks")
        await pilot.pause()
        assert isinstance(app.screen, EventForm)
        assert app.screen.query_one("#f-title", Input).value == "Talks"

    drive(new_app(), scenario)


def test_add_prefills_the_parent_only_from_a_visit_or_container() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert app.selected == VISIT
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.query_one("#f-parent_id", Input).value == VISIT
        await pilot.press("escape")
        await pilot.pause()
        child = app.store.children(VISIT)[0]
        assert not app.store.children(child.id)
        app.timeline.select(child.id)
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, EventForm)
        assert app.screen.query_one("#f-parent_id", Input).value == ""

    drive(new_app(), scenario)


def test_review_screen_help_shows_its_own_keys_and_j_k_move(seed: Article) -> None:  # noqa: F811
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        listing = app.screen.query_one("#review-list", OptionList)
        assert listing.highlighted == 0
        await pilot.press("j")
        assert listing.highlighted == 1
        await pilot.press("k")
        assert listing.highlighted == 0
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.keys == REVIEW_KEYS

    run(review_app(seed), scenario)


def test_f1_opens_help() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and app.screen.keys == KEYS

    drive(new_app(), scenario)


def test_palette_has_one_keys_entry_and_a_screenshot_that_saves(tmp_path: Path) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Keys") == 1 and titles.count("Screenshot") == 1
        app.screenshot_dir = tmp_path
        screenshot = next(c for c in app.get_system_commands(app.screen) if c.title == "Screenshot")
        screenshot.callback()
        await pilot.pause()
        assert [p.suffix for p in tmp_path.iterdir()] == [".svg"]

    drive(new_app(), scenario)


def test_the_readme_and_docs_key_tables_are_the_apps_key_table() -> None:
    root = Path(__file__).resolve().parents[2]
    for name in ("README.md", "docs/ui.md"):
        text = (root / name).read_text(encoding="utf-8")
        assert keys_markdown(KEYS) in text, f"{name}'s key table: paste keys_markdown(KEYS) over it"


def test_the_go_to_prompt_is_not_cut_at_120_columns() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("g")
        await pilot.pause()
        prompt = app.screen.query(Label).first()
        assert "esc cancels" in str(prompt.render())
        assert prompt.region.height >= 2  # wrapped, not cut at the box's edge

    drive(new_app(), scenario)


def test_an_id_is_never_broken_over_lines_and_c_copies_it_whole() -> None:
    # at 120 columns the pane is ~50 wide: the CSTO id and "id " take 46; make one longer
    store = bundled_store()
    long_id = "2021-09-16-joint-meeting-of-the-sco-and-csto-heads-of-state-on-afghanistan"
    event = store.get(CSTO).model_copy(update={"id": long_id, "parent_id": None})
    store.put(event)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(long_id)
        await pilot.pause()
        lines = app.detail.plain().splitlines()
        shown = [line for line in lines if line.startswith("id ")]
        assert len(shown) == 1 and shown[0].endswith("…"), shown
        assert long_id.startswith(shown[0][3:-1])
        cut = long_id[len(shown[0]) - 4 :]
        assert not any(line.strip().startswith(cut[:8]) for line in lines)
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == long_id

    drive(new_app(store), scenario)


def test_the_palettes_agenda_commands_are_the_key_table() -> None:
    # every agenda command of the palette is a row of KEYS, and every key row is a command or
    # said not to be one (a cursor key, the detail pane's own keys)
    rows = []
    section = ""
    for key, what in KEYS:
        if not key:
            section = what
        else:
            rows.append((section, key))
    commands = {(section, key) for section, key, _, _ in PALETTE}
    assert commands <= set(rows)
    assert set(rows) - commands == NOT_IN_PALETTE

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        shown = {c.title: c.help for c in app.get_system_commands(app.screen)}
        for title, action, key, what in palette_commands():
            assert shown[title] == f"{what} ({key})"
            name = action.split("(")[0]
            assert callable(getattr(app, f"action_{name}")), action
            # the key runs the same action as the command
            names = {"?": "question_mark", "/": "slash", "[": "left_square_bracket"}
            names["]"] = "right_square_bracket"
            bound = {
                b.action
                for k in key.split()
                for b in app._bindings.key_to_bindings.get(names.get(k, k), [])
            }
            assert action in bound, (key, action, bound)
        ours = {t for t, *_ in palette_commands()} | {"Screenshot"}
        textuals = set(shown) - ours
        assert textuals <= {"Theme", "Change theme", "Quit", "Maximize", "Minimize", "Screenshot"}

    drive(new_app(), scenario)


def test_a_palette_command_runs_its_action() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Zoom: day view")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.zoom.value == "day"

    drive(new_app(), scenario)


def test_every_bound_key_of_the_timeline_detail_and_app_is_in_the_key_table() -> None:
    """The other direction of one key table: a key bound in code but missing from `?`, the
    README and the palette is a key nobody learns (ctrl+f, ctrl+b and the pane's home/end were)."""
    from agenda.ui.app import AgendaApp
    from agenda.ui.detail import Detail
    from agenda.ui.timeline import Timeline

    shown = {
        "down": "↓",
        "up": "↑",
        "left": "←",
        "right": "→",
        "pagedown": "pgdn",
        "pageup": "pgup",
        "question_mark": "?",
        "slash": "/",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
    }
    tokens = {token for key, _ in KEYS for token in key.split()}
    missing = []
    for owner in (AgendaApp, Timeline, Detail):
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding)
            for key in binding.key.split(","):
                if shown.get(key, key) not in tokens:
                    missing.append(f"{owner.__name__}: {key} ({binding.action})")
    assert not missing, missing
