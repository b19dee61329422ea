"""Modal screens: the event form (add/edit), delete confirmation, go-to-date, filters, help.

The event form validates with `agenda.models.parse_event` (the model's own words) and shows each
problem under the field it names; nothing is saved until the model accepts the input. It does not
touch the store: it posts `EventForm.Submitted` with the new `Event`, and the App saves it or hands
back the store's problems (a missing parent, dates outside the parent) with `show_problems`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from agenda.errors import AgendaError, ValidationProblem
from agenda.models import Kind, Precision, Status, new_id, parse_event
from agenda.schedule import parse_day, parse_when
from agenda.store import Filters
from agenda.zones import zone_names

if TYPE_CHECKING:
    from agenda.models import Event

_PROBLEM = re.compile(r"^event .*?: ([a-z_]+(?:\.[a-z_]+)?)(?:\.\d+(?:\.[a-z_]+)?)?: (.*)$", re.S)

# (field, label, widget type, hint)
FIELDS: list[tuple[str, str, str, str]] = [
    ("title", "Title", "input", ""),
    ("kind", "Kind", "select:kind", ""),
    ("status", "Status", "select:status", ""),
    ("start", "Start", "input", "2021-09-16, 16 Sep 2021, or with a time: 2021-09-16 10:00"),
    ("end", "End (inclusive)", "input", "empty: same as the start"),
    ("tz", "Time zone", "zone", "IANA zone of the times (e.g. Asia/Dushanbe); empty for all-day"),
    ("precision", "Date precision", "select:precision", ""),
    ("parent_id", "Part of (parent id)", "input", "id of the visit or summit it belongs to"),
    ("venue", "Venue", "input", ""),
    ("city", "City", "input", ""),
    ("country", "Country", "input", ""),
    ("location_tz", "Zone of the place", "zone", ""),
    ("organizations", "Organizations", "input", "codes, comma-separated: CSTO, SCO"),
    ("chair", "Chair", "input", ""),
    ("next_chair", "Next chair", "input", ""),
    ("participants", "Participants", "area", "one per line: name; role; country"),
    ("agenda", "Agenda items", "area", "one per line"),
    ("description", "Description", "area", ""),
    ("notes", "Notes", "area", ""),
]
_FIELD_NAMES = {name for name, *_ in FIELDS}
_MODEL_TO_FIELD = {"location.tz": "location_tz", "end_tz": "tz"}


def field_for(problem: str) -> tuple[str, str]:
    """The form field a problem line names, and the message to show there ("" field: general)."""
    match = _PROBLEM.match(problem)
    if match is None:
        if "fall outside its parent" in problem:
            return "start", problem.split(": ", 1)[-1]
        return "", problem
    path, message = match.group(1), match.group(2)
    name = _MODEL_TO_FIELD.get(path, path.split(".")[-1] if path.startswith("location.") else path)
    name = name.split(".")[0]
    return (name if name in _FIELD_NAMES else ""), message


def _enum_options(enum: Any) -> list[tuple[str, str]]:
    return [(m.value.replace("_", " "), m.value) for m in enum]


class EventForm(ModalScreen[None]):
    """Add or edit one event; problems appear under their fields."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    class Submitted(Message):
        """The form holds a valid event; `original` is the event before the edit (None: add)."""

        def __init__(self, event: Event, original: Event | None) -> None:
            super().__init__()
            self.event = event
            self.original = original

    def __init__(self, event: Event | None, today: date, *, parent_id: str | None = None) -> None:
        super().__init__()
        self.original = event
        self.today = today
        self.default_parent = parent_id

    def compose(self) -> ComposeResult:
        heading = "Edit event" if self.original else "New event"
        with Vertical(id="form-box"):
            yield Static(Text(heading), id="form-title")
            yield Label("", id="e-general", classes="error")
            with VerticalScroll(id="form-fields"):
                for name, label, kind, hint in FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(label, classes="field-label")
                        with Vertical(classes="field-input"):
                            yield self._widget(name, kind)
                            if hint:
                                yield Label(hint, classes="hint")
                            yield Label("", id=f"e-{name}", classes="error")
            with Horizontal(id="form-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def _value(self, name: str) -> str:
        ev = self.original
        if ev is None:
            return {"parent_id": self.default_parent or ""}.get(name, "")
        loc = ev.location
        values: dict[str, Any] = {
            "title": ev.title,
            "start": _when_text(ev.start),
            "end": _when_text(ev.end) if ev.end is not None and ev.end != ev.start else "",
            "tz": ev.tz or "",
            "parent_id": ev.parent_id or "",
            "venue": loc.venue if loc else "",
            "city": loc.city if loc else "",
            "country": loc.country if loc else "",
            "location_tz": loc.tz if loc else "",
            "organizations": ", ".join(ev.organizations),
            "chair": ev.chair or "",
            "next_chair": ev.next_chair or "",
            "participants": "\n".join(
                "; ".join(x or "" for x in (p.name, p.role, p.country)).rstrip("; ")
                for p in ev.participants
            ),
            "agenda": "\n".join(ev.agenda),
            "description": ev.description or "",
            "notes": ev.notes or "",
        }
        return str(values.get(name) or "")

    def _widget(self, name: str, kind: str) -> Any:
        wid = f"f-{name}"
        if kind.startswith("select:"):
            enum = {"kind": Kind, "status": Status, "precision": Precision}[kind[7:]]
            current = getattr(self.original, name).value if self.original else None
            default = {"kind": "meeting", "status": "announced", "precision": "exact"}[kind[7:]]
            return Select(_enum_options(enum), value=current or default, allow_blank=False, id=wid)
        if kind == "area":
            area = TextArea(self._value(name), id=wid, soft_wrap=True)
            area.show_line_numbers = False
            return area
        suggester = SuggestFromList(zone_names(), case_sensitive=False) if kind == "zone" else None
        return Input(self._value(name), id=wid, suggester=suggester)

    def on_mount(self) -> None:
        self.query_one("#f-title", Input).focus()

    def _text(self, name: str) -> str:
        widget = self.query_one(f"#f-{name}")
        if isinstance(widget, TextArea):
            return widget.text.strip()
        if isinstance(widget, Select):
            return str(widget.value)
        assert isinstance(widget, Input)
        return widget.value.strip()

    def collect(self) -> tuple[dict[str, Any], list[str]]:
        """The form as model data, and problems found before the model is asked."""
        problems: list[str] = []
        base: dict[str, Any] = (
            self.original.model_dump(exclude_none=True) if self.original is not None else {}
        )
        data = dict(base)
        for name in ("title", "chair", "next_chair", "description", "notes", "parent_id", "tz"):
            value = self._text(name)
            data[name] = value or None
        for name in ("kind", "status", "precision"):
            data[name] = self._text(name)
        for name in ("start", "end"):
            raw = self._text(name)
            if not raw:
                data[name] = None
                continue
            try:
                data[name] = parse_when(raw, self.today, what=name)
            except AgendaError as exc:
                problems.append(f"event 'new': {name}: {str(exc).split(': ', 1)[-1]}")
        if data.get("start") is None and not problems:
            problems.append("event 'new': start: give the first day (2021-09-16 or 16 Sep 2021)")
        location = {
            "venue": self._text("venue") or None,
            "city": self._text("city") or None,
            "country": self._text("country") or None,
            "tz": self._text("location_tz") or None,
        }
        old_loc = base.get("location") or {}
        merged = {**old_loc, **location}
        data["location"] = (
            {k: v for k, v in merged.items() if v is not None}
            if any(v is not None for v in merged.values())
            else None
        )
        data["organizations"] = [
            c.strip() for c in self._text("organizations").split(",") if c.strip()
        ]
        people = []
        for line in self._text("participants").splitlines():
            parts = [p.strip() for p in line.split(";")]
            if not parts[0]:
                continue
            people.append(
                {
                    "name": parts[0],
                    "role": parts[1] if len(parts) > 1 and parts[1] else None,
                    "country": parts[2] if len(parts) > 2 and parts[2] else None,
                }
            )
        data["participants"] = people
        data["agenda"] = [x.strip() for x in self._text("agenda").splitlines() if x.strip()]
        if self.original is not None:
            data["id"] = self.original.id
        else:
            start = data.get("start") or self.today
            data["id"] = new_id(data.get("title") or "event", start)
        return {k: v for k, v in data.items() if v is not None}, problems

    def action_save(self) -> None:
        data, problems = self.collect()
        event = None
        try:
            event = parse_event(data, where=f"event {data['id']!r}")
        except ValidationProblem as exc:
            already = {field_for(p)[0] for p in problems}
            problems += [p for p in exc.problems if field_for(p)[0] not in already]
        if problems or event is None:
            self.show_problems(problems)
            return
        self.show_problems([])
        self.post_message(self.Submitted(event, self.original))

    def show_problems(self, problems: list[str]) -> None:
        """Put each problem under its field (or at the top when it names none)."""
        by_field: dict[str, list[str]] = {}
        for line in problems:
            name, message = field_for(line)
            by_field.setdefault(name, []).append(message)
        for name in ["", *_FIELD_NAMES]:
            label = self.query_one(f"#e-{name or 'general'}", Label)
            messages = by_field.get(name, [])
            label.update(Text("\n".join(f"✗ {m}" for m in messages)))
            label.set_class(bool(messages), "-shown")
        first = next((n for n, *_ in FIELDS if n in by_field), None)
        if first:
            self.query_one(f"#f-{first}").focus()
        elif "" in by_field:
            self.query_one("#form-fields").scroll_home(animate=False)

    def problems_shown(self) -> dict[str, str]:
        """Field name -> the error text shown under it (for tests)."""
        out: dict[str, str] = {}
        for name in ["general", *_FIELD_NAMES]:
            label = self.query_one(f"#e-{name}", Label)
            text = str(label.render())
            if text.strip():
                out[name] = text
        return out

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)


