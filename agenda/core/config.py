"""Settings: one typed model, read in one place from the TOML file in the user config dir.

`AGENDA_CONFIG` names another file. A malformed file or a bad value names the file and key. This
module avoids pydantic so that `agenda list` stays cheap; the fields are few and checked by hand.
"""

from __future__ import annotations

import os
from datetime import date

from agenda.core.errors import ConfigError

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from pathlib import Path
    from typing import NamedTuple
else:
    from agenda.core.records import NamedTuple

THEMES = (
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "catppuccin-mocha",
    "dracula",
    "tokyo-night",
    "monokai",
    "flexoki",
    "catppuccin-latte",
    "catppuccin-frappe",
    "catppuccin-macchiato",
    "solarized-light",
    "solarized-dark",
    "rose-pine",
    "rose-pine-moon",
    "rose-pine-dawn",
    "atom-one-dark",
    "atom-one-light",
    "ansi-dark",
    "ansi-light",
)
"""Textual's built-in themes (a test keeps this equal to `textual.theme.BUILTIN_THEMES`):
checking `theme` here spares `agenda list` the import of Textual."""


class Settings(NamedTuple):
    """Everything a person can set in config.toml."""

    viewer_tz: str | None = None
    """IANA zone times are shown in beside the venue's own; None means this machine's zone."""
    store: str | None = None
    """Path of the store to open instead of the default one (`--store` and AGENDA_STORE win)."""
    date_format: str = "%a %d %b %Y"
    """strftime format of day headings and dates in lists."""
    theme: str = "textual-dark"
    """Textual theme of the UI (any name Textual knows, e.g. textual-light, nord, gruvbox)."""
    default_reminder: str | None = None
    """A reminder given to every new event (`agenda add`, the UI's new-event form) that names
    none of its own: a time before the start such as "1d" or "2h"."""
    calendar_reminders: tuple[tuple[str, str], ...] = ()
    """The default reminder of new events per calendar, from the `[calendar_reminders]` table
    (`work = "2h"`; `"none"`: no reminder), as (calendar, reminder) pairs sorted by name; a
    calendar not named there uses `default_reminder`."""

    def reminder_for(self, calendar: str) -> str | None:
        """The reminder a new event of `calendar` gets when it names none of its own."""
        for name, value in self.calendar_reminders:
            if name == calendar:
                return None if value == "none" else value
        return self.default_reminder

    def viewer_zone(self) -> str:
        """The zone to show times in: the setting, else the machine's own, else UTC."""
        return self.viewer_tz or local_zone()


def local_zone() -> str:
    """The IANA name of this machine's zone (TZ, then /etc/localtime), or UTC."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if (tz and "/" in tz) or tz == "UTC":
        return tz
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return "UTC"
    marker = "zoneinfo/"
    if marker in target:
        return target.split(marker, 1)[1]
    return "UTC"


def load_settings(path: str | Path) -> Settings:
    """Settings from `path`; defaults when the file does not exist."""
    if not os.path.isfile(path):
        return Settings()
    import tomllib  # only when there is a file: ~4 ms that `agenda list` need not pay

    try:
        with open(path, encoding="utf-8") as fh:
            raw = tomllib.loads(fh.read())
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: malformed TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    known = set(Settings._fields)
    for key in raw:
        if key not in known:
            raise ConfigError(f"{path}: unknown key {key!r} (known: {', '.join(sorted(known))})")
    table = raw.pop("calendar_reminders", {})
    for key, value in raw.items():
        if not isinstance(value, str):
            raise ConfigError(f"{path}: {key} must be a string, not {type(value).__name__}")
    settings = Settings(**raw)._replace(calendar_reminders=_calendar_reminders(path, table))
    if settings.viewer_tz:
        from agenda.core.zones import zone_problem

        problem = zone_problem(settings.viewer_tz)
        if problem:
            raise ConfigError(f"{path}: viewer_tz: {problem}")
    try:
        date(2021, 9, 16).strftime(settings.date_format)
    except ValueError as exc:
        raise ConfigError(f"{path}: date_format: {exc}") from None
    if settings.theme not in THEMES:
        raise ConfigError(
            f"{path}: theme: unknown theme {settings.theme!r} (known: {', '.join(THEMES)})"
        )
    if settings.default_reminder:
        from agenda.core.reminders import offset_text, parse_offset

        try:
            offset = parse_offset(settings.default_reminder)
        except ValueError as exc:
            raise ConfigError(f"{path}: default_reminder: {exc}") from None
        settings = settings._replace(default_reminder=offset_text(offset))
    return settings


def _calendar_reminders(path: str | Path, table: object) -> tuple[tuple[str, str], ...]:
    """The checked `[calendar_reminders]` table: calendar name -> a reminder or "none"."""
    if not isinstance(table, dict):
        raise ConfigError(
            f'{path}: calendar_reminders must be a table ([calendar_reminders] work = "2h")'
        )
    pairs: list[tuple[str, str]] = []
    for name, value in table.items():
        where = f"{path}: calendar_reminders.{name}"
        if not isinstance(value, str):
            raise ConfigError(f"{where} must be a string, not {type(value).__name__}")
        if value.strip().lower() == "none":
            pairs.append((name, "none"))
            continue
        from agenda.core.reminders import offset_text, parse_offset

        try:
            pairs.append((name, offset_text(parse_offset(value))))
        except ValueError as exc:
            raise ConfigError(f"{where}: {exc}") from None
    return tuple(sorted(pairs))


def save_setting(path: Path, key: str, value: str) -> None:
    """Set `key` to `value` in the settings file at `path`, keeping its other lines (keys and
    comments) as they are; the file and its folder are created when missing.

    The file is written whole to a temporary file beside it, then moved over it: an error
    leaves the old file. Raises ConfigError naming the file.
    """
    if key not in Settings._fields:
        raise ConfigError(f"{path}: unknown key {key!r}")
    import re
    import tomllib

    import tomli_w  # only when saving: `agenda list` need not pay for it

    line = tomli_w.dumps({key: value}).strip()
    try:
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from None
    pattern = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=.*$", re.MULTILINE)
    if pattern.search(old):
        new = pattern.sub(lambda _: line, old, count=1)
    else:
        new = old + ("" if not old or old.endswith("\n") else "\n") + line + "\n"
    try:
        if tomllib.loads(new).get(key) != value:
            raise ValueError(f"{key} did not read back as {value!r}")
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise ConfigError(f"{path}: not saved, the file would not read back ({exc})") from None
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(new, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ConfigError(f"{path}: cannot write ({exc.strerror or exc})") from None
