"""The event form (add/edit), a modal screen; the small dialogs are in `agenda.ui.dialogs`.

The event form has a field for every part of the model a person edits (the metadata of an import,
the sequence and the timestamps are the store's); lists are text areas with one entry per line,
read with the model's own parsers (`parse_participant`, `parse_outcome`) and, for a status change,
`record_status` (the same as `agenda add/edit --status`). It validates with
`agenda.core.models.parse_event` (the model's own words) and shows each problem under the field it names,
with the line of a list; nothing is saved until the model accepts the input. A list left as it was
shown is kept exactly as stored. The form does not touch the store: it posts
`EventForm.Submitted` with the new `Event`, and the App saves it or hands back the store's problems
(a missing parent, dates outside the parent) with `show_problems`.
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

from agenda.core.errors import AgendaError, ValidationProblem
from agenda.core.models import (
    Kind,
    Precision,
    Status,
    new_id,
    parse_event,
    parse_outcome,
    parse_participant,
    record_status,
)
from agenda.core.reminders import offset_text
from agenda.core.schedule import parse_day, parse_when
from agenda.core.zones import zone_names
from agenda.ui.dialogs import ConfirmDiscard, enum_options
from agenda.ui.repeat_field import base_repeat, collect_repeat, repeat_select, repeat_texts

if TYPE_CHECKING:
    from agenda.core.models import Event

_PROBLEM = re.compile(
    r"^event .*?: ([a-z_]+(?:\.[a-z_]+)?)(?:\.(\d+)(?:\.([a-z_]+))?)?: (.*)$", re.S
)

# (field, label, widget type, hint)
FIELDS: list[tuple[str, str, str, str]] = [
    ("title", "Title", "input", ""),
    ("kind", "Kind", "select:kind", ""),
    ("status", "Status", "select:status", "a change is added to the status history"),
    ("status_source", "Status reported by", "input", "who reported the change (optional)"),
    ("start", "Start", "input", "2021-09-16, 16 Sep 2021, or with a time: 2021-09-16 10:00"),
    ("end", "End (inclusive)", "input", "empty: same as the start"),
    ("tz", "Time zone", "zone", "IANA zone of the times (e.g. Asia/Dushanbe); empty for all-day"),
    ("end_tz", "Zone of the end", "zone", "when the end is in another zone; empty: as the start"),
    ("precision", "Date precision", "select:precision", ""),
    ("repeat", "Repeats", "select:repeat", "a series: one event shown on every occurrence"),
    ("repeat_until", "Repeats until", "input", "last day of the series (empty: no end)"),
    ("repeat_count", "Repeats times", "input", "or the number of occurrences"),
    ("parent_id", "Part of (parent id)", "input", "id of the visit or summit it belongs to"),
    ("venue", "Venue", "input", ""),
    ("city", "City", "input", ""),
    ("country", "Country", "input", ""),
    ("location_tz", "Zone of the place", "zone", ""),
    ("lat", "Latitude", "input", "decimal degrees, -90 to 90"),
    ("lon", "Longitude", "input", "decimal degrees, -180 to 180"),
    ("organizations", "Organizations", "input", "codes, comma-separated: CSTO, SCO"),
    ("chair", "Chair", "input", ""),
    ("next_chair", "Next chair", "input", ""),
    ("participants", "Participants", "area", "one per line: name; role; country"),
    ("agenda", "Agenda items", "area", "one per line"),
    (
        "outcomes",
        "Expected outcomes",
        "area",
        'one per line: "13 documents ...", "more than 30 documents ...", or words',
    ),
    (
        "sources",
        "Sources",
        "area:tall",
        "one per line: publisher | title | url | date | quote | speaker",
    ),
    (
        "status_history",
        "Status history",
        "area",
        "one per line: date | status | who reported it | note",
    ),
    ("tags", "Tags", "input", "comma-separated"),
    ("description", "Description", "area", ""),
    ("notes", "Notes", "area", ""),
    ("reminders", "Reminders", "input", "before the start, comma-separated: 1d, 2h, 30m"),
    ("calendar", "Calendar", "input", "a writable calendar (agenda calendars lists them)"),
]
_FIELD_NAMES = {name for name, *_ in FIELDS}
_MODEL_TO_FIELD = {
    "location.tz": "location_tz",
    "repeat.rule": "repeat",
    "repeat.rdates": "repeat",
    "repeat.exdates": "repeat",
}
_LISTS = ("participants", "agenda", "outcomes", "sources", "status_history")
"""Fields shown one entry per line: a problem with entry N is shown as "line N+1"."""
_SOURCE_PARTS = ("publisher", "title", "url", "published", "quote", "speaker")
_LABELS = {name: label for name, label, *_ in FIELDS}
_PART_WORDS = {
    "sources": {"published": "date"},
    "status_history": {"on": "date", "source": "who reported it"},
}
"""A part of a list entry in the words of the field's hint, where the model's name differs."""
_INTERNAL = re.compile(
    r"\b(location\.(?:tz|venue|city|country|lat|lon)|end_tz|parent_id|next_chair"
    r"|status_source|status_history|location_tz)\b"
)
"""Model names of fields that a message may mention: shown as the form's labels."""


