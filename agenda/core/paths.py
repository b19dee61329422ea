"""Where things live: the bundled data, the default store and the settings file.

Overrides: `AGENDA_STORE` (a store path) and `AGENDA_CONFIG` (a settings file path).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "agenda"


def bundled_data_dir() -> Path:
    """The bundled datasets: inside the wheel, or `data/` of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "_data"
    if installed.is_dir():
        return installed
    return here.parent / "data"


def bundled_dataset() -> Path:
    """The bundled Dushanbe 2021 dataset, loaded into a new default store."""
    return bundled_data_dir() / "dushanbe-2021.toml"


def _xdg_dir(variable: str, fallback: str) -> Path | None:
    """The XDG base directory rule on Linux and BSDs (what platformdirs does there), else None.

    Importing platformdirs costs ~5 ms of every call; the rule it applies on these systems is
    two lines. Elsewhere (macOS, Windows) platformdirs decides.
    """
    if sys.platform == "darwin" or sys.platform.startswith(("win", "cygwin")):
        return None
    base = os.environ.get(variable, "").strip()
    return Path(base or os.path.expanduser(fallback)) / APP_NAME


def user_data_dir() -> Path:
    """The user data dir of agenda (`~/.local/share/agenda` on Linux)."""
    found = _xdg_dir("XDG_DATA_HOME", "~/.local/share")
    if found is not None:
        return found
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    """The user config dir of agenda (`~/.config/agenda` on Linux)."""
    found = _xdg_dir("XDG_CONFIG_HOME", "~/.config")
    if found is not None:
        return found
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_store_path() -> Path:
    """The store used when neither `--store` nor `AGENDA_STORE` names one."""
    return user_data_dir() / "agenda.sqlite3"


def store_path(explicit: str | None) -> tuple[Path, bool]:
    """The store to open and whether it is the default one (which starts with the bundled data)."""
    if explicit:
        return Path(explicit).expanduser(), False
    env = os.environ.get("AGENDA_STORE")
    if env:
        return Path(env).expanduser(), False
    return default_store_path(), True


def config_path() -> Path:
    """The settings file: `AGENDA_CONFIG`, else `config.toml` in the user config dir."""
    env = os.environ.get("AGENDA_CONFIG")
    if env:
        return Path(env).expanduser()
    return user_config_dir() / "config.toml"
