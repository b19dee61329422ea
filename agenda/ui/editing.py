"""Adding, editing, deleting and undoing events, saving a reviewed article, exporting: the App's
handlers that write (the store, or an .ics file).

`Editing` is a base class of `AgendaApp` (rule 2: the App, and only the App, writes the store).
An edit is merged with what was changed elsewhere since the form opened (`agenda.core.merge`),
under one write lock; a clash is put to the person (`agenda.ui.conflict`). Every change leaves a
`Change` on the undo stack that says how to revert only what it did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from textual import on
from textual.app import App

from agenda.core import format as fmt
from agenda.core import schedule
from agenda.core.errors import AgendaError, NotFound, ValidationProblem
from agenda.core.models import Event
from agenda.ui.dialogs import ConfirmDelete, ExportForm
from agenda.ui.forms import EventForm

if TYPE_CHECKING:
    from agenda.core.clock import Clock
    from agenda.core.config import Settings
    from agenda.core.merge import Merge
    from agenda.core.store import EventRow, EventStore
    from agenda.ui.conflict import Choice
    from agenda.ui.proposals import Article, ReviewResult
    from agenda.ui.timeline import Timeline


@dataclass
class Change:
    """How to undo one change: delete `remove`, then put `restore` back."""

    label: str
    restore: list[Event]
    remove: list[str]
    written: list[Event] | None = None
    """What this change wrote: the added events, the edited ones as the edit made them, [] for
    a deletion. Undo then reverts only what the change did, keeping what was changed elsewhere
    since, and refuses where both changed a field (None: not known, the old events are put back
    as they were)."""


class _Asking(Exception):
    """Raised inside the write transaction to roll it back while a person settles a clash."""


class Editing(App[None]):
    """The App's writing handlers: add, edit (with merge), delete and undo."""

    if TYPE_CHECKING:
        # kept by AgendaApp
        store: EventStore
        anchor: date
        selected: str | None
        undo_stack: list[Change]
        clock: Clock
        settings: Settings
        _first: date | None
        _last: date | None

        @property
        def timeline(self) -> Timeline: ...

        @property
        def today(self) -> date: ...

        def reload(self, keep: str | None = None, *, at_end: bool = False) -> None: ...

        def go_to_event(self, event_id: str) -> None: ...

        def _show_detail(self, event_id: str) -> None: ...

    def _current_event(self) -> Event | None:
        row = self.timeline.current
        if row is None:
            # the month grid's cursor is on a day: say how to reach one of its events
            grid = self.timeline.month_day is not None
            hint = " (in the month grid: enter opens the day, tab lists its events)" * grid
            self.notify(f"select an event first{hint}", severity="warning")
            return None
        try:
            return self.store.get(row.id)
        except NotFound:
            return None

    def action_add(self) -> None:
        row = self.timeline.current
        parent = None
        if row is not None and (row.kind == "visit" or self.store.children(row.id)):
            # a visit or another container (a summit with its meetings); a selected child is
            # not a reason to put the new event inside its parent
            parent = row.id
        day = schedule.row_first_day(row) if row is not None else self.anchor
        if row is not None and row.approximate:
            day = self.anchor  # its stored day is not a day the source gives
        self.push_screen(
            EventForm(
                None,
                self.anchor,
                parent_id=parent,
                recorded_on=self.today,
                start=day,
                default_reminder=self.settings.reminder_for("default"),  # new events: 'default'
            )
        )

    def _refused_read_only(self, event: Event) -> bool:
        """True, after saying so in one line, when `event` is in a read-only calendar (the
        store would refuse the write; the form is not opened for nothing)."""
        if event.calendar == "default":
            return False
        if any(c.name == event.calendar and not c.writable for c in self.store.calendars()):
            # shorter than the CLI's line (a toast at 80 columns): no id, which `c` copies
            self.notify(
                f"{fmt.clean(event.title, one_line=True)!r} is in the read-only calendar "
                f"{event.calendar!r}: it cannot be changed here (agenda copy ID --calendar NAME "
                "copies it into a writable one; c copies its id)",
                severity="error",
                markup=False,
            )
            return True
        return False

    def action_edit(self) -> None:
        event = self._current_event()
        if event is None or self._refused_read_only(event):
            return
        series = None
        if event.recurrence_of is not None and self.store.exists(event.recurrence_of):
            series = self.store.get(event.recurrence_of)  # its repeat is shown, for all
        self.push_screen(EventForm(event, self.anchor, recorded_on=self.today, series=series))

    @on(EventForm.Submitted)
    def _saved(self, message: EventForm.Submitted) -> None:
        event, original = message.event, message.original
        series_id = original.recurrence_of if original is not None else None
        if original is None or series_id is None or not self.store.exists(series_id):
            self._save(event, original)
            return
        from agenda.ui.dialogs import ChooseScope

        def chosen(scope: str | None) -> None:
            if scope == "one":
                self._save(event, original)
            elif scope == "all":
                self._save_series(event, original, str(series_id), message.series_repeat)

        when = original.recurrence_start or original.start
        day = fmt.short_day(when.date() if isinstance(when, datetime) else when)
        self.push_screen(ChooseScope(original.title, day), chosen)

    def _save_series(
        self, event: Event, original: Event, series_id: str, repeat: dict[str, object] | None
    ) -> None:
        """Apply the edit of one occurrence to its whole series: the fields changed, the start
        and end moved by as much as the occurrence's were, and the repeat fields."""
        from agenda.core.models import parse_event

        try:
            series = self.store.get(series_id)
        except NotFound:
            self.notify("the series was deleted elsewhere; nothing saved", severity="error")
            return
        data = series.model_dump(exclude_none=True)
        data.pop("repeat", None)
        if repeat is not None:
            data["repeat"] = repeat
        skip = {"id", "start", "end", "recurrence_of", "recurrence_start", "repeat", "sequence"}
        for name in Event.model_fields:
            if name not in skip and getattr(event, name) != getattr(original, name):
                data[name] = getattr(event, name)
        if event.start != original.start and type(event.start) is type(original.start):
            data["start"] = series.start + (event.start - original.start)  # type: ignore[operator]
        moved_end = event.end is not None and original.end is not None and event.end != original.end
        if moved_end and type(event.end) is type(series.end_or_start):
            data["end"] = series.end_or_start + (event.end - original.end)  # type: ignore[operator]
        try:
            updated = parse_event(data)
        except ValidationProblem as exc:
            form = self.screen
            if isinstance(form, EventForm):
                form.show_problems(exc.problems)
            return
        self._save(updated, series)

    def _save_edit(
        self, event: Event, original: Event, asked: Merge | None, keep: Choice | None
    ) -> tuple[Event, Event] | None:
        """Write an edit made on `original`, merged with what was changed elsewhere since (read
        and written under one write lock). Returns the event as stored and the edit's own
        changes over `original` (what an undo reverts); None when a clash was put to the person.
        """
        from agenda.core.merge import merge

        clash: list[Merge] = []

        def change(stored: Event) -> Event:
            merged = merge(original, stored, event)
            if not merged.clashes:
                return merged.event
            if asked is not None and keep is not None and stored == asked.theirs:
                return merged.resolve(keep)  # answered for this very version
            clash.append(merged)
            raise _Asking

        try:
            saved, _ = self.store.update(event.id, change)
        except _Asking:
            from agenda.ui.conflict import ChangedElsewhere

            def answered(choice: Choice | None) -> None:
                if choice is not None:
                    self._save(event, original, clash[0], choice)

            self.push_screen(ChangedElsewhere(clash[0]), answered)
            return None
        except NotFound:
            raise AgendaError(
                "this event was deleted elsewhere since you opened it; nothing saved "
                "(esc leaves the form)"
            ) from None
        ours = event
        if asked is not None and keep == "theirs":  # the edit of those fields was given up
            ours = event.model_copy(
                update={name: getattr(original, name) for unit in asked.clashes for name in unit}
            )
        return saved, ours

    def _save(
        self,
        event: Event,
        original: Event | None,
        asked: Merge | None = None,
        keep: Choice | None = None,
    ) -> None:
        form = self.screen
        try:
            if original is None:
                self.store.add(event)
                saved = ours = self.store.get(event.id)
            else:
                got = self._save_edit(event, original, asked, keep)
                if got is None:
                    return
                saved, ours = got
        except ValidationProblem as exc:
            if isinstance(form, EventForm):
                form.show_problems(exc.problems)
            return
        except AgendaError as exc:
            if isinstance(form, EventForm):
                form.show_problems([str(exc)])
            return
        if original is None:
            self.undo_stack.append(
                Change(f"the addition of {quoted(saved.title)}", [], [saved.id], [saved])
            )
            verb = "added"
        else:
            self.undo_stack.append(
                Change(f"the edit of {quoted(original.title)}", [original], [], [ours])
            )
            verb = "saved"
        if isinstance(form, EventForm):
            form.dismiss(None)
        self.notify(f"{verb}: {saved.title} (u undoes)", markup=False)
        self.selected = saved.id
        self.go_to_event(saved.id)
        self.reload(saved.id)
        self._show_detail(saved.id)

    def action_delete(self) -> None:
        event = self._current_event()
        if event is None or self._refused_read_only(event):
            return
        kids = self.store.children(event.id)

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            before = [event]
            if choice == "delete":
                queue = [k.id for k in kids]
                while queue:
                    current = queue.pop(0)
                    before += self.store.get_many([current])
                    queue += [k.id for k in self.store.children(current)]
            else:
                before += self.store.get_many(k.id for k in kids)
            try:
                self.store.delete(event.id, children=choice)
            except AgendaError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            # detached children stay, with the deleted event's parent as theirs
            written = [
                e.model_copy(update={"parent_id": event.parent_id})
                for e in before[1:]
                if choice == "detach"
            ]
            self.undo_stack.append(Change(_deleted(event.title, len(before)), before, [], written))
            self.notify(f"deleted: {event.title} (u undoes)", markup=False)
            targets = [r.id for r in self.timeline.targets]
            index = targets.index(event.id) if event.id in targets else 0
            rest = [
                t
                for t in targets[index + 1 :] + targets[:index][::-1]
                if t not in {e.id for e in before}
            ]
            self.selected = rest[0] if rest else None
            self.reload(self.selected)

        self.push_screen(ConfirmDelete(event.title, len(kids)), chosen)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("nothing to undo")
            return
        change = self.undo_stack.pop()
        try:
            # checked and written under one write lock: a change made elsewhere since is kept
            with self.store.transaction():
                for event_id in change.remove:
                    if self.store.exists(event_id):
                        self._check_unchanged_since(change, event_id)
                        self.store.delete(event_id, children="detach")
                if change.restore:
                    self.store.put_many(self._undone(change))
        except AgendaError as exc:
            self.notify(f"cannot undo: {exc}", severity="error", markup=False)
            return
        self.notify(f"undone: {change.label}", markup=False)
        keep = change.restore[0].id if change.restore else None
        if keep:
            self.go_to_event(keep)
        self.reload(keep)

    def _check_unchanged_since(self, change: Change, event_id: str) -> None:
        written = {e.id: e for e in change.written or []}
        if (
            event_id in written
            and self.store.get(event_id).content() != written[event_id].content()
        ):
            raise AgendaError(f"{event_id} was changed elsewhere since; not removed")

    def _undone(self, change: Change) -> list[Event]:
        """The events to put back: the old ones, keeping the changes made elsewhere since."""
        if change.written is None:
            return change.restore
        from agenda.core.merge import merge

        written = {e.id: e for e in change.written}
        out: list[Event] = []
        for old in change.restore:
            if old.id not in written:  # a deleted event: nobody may have added one since
                if self.store.exists(old.id):
                    raise AgendaError(f"an event with the id {old.id!r} was added elsewhere since")
                out.append(old)
                continue
            try:
                stored = self.store.get(old.id)
            except NotFound:
                raise AgendaError(f"{old.id} was deleted elsewhere since") from None
            merged = merge(written[old.id], stored, old)
            if merged.clashes:
                fields = ", ".join(merged.clash_labels)
                raise AgendaError(f"{fields} changed elsewhere since; undo would overwrite it")
            out.append(merged.event)
        return out

    def action_export(self) -> None:
        rows = self.timeline.targets
        first, last = self._first, self._last
        name = (
            f"agenda-{first or 'all'}-{last or 'all'}.ics"
            if first != last
            else f"agenda-{first}.ics"
        )

        def chosen(path: str | None) -> None:
            if not path:
                return
            from agenda import ics  # iCalendar support loads only when asked for

            try:
                count = ics.write_events(
                    self.store.get_many(_export_ids(self.store, rows)), path, now=self.clock()
                )
            except AgendaError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(f"wrote {fmt.plural(count, 'event')} to {path}", markup=False)

        self.push_screen(ExportForm(name, len(rows)), chosen)

    # -- the review screen of an article (agenda.ui.review): it saves, the App keeps the undo

    def action_review(self) -> None:
        from agenda.ui.review import ArticlePrompt

        def chosen(article: Article | None) -> None:
            if article is not None:
                self.open_review(article)

        self.push_screen(ArticlePrompt(), chosen)

    def open_review(self, article: Article) -> None:
        """Push the review screen of `article`; on save, show the saved events and allow undo."""
        from agenda.ui.review import ReviewScreen

        def done(result: ReviewResult | None) -> None:
            if result is None:
                return
            # children before their parents: a day-less child cannot outlive its visit
            self.undo_stack.append(
                Change("the saved review of an article", result.before, result.added[::-1])
            )
            self.notify(result.summary(), markup=False)
            first = (result.added + result.merged)[0] if result.added or result.merged else None
            if first:
                self.go_to_event(first)
            self.reload(first)
            if first:
                self._show_detail(first)

        self.push_screen(ReviewScreen(article, self.store), done)


def quoted(title: str) -> str:
    return f"“{fmt.clean(title, one_line=True)}”"


def _deleted(title: str, count: int) -> str:
    more = f" and its {count - 1} event{'s' if count > 2 else ''}" if count > 1 else ""
    return f"the deletion of {quoted(title)}{more}"


def _export_ids(store: EventStore, rows: list[EventRow]) -> list[str]:
    """The events an export of these shown rows writes: each series once, as itself (with its
    rule), and every override of it, as `agenda export` does (store.export_data), not each shown
    occurrence as an event of its own."""
    ids = list(dict.fromkeys(r.series_id or r.id for r in rows))
    shown = set(ids)
    series = [r.series_id for r in rows if r.series_id]
    overrides = store.series_overrides(dict.fromkeys(series))
    return ids + [i for found in overrides.values() for i in found if i not in shown]
