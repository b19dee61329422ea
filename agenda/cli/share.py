"""Subcommands that share the agenda with other calendars: `serve` (an .ics subscription feed)
and `sync` (two-way CalDAV). The work is done by agenda.share.feed and agenda.share.sync, imported only when
one of these commands runs (they pull in http.server, caldav and the iCalendar writer).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agenda.cli.context import Context


def register(sub: Any) -> dict[str, Callable[[Context], int]]:
    """Add `serve` and `sync` to the `agenda` parser; returns their handlers."""
    p: argparse.ArgumentParser = sub.add_parser(
        "serve", help="serve the agenda as an .ics subscription feed over HTTP"
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    p.add_argument(
        "--token",
        help="a secret requests must carry (?token=...); prefer AGENDA_FEED_TOKEN: a value "
        "given here is visible to every user of the machine (ps)",
    )
    p.add_argument(
        "--allow-anonymous",
        action="store_true",
        help="serve beyond this machine without a token (on purpose)",
    )
    p.add_argument("--quiet", action="store_true", help="do not log requests on stderr")
    p.add_argument(
        "--calendar",
        action="append",
        help="serve only this calendar (repeatable, or a,b; default: every calendar)",
    )

    p = sub.add_parser("sync", help="two-way sync with a CalDAV calendar")
    p.add_argument("remote", nargs="?", help="a remote named in remotes.toml (see docs/sharing.md)")
    p.add_argument("--url", help="CalDAV URL (server, principal or calendar collection)")
    p.add_argument("--user", help="user name")
    p.add_argument("--calendar", help="calendar name on the server (display name or path)")
    p.add_argument(
        "--create",
        action="store_true",
        help="create the --calendar on the server when it has none of that name",
    )
    p.add_argument("--dry-run", action="store_true", help="show what would happen; touch nothing")
    p.add_argument(
        "--forget",
        action="store_true",
        help="forget what earlier syncs with this remote agreed on and compare both sides from "
        "scratch (after the calendar was deleted or replaced on the server); deletes nothing",
    )
    p.add_argument(
        "--max-delete",
        type=int,
        default=None,
        help="stop when more than this many events would be deleted on either side "
        "(default: 10 and 25%%)",
    )
    p.add_argument("--yes", "-y", action="store_true", help="go ahead past the delete threshold")
    p.add_argument(
        "--connections",
        type=_connections,
        default=None,
        metavar="N",
        help="requests in flight at once, each on its own keep-alive connection (1-32; "
        "default 4, or connections in remotes.toml)",
    )
    p.add_argument(
        "--verbose", "-v", action="store_true", help="list every event in the report (not 20)"
    )
    return {"serve": cmd_serve, "sync": cmd_sync}


def _connections(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 32:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number from 1 to 32")
    return value


def cmd_serve(ctx: Context) -> int:
    from agenda.core.query import split_values
    from agenda.share import feed

    a = ctx.args
    token = a.token or os.environ.get(feed.TOKEN_ENV) or None
    for warning in feed.exposure_warnings(a.host, bool(a.token), token, a.allow_anonymous):
        print(f"agenda serve: warning: {warning}", file=sys.stderr)
    store = ctx.store
    server = feed.make_server(
        store,
        a.host,
        a.port,
        token=token,
        allow_anonymous=a.allow_anonymous,
        clock=ctx.clock,
        viewer_tz=ctx.viewer_tz,
        log=None if a.quiet else sys.stderr,
        calendars=split_values(a.calendar),
    )
    try:
        with terminate_as_interrupt():
            feed.serve(server, announce=ctx.out.line)
    except KeyboardInterrupt:
        ctx.out.line("stopped")
    return 0


def cmd_sync(ctx: Context) -> int:
    from agenda.cli.sync import run_cli

    with terminate_as_interrupt():
        return run_cli(ctx)


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a plain `kill`, a service manager stopping us) ends the command as Ctrl-C does:
    the server closes its socket, a sync stops between steps and says what it left behind."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (tests calling cli.main from a thread)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
