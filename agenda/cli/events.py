"""The commands that read and change events one by one: `list`, `search`, `show`, `add`, `edit`
and `delete`. They parse nothing (agenda.cli.parser does), call the core and print through
`Output`; the queries are core.schedule's and core.store's.
"""

from __future__ import annotations

import sys
from datetime import date

from agenda.cli.context import Context, Styled, day_arg, filters_from_args
from agenda.core.errors import UsageError
from agenda.core.format import plural
from agenda.core.store import Filters

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from typing import Any


def cmd_list(ctx: Context) -> int:
    from agenda.core import schedule

    a = ctx.args
    window = schedule.window_from_args(
        day_arg(ctx, a.first, "--from"), day_arg(ctx, a.last, "--to"), a.days, ctx.today
    ) or schedule.default_window(ctx.store, ctx.today)
    filters = filters_from_args(a, store=ctx.store)
    rows = schedule.list_window(ctx.store, window, filters, ctx.viewer_tz, limit=a.limit)
    if a.json:
        _print_json(ctx, [r.id for r in rows])
    else:
        _print_rows(ctx, rows, f"Agenda: {window.label}", filters, window.first)
    cut = ctx.store.cut_series
    if cut:
        import sys

        from agenda.core.format import cut_note

        print(f"agenda: {cut_note(cut)}", file=sys.stderr)
    return 0


def cmd_search(ctx: Context) -> int:
    a = ctx.args
    text = " ".join(a.text)
    rows = ctx.store.search(
        text, filters=filters_from_args(a, text=text, store=ctx.store), limit=a.limit
    )
    if a.json:
        return _print_json(ctx, [r.id for r in rows])
    _print_rows(ctx, rows, f"Search: {text!r}", Filters(), None)
    return 0


def _print_json(ctx: Context, ids: list[str]) -> int:
    from agenda.core.format import json_text

    events = ctx.store.get_many(ids)
    ctx.out.text(json_text([e.json_data() for e in events]))
    return 0


def _print_rows(
    ctx: Context, rows: list[Any], heading: str, filters: Filters, first: date | None
) -> None:
    from agenda.core import format as fmt
    from agenda.core import kinds
    from agenda.core.schedule import by_day, row_first_day

    out = ctx.out
    note = f" · {filters.describe()}" if not filters.is_empty() else ""
    out.line([(heading, "bold"), (f"{note} · {plural(len(rows), 'event')}", "dim")])
    if not rows:
        out.line("  nothing here")
        return
    # a visit's event with a day of its own is listed under that day, with its time (as the UI)
    groups = by_day(rows, first, children_on_own_day=True)
    viewer_tz = ctx.viewer_tz  # once: without TZ it reads the /etc/localtime link each time
    cells = {row.id: fmt.row_time(row, viewer_tz) for _, entries in groups for row, _ in entries}
    width = max([14, *map(len, cells.values())])
    for day, entries in groups:
        out.line()
        out.line([(day.strftime(ctx.settings.date_format), "bold underline")])
        for row, depth in entries:
            cell = cells[row.id]
            if depth and not row.approximate:
                first_day = row_first_day(row)
                if first_day != day:
                    cell = f"{first_day:%a %d %b}"
            title = fmt.clean(row.title, one_line=True)
            style = {"cancelled": "strike", "tentative": "dim", "postponed": "dim"}.get(
                row.status, ""
            )
            place = ", ".join(x for x in (row.city, row.country) if x)
            marker = "  " * depth + ("└ " if depth else "")
            pieces: Styled = [
                (f"  {cell:<{width}} ", "cyan"),
                (f"{row.kind:<10} ", f"bold {kinds.COLOURS.get(row.kind, '')}"),
                (marker, "dim"),
                (title, style),
            ]
            if row.series_id is not None:
                pieces.append(("  ↻", "dim"))  # one occurrence of a series (or the series)
            if row.status != "announced":
                pieces.append((f"  [{row.status}]", "yellow"))
            if place:
                pieces.append((f"  · {fmt.clean(place, one_line=True)}", "dim"))
            if row.calendar != "default":
                pieces.append((f"  [{fmt.clean(row.calendar, one_line=True)}]", "magenta"))
            out.line(pieces)
            out.line([(" " * (width + 14 + len(marker)) + f"id {row.id}", "dim")])


