"""The one exception family of agenda: every error a person can cause, with a message for people.

Messages name the file, line, event and field where they are known; the CLI prints them on stderr
and exits non-zero. Every class of the family is here (the modules that raise them import them
from here); the only exceptions defined elsewhere are private signals that never reach a person
(an HTTP 412 inside sync, a VEVENT problem turned into an import report line, a form's pending
question), each beside its one user.
"""

from __future__ import annotations


class AgendaError(Exception):
    """Base of every error agenda reports to a person."""

    exit_code = 1


class ValidationProblem(AgendaError):
    """Events broke rules of the model; `problems` holds one message per rule broken."""

    exit_code = 2

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class NotFound(AgendaError):
    """An id names no event in the store."""

    exit_code = 3


class StoreError(AgendaError):
    """The store file cannot be used: not an agenda store, corrupt, or from a newer version."""

    exit_code = 4


class StoreBusy(StoreError):
    """Another process held the store's write lock for longer than this one would wait."""


class AlreadyExists(AgendaError):
    """An event with this id is in the store already (`add` never replaces)."""

    exit_code = 2


class Changed(AgendaError):
    """The stored event changed since the version a write was based on (another process wrote
    it in between); `stored` is the event as it is now."""

    exit_code = 6

    def __init__(self, message: str, stored: object = None) -> None:
        self.stored = stored
        super().__init__(message)


class DataFileError(AgendaError):
    """A TOML or JSON data file cannot be read; the message names the file and line."""

    exit_code = 2


class IcsError(DataFileError):
    """An iCalendar file cannot be read or written; the message names the file, line and event.

    Raised by `agenda.ics` (and importable from there)."""


class ConfigError(AgendaError):
    """The settings file is malformed; the message names the file and key."""

    exit_code = 2


class UsageError(AgendaError):
    """A command-line value is wrong (a bad date, an unknown zone, ...)."""

    exit_code = 2


class SyncError(AgendaError):
    """The sync cannot go on: server unreachable or refusing, calendar missing, too many deletes."""

    exit_code = 5


class OutputError(AgendaError):
    """An output file cannot be written; the message names the file."""

    exit_code = 2


class ExtractError(AgendaError):
    """The article cannot be used: empty, binary, not English, no date, nothing datable."""

    exit_code = 2


class FeedParamError(UsageError):
    """A query parameter of the feed is wrong; the message says which and why (HTTP 400)."""


class FeedClosed(AgendaError):
    """The server is stopping and no longer reads the store (HTTP 503)."""


class Refused(SyncError):
    """The server refused one event (a 4xx other than 412): that event is skipped, not the sync."""
