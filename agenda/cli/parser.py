"""The argument parser of `agenda`: the top-level flags, every core subcommand's flags, the help
formatter, and the registry of the feature modules that add their own subcommands.

Only the parser of the command being run is built (`build_parser(argv)`); a feature module
(`agenda.cli.ics`, `.share`, `.extract`) is imported only when its command runs or for the full
help.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from agenda import __version__
from agenda.cli.quick import int_or_unlimited as _limit

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from typing import Any

    from agenda.cli.context import Context

FEATURE_MODULES: dict[str, str] = {
    "export": "agenda.cli.ics",
    "import": "agenda.cli.ics",
    "serve": "agenda.cli.share",
    "sync": "agenda.cli.share",
    "extract": "agenda.cli.extract",
    "calendars": "agenda.cli.calendars",
    "copy": "agenda.cli.calendars",
    "subscribe": "agenda.cli.subscribe",
    "refresh": "agenda.cli.subscribe",
    "unsubscribe": "agenda.cli.subscribe",
    "subscriptions": "agenda.cli.subscribe",
}
"""Subcommands added by the feature modules of `agenda.cli`, each with
`register(sub) -> dict[name, handler]` and nothing heavy imported at module level. Only the
module of the command being run is imported."""

FEATURE_HANDLERS: dict[str, Callable[[Context], int]] = {}
"""The handlers of the feature modules' subcommands, filled as `build_parser` imports them."""


def add_filter_flags(p: argparse.ArgumentParser, *, text: bool = True) -> None:
    g = p.add_argument_group("filters (repeat a flag or separate values with commas)")
    g.add_argument("--kind", action="append", help="visit, summit, meeting, bilateral, ...")
    g.add_argument("--org", action="append", help="organization code, e.g. SCO")
    g.add_argument("--country", action="append", help="country of the venue")
    g.add_argument("--status", action="append", help="announced, confirmed, cancelled, ...")
    if text:
        g.add_argument("--text", help="words that must appear in any text field")
    g.add_argument(
        "--calendar", action="append", help="only the events of this calendar (see `calendars`)"
    )


def _add_field_flags(p: argparse.ArgumentParser, *, adding: bool) -> None:
    g = p.add_argument_group("fields")
    g.add_argument("--title", required=adding)
    g.add_argument("--kind", help="visit, summit, meeting, bilateral, conference, other")
    g.add_argument("--status", help="announced, confirmed, tentative, postponed, cancelled, held")
    g.add_argument("--status-source", help="who reported the status change (with --status)")
    g.add_argument(
        "--start", required=adding, help="YYYY-MM-DD (all day) or YYYY-MM-DDTHH:MM (timed)"
    )
    g.add_argument("--end", help="inclusive end, same form as --start")
    g.add_argument("--tz", help="IANA zone of a timed event (default: the place's zone)")
    g.add_argument("--end-tz", help="zone of the end when it differs")
    g.add_argument("--floating", action="store_true", help="a timed event with no zone")
    g.add_argument("--precision", help="exact, range, within_parent, month")
    g.add_argument("--venue")
    g.add_argument("--city")
    g.add_argument("--country")
    g.add_argument("--place-tz", help="IANA zone of the place")
    g.add_argument("--lat", type=float)
    g.add_argument("--lon", type=float)
    g.add_argument("--org", action="append", help="organization code (repeatable)")
    g.add_argument("--participant", action="append", help='"Name; Role; Country" (repeatable)')
    g.add_argument("--chair", help="country chairing")
    g.add_argument("--next-chair", help="country chairing next")
    g.add_argument("--agenda", action="append", help="an agenda item (repeatable)")
    g.add_argument(
        "--outcome", action="append", help='an expected outcome, e.g. "13 documents" (repeatable)'
    )
    g.add_argument("--source-url")
    g.add_argument("--source-publisher")
    g.add_argument("--source-title")
    g.add_argument("--source-date", help="publication date of the source")
    g.add_argument("--quote", help="the sentence of the source that supports the entry")
    g.add_argument("--speaker", help="who said the quoted sentence")
    g.add_argument("--parent", help="id of the event this one happens during")
    g.add_argument("--tag", action="append", help="a tag (repeatable)")
    g.add_argument(
        "--remind",
        action="append",
        metavar="BEFORE",
        help="a reminder this long before the start: 1d, 2h, 30m, 1w, 1d12h (repeatable; "
        + (
            "default: the settings' default_reminder; none for no reminder)"
            if adding
            else "replaces the event's reminders; none removes them)"
        ),
    )
    g.add_argument("--description")
    g.add_argument("--notes")
    g.add_argument(
        "--calendar",
        help="the writable calendar the event belongs to"
        + (" (default: default)" if adding else " (moves it there)"),
    )
    r = p.add_argument_group("repeat (a series: stored once, shown on every occurrence)")
    r.add_argument(
        "--repeat",
        type=str.lower,
        choices=["yearly", "monthly", "weekly", "daily", *([] if adding else ["none"])],
        help="repeat every year, month, week or day from the start"
        + ("" if adding else " (none: stop repeating)"),
    )
    r.add_argument("--until", help="last day of the series (inclusive)")
    r.add_argument("--count", type=int, help="number of occurrences")
    r.add_argument("--interval", type=int, help="every N years, months, weeks or days")


