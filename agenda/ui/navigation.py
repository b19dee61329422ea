"""Navigation: the shown period and zoom, going to a date, an event or its parent, past the
first or last event to the next period that has some, and the detail pane shown or hidden
(always beside the timeline from `NARROW` columns, a toggle below).

`Navigating` is a base class of `AgendaApp`; it moves what the timeline shows (the App's
`anchor`, `zoom` and selection) and reloads it, never the store.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import App

from agenda.core import schedule
from agenda.core.errors import NotFound
from agenda.core.store import Filters
from agenda.ui.dialogs import GoToDate
from agenda.ui.messages import EdgeReached
from agenda.ui.timeline import Zoom

if TYPE_CHECKING:
    from agenda.core.store import EventStore
    from agenda.ui.detail import Detail
    from agenda.ui.timeline import Timeline

NARROW = 100
"""Below this many columns the detail pane becomes a toggle (`i`)."""


class Navigating(App[None]):
    """The App's moves through time and between events, and the detail pane's toggle."""

    if TYPE_CHECKING:
        # kept by AgendaApp
        store: EventStore
        viewer_tz: str
        anchor: date
        zoom: Zoom
        filters: Filters
        selected: str | None
        show_detail: bool
        _first: date | None
        _last: date | None

        @property
        def timeline(self) -> Timeline: ...

        @property
        def detail(self) -> Detail: ...

        @property
        def today(self) -> date: ...

        def reload(self, keep: str | None = None, *, at_end: bool = False) -> None: ...

        def _leave_narrow_detail(self) -> None: ...

    @on(EdgeReached)
    def _edge(self, message: EdgeReached) -> None:
        """Past the first or last event: to the nearest period with events that way (with the
        filters), over the empty ones; where there is none, stay and say so."""
        if self.filters.text:
            return
        step = message.direction
        first, last = self._first, self._last
        if first is None or last is None:
            return
        beyond = last + timedelta(days=1) if step > 0 else first - timedelta(days=1)
        row = self.store.nearest(beyond, step, filters=self.filters, viewer_tz=self.viewer_tz)
        if row is None:
            self.notify(f"no {'later' if step > 0 else 'earlier'} events", timeout=2)
            return
        if step > 0:
            self.anchor = max(schedule.row_first_day(row), beyond)
        else:
            self.anchor = min(schedule.row_last_day(row), beyond)
        self.selected = None
        self.reload(at_end=step < 0)

    def go_to_event(self, event_id: str) -> None:
        """Select an event, moving the period to it when it is not shown."""
        if self.timeline.select(event_id):
            return
        try:
            row = self.store.row(event_id)
        except NotFound:
            self.notify(f"no event has the id {event_id!r}", severity="warning")
            return
        self.anchor = schedule.row_first_day(row)
        self.selected = event_id
        self.reload(event_id)
        if not self.timeline.select(event_id) and not self.filters.is_empty():
            self.filters = Filters()
            self.reload(event_id)

    # -- actions: navigation ---------------------------------------------------------------

    def action_period(self, step: int, at_end: bool = False) -> None:
        """Previous (-1) or next (+1) month, fortnight or day."""
        a = self.anchor
        if self.zoom is Zoom.DAY:
            self.anchor = a + timedelta(days=step)
        elif self.zoom is Zoom.SPAN:
            # from the days shown, not the anchor: the pane may have widened (a week became a
            # fortnight) since they were laid out, and a step by the new length skips a week
            first, last = self._first or a, self._last or a
            days = self.timeline.span_days()
            self.anchor = last + timedelta(days=1) if step > 0 else first - timedelta(days=days)
        else:
            month = a.month - 1 + step
            year = a.year + month // 12
            # the grid keeps its day (the 31st becomes the month's last day)
            size = calendar.monthrange(year, month % 12 + 1)[1]
            day = min(a.day, size) if self.zoom is Zoom.MONTH else 1
            self.anchor = date(year, month % 12 + 1, day)
        self.selected = None
        self.reload(at_end=at_end)

    def action_today(self) -> None:
        self.anchor = self.today
        self.selected = None
        self.reload()

    def action_goto(self) -> None:
        self._leave_narrow_detail()

        def chosen(day: date | None) -> None:
            if day is not None:
                self.anchor = day
                self.selected = None
                self.filters = self.filters._replace(text=None)
                self.reload()
                targets = self.timeline.targets
                hit = next((r for r in targets if schedule.row_last_day(r) >= day), None)
                if hit is not None and self.zoom is not Zoom.MONTH:
                    self.timeline.select(hit.id)

        self.push_screen(GoToDate(self.today), chosen)

    def action_parent(self) -> None:
        row = self.timeline.current
        if row is not None and row.parent_id:
            self.go_to_event(row.parent_id)

    def action_zoom(self) -> None:
        order = list(Zoom)
        self.action_zoom_to(order[(order.index(self.zoom) + 1) % len(order)].value)

    def action_zoom_to(self, zoom: str) -> None:
        row = self.timeline.current
        if row is not None and not self.filters.text:
            day = schedule.row_first_day(row)
            if self._first and day < self._first:
                day = self._first
            self.anchor = day
        self.zoom = Zoom(zoom)
        self.reload(row.id if row else None)

    def action_toggle_detail(self) -> None:
        self.show_detail = not self.show_detail
        self.screen.set_class(self.show_detail, "-show-detail")
        self.screen.set_class(not self.show_detail, "-hide-detail")
        self.refresh_bindings()
        if self.zoom is Zoom.SPAN:
            # the timeline's width changed: a week or a fortnight, read again once laid out
            self.call_after_refresh(self.reload)
        if not self.show_detail:
            self.timeline.focus()
        elif self.screen.has_class("-narrow"):
            # the pane takes the whole width: its keys scroll it (pgdn, ↓) and reach the links
            self.detail.focus(scroll_visible=False)

    def on_resize(self, event: events.Resize) -> None:
        self._narrow(event.size.width)  # self.size is still the old size here
        if self.zoom is Zoom.SPAN:
            self.call_after_refresh(self.reload)

    def _narrow(self, width: int) -> None:
        if self.screen.has_class("-narrow") != (width < NARROW):
            self.screen.set_class(width < NARROW, "-narrow")
            self.refresh_bindings()
