"""Where the store and settings live: the XDG rule agrees with platformdirs."""

from __future__ import annotations

import sys

import platformdirs
import pytest

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
