"""The injected clock: the one place that reads the system time (house rule 8).

Everything else receives a `Clock` and calls it, so tests and snapshots run at a fixed instant.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]
"""Returns the current instant as an aware UTC datetime."""


def system_clock() -> datetime:
    """The real current instant, in UTC."""
    return datetime.now(UTC)


def fixed_clock(instant: datetime) -> Clock:
    """A clock that always returns `instant` (made aware in UTC when naive)."""
    moment = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    return lambda: moment
