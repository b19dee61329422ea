"""The timeline's lines drawn as text: the list's event and day lines, the span view's lanes,
the day view's grid and slots, and what every zoom shares (month, today and note lines).

`Line` is one laid-out line; `LineRenderer`, the base class of `agenda.ui.timeline.Timeline`,
turns a `Line` into styled `rich.text.Text` at a given width. The widget itself (layout, cursor,
keys, messages) stays in `agenda.ui.timeline`. Titles are appended as plain strings (rule 9).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.scroll_view import ScrollView

from agenda.core import format as fmt
from agenda.core.schedule import row_first_day, row_last_day
from agenda.core.store import EventRow

DAY_COLUMN = 16
"""Narrowest column of a place in the day view; more places than fit scroll sideways (← →)."""


class Zoom(StrEnum):
    """The zoom levels of the timeline, in the order `z` cycles through them."""

    LIST = "list"
    SPAN = "span"
    DAY = "day"
    MONTH = "month"


@dataclass
class Line:
    """One line of the laid-out timeline; `target` is the index of its event, if any."""

    kind: str
    target: int | None = None
    day: date | None = None
    text: str = ""
    depth: int = 0
    gutter: list[tuple[str, str]] = field(default_factory=list)
    cells: list[tuple[int, int]] = field(default_factory=list)


class LineRenderer(ScrollView):
    """Draws the timeline's lines; the state it reads is the Timeline's."""

    if TYPE_CHECKING:
        # kept by Timeline
        zoom: Zoom
        today: date | None
        viewer_tz: str
        conflicts: set[str]
        date_format: str
        _targets: list[EventRow]
        _lines: list[Line]
        _cursor: int
        _time_width: int
        _day_grid: dict[str, object]
        _calendar_styles: dict[str, Style]

        def _style(self, name: str) -> Style: ...

        def _width(self) -> int: ...

        def _full_width(self, width: int) -> int: ...

        def _span_days(self) -> list[date]: ...

        def _restyle(self) -> None: ...

    def _line_text(self, index: int, width: int) -> Text:
        line = self._lines[index]
        method = getattr(self, f"_render_{line.kind.replace('-', '_')}")
        text: Text = method(line, width)
        text.no_wrap = True
        return text

    def _render_note(self, line: Line, width: int) -> Text:
        return Text("  " + line.text, style=self._style("timeline--note"))

    def _render_caption(self, line: Line, width: int) -> Text:
        return Text("  " + line.text, style=self._style("timeline--time"))

    def _render_month(self, line: Line, width: int) -> Text:
        assert line.day is not None
        label = f"━━ {line.day:%B %Y} "
        return Text(label + "━" * max(width - len(label), 0), style=self._style("timeline--month"))

    def _render_today(self, line: Line, width: int) -> Text:
        assert line.day is not None
        label = f"── today, {line.day.strftime(self.date_format)} "
        return Text(
            self._gutter_text(line).plain + label + "─" * max(width - len(label) - 4, 0),
            style=self._style("timeline--today"),
        )

    def _gutter_text(self, line: Line) -> Text:
        text = Text()
        for glyph, kind in line.gutter:
            text.append(glyph, self._style(f"timeline--kind-{kind}") if kind else Style())
        text.append(" " * (3 - len(line.gutter)) if len(line.gutter) < 3 else "")
        return text

    def _render_day(self, line: Line, width: int) -> Text:
        assert line.day is not None
        text = self._gutter_text(line) if self.zoom is Zoom.LIST else Text(" ")
        text.append(line.day.strftime(self.date_format), self._style("timeline--day"))
        if line.day == self.today:
            text.append("  ◀ today", self._style("timeline--today"))
        return text

    def _place(self, row: EventRow) -> str:
        return ", ".join(fmt.clean(x, one_line=True) for x in (row.city, row.country) if x)

    def set_calendar_colours(self, colours: dict[str, str]) -> None:
        """The colour (#rrggbb) of each calendar that has one: its events' titles take it
        (in the list, the span and day views and the month grid). Redraws when it changed."""
        styles = {name: Style(color=colour) for name, colour in colours.items()}
        if styles != self._calendar_styles:
            self._calendar_styles = styles
            self._restyle()

    def _title_style(self, row: EventRow) -> Style:
        # a calendar's colour is data (chosen by the user), not a theme's: a Style, not tcss
        own = self._calendar_styles.get(row.calendar)
        if row.status == "cancelled":
            style = Style(strike=True, dim=True)
        elif row.status in ("tentative", "postponed"):
            style = Style(dim=True, italic=True)
        else:
            style = Style()
        return style + own if own is not None else style

    def _render_event(self, line: Line, width: int) -> Text:
        assert line.target is not None
        row = self._targets[line.target]
        cursor = line.target == self._cursor
        text = self._gutter_text(line) if self.zoom is Zoom.LIST else Text(" ")
        unknown = row.approximate
        cell = fmt.row_time(row, self.viewer_tz)
        text.append(
            f"{cell:<{self._time_width}} ",
            self._style("timeline--unknown" if unknown else "timeline--time"),
        )
        text.append(f"{row.kind:<10} ", self._style(f"timeline--kind-{row.kind}"))
        if line.depth:
            text.append("  " * (line.depth - 1) + "└ ", self._style(f"timeline--kind-{row.kind}"))
        text.append(fmt.clean(row.title, one_line=True), self._title_style(row))
        if row.series_id is not None:  # one occurrence of a series
            text.append(" ↻", self._style("timeline--note"))
        if row.status not in ("announced", "confirmed", "held"):
            text.append(f" ({row.status})", self._style("timeline--note"))
        if row.id in self.conflicts:
            text.append(" ⚠ conflict", self._style("timeline--conflict"))
        place = self._place(row)
        if place and width >= 90:
            text.append(f"  · {place}", self._style("timeline--place"))
        if cursor:
            text.truncate(width, overflow="ellipsis", pad=True)
            text.stylize(self._style("timeline--cursor"))
        return text

    # span view

    def _span_geometry(self, width: int) -> tuple[list[date], int, int]:
        days = self._span_days()
        label = max(16, min(36, width * 3 // 10))
        cell = max(2, (width - label - 1) // max(len(days), 1))
        return days, label, cell

    def _render_span_months(self, line: Line, width: int) -> Text:
        days, label, cell = self._span_geometry(width)
        text = Text(" " * label, style=self._style("timeline--month"))
        # each month's name over its first day, cut (to "Oct", or less) where the next begins
        marks = [(i * cell, day) for i, day in enumerate(days) if i == 0 or day.day == 1]
        out = ""
        for n, (at, day) in enumerate(marks):
            room = (marks[n + 1][0] - 1 if n + 1 < len(marks) else len(days) * cell) - at
            name = next((x for x in (f"{day:%b %Y}", f"{day:%b}") if len(x) <= room), "")
            out = out.ljust(at) + name
        text.append(out[: width - label], self._style("timeline--month"))
        return text

    def _render_span_days(self, line: Line, width: int) -> Text:
        days, label, cell = self._span_geometry(width)
        text = Text(" " * label)
        for day in days:
            if cell >= 7:
                name = f"{day:%a} {day.day}"
            elif cell >= 6:
                name = f"{day:%a}"[:2] + f" {day.day}"
            else:
                name = f"{day.day}"
            style = "timeline--today" if day == self.today else "timeline--day"
            text.append(name[:cell].center(cell), self._style(style))
        return text

    def _render_lane(self, line: Line, width: int) -> Text:
        assert line.target is not None
        row = self._targets[line.target]
        cursor = line.target == self._cursor
        days, label, cell = self._span_geometry(width)
        head = Text(" ")
        if line.depth:
            head.append("  " * (line.depth - 1) + "└ ", self._style(f"timeline--kind-{row.kind}"))
        else:
            head.append("▌", self._style(f"timeline--kind-{row.kind}"))
        head.append(fmt.clean(row.title, one_line=True), self._title_style(row))
        if row.series_id is not None:
            head.append(" ↻", self._style("timeline--note"))
        if row.id in self.conflicts:
            head.append(" ⚠", self._style("timeline--conflict"))
        head.truncate(label - 1, overflow="ellipsis", pad=True)
        head.append(" ")
        if cursor:
            head.stylize(self._style("timeline--cursor"))
        first, last = row_first_day(row), row_last_day(row)
        total = (last - first).days + 1
        unknown = row.approximate
        bar = self._style(f"timeline--bar-{row.kind}")
        if row.status == "cancelled":
            bar += Style(strike=True, dim=True)
        elif row.status in ("tentative", "postponed"):
            bar += Style(dim=True)
        for day in days:
            inside = first <= day <= last
            if not inside:
                style = self._style("timeline--today") if day == self.today else Style()
                head.append(("·" if day == self.today else " ").center(cell), style)
                continue
            if unknown:
                mark = "?" if day == first else ""
                head.append((mark + "░" * cell)[:cell], self._style("timeline--hatch"))
                continue
            k = (day - first).days + 1
            if total == 1:
                head.append("■".center(cell), bar)
                continue
            # the widest label that leaves a column between cells ("1/32/33/3" reads as one)
            forms = (f"day {k}/{total}",) * (cell >= 9) + (f"{k}/{total}", f"{k}")
            tag = next((x for x in forms if len(x) < cell), "")
            head.append(tag.center(cell - 1) + " ", bar)
        return head

    # day view

    def _day_column_at(self, x: int) -> int | None:
        columns = self._day_grid.get("columns")
        if not columns:
            return None
        width = (self._full_width(self._width()) - 8) // len(columns)  # type: ignore[arg-type]
        col = (x + self.scroll_offset.x - 8) // max(width, 1)
        return col if 0 <= col < len(columns) else None  # type: ignore[arg-type]

    def _day_stamp(self, row: EventRow, *, alone: bool) -> str:
        """The top cell of an event in the day view: its start in the viewer's zone (the grid's)
        and the title; the venue's own time with its zone, when that differs, goes on the row
        under it (after the title when the event has one row only, `alone`)."""
        start = row.start_value
        if not isinstance(start, datetime):
            return fmt.clean(row.title, one_line=True)
        seen = fmt.in_zone(start, row.tz, self.viewer_tz)
        body = f"{(seen or start):%H:%M} {fmt.clean(row.title, one_line=True)}"
        return body + (self._venue_time(row) if alone else "")

    def _venue_time(self, row: EventRow) -> str:
        """ "  11:30 UTC+6": the start in the venue's zone, when it is not the viewer's."""
        start = row.start_value
        if not isinstance(start, datetime) or not row.tz:
            return ""
        if fmt.in_zone(start, row.tz, self.viewer_tz) is None:
            return ""
        return f"  {start:%H:%M} {fmt.zone_label(start, row.tz)}"

    def _render_grid_head(self, line: Line, width: int) -> Text:
        columns: list[str] = self._day_grid.get("columns", [])  # type: ignore[assignment]
        cw = (width - 8) // max(len(columns), 1)
        text = Text(" " * 8)
        for place in columns:
            text.append(
                fmt.clean(place, one_line=True)[: cw - 1].ljust(cw), self._style("timeline--day")
            )
        return text

    def _render_slot(self, line: Line, width: int) -> Text:
        grid = self._day_grid
        columns: list[str] = grid.get("columns", [])  # type: ignore[assignment]
        cell: dict[tuple[int, int], tuple[int, bool]] = grid.get("cell", {})  # type: ignore[assignment]
        lo: int = grid.get("lo", 0)  # type: ignore[assignment]
        clash: set[int] = grid.get("clash", set())  # type: ignore[assignment]
        s = line.depth
        hour, half = divmod(s, 2)
        label = "   :30 " if half else f" {lo + hour:02d}:00 "
        style = self._style("timeline--conflict") if s in clash else self._style("timeline--grid")
        text = Text(label.ljust(7), style=style)
        text.append("⚠" if s in clash else "│", style)
        cw = (width - 8) // max(len(columns), 1)
        for c in range(len(columns)):
            hit = cell.get((s, c))
            if hit is None:
                text.append(
                    ("┄" if not half else " ") * (cw - 1) + " ", self._style("timeline--grid")
                )
                continue
            target, top = hit
            row = self._targets[target]
            bar = self._style(f"timeline--bar-{row.kind}")
            if top:
                body = self._day_stamp(row, alone=cell.get((s + 1, c)) != (target, False))
            elif cell.get((s - 1, c)) == (target, True):
                body = self._venue_time(row)  # the row under the title
            else:
                body = ""
            piece = Text(body[: cw - 1].ljust(cw - 1), bar + self._title_style(row))
            if target == self._cursor:
                piece.stylize(self._style("timeline--cursor"))
            text.append_text(piece)
            text.append(" ")
        return text