def humane(message: str) -> str:
    """`message` with the model's field names replaced by the form's labels ("location.tz" ->
    "Zone of the place")."""

    def label(match: re.Match[str]) -> str:
        name = match.group(1)
        name = _MODEL_TO_FIELD.get(name, name.replace("location.", ""))
        return f"“{_LABELS.get(name, name)}”"

    return _INTERNAL.sub(label, message)


def locate(problem: str) -> tuple[str, str, int | None]:
    """The form field a problem line names, the message to show there ("" field: general), and
    the index of the entry of a list field it is about (the message then starts with the part
    of the entry, if any: "published: ...")."""
    match = _PROBLEM.match(problem)
    if match is None:
        if "fall outside its parent" in problem:
            return "start", humane(problem.split(": ", 1)[-1]), None
        return "", humane(problem), None
    path, index, part, message = match.groups()
    name = _MODEL_TO_FIELD.get(path, path.split(".")[-1] if path.startswith("location.") else path)
    name = name.split(".")[0]
    message = humane(message)
    if name not in _FIELD_NAMES:
        return "", message, None
    if index is None or name not in _LISTS:
        return name, message, None
    words = _PART_WORDS.get(name, {})
    if part is None and ": " in message and message.split(": ", 1)[0] in words:
        part, message = message.split(": ", 1)  # the form's own reading of the line names it
    part = words.get(part, part) if part else part
    return name, f"{part}: {message}" if part else message, int(index)


def field_for(problem: str) -> tuple[str, str]:
    """The form field a problem line names, and the message to show there ("" field: general)."""
    name, message, _ = locate(problem)
    return name, message


def _cells(line: str, count: int) -> list[str]:
    """The `|`-separated cells of a line, padded to `count` (extra cells join the one before
    the last, so a quote may hold a `|` when the speaker is given)."""
    cells = [c.strip() for c in line.split("|")]
    if len(cells) > count:
        cells = [*cells[: count - 2], " | ".join(cells[count - 2 : -1]), cells[-1]]
    return cells + [""] * (count - len(cells))


def _joined(cells: list[str], keep: int = 0) -> str:
    """Cells as one `|` line, trailing empty cells dropped (but never below `keep` cells)."""
    while len(cells) > max(keep, 1) and not cells[-1]:
        cells = cells[:-1]
    return " | ".join(cells)


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


