"""`agenda sync`: two-way sync of the store with one CalDAV calendar, through the `caldav` library.

It owns the sync algorithm and the sync state (the `sync_remotes` and `sync_items` tables that the
store's schema 3 creates; nothing else reads or writes them). Events travel as the VEVENTs
`agenda export` writes (`agenda.ics.write_events`) and come back through the reader of
`agenda import` (`agenda.ics.importer.parsed_events`); nothing here knows iCalendar.

The algorithm is a three-way comparison per event id of (agenda now, server now, the base: what
both sides held when they last agreed: the server href and ETag, and a hash of the agenda content).

- Unchanged calendar: one PROPFIND of the collection's CTag; with the store's change counter also
  unchanged, nothing else is sent.
- Otherwise one PROPFIND (Depth 1) lists every href and ETag; only new or changed hrefs are fetched
  (one calendar-multiget REPORT).
- Writes to the server are conditional (If-Match with the base ETag, If-None-Match: * to create),
  so a change made on the server during the sync is never overwritten; it is reported and the next
  sync picks it up.
- Conflicts (changed on both sides): the newer LAST-MODIFIED wins (agenda wins a tie); the losing
  version is kept in agenda as a conflict copy (id `<id>-conflict-<UTC stamp>`, tag
  `sync-conflict`) and listed in the report. An edit beats a deletion on the other side.
- Interruptions: agenda-side changes land in one transaction together with their sync state;
  every server write records its state right after it succeeds. A write that succeeded but was
  not recorded is recognised next time (both sides hold the same content) and simply recorded.
- Errors are for people: every failure of the conversation with the server (no such host, nothing
  listening, not a CalDAV server, authentication, HTTP errors, Ctrl-C) becomes one line naming the
  URL and the reason (`explain`), never a traceback or a server's HTML page. A calendar is created
  only when asked (`--create`); `--forget` drops the base and compares both sides from scratch.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from agenda.core.errors import (
    SyncError,
)
from agenda.share.sync.applying import (
    CONFLICT_TAG,
    DEFAULT_DELETE_FLOOR,
    DEFAULT_DELETE_SHARE,
    apply,
    check_deletions,
)
from agenda.share.sync.caldav_side import (
    CalDAVSide,
    PreconditionFailed,
    Refused,
    _one_event,
    auth_failed,
    connect,
    explain,
    find_calendar,
    href_path,
    http_status,
    is_multistatus,
    network_reason,
    not_caldav,
    probe,
)
from agenda.share.sync.planning import Op, _parse_remote, content_hash, plan
from agenda.share.sync.remote import (
    PASSWORD_ENV,
    REMOTES_FILE,
    Remote,
    check_url,
    load_remote,
    remotes_path,
)
from agenda.share.sync.report import LIST_LIMIT, Report
from agenda.share.sync.state import Base, SyncState

if TYPE_CHECKING:
    from agenda.core.store import EventStore

__all__ = [
    "CONFLICT_TAG",
    "DEFAULT_DELETE_FLOOR",
    "DEFAULT_DELETE_SHARE",
    "LIST_LIMIT",
    "PASSWORD_ENV",
    "REMOTES_FILE",
    "Base",
    "CalDAVSide",
    "Op",
    "PreconditionFailed",
    "Refused",
    "Remote",
    "Report",
    "SyncError",
    "SyncState",
    "_one_event",
    "_parse_remote",
    "apply",
    "auth_failed",
    "check_deletions",
    "check_url",
    "connect",
    "content_hash",
    "explain",
    "find_calendar",
    "href_path",
    "http_status",
    "is_multistatus",
    "load_remote",
    "network_reason",
    "not_caldav",
    "plan",
    "probe",
    "remotes_path",
    "sync",
]

# -- the command -----------------------------------------------------------------------------


def sync(
    store: EventStore,
    side: CalDAVSide,
    key: str,
    *,
    dry_run: bool = False,
    max_delete: int | None = None,
    confirm: Callable[[str], bool] | None = None,
    now: datetime | None = None,
    report: Report | None = None,
    forget: bool = False,
) -> Report:
    """One two-way sync of `store` with the calendar behind `side`.

    Pass `report` to keep what was done so far when the sync fails or is interrupted.
    `forget`: start from scratch, as if the two sides had never synced (nothing is deleted on
    either side then; differing versions of one event are conflicts).
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    state = SyncState(store, key, forgotten=forget and dry_run)
    if forget and not dry_run:
        state.forget()
    report = report if report is not None else Report(dry_run=dry_run)
    row = state.remote_row()
    counter = store.change_counter()
    unchanged_here = row is not None and row[0] == side.calendar_url and row[2] == counter
    if unchanged_here and row is not None and row[1] and side.ctag() == row[1]:
        report.nothing_to_do = True
        return report
    ctag, listing = side.listing()
    ops = plan(store, side, state, listing, moment.date(), report)
    if dry_run:
        return report
    problem = check_deletions(report, store.count(), len(listing), max_delete)
    if problem and not (confirm is not None and confirm(problem)):
        raise SyncError(
            f"{problem}: stopped before changing anything. Check with --dry-run, then rerun "
            "with --yes (or raise --max-delete)"
        )
    if row is None or row[0] != side.calendar_url:
        state.save_remote(side.calendar_url, None, None, moment.isoformat())
    wrote = apply(store, side, state, ops, moment, report, counter)
    # After our own server writes the CTag we saw is stale: store none, and the next sync lists.
    # A conflict copy is a new event in agenda that the server has not seen yet: store no change
    # counter either, so that the next sync lists and pushes it (the docs promise it does).
    copied = any(o.copy_of_loser is not None for o in ops)
    state.save_remote(
        side.calendar_url,
        None if wrote else ctag,
        None if copied or report.written_meanwhile else store.change_counter(),
        moment.isoformat(),
    )
    return report
