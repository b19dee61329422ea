"""Messages the panes post to say what happened; each carries the model it is about (rule 5).

Widgets never touch the store: they report intent with these, and the App reads or writes.
"""

from __future__ import annotations

from datetime import date

from textual.message import Message

from agenda.core.store import EventRow


class EventHighlighted(Message):
    """The cursor of the timeline rests on an event (bursts collapse to the last one)."""

    def __init__(self, row: EventRow | None) -> None:
        super().__init__()
        self.row = row

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, EventHighlighted)


class EventActivated(Message):
    """`enter` or a double click on an event of the timeline."""

    def __init__(self, row: EventRow) -> None:
        super().__init__()
        self.row = row


class EdgeReached(Message):
    """The cursor tried to move past the first (-1) or last (+1) entry of the shown period."""

    def __init__(self, direction: int) -> None:
        super().__init__()
        self.direction = direction


class LinkFollowed(Message):
    """A parent, child or conflict link of the detail pane was chosen: select that event."""

    def __init__(self, event_id: str) -> None:
        super().__init__()
        self.event_id = event_id


class DetailLeft(Message):
    """`escape` in the detail pane: back to the timeline."""


class DayHighlighted(Message):
    """The month grid's cursor rests on a day; `rows` are that day's events (bursts collapse)."""

    def __init__(self, day: date, rows: list[EventRow]) -> None:
        super().__init__()
        self.day = day
        self.rows = rows

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DayHighlighted)


class DayActivated(Message):
    """`enter` or a double click on a day of the month grid: open that day."""

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
