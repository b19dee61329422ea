"""The `export` and `import` subcommands: iCalendar files to and from the store.

Argument parsing and printing only; the work is in `agenda.ics`. Nothing heavy is imported at
module level (`agenda list` loads this module to build its parser).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agenda.core.format import plural

if TYPE_CHECKING:
    from agenda.cli.context import Context


def register(sub: Any) -> dict[str, Callable[[Context], int]]:
    """Add `export` and `import` to the subparsers; returns their handlers."""
    from agenda.cli.parser import add_filter_flags

    p = sub.add_parser(
        "export",
        help="write events as an iCalendar (.ics) file",
        description="Write the events of a window (same filters as `list`) as one VCALENDAR.",
    )
    p.add_argument("-o", "--output", default="-", help="file to write, or - for stdout (default)")
    p.add_argument("--from", dest="first", help="first day (YYYY-MM-DD or today)")
    p.add_argument("--to", dest="last", help="last day, inclusive")
    p.add_argument("--days", type=int, help="number of days from --from (or today)")
    p.add_argument(
        "--calname",
        help="calendar name (X-WR-CALNAME; default: the --calendar given alone, else agenda)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        help="processes formatting the events (default: 2 for a store of 10,000 events or more"
        " on a machine with 2 CPUs or more, else 1; the bytes are the same, see docs/ics.md)",
    )
    add_filter_flags(p)

    p = sub.add_parser(
        "import",
        help="read events from an iCalendar (.ics) file",
        description="Import the VEVENTs of an .ics file in one transaction (see docs/ics.md). "
        "Recurring events stay series: the rule (RRULE, RDATE, EXDATE) is kept and single "
        "occurrences changed in the file (RECURRENCE-ID) are kept as overrides (so "
        "--expand-until, which expanded them once, is gone).",
    )
    p.add_argument("file", help=".ics file, or - for stdin")
    p.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    p.add_argument("--tag", help="tag every imported event with this (e.g. its origin)")
    p.add_argument(
        "--calendar", help="put every imported event in this writable calendar (default: default)"
    )
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid events; write invalid ones to FILE.rejects.ics",
    )
    p.add_argument(
        "--expand-until",
        help=argparse.SUPPRESS,  # gone: series are kept as series; passing it says so
    )
    return {"export": cmd_export, "import": cmd_import}


def cmd_export(ctx: Context) -> int:
    """`agenda export`: the filtered window as a VCALENDAR on stdout or in a file."""
    from agenda.cli.context import day_arg, filters_from_args
    from agenda.core import schedule
    from agenda.ics import write_events

    a = ctx.args
    window = schedule.window_from_args(
        day_arg(ctx, a.first, "--from"), day_arg(ctx, a.last, "--to"), a.days, ctx.today
    )
    first, last = (window.first, window.last) if window else (None, None)
    # the store's JSON goes to the writer as it is, streamed: no row or model is kept in memory
    filters = filters_from_args(a, store=ctx.store)
    calname = a.calname or (filters.calendars[0] if len(filters.calendars) == 1 else "agenda")
    # each series once, with its rule and its overrides (not its occurrences one by one)
    dicts = ctx.store.export_data(first, last, filters=filters, viewer_tz=ctx.viewer_tz)
    workers = default_jobs(ctx.store.count())
    if a.jobs is not None:
        cpus = os.cpu_count() or 1
        workers = min(max(a.jobs, 1), cpus)
        if a.jobs > cpus:
            print(f"agenda: --jobs {a.jobs} capped at {cpus}, the number of CPUs", file=sys.stderr)
    if a.output == "-":
        sys.stdout.flush()
        count = write_events(dicts, sys.stdout.buffer, calname, now=ctx.clock(), workers=workers)
        sys.stdout.buffer.flush()
    else:
        count = write_events(dicts, Path(a.output), calname, now=ctx.clock(), workers=workers)
        print(f"wrote {plural(count, 'event')} to {a.output}", file=sys.stderr)
    return 0


PARALLEL_FROM = 10_000
"""Stores of this many events are exported by two processes unless `--jobs` says otherwise:
measured at 100k, 2.5 s against 3.4 s (docs/ics.md); below, a second process is not worth
its start-up."""


def default_jobs(events: int) -> int:
    """How many processes format an export of a store of `events` when `--jobs` is not given."""
    import multiprocessing

    if events < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return 1
    return 2 if "fork" in multiprocessing.get_all_start_methods() else 1


def cmd_import(ctx: Context) -> int:
    """`agenda import`: an .ics file into the store, all or nothing, with a report."""
    from agenda.core.errors import UsageError
    from agenda.core.format import clean
    from agenda.ics import import_ics

    a = ctx.args
    if a.expand_until is not None:
        raise UsageError(
            "--expand-until is gone: recurring events are kept as series now (the rule, not "
            "its occurrences), so there is nothing to expand; drop the flag"
        )
    calendar = ctx.store.writable_calendar(a.calendar).name if a.calendar else None
    progress, done = _progress_bar(a.file)
    try:
        report = import_ics(
            ctx.store,
            a.file,
            tag=a.tag,
            calendar=calendar,
            dry_run=a.dry_run,
            skip_invalid=a.skip_invalid,
            progress=progress,
        )
    finally:
        done()
    for line in report.lines():
        ctx.out.line(clean(line, one_line=True))
    return 0


def _progress_bar(
    source: str,
) -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A Rich progress bar on stderr when it is a terminal and the file is large."""
    try:
        big = source != "-" and Path(source).stat().st_size > 2_000_000
    except OSError:
        big = False
    if not big or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console  # only for a large file on a terminal
    from rich.progress import Progress

    bar = Progress(transient=True, console=Console(stderr=True))
    task = bar.add_task("importing", total=None)
    bar.start()

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return update, bar.stop
