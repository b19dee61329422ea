"""The plan of a sync: a three-way comparison per event id of agenda now, the server now and
the base (what both sides held when they last agreed), giving the steps (`Op`) to take.

Owns `content_hash` (what counts as a change), the reading of server objects as `agenda import`
reads a file (`_parse_remote`), and the rules of the comparison, conflicts included (the newer
LAST-MODIFIED wins, agenda on a tie). Changes nothing on either side: `apply` carries out the
steps. May import `agenda.core`, `agenda.ics` (the reader, loaded when needed) and the
sibling modules `caldav_side`, `failures`, `state` and `report`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from agenda.core.errors import AgendaError
from agenda.share.sync.caldav_side import CalDAVSide
from agenda.share.sync.failures import first_line
from agenda.share.sync.report import Report
from agenda.share.sync.state import Base, SyncState

if TYPE_CHECKING:
    from agenda.core.models import Event
    from agenda.core.store import EventStore


def content_hash(event: Event) -> str:
    """A hash of what an event says (not its SEQUENCE, CREATED or LAST-MODIFIED)."""
    data = event.content(mode="json")
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


class Verb(StrEnum):
    """What one step of a sync does (a str: its value is the word the step always had)."""

    PULL = "pull"
    """Bring the server's version into agenda."""
    PUSH = "push"
    """Put agenda's version on the server (create it, or replace the version we know)."""
    DELETE_REMOTE = "delete_remote"
    """Delete the event on the server (if it is still the version we know)."""
    DELETE_LOCAL = "delete_local"
    """Delete the event in agenda."""
    RECORD = "record"
    """Both sides hold the same: remember it as the new base."""
    DROP = "drop"
    """Forget the base of an event that is gone (or stays) on one side only."""


class ServerItem(NamedTuple):
    """One event as the server holds it now."""

    event: Event
    href: str
    etag: str | None
    readonly: bool
    """True when its server object holds other events than one series (its master and overrides
    of single occurrences): agenda does not write such an object."""


class Agreed(NamedTuple):
    """One event the server holds as agenda does, given by its content hash alone: read from the
    server, found to agree with agenda's (and with the base, if any), and not kept."""

    href: str
    etag: str | None
    readonly: bool
    hash: str


@dataclass
class Op:
    """One step of a sync (`verb`), for one event id."""

    verb: Verb
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
    hash: str | None = None
    """For a record without `event`: the content hash both sides hold."""


def _when(event: Event | None) -> datetime:
    moment = event.last_modified if event is not None else None
    if moment is None:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _parse_remote(href: str, text: str, today: date) -> tuple[list[Event], str | None]:
    """The events of one server object, read as `agenda import` reads a file."""
    events, problem = _parse_hashed(href, text, today)
    return [e for e, _ in events], problem


def _parse_hashed(href: str, text: str, today: date) -> tuple[list[tuple[Event, str]], str | None]:
    """The events of one server object with their content hashes, and what was wrong in it."""
    from agenda.ics import parse_object

    events: list[Event] = []
    problems: list[str] = []
    try:
        events, problems = parse_object(text, href)
    except AgendaError as exc:
        problems.append(str(exc))
    except (ValueError, OverflowError, ArithmeticError, LookupError, TypeError) as exc:
        # whatever else a hostile object makes the reader raise: one bad object is reported
        # and skipped, it does not end the sync
        problems.append(f"cannot be read ({first_line(exc)})")
    kept: list[tuple[Event, str]] = []
    for event in events:
        hashed = _hashed(event)
        if isinstance(hashed, Problem):
            problems.append(f"{event.id}: {hashed.text}")
        else:
            kept.append((event, hashed))
    return kept, "; ".join(problems) or None


class Problem(NamedTuple):
    text: str


def _hashed(event: Event) -> str | Problem:
    """The content hash of `event`, or why agenda cannot hold it (its times cannot be converted
    to UTC)."""
    try:
        if isinstance(event.start, datetime):
            event.start_utc()
            event.end_utc()
        return content_hash(event)
    except (ValueError, OverflowError, ArithmeticError, LookupError, TypeError) as exc:
        return Problem(f"its time cannot be converted ({first_line(exc)})")


