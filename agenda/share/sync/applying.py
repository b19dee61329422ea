"""Carrying out a plan: `apply` (agenda's side in one transaction, then the server step by
step, each recorded as soon as it succeeds), the delete threshold (`check_deletions`) and the
conflict copies that keep the losing version of an event.

May import `agenda.core` (the store, through `EventStore` and `sync_tables`), `agenda.ics`
(the writer, loaded when needed) and the sibling modules `caldav_side`, `state`, `planning`
and `report`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from agenda.core.errors import NotFound, Refused, ValidationProblem
from agenda.core.format import plural
from agenda.core.store import sync_tables
from agenda.share.sync.caldav_side import CalDAVSide, PreconditionFailed
from agenda.share.sync.planning import Op, Verb, content_hash
from agenda.share.sync.report import Report
from agenda.share.sync.state import Base, SyncState

if TYPE_CHECKING:
    from agenda.core.models import Event
    from agenda.core.store import EventStore


CONFLICT_TAG = "sync-conflict"


DEFAULT_DELETE_SHARE = 0.25


DEFAULT_DELETE_FLOOR = 10


class Progress(Protocol):
    """Told how many server steps a sync takes and when each is done (a progress bar)."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...


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


def _moved(store: EventStore, op: Op) -> bool:
    """True when agenda's event is no longer what the plan saw."""
    try:
        now: str | None = content_hash(store.get(op.id))
    except NotFound:
        now = None
    return now != op.seen


def _ics_text(events: list[Event], now: datetime) -> str:
    from agenda.ics import export_events

    return export_events(events, "agenda", now=now)


def _object_members(
    store: EventStore, at_href: dict[str, list[str]], href: str, steps: list[Op]
) -> list[Event]:
    """What the server object at `href` holds after these steps: the events pushed, the rest of
    their series in agenda, and the other events of agenda that live in it; none: it is
    deleted. `at_href`: the ids each object held when both sides last agreed."""
    pushed = {o.id: o.event for o in steps if o.verb == Verb.PUSH and o.event is not None}
    gone = {o.id for o in steps if o.verb == Verb.DELETE_REMOTE}
    series = {e.recurrence_of or e.id for e in pushed.values() if e.repeat or e.recurrence_of}
    wanted = [*at_href.get(href, []), *series]
    for ids in store.series_overrides(series).values():
        wanted += ids
    kept = store.get_many(i for i in dict.fromkeys(wanted) if i not in pushed and i not in gone)
    members = [*pushed.values(), *kept]
    # the master first, then its overrides by the start they replace
    members.sort(key=lambda e: (e.recurrence_of is not None, str(e.recurrence_start or "")))
    return members


def apply(
    store: EventStore,
    side: CalDAVSide,
    state: SyncState,
    ops: list[Op],
    now: datetime,
    report: Report,
    planned_counter: int | None = None,
    progress: Progress | None = None,
) -> bool:
    """Carry out the steps: agenda's side in one transaction, then the server's, over the side's
    connections (`CalDAVSide.connections` in flight at once).

    `planned_counter`: the store's change counter when the plan read it; `progress` hears of
    each server step. Returns True when the server was written to.
    """
    local_ops = [o for o in ops if o.verb in (Verb.PULL, Verb.DELETE_LOCAL, Verb.RECORD, Verb.DROP)]
    remote_ops = [o for o in ops if o.verb in (Verb.PUSH, Verb.DELETE_REMOTE)]
    copies = [o.copy_of_loser for o in ops if o.copy_of_loser is not None]
    with store.transaction():
        if planned_counter is not None and store.change_counter() != planned_counter:
            report.written_meanwhile = True
        # the plan read agenda's side before the server was asked (outside the lock): a step
        # over an event another process changed since is left for the next sync, not overwritten
        stale = {
            o.id for o in local_ops if o.verb in (Verb.PULL, Verb.DELETE_LOCAL) and _moved(store, o)
        }
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
                if o.copy_of_loser is not None and not (o.verb == Verb.PULL and o.id in stale)
            ]
        pulls = [o for o in local_ops if o.verb == Verb.PULL]
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
            if o.verb == Verb.RECORD:
                recorded = o.hash if o.event is None else content_hash(o.event)
                assert recorded is not None
                state.record(o.id, Base(o.href or "", o.etag, recorded, o.readonly))
            elif o.verb == Verb.DROP:
                state.drop(o.id)
            elif o.verb == Verb.DELETE_LOCAL:
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
    return _server_steps(store, side, state, remote_ops, now, report, progress)


