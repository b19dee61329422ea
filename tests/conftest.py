"""Shared fixtures: the bundled dataset, stores in memory, a fixed clock, an isolated environment."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings

from agenda.core import datafile
from agenda.core.clock import fixed_clock
from agenda.core.models import Event
from agenda.core.store import EventStore

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "data" / "dushanbe-2021.toml"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

# Property tests run the same cases in every run, so that CI cannot fail by chance; a wider random
# sweep by hand: HYPOTHESIS_PROFILE=explore python -m pytest tests/ics
settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's config or data."""
    monkeypatch.setenv("AGENDA_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("AGENDA_STORE", raising=False)
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture
def dataset() -> list[Event]:
    """The five events of the bundled dataset."""
    return datafile.load(DATASET)


@pytest.fixture
def store(dataset: list[Event]) -> Iterator[EventStore]:
    """An in-memory store holding the bundled dataset, with a fixed clock."""
    s = EventStore(":memory:", clock=fixed_clock(NOW))
    s.put_many(dataset)
    yield s
    s.close()


@pytest.fixture
def empty_store() -> Iterator[EventStore]:
    """An empty in-memory store with a fixed clock."""
    s = EventStore(":memory:", clock=fixed_clock(NOW))
    yield s
    s.close()
