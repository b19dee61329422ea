"""The question asked when an edit clashes with a change made elsewhere since the form opened.

`agenda.core.merge` keeps every change that does not clash; this modal asks only about the fields both
sides changed: keep theirs, keep mine, or see both values first. It returns "theirs", "mine", or
None (back to the form, nothing saved). It does not touch the store: the App saves the answer.
"""

from __future__ import annotations

import json
from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from agenda.core import format as fmt
from agenda.core.merge import Merge

Choice = Literal["theirs", "mine"]


def _shown(value: object) -> str:
    if value is None or value == [] or value == "":
        return "(empty)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


class ChangedElsewhere(ModalScreen["Choice | None"]):
    """Both sides changed the same fields: which version of them to keep."""

    DEFAULT_CSS = """
    ChangedElsewhere { align: center middle; }
    #changed-box { width: 80%; max-width: 100; height: auto; max-height: 80%;
                   border: thick $warning; background: $surface; padding: 1 2; }
    #changed-both { height: auto; max-height: 20; display: none; }
    #changed-both.-shown { display: block; }
    #changed-buttons { height: auto; margin-top: 1; }
    #changed-buttons Button { margin-right: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to the form"),
        Binding("t", "keep('theirs')", "Keep theirs"),
        Binding("m", "keep('mine')", "Keep mine"),
        Binding("b", "both", "See both"),
    ]

    def __init__(self, merged: Merge) -> None:
        super().__init__()
        self.merged = merged

    def compose(self) -> ComposeResult:
        fields = ", ".join(self.merged.clash_labels)
        question = Text("Changed elsewhere since you opened it: ")
        question.append(fields, style="bold")
        question.append(
            ".\nYour other changes and the other changes made elsewhere are kept either way."
        )
        with Vertical(id="changed-box"):
            yield Static(question, id="changed-question")
            with VerticalScroll(id="changed-both"):
                yield Static(self._both(), id="changed-values")
            with Horizontal(id="changed-buttons"):
                yield Button("Keep theirs (t)", id="theirs")
                yield Button("Keep mine (m)", id="mine", variant="warning")
                yield Button("See both (b)", id="both")
                yield Button("Back (esc)", id="back")

    def _both(self) -> Text:
        text = Text()
        for unit, name in zip(self.merged.clashes, self.merged.clash_labels, strict=True):
            text.append(f"{name}\n", style="bold")
            for side in ("theirs", "mine"):
                values = self.merged.values(unit, side)  # type: ignore[arg-type]
                shown = "; ".join(
                    f"{k}: {_shown(v)}" if len(values) > 1 else _shown(v) for k, v in values.items()
                )
                text.append(f"  {side:>6}: ")
                text.append(fmt.clean(shown))
                text.append("\n")
        return text

    def action_keep(self, side: Choice) -> None:
        self.dismiss(side)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_both(self) -> None:
        self.query_one("#changed-both").add_class("-shown")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = event.button.id
        if choice in ("theirs", "mine"):
            self.dismiss(choice)  # type: ignore[arg-type]
        elif choice == "both":
            self.action_both()
        else:
            self.dismiss(None)
