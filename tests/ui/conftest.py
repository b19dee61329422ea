"""Fixtures of the UI tests: the bundled data in an in-memory store, a fixed clock, the App."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from agenda.core import datafile
from agenda.core.clock import fixed_clock
from agenda.core.config import Settings
from agenda.core.store import EventStore
from agenda.ui import AgendaApp, make_app

DATA = Path(__file__).resolve().parents[2] / "data" / "dushanbe-2021.toml"
NOW = datetime(2021, 9, 16, 6, 0)
"""During the CSTO session: 16 Sep 2021, 11:00 in Dushanbe."""
CSTO = "2021-09-16-csto-collective-security-council"
SCO = "2021-09-17-sco-council-of-heads-of-state"
VISIT = "2021-09-japarov-dushanbe-visit"


def bundled_store(path: str = ":memory:") -> EventStore:
    store = EventStore(path, clock=fixed_clock(NOW))
    store.put_many(datafile.load(DATA))
    return store


def new_app(store: EventStore | None = None) -> AgendaApp:
    return make_app(store or bundled_store(), Settings(viewer_tz="Europe/Berlin"), fixed_clock(NOW))


Scenario = Callable[[AgendaApp, Pilot[None]], Awaitable[None]]


def drive(app: AgendaApp, scenario: Scenario, size: tuple[int, int] = (120, 40)) -> None:
    """Run the App headless at `size` and play `scenario` on it."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


@pytest.fixture
def app() -> AgendaApp:
    return new_app()