def cmd_show(ctx: Context) -> int:
    from agenda.core import format as fmt

    event_id = ctx.store.resolve(ctx.args.id)
    if ctx.args.json:
        event = ctx.store.get(event_id)
        ctx.out.text(fmt.json_text(event.json_data()))
        return 0
    # a view built without pydantic: the model's imports alone cost more than `show` may take
    event = ctx.store.view(event_id)
    parent = None
    if event.parent_id and ctx.store.exists(event.parent_id):
        parent = ctx.store.row(event.parent_id)
    series = None
    if getattr(event, "recurrence_of", None) and ctx.store.exists(event.recurrence_of):
        series = ctx.store.get(event.recurrence_of)
    sections = fmt.detail_sections(
        event,
        viewer_tz=ctx.viewer_tz,
        parent=parent,
        children=ctx.store.children(event.id),
        series=series,
    )
    if getattr(event, "repeat", None) is not None:
        from agenda.cli.series import series_lines

        sections = [
            (h, lines + series_lines(ctx, event) if h == "Repeats" else lines)
            for h, lines in sections
        ]
    overlaps = _overlaps(ctx, event_id)
    out = ctx.out
    if out.rich:
        from rich.console import Group
        from rich.padding import Padding
        from rich.panel import Panel
        from rich.text import Text

        items: list[Any] = []
        for i, (heading, lines) in enumerate(sections[1:]):
            if i:
                items.append(Text(""))
            items.append(Text(heading, style="bold"))
            items += [Padding(Text(line), (0, 0, 0, 2)) for line in lines]
        if overlaps:
            items.append(Text(""))
            items += [Text(line) for line in overlaps]
        body = Group(*items)
        title = Text(sections[0][0], style="bold")
        subtitle = Text("  ".join(sections[0][1]), style="dim")
        out.console.print(Panel(body, title=title, subtitle=subtitle, title_align="left"))
        return 0
    out.line(sections[0][0])
    for line in sections[0][1]:
        out.line(f"  {line}")
    for heading, lines in sections[1:]:
        out.line()
        out.line(heading)
        for line in lines:
            out.line(f"  {line}" if line else "")
    if overlaps:
        out.line()
        for line in overlaps:
            out.line(line)
    return 0


def _overlaps(ctx: Context, event_id: str) -> list[str]:
    """One line per conflict of the event: "overlaps: <title> (<id>) <when>"."""
    from agenda.core import conflicts as clashes
    from agenda.core import format as fmt

    lines = []
    for c in clashes.of_event(ctx.store, event_id, ctx.viewer_tz):
        other = ctx.store.row(c.other_id)
        when = fmt.when_text(
            other.start_value,
            other.end_value if other.end else None,
            tz=other.tz,
            precision=other.precision,
        )
        lines.append(f"overlaps: {fmt.clean(c.other_title, one_line=True)} ({c.other_id}) {when}")
    return lines


