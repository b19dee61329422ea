"""Where the store and settings live: the XDG rule agrees with platformdirs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agenda.core import paths


@pytest.mark.skipif(sys.platform == "darwin" or sys.platform.startswith("win"), reason="XDG")
@pytest.mark.parametrize("xdg", [None, "", "  ", "/srv/xdg"])
def test_dirs_match_platformdirs(monkeypatch: pytest.MonkeyPatch, xdg: str | None) -> None:
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        if xdg is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, xdg)
    assert str(paths.user_data_dir()) == platformdirs.user_data_dir("agenda", appauthor=False)
    assert str(paths.user_config_dir()) == platformdirs.user_config_dir("agenda", appauthor=False)


def test_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("AGENDA_CONFIG", str(tmp_path / "c.toml"))
    assert paths.config_path() == tmp_path / "c.toml"
    monkeypatch.setenv("AGENDA_STORE", str(tmp_path / "s.sqlite3"))
    assert paths.store_path(None) == (tmp_path / "s.sqlite3", False)
    assert paths.store_path(str(tmp_path / "x")) == (tmp_path / "x", False)
    monkeypatch.delenv("AGENDA_STORE")
    assert paths.store_path(None)[1] is True


PATH_PARTS = st.lists(
    st.sampled_from(["", "/", "//", "///", ".", "..", "a", "b c", "~", "~root", "x."])
)


@pytest.mark.skipif(os.name != "posix", reason="the string forms are pathlib's own elsewhere")
@settings(max_examples=500, deadline=None)
@given(PATH_PARTS)
def test_the_string_forms_are_written_as_pathlib_writes_them(parts: list[str]) -> None:
    text = "".join(parts)
    assert paths.path_text(text) == str(Path(text))
    assert paths.parent_text(paths.path_text(text)) == str(Path(text).parent)
    assert paths.joined(paths.path_text(text), "f.toml") == str(Path(text) / "f.toml")
    try:
        expanded = str(Path(text).expanduser())
    except RuntimeError:  # "~nobody-known": pathlib gives up, the string form keeps it as it is
        expanded = paths.path_text(text)
    assert paths._expanded(text) == expanded


@pytest.mark.parametrize("explicit", [None, "", "s.sqlite3", "~/x//y/./s.sqlite3", "//srv/s"])
@pytest.mark.parametrize("env", [None, "./e.sqlite3", "~/e"])
def test_store_file_and_config_file_are_the_paths_as_strings(
    monkeypatch: pytest.MonkeyPatch, explicit: str | None, env: str | None, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path) + "//data/")
    for variable, value in (("AGENDA_STORE", env), ("AGENDA_CONFIG", env)):
        if value is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, value)
    path, is_default = paths.store_path(explicit)
    assert paths.store_file(explicit) == (str(path), is_default)
    assert paths.config_file() == str(paths.config_path())


def test_the_bundled_data_folder_is_found_without_pathlib() -> None:
    here = Path(paths.__file__).resolve().parent.parent
    expected = here / "_data" if (here / "_data").is_dir() else here.parent / "data"
    assert paths.bundled_data_dir() == expected
    assert (paths.bundled_data_dir() / "organizations.toml").is_file()
