"""An event's fields as a data file gives them, and the problems the model finds in them (shared
by the model's and the size limits' tests)."""

from __future__ import annotations

import pytest

from agenda.core.errors import ValidationProblem
from agenda.core.models import parse_event


def ev(**fields: object) -> dict[str, object]:
    """A valid all-day summit's fields, with `fields` on top."""
    base: dict[str, object] = {"id": "e1", "title": "Summit", "start": "2021-09-16"}
    base.update(fields)
    return base


def problems(**fields: object) -> list[str]:
    """What the model refuses in `ev(**fields)` (the test fails when it accepts them)."""
    with pytest.raises(ValidationProblem) as info:
        parse_event(ev(**fields))
    return info.value.problems
