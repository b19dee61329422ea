"""The month grid, the timeline's fourth zoom: weeks as rows (ISO weeks, Monday first, the week
number at the left when it fits), days as cells, each day's events as short titles coloured by
kind, or "+N" when they do not fit; today marked; a multi-day event (a visit) drawn as one bar
across its days; days outside the month dimmed; events with no day of their own (day not given,
month only) listed under the grid, never placed on a day the source does not give.

`plan_week` is the pure layout (which event goes in which lane of a week). `MonthGrid`, a base
class of `agenda.ui.timeline.Timeline`, lays the grid out as lines of the timeline, draws them and
moves its cursor, which rests on a day rather than an event: it posts `DayHighlighted` (with the
day's events, for the detail pane) and `DayActivated` (enter: the App opens the day view). Titles
are appended to `rich.text.Text` as plain strings, never parsed as markup (rule 9).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from agenda.core import format as fmt
from agenda.core.schedule import row_first_day, row_last_day
from agenda.core.store import EventRow
from agenda.ui.messages import DayActivated, DayHighlighted
from agenda.ui.timeline_lines import Line, LineRenderer

WEEK_LABEL = 4
"""Width of the week-number column ("W37 "), drawn when every cell keeps 6 columns."""


def grid_bounds(day: date) -> tuple[date, date]:
    """The first and last day the grid of `day`'s month shows: whole ISO weeks, Monday first."""
    first = day.replace(day=1)
    last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())


@dataclass
class Week:
    """One row of the grid: its seven days and the events placed in lanes across them."""

    monday: date
    lanes: list[list[tuple[int, bool] | None]]
    """Per lane, per day (0 = Monday): (index of the event in the rows, whether its bar is drawn
    from this day on: its first day, or Monday for one begun the week before), or None."""
    count: list[int]
    """How many events each day has, placed in a lane or not."""


def row_days(rows: list[EventRow]) -> list[tuple[date, date] | None]:
    """The first and last day of each row; None for a row with no day of its own."""
    return [None if r.approximate else (row_first_day(r), row_last_day(r)) for r in rows]


def plan_week(
    rows: list[EventRow], monday: date, days: list[tuple[date, date] | None] | None = None
) -> Week:
    """Lanes of the dated events of `rows` in the week from `monday`: multi-day events first
    (earliest, then longest), each in the lowest lane free over all its days, so a bar never
    breaks; then one-day events in time order, each in the lowest free lane of its day.
    `days` is `row_days(rows)`, when the caller has it (a month plans six weeks)."""
    sunday = monday + timedelta(days=6)
    spans: list[tuple[int, int, int]] = []
    multi: list[tuple[date, int, int, int]] = []
    for n, span in enumerate(row_days(rows) if days is None else days):
        if span is None or span[1] < monday or span[0] > sunday:
            continue
        a, b = (max(span[0], monday) - monday).days, (min(span[1], sunday) - monday).days
        if span[1] > span[0]:
            multi.append((span[0], a - b, n, a))
        else:
            spans.append((n, a, b))
    single = sorted(spans, key=lambda s: (s[1], not rows[s[0]].all_day, rows[s[0]].start))
    multi.sort()
    placed = [(n, a, a - minus) for _, minus, n, a in multi] + single
    lanes: list[list[tuple[int, bool] | None]] = []
    count = [0] * 7
    for n, a, b in placed:
        lane = next((ln for ln in lanes if all(ln[d] is None for d in range(a, b + 1))), None)
        if lane is None:
            lane = [None] * 7
            lanes.append(lane)
        for d in range(a, b + 1):
            lane[d] = (n, d == a)
            count[d] += 1
    return Week(monday, lanes, count)


def day_rows(rows: list[EventRow], day: date) -> list[EventRow]:
    """The events of `day`: those with a day of their own on it, then those whose day is not
    known but may be it (during a visit that day, in that month)."""
    on = [r for r in rows if row_first_day(r) <= day <= row_last_day(r)]
    return [r for r in on if not r.approximate] + [r for r in on if r.approximate]