class EventForm(ModalScreen[None]):
    """Add or edit one event; problems appear under their fields."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    class Submitted(Message):
        """The form holds a valid event; `original` is the event before the edit (None: add)."""

        def __init__(self, event: Event, original: Event | None, series_repeat: Any = None) -> None:
            super().__init__()
            self.event = event
            self.original = original
            self.series_repeat = series_repeat
            """For an occurrence of a series: the repeat fields as the series' `repeat` (a
            dict, or None for "does not repeat"), applied when the edit is for all of them."""

    def __init__(
        self,
        event: Event | None,
        today: date,
        *,
        parent_id: str | None = None,
        recorded_on: date | None = None,
        start: date | None = None,
        series: Event | None = None,
        default_reminder: str | None = None,
    ) -> None:
        """`today` reads dates without a year; `recorded_on` dates a status change (default:
        `today`); `start` fills the start of a new event (the selected event's day);
        `default_reminder` (the settings') fills the reminders of a new event."""
        super().__init__()
        self.default_reminder = default_reminder
        self.original = event
        self.series = series
        """The series `event` is one occurrence of: its repeat is shown, for all of them."""
        self.series_repeat: Any = None
        self.today = today
        self.recorded_on = recorded_on or today
        self.default_parent = parent_id
        self.default_start = start
        self._shown: dict[str, str] = {}
        self._entry_lines: dict[str, list[int]] = {}
        """For each list field, the line number of each entry (blank lines are skipped)."""
        self._initial: dict[str, str] | None = None
        """Every field's text as the form opened (esc asks first when it has changed)."""
        self._errors: dict[str, list[str]] = {}
        """The problems shown, by field ("" at the top)."""
        self._from_store: set[str] = set()
        """Fields whose shown problem came from the store (the App): the form cannot check
        them again, so they go when their own field changes."""

    def compose(self) -> ComposeResult:
        heading = "Edit event" if self.original else "New event"
        with Vertical(id="form-box"):
            yield Static(Text(heading), id="form-title")
            yield Label("", id="e-general", classes="error")
            with VerticalScroll(id="form-fields"):
                for name, label, kind, hint in FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(label, classes="field-label")
                        with Vertical(classes="field-input", id=f"fi-{name}"):
                            yield self._widget(name, kind)
                            if hint:
                                yield Label(hint, classes="hint")
                            # the error label is mounted when there is an error to show:
                            # 28 fewer widgets make the form open sooner
            with Horizontal(id="form-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def _value(self, name: str) -> str:
        ev = self.original
        if ev is None:
            start = self.default_start.isoformat() if self.default_start else ""
            return {
                "parent_id": self.default_parent or "",
                "start": start,
                "reminders": self.default_reminder or "",
                "calendar": "default",
            }.get(name, "")
        loc = ev.location
        values: dict[str, Any] = {
            "title": ev.title,
            "start": _when_text(ev.start),
            "end": _when_text(ev.end) if ev.end is not None and ev.end != ev.start else "",
            "tz": ev.tz or "",
            "end_tz": ev.end_tz or "",
            "parent_id": ev.parent_id or "",
            "venue": loc.venue if loc else "",
            "city": loc.city if loc else "",
            "country": loc.country if loc else "",
            "location_tz": loc.tz if loc else "",
            "lat": loc.lat if loc and loc.lat is not None else "",
            "lon": loc.lon if loc and loc.lon is not None else "",
            "organizations": ", ".join(ev.organizations),
            "tags": ", ".join(ev.tags),
            "chair": ev.chair or "",
            "next_chair": ev.next_chair or "",
            "participants": "\n".join(
                "; ".join(x or "" for x in (p.name, p.role, p.country)).rstrip("; ")
                for p in ev.participants
            ),
            "agenda": "\n".join(_flat(a) for a in ev.agenda),
            "outcomes": "\n".join(_flat(o.label()) for o in ev.outcomes),
            "sources": "\n".join(
                _joined(
                    [_flat(str(getattr(s, part) or "")) for part in _SOURCE_PARTS],
                    keep=6 if "|" in (s.quote or "") else 0,
                )
                for s in ev.sources
            ),
            "status_history": "\n".join(
                _joined([h.on.isoformat(), h.status.value, _flat(h.source), _flat(h.note)])
                for h in ev.status_history
            ),
            "description": ev.description or "",
            "notes": ev.notes or "",
            "reminders": ", ".join(offset_text(r) for r in ev.reminders),
            "calendar": ev.calendar,
        }
        values.update(repeat_texts(self.series or ev))
        return str(values.get(name) or "")

    def _widget(self, name: str, kind: str) -> Any:
        wid = f"f-{name}"
        if kind == "select:repeat":
            return repeat_select(self.series or self.original, wid)
        if kind.startswith("select:"):
            enum = {"kind": Kind, "status": Status, "precision": Precision}[kind[7:]]
            current = getattr(self.original, name).value if self.original else None
            default = {"kind": "meeting", "status": "announced", "precision": "exact"}[kind[7:]]
            return Select(enum_options(enum), value=current or default, allow_blank=False, id=wid)
        value = self._value(name)
        self._shown[name] = value.strip()
        if kind.startswith("area"):
            area = TextArea(value, id=wid, soft_wrap=True, classes=kind.replace(":", "-"))
            area.show_line_numbers = name in _LISTS
            return area
        suggester = SuggestFromList(zone_names(), case_sensitive=False) if kind == "zone" else None
        # no select-all on focus: a key typed while the form opens must not replace the title
        return Input(value, id=wid, suggester=suggester, select_on_focus=False)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#f-title", Input))  # now: keys typed as it opens
        self._initial = self.values()

    def values(self) -> dict[str, str]:
        """Every field's text as it is now."""
        return {name: self._text(name) for name, *_ in FIELDS}

    def changed(self) -> bool:
        """Whether anything was typed or chosen since the form opened."""
        return self._initial is not None and self.values() != self._initial

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
        where = f"event {base.get('id', 'new')!r}"
        for name in (
            "title",
            "chair",
            "next_chair",
            "description",
            "notes",
            "parent_id",
            "tz",
            "end_tz",
        ):
            value = self._text(name)
            data[name] = value or None
        for name in ("kind", "precision"):
            data[name] = self._text(name)
        for name in ("start", "end"):
            raw = self._text(name)
            if not raw:
                data[name] = None
                continue
            try:
                data[name] = parse_when(raw, self.today, what=name)
            except AgendaError as exc:
                problems.append(f"{where}: {name}: {str(exc).split(': ', 1)[-1]}")
        if data.get("start") is None and not problems:
            problems.append(f"{where}: start: give the first day (2021-09-16 or 16 Sep 2021)")
        location: dict[str, Any] = {
            "venue": self._text("venue") or None,
            "city": self._text("city") or None,
            "country": self._text("country") or None,
            "tz": self._text("location_tz") or None,
            # the model explains a bad number ("Input should be a valid number")
            "lat": self._text("lat") or None,
            "lon": self._text("lon") or None,
        }
        data["location"] = (
            {k: v for k, v in location.items() if v is not None}
            if any(v is not None for v in location.values())
            else None
        )
        for name in ("organizations", "tags", "reminders"):
            data[name] = [c.strip() for c in self._text(name).split(",") if c.strip()]
        data["calendar"] = self._text("calendar") or "default"  # the store checks the name
        for name, parse in (
            ("participants", self._participant),
            ("agenda", str),
            ("outcomes", self._outcome),
            ("sources", self._source),
            ("status_history", self._status_change),
        ):
            raw = self.query_one(f"#f-{name}", TextArea).text
            numbers = [n for n, x in enumerate(raw.splitlines()) if x.strip()]
            self._entry_lines[name] = numbers
            if self.original is not None and raw.strip() == self._shown.get(name):
                continue  # as stored: nothing is lost to the one-line form of an entry
            entries: list[Any] = []
            for n, line in enumerate(x for x in raw.splitlines() if x.strip()):
                try:
                    entries.append(parse(line.strip()))
                except (ValueError, AgendaError) as exc:
                    problems.append(f"{where}: {name}.{n}: {exc}")
            data[name] = entries
        texts = {n: self._text(n) for n in ("repeat", "repeat_until", "repeat_count")}
        if self.series is None:
            collect_repeat(texts, data, where, problems, self.today)
        else:  # an occurrence: the repeat fields are its series'
            held = {"start": self.series.start, "repeat": base_repeat(self.series)}
            collect_repeat(texts, held, where, problems, self.today)
            self.series_repeat = held.get("repeat")
        previous = self.original.status.value if self.original else Status.ANNOUNCED.value
        record_status(
            data,
            self._text("status"),
            previous,
            self.recorded_on,
            self._text("status_source") or None,
        )
        if self.original is not None:
            data["id"] = self.original.id
        else:
            start = data.get("start") or self.today
            data["id"] = new_id(data.get("title") or "event", start)
        return {k: v for k, v in data.items() if v is not None}, problems

    @staticmethod
    def _participant(line: str) -> dict[str, Any]:
        return parse_participant(line)

    @staticmethod
    def _outcome(line: str) -> dict[str, Any]:
        return parse_outcome(line)

    def _source(self, line: str) -> dict[str, Any]:
        cells = dict(zip(_SOURCE_PARTS, _cells(line, len(_SOURCE_PARTS)), strict=True))
        out: dict[str, Any] = {k: v for k, v in cells.items() if v}
        if "published" in out:
            out["published"] = parse_day(out["published"], self.today, what="published")
        return out

    def _status_change(self, line: str) -> dict[str, Any]:
        on, status, source, note = _cells(line, 4)
        if not on or not status:
            raise ValueError(f'{line!r} is not "date | status | who reported it | note"')
        out: dict[str, Any] = {"on": parse_day(on, self.today, what="date"), "status": status}
        if source:
            out["source"] = source
        if note:
            out["note"] = note
        return out

    def _check(self) -> tuple[Event | None, list[str]]:
        data, problems = self.collect()
        event = None
        try:
            event = parse_event(data, where=f"event {data['id']!r}")
        except ValidationProblem as exc:
            already = {field_for(p)[0] for p in problems}
            problems += [p for p in exc.problems if field_for(p)[0] not in already]
        return event, problems

    def action_save(self) -> None:
        event, problems = self._check()
        if problems or event is None:
            self.show_problems(problems, store=False)
            return
        self.show_problems([], store=False)
        self.post_message(self.Submitted(event, self.original, self.series_repeat))

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _edited(self, event: Input.Changed | TextArea.Changed | Select.Changed) -> None:
        """A problem goes as soon as its field is fixed: the form checks itself again and
        keeps only the problems still there (it adds none until the next save)."""
        wid = event.control.id or ""
        if not self._errors or not wid.startswith("f-"):
            return
        changed = wid[2:]
        _, problems = self._check()
        now: dict[str, list[str]] = {}
        for line in problems:
            now.setdefault(locate(line)[0], []).append(line)
        keep: list[str] = []
        store: set[str] = set()
        for name, lines in self._errors.items():
            if name in self._from_store:
                if name != changed:
                    keep += lines
                    store.add(name)
            else:
                keep += now.get(name, [])
        if keep != [line for lines in self._errors.values() for line in lines]:
            self._render_problems(keep, focus=False)
        self._from_store = store

    def show_problems(self, problems: list[str], *, store: bool = True) -> None:
        """Put each problem under its field (or at the top when it names none). `store`: the
        problems come from the store (the App), not from the form's own check."""
        self._render_problems(problems, focus=True)
        self._from_store = {locate(p)[0] for p in problems} if store else set()

    def _render_problems(self, problems: list[str], *, focus: bool) -> None:
        self._errors = {}
        for line in problems:
            self._errors.setdefault(locate(line)[0], []).append(line)
        by_field: dict[str, list[str]] = {}
        first_line: dict[str, int] = {}
        for line in problems:
            name, message, index = locate(line)
            if index is not None:
                # entries are the non-blank lines: name the line as the text area numbers it
                numbers = self._entry_lines.get(name, [])
                number = numbers[index] if index < len(numbers) else index
                message = f"line {number + 1}, {message}"
                first_line.setdefault(name, number)
            by_field.setdefault(name, []).append(message)
        for name in ["", *_FIELD_NAMES]:
            messages = by_field.get(name, [])
            text = Text("\n".join(f"✗ {m}" for m in messages))
            found = self.query(f"#e-{name or 'general'}").results(Label)
            label = next(iter(found), None)
            if label is None:
                if messages:
                    self.query_one(f"#fi-{name}", Vertical).mount(
                        Label(text, id=f"e-{name}", classes="error -shown")
                    )
                continue
            label.update(text)
            label.set_class(bool(messages), "-shown")
        if not focus:
            return
        first = next((n for n, *_ in FIELDS if n in by_field), None)
        if first:
            widget = self.query_one(f"#f-{first}")
            widget.focus()
            if isinstance(widget, TextArea) and first in first_line:
                widget.move_cursor((first_line[first], 0))
        elif "" in by_field:
            self.query_one("#form-fields").scroll_home(animate=False)

    def problems_shown(self) -> dict[str, str]:
        """Field name -> the error text shown under it (for tests)."""
        out: dict[str, str] = {}
        for name in ["general", *_FIELD_NAMES]:
            label = next(iter(self.query(f"#e-{name}").results(Label)), None)
            if label is None:
                continue
            text = str(label.render())
            if text.strip():
                out[name] = text
        return out

    def action_cancel(self) -> None:
        """Close; with changes, ask first."""
        if not self.changed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), answered)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


def _when_text(value: date | None) -> str:
    if value is None:
        return ""
    text = value.isoformat()
    return text.replace("T", " ")[:16] if "T" in text else text
