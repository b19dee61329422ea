"""What every command receives: `Context` (arguments, settings, clock, the store opened on first
use) and `Output` (styled lines through Rich on a terminal, plain text otherwise), and the
argument helpers that several command groups share (filters, days).
"""

from __future__ import annotations

import os
import sys

from agenda.core import paths
from agenda.core.config import Settings, load_settings
from agenda.core.errors import UsageError
from agenda.core.format import clean  # cheap: re, datetime and zoneinfo are loaded anyway

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    import argparse
    from datetime import date
    from pathlib import Path
    from typing import Any

    from agenda.core.clock import Clock
    from agenda.core.store import EventStore, Filters

Styled = list[tuple[str, str]]
"""One output line as (text, rich style) pieces; the style is dropped in plain output."""


class Output:
    """Prints styled lines: through Rich on a terminal, as plain text otherwise (and NO_COLOR)."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stdout
        self.rich = bool(getattr(self.stream, "isatty", lambda: False)())
        self._console: Any = None

    @property
    def console(self) -> Any:
        if self._console is None:
            from rich.console import Console  # only on a terminal: ~35 ms

            self._console = Console(
                file=self.stream, no_color="NO_COLOR" in os.environ, highlight=False
            )
        return self._console

    def line(self, pieces: Styled | str = "") -> None:
        """Print one line; every piece is cleaned of escapes and control characters first."""
        if isinstance(pieces, str):
            pieces = [(pieces, "")]
        if not self.rich:
            self.stream.write("".join([clean(text) for text, _ in pieces]) + "\n")
            return
        pieces = [(clean(text), style) for text, style in pieces]
        from rich.text import Text

        text = Text(no_wrap=True, overflow="ellipsis")
        for chunk, style in pieces:
            text.append(chunk, style=style or None)
        self.console.print(text)

    def text(self, value: str) -> None:
        self.stream.write(value if value.endswith("\n") else value + "\n")


CLI_BUSY_TIMEOUT = 60.0
"""Seconds a command waits for another process's write (an import, a load) to finish."""


class Context:
    """What every command needs: settings, the clock, and the store (opened on first use)."""

    def __init__(self, args: argparse.Namespace, clock: Clock, out: Output) -> None:
        self.args = args
        self.clock = clock
        self.out = out
        # the settings file and the store as strings: pathlib costs ~3 ms (see core.paths)
        self.settings: Settings = load_settings(paths.config_file())
        self._store: EventStore | None = None
        self.created: str | None = None
        """The path of a named store this command created (None: it existed, or the default)."""
        self._changes_at_creation = -1

    @property
    def today(self) -> date:
        from zoneinfo import ZoneInfo

        return self.clock().astimezone(ZoneInfo(self.viewer_tz)).date()

    @property
    def viewer_tz(self) -> str:
        return self.settings.viewer_zone()

    def _explicit_store(self) -> str | None:
        return self.args.store or os.environ.get("AGENDA_STORE") or self.settings.store

    def store_location(self) -> tuple[Path, bool]:
        return paths.store_path(self._explicit_store())

    def creates_store(self) -> bool:
        """Whether the command may create a named store that does not exist: only one that
        writes (a command that only reads would print an empty agenda for a mistyped path)."""
        command = self.args.command or "tui"
        if command == "extract":
            return bool(getattr(self.args, "save", False) or getattr(self.args, "review", False))
        if command == "calendars":
            return getattr(self.args, "action", None) == "add"
        return command in CREATING_COMMANDS

    @property
    def store(self) -> EventStore:
        if self._store is None:
            path, is_default = paths.store_file(self._explicit_store())
            folder = paths.parent_text(path)
            fresh = not os.path.exists(path)
            if fresh and is_default:
                # the default store starts with the bundled data, whatever the command
                os.makedirs(folder, exist_ok=True)
            elif fresh and not self.creates_store():
                raise UsageError(
                    f"no store at {path} (check --store, AGENDA_STORE or the store setting; "
                    "a command that adds events creates it)"
                )
            elif fresh and not os.path.isdir(folder):
                raise UsageError(f"no folder {folder} for the store {path}: create it first")
            from agenda.core.store import EventStore  # sqlite3 and json: only when a store opens

            # a write a person asked for waits out another's long import rather than fail
            self._store = EventStore(path, clock=self.clock, busy_timeout=CLI_BUSY_TIMEOUT)
            if fresh and is_default:
                from agenda.core import datafile

                self._store.put_many(datafile.load(paths.bundled_dataset()))
            elif fresh:
                self.created = path
                self._changes_at_creation = self._store.conn.total_changes
                print(f"agenda: created the store {path}", file=sys.stderr)
        return self._store

    def close(self, *, failed: bool) -> None:
        """Close the store; a named store this command created and left untouched is removed
        when `failed` (the command failed, or it was the UI, quit without a change), so that a
        typo or a server that is down leaves no file behind."""
        if self._store is None:
            return
        store, self._store = self._store, None
        untouched = store.conn.total_changes == self._changes_at_creation
        store.close()
        if failed and self.created is not None and untouched:
            import contextlib  # only on this rare path (start-up time, issue 13.4)

            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(self.created + suffix)
            print(
                f"agenda: removed the new store {self.created} (nothing was written to it)",
                file=sys.stderr,
            )


CREATING_COMMANDS = frozenset({"add", "load", "import", "sync", "tui", "subscribe"})
"""Commands that create a named store when it does not exist (`extract` too, with --save or
--review, and `calendars add`); every other command says "no store at PATH"."""


def filters_from_args(
    args: argparse.Namespace, text: str | None = None, store: EventStore | None = None
) -> Filters:
    """The checked filters of `list`, `search` and `export`; with `store`, the calendars named
    by --calendar must exist (else one line naming the known ones)."""
    from agenda.core.query import make_filters

    filters = make_filters(
        kinds=args.kind,
        orgs=args.org,
        countries=args.country,
        statuses=args.status,
        text=text if text is not None else args.text,
        calendars=getattr(args, "calendar", None),
    )
    if filters.calendars and store is not None:
        store.check_calendars(filters.calendars)
    return filters


def day_arg(ctx: Context, value: str | None, flag: str) -> date | None:
    from agenda.core.schedule import parse_day

    return parse_day(value, ctx.today, what=flag) if value else None