def plan(
    store: EventStore,
    side: CalDAVSide,
    state: SyncState,
    listing: dict[str, str | None],
    today: date,
    report: Report,
) -> list[Op]:
    """Read the base, agenda's side by hashes, then the server's new or changed objects, then
    `decide`; returns the steps (and fills `report`).

    Agenda's side is hashed first, so that each server event can be compared as it is read:
    one that agrees with agenda's (and with the base) is kept as its hash alone (`Agreed`), and
    only the events a step may concern are held as models, on either side. A first sync of two
    sides that hold the same 10,000 events holds none of them at once."""
    base = state.items()
    href_ids: dict[str, list[str]] = {}
    for event_id, known in base.items():
        href_ids.setdefault(known.href, []).append(event_id)
    changed = [
        h
        for h, etag in listing.items()
        if h not in href_ids
        or any(base[i].etag is None or base[i].etag != etag for i in href_ids[h])
    ]
    # a read-only calendar (a subscription) is someone else's: never pushed, never written,
    # nor seen as agenda's side (not pushed, nor deleted on the server): left out before they
    # are hashed or read (a 10k subscription would be read whole at every sync)
    held: dict[str, str] = {}
    read_only = tuple(c.name for c in store.calendars() if not c.writable)
    if read_only:
        from agenda.core.store import Filters

        held = {r.id: r.calendar for r in store.window(filters=Filters(calendars=read_only))}
    changed_set = set(changed)

    def likely_needed(event_id: str, mine_hash: str) -> bool:
        """Whether to keep an event decoded while hashing: not when it is probably on the
        server as agreed, or under the name a first sync would find it at (read again if a
        step needs it after all)."""
        if event_id not in base and side.href_for(event_id) in listing:
            return False
        return needs_event(event_id, mine_hash, base, {}, listing.keys(), changed_set)

    local, hashes = _local_hashes(state, skip=held.keys(), keep=likely_needed)

    remote: dict[str, ServerItem] = {}
    agreed: dict[str, Agreed] = {}
    fetched: set[str] = set()
    unreadable: set[str] = set()
    for href, (etag, text) in side.fetch_each(changed):
        fetched.add(href)
        events, problem = _parse_hashed(href, text, today)
        if problem:
            problem = problem.removeprefix(f"{href}: ")  # the reader names the object too
            report.skipped.append(f"server {href}: {problem}; skipped")
            unreadable.add(href)
        # one series (a master and its overrides, one UID) is one object agenda can write
        # whole; an object holding several events of their own is another app's: not written
        foreign = len({e.recurrence_of or e.id for e, _ in events}) > 1
        for event, theirs_hash in events:
            etag_now = etag or listing.get(href)
            b = base.get(event.id)
            remote.pop(event.id, None)
            agreed.pop(event.id, None)
            if hashes.get(event.id) == theirs_hash and (b is None or b.local_hash == theirs_hash):
                agreed[event.id] = Agreed(href, etag_now, foreign, theirs_hash)
                local.pop(event.id, None)
            else:
                remote[event.id] = ServerItem(event, href, etag_now, foreign)

    for event_id in sorted(held.keys() & remote.keys()):
        report.skipped.append(
            f"server {remote[event_id].href}: {event_id} is held by the read-only calendar "
            f"{held[event_id]!r} in agenda; not pulled"
        )
        del remote[event_id]
    _read_needed(
        store,
        local,
        hashes,
        lambda i, h: needs_event(i, h, base, remote, listing.keys(), fetched, agreed.keys()),
    )
    hrefs = {i: a.href for i, a in agreed.items()} | {i: r.href for i, r in remote.items()}

    def href_for(event_id: str) -> str:
        """Where a new event goes; a new override goes into its series' object."""
        event = local.get(event_id)
        series = event.recurrence_of if event is not None else None
        if series is None:
            return side.href_for(event_id)
        if series in base:
            return base[series].href
        if series in hrefs:
            return hrefs[series]
        return side.href_for(series)

    return decide(
        base=base,
        local=local,
        remote=remote,
        listed=listing.keys(),
        fetched=fetched,
        unreadable=unreadable,
        tombstones=store.tombstones(),
        href_for=href_for,
        report=report,
        hashes=hashes,
        agreed=agreed,
    )


def _local_hashes(
    state: SyncState, skip: Set[str], keep: Callable[[str, str], bool]
) -> tuple[dict[str, Event], dict[str, str]]:
    """The content hash of each of agenda's events, and those decoded on the way that `keep`
    says to hold (the rest are dropped as soon as hashed).

    A row whose stored data is what an earlier sync hashed keeps that hash without being
    decoded (`sync_seen`); the others are decoded and hashed, and their hashes noted for
    `SyncState.save_seen`. `skip`: ids left out (the events of read-only calendars)."""
    local: dict[str, Event] = {}
    hashes: dict[str, str] = {}
    for event_id, stamp, known, event in state.local_stamps():
        if known is None and event is not None:
            known = content_hash(event)
            state.note_seen(event_id, stamp, known)  # skipped ones too: decoded once only
            if event_id not in skip and keep(event_id, known):
                local[event_id] = event
        if known is not None and event_id not in skip:
            hashes[event_id] = known
    return local, hashes


