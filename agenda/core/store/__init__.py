"""The store: the one SQLite file that holds the agenda. It owns the schema (house rule 7).

Rows never leave it: callers get `EventRow` tuples, `Event` models or stored JSON, never a cursor.

- `schema`: the DDL, the application id, the migrations and the checks made before a file is
  touched;
- `rows`: what a list reads (`EventRow`), what it may be narrowed by (`Filters`), and how an
  event becomes a row (window bounds, full-text fields);
- `results`: what a write did (`PutResult`), imported on first use (it needs `enum`, which
  the commands that only read do not);
- `sql`: the window and search queries built from `Filters`, and the FTS5 query (`fts_query`);
- `connection`: opening the file, checking and migrating its schema, `transaction()`;
- `calendars`: the calendars (schema 5): list, add, rename, recolour, remove, the checks that
  refuse a write to an unknown or read-only calendar, `replace_calendar_events`;
- `eventstore`: `EventStore`, the reads and writes of events over that connection;
- `sync_tables`: the SQL of CalDAV sync's tables (`sync_remotes`, `sync_items`, `sync_seen`),
  for `agenda.share.sync`;
- `subscription_table`: the SQL of the `subscriptions` table (schema 6), for
  `agenda.share.subscriptions` and the UI's refresh.

Import from here: `from agenda.core.store import EventStore, EventRow, Filters, PutResult`
(and `Calendar`, `ReplaceResult`).
"""

from __future__ import annotations

from agenda.core.store.calendars import DEFAULT, Calendar, ReplaceResult
from agenda.core.store.connection import BUSY_TIMEOUT
from agenda.core.store.eventstore import EventStore
from agenda.core.store.rows import EventRow, Filters
from agenda.core.store.schema import _MIGRATIONS, APPLICATION_ID, SCHEMA_VERSION
from agenda.core.store.sql import fts_query

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from agenda.core.store.results import PutResult

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT",
    "DEFAULT",
    "SCHEMA_VERSION",
    "_MIGRATIONS",
    "Calendar",
    "EventRow",
    "EventStore",
    "Filters",
    "PutResult",
    "ReplaceResult",
    "fts_query",
]


def __getattr__(name: str) -> object:
    if name == "PutResult":  # on first use: see `results`
        from agenda.core.store.results import PutResult

        return PutResult
    raise AttributeError(f"module 'agenda.core.store' has no attribute {name!r}")
