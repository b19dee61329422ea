"""Finding: the live search box, the filters and the way back from the narrow detail pane, and
the words that describe the active search and filters.

`Finding` is a base class of `AgendaApp`; it changes what the timeline shows (the App's
`filters`) and reloads it, never the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import App
from textual.widgets import Input

from agenda.core import format as fmt
from agenda.core.store import Filters
from agenda.ui.dialogs import FilterForm

if TYPE_CHECKING:
    from agenda.core.store import EventStore
    from agenda.ui.timeline import Timeline


class Finding(App[None]):
    """The App's search and filter handlers."""

    if TYPE_CHECKING:
        # kept by AgendaApp
        filters: Filters
        selected: str | None
        store: EventStore
        show_detail: bool

        @property
        def timeline(self) -> Timeline: ...

        def reload(self, keep: str | None = None, *, at_end: bool = False) -> None: ...

        def action_toggle_detail(self) -> None: ...

    # -- actions: search and filters -------------------------------------------------------

    def action_search(self) -> None:
        self._leave_narrow_detail()
        box = self.query_one("#search", Input)
        box.display = True
        # now, not later (Widget.focus waits): "/afghan" typed fast must not run `a`
        self.screen.set_focus(box)

    @on(Input.Changed, "#search")
    def _search_changed(self, message: Input.Changed) -> None:
        text = message.value.strip() or None
        if text != self.filters.text:
            self.filters = self.filters._replace(text=text)
            self.reload()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.timeline.focus()

    def action_filters(self) -> None:
        self._leave_narrow_detail()

        def chosen(filters: Filters | None) -> None:
            if filters is not None:
                self.filters = filters
                self.reload()

        self.push_screen(FilterForm(self.filters, self.store.calendar_names()), chosen)

    def action_clear(self) -> None:
        box = self.query_one("#search", Input)
        had = not self.filters.is_empty()
        box.value = ""
        box.display = False
        self.filters = Filters()
        if had:
            self.reload(self.selected)
        if self.screen.has_class("-narrow") and self.show_detail:
            self.action_toggle_detail()
        self.timeline.focus()

    def _leave_narrow_detail(self) -> None:
        """Uncover the timeline before a find key acts (the caller sets the focus)."""
        if self._narrow_detail():
            self.show_detail = False
            self.screen.set_class(False, "-show-detail")
            self.screen.set_class(True, "-hide-detail")
            self.refresh_bindings()

    def _narrow_detail(self) -> bool:
        return self.show_detail and self.screen.has_class("-narrow")


def describe(filters: Filters) -> str:
    """The active search and filters in words, for the header and the filter bar."""
    parts = [f"search “{fmt.clean(filters.text, one_line=True)}”"] if filters.text else []
    for label, values in (
        ("kind", filters.kinds),
        ("status", filters.statuses),
        ("organization", filters.orgs),
        ("country", filters.countries),
        ("calendar", filters.calendars),
    ):
        if values:
            parts.append(f"{label}: {', '.join(fmt.clean(v, one_line=True) for v in values)}")
    return " · ".join(parts)
