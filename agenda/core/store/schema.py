"""The store's schema: the DDL of every version, the application id that marks a file as ours,
the migrations, and the checks made before a file is touched (house rule 7: the store owns it).

Schema versions live in `PRAGMA user_version`, the file is marked as ours with
`PRAGMA application_id`; a foreign, corrupt or newer file is refused before anything is written.
`EventStore.migrate` runs `apply_migrations` inside its write transaction, so the version it
starts from is read under the write lock.
"""

from __future__ import annotations

import os
import sqlite3

from agenda.core.errors import StoreError
from agenda.core.paths import path_text

APPLICATION_ID = 0x41474E44  # "AGND"
SCHEMA_VERSION = 8
_SQLITE_MAGIC = b"SQLite format 3\x00"

_MIGRATIONS: dict[int, str] = {
    1: """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO meta VALUES ('changes', 0), ('span_all_day', 0), ('span_timed', 0);
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            title TEXT NOT NULL,
            all_day INTEGER NOT NULL,
            lo TEXT NOT NULL,
            hi TEXT NOT NULL,
            start TEXT NOT NULL,
            end TEXT,
            tz TEXT,
            precision TEXT NOT NULL,
            parent_id TEXT,
            city TEXT,
            country TEXT,
            orgs TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            last_modified TEXT,
            data TEXT NOT NULL
        );
        CREATE INDEX events_window ON events (all_day, lo);
        CREATE INDEX events_parent ON events (parent_id);
        CREATE VIRTUAL TABLE events_fts USING fts5 (
            title, description, location, participants, organizations, agenda, other,
            tokenize = 'unicode61 remove_diacritics 2'
        );
    """,
    2: """
        CREATE TABLE tombstones (id TEXT PRIMARY KEY, deleted_at TEXT NOT NULL);
    """,
    # CalDAV sync state (agenda/core/store/sync_tables.py reads and writes these two tables, for agenda/share/sync/).
    3: """
        CREATE TABLE IF NOT EXISTS sync_remotes (
            key TEXT PRIMARY KEY, calendar_url TEXT NOT NULL, ctag TEXT, counter INTEGER,
            synced_at TEXT
        );
        CREATE TABLE IF NOT EXISTS sync_items (
            remote TEXT NOT NULL, id TEXT NOT NULL, href TEXT NOT NULL, etag TEXT,
            local_hash TEXT NOT NULL, readonly INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (remote, id)
        );
    """,
    # recurring series (agenda/core/store/series.py): a master's row holds its first occurrence
    # in lo/hi, the end of its last in series_hi (NULL: no end) and in series_data what its
    # expansion needs (rule, dates, end zone: no JSON of the whole event is parsed per window);
    # an override names its series and the start it replaces
    4: """
        ALTER TABLE events ADD COLUMN series INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE events ADD COLUMN series_hi TEXT;
        ALTER TABLE events ADD COLUMN series_data TEXT;
        ALTER TABLE events ADD COLUMN recurrence_of TEXT;
        ALTER TABLE events ADD COLUMN recurrence_start TEXT;
        CREATE INDEX events_series ON events (all_day, lo) WHERE series = 1;
        CREATE INDEX events_recurrence ON events (recurrence_of) WHERE recurrence_of IS NOT NULL;
    """,
    # several calendars (agenda/core/store/calendars.py): every event belongs to one, the events
    # stored before to 'default'; `writable` 0 is a read-only calendar (a subscription, whose
    # `source` is where it is fetched from); `colour` a colour name or #rrggbb (NULL: the
    # theme's); the index serves the calendar filter and the replacement of one calendar
    5: """
        CREATE TABLE calendars (
            name TEXT PRIMARY KEY,
            colour TEXT,
            writable INTEGER NOT NULL DEFAULT 1,
            description TEXT,
            source TEXT,
            position INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO calendars (name, colour, writable, position) VALUES ('default', NULL, 1, 0);
        ALTER TABLE events ADD COLUMN calendar TEXT NOT NULL DEFAULT 'default';
        CREATE INDEX events_calendar ON events (calendar, all_day, lo);
    """,
    # subscriptions (agenda/core/store/subscription_table.py, for agenda/share/subscriptions/): a
    # read-only calendar of the same name fetched from `url` every `every` seconds; the feed's
    # validators, when it was last tried and last worked, the last error (one line), how many
    # events were stored and refused at the last refresh that worked
    6: """
        CREATE TABLE IF NOT EXISTS subscriptions (
            name TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            every INTEGER NOT NULL,
            etag TEXT,
            last_modified TEXT,
            added TEXT NOT NULL,
            last_try TEXT,
            last_ok TEXT,
            last_error TEXT,
            events INTEGER NOT NULL DEFAULT 0,
            refused INTEGER NOT NULL DEFAULT 0
        );
    """,
    # what a sync last computed of each event (agenda/core/store/sync_tables.py): the content hash of
    # its row as it was, keyed by a hash of the row's stored `data` text, so that a sync decodes
    # and hashes only the rows whose data changed since (issue 17: 20 changes at 10k under 2 s)
    7: """
        CREATE TABLE IF NOT EXISTS sync_seen (
            id TEXT PRIMARY KEY, data_hash TEXT NOT NULL, content_hash TEXT NOT NULL
        );
    """,
    # which agreed items a sync wrote itself after the collection version it kept (the id of
    # that sync run; NULL: seen on the server since): a sync then keeps the version from before
    # its own PUTs instead of asking the server again, and the next one recognises its writes
    # by ETag and checks that each of them is still reported (issue 17: one REPORT less)
    8: """
        ALTER TABLE sync_items ADD COLUMN written TEXT;
    """,
}


def refuse_non_sqlite(file: str) -> None:
    """StoreError when `file` is a folder or a file that is not SQLite (an empty one is fine)."""
    if not os.path.exists(file) or os.stat(file).st_size == 0:
        return
    path = path_text(file)  # as the message always named it (str of a Path)
    if os.path.isdir(file):
        raise StoreError(f"{path}: is a folder, not an agenda store")
    with open(file, "rb") as fh:
        header = fh.read(16)
    if header != _SQLITE_MAGIC:
        raise StoreError(f"{path}: not an agenda store (not an SQLite file); it was left untouched")


def check_file(conn: sqlite3.Connection, path: str) -> int:
    """The schema version of the open file; StoreError when it is not an agenda store (another
    application's SQLite file) or was made by a newer agenda. Nothing is written."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app_id != APPLICATION_ID and (app_id != 0 or tables):
        raise StoreError(f"{path}: this SQLite file is not an agenda store; it was left untouched")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: made by a newer agenda (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}); it was left untouched"
        )
    return int(version)


def apply_migrations(conn: sqlite3.Connection, version: int, target: int) -> None:
    """Run the steps from `version` to `target` and mark the file; the caller holds the write
    transaction (and read `version` inside it)."""
    for step in range(version + 1, target + 1):
        for statement in _MIGRATIONS[step].split(";"):
            if statement.strip():
                conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {target}")