class MonthGrid(LineRenderer):
    """The month zoom of the timeline: its layout, its lines and its day cursor."""

    if TYPE_CHECKING:
        # kept by Timeline
        rows: list[EventRow]
        first: date | None
        last: date | None
        _strips: dict[int, tuple[object, Strip]]
        _laid_height: int

    month_day: date | None = None
    """The day the grid's cursor rests on."""
    _weeks: list[Week]
    _week_line: dict[date, int]
    _lanes: int = 1
    _count: int = 0
    _undated: list[EventRow]

    # -- layout ----------------------------------------------------------------------------

    def _month_geometry(self, width: int) -> tuple[int, int]:
        """(width of the week-number column, width of a day's cell) at `width`."""
        label = WEEK_LABEL if (width - WEEK_LABEL) // 7 >= 6 else 0
        return label, max((width - label) // 7, 3)

    def _layout_month(self, width: int) -> None:
        if self.first is None or self.last is None:
            self._weeks, self._week_line, self._undated = [], {}, []
            return
        start, end = grid_bounds(self.first)
        mondays = [start + timedelta(days=7 * w) for w in range((end - start).days // 7 + 1)]
        self._undated = [
            r
            for r in self.rows
            if r.approximate and row_first_day(r) <= self.last and row_last_day(r) >= self.first
        ]
        height = max(self.scrollable_content_region.height, 1)
        self._laid_height = height
        # room under the grid for the events with no day, unless the weeks would keep fewer
        # than two lanes (the title line says they are there, below)
        below = min(len(self._undated) + 1, 4) if self._undated else 0
        self._lanes = (height - 2 - below) // len(mondays) - 1
        if self._lanes < 2:
            self._lanes = max(1, (height - 2) // len(mondays) - 1)
        days = row_days(self.rows)
        first, last = self.first, self.last
        self._count = len(self._undated) + sum(
            1 for span in days if span is not None and span[0] <= last and span[1] >= first
        )
        self._weeks = [plan_week(self.rows, monday, days) for monday in mondays]
        self._week_line = {}
        self._lines.append(Line("month-title", day=self.first))
        self._lines.append(Line("month-weekdays"))
        for w, week in enumerate(self._weeks):
            self._week_line[week.monday] = len(self._lines)
            self._lines.append(Line("month-days", day=week.monday, depth=w))
            for lane in range(self._lanes):
                self._lines.append(Line("month-lane", day=week.monday, depth=lane))
        if self._undated:
            n = len(self._undated)
            caption = f"{fmt.plural(n, 'event')} with no day of {'their' if n > 1 else 'its'} own:"
            self._lines.append(Line("caption", text=caption))
            for i in range(n):
                self._lines.append(Line("month-undated", depth=i))

    # -- the day cursor ----------------------------------------------------------------------

    def _month_choose(self, day: date, *, force: bool = False) -> None:
        """Put the cursor on `day`; a day of another month is the App's to show (it reloads)."""
        before, self.month_day = self.month_day, day
        if before == day and not force:
            return
        if self.first is not None and self.last is not None and self.first <= day <= self.last:
            for moved in {before, day}:
                if moved is not None:
                    self._refresh_week(moved)
            self._month_reveal(day)
        self.post_message(DayHighlighted(day, day_rows(self.rows, day)))

    def _refresh_week(self, day: date) -> None:
        line = self._week_line.get(day - timedelta(days=day.weekday()))
        if line is not None:
            self._strips.pop(line, None)
            self.refresh_lines(line)

    def _month_reveal(self, day: date) -> None:
        line = self._week_line.get(day - timedelta(days=day.weekday()))
        if line is None:
            return
        top, height = self.scroll_offset.y, max(self.scrollable_content_region.height, 1)
        bottom = line + self._lanes
        if line < top:
            self.scroll_to(y=max(line - 2, 0), animate=False)
        elif bottom >= top + height:
            self.scroll_to(y=bottom - height + 1, animate=False)

    def month_move(self, days: int) -> None:
        """← → a day, ↑ ↓ a week (across months)."""
        if self.month_day is not None:
            self._month_choose(self.month_day + timedelta(days=days))

    def month_step(self, months: int) -> None:
        """The same day of the previous or next month (its last day when shorter)."""
        if self.month_day is None:
            return
        day = self.month_day
        index = day.year * 12 + day.month - 1 + months
        year, month = divmod(index, 12)
        size = calendar.monthrange(year, month + 1)[1]
        self._month_choose(date(year, month + 1, min(day.day, size)))

    def month_edge(self, end: bool) -> None:
        """home / end: the first or last day of the month."""
        if self.first is not None and self.last is not None:
            self._month_choose(self.last if end else self.first)

    def month_activate(self) -> None:
        if self.month_day is not None:
            self.post_message(DayActivated(self.month_day))

    def month_select(self, event_id: str) -> bool:
        """The cursor on the first day (in the month) of a shown event; False when not shown."""
        row = next((r for r in self.rows if r.id == event_id), None)
        if row is None or self.first is None or self.last is None:
            return False
        self._month_choose(max(min(row_first_day(row), self.last), self.first))
        return True

    def month_click(self, x: int, y: int, *, double: bool) -> None:
        """A click on a day chooses it; a double click opens it."""
        day = self.month_day_at(x, y)
        if day is not None:
            self._month_choose(day)
            if double:
                self.month_activate()

    def month_day_at(self, x: int, y: int) -> date | None:
        """The day drawn at content column `x` of line `y` (a click), if any."""
        if not 0 <= y < len(self._lines):
            return None
        line = self._lines[y]
        if line.kind not in ("month-days", "month-lane") or line.day is None:
            return None
        label, cell = self._month_geometry(self._width())
        col = (x - label) // cell
        return line.day + timedelta(days=col) if 0 <= col < 7 else None

    # -- drawing -----------------------------------------------------------------------------

    def _outside(self, day: date) -> bool:
        return self.first is None or self.last is None or not self.first <= day <= self.last

    def month_count(self) -> int:
        """How many events the month has (on its days, or with no day within it): not those of
        the days before and after it that the grid shows."""
        return self._count

    def _render_month_title(self, line: Line, width: int) -> Text:
        assert line.day is not None
        text = Text(f" {line.day:%B %Y}", style=self._style("timeline--month"))
        text.append(f"  {fmt.plural(self.month_count(), 'event')}", self._style("timeline--time"))
        if self._undated:
            n = len(self._undated)
            text.append(f" · {n} with no day (under the grid)", self._style("timeline--unknown"))
        return text

    def _render_month_weekdays(self, line: Line, width: int) -> Text:
        label, cell = self._month_geometry(width)
        text = Text(" " * label)
        monday = date(2001, 1, 1)  # a Monday: the locale's names of the days
        for d in range(7):
            day = monday + timedelta(days=d)
            name = f"{day:%A}" if cell > 11 else f"{day:%a}"
            text.append(" " + name[: cell - 1].ljust(cell - 1), self._style("timeline--day"))
        return text

    def _render_month_days(self, line: Line, width: int) -> Text:
        assert line.day is not None
        label, cell = self._month_geometry(width)
        grid = self._style("timeline--rule")
        week = f"W{line.day.isocalendar().week:02d}".ljust(label)[:label]
        text = Text(week, self._style("timeline--time"))
        for d in range(7):
            day = line.day + timedelta(days=d)
            number = f"{day.day:>2}"
            if day.day == 1 or (d == 0 and line.depth == 0):
                number += f" {day:%b}"  # where a month begins, and the grid's first day
            forms = [f"{number} today", f"{number} ◀"] if day == self.today else []
            name = next((f for f in forms if len(f) < cell), number)
            style = self._style("timeline--today" if day == self.today else "timeline--day")
            if self._outside(day):
                style = self._style("timeline--time") + Style(dim=True)
            piece = Text(name[: cell - 1], style)
            if day == self.month_day:
                piece.pad_right(cell - 1 - len(piece))
                piece.stylize(self._style("timeline--cursor"))
            else:
                piece.append(" " + "─" * (cell - 2 - len(piece)), grid)
            text.append("├" if d == 0 else "┼", grid)
            text.append_text(piece)
        if label + 7 * cell < width:
            text.append("┤", grid)  # the grid's closing line, where a column is left for it
        return text

    def _render_month_lane(self, line: Line, width: int) -> Text:
        assert line.day is not None
        label, cell = self._month_geometry(width)
        grid = self._style("timeline--rule")
        text = Text(" " * label)
        week = self._weeks[(line.day - self._weeks[0].monday).days // 7]
        lane = line.depth
        cells = week.lanes[lane] if lane < len(week.lanes) else [None] * 7
        last_lane = lane == self._lanes - 1
        overflow = [
            sum(1 for ln in week.lanes[self._lanes :] if ln[d] is not None) if last_lane else 0
            for d in range(7)
        ]
        d = 0
        while d < 7:
            day = line.day + timedelta(days=d)
            dim = Style(dim=True) if self._outside(day) else Style()
            hit = cells[d]
            if overflow[d]:
                # the last lane says how many events of the day are not drawn
                hidden = overflow[d] + (hit is not None)
                more = next((f for f in (f"+{hidden} more", f"+{hidden}") if len(f) < cell), "+")
                text.append("│", grid)
                text.append(more.ljust(cell - 1)[: cell - 1], self._style("timeline--note") + dim)
                d += 1
                continue
            if hit is None:
                text.append("│" + " " * (cell - 1), grid)
                d += 1
                continue
            n, _ = hit
            end = d
            while end + 1 < 7 and cells[end + 1] == (n, False) and not overflow[end + 1]:
                end += 1
            text.append_text(self._month_piece(self.rows[n], day, end - d + 1, cell, dim))
            d = end + 1
        if label + 7 * cell < width:
            text.append("│", grid)
        return text

    def _month_piece(self, row: EventRow, day: date, days: int, cell: int, dim: Style) -> Text:
        """An event in its lane from `day` over `days` cells: a bar for a multi-day event (its
        title once, over all its cells), a coloured title for a one-day event."""
        title = fmt.clean(row.title, one_line=True)
        status = self._title_style(row)
        first, last = row_first_day(row), row_last_day(row)
        text = Text("│", self._style("timeline--rule"))
        room = days * cell - 1
        if first < last:
            begun = "◂ " if first < day else ""
            go_on = last > day + timedelta(days=days - 1)
            body = (begun + title)[: room - (2 if go_on else 0)].ljust(room - (2 if go_on else 0))
            style = self._style(f"timeline--bar-{row.kind}") + status + dim
            text.append(body + (" ▸" if go_on else ""), style)
            return text
        start = row.start_value
        if not row.all_day and room >= 14 and hasattr(start, "hour"):
            title = f"{start:%H:%M} {title}"
        style = self._style(f"timeline--kind-{row.kind}") + status + dim
        text.append(title[:room].ljust(room), style)
        return text

    def _render_month_undated(self, line: Line, width: int) -> Text:
        row = self._undated[line.depth]
        text = Text("   ")
        text.append("▌", self._style(f"timeline--kind-{row.kind}"))
        text.append(f"{fmt.row_time(row, self.viewer_tz)}  ", self._style("timeline--unknown"))
        text.append(f"{row.kind}  ", self._style(f"timeline--kind-{row.kind}"))
        text.append(fmt.clean(row.title, one_line=True), self._title_style(row))
        return text
