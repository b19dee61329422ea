"""The Textual application: the one place of the UI that reads and writes the store (rule 2).

`make_app(store, settings, clock)` builds it (rule 4): the App never calls now() or reads the
environment. It owns the state (zoom, the shown period, filters, the selection, the undo stack),
asks the store for the shown period only (`schedule.list_window`, the query path of `agenda list`),
and hands rows and models to the panes, which answer with messages (`agenda.ui.messages`).
Live refresh polls `store.data_version()` once a second: a commit by another process (another
`agenda` command, a sync) shows within two seconds, with the selection kept.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from agenda.core import conflicts as clashes
from agenda.core import format as fmt
from agenda.core import schedule
from agenda.core.clock import Clock
from agenda.core.config import Settings, save_setting
from agenda.core.errors import AgendaError, NotFound
from agenda.core.format import clean, due_text
from agenda.core.kinds import KINDS
from agenda.core.reminders import offset_text
from agenda.core.store import EventRow, EventStore, Filters
from agenda.ui.contrast import readable_variables
from agenda.ui.detail import Detail
from agenda.ui.dialogs import (
    HelpScreen,
)
from agenda.ui.editing import Change, Editing, quoted
from agenda.ui.finding import Finding, describe
from agenda.ui.following import Following
from agenda.ui.keyburst import KeyBurstApp
from agenda.ui.keys import KEYS, REVIEW_KEYS, palette_commands
from agenda.ui.messages import (
    DayActivated,
    DayHighlighted,
    DetailLeft,
    EventActivated,
    EventHighlighted,
    LinkFollowed,
)
from agenda.ui.month import grid_bounds
from agenda.ui.navigation import Navigating
from agenda.ui.timeline import Timeline, Zoom

if TYPE_CHECKING:
    from agenda.core.models import Event
    from agenda.core.reminders import Due
    from agenda.ui.proposals import Article

REMINDER_CHECK_SECONDS = 30.0
"""How often the open App looks for reminders that have fallen due."""

ROW_LIMIT = 5000
"""Most rows one period shows (a month of a very dense store); the rest is counted and said."""
CONFLICT_LIMIT = 3000
"""Most events a period may show for its conflicts to be worked out (a dense month has ~450)."""

_TIMELINE_ONLY = frozenset(
    {"search", "filters", "zoom", "zoom_to", "period", "today", "goto", "export"}
)
"""Actions that change only what the timeline shows: off while the narrow detail covers it."""

_BACK_TO_TIMELINE = frozenset({"search", "filters", "goto"})
"""Of those, the ones a person types on purpose ("/afgh", "g2021-09-16"): while the narrow detail
covers the timeline they close it and act, rather than drop the key and let the word that follows
run as commands (`a` of "afgh" would open the add form)."""


class AgendaApp(Editing, Finding, Following, Navigating, KeyBurstApp):
    """Timeline, detail pane, forms: the agenda in a terminal."""

    CSS_PATH = "agenda.tcss"
    TITLE = "agenda"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Keys", key_display="?"),
        Binding("slash", "search", "Find"),
        Binding("f", "filters", "Filter"),
        Binding("z", "zoom", "Zoom"),
        Binding("left_square_bracket", "period(-1)", "Prev", key_display="["),
        Binding("right_square_bracket", "period(1)", "Next", key_display="]"),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Del"),
        Binding("u", "undo", "Undo"),
        Binding("i", "toggle_detail", "Detail"),
        Binding("q", "quit", "Quit", show=False),
        Binding("escape", "clear", "Clear", show=False),
        Binding("1", "zoom_to('list')", "Agenda list", show=False),
        Binding("2", "zoom_to('span')", "Span view", show=False),
        Binding("3", "zoom_to('day')", "Day view", show=False),
        Binding("4", "zoom_to('month')", "Month grid", show=False),
        Binding("t", "today", "Today", show=False),
        Binding("g", "goto", "Go to", show=False),
        Binding("p", "parent", "Parent", show=False),
        Binding("c", "copy_id", "Copy id", show=False),
        Binding("x", "export", "Export", show=False),
        Binding("R", "review", "Review article", show=False),
    ]

    def __init__(self, store: EventStore, settings: Settings, clock: Clock, viewer_tz: str) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.clock = clock
        self.viewer_tz = viewer_tz
        self.zoom = Zoom.LIST
        self.filters = Filters()
        self.anchor = self.today
        self.selected: str | None = None
        self.undo_stack: list[Change] = []
        self.show_detail = False
        self._version = -1
        self._first: date | None = None
        self._zones: dict[str, ZoneInfo] = {}
        self._last: date | None = None
        self._reminded_until = clock()
        """Reminders that fire up to this instant have been shown (or fired before the App
        opened: `agenda remind` is for those)."""
        self.initial_review: Article | None = None
        """An article to open the review screen on at start (`agenda extract --review`)."""
        self.screenshot_dir = Path(".")
        """Where the palette's Screenshot saves (make_app: the working directory)."""
        self.config_path: Path | None = None
        """The settings file a theme chosen in the palette is saved to (None: not saved)."""
        self.created_store: str | None = None
        """The path of the store when the command that opened the App has just created it."""
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        store_name = "in memory" if store.path == ":memory:" else Path(store.path).name
        self.title = f"agenda · {store_name}"

    def get_css_variables(self) -> dict[str, str]:
        # $readable-*: the theme's colours nudged to 4.5:1 on its backgrounds (agenda.tcss)
        variables = super().get_css_variables()
        variables.update(readable_variables(variables))
        return variables

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="▦")
        yield Input(id="search", placeholder="search every field (enter: to the list, esc: clear)")
        yield Static("", id="filterbar")
        with Horizontal(id="main"):
            yield Timeline(id="timeline", date_format=self.settings.date_format)
            yield Detail(id="detail")
        yield Static("", id="legend")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def today(self) -> date:
        """Today in the viewer's zone, from the injected clock."""
        return self.clock().astimezone(ZoneInfo(self.viewer_tz)).date()

    @property
    def timeline(self) -> Timeline:
        return self.query_one("#timeline", Timeline)

    @property
    def detail(self) -> Detail:
        return self.query_one("#detail", Detail)

    def on_mount(self) -> None:
        self.anchor = self._initial_anchor()
        self._version = self.store.data_version()
        self._legend()
        self._narrow(self.size.width)
        self.reload()
        self.timeline.focus()
        self.set_interval(1.0, self.poll_store)
        self.set_interval(REMINDER_CHECK_SECONDS, self.check_reminders)
        self.start_following()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.initial_review is not None:
            self.open_review(self.initial_review)
        if self.created_store is not None:
            # said on stderr too, but that is seen only after quitting; a typo is the usual cause
            self.notify(
                f"created a new, empty store at {self.created_store} (not the store you meant? "
                "quit with q, nothing stays behind; check --store, AGENDA_STORE or the store "
                "setting)",
                severity="warning",
                timeout=15,
                markup=False,
            )

    def _theme_changed(self, theme: object) -> None:
        """Save a theme chosen in the palette (or by `ctrl+p` → Change theme) to the settings."""
        name = self.theme
        if self.config_path is None or name == self.settings.theme:
            return
        try:
            save_setting(self.config_path, "theme", name)
        except AgendaError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.settings = self.settings._replace(theme=name)

    def _initial_anchor(self) -> date:
        """Today when the store reaches it; else the last day with events (a past-only store)."""
        window = schedule.default_window(self.store, self.today)
        if window.first is not None:
            return self.today
        bounds = self.store.date_bounds()
        return bounds[1] if bounds else self.today

    def _legend(self) -> None:
        text = Text(" ")
        for kind in KINDS:
            text.append("■ ", self.timeline.get_component_rich_style(f"timeline--kind-{kind}"))
            text.append(f"{kind}  ")
        text.append("struck: cancelled  dim: tentative  ⚠ conflict  ", "dim")
        self.query_one("#legend", Static).update(text)

    # -- the shown period ------------------------------------------------------------------

    def period(self) -> tuple[date | None, date | None, str]:
        """The days shown for the zoom and anchor, and how to say so."""
        a = self.anchor
        if self.zoom is Zoom.MONTH:
            # a grid of one month, also with a search: its hits in that month
            last = a.replace(day=calendar.monthrange(a.year, a.month)[1])
            return a.replace(day=1), last, f"{a:%B %Y}"
        if self.filters.text:
            return None, None, "search, all dates"
        if self.zoom is Zoom.DAY:
            return a, a, a.strftime(self.settings.date_format)
        if self.zoom is Zoom.SPAN:
            days = self.timeline.span_days()
            first = a - timedelta(days=a.weekday())
            last = first + timedelta(days=days - 1)
            return first, last, f"{first:%d %b} – {last:%d %b %Y}"
        first = a.replace(day=1)
        last = a.replace(day=calendar.monthrange(a.year, a.month)[1])
        return first, last, f"{a:%B %Y}"

    def reload(self, keep: str | None = None, *, at_end: bool = False) -> None:
        """Read the shown period from the store and lay it out, keeping the selection."""
        first, last, label = self.period()
        self._first, self._last = first, last
        window = schedule.Window(first, last, label)
        if self.zoom is Zoom.MONTH and first is not None:
            # the grid's whole weeks: the days of the months before and after it shows, dimmed
            window = schedule.Window(*grid_bounds(first), label)
        rows = schedule.list_window(self.store, window, self.filters, self.viewer_tz, ROW_LIMIT)
        cut = self.store.cut_series  # series cut at the per-window cap, said in the note
        if self.zoom is Zoom.DAY:
            # the day view draws each end in its own zone (a flight lands elsewhere)
            zones = self.store.end_zones(r.id for r in rows if not r.all_day)
            rows = [r._replace(end_tz=zones[r.id]) if r.id in zones else r for r in rows]
        note = ""
        if len(rows) >= ROW_LIMIT:
            total = self.store.window_count(
                first, last, filters=self.filters, viewer_tz=self.viewer_tz
            )
            note = f"showing the first {len(rows)} of {total} events; narrow the period or filter"
        for zone in {r.tz for r in rows if r.tz} - self._zones.keys():
            # zoneinfo keeps only the 8 last zones used unless someone holds them: without
            # this, reading a month of events from many cities reads the zone files again
            # and again (half the time of building the events for their conflicts)
            self._zones[zone] = ZoneInfo(zone)
        if cut:
            note = "\n".join(filter(None, [note, fmt.cut_note(cut).replace(": ", "\n", 1)]))
        if not rows:
            note = self._nothing_note()
        self.query_one("#main").set_class(self.zoom is Zoom.MONTH, "-month")
        self.detail.calendar_colours = colours = self.store.calendar_colours()
        self.timeline.set_calendar_colours(colours)
        # the grid does not flag conflicts (the day view and the list do): not worked out
        conflicts = {} if self.zoom is Zoom.MONTH else self._conflicts(rows)
        self.timeline.show(
            rows,
            first=first,
            last=last,
            zoom=self.zoom,
            today=self.today,
            viewer_tz=self.viewer_tz,
            conflicts=set(conflicts),
            keep=keep or self.selected,
            at_end=at_end,
            note=note,
            day=self.anchor,
        )
        self._conflict_map = conflicts
        # short enough for 80 columns: the filter bar under the header says what is filtered
        zoom = "" if self.filters.text else f" · {self.zoom.value}"
        kept = self.filters._replace(text=None)
        active = "" if kept.is_empty() else " · filtered"
        shown = self.timeline.month_count() if self.zoom is Zoom.MONTH else len(rows)
        self.sub_title = f"{label}{zoom} · {fmt.plural(shown, 'event')}{active}"
        bar = self.query_one("#filterbar", Static)
        bar.update(Text(f" {describe(self.filters)}  (esc clears all, f changes the filters)"))
        bar.display = not self.filters.is_empty()
        if self.timeline.current is None:
            self.selected = None
            if self.zoom is not Zoom.MONTH:  # the grid shows its day's events (DayHighlighted)
                self.detail.show(None, viewer_tz=self.viewer_tz)

    def _nothing_note(self) -> str:
        """What to do when the period shows nothing: where the events are, or why."""
        if not self.filters.is_empty():
            # where the matches are (the period shows none), as the note of an empty period does
            what = f"nothing matches {describe(self.filters)}"
            first = self.store.nearest(None, 1, filters=self.filters, viewer_tz=self.viewer_tz)
            last = self.store.nearest(None, -1, filters=self.filters, viewer_tz=self.viewer_tz)
            if first is None or last is None:
                return f"{what} anywhere (esc clears)"
            lo = schedule.row_first_day(first).strftime(self.settings.date_format)
            hi = schedule.row_last_day(last).strftime(self.settings.date_format)
            here = self.period()[2]
            return f"{what} in {here}\nmatches run from {lo} to {hi}\ng goes to a date, esc clears"
        bounds = self.store.date_bounds()
        if bounds is None:
            return "the store is empty: a adds an event (or, in a shell, agenda load FILE)"
        lo, hi = (d.strftime(self.settings.date_format) for d in bounds)
        return f"the events run from {lo} to {hi}: g goes to a date"

    def _conflicts(self, rows: list[EventRow]) -> dict[str, list[clashes.Conflict]]:
        """Conflicts of the shown events, with any event of the store, shown or not.

        A shown event can clash with one the period or the filters leave out: a visit that
        began before the month with a meeting just before it, a meeting with a visit that the
        kind filter hides. So the other side is read from the store, unfiltered, over the days
        the shown events cover (a day more each side: the days are the viewer's, the clash is
        in UTC).
        """
        if not rows or len(rows) > CONFLICT_LIMIT:
            return {}
        shown = {r.id for r in rows}
        known = {r.id: r for r in rows}
        whole = None
        if self.filters.is_empty() and self._first and self._last:
            # the shown period is already read whole: only the days beyond it are missing
            whole = (self._first, self._last)
        days = clashes.reach(rows, whole)
        if len(days) <= 100:  # a search's hits scattered over years: their own days only
            for lo, hi in days:
                for r in self.store.window(lo, hi, viewer_tz=self.viewer_tz, limit=CONFLICT_LIMIT):
                    known.setdefault(r.id, r)
        found = clashes.find(known, self.store.data_many(list(known)[: 2 * CONFLICT_LIMIT]))
        return {event_id: found[event_id] for event_id in found if event_id in shown}

    def check_reminders(self) -> None:
        """Notify each reminder that fell due since the last look (the timer calls it every
        REMINDER_CHECK_SECONDS; the time is the injected clock's)."""
        now = self.clock()
        since, self._reminded_until = self._reminded_until, max(now, self._reminded_until)
        if now <= since:
            return
        defaults = self.settings.calendar_reminders
        for due in schedule.reminders_due(self.store, since, now, self.viewer_tz, defaults):
            self.notify(_reminder_message(self, due), title="Reminder", markup=False, timeout=60)

    def poll_store(self) -> None:
        """Live refresh: reload when another connection has committed since the last look."""
        version = self.store.data_version()
        if version != self._version:
            self._version = version
            self.reload(self.selected)
            if self.selected:
                self._show_detail(self.selected)

    # -- messages from the panes -----------------------------------------------------------

    @on(EventHighlighted)
    def _highlighted(self, message: EventHighlighted) -> None:
        if message.row is None:
            return
        self.selected = message.row.id
        self._show_detail(message.row.id)

    def _show_detail(self, event_id: str) -> None:
        try:
            event = self.store.get(event_id)
        except NotFound:
            self.detail.show(None, viewer_tz=self.viewer_tz)
            return
        parent = None
        if event.parent_id:
            try:
                parent = self.store.row(event.parent_id)
            except NotFound:
                parent = None
        self.detail.show(
            event,
            viewer_tz=self.viewer_tz,
            parent=parent,
            children=self.store.children(event.id),
            conflicts=getattr(self, "_conflict_map", {}).get(event.id),
            series=self._series_of(event),
        )

    def _series_of(self, event: Event) -> Event | None:
        """The series `event` is one occurrence of, when it is stored."""
        if event.recurrence_of is None:
            return None
        try:
            return self.store.get(event.recurrence_of)
        except NotFound:
            return None

    @on(EventActivated)
    def _activated(self, message: EventActivated) -> None:
        if self.screen.has_class("-narrow") and not self.show_detail:
            self.action_toggle_detail()
        # the links sit under the whole detail text (at 80x24 below the fold): the pane
        # scrolls to them once it has its size
        self.detail.enter_links()

    @on(DayHighlighted)
    def _day_highlighted(self, message: DayHighlighted) -> None:
        """The grid's day in the detail pane; a day of another month (← on the 1st) shows it."""
        self.anchor = message.day
        if self._first and self._last and not self._first <= message.day <= self._last:
            self.reload()
            return
        zone, form = self.viewer_tz, self.settings.date_format
        self.detail.show_day(message.day, message.rows, viewer_tz=zone, date_format=form)

    @on(DayActivated)
    def _day_activated(self, message: DayActivated) -> None:
        self.anchor = message.day
        self.zoom = Zoom.DAY
        self.reload()

    @on(LinkFollowed)
    def _link(self, message: LinkFollowed) -> None:
        if self.zoom is Zoom.MONTH:
            self.zoom = Zoom.DAY  # an event of the grid's day: that day, with it selected
            self.reload(message.event_id)
        self.go_to_event(message.event_id)
        self.timeline.focus()
        if self.screen.has_class("-narrow") and self.show_detail:
            self.action_toggle_detail()

    @on(DetailLeft)
    def _detail_left(self) -> None:
        self.timeline.focus()
        if self.screen.has_class("-narrow") and self.show_detail:
            self.action_toggle_detail()

    def action_copy_id(self) -> None:
        if self.selected is None:
            self.notify("select an event first", severity="warning")
            return
        self.copy_to_clipboard(self.selected)
        # not the id itself: a toast wraps it anywhere (at 80 columns, mid-word)
        row = self.timeline.current
        whose = f" of {quoted(row.title)}" if row is not None else ""
        self.notify(f"copied the id{whose}", markup=False)

    def action_help(self) -> None:
        from agenda.ui.review import ReviewScreen

        on_review = any(isinstance(screen, ReviewScreen) for screen in self.screen_stack)
        self.push_screen(HelpScreen(REVIEW_KEYS if on_review else KEYS))

    # -- the review screen of an article (agenda.ui.review) ----------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """On the review screen the timeline's keys do nothing (they would act unseen)."""
        from agenda.ui.review import ReviewScreen

        if any(isinstance(screen, ReviewScreen) for screen in self.screen_stack):
            return action in {"quit", "help", "command_palette", "focus_next", "focus_previous"}
        # while the narrow detail pane covers the timeline, keys that would change the timeline
        # unseen are off (and out of the footer, which then has room for the pane's own keys)
        return not (action in _TIMELINE_ONLY - _BACK_TO_TIMELINE and self._narrow_detail())

    def action_save_svg(self) -> None:
        name = f"agenda-{self.clock():%Y%m%d-%H%M%S}.svg"
        try:
            path = self.save_screenshot(name, str(self.screenshot_dir))
        except OSError as exc:
            self.notify(f"cannot save the screenshot: {exc}", severity="error", markup=False)
            return
        self.notify(f"screenshot saved: {path}", markup=False)

    # -- command palette -------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            # ours: "Keys" lists every key (Textual's is a panel of the focused widget's), and
            # "Screenshot" saves where it says (Textual's showed "Failed to save screenshot")
            if command.title not in ("Keys", "Screenshot"):
                yield command
        yield SystemCommand("Screenshot", "Save an SVG of the screen", self.action_save_svg)
        for title, action, key, what in palette_commands():
            yield SystemCommand(title, f"{what} ({key})", partial(self.run_action, action))


def _reminder_message(app: AgendaApp, due: Due) -> str:
    starts = due_text(due.starts, due.all_day, app.viewer_tz)
    return f"{clean(due.title, one_line=True)}\nstarts {starts} (in {offset_text(due.offset)})"


def make_app(
    store: EventStore,
    settings: Settings,
    clock: Clock,
    *,
    review: Article | None = None,
    config_path: Path | None = None,
) -> AgendaApp:
    """The App on `store`; the viewer's zone is settled here, not inside the App.

    With `review`, the App opens on the review screen of that article (`extract --review`).
    With `config_path`, a theme chosen in the App is saved to that settings file.
    """
    app = AgendaApp(store, settings, clock, settings.viewer_zone())
    app.config_path = config_path
    app.initial_review = review
    app.screenshot_dir = Path.cwd()
    return app
