"""The store's connection: opening the file, refusing a foreign one, migrating it, and the one
`transaction()` every write runs in (house rule 7).

`StoreConnection` opens the SQLite file (WAL, a busy timeout), checks and migrates its schema
(`schema`) and runs transactions: `BEGIN IMMEDIATE`, nested blocks join the outer one, the change
counter grows when a transaction wrote, and a lock held too long by another process is a clear
`StoreBusy`. `EventStore` adds the reads and writes of events on top of it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from agenda.core.clock import Clock, system_clock
from agenda.core.errors import StoreBusy, StoreError
from agenda.core.store.schema import (
    SCHEMA_VERSION,
    apply_migrations,
    check_file,
    refuse_non_sqlite,
)

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Self

BUSY_TIMEOUT = 5.0
"""Seconds a connection waits for another's write lock before giving up (the UI's default: it
must not freeze for long); the CLI waits longer for a write a person asked for."""


class StoreConnection:
    """An open agenda store file, its schema up to date; see `EventStore`."""

    def __init__(
        self, path: str | Path, *, clock: Clock = system_clock, busy_timeout: float = BUSY_TIMEOUT
    ) -> None:
        self.path = str(path)
        self.clock = clock
        self.busy_timeout = busy_timeout
        self._depth = 0
        self._dirty = False
        if self.path != ":memory:":
            refuse_non_sqlite(self.path)
        try:
            self.conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=busy_timeout
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from None
        try:
            self._prepare()
        except StoreBusy:
            self.conn.close()
            raise
        except sqlite3.OperationalError as exc:
            self.conn.close()
            if _is_busy(exc):
                raise self._busy() from None
            raise StoreError(f"{self.path}: not a usable agenda store ({exc})") from None
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path}: not a usable agenda store ({exc})") from None

    # -- opening, schema, migrations -------------------------------------------------------

    def _prepare(self) -> None:
        conn = self.conn
        # first: another process may be creating the file right now (its lock is brief)
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        version = check_file(conn, self.path)
        if self.path != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        if version < SCHEMA_VERSION:
            self.migrate(SCHEMA_VERSION)

    def migrate(self, target: int) -> None:
        """Bring the schema up to `target`, one version per step, in one transaction.

        The version is read under the write lock: several processes opening a new store at
        once migrate it once (the others find it done), not each from the version they saw."""
        with self.transaction():
            version = self.schema_version()
            if version >= target:
                return
            apply_migrations(self.conn, version, target)

    def schema_version(self) -> int:
        """The schema version of the open file."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block as one transaction: it commits whole or rolls back whole."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise self._busy() from None
            raise
        self._depth = 1
        self._dirty = False
        try:
            yield self.conn
            if self._dirty:
                self.conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'changes'")
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    def _busy(self) -> StoreBusy:
        return StoreBusy(
            f"{self.path}: the store is busy (another agenda has been writing to it for over "
            f"{self.busy_timeout:g} s, a long import or load?); nothing was changed, try again "
            "when it is done"
        )


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc)
    return "database is locked" in text or "database is busy" in text