def _parser_list(sub: Any) -> None:
    p = sub.add_parser("list", help="the agenda for a window of days")
    p.add_argument("--from", dest="first", help="first day (YYYY-MM-DD or today)")
    p.add_argument("--to", dest="last", help="last day, inclusive")
    p.add_argument("--days", type=int, help="number of days from --from (or today)")
    p.add_argument("--limit", type=_limit, help="show at most this many events")
    p.add_argument("--json", action="store_true", help="full events as JSON")
    add_filter_flags(p)


def _parser_show(sub: Any) -> None:
    p = sub.add_parser("show", help="every field of one event")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")


def _parser_search(sub: Any) -> None:
    p = sub.add_parser("search", help="full-text search over every text field")
    p.add_argument("text", nargs="+")
    p.add_argument("--limit", type=_limit)
    p.add_argument("--json", action="store_true")
    add_filter_flags(p, text=False)


def _parser_add(sub: Any) -> None:
    p = sub.add_parser("add", help="add an event")
    p.add_argument("--id", dest="event_id", help="id to use (default: made from date and title)")
    _add_field_flags(p, adding=True)


def _parser_edit(sub: Any) -> None:
    p = sub.add_parser("edit", help="change fields of an event (a whole series, or one occurrence)")
    p.add_argument("id", help="an id, or an occurrence key such as SERIES/20260916")
    p.add_argument(
        "--occurrence", help="change only the occurrence of the series ID on this day (or time)"
    )
    _add_field_flags(p, adding=False)
    p.add_argument(
        "--clear", action="append", default=[], help="empty a field, e.g. --clear end (repeatable)"
    )


def _parser_delete(sub: Any) -> None:
    p = sub.add_parser("delete", help="delete an event (a whole series, or one occurrence)")
    p.add_argument("id", help="an id, or an occurrence key such as SERIES/20260916")
    p.add_argument(
        "--occurrence", help="take out only the occurrence of the series ID on this day (EXDATE)"
    )
    p.add_argument("--yes", "-y", action="store_true", help="do not ask")
    p.add_argument(
        "--children",
        choices=["delete", "detach"],
        help="what happens to the events inside it (asked when not given)",
    )


def _parser_load(sub: Any) -> None:
    p = sub.add_parser("load", help="load events from TOML or JSON data files")
    p.add_argument("files", nargs="+", help="data files, or - for stdin")
    p.add_argument(
        "--calendar", help="put every event in this writable calendar (default: as each says)"
    )