def _local_side(
    store: EventStore,
    state: SyncState,
    base: Mapping[str, Base],
    remote: Mapping[str, ServerItem],
    listed: Set[str],
    fetched: Set[str],
    skip: Set[str] = frozenset(),
) -> tuple[dict[str, Event], dict[str, str]]:
    """Agenda's side as the plan reads it when the server's side is known: the content hash of
    every event, and the events the comparison may need (`needs_event`): after 20 changes at
    10k, about 20 models are built instead of 10,000."""

    def needed(event_id: str, mine_hash: str) -> bool:
        return needs_event(event_id, mine_hash, base, remote, listed, fetched)

    local, hashes = _local_hashes(state, skip, needed)
    _read_needed(store, local, hashes, needed)
    return local, hashes


def _read_needed(
    store: EventStore,
    local: dict[str, Event],
    hashes: Mapping[str, str],
    needed: Callable[[str, str], bool],
) -> None:
    """Add to `local` the events that `needed` (id, content hash) asks for and hashing did not
    keep, read from the store in one query."""
    wanted = [i for i, h in hashes.items() if i not in local and needed(i, h)]
    for event in store.get_many(wanted):
        local[event.id] = event


def needs_event(
    event_id: str,
    mine_hash: str,
    base: Mapping[str, Base],
    remote: Mapping[str, ServerItem],
    listed: Set[str],
    fetched: Set[str],
    agreed: Set[str] = frozenset(),
) -> bool:
    """False when agenda's event (of content hash `mine_hash`) is as both sides agreed and the
    server's object is listed with the ETag agreed on, or when the server's event was read and
    agrees with it (`agreed`): no step can concern it, so `decide` does not need the event
    itself (only its hash)."""
    if event_id in agreed:
        return False
    b = base.get(event_id)
    return (
        b is None
        or b.local_hash != mine_hash
        or event_id in remote
        or b.href not in listed
        or b.href in fetched
    )


