"""What an event's `precision` says about its dates, in one place for the model, the store's rows
and the writers of other formats (cheap: no pydantic, so `agenda list` can ask it of its rows).

The names are the values of `models.Precision`.
"""

from __future__ import annotations

APPROXIMATE = ("within_parent", "month")
"""The precisions whose dates are bounds (the parent's, the month's), not the event's own day."""


def is_approximate(precision: str) -> bool:
    """True when an event of this precision has no day of its own: its dates are bounds."""
    return precision in APPROXIMATE