def _parser_dump(sub: Any) -> None:
    p = sub.add_parser("dump", help="write every event as a data file")
    p.add_argument(
        "--format",
        choices=["toml", "json"],
        help="default: json for an --output ending in .json, else toml",
    )
    p.add_argument("-o", "--output", help="file to write (default: stdout)")


def _parser_schema(sub: Any) -> None:
    p = sub.add_parser("schema", help="the JSON Schema of the data file")
    p.add_argument("-o", "--output", help="file to write (default: stdout)")


def _parser_config(sub: Any) -> None:
    sub.add_parser("config", help="where the settings file is, and the effective settings")


_REMIND_EXAMPLES = """examples:
  agenda remind                      reminders due in the next 24 hours
  agenda remind --within 1h --notify for cron or a systemd timer run every hour
  agenda remind --within 2d --json   the same as JSON, for scripts

Each reminder is printed once by a run every N with --within N: a run shows the reminders
that fall due from now to now + WITHIN (docs/reminders.md has a systemd timer)."""


def _parser_remind(sub: Any) -> None:
    p = sub.add_parser(
        "remind",
        help="reminders that fall due soon (for cron or a systemd timer)",
        description="The reminders that fall due from now to now + WITHIN, earliest first.",
        epilog=_REMIND_EXAMPLES,
        formatter_class=_RawEpilogFormatter,
    )
    p.add_argument("--within", default="24h", help="how far ahead: 1h, 24h, 2d (default 24h)")
    p.add_argument("--json", action="store_true", help="the reminders as JSON")
    p.add_argument(
        "--notify",
        action="store_true",
        help="also send each as a desktop notification (notify-send)",
    )


def _parser_tui(sub: Any) -> None:
    sub.add_parser("tui", help="open the full-screen agenda")


_CORE_PARSERS: dict[str, Callable[[Any], None]] = {
    "list": _parser_list,
    "show": _parser_show,
    "search": _parser_search,
    "add": _parser_add,
    "edit": _parser_edit,
    "delete": _parser_delete,
    "load": _parser_load,
    "dump": _parser_dump,
    "schema": _parser_schema,
    "config": _parser_config,
    "tui": _parser_tui,
    "remind": _parser_remind,
}


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named in `argv`, found without parsing (None when there is none)."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--store":
            skip = True
        elif not token.startswith("-"):
            return token
        elif token in ("-h", "--help", "--version"):
            return None
    return None


def _terminal_columns() -> int:
    """The width `shutil.get_terminal_size` would give (COLUMNS, then the terminal, then 80)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, sized without importing shutil (argparse builds a formatter for
    every argument it adds, and shutil's import costs ~3 ms of every `agenda` call)."""

    def __init__(self, prog: str, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("width") is None and len(args) < 3:
            kwargs["width"] = _terminal_columns() - 2
        super().__init__(prog, *args, **kwargs)


class _RawEpilogFormatter(_HelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Examples in the epilog keep their lines."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser (and, as subparsers take their parent's class, every subcommand's)
    with the cheap help formatter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser; with `argv`, only the subcommand it names is built (cheaper)."""
    parser = _Parser(
        prog="agenda",
        description="A terminal agenda for summits, state visits and diplomatic meetings.",
    )
    parser.add_argument("--version", action="version", version=f"agenda {__version__}")
    parser.add_argument(
        "--store", help="store file (default: AGENDA_STORE, then the user data dir)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = _chosen_command(argv) if argv is not None else None
    if chosen in _CORE_PARSERS:
        _CORE_PARSERS[chosen](sub)
        return parser
    modules = list(dict.fromkeys(FEATURE_MODULES.values()))
    if chosen in FEATURE_MODULES:
        modules = [FEATURE_MODULES[chosen]]
    else:
        for build in _CORE_PARSERS.values():
            build(sub)
    for name in modules:
        module = importlib.import_module(name)
        FEATURE_HANDLERS.update(module.register(sub))
    return parser