def _event_fields(ctx: Context, base: dict[str, Any]) -> dict[str, Any]:
    """Merge the field flags of `add`/`edit` into `base` (a model dump)."""
    from agenda.core.query import split_values
    from agenda.core.schedule import parse_day, parse_when
    from agenda.core.zones import zone_problem

    a = ctx.args
    data = dict(base)
    for flag, key in (
        ("title", "title"),
        ("kind", "kind"),
        ("precision", "precision"),
        ("chair", "chair"),
        ("next_chair", "next_chair"),
        ("parent", "parent_id"),
        ("description", "description"),
        ("notes", "notes"),
    ):
        value = getattr(a, flag)
        if value is not None:
            data[key] = value
    for flag in ("tz", "end_tz", "place_tz"):
        value = getattr(a, flag)
        if value:
            problem = zone_problem(value)
            if problem:
                raise UsageError(f"--{flag.replace('_', '-')}: {problem}")
    if a.start is not None:
        data["start"] = parse_when(a.start, ctx.today, what="--start")
    if a.end is not None:
        data["end"] = parse_when(a.end, ctx.today, what="--end")
    location = dict(data.get("location") or {})
    for flag, key in (
        ("venue", "venue"),
        ("city", "city"),
        ("country", "country"),
        ("place_tz", "tz"),
        ("lat", "lat"),
        ("lon", "lon"),
    ):
        value = getattr(a, flag)
        if value is not None:
            location[key] = value
    data["location"] = location or None
    if a.tz is not None:
        data["tz"] = a.tz
    if a.end_tz is not None:
        data["end_tz"] = a.end_tz
    timed = hasattr(data.get("start"), "hour")
    if a.floating:
        data["tz"] = None
        data["end_tz"] = None
    elif timed and not data.get("tz"):
        place_tz = location.get("tz")
        if not place_tz:
            raise UsageError(
                "--start has a time but no zone: give --tz ZONE, --place-tz ZONE or --floating"
            )
        data["tz"] = place_tz
    if a.org:
        data["organizations"] = list(split_values(a.org))
    if a.participant:
        from agenda.core.models import parse_participant

        people = []
        for entry in a.participant:
            try:
                people.append(parse_participant(entry))
            except ValueError as exc:
                raise UsageError(f"--participant: {exc}") from None
        data["participants"] = people
    if a.agenda:
        data["agenda"] = list(a.agenda)
    if a.outcome:
        from agenda.core.models import parse_outcome

        try:
            data["outcomes"] = [parse_outcome(o) for o in a.outcome]
        except ValueError as exc:
            raise UsageError(f"--outcome: {exc}") from None
    if a.tag:
        data["tags"] = list(split_values(a.tag))
    if a.remind:
        data["reminders"] = _reminders(a.remind)
    if a.calendar is not None:  # unknown: one line naming the known ones; read-only: refused
        data["calendar"] = ctx.store.writable_calendar(a.calendar).name
    source_flags = (a.source_url, a.source_publisher, a.source_title, a.source_date, a.quote)
    if any(v is not None for v in source_flags) or a.speaker:
        data["sources"] = [
            *data.get("sources", []),
            {
                "url": a.source_url,
                "publisher": a.source_publisher,
                "title": a.source_title,
                "published": parse_day(a.source_date, ctx.today, what="--source-date")
                if a.source_date
                else None,
                "quote": a.quote,
                "speaker": a.speaker,
            },
        ]
    if a.status is not None:
        from agenda.core.models import record_status

        record_status(data, a.status, base.get("status"), ctx.today, a.status_source)
    from agenda.cli.series import apply_repeat

    apply_repeat(ctx, data)
    return data


def _reminders(values: list[str]) -> list[str]:
    """--remind values (also "1d,2h"); "none" means no reminder."""
    from agenda.core.query import split_values
    from agenda.core.reminders import offset_text, parse_offset

    out: list[str] = []
    for value in split_values(values):
        if value.strip().lower() == "none":
            continue
        try:
            out.append(offset_text(parse_offset(value)))
        except ValueError as exc:
            raise UsageError(f"--remind: {exc}") from None
    return out


