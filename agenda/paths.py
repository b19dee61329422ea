"""Where things live: the bundled data, the default store and the settings file.

Overrides: `AGENDA_STORE` (a store path) and `AGENDA_CONFIG` (a settings file path). platformdirs is
imported only when a default location is actually needed.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "agenda"


def bundled_data_dir() -> Path:
    """The bundled datasets: inside the wheel, or `data/` of a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "_data"
    if installed.is_dir():
        return installed
    return here.parent / "data"


def bundled_dataset() -> Path:
    """The bundled Dushanbe 2021 dataset, loaded into a new default store."""
    return bundled_data_dir() / "dushanbe-2021.toml"


def default_store_path() -> Path:
    """The store used when neither `--store` nor `AGENDA_STORE` names one."""
    import platformdirs  # only when the default is needed: ~15 ms

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "agenda.sqlite3"


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
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"