def decide(
    *,
    base: Mapping[str, Base],
    local: Mapping[str, Event],
    remote: Mapping[str, ServerItem],
    listed: Set[str],
    fetched: Set[str],
    unreadable: Set[str],
    tombstones: Mapping[str, str],
    href_for: Callable[[str], str],
    report: Report,
    hashes: Mapping[str, str] | None = None,
    agreed: Mapping[str, Agreed] | None = None,
) -> list[Op]:
    """The three-way plan, a pure function: no store, no server, nothing but its arguments.

    `base`: what both sides agreed on, per event id; `local`: agenda's events now; `remote`: the
    server's events read from the objects fetched this time (`fetched`: their hrefs, the new or
    changed ones; `unreadable`: those that could not be read); `listed`: every href the server
    lists now; `tombstones`: ids deleted in agenda (and when); `href_for`: where a new event goes
    on the server. `hashes`: content hashes of agenda's events, known without the events; an id
    there and not in `local` is an event agenda holds that was not read, which is allowed only
    where `needs_event` is False. `agreed`: server events read from fetched objects and given
    by their hash alone, allowed only where it is agenda's hash and the base's (if any): each is
    recorded as the new base. Returns the steps and writes what they mean into `report`.
    """
    hashes = hashes or {}
    agreed = agreed or {}
    mine_hashes: dict[str, str] = {}
    ops: list[Op] = []
    for event_id in sorted(set(local) | set(hashes) | set(base) | set(remote) | set(agreed)):
        b = base.get(event_id)
        mine = local.get(event_id)
        theirs = remote.get(event_id)
        mine_hash = hashes.get(event_id) or (content_hash(mine) if mine is not None else None)
        same = agreed.get(event_id)
        if same is not None:
            # both sides hold the same, since the base too if any: the object was fetched
            # because its ETag is new to us (or there is no base), so remember it
            if (
                theirs is not None
                or mine_hash != same.hash
                or (b is not None and b.local_hash != same.hash)
            ):
                raise ValueError(f"{event_id}: the server's event is needed but was not kept")
            ops.append(
                Op(Verb.RECORD, event_id, None, same.href, same.etag, same.readonly, hash=same.hash)
            )
            continue
        if mine_hash is not None:
            mine_hashes[event_id] = mine_hash
            if mine is None and needs_event(event_id, mine_hash, base, remote, listed, fetched):
                raise ValueError(f"{event_id}: agenda's event is needed but was not read")
        known = mine if mine is not None else (theirs.event if theirs is not None else None)
        if known is not None:
            report.titles[event_id] = known.title
        if b is None:
            if mine is not None and theirs is None:
                ops.append(Op(Verb.PUSH, event_id, mine, href_for(event_id), None))
                report.server["add"].append(event_id)
            elif mine is None and theirs is not None:
                if event_id in tombstones:
                    report.skipped.append(
                        f"{event_id}: deleted in agenda on {tombstones[event_id]}; not brought "
                        "back (delete it on the server, or re-add it in agenda)"
                    )
                    continue
                ops.append(Op(Verb.PULL, event_id, *theirs))
                report.agenda["add"].append(event_id)
            elif mine is not None and theirs is not None:
                if content_hash(theirs.event) == mine_hash:
                    ops.append(
                        Op(Verb.RECORD, event_id, mine, theirs.href, theirs.etag, theirs.readonly)
                    )
                else:
                    ops += _resolve(event_id, mine, theirs, report)
            continue
        # there is a base
        if theirs is None and b.href in unreadable:
            continue  # the server's object could not be read: not a deletion; leave both alone
        if b.href not in listed or (b.href in fetched and theirs is None):
            remote_state = "deleted"
        elif theirs is not None:
            remote_state = "same" if content_hash(theirs.event) == b.local_hash else "changed"
        else:
            remote_state = "same"
        local_state = (
            "deleted" if mine_hash is None else ("same" if mine_hash == b.local_hash else "changed")
        )
        etag_now = theirs.etag if theirs is not None else b.etag
        if theirs is not None and remote_state == "same":
            # the ETag moved but the content did not (our own write, or a server rewrite)
            ops.append(Op(Verb.RECORD, event_id, *theirs))
        if local_state == "same" and remote_state == "same":
            continue
        if local_state == "deleted" and remote_state == "deleted":
            ops.append(Op(Verb.DROP, event_id))
        elif local_state == "changed" and remote_state == "same":
            if b.readonly:
                report.skipped.append(
                    f"{event_id}: changed in agenda, but its server object holds other events "
                    "too (written by another app); not pushed"
                )
            else:
                ops.append(Op(Verb.PUSH, event_id, mine, b.href, etag_now))
                report.server["change"].append(event_id)
        elif local_state == "same" and remote_state == "changed":
            assert theirs is not None
            ops.append(Op(Verb.PULL, event_id, *theirs))
            report.agenda["change"].append(event_id)
        elif local_state == "deleted" and remote_state == "same":
            if b.readonly:
                report.skipped.append(
                    f"{event_id}: deleted in agenda, but its server object holds other events "
                    "too (written by another app); not deleted there"
                )
                ops.append(Op(Verb.DROP, event_id))
            else:
                ops.append(Op(Verb.DELETE_REMOTE, event_id, None, b.href, etag_now))
                report.server["delete"].append(event_id)
        elif local_state == "same" and remote_state == "deleted":
            ops.append(Op(Verb.DELETE_LOCAL, event_id))
            report.agenda["delete"].append(event_id)
        elif local_state == "deleted" and remote_state == "changed":
            assert theirs is not None
            ops.append(Op(Verb.PULL, event_id, *theirs))
            report.agenda["add"].append(event_id)
            report.conflicts.append(
                f"{event_id}: deleted in agenda but edited on the server: the edit wins "
                "(brought back)"
            )
        elif local_state == "changed" and remote_state == "deleted":
            assert mine is not None
            ops.append(Op(Verb.PUSH, event_id, mine, href_for(event_id), None))
            report.server["add"].append(event_id)
            report.conflicts.append(
                f"{event_id}: edited in agenda but deleted on the server: the edit wins (put back)"
            )
        else:  # changed on both sides
            assert mine is not None and theirs is not None
            ops += _resolve(event_id, mine, theirs, report, etag_base=theirs.etag)
    for o in ops:
        if o.verb in (Verb.PULL, Verb.DELETE_LOCAL):
            o.seen = mine_hashes.get(o.id)
    return ops


def _resolve(
    event_id: str,
    mine: Event,
    theirs: ServerItem,
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
        return [Op(Verb.PULL, event_id, remote_event, href, etag, readonly, copy_of_loser=mine)]
    report.conflicts.append(
        f"{event_id}: changed on both sides; agenda's version is newer (or as new) and wins, "
        "the server's is kept as a conflict copy in agenda"
    )
    if readonly:
        report.skipped.append(
            f"{event_id}: its server object holds other events too; agenda's version not pushed"
        )
        return [Op(Verb.RECORD, event_id, mine, href, etag, readonly, copy_of_loser=remote_event)]
    report.server["change"].append(event_id)
    return [Op(Verb.PUSH, event_id, mine, href, etag or etag_base, copy_of_loser=remote_event)]