@dataclass(frozen=True)
class _ObjectStep:
    """One server object's write: the events it holds after the sync (none: it is deleted)."""

    href: str
    etag: str | None
    steps: list[Op]
    members: list[Event]
    text: str | None


def _server_step(side: CalDAVSide, job: _ObjectStep) -> str | None:
    """One write to the server (in a worker thread): the new ETag of a PUT, None for a DELETE."""
    if job.text is not None:
        return side.put(job.href, job.text, job.etag)
    side.delete(job.href, job.etag)
    return None


def _server_steps(
    store: EventStore,
    side: CalDAVSide,
    state: SyncState,
    remote_ops: list[Op],
    now: datetime,
    report: Report,
    progress: Progress | None,
) -> bool:
    """The server's side: PUTs and DELETEs over the side's connections, each recorded (here, in
    this thread) as soon as it succeeded. The first failure that is not about one event stops
    the rest (what is in flight finishes unrecorded) and is raised."""
    if progress is not None:
        progress.start(len(remote_ops))
    wrote = False
    # the steps by server object: a series (master and overrides of single occurrences, one
    # UID) is one object, written whole once however many of its events changed
    objects: dict[str, list[Op]] = {}
    at_href: dict[str, list[str]] = {}
    etags: dict[str, str | None] = {}
    if remote_ops:
        for event_id, agreed in state.items().items():
            at_href.setdefault(agreed.href, []).append(event_id)
            etags.setdefault(agreed.href, agreed.etag)
    for o in remote_ops:
        assert o.href is not None
        objects.setdefault(o.href, []).append(o)
    # the text is made here, not in the workers: the writer is pure Python (the GIL would
    # serialise it anyway) and the store it reads belongs to this thread
    jobs: list[_ObjectStep] = []
    for href, steps in objects.items():
        # a new event of an existing object (an override added to its series) replaces the
        # version of that object both sides agreed on
        etag = next((o.etag for o in steps if o.etag), None) or etags.get(href)
        members = _object_members(store, at_href, href, steps)
        jobs.append(
            _ObjectStep(href, etag, steps, members, _ics_text(members, now) if members else None)
        )
    for job, outcome in side.map_unordered(_server_step, jobs):
        if progress is not None:
            for _ in job.steps:
                progress.advance()
        if isinstance(outcome, PreconditionFailed):
            for o in job.steps:
                report.skipped.append(
                    f"{o.id}: changed on the server during this sync; left alone, the next sync "
                    "takes it up"
                )
        elif isinstance(outcome, Refused):
            for o in job.steps:
                report.skipped.append(f"{o.id}: {outcome}; it stays as it is in agenda")
                table = report.server["add" if o.verb == Verb.PUSH and o.etag is None else "change"]
                if o.verb == Verb.DELETE_REMOTE:
                    table = report.server["delete"]
                if o.id in table:
                    table.remove(o.id)
        elif isinstance(outcome, BaseException):
            raise outcome
        else:
            wrote = report.touched = True
            for member in job.members:
                state.record(member.id, Base(job.href, outcome, content_hash(member)), written=True)
            for o in job.steps:
                if o.verb == Verb.DELETE_REMOTE:
                    state.drop(o.id)
    return wrote
