"""What a write did to one event (`PutResult`): in a module of its own, imported by the writes
only, so that the commands that only read (`agenda list`, `search`, `show`) need not import
`enum` (~1 ms).
"""

from enum import StrEnum


class PutResult(StrEnum):
    """What a write did to one event."""

    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
