"""Where things live: the bundled data, the default store and the settings file.

Overrides: `AGENDA_STORE` (a store path) and `AGENDA_CONFIG` (a settings file path).

The public functions return `pathlib.Path`s. `store_file`, `config_file` and `path_text` give
the same places as plain strings, written as `str(Path(...))` writes them, for `agenda list`,
`search` and `show`, which need no more than that: pathlib imports `urllib.parse` (with
`ipaddress`), `fnmatch` and `re`, ~3 ms of every call.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "agenda"


def path_text(path: str) -> str:
    """`str(pathlib.Path(path))` (repeated and trailing slashes and "." parts dropped, "" is
    ".") without importing pathlib; tests/unit/test_paths.py compares the two."""
    if os.name != "posix":
        from pathlib import Path

        return str(Path(path))
    root = ""
    if path.startswith("/"):
        # POSIX keeps a leading "//" (implementation-defined), and folds three or more into "/"
        root = "//" if path.startswith("//") and not path.startswith("///") else "/"
    text = root + "/".join(part for part in path.split("/") if part and part != ".")
    return text or "."


def parent_text(path: str) -> str:
    """`str(pathlib.Path(path).parent)` of a path written by `path_text`."""
    root = "//" if path.startswith("//") else "/" if path.startswith("/") else ""
    rest = path[len(root) :]
    if "/" in rest:
        return root + rest.rpartition("/")[0]
    return root or "."


def joined(folder: str, name: str) -> str:
    """`str(Path(folder) / name)` for a folder written by `path_text` and a plain file name."""
    return path_text(folder + ("" if folder.endswith("/") else "/") + name)


def _expanded(path: str) -> str:
    """`str(Path(path).expanduser())`."""
    text = path_text(path)
    return path_text(os.path.expanduser(text)) if text.startswith("~") else text


def bundled_data_folder() -> str:
    """The bundled datasets: inside the wheel, or `data/` of a source checkout."""
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    installed = joined(here, "_data")
    if os.path.isdir(installed):
        return installed
    return joined(parent_text(here), "data")


def bundled_data_dir() -> Path:
    """`bundled_data_folder` as a Path."""
    from pathlib import Path

    return Path(bundled_data_folder())


def bundled_dataset() -> Path:
    """The bundled Dushanbe 2021 dataset, loaded into a new default store."""
    return bundled_data_dir() / "dushanbe-2021.toml"


def _xdg_dir(variable: str, fallback: str) -> str | None:
    """The XDG base directory rule on Linux and BSDs (what platformdirs does there), else None.

    Importing platformdirs costs ~5 ms of every call; the rule it applies on these systems is
    two lines. Elsewhere (macOS, Windows) platformdirs decides.
    """
    if sys.platform == "darwin" or sys.platform.startswith(("win", "cygwin")):
        return None
    base = os.environ.get(variable, "").strip()
    return joined(path_text(base or os.path.expanduser(fallback)), APP_NAME)


def _user_data_dir() -> str:
    found = _xdg_dir("XDG_DATA_HOME", "~/.local/share")
    if found is not None:
        return found
    import platformdirs

    return path_text(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _user_config_dir() -> str:
    found = _xdg_dir("XDG_CONFIG_HOME", "~/.config")
    if found is not None:
        return found
    import platformdirs

    return path_text(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_data_dir() -> Path:
    """The user data dir of agenda (`~/.local/share/agenda` on Linux)."""
    from pathlib import Path

    return Path(_user_data_dir())


def user_config_dir() -> Path:
    """The user config dir of agenda (`~/.config/agenda` on Linux)."""
    from pathlib import Path

    return Path(_user_config_dir())


def default_store_path() -> Path:
    """The store used when neither `--store` nor `AGENDA_STORE` names one."""
    from pathlib import Path

    return Path(_user_data_dir()) / "agenda.sqlite3"


def store_file(explicit: str | None) -> tuple[str, bool]:
    """The store to open and whether it is the default one (which starts with the bundled data)."""
    if explicit:
        return _expanded(explicit), False
    env = os.environ.get("AGENDA_STORE")
    if env:
        return _expanded(env), False
    return joined(_user_data_dir(), "agenda.sqlite3"), True


def store_path(explicit: str | None) -> tuple[Path, bool]:
    """`store_file` as a Path."""
    from pathlib import Path

    file, is_default = store_file(explicit)
    return Path(file), is_default


def config_file() -> str:
    """The settings file: `AGENDA_CONFIG`, else `config.toml` in the user config dir."""
    env = os.environ.get("AGENDA_CONFIG")
    if env:
        return _expanded(env)
    return joined(_user_config_dir(), "config.toml")


def config_path() -> Path:
    """`config_file` as a Path."""
    from pathlib import Path

    return Path(config_file())
