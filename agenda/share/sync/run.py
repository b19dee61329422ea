"""One sync from start to end: `sync()` reads the state, asks the server what changed, plans,
checks the delete threshold and applies, recording the CTag and change counter at the end.

May import `agenda.core` and the sibling modules; the command (`agenda.cli.sync`) calls it.
Tests that change a step patch it here (`run.plan`), where `sync()` looks it up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from agenda.core.errors import SyncError
from agenda.share.sync.applying import Progress, apply, check_deletions
from agenda.share.sync.caldav_side import SYNC_TOKEN_MARK, CalDAVSide, Changes
from agenda.share.sync.planning import plan
from agenda.share.sync.report import Report
from agenda.share.sync.state import SyncState

if TYPE_CHECKING:
    from agenda.core.store import EventStore


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
    progress: Progress | None = None,
) -> Report:
    """One two-way sync of `store` with the calendar behind `side`.

    Pass `report` to keep what was done so far when the sync fails or is interrupted.
    `forget`: start from scratch, as if the two sides had never synced (nothing is deleted on
    either side then; differing versions of one event are conflicts). `progress` is told how
    many server steps there are and each one done.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    state = SyncState(store, key, forgotten=forget and dry_run)
    if forget and not dry_run:
        state.forget()
    report = report if report is not None else Report(dry_run=dry_run)
    row = state.remote_row()
    counter = store.change_counter()
    unchanged_here = row is not None and row[0] == side.calendar_url and row[2] == counter
    known = row[1] if row is not None and row[0] == side.calendar_url else None
    written = state.written()
    if (
        unchanged_here
        and known
        and not written  # our own writes since `known`: the version has moved, ask what
        and side.ctag(token_only=known.startswith(SYNC_TOKEN_MARK)) == known
    ):
        report.nothing_to_do = True
        return report
    changes = side.changes_since(known) if known else None
    if changes is not None and _own_write_unreported(changes, written):
        changes = None
    if changes is not None:
        # what the server holds now: what both sides agreed on, less what it removed since,
        # with the new ETags of what it added or changed
        ctag: str | None = changes.token
        listing = {b.href: b.etag for b in state.items().values() if b.href not in changes.removed}
        listing.update(changes.changed)
    else:
        ctag, listing = side.listing()
    ops = plan(store, side, state, listing, moment.date(), report)
    if dry_run:
        return report
    state.save_seen()  # a cache: whatever happens next, the hashes hold for the data hashed
    problem = check_deletions(report, store.count(), len(listing), max_delete)
    if problem and not (confirm is not None and confirm(problem)):
        raise SyncError(
            f"{problem}: stopped before changing anything. Check with --dry-run, then rerun "
            "with --yes (or raise --max-delete)"
        )
    if row is None or row[0] != side.calendar_url:
        state.save_remote(side.calendar_url, None, None, moment.isoformat())
    wrote = apply(store, side, state, ops, moment, report, counter, progress=progress)
    # After our own writes, the version read before them is kept when it is a sync-token and
    # every PUT answered an ETag: the next sync asks what changed since it, recognises our
    # writes by their ETags and checks that each is still reported (`_own_write_unreported`).
    # Else the server is asked once more now (`_version_after_writes`).
    kept = wrote and _keeps_version(ctag, state)
    if wrote and not kept:
        ctag = _version_after_writes(side, state, ctag)
    # A step left undone (skipped: unreadable, refused, changed during the sync) keeps no
    # version, so that the next sync lists everything and takes it up.
    # A conflict copy is a new event in agenda that the server has not seen yet: store no change
    # counter either, so that the next sync pushes it (the docs promise it does).
    copied = any(o.copy_of_loser is not None for o in ops)
    state.save_remote(
        side.calendar_url,
        None if report.skipped else ctag,
        None if copied or report.written_meanwhile else store.change_counter(),
        moment.isoformat(),
        settled=True,
        kept_before_writes=kept,
    )
    return report


def _keeps_version(before: str | None, state: SyncState) -> bool:
    """Whether the version read before this run's writes may be kept as it is (see `sync`)."""
    return bool(before and before.startswith(SYNC_TOKEN_MARK)) and not state.wrote_without_etag


def _own_write_unreported(changes: Changes, written: dict[str, str]) -> bool:
    """True when an object we wrote after the token asked about is neither among the changed
    nor among the removed ones: another client deleted what we created, or put back what was
    there at the token, and RFC 6578 lets a server leave such net non-changes out. The caller
    then lists the whole collection instead."""
    return any(h not in changes.changed and h not in changes.removed for h in written.values())


def _version_after_writes(side: CalDAVSide, state: SyncState, before: str | None) -> str | None:
    """The collection's version to remember after our own writes, or None (the next sync then
    lists everything).

    The version seen before them is stale, and cannot simply be kept: what changed since it is
    a net difference, so an object we created and another client then deleted would never be
    reported gone. So ask what changed since it (one sync-collection REPORT): when that is our
    own writes and nothing else (every changed object with the ETag we recorded, every removed
    one no longer ours), the new token is exact. Anything else (another client wrote meanwhile,
    a server without sync-collection, one that gave no ETag on PUT) keeps no version.
    """
    after = side.changes_since(before)
    if after is None:
        return None
    ours = {b.href: b.etag for b in state.items().values()}
    if any(etag is None or ours.get(href) != etag for href, etag in after.changed.items()):
        return None
    if any(href in ours for href in after.removed):
        return None
    return after.token
