"""The `calendars` command (list, add, rename, colour, remove) and `copy` (an event into a
writable calendar). Argument parsing and printing only; the work is in `agenda.core.store`
(`EventStore.calendars` and friends). Nothing heavy is imported at module level.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agenda.cli.context import Context
    from agenda.core.store import Calendar

_CALENDARS_EXAMPLES = """examples:
  agenda calendars                              every calendar, its colour and events
  agenda calendars --json                       the same as JSON, for scripts
  agenda calendars add work --colour blue       a new writable calendar
  agenda calendars add mfa --read-only          a read-only one (for a subscription)
  agenda calendars rename work office           its events move with it
  agenda calendars colour office '#2a9d8f'      colours: #rrggbb or a name (none: the theme's)
  agenda calendars remove office --move-to default
  agenda calendars remove old --delete-events   its events go with it

Every event belongs to one calendar ('default' unless it says otherwise). `list`, `search`
and `export` take --calendar NAME (several: a,b) to show only those; `add`, `import` and
`load` take --calendar NAME to write into one."""

_COPY_EXAMPLES = """examples:
  agenda copy 2021-09-16-csto --calendar default      a subscription's event, made editable
  agenda copy sco/20270916 --calendar work --id sco-2027  one occurrence, as an event of its own

The copy is a new event (a new id, SEQUENCE 0) in a writable calendar; the original stays."""


def register(sub: Any) -> dict[str, Callable[[Context], int]]:
    """Add `calendars` and `copy` to the subparsers; returns their handlers."""
    from agenda.cli.parser import _RawEpilogFormatter

    p = sub.add_parser(
        "calendars",
        help="list, add, rename, recolour and remove calendars",
        description="The calendars of the store. Without an action: list them.",
        epilog=_CALENDARS_EXAMPLES,
        formatter_class=_RawEpilogFormatter,
    )
    p.add_argument("--json", action="store_true", help="print as JSON")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    a = actions.add_parser("list", help="every calendar (the default action)")
    a.add_argument("--json", action="store_true", help="print as JSON")
    a = actions.add_parser("add", help="make a new calendar")
    a.add_argument("name")
    a.add_argument("--colour", "--color", dest="colour", help="#rrggbb or a colour name")
    a.add_argument("--read-only", action="store_true", help="refuse edits (a subscription)")
    a.add_argument("--description", help="what the calendar holds")
    a.add_argument("--json", action="store_true", help="print the new calendar as JSON")
    a = actions.add_parser("rename", help="give a calendar another name")
    a.add_argument("name")
    a.add_argument("new_name")
    a.add_argument("--json", action="store_true", help="print the calendar as JSON")
    a = actions.add_parser("colour", aliases=["color"], help="set a calendar's colour")
    a.add_argument("name")
    a.add_argument("colour", help="#rrggbb, a colour name, or none (the theme's)")
    a.add_argument("--json", action="store_true", help="print the calendar as JSON")
    a = actions.add_parser("remove", help="remove a calendar")
    a.add_argument("name")
    what = a.add_mutually_exclusive_group()
    what.add_argument("--move-to", metavar="CALENDAR", help="move its events there first")
    what.add_argument("--delete-events", action="store_true", help="delete its events too")
    a.add_argument("--json", action="store_true", help="print what was removed as JSON")

    c = sub.add_parser(
        "copy",
        help="copy an event into a writable calendar",
        description="Copy an event (or one occurrence) into a writable calendar, as a new event.",
        epilog=_COPY_EXAMPLES,
        formatter_class=_RawEpilogFormatter,
    )
    c.add_argument("id", help="an id, or an occurrence key such as SERIES/20260916")
    c.add_argument("--calendar", required=True, help="the writable calendar to copy into")
    c.add_argument("--id", dest="new_id", help="id of the copy (default: made from date and title)")
    c.add_argument("--json", action="store_true", help="print the copy as JSON")
    return {"calendars": cmd_calendars, "copy": cmd_copy}


def calendar_data(calendar: Calendar) -> dict[str, Any]:
    """A calendar as `--json` prints it."""
    return {
        "name": calendar.name,
        "colour": calendar.colour,
        "writable": calendar.writable,
        "description": calendar.description,
        "source": calendar.source,
        "events": calendar.events,
    }


def cmd_calendars(ctx: Context) -> int:
    """`agenda calendars [ACTION]`."""
    from agenda.core.format import json_text

    a = ctx.args
    store = ctx.store
    action = a.action or "list"
    if action == "list":
        calendars = store.calendars()
        if a.json:
            ctx.out.text(json_text([calendar_data(c) for c in calendars]))
            return 0
        _print_calendars(ctx, calendars)
        return 0
    if action == "add":
        done = store.add_calendar(
            a.name, colour=a.colour, writable=not a.read_only, description=a.description
        )
        said = f"added calendar {done.name}"
    elif action == "rename":
        done = store.rename_calendar(a.name, a.new_name)
        said = f"renamed calendar {a.name} to {done.name}"
    elif action in ("colour", "color"):
        clear = a.colour.lower() == "none"
        done = store.set_calendar(a.name, colour=None if clear else a.colour, clear_colour=clear)
        said = f"calendar {done.name}: colour {done.colour or 'the theme default'}"
    else:
        if a.move_to is not None:
            store.check_calendars([a.move_to])
        done = store.calendar(a.name)
        count = store.remove_calendar(
            a.name,
            events="move" if a.move_to else "delete" if a.delete_events else "refuse",
            into=a.move_to,
        )
        done = done._replace(events=count)
        fate = (
            f", its {count} event(s) moved to {a.move_to}"
            if a.move_to and count
            else f", with its {count} event(s)"
            if count
            else ""
        )
        said = f"removed calendar {done.name}{fate}"
    if a.json:
        ctx.out.text(json_text(calendar_data(done)))
    else:
        ctx.out.line(said)
    return 0


def _print_calendars(ctx: Context, calendars: list[Calendar]) -> None:
    from agenda.core.format import clean, plural

    width = max(len(c.name) for c in calendars)
    for c in calendars:
        colour = c.hex_colour()
        pieces: list[tuple[str, str]] = [
            ("● " if colour else "○ ", colour or "dim"),
            (f"{clean(c.name, one_line=True):<{width}}  ", "bold"),
            (f"{plural(c.events, 'event'):>12}  ", ""),
            ("writable" if c.writable else "read-only", "" if c.writable else "yellow"),
        ]
        if c.colour:
            pieces.append((f"  {c.colour}", "dim"))
        if c.source:
            pieces.append((f"  from {clean(c.source, one_line=True)}", "dim"))
        if c.description:
            pieces.append((f"  · {clean(c.description, one_line=True)}", "dim"))
        ctx.out.line(pieces)


def cmd_copy(ctx: Context) -> int:
    """`agenda copy ID --calendar NAME`: a new event, like ID, in a writable calendar."""
    from agenda.core.format import json_text
    from agenda.core.models import new_id, parse_event

    a = ctx.args
    target = ctx.store.writable_calendar(a.calendar).name
    original = ctx.store.get(ctx.store.resolve(a.id))
    data = original.model_dump(
        exclude_none=True,
        exclude={"sequence", "created", "last_modified", "ical_uid", "recurrence_of"},
    )
    data.pop("recurrence_start", None)  # an occurrence (or an override) becomes an event
    start = original.start
    data["id"] = a.new_id or new_id(original.title, getattr(start, "date", lambda: start)())
    data["calendar"] = target
    reminder = ctx.settings.reminder_for(target)
    if not data.get("reminders") and reminder:
        data["reminders"] = [reminder]  # as a new event of that calendar
    copy = parse_event(data)
    ctx.store.add(copy)
    if a.json:
        ctx.out.text(json_text(ctx.store.get(copy.id).json_data()))
    else:
        ctx.out.line(f"copied {original.id} to {copy.id} in calendar {target}")
    return 0
