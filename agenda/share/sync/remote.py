"""Where to sync: `Remote` (URL, user, calendar, password source), remotes.toml, URL checks.

Owns the reading of remotes.toml (a password written there is refused), the check of a URL
before anything is sent, and getting the password (environment variable or password command).
May import `agenda.core` and the standard library; nothing of the server conversation.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from agenda.core.errors import AgendaError, ConfigError, SyncError, UsageError

PASSWORD_ENV = "AGENDA_CALDAV_PASSWORD"


REMOTES_FILE = "remotes.toml"


@dataclass(frozen=True)
class Remote:
    """Where to sync: a CalDAV URL, a user, a calendar, and how to get the password."""

    url: str
    user: str | None = None
    calendar: str | None = None
    password_env: str = PASSWORD_ENV
    password_command: str | None = None
    name: str | None = None
    connections: int | None = None
    """Requests in flight at once (None: `transport.DEFAULT_CONNECTIONS`)."""

    def key(self) -> str:
        """The identity of this remote in the sync state."""
        return f"{self.url}|{self.user or ''}|{self.calendar or ''}"

    def password(self) -> str | None:
        """The password: the environment variable, else the output of the password command."""
        value = os.environ.get(self.password_env)
        if value:
            return value
        if self.password_command:
            where = f"[{self.name}] password_command" if self.name else "password_command"
            try:
                done = subprocess.run(
                    shlex.split(self.password_command),
                    capture_output=True,
                    text=True,
                    timeout=60,
                    check=False,
                )
            except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
                raise SyncError(
                    f"{REMOTES_FILE} {where} {self.password_command!r}: {exc}"
                ) from None
            if done.returncode != 0:
                said = done.stderr.strip().splitlines()
                raise SyncError(
                    f"{REMOTES_FILE} {where} {self.password_command!r} failed (exit "
                    f"{done.returncode})" + (f": {said[-1][:200]}" if said else "")
                )
            return done.stdout.rstrip("\n")
        return None


def remotes_path() -> Path:
    """remotes.toml beside the settings file (AGENDA_CONFIG's folder, or the user config dir)."""
    from agenda.core import paths

    return paths.config_path().parent / REMOTES_FILE


def load_remote(name: str, path: Path | None = None) -> Remote:
    """The remote called `name` in remotes.toml; a password written there is refused."""
    path = path or remotes_path()
    if not path.is_file():
        raise ConfigError(
            f"{path}: no such file, so no remote named {name!r} (see docs/sharing.md)"
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: malformed TOML: {exc}") from None
    table = raw.get(name)
    if not isinstance(table, dict):
        known = ", ".join(sorted(k for k, v in raw.items() if isinstance(v, dict))) or "none"
        raise ConfigError(f"{path}: no remote [{name}] (remotes: {known})")
    allowed = {"url", "user", "calendar", "password_env", "password_command", "connections"}
    for key, value in table.items():
        if key == "password":
            raise ConfigError(
                f"{path}: [{name}] password: passwords are never stored in plain text; use "
                f"password_env or password_command"
            )
        if key not in allowed:
            raise ConfigError(
                f"{path}: [{name}] unknown key {key!r} ({', '.join(sorted(allowed))})"
            )
        if key == "connections":
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 32:
                raise ConfigError(f"{path}: [{name}] connections must be a number from 1 to 32")
        elif not isinstance(value, str):
            raise ConfigError(f"{path}: [{name}] {key} must be a string")
    if "url" not in table:
        raise ConfigError(f"{path}: [{name}] url is missing")
    return Remote(
        url=check_url(table["url"], f"{path}: [{name}] url", ConfigError),
        user=table.get("user"),
        calendar=table.get("calendar"),
        password_env=table.get("password_env", PASSWORD_ENV),
        password_command=table.get("password_command"),
        name=name,
        connections=table.get("connections"),
    )


def check_url(url: str, where: str, error: type[AgendaError] = UsageError) -> str:
    """`url` when it is an absolute http(s) URL with a host name; else `error` naming it.

    Checked before anything is sent: a bare word would otherwise reach the HTTP stack as
    "https://<word>" and fail with a traceback, or start DNS discovery.
    """
    text = url.strip()
    example = "e.g. https://cloud.example.org/remote.php/dav/"
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        # the URL may hold a password: never repeated in a message
        shown = re.sub(r"//[^/]*@", "//", url)
        raise error(f"{where} {shown!r}: not a usable URL ({exc}; {example})") from None
    if "@" in parts.netloc:
        # a password in the URL would be stored in plain text (remotes.toml, shell history)
        # and shown in every message naming the URL
        shown = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        raise error(
            f"{where} {shown!r} (user name and password removed): put the user in --user (or "
            f"user in {REMOTES_FILE}) and the password in {PASSWORD_ENV} or a password_command, "
            "not in the URL"
        )
    try:
        parts.port  # noqa: B018 -- raises ValueError on a port that is not a number in range
    except ValueError as exc:
        raise error(f"{where} {url!r}: not a usable URL ({exc}; {example})") from None
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() for c in text)
    ):
        raise error(f"{where} {url!r}: not an http:// or https:// URL ({example})")
    return text
