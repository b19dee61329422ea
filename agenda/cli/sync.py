"""`agenda sync` as a command: the remote from flags and remotes.toml, prompts, the printed report.

The sync itself (plan, CalDAV side, apply) is `agenda.share.sync`; this module is the glue between
it and argparse, the terminal and `input()`, which the core of sharing must not know about.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from agenda.core.errors import SyncError, UsageError
from agenda.share.sync.remote import PASSWORD_ENV, Remote, check_url, load_remote
from agenda.share.sync.report import LIST_LIMIT, Report

if TYPE_CHECKING:
    from agenda.cli.context import Context
    from agenda.share.sync.early import Early
    from agenda.share.sync.state import SyncState


def resolve_remote(ctx: Context) -> Remote:
    """The remote from the command line: a name from remotes.toml and/or --url/--user/--calendar."""
    a = ctx.args
    base = load_remote(a.remote) if a.remote else None
    if base is None and not a.url:
        raise UsageError("sync: give --url URL, or the name of a remote from remotes.toml")
    return Remote(
        url=check_url(a.url, "--url") if a.url else base.url,  # type: ignore[union-attr]
        user=a.user or (base.user if base else None),
        calendar=a.calendar or (base.calendar if base else None),
        password_env=base.password_env if base else PASSWORD_ENV,
        password_command=base.password_command if base else None,
        name=base.name if base else None,
        connections=a.connections or (base.connections if base else None),
    )


def run_cli(ctx: Context) -> int:
    """`agenda sync`: resolve the remote, sync, print the report.

    Every failure of the conversation with the server ends as one line on stderr (a SyncError,
    exit 5); Ctrl-C as one line too (exit 130). Both say whether anything was changed.
    """
    a = ctx.args
    remote = resolve_remote(ctx)
    report = Report(dry_run=a.dry_run)
    password = None
    try:
        password = remote.password()  # a password command may ask, and be interrupted
        _run(ctx, remote, password, report)
    except KeyboardInterrupt:
        print(f"agenda: sync interrupted: {_aftermath(report)}", file=sys.stderr)
        return 130
    except SyncError as exc:
        if report.touched:
            raise SyncError(f"{exc}; {_aftermath(report)}") from None
        raise
    except Exception as exc:
        from agenda.share.sync.failures import explain

        problem = explain(exc, remote, password)
        if problem is None:
            raise
        if report.touched:
            raise SyncError(f"{problem}; {_aftermath(report)}") from None
        raise problem from None
    for line in report.lines(None if a.verbose else LIST_LIMIT):
        ctx.out.line(line)
    return 0


class ProgressBar:
    """A Rich progress bar on stderr for the server steps of a sync, shown only when stderr is a
    terminal and the steps have taken more than `AFTER` seconds (a quick sync prints nothing
    more than it did); gone once the sync ends. `clock`: monotonic seconds (tests pass theirs)."""

    AFTER = 1.0

    def __init__(
        self, stream: IO[str] | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.on_terminal = bool(getattr(self.stream, "isatty", lambda: False)())
        self.total = 0
        self.done = 0
        self.began = 0.0
        self.bar: Any = None
        self.task: Any = None

    def start(self, total: int) -> None:
        self.total, self.done, self.began = total, 0, self.clock()

    def advance(self) -> None:
        self.done += 1
        if not self.on_terminal:
            return
        if self.bar is None:
            if self.clock() - self.began <= self.AFTER or self.done >= self.total:
                return
            from rich.console import Console  # only for a slow sync on a terminal
            from rich.progress import Progress

            self.bar = Progress(transient=True, console=Console(file=self.stream))
            self.task = self.bar.add_task("syncing with the server", total=self.total)
            self.bar.start()
        self.bar.update(self.task, completed=self.done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _aftermath(report: Report) -> str:
    """What a failed or interrupted sync leaves behind, for its last words."""
    if report.touched:
        return (
            "the steps done so far are complete and recorded on both sides; run agenda sync "
            "again to finish"
        )
    return "nothing was changed on either side"


def _run(ctx: Context, remote: Remote, password: str | None, report: Report) -> None:
    """One sync: the first question to the server is sent (`early`) before caldav and the
    sync's planning are imported, so that the server answers it while they load."""
    from agenda.share.sync import early
    from agenda.share.sync.state import SyncState

    a = ctx.args
    store = ctx.store
    state = SyncState(store, remote.key(), forgotten=a.forget)
    row = state.remote_row()
    asked = None
    if row is not None:
        question = early.question(store, state, row[0])
        if question is not None:
            asked = early.ask(row[0], remote.user, password, *question)
    try:
        _sync(ctx, remote, password, report, state, row, asked)
    finally:
        if asked is not None:
            asked.close()


def _sync(
    ctx: Context,
    remote: Remote,
    password: str | None,
    report: Report,
    state: SyncState,
    row: tuple[str, str | None, int | None] | None,
    asked: Early | None,
) -> None:
    from agenda.share.sync.caldav_side import CalDAVSide
    from agenda.share.sync.discovery import find_calendar
    from agenda.share.sync.run import sync
    from agenda.share.sync.transport import DEFAULT_CONNECTIONS, connect

    a = ctx.args
    store = ctx.store
    if row is not None:
        calendar_url = row[0]
        client = None  # made when a request needs it: a sync answered early may need none
    else:
        client = connect(remote, password)
        calendar_url, created = find_calendar(client, remote, create=a.create, dry_run=a.dry_run)
        if created:
            report.touched = bool(calendar_url)
            ctx.out.line(
                f"calendar {remote.calendar!r} "
                + ("would be created" if a.dry_run else "created")
                + f" on the server ({remote.url})"
            )
        if not calendar_url:  # dry run against a calendar that does not exist yet
            rows = sorted(store.window(), key=lambda r: r.id)
            report.server["add"] = [r.id for r in rows]
            report.titles.update((r.id, r.title) for r in rows)
            return

    def confirm(problem: str) -> bool:
        if a.yes:
            return True
        if not sys.stdin.isatty():
            return False
        try:
            answer = input(f"{problem}. Go ahead? [y/N] ").strip().lower()
        except EOFError:
            return False
        return answer[:1] == "y"

    side = CalDAVSide(
        client,
        calendar_url,
        connections=remote.connections or DEFAULT_CONNECTIONS,
        new_client=lambda: connect(remote, password),
        early=asked,
    )
    bar = ProgressBar()
    try:
        sync(
            store,
            side,
            remote.key(),
            dry_run=a.dry_run,
            max_delete=a.max_delete,
            confirm=confirm,
            now=ctx.clock(),
            report=report,
            forget=a.forget,
            progress=bar,
        )
    finally:
        bar.stop()