def _when_text(value: date | None) -> str:
    if value is None:
        return ""
    text = value.isoformat()
    return text.replace("T", " ")[:16] if "T" in text else text


class ConfirmDelete(ModalScreen[str | None]):
    """Ask before deleting; with children, ask what happens to them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "choose('')", "Cancel"),
        Binding("y", "choose('delete')", "Delete"),
    ]

    def __init__(self, title: str, children: int) -> None:
        super().__init__()
        self.title_text = title
        self.kid_count = children

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            question = Text("Delete “")
            question.append(self.title_text)
            question.append("”?")
            if self.kid_count:
                question.append(f"\nIt includes {self.kid_count} event(s).")
            yield Static(question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                label = "Delete all (y)" if self.kid_count else "Delete (y)"
                yield Button(label, id="delete", variant="error")
                if self.kid_count:
                    yield Button("Delete, keep its events", id="detach")
                yield Button("Cancel (n)", id="cancel")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = {"delete": "delete", "detach": "detach"}.get(event.button.id or "")
        self.dismiss(choice)


class GoToDate(ModalScreen[date | None]):
    """Ask for a day: ISO or a common form ("16 Sep 2021", "today")."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="goto-box"):
            yield Label("Go to date (2021-09-16, 16 Sep 2021, today):")
            yield Input(id="goto-input")
            yield Label("", id="goto-error", classes="error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

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
    """Filters by kind, organization, country and status; the search text is kept."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply"),
    ]

    def __init__(self, current: Filters) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        c = self.current
        with Vertical(id="filter-box"):
            yield Static(Text("Filters"), id="form-title")
            with Horizontal(classes="field"):
                yield Label("Kind", classes="field-label")
                yield Select(
                    _enum_options(Kind),
                    value=c.kinds[0] if c.kinds else Select.NULL,
                    id="filter-kind",
                    prompt="any kind",
                )
            with Horizontal(classes="field"):
                yield Label("Status", classes="field-label")
                yield Select(
                    _enum_options(Status),
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
            with Horizontal(id="form-buttons"):
                yield Button("Apply (ctrl+s)", id="apply", variant="primary")
                yield Button("Clear all", id="clear")
                yield Button("Cancel (esc)", id="cancel")

    def filters(self) -> Filters:
        """The filters the form holds."""

        def choice(wid: str) -> tuple[str, ...]:
            value = self.query_one(wid, Select).value
            return (str(value),) if value not in (Select.NULL, None) else ()

        def words(wid: str) -> tuple[str, ...]:
            raw = self.query_one(wid, Input).value
            return tuple(w.strip() for w in raw.split(",") if w.strip())

        return Filters(
            kinds=choice("#filter-kind"),
            orgs=words("#filter-org"),
            countries=words("#filter-country"),
            statuses=choice("#filter-status"),
            text=self.current.text,
        )

    def action_apply(self) -> None:
        self.dismiss(self.filters())

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
            yield Label(f"Export the {self.count} shown event(s) as iCalendar to:")
            yield Input(self.default, id="export-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

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
        text = Text()
        for key, what in self.keys:
            if not key:
                text.append(f"\n{what}\n", style="bold")
                continue
            text.append(f"  {key:<16}", style="bold")
            text.append(f"{what}\n")
        with VerticalScroll(id="help-box"):
            yield Static(Text("Keys (esc closes)"), id="form-title")
            yield Static(text)

    def action_close(self) -> None:
        self.dismiss(None)
