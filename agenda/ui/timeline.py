"""The timeline pane: a virtual list (Textual Line API) of the rows the App hands it, in four zooms.

- `list`: the agenda by day, month separators, visits with their events nested under them, a
  bracket in the left gutter for every multi-day event across the days it covers.
- `span`: days across, one lane per event, bars over the days covered, "day 2/3" labels,
  events with no day of their own hatched over their parent's days.
- `day`: one day, hours drawn to scale in the viewer's zone, one column per place, so that two
  meetings at the same hour in different cities stand side by side (and are flagged).
- `month`: the month grid, weeks as rows and days as cells, its cursor on a day
  (`agenda.ui.month`).

The widget never touches the store (rule 2): the App gives it rows for the shown period only and
listens to its messages. Only visible lines are rendered, and each rendered line is kept (as a
`Strip`) until the layout, the width, the styles or the cursor on it change: paging and scrolling
re-render only the lines that come into view. No widget per event. Titles are appended to
`rich.text.Text` as plain strings, never parsed as markup (rule 9).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.strip import Strip

from agenda.core import format as fmt
from agenda.core.kinds import KINDS
from agenda.core.schedule import by_day, nest, row_first_day, row_last_day
from agenda.core.store import EventRow
from agenda.ui.messages import EdgeReached, EventActivated, EventHighlighted
from agenda.ui.month import MonthGrid
from agenda.ui.timeline_lines import DAY_COLUMN, Line, Zoom


class Timeline(MonthGrid, can_focus=True):
    """The main pane: events of the shown period, with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor(1)", "Next", show=False),
        Binding("up,k", "cursor(-1)", "Previous", show=False),
        Binding("pagedown,ctrl+f", "page(1)", "Page down", show=False),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "activate", "Open", show=False),
        Binding("left,h", "pan(-1)", "Left", show=False),
        Binding("right,l", "pan(1)", "Right", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--month",
        "timeline--day",
        "timeline--today",
        "timeline--time",
        "timeline--unknown",
        "timeline--conflict",
        "timeline--place",
        "timeline--cursor",
        "timeline--note",
        "timeline--grid",
        "timeline--rule",
        "timeline--hatch",
        *(f"timeline--kind-{k}" for k in KINDS),
        *(f"timeline--bar-{k}" for k in KINDS),
    }

    def __init__(self, *, id: str | None = None, date_format: str = "%a %d %b %Y") -> None:
        super().__init__(id=id)
        self.zoom = Zoom.LIST
        self.rows: list[EventRow] = []
        self.first: date | None = None
        self.last: date | None = None
        self.today: date | None = None
        self.viewer_tz = "UTC"
        self.conflicts: set[str] = set()
        self.date_format = date_format
        self.note = ""
        self._targets: list[EventRow] = []
        self._target_line: list[int] = []
        self._lines: list[Line] = []
        self._cursor = 0
        self._time_width = 14
        """Width of the time column of the list: 14, more for a time with its zone named."""
        self._laid_width = -1
        self._day_grid: dict[str, object] = {}
        self._strips: dict[int, tuple[object, Strip]] = {}
        """Rendered lines by index, each with the cursor state it was drawn in."""
        self._cursor_lines: frozenset[int] = frozenset()
        """The lines that draw the event under the cursor."""
        self._styles: dict[str, Style] = {}
        """Component styles by name, until the styles change."""
        self._calendar_styles: dict[str, Style] = {}
        """The title style of each calendar that has a colour (`set_calendar_colours`)."""
        self._base: Style | None = None
        self._laid_height = -1
        self.month_day: date | None = None
        self._weeks, self._week_line, self._undated = [], {}, []

    # -- what the App calls ----------------------------------------------------------------

    def show(
        self,
        rows: list[EventRow],
        *,
        first: date | None,
        last: date | None,
        zoom: Zoom,
        today: date,
        viewer_tz: str,
        conflicts: set[str] | None = None,
        keep: str | None = None,
        at_end: bool = False,
        note: str = "",
        day: date | None = None,
    ) -> None:
        """Lay out `rows` for the period and put the cursor on `keep` (or the first/last entry);
        the month grid puts it on `day`."""
        self.rows, self.first, self.last, self.zoom = rows, first, last, zoom
        self.today, self.viewer_tz = today, viewer_tz
        self.conflicts = conflicts or set()
        self.note = note
        self.month_day = None
        self._layout()
        if self.zoom is Zoom.MONTH:
            self._month_choose(day or first or today, force=True)
            return
        index = next((i for i, r in enumerate(self._targets) if r.id == keep), None)
        if index is None:
            index = len(self._targets) - 1 if at_end else self._initial_target()
        self._set_cursor(max(0, index), force=True)
        if self.zoom is Zoom.DAY:
            # a wide day view knows how far it may scroll sideways only after its layout
            self.call_after_refresh(self._pan_to, self._cursor)

    def span_days(self) -> int:
        """How many days the span view shows at the pane's width: a week, or a fortnight."""
        return 14 if self._width() >= 100 else 7

    @property
    def current(self) -> EventRow | None:
        """The event under the cursor (none in the month grid: its cursor is on a day)."""
        if 0 <= self._cursor < len(self._targets):
            return self._targets[self._cursor]
        return None

    @property
    def targets(self) -> list[EventRow]:
        """The events the cursor can rest on, in order (the month grid: every event it shows)."""
        return list(self.rows) if self.zoom is Zoom.MONTH else list(self._targets)

    def select(self, event_id: str) -> bool:
        """Move the cursor to an event shown in the pane (a series: its first occurrence shown);
        False when it is not shown. The month grid moves its cursor to the event's first day
        in the month."""
        if self.zoom is Zoom.MONTH:
            return self.month_select(event_id)
        for i, row in enumerate(self._targets):
            if row.id == event_id:
                self._set_cursor(i)
                return True
        for i, row in enumerate(self._targets):
            if row.series_id == event_id:
                self._set_cursor(i)
                return True
        return False

    def line_texts(self) -> list[str]:
        """The plain text of every laid-out line (for tests and the benchmark)."""
        width = self._full_width(self._width())
        return [self._line_text(i, width).plain.rstrip() for i in range(len(self._lines))]

    def _width(self) -> int:
        return max(self.scrollable_content_region.width, 40)

    def _full_width(self, width: int) -> int:
        """The width lines are drawn at: wider than the pane when the day view has more places
        than fit at `DAY_COLUMN` columns each (the pane then scrolls sideways)."""
        columns = self._day_grid.get("columns") if self.zoom is Zoom.DAY else None
        if not columns:
            return width
        return max(width, 8 + len(columns) * DAY_COLUMN)  # type: ignore[arg-type]

    # -- layout ----------------------------------------------------------------------------

    def _initial_target(self) -> int:
        if self.today is None:
            return 0
        for i, row in enumerate(self._targets):
            if row_last_day(row) >= self.today:
                return i
        return 0

    def _layout(self) -> None:
        width = self._width()
        self._laid_width = width
        self._lines, self._targets = [], []
        if self.zoom is Zoom.SPAN:
            self._layout_span(width)
        elif self.zoom is Zoom.DAY:
            self._layout_day(width)
        elif self.zoom is Zoom.MONTH:
            self._layout_month(width)
        else:
            self._layout_list()
        if not self._targets and self.zoom is not Zoom.MONTH:
            self._lines.append(Line("note", text="nothing in this period ( [ ] move, / search )"))
        if self.note:
            self._lines.append(Line("note", text=self.note))
        self._target_line = [0] * len(self._targets)
        for n, line in enumerate(self._lines):
            if line.target is not None and not self._target_line[line.target]:
                self._target_line[line.target] = n
        if self._targets and self._lines[0].target == 0:
            self._target_line[0] = 0
        if self.zoom is not Zoom.DAY:
            self._day_grid = {}
        full = self._full_width(width)
        self.virtual_size = Size(full, len(self._lines))
        if full == width and self.scroll_offset.x:
            self.scroll_to(x=0, animate=False, immediate=True)
        self._strips.clear()
        self._cursor_lines = frozenset()
        self.refresh()

    def _add_target(self, row: EventRow) -> int:
        self._targets.append(row)
        return len(self._targets) - 1

    def _layout_list(self) -> None:
        groups = by_day(self.rows, self.first, children_on_own_day=True)
        self._time_width = max(
            [14, *(len(fmt.row_time(r, self.viewer_tz)) for r in self.rows if r.tz)]
        )
        month: tuple[int, int] | None = None
        today_done = self.today is None
        for day, entries in groups:
            if not today_done and self.today is not None and day > self.today:
                if self.first is None or self.today >= self.first:
                    self._lines.append(Line("today", day=self.today))
                today_done = True
            if (day.year, day.month) != month:
                month = (day.year, day.month)
                self._lines.append(Line("month", day=day))
            self._lines.append(Line("day", day=day))
            if day == self.today:
                today_done = True
            for row, depth in entries:
                self._lines.append(Line("event", self._add_target(row), day=day, depth=depth))
        if (
            not today_done
            and self.today is not None
            and self._lines
            and (self.last is None or self.today <= self.last)
        ):
            self._lines.append(Line("today", day=self.today))
        self._list_gutter()

    def _list_gutter(self) -> None:
        """Brackets in the left gutter across the days each multi-day top-level event covers."""
        lanes: list[tuple[EventRow, int, int]] = []
        day_end: dict[date, int] = {}
        for n, line in enumerate(self._lines):
            if line.day is not None and line.kind in ("day", "event"):
                day_end[line.day] = n
        for n, line in enumerate(self._lines):
            if line.kind != "event" or line.target is None or line.depth:
                continue
            row = self._targets[line.target]
            if row.approximate or row_first_day(row) >= row_last_day(row):
                continue
            last_day = row_last_day(row)
            end = max((i for d, i in day_end.items() if d <= last_day), default=n)
            if end > n:
                lanes.append((row, n, end))
        busy: list[int] = []
        for row, start, end in lanes:
            lane = next((i for i, until in enumerate(busy) if until < start), None)
            if lane is None:
                busy.append(end)
                lane = len(busy) - 1
            else:
                busy[lane] = end
            if lane > 2:
                continue
            for n in range(start, end + 1):
                glyph = "┏" if n == start else "┗" if n == end else "┃"
                line = self._lines[n]
                while len(line.gutter) <= lane:
                    line.gutter.append((" ", ""))
                line.gutter[lane] = (glyph, row.kind)

    def _span_days(self) -> list[date]:
        first = self.first or (min(row_first_day(r) for r in self.rows) if self.rows else None)
        last = self.last or (max(row_last_day(r) for r in self.rows) if self.rows else None)
        if first is None or last is None:
            return []
        return [first + timedelta(days=i) for i in range(min((last - first).days + 1, 62))]

    def _layout_span(self, width: int) -> None:
        days = self._span_days()
        if not days:
            return
        self._lines.append(Line("span-months"))
        self._lines.append(Line("span-days"))
        for row, depth in nest(self.rows):
            self._lines.append(Line("lane", self._add_target(row), depth=depth))

    def _layout_day(self, width: int) -> None:
        day = self.first
        if day is None:
            return
        self._lines.append(Line("day", day=day))
        allday = [r for r in self.rows if r.all_day or r.approximate]
        timed = [r for r in self.rows if r not in allday]
        if allday:
            self._lines.append(Line("caption", text="all day"))
            for row, depth in nest(allday):
                self._lines.append(Line("event", self._add_target(row), day=day, depth=depth))
        zone = ZoneInfo(self.viewer_tz)
        blocks: list[tuple[EventRow, datetime, datetime, str]] = []
        for row in timed:
            start, end = row.start_value, row.end_value
            assert isinstance(start, datetime) and isinstance(end, datetime)
            if row.tz:
                start = start.replace(tzinfo=ZoneInfo(row.tz)).astimezone(zone)
                end = end.replace(tzinfo=ZoneInfo(row.end_tz or row.tz)).astimezone(zone)
            start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
            begin = datetime(day.year, day.month, day.day)
            start, end = (
                max(start, begin),
                min(max(end, start + timedelta(minutes=30)), begin + timedelta(days=1)),
            )
            if end <= begin or start >= begin + timedelta(days=1):
                continue
            place = row.city or row.country or "(no place)"
            blocks.append((row, start, end, place))
        if not blocks:
            self._day_grid = {}
            if not allday:
                return
            self._lines.append(Line("caption", text="no timed events this day"))
            return
        blocks.sort(key=lambda b: (b[1], b[3]))
        columns: list[tuple[str, list[tuple[datetime, datetime]]]] = []
        placed: list[tuple[EventRow, datetime, datetime, int]] = []
        for row, start, end, place in blocks:
            col = next(
                (
                    i
                    for i, (p, spans) in enumerate(columns)
                    if p == place and all(e <= start or s >= end for s, e in spans)
                ),
                None,
            )
            if col is None:
                columns.append((place, []))
                col = len(columns) - 1
            columns[col][1].append((start, end))
            placed.append((row, start, end, col))
        lo = min(8, min(s.hour for _, s, _, _ in placed))
        hi = max(20, max(e.hour + (1 if e.minute else 0) for _, _, e, _ in placed))
        hi = min(hi, 24)
        self._lines.append(Line("caption", text=f"times in {self.viewer_tz}"))
        self._lines.append(Line("grid-head"))
        first_slot = len(self._lines)
        begin = datetime(day.year, day.month, day.day)
        slots = (hi - lo) * 2
        for s in range(slots):
            self._lines.append(Line("slot", day=day, depth=s))
        cell: dict[tuple[int, int], tuple[int, bool]] = {}
        for row, start, end, col in placed:
            target = self._add_target(row)
            a = int((start - begin).total_seconds() // 1800) - lo * 2
            b = int(-(-(end - begin).total_seconds() // 1800)) - lo * 2
            for s in range(max(a, 0), min(max(b, a + 1), slots)):
                cell[(s, col)] = (target, s == max(a, 0))
            self._lines[first_slot + max(a, 0)].target = (
                self._lines[first_slot + max(a, 0)].target
                if self._lines[first_slot + max(a, 0)].target is not None
                else target
            )
        clash: set[int] = set()
        for s in range(slots):
            places = {columns[c][0] for (slot, c) in cell if slot == s}
            if len(places) > 1:
                clash.add(s)
        self._day_grid = {
            "columns": [p for p, _ in columns],
            "cell": cell,
            "lo": lo,
            "clash": clash,
            "first_slot": first_slot,
        }

    # -- cursor ----------------------------------------------------------------------------

    def _set_cursor(self, index: int, *, force: bool = False) -> None:
        if not self._targets:
            self._cursor = 0
            self._cursor_lines = frozenset()
            self.post_message(EventHighlighted(None))
            self.refresh()
            return
        index = max(0, min(index, len(self._targets) - 1))
        changed = index != self._cursor or force
        self._cursor = index
        line = self._target_line[index]
        top = self.scroll_offset.y
        height = max(self.scrollable_content_region.height, 1)
        if line < top:
            self.scroll_to(y=max(line - 1 if line else 0, 0), animate=False)
        elif line >= top + height:
            self.scroll_to(y=line - height + 1, animate=False)
        if index == 0 and line <= 2:
            self.scroll_to(y=0, animate=False)
        left = self.scroll_offset.x
        self._pan_to(index)
        before, self._cursor_lines = self._cursor_lines, self._lines_of(index)
        if self.scroll_offset.y == top and self.scroll_offset.x == left and before:
            # no scroll: only the lines the cursor leaves and enters are drawn again
            for n in before | self._cursor_lines:
                self.refresh_lines(n)
        else:
            self.refresh()
        if changed:
            self.post_message(EventHighlighted(self._targets[index]))

    def _pan_to(self, target: int) -> None:
        """In a day view wider than the pane, scroll sideways to the column of `target`."""
        width = self._width()
        full = self._full_width(width)
        if full == width:
            return
        cells: dict[tuple[int, int], tuple[int, bool]] = self._day_grid["cell"]  # type: ignore[assignment]
        col = next((c for (_, c), (t, _) in cells.items() if t == target), None)
        if col is None:
            return
        cw = (full - 8) // len(self._day_grid["columns"])  # type: ignore[arg-type]
        x0, x1 = 8 + col * cw, 8 + (col + 1) * cw
        left = self.scroll_offset.x
        if x0 < left + 8:
            self.scroll_to(x=max(x0 - 8, 0), animate=False, immediate=True)
        elif x1 > left + width:
            self.scroll_to(x=x1 - width, animate=False, immediate=True)

    def action_pan(self, step: int) -> None:
        """← →: scroll a day view with more places than fit by one place's column; in the
        month grid, the previous or next day."""
        if self.zoom is Zoom.MONTH:
            self.month_move(step)
            return
        width = self._width()
        full = self._full_width(width)
        if full > width:
            cw = (full - 8) // len(self._day_grid["columns"])  # type: ignore[arg-type]
            x = max(0, min(self.scroll_offset.x + step * cw, full - width))
            self.scroll_to(x=x, animate=False)

    def _lines_of(self, target: int) -> frozenset[int]:
        """The lines that draw `target` (one, or several slots of the day view)."""
        lines = {self._target_line[target]}
        grid = self._day_grid
        if self.zoom is Zoom.DAY and grid:
            first_slot: int = grid["first_slot"]  # type: ignore[assignment]
            cell: dict[tuple[int, int], tuple[int, bool]] = grid["cell"]  # type: ignore[assignment]
            lines |= {first_slot + s for (s, _), (t, _) in cell.items() if t == target}
        return frozenset(lines)

    def action_cursor(self, step: int) -> None:
        if self.zoom is Zoom.MONTH:
            self.month_move(7 * step)  # ↑ ↓: a week
            return
        target = self._cursor + step
        if target < 0 or target >= len(self._targets):
            self.post_message(EdgeReached(-1 if target < 0 else 1))
            return
        self._set_cursor(target)

    def action_page(self, step: int) -> None:
        if self.zoom is Zoom.MONTH:
            self.month_step(step)
            return
        height = max(self.scrollable_content_region.height - 1, 1)
        if not self._targets:
            self.post_message(EdgeReached(step))
            return
        if (step > 0 and self._cursor == len(self._targets) - 1) or (
            step < 0 and self._cursor == 0
        ):
            self.post_message(EdgeReached(step))
            return
        line = self._target_line[self._cursor] + step * height
        best = min(range(len(self._targets)), key=lambda i: abs(self._target_line[i] - line))
        if best == self._cursor:
            best += step
        self._set_cursor(best)

    def action_first(self) -> None:
        if self.zoom is Zoom.MONTH:
            self.month_edge(end=False)
            return
        self._set_cursor(0)

    def action_last(self) -> None:
        if self.zoom is Zoom.MONTH:
            self.month_edge(end=True)
            return
        self._set_cursor(len(self._targets) - 1)

    def action_activate(self) -> None:
        if self.zoom is Zoom.MONTH:
            self.month_activate()
            return
        row = self.current
        if row is not None:
            self.post_message(EventActivated(row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        y = offset.y + self.scroll_offset.y
        if self.zoom is Zoom.MONTH:
            self.month_click(offset.x + self.scroll_offset.x, y, double=event.chain >= 2)
            return
        if 0 <= y < len(self._lines):
            line = self._lines[y]
            target = line.target
            if line.kind == "slot" and self._day_grid:
                col = self._day_column_at(offset.x)
                if col is not None:
                    hit = self._day_grid["cell"].get((line.depth, col))  # type: ignore[attr-defined]
                    target = hit[0] if hit else None
            if target is not None:
                self._set_cursor(target)
                if event.chain >= 2:
                    self.action_activate()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout_if_resized()
        if self.zoom is Zoom.MONTH:
            # the grid fits its weeks to the height, which the content region has only after
            self.call_after_refresh(self._relayout_if_resized)

    def _relayout_if_resized(self) -> None:
        month = self.zoom is Zoom.MONTH
        height = self.scrollable_content_region.height
        if self.first is not None and (
            self._laid_width != self._width() or (month and self._laid_height != height)
        ):
            keep = self.current.id if self.current else None
            self._layout()
            if keep:
                self.select(keep)
            elif month and self.month_day is not None:
                self._month_reveal(self.month_day)

    # -- rendering -------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name, partial=True)
        return style

    def _base_style(self) -> Style:
        """The pane's own style (kept: working it out walks every ancestor's styles)."""
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def _restyle(self) -> None:
        self._strips.clear()
        self._styles.clear()
        self._base = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyle()  # a theme or a focus change restyles every line

    def on_focus(self) -> None:
        self._restyle()  # the cursor's colours differ with focus

    def on_blur(self) -> None:
        self._restyle()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self._width()
        index = scroll_y + y
        if index >= len(self._lines) or width <= 0:
            return Strip.blank(width, self._base_style())
        full = self._full_width(width)
        state = (full, self._cursor if index in self._cursor_lines else -1)
        cached = self._strips.get(index)
        if cached is not None and cached[0] == state:
            strip = cached[1]
        else:
            base = self._base_style()
            text = self._line_text(index, full)
            text.truncate(full, overflow="ellipsis", pad=True)
            if text.style and not text.spans:
                # Text.render leaves out the base style of a text without spans
                text.stylize(text.style)
            strip = Strip(text.render(self.app.console), full).apply_style(base)
            self._strips[index] = (state, strip)
        if scroll_x or full != width:
            return strip.crop_extend(scroll_x, scroll_x + width, self._base_style())
        return strip
