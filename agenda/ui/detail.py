"""The detail pane: every field of the selected event, laid out for reading, and its links.

The App hands it a full `Event` plus the parent and children rows and any conflicts; the text comes
from `agenda.format.detail_sections` (the same as `agenda show`). Every piece of untrusted text
goes into `rich.text.Text` as a plain string (rule 9). Links (parent, children, conflicting events)
are options of an `OptionList`: choosing one posts `LinkFollowed`; the App moves the selection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from agenda import format as fmt
from agenda.ui.messages import LinkFollowed

if TYPE_CHECKING:
    from agenda.models import Event
    from agenda.schedule import Conflict
    from agenda.store import EventRow

_LINK_SECTIONS = ("Part of", "Includes")


class Detail(VerticalScroll, can_focus=False):
    """Every field of one event; the links at the bottom move the selection."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "detail--title",
        "detail--meta",
        "detail--heading",
        "detail--conflict",
    }

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def compose(self) -> ComposeResult:
        yield Static(Text("Select an event to see everything about it."), id="detail-body")
        yield Static(Text("Links"), id="links-title")
        yield OptionList(id="links")

    def show(
        self,
        event: Event | None,
        *,
        viewer_tz: str,
        parent: EventRow | None = None,
        children: list[EventRow] | None = None,
        conflicts: list[Conflict] | None = None,
    ) -> None:
        """Show `event` (None: nothing selected)."""
        body = self.query_one("#detail-body", Static)
        if self.scroll_offset.y:
            self.scroll_home(animate=False)
        if event is None:
            body.update(Text("Nothing selected."))
            self._set_links([])
            return
        sections = fmt.detail_sections(event, viewer_tz=viewer_tz, parent=parent, children=children)
        text = Text()
        title, head = sections[0]
        text.append(title + "\n", style=self._style("detail--title"))
        text.append("\n".join(head) + "\n", style=self._style("detail--meta"))
        if conflicts:
            text.append("\nConflicts\n", style=self._style("detail--conflict"))
            for c in conflicts:
                text.append(
                    f"⚠ {fmt.clean(c.person, one_line=True)} is also at "
                    f"“{fmt.clean(c.other_title, one_line=True)}” in "
                    f"{fmt.clean(c.there, one_line=True)} at an overlapping time "
                    f"(this one is in {fmt.clean(c.here, one_line=True)})\n"
                )
        for heading, lines in sections[1:]:
            if heading in _LINK_SECTIONS:
                continue
            text.append(f"\n{heading}\n", style=self._style("detail--heading"))
            for line in lines:
                text.append(line + "\n")
        body.update(text)
        options: list[Option] = []
        if parent is not None:
            options.append(
                Option(Text(f"↑ part of: {fmt.clean(parent.title, one_line=True)}"), id=parent.id)
            )
        for kid in children or []:
            note = " (day not given)" if kid.precision in ("within_parent", "month") else ""
            options.append(
                Option(Text(f"↓ {fmt.clean(kid.title, one_line=True)}{note}"), id=kid.id)
            )
        seen = {o.id for o in options}
        for c in conflicts or []:
            if c.other_id not in seen:
                seen.add(c.other_id)
                options.append(
                    Option(
                        Text(f"⚠ conflicts with: {fmt.clean(c.other_title, one_line=True)}"),
                        id=c.other_id,
                    )
                )
        self._set_links(options)

    def _set_links(self, options: list[Option]) -> None:
        """Replace the links, leaving the list alone when they are the same (as when moving
        between events that have none): every change costs a layout of the screen."""
        links = self.query_one("#links", OptionList)
        shown = [(o.id, str(o.prompt)) for o in links.options]
        if shown != [(o.id, str(o.prompt)) for o in options]:
            links.clear_options()
            links.add_options(options)
        self.set_class(not options, "-nolinks")

    def link_ids(self) -> list[str]:
        """The event ids the links point to, in order."""
        links = self.query_one("#links", OptionList)
        return [links.get_option_at_index(i).id or "" for i in range(links.option_count)]

    @on(OptionList.OptionSelected, "#links")
    def _follow(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if message.option.id:
            self.post_message(LinkFollowed(message.option.id))
