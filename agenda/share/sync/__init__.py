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

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from agenda.core import sync_tables
from agenda.core.errors import (
    AgendaError,
    NotFound,
    SyncError,
    ValidationProblem,
)
from agenda.core.format import plural
from agenda.share.sync.caldav_side import (
    CalDAVSide,
    PreconditionFailed,
    Refused,
    _one_event,
    auth_failed,
    connect,
    explain,
    find_calendar,
    first_line,
    href_path,
    http_status,
    is_multistatus,
    network_reason,
    not_caldav,
    probe,
)
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
    from agenda.core.models import Event
    from agenda.core.store import EventStore

__all__ = [
    "CONFLICT_TAG",
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
    "apply",
    "auth_failed",
    "check_deletions",
    "check_url",
    "connect",
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

CONFLICT_TAG = "sync-conflict"
DEFAULT_DELETE_SHARE = 0.25
DEFAULT_DELETE_FLOOR = 10


# -- the plan --------------------------------------------------------------------------------


def content_hash(event: Event) -> str:
    """A hash of what an event says (not its SEQUENCE, CREATED or LAST-MODIFIED)."""
    data = event.model_dump(mode="json", exclude={"sequence", "created", "last_modified"})
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass
class Op:
    """One step of a sync. `verb`: pull, push, delete_remote, delete_local, record, drop."""

    verb: str
    id: str
    event: Event | None = None
    href: str | None = None
    etag: str | None = None
    readonly: bool = False
    copy_of_loser: Event | None = None
    note: str = ""
    seen: str | None = None
    """For pull and delete_local: the content hash of agenda's event when planned (None: none);
    `apply` writes only if it is still so (another process may edit it during the sync)."""


def _when(event: Event | None) -> datetime:
    moment = event.last_modified if event is not None else None
    if moment is None:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _conflict_copy(loser: Event, now: datetime) -> Event:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    return loser.model_copy(
        update={
            "id": f"{loser.id[:200]}-conflict-{stamp}",
            "title": f"Conflict copy: {loser.title}",
            "tags": [*loser.tags, CONFLICT_TAG],
            "ical_uid": None,
        }
    )


def _parse_remote(href: str, text: str, today: date) -> tuple[list[Event], str | None]:
    """The events of one server object, read as `agenda import` reads a file."""
    from agenda.ics.importer import parsed_events
    from agenda.ics.read import CalendarInfo

    events: list[Event] = []
    problems: list[str] = []
    try:
        for item in parsed_events(
            io.BytesIO(text.encode("utf-8")), CalendarInfo(name=href), today, None, [0]
        ):
            if item.event is not None:
                events.append(item.event)
            else:
                problems.append(f"{item.label}: {item.problem}")
    except AgendaError as exc:
        problems.append(str(exc))
    except (ValueError, OverflowError, ArithmeticError, LookupError, TypeError) as exc:
        # whatever else a hostile object makes the reader raise: one bad object is reported
        # and skipped, it does not end the sync
        problems.append(f"cannot be read ({first_line(exc)})")
    kept: list[Event] = []
    for event in events:
        problem = _unstorable(event)
        if problem:
            problems.append(f"{event.id}: {problem}")
        else:
            kept.append(event)
    return kept, "; ".join(problems) or None


def _unstorable(event: Event) -> str | None:
    """Why agenda cannot hold `event` (its times cannot be converted to UTC), or None."""
    try:
        if isinstance(event.start, datetime):
            event.start_utc()
            event.end_utc()
        content_hash(event)
    except (ValueError, OverflowError, ArithmeticError, LookupError, TypeError) as exc:
        return f"its time cannot be converted ({first_line(exc)})"
    return None


def plan(
    store: EventStore,
    side: CalDAVSide,
    state: SyncState,
    listing: dict[str, str | None],
    today: date,
    report: Report,
) -> list[Op]:
    """Compare agenda, server and base; returns the steps (and fills `report`)."""
    base = state.items()
    href_ids: dict[str, list[str]] = {}
    for event_id, b in base.items():
        href_ids.setdefault(b.href, []).append(event_id)
    changed = [
        h
        for h, etag in listing.items()
        if h not in href_ids
        or any(base[i].etag is None or base[i].etag != etag for i in href_ids[h])
    ]
    fetched = side.fetch(changed)
    remote: dict[str, tuple[Event, str, str | None, bool]] = {}
    unreadable: set[str] = set()
    for href, (etag, text) in fetched.items():
        events, problem = _parse_remote(href, text, today)
        if problem:
            problem = problem.removeprefix(f"{href}: ")  # the reader names the object too
            report.skipped.append(f"server {href}: {problem}; skipped")
            unreadable.add(href)
        for event in events:
            remote[event.id] = (event, href, etag or listing.get(href), len(events) > 1)
    gone_hrefs = {h for h in href_ids if h not in listing}

    local_rows = store.window()
    local = {e.id: e for e in store.get_many(r.id for r in local_rows)}
    tombstones = store.tombstones()
    ops: list[Op] = []
    for event_id in sorted(set(local) | set(base) | set(remote)):
        b = base.get(event_id)
        mine = local.get(event_id)
        theirs = remote.get(event_id)
        mine_hash = content_hash(mine) if mine is not None else None
        known = mine if mine is not None else (theirs[0] if theirs is not None else None)
        if known is not None:
            report.titles[event_id] = known.title
        if b is None:
            if mine is not None and theirs is None:
                ops.append(Op("push", event_id, mine, side.href_for(event_id), None))
                report.server["add"].append(event_id)
            elif mine is None and theirs is not None:
                if event_id in tombstones:
                    report.skipped.append(
                        f"{event_id}: deleted in agenda on {tombstones[event_id]}; not brought "
                        "back (delete it on the server, or re-add it in agenda)"
                    )
                    continue
                ops.append(Op("pull", event_id, theirs[0], theirs[1], theirs[2], theirs[3]))
                report.agenda["add"].append(event_id)
            elif mine is not None and theirs is not None:
                if content_hash(theirs[0]) == mine_hash:
                    ops.append(Op("record", event_id, mine, theirs[1], theirs[2], theirs[3]))
                else:
                    ops += _resolve(event_id, mine, theirs, report)
            continue
        # there is a base
        if theirs is None and b.href in unreadable:
            continue  # the server's object could not be read: not a deletion; leave both alone
        if b.href in gone_hrefs or (b.href in fetched and theirs is None):
            remote_state = "deleted"
        elif theirs is not None:
            remote_state = "same" if content_hash(theirs[0]) == b.local_hash else "changed"
        else:
            remote_state = "same"
        local_state = (
            "deleted" if mine is None else ("same" if mine_hash == b.local_hash else "changed")
        )
        etag_now = theirs[2] if theirs is not None else b.etag
        if theirs is not None and remote_state == "same":
            # the ETag moved but the content did not (our own write, or a server rewrite)
            ops.append(Op("record", event_id, theirs[0], theirs[1], theirs[2], theirs[3]))
        if local_state == "same" and remote_state == "same":
            continue
        if local_state == "deleted" and remote_state == "deleted":
            ops.append(Op("drop", event_id))
        elif local_state == "changed" and remote_state == "same":
            if b.readonly:
                report.skipped.append(
                    f"{event_id}: changed in agenda, but it is one occurrence of a recurring "
                    "server event; not pushed"
                )
            else:
                ops.append(Op("push", event_id, mine, b.href, etag_now))
                report.server["change"].append(event_id)
        elif local_state == "same" and remote_state == "changed":
            assert theirs is not None
            ops.append(Op("pull", event_id, theirs[0], theirs[1], theirs[2], theirs[3]))
            report.agenda["change"].append(event_id)
        elif local_state == "deleted" and remote_state == "same":
            if b.readonly:
                report.skipped.append(
                    f"{event_id}: deleted in agenda, but it is one occurrence of a recurring "
                    "server event; not deleted there"
                )
                ops.append(Op("drop", event_id))
            else:
                ops.append(Op("delete_remote", event_id, None, b.href, etag_now))
                report.server["delete"].append(event_id)
        elif local_state == "same" and remote_state == "deleted":
            ops.append(Op("delete_local", event_id))
            report.agenda["delete"].append(event_id)
        elif local_state == "deleted" and remote_state == "changed":
            assert theirs is not None
            ops.append(Op("pull", event_id, theirs[0], theirs[1], theirs[2], theirs[3]))
            report.agenda["add"].append(event_id)
            report.conflicts.append(
                f"{event_id}: deleted in agenda but edited on the server: the edit wins "
                "(brought back)"
            )
        elif local_state == "changed" and remote_state == "deleted":
            assert mine is not None
            ops.append(Op("push", event_id, mine, side.href_for(event_id), None))
            report.server["add"].append(event_id)
            report.conflicts.append(
                f"{event_id}: edited in agenda but deleted on the server: the edit wins (put back)"
            )
        else:  # changed on both sides
            assert mine is not None and theirs is not None
            ops += _resolve(event_id, mine, theirs, report, etag_base=theirs[2])
    for o in ops:
        if o.verb in ("pull", "delete_local"):
            o.seen = content_hash(local[o.id]) if o.id in local else None
    return ops


def _resolve(
    event_id: str,
    mine: Event,
    theirs: tuple[Event, str, str | None, bool],
    report: Report,
    etag_base: str | None = None,
) -> list[Op]:
    """Both sides differ: the newer LAST-MODIFIED wins (agenda on a tie); the loser is copied."""
    remote_event, href, etag, readonly = theirs
    if _when(remote_event) > _when(mine):
        report.conflicts.append(
            f"{event_id}: changed on both sides; the server's version is newer and wins, "
            "agenda's is kept as a conflict copy"
        )
        report.agenda["change"].append(event_id)
        return [Op("pull", event_id, remote_event, href, etag, readonly, copy_of_loser=mine)]
    report.conflicts.append(
        f"{event_id}: changed on both sides; agenda's version is newer (or as new) and wins, "
        "the server's is kept as a conflict copy in agenda"
    )
    if readonly:
        report.skipped.append(f"{event_id}: recurring on the server; agenda's version not pushed")
        return [Op("record", event_id, mine, href, etag, readonly, copy_of_loser=remote_event)]
    report.server["change"].append(event_id)
    return [Op("push", event_id, mine, href, etag or etag_base, copy_of_loser=remote_event)]


def check_deletions(
    report: Report, local_count: int, remote_count: int, max_delete: int | None
) -> str | None:
    """A message when the deletions pass the threshold on either side, else None."""
    for side, table, count in (
        ("agenda", report.agenda, local_count),
        ("the server", report.server, remote_count),
    ):
        n = len(table["delete"])
        limit = (
            max_delete
            if max_delete is not None
            else max(DEFAULT_DELETE_FLOOR, int(count * DEFAULT_DELETE_SHARE))
        )
        if n > limit:
            return f"this sync would delete {n} of {plural(count, 'event')} in {side} (more than {limit})"
    return None


# -- applying --------------------------------------------------------------------------------


def _moved(store: EventStore, op: Op) -> bool:
    """True when agenda's event is no longer what the plan saw."""
    try:
        now: str | None = content_hash(store.get(op.id))
    except NotFound:
        now = None
    return now != op.seen


def _ics_text(event: Event, now: datetime) -> str:
    from agenda.ics import export_events

    return export_events([event], "agenda", now=now)


def apply(
    store: EventStore,
    side: CalDAVSide,
    state: SyncState,
    ops: list[Op],
    now: datetime,
    report: Report,
    planned_counter: int | None = None,
) -> bool:
    """Carry out the steps: agenda's side in one transaction, then the server one by one.

    `planned_counter`: the store's change counter when the plan read it. Returns True when the
    server was written to.
    """
    local_ops = [o for o in ops if o.verb in ("pull", "delete_local", "record", "drop")]
    remote_ops = [o for o in ops if o.verb in ("push", "delete_remote")]
    copies = [o.copy_of_loser for o in ops if o.copy_of_loser is not None]
    with store.transaction():
        if planned_counter is not None and store.change_counter() != planned_counter:
            report.written_meanwhile = True
        # the plan read agenda's side before the server was asked (outside the lock): a step
        # over an event another process changed since is left for the next sync, not overwritten
        stale = {o.id for o in local_ops if o.verb in ("pull", "delete_local") and _moved(store, o)}
        if stale:
            for event_id in sorted(stale):
                report.skipped.append(
                    f"{event_id}: changed in agenda during this sync; left alone, the next sync "
                    "takes it up"
                )
                for table in report.agenda.values():
                    if event_id in table:
                        table.remove(event_id)
            local_ops = [o for o in local_ops if o.id not in stale]
            copies = [
                o.copy_of_loser
                for o in ops
                if o.copy_of_loser is not None and not (o.verb == "pull" and o.id in stale)
            ]
        pulls = [o for o in local_ops if o.verb == "pull"]
        wanted = [o.event for o in pulls if o.event is not None]
        try:
            if wanted:
                store.put_many(wanted)
        except ValidationProblem:
            ok = []
            for o in pulls:
                try:
                    store.put(o.event)  # type: ignore[arg-type]
                    ok.append(o)
                except ValidationProblem as exc:
                    report.skipped.append(f"{o.id}: not brought into agenda: {exc}")
            pulls = ok
        for o in pulls:
            state.record(o.id, Base(o.href or "", o.etag, content_hash(o.event), o.readonly))  # type: ignore[arg-type]
        for copy in copies:
            store.put(_conflict_copy(copy, now))
        for o in local_ops:
            if o.verb == "record":
                assert o.event is not None
                state.record(o.id, Base(o.href or "", o.etag, content_hash(o.event), o.readonly))
            elif o.verb == "drop":
                state.drop(o.id)
            elif o.verb == "delete_local":
                # a savepoint: a delete that fails halfway (a child that cannot stand alone)
                # must leave nothing behind inside the sync's transaction
                try:
                    with sync_tables.savepoint(store, "sync_delete"):
                        store.delete(o.id, children="detach")
                        state.drop(o.id)
                except (ValidationProblem, NotFound) as exc:
                    report.skipped.append(f"{o.id}: not deleted in agenda: {exc}")
                    report.agenda["delete"].remove(o.id)
    if local_ops or copies:
        report.touched = True
    wrote = False
    for o in remote_ops:
        try:
            if o.verb == "push":
                assert o.event is not None and o.href is not None
                etag = side.put(o.href, _ics_text(o.event, now), o.etag)
                wrote = report.touched = True
                state.record(o.id, Base(o.href, etag, content_hash(o.event)))
            else:
                assert o.href is not None
                side.delete(o.href, o.etag)
                wrote = report.touched = True
                state.drop(o.id)
        except PreconditionFailed:
            report.skipped.append(
                f"{o.id}: changed on the server during this sync; left alone, the next sync "
                "takes it up"
            )
        except Refused as exc:
            report.skipped.append(f"{o.id}: {exc}; it stays as it is in agenda")
            table = report.server["add" if o.verb == "push" and o.etag is None else "change"]
            if o.verb == "delete_remote":
                table = report.server["delete"]
            if o.id in table:
                table.remove(o.id)
    return wrote


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
