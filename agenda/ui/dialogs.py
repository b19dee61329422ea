"""The small modal dialogs: confirm discarding a form or deleting an event, this occurrence or all
of a series (`ChooseScope`), go to a date, the
filters, the export file name and the help screen (the keys of `agenda.ui.keys`).

Each asks one thing and dismisses with the answer; none touches the store (rule 2): the App acts
on the answer. The event form itself is `agenda.ui.forms`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from agenda.core import format as fmt
from agenda.core.errors import AgendaError
from agenda.core.models import Kind, Status
from agenda.core.query import make_filters
from agenda.core.schedule import parse_day
from agenda.core.store import Filters


def enum_options(enum: Any) -> list[tuple[str, str]]:
    return [(m.value.replace("_", " "), m.value) for m in enum]


class ConfirmDiscard(ModalScreen[bool]):
    """Ask before a form with changes is closed: y discards them, n or esc goes back to it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Discard"),
        Binding("escape,n", "answer(False)", "Keep editing"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(
                "Discard your changes? (y discards, n or esc goes back)", id="confirm-question"
            )
            with Horizontal(id="confirm-buttons"):
                yield Button("Discard (y)", id="discard", variant="error")
                yield Button("Keep editing (n)", id="keep")

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "discard")


class ConfirmDelete(ModalScreen[str | None]):
    """Ask before deleting; with children, ask what happens to them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "choose('')", "Cancel"),
        Binding("y", "choose('delete')", "Delete"),
        Binding("k", "keep", "Delete, keep its events"),
    ]

    def __init__(self, title: str, children: int) -> None:
        super().__init__()
        self.title_text = title
        self.kid_count = children

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            question = Text("Delete “")
            question.append(fmt.clean(self.title_text, one_line=True))
            question.append("”?")
            if self.kid_count:
                events = "event" if self.kid_count == 1 else "events"
                question.append(
                    f"\nIt includes {self.kid_count} {events}: delete them too, or keep them"
                )
                question.append("\nas events of their own? (u undoes either)")
            yield Static(question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                label = "Delete all (y)" if self.kid_count else "Delete (y)"
                yield Button(label, id="delete", variant="error")
                if self.kid_count:
                    yield Button("Keep its events (k)", id="detach")
                yield Button("Cancel (n)", id="cancel")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)

    def action_keep(self) -> None:
        if self.kid_count:
            self.dismiss("detach")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = {"delete": "delete", "detach": "detach"}.get(event.button.id or "")
        self.dismiss(choice)


class ChooseScope(ModalScreen[str | None]):
    """Ask whether an edit of one occurrence of a series is for it alone or for the series."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "choose('')", "Cancel"),
        Binding("o", "choose('one')", "This occurrence"),
        Binding("a", "choose('all')", "All occurrences"),
    ]

    def __init__(self, title: str, day: str) -> None:
        super().__init__()
        self.title_text = title
        self.day = day

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            question = Text("“")
            question.append(fmt.clean(self.title_text, one_line=True))
            question.append(f"” repeats. Save the change for the occurrence of {self.day} only,")
            question.append("\nor for all its occurrences? (u undoes either)")
            yield Static(question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button("This occurrence (o)", id="one", variant="primary")
                yield Button("All occurrences (a)", id="all")
                yield Button("Cancel (n)", id="cancel")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss({"one": "one", "all": "all"}.get(event.button.id or ""))


class GoToDate(ModalScreen[date | None]):
    """Ask for a day: ISO or a common form ("16 Sep 2021", "today")."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="goto-box"):
            yield Label("Go to date (2021-09-16, 16 Sep 2021, today) · enter goes, esc cancels:")
            yield Input(id="goto-input")
            yield Label("", id="goto-error", classes="error")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))  # now: keys typed as it opens come here

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            day = parse_day(event.value, self.today)
        except AgendaError as exc:
            label = self.query_one("#goto-error", Label)
            label.update(Text(f"✗ {exc}"))
            label.add_class("-shown")
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FilterForm(ModalScreen[Filters | None]):
    """Filters by kind, organization, country, status and calendar; the search text is kept."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply"),
    ]

    def __init__(self, current: Filters, calendars: list[str] | None = None) -> None:
        super().__init__()
        self.current = current
        self.calendars = calendars or ["default"]
        """The names of the store's calendars (the App reads them)."""

    def compose(self) -> ComposeResult:
        c = self.current
        with Vertical(id="filter-box"):
            yield Static(Text("Filters"), id="form-title")
            with Horizontal(classes="field"):
                yield Label("Kind", classes="field-label")
                yield Select(
                    enum_options(Kind),
                    value=c.kinds[0] if c.kinds else Select.NULL,
                    id="filter-kind",
                    prompt="any kind",
                )
            with Horizontal(classes="field"):
                yield Label("Status", classes="field-label")
                yield Select(
                    enum_options(Status),
                    value=c.statuses[0] if c.statuses else Select.NULL,
                    id="filter-status",
                    prompt="any status",
                )
            with Horizontal(classes="field"):
                yield Label("Organization", classes="field-label")
                yield Input(",".join(c.orgs), id="filter-org", placeholder="CSTO, SCO")
            with Horizontal(classes="field"):
                yield Label("Country", classes="field-label")
                yield Input(",".join(c.countries), id="filter-country", placeholder="Tajikistan")
            with Horizontal(classes="field"):
                yield Label("Calendar", classes="field-label")
                yield Select(
                    [(Text(name), name) for name in self.calendars],
                    value=(
                        c.calendars[0]
                        if c.calendars and c.calendars[0] in self.calendars
                        else Select.NULL
                    ),
                    id="filter-calendar",
                    prompt="any calendar",
                )
            yield Static("", id="filter-error", classes="error")
            with Horizontal(id="form-buttons"):
                yield Button("Apply (ctrl+s)", id="apply", variant="primary")
                yield Button("Clear all", id="clear")
                yield Button("Cancel (esc)", id="cancel")

    def filters(self) -> Filters:
        """The filters the form holds."""

        def choice(wid: str) -> tuple[str, ...]:
            value = self.query_one(wid, Select).value
            return (str(value),) if value not in (Select.NULL, None) else ()

        # checked as the CLI's flags are (core.query), named by the form's labels
        labels = {"kind": "Kind", "status": "Status", "org": "Organization"}
        return make_filters(
            kinds=choice("#filter-kind"),
            orgs=[self.query_one("#filter-org", Input).value],
            countries=[self.query_one("#filter-country", Input).value],
            statuses=choice("#filter-status"),
            text=self.current.text,
            calendars=choice("#filter-calendar"),
            what=lambda name: labels.get(name, name),
        )

    def action_apply(self) -> None:
        try:
            filters = self.filters()
        except AgendaError as exc:
            # the list of known codes is long: the mistake, not the whole registry
            message = str(exc).split(" (known:")[0]
            error = self.query_one("#filter-error", Static)
            error.update(Text(message))
            error.add_class("-shown")
            return
        self.dismiss(filters)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_apply()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_apply()
        elif event.button.id == "clear":
            self.dismiss(Filters())
        else:
            self.dismiss(None)


class ExportForm(ModalScreen[str | None]):
    """Ask where to write the shown events as an .ics file."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, default: str, count: int) -> None:
        super().__init__()
        self.default = default
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(id="goto-box"):
            events = "event" if self.count == 1 else "events"
            yield Label(
                f"Export the {self.count} shown {events} as iCalendar to"
                " (enter writes, esc cancels):"
            )
            yield Input(self.default, id="export-input")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))  # now: keys typed as it opens come here

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every key, grouped."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        from rich.console import Group
        from rich.table import Table

        parts: list[Text | Table] = []
        grid: Table | None = None
        for key, what in self.keys:
            if not key:
                parts.append(Text(f"\n{what}", style="bold"))
                grid = Table.grid(padding=(0, 2))
                grid.add_column(style="bold", no_wrap=True, min_width=12)
                grid.add_column(ratio=1)  # a long description wraps under itself
                parts.append(grid)
                continue
            assert grid is not None, "KEYS starts with a heading"
            grid.add_row(Text(key), Text(what))
        with VerticalScroll(id="help-box"):
            yield Static(Text("Keys (esc closes, ↑ ↓ pgup pgdn scroll)"), id="form-title")
            yield Static(Group(*parts))

    def action_close(self) -> None:
        self.dismiss(None)