def cmd_add(ctx: Context) -> int:
    from agenda.core.models import new_id, parse_event

    data = _event_fields(ctx, {})
    reminder = ctx.settings.reminder_for(data.get("calendar", "default"))
    if not ctx.args.remind and reminder:
        data["reminders"] = [reminder]
    start = data["start"]
    data["id"] = ctx.args.event_id or new_id(data["title"], getattr(start, "date", lambda: start)())
    if ctx.store.exists(data["id"]):
        raise UsageError(f"an event with the id {data['id']!r} already exists")
    event = parse_event(data)
    ctx.store.add(event)  # checks the id again under the write lock (another add may race)
    ctx.out.line(f"added {event.id}")
    return 0


def cmd_edit(ctx: Context) -> int:
    from agenda.core.models import Event, parse_event

    for key in ctx.args.clear:
        field = key.replace("-", "_")
        if field in ("id", "title", "start", "kind", "status"):
            raise UsageError(f"--clear: {key} cannot be empty")
        if field not in Event.model_fields:
            raise UsageError(f"--clear: unknown field {key!r}")

    def change(old: Event) -> Event:
        base = old.model_dump(exclude_none=True)
        for key in ctx.args.clear:
            base.pop(key.replace("-", "_"), None)
        return parse_event(_event_fields(ctx, base))

    target = ctx.args.id
    if ctx.args.occurrence is not None:
        from agenda.cli.series import occurrence_id

        target = occurrence_id(ctx, ctx.store.resolve(ctx.args.id), ctx.args.occurrence)
    # read, change and write under one write lock: an edit by another process in between is
    # not overwritten with the version read before it
    event, result = ctx.store.update(target, change)
    if event.recurrence_of is not None:
        ctx.out.line(f"{result.value} {event.id} (one occurrence of {event.recurrence_of})")
    else:
        ctx.out.line(f"{result.value} {event.id}")
    return 0


def cmd_delete(ctx: Context) -> int:
    from agenda.cli.series import occurrence_id, occurrence_of

    store = ctx.store
    target = ctx.args.id
    if ctx.args.occurrence is not None:
        target = occurrence_id(ctx, store.resolve(target), ctx.args.occurrence)
    one = occurrence_of(ctx, target)
    if one is not None:
        return _cancel_occurrence(ctx, target, *one)
    row = store.row(target)
    kids = store.children(row.id)
    children = ctx.args.children
    interactive = sys.stdin.isatty()
    if kids and children is None:
        if not interactive:
            raise UsageError(
                f"{row.id!r} has {plural(len(kids), 'event')} inside it: add --children delete "
                "or --children detach"
            )
        answer = _ask(
            f"{row.id!r} has {plural(len(kids), 'event')} inside it. Delete them too (d), "
            "detach them (k), or stop (s)? [d/k/S] "
        )
        children = {"d": "delete", "k": "detach"}.get(answer)
        if children is None:
            ctx.out.line("nothing deleted")
            return 1
    if not ctx.args.yes:
        if not interactive:
            raise UsageError("deleting needs --yes when not run from a terminal")
        from agenda.core.format import clean

        answer = _ask(f"Delete {clean(row.title, one_line=True)!r} [{row.id}]? [y/N] ")
        if answer != "y":
            ctx.out.line("nothing deleted")
            return 1
    gone = store.delete(row.id, children=children or "refuse")
    ctx.out.line(f"deleted {', '.join(gone)}")
    return 0


def _cancel_occurrence(ctx: Context, target: str, series_id: str, start: date) -> int:
    """`delete` of one occurrence: an EXDATE on its series (and its override deleted)."""
    if not ctx.args.yes:
        if not sys.stdin.isatty():
            raise UsageError("deleting needs --yes when not run from a terminal")
        answer = _ask(f"Take the occurrence {target} out of the series {series_id}? [y/N] ")
        if answer != "y":
            ctx.out.line("nothing deleted")
            return 1
    ctx.store.cancel_occurrence(series_id, start)
    ctx.out.line(f"deleted the occurrence {target} (an exception date of {series_id})")
    return 0


def _ask(prompt: str) -> str:
    try:
        return input(prompt).strip().lower()[:1]
    except EOFError:
        return ""
