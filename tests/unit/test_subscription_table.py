"""The `subscriptions` table (schema 6, agenda.core.store.subscription_table): the migration, adding,
recording outcomes, due times and names."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from agenda.core.clock import fixed_clock
from agenda.core.errors import AlreadyExists, NotFound, UsageError
from agenda.core.store import SCHEMA_VERSION, EventStore
from agenda.core.store import subscription_table as table
from tests.conftest import NOW

WHEN = NOW.isoformat()


def test_a_schema_5_store_gets_the_table(tmp_path: Path) -> None:
    path = tmp_path / "v5.sqlite3"
    s = EventStore(path, clock=fixed_clock(NOW))
    s.conn.execute("DROP TABLE subscriptions")
    s.conn.execute("ALTER TABLE sync_items DROP COLUMN written")
    s.conn.execute("PRAGMA user_version = 5")
    s.close()
    with EventStore(path) as reopened:
        assert reopened.schema_version() == SCHEMA_VERSION == 8
        assert table.every_one(reopened) == []


def test_add_record_and_list(empty_store: EventStore) -> None:
    sub = table.add(empty_store, "mfa", "https://example.org/a.ics", 3600, WHEN)
    assert sub.is_due(NOW) and table.need(empty_store, "mfa") == sub
    with pytest.raises(AlreadyExists):
        table.add(empty_store, "mfa", "https://example.org/b.ics", 3600, WHEN)
    table.record_ok(
        empty_store, "mfa", now=WHEN, etag='"e"', last_modified="lm", events=3, refused=1
    )
    table.record_error(empty_store, "mfa", now=WHEN, error="boom\nsecond line")
    got = table.need(empty_store, "mfa")
    assert (got.etag, got.events, got.refused, got.last_ok, got.last_error) == (
        '"e"',
        3,
        1,
        WHEN,
        "boom",
    )
    assert not got.is_due(NOW + timedelta(minutes=59))
    assert got.is_due(NOW + timedelta(hours=1))
    table.record_ok(
        empty_store, "mfa", now=WHEN, etag=None, last_modified=None, events=None, refused=None
    )
    assert (table.need(empty_store, "mfa").events, table.need(empty_store, "mfa").last_error) == (
        3,
        None,
    )
    table.remove(empty_store, "mfa")
    with pytest.raises(NotFound, match="there are none"):
        table.need(empty_store, "mfa")


@pytest.mark.parametrize("name", ["", "a b", "a:b", "-x", "x" * 65, "ü"])
def test_names_that_cannot_prefix_an_id_are_refused(name: str) -> None:
    with pytest.raises(UsageError, match="not a subscription name"):
        table.check_name(name)
