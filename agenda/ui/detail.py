"""The detail pane: every field of the selected event, laid out for reading, and its links.

The App hands it a full `Event` plus the parent and children rows and any conflicts; the text comes
from `agenda.core.format.detail_sections` (the same as `agenda show`). Every piece of untrusted text
goes into `rich.text.Text` as a plain string (rule 9).

The pane is one scrollable widget drawn line by line (Textual's Line API): the text wrapped to
the pane's width, then the links (parent, children, conflicting events). Showing another event
changes only what the pane draws, never its size, so moving the cursor of the timeline costs no
layout of the screen (a `Static` whose height follows its text made every cursor move lay out
and repaint every pane). The pane takes the focus (`tab`, or `enter` on the timeline) to move
between the links: `↑ ↓` choose one, `enter` or a click follows it (`LinkFollowed`; the App moves
the selection). For the month grid it shows a day instead (`show_day`): the day's events, each a
link.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from agenda.core import format as fmt
from agenda.ui.messages import DetailLeft, LinkFollowed

if TYPE_CHECKING:
    from agenda.core.conflicts import Conflict
    from agenda.core.models import Event
    from agenda.core.store import EventRow

_LINK_SECTIONS = ("Part of", "Includes")


class Detail(ScrollView, can_focus=True):
    """Every field of one event; the links at the bottom move the selection."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "link(1)", "Down", show=False),
        Binding("up,k", "link(-1)", "Up", show=False),
        Binding("enter", "follow", "Follow"),
        Binding("escape", "leave", "Back"),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "detail--title",
        "detail--meta",
        "detail--heading",
        "detail--conflict",
        "detail--links",
        "detail--link",
        "detail--link-cursor",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text("Select an event to see everything about it.")
        self._links: list[tuple[str, str]] = []
        """(event id, label) of each link, in order."""
        self._link_cursor = 0
        self._strips: list[Strip] = []
        self._link_line = 0
        """Index of the first link's line."""
        self._laid_width = -1
        self._shown: (
            tuple[Event | None, str, EventRow | None, list[EventRow] | None, list[Conflict] | None]
            | None
        ) = None
        """What `show` was last given: the text is built again from it when the styles change."""
        self._series: Event | None = None
        self._built_with: dict[str, Style] = {}
        """The component styles the text was built with."""
        self._day: tuple[date, list[EventRow], str, str] | None = None
        """What `show_day` was last given (None while an event is shown)."""
        self._links_heading = "Links"
        self._id_line = ""
        """The line that gives the event's id: cut with an ellipsis, never wrapped."""
        self._styles: dict[str, Style] = {}
        """Component styles by name, until the styles change."""
        self.calendar_colours: dict[str, str] = {}
        """The colour (#rrggbb) of each calendar that has one (the App sets it): the line
        naming an event's calendar is drawn in it, after a ● mark."""

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name, partial=True)
        return style

    # -- what the App calls ----------------------------------------------------------------

    def show(
        self,
        event: Event | None,
        *,
        viewer_tz: str,
        parent: EventRow | None = None,
        children: list[EventRow] | None = None,
        conflicts: list[Conflict] | None = None,
        series: Event | None = None,
    ) -> None:
        """Show `event` (None: nothing selected); `series`: the series it is an occurrence of."""
        self._shown = (event, viewer_tz, parent, children, conflicts)
        self._series = series
        self._day = None
        self._link_cursor = 0
        self._build()
        self._relayout(top=True)

    def show_day(
        self, day: date, rows: list[EventRow], *, viewer_tz: str, date_format: str
    ) -> None:
        """Show a day of the month grid: its events, each a link to it (`rows` in order)."""
        self._day = (day, rows, viewer_tz, date_format)
        self._shown = None
        self._link_cursor = 0
        self._build()
        self._relayout(top=True)

    def _build_day(self) -> None:
        assert self._day is not None
        day, rows, viewer_tz, date_format = self._day
        text = Text()
        text.append(day.strftime(date_format) + "\n", style=self._style("detail--title"))
        dated = sum(1 for r in rows if not r.approximate)
        what = fmt.plural(dated, "event") if dated else "no event"
        if len(rows) > dated:
            what += f", and {len(rows) - dated} whose day is not given"
        text.append(what, style=self._style("detail--meta"))
        self._text = text
        self._links = []
        for row in rows:
            when = fmt.row_time(row, viewer_tz)
            title = fmt.clean(row.title, one_line=True)
            self._links.append((row.id, f"{when}  {row.kind}  {title}"))
        self._links_heading = "Events"
        self._built_with = dict(self._styles)

    def _build(self) -> None:
        """The text and links of the event shown, in the current styles."""
        self._links_heading = "Links"
        if self._day is not None:
            self._build_day()
            return
        if self._shown is None:
            return
        event, viewer_tz, parent, children, conflicts = self._shown
        if event is None:
            self._text = Text("Nothing selected.")
            self._links = []
            return
        sections = fmt.detail_sections(
            event, viewer_tz=viewer_tz, parent=parent, children=children, series=self._series
        )
        self._id_line = f"id {event.id}"
        text = Text()
        title, head = sections[0]
        text.append(title + "\n", style=self._style("detail--title"))
        colour = self.calendar_colours.get(event.calendar)
        for line in head:
            if colour is not None and line.startswith("calendar "):
                text.append("● " + line + "\n", style=Style(color=colour))
            else:
                text.append(line + "\n", style=self._style("detail--meta"))
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
        text.rstrip()
        links: list[tuple[str, str]] = []
        if parent is not None:
            links.append((parent.id, f"↑ part of: {fmt.clean(parent.title, one_line=True)}"))
        for kid in children or []:
            note = " (day not given)" if kid.approximate else ""
            links.append((kid.id, f"↓ {fmt.clean(kid.title, one_line=True)}{note}"))
        seen = {i for i, _ in links}
        for c in conflicts or []:
            if c.other_id not in seen:
                seen.add(c.other_id)
                links.append(
                    (c.other_id, f"⚠ conflicts with: {fmt.clean(c.other_title, one_line=True)}")
                )
        self._text = text
        self._links = links
        self._built_with = dict(self._styles)

    def link_ids(self) -> list[str]:
        """The event ids the links point to, in order."""
        return [i for i, _ in self._links]

    def plain(self) -> str:
        """The text of the pane, links included (for tests)."""
        return "\n".join(s.text.rstrip() for s in self._strips)

    @property
    def link_cursor(self) -> int | None:
        """The index of the chosen link while the pane has the focus."""
        return self._link_cursor if self._links and self.has_focus else None

    def enter_links(self) -> bool:
        """Focus the pane on its first link and scroll to it; False when there are none."""
        if not self._links:
            return False
        self._link_cursor = 0
        self.focus(scroll_visible=False)
        self._relayout()
        self.call_after_refresh(self._reveal_link)
        return True

    # -- layout ----------------------------------------------------------------------------

    def _strip(self, text: Text, width: int) -> Strip:
        if text.style and not text.spans:
            text.stylize(text.style)  # Text.render leaves out the base style of a plain text
        return Strip(text.render(self.app.console, end="")).extend_cell_length(width)

    def _wrap(self, line: Text, width: int) -> list[Strip]:
        """One line of the text wrapped to `width`, continued under its own indent (a quote
        under its bullet, an agenda item's second line under its first word)."""
        plain = line.plain
        if not plain.strip():
            return [Strip.blank(width)]
        if plain == self._id_line:
            # an id broken over two lines reads as two words (it broke at a hyphen): it is cut
            # with an ellipsis instead; `c` copies it whole
            line = line.copy()
            line.truncate(width, overflow="ellipsis")
            return [self._strip(line, width)]
        console = self.app.console
        indent = len(plain) - len(plain.lstrip(" "))
        if plain[indent : indent + 2] in ("• ", "— "):
            indent += 2
        indent = min(indent, width // 3)
        pieces = list(line.wrap(console, width, overflow="fold"))
        if len(pieces) > 1 and indent:
            rest = line[len(pieces[0].plain) :]
            rest = rest[len(rest.plain) - len(rest.plain.lstrip(" ")) :]
            pieces[1:] = [
                Text(" " * indent) + piece
                for piece in rest.wrap(console, width - indent, overflow="fold")
            ]
        out = []
        for piece in pieces:
            piece.rstrip()
            out.append(self._strip(piece, width))
        return out

    def _width(self) -> int:
        return max(self.scrollable_content_region.width, 10)

    def _relayout(self, *, top: bool = False) -> None:
        """Wrap the text to the pane's width; the pane's size on the screen does not change."""
        width = self._width()
        self._laid_width = width
        strips: list[Strip] = []
        for line in self._text.split("\n"):
            strips += self._wrap(line, width)
        self._link_line = 0
        if self._links:
            strips.append(Strip.blank(width))
            head = Text()
            head.append(self._links_heading, style=self._style("detail--links"))
            if self.has_focus:
                head.append("  ↑↓ choose · enter follows · esc goes back", "dim")
            head.truncate(width, overflow="ellipsis")
            strips.append(self._strip(head, width))
            self._link_line = len(strips)
            cursor = self.link_cursor
            for n, (_, label) in enumerate(self._links):
                style = self._style("detail--link-cursor" if n == cursor else "detail--link")
                text = Text(label, style=style)
                text.truncate(width, overflow="ellipsis", pad=n == cursor)
                strips.append(self._strip(text, width))
        base = self.rich_style
        self._strips = [strip.apply_style(base) for strip in strips]
        size = Size(width, len(strips))
        if size != self.virtual_size:
            # set without the layout a reactive would ask for: only the scrollbar follows
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
        if top and self.scroll_offset.y:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self._width() != self._laid_width:
            self._relayout()

    def on_focus(self) -> None:
        self._relayout()  # the chosen link shows only while the pane has the focus

    def on_blur(self) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        if self.is_mounted:
            self._relayout()
            # the text holds the styles it was built with: a new theme builds it again, once
            # the component styles have been updated too (they are after this call)
            self.call_later(self._restyle)

    def _restyle(self) -> None:
        self._styles.clear()
        built = self._built_with
        if (self._shown is None and self._day is None) or all(
            self._style(n) == st for n, st in built.items()
        ):
            return  # a focus change: the same colours, nothing to build again
        self._build()
        self._relayout()

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if 0 <= index < len(self._strips):
            return self._strips[index].crop_extend(0, width, None)
        return Strip.blank(width, self.rich_style)

    # -- keys and mouse --------------------------------------------------------------------

    def _reveal_link(self) -> None:
        line = self._link_line + self._link_cursor
        top = self.scroll_offset.y
        height = max(self.scrollable_content_region.height, 1)
        if line < top or line >= top + height:
            # the links are the last thing in the pane: show as many of them as fit
            self.scroll_to(y=min(self._link_line - 1, line), animate=False, immediate=True)
            if line >= self.scroll_offset.y + height:
                self.scroll_to(y=line - height + 1, animate=False, immediate=True)

    def _links_in_view(self) -> bool:
        top = self.scroll_offset.y
        return bool(self._links) and self._link_line < top + self.scrollable_content_region.height

    def action_link(self, step: int) -> None:
        """Down and up read like a pager: the text scrolls by a line until the links are in
        view; then they choose a link (up past the first link scrolls the text again)."""
        cursor = self._link_cursor
        if self._links_in_view() and 0 <= cursor + step < len(self._links):
            self._link_cursor = cursor + step
            self._relayout()
            self._reveal_link()
        elif not (step > 0 and self._links_in_view()):
            self.scroll_to(y=self.scroll_offset.y + step, animate=False)

    def action_follow(self) -> None:
        """Follow the chosen link; with the links out of view, go down to them first."""
        if not self._links:
            return
        if not self._links_in_view():
            self._reveal_link()
            return
        self.post_message(LinkFollowed(self._links[self._link_cursor][0]))

    def action_leave(self) -> None:
        self.post_message(DetailLeft())

    def action_page(self, step: int) -> None:
        height = max(self.scrollable_content_region.height - 1, 1)
        self.scroll_to(y=self.scroll_offset.y + step * height, animate=False)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._links:
            return
        n = offset.y + self.scroll_offset.y - self._link_line
        if 0 <= n < len(self._links):
            self._link_cursor = n
            self.post_message(LinkFollowed(self._links[n][0]))
