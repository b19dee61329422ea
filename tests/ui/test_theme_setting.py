"""`theme` in the settings: only Textual's built-in names are accepted, and a theme chosen in the
App (the command palette's "Change theme") is saved to the settings file, other lines kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.theme import BUILTIN_THEMES

from agenda.core.clock import fixed_clock
from agenda.core.config import THEMES, Settings, load_settings, save_setting
from agenda.core.errors import ConfigError
from agenda.ui import AgendaApp, make_app
from tests.ui.conftest import NOW, bundled_store, drive


def test_the_theme_names_are_textuals() -> None:
    assert list(THEMES) == list(BUILTIN_THEMES)


def test_an_unknown_theme_is_refused_naming_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nope"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: theme: unknown theme 'nope'")
    assert "textual-light" in message


def test_save_setting_keeps_other_keys_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '# my settings\ndate_format = "%d.%m.%Y"  # German\ntheme = "nord"\n', encoding="utf-8"
    )
    save_setting(path, "theme", "textual-light")
    assert path.read_text(encoding="utf-8") == (
        '# my settings\ndate_format = "%d.%m.%Y"  # German\ntheme = "textual-light"\n'
    )
    fresh = tmp_path / "new" / "config.toml"
    save_setting(fresh, "theme", "dracula")
    assert load_settings(fresh).theme == "dracula"
    assert not list(tmp_path.glob("**/*.tmp"))


def theme_app(config: Path | None) -> AgendaApp:
    settings = Settings(viewer_tz="Europe/Berlin", date_format="%d.%m.%Y")
    return make_app(bundled_store(), settings, fixed_clock(NOW), config_path=config)


def test_a_theme_chosen_in_the_app_is_saved(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# mine\ndate_format = "%d.%m.%Y"\n', encoding="utf-8")

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.theme = "textual-light"  # what the palette's "Change theme" does
        await pilot.pause()
        await pilot.pause()

    drive(theme_app(path), scenario)
    assert load_settings(path) == Settings(date_format="%d.%m.%Y", theme="textual-light")
    assert path.read_text(encoding="utf-8").startswith("# mine\n")


def test_without_a_settings_file_path_nothing_is_written(tmp_path: Path) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.theme = "nord"
        await pilot.pause()

    drive(theme_app(None), scenario)
    assert not list(tmp_path.iterdir())
