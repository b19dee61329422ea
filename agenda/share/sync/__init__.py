"""`agenda sync`: two-way sync of the store with one CalDAV calendar, through the `caldav` library.

The package owns the sync algorithm and what the store remembers of it (the `sync_remotes` and
`sync_items` tables of the store's schema 3 and `sync_seen` of schema 7, read and written only
through `agenda.core.store.sync_tables`). Events travel as the VEVENTs `agenda export` writes
(`agenda.ics.write_events`) and come back through the reader of `agenda import`
(`agenda.ics.parse_object`); nothing here knows iCalendar.

May import: `agenda.core`, `agenda.ics`, the standard library and caldav (loaded only when a sync
talks to a server). Never the CLI or the UI. Its modules, from the bottom up:

- `report`: what a sync did, for people (`Report`).
- `remote`: where to sync (`Remote`, remotes.toml, URL checks, the password).
- `transport`: HTTP to the server (`connect`, timeouts, waits after 429/503 and 423 Locked,
  how many requests run at once).
- `failures`: every failure of the conversation with the server in one line (`explain`).
- `caldav_side`: the CalDAV requests on one calendar collection (`CalDAVSide`), over a bounded
  pool of connections.
- `discovery`: is it a CalDAV server (`probe`), which calendar (`find_calendar`).
- `state`: what both sides last agreed on (`Base`, `SyncState`).
- `early`: the sync's first question, sent with the standard library before caldav and the
  planning are imported, its answer used by `caldav_side` in place of asking again.
- `planning`: the three-way comparison that gives the steps (`plan` reads both sides, `decide`
  is the pure rule: `Op`, `Verb`, `ServerItem`, `Agreed`); changes nothing.
- `applying`: carrying out the steps (`apply`), the delete threshold, conflict copies.
- `run`: one sync from start to end (`sync`).

This file only re-exports, on first use (`__getattr__`), so that `from agenda.share import sync;
sync.X` keeps working and importing the package stays cheap.

The algorithm is a three-way comparison per event id of (agenda now, server now, the base: what
both sides held when they last agreed: the server href and ETag, and a hash of the agenda content).

- Unchanged calendar: one PROPFIND of the collection's sync-token (of its CTag on a server
  without one); with the store's change counter also unchanged, nothing else is sent.
  That first question (or the REPORT below) goes out before the slow imports (`early`), so
  the server answers it while agenda loads; a sync with nothing to do never loads caldav.
- Agenda's side is read by hashes: `sync_seen` remembers the content hash of each event keyed by
  a hash of its stored data, so only rows whose data changed since are decoded and hashed, and
  only events a step may concern are read whole (`planning.needs_event`). Any change of the
  data is seen, whether or not it moved SEQUENCE (a child detached from a deleted parent).
- Otherwise one sync-collection REPORT (RFC 6578) from the stored token says what changed, where
  the server offers it; else one PROPFIND (Depth 1) lists every href and ETag. Only new or changed
  hrefs are fetched (calendar-multiget REPORTs of 100 objects), each event compared by content
  hash as it arrives: one that agrees with agenda's is kept as its hash alone (`Agreed`), so a
  first sync of two sides holding the same 10k events holds no model of them.
- After its own PUTs a sync keeps the sync-token read before them (each PUT's ETag is recorded
  and the item marked as written by this run, `sync_items.written`): the next sync recognises
  those writes by ETag in what changed since that token, and lists everything if one of them is
  not reported at all (created here, deleted by another client: Xandikos leaves it out). A PUT
  without an ETag makes the sync ask for the token again after its writes instead.
- Requests run over a bounded pool of keep-alive connections (`CalDAVSide.connections`), each
  result recorded in the calling thread as it arrives; 429/503 wait for Retry-After;
  after one 423 Locked the rest of the writes go one at a time.
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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agenda.core.errors import Refused, SyncError
    from agenda.share.sync.applying import (
        CONFLICT_TAG,
        DEFAULT_DELETE_FLOOR,
        DEFAULT_DELETE_SHARE,
        Progress,
        apply,
        check_deletions,
    )
    from agenda.share.sync.caldav_side import (
        CalDAVSide,
        Changes,
        PreconditionFailed,
        ServerObject,
        href_path,
    )
    from agenda.share.sync.discovery import find_calendar, probe
    from agenda.share.sync.failures import (
        _one_event,
        auth_failed,
        explain,
        http_status,
        is_multistatus,
        network_reason,
        not_caldav,
    )
    from agenda.share.sync.planning import (
        Agreed,
        Op,
        ServerItem,
        Verb,
        _parse_remote,
        content_hash,
        decide,
        plan,
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
    from agenda.share.sync.run import sync
    from agenda.share.sync.state import Base, SyncState
    from agenda.share.sync.transport import DEFAULT_CONNECTIONS, connect

_WHERE: dict[str, str] = {
    "Refused": "agenda.core.errors",
    "SyncError": "agenda.core.errors",
    "CONFLICT_TAG": "agenda.share.sync.applying",
    "DEFAULT_DELETE_FLOOR": "agenda.share.sync.applying",
    "DEFAULT_DELETE_SHARE": "agenda.share.sync.applying",
    "Progress": "agenda.share.sync.applying",
    "apply": "agenda.share.sync.applying",
    "check_deletions": "agenda.share.sync.applying",
    "CalDAVSide": "agenda.share.sync.caldav_side",
    "Changes": "agenda.share.sync.caldav_side",
    "PreconditionFailed": "agenda.share.sync.caldav_side",
    "ServerObject": "agenda.share.sync.caldav_side",
    "href_path": "agenda.share.sync.caldav_side",
    "find_calendar": "agenda.share.sync.discovery",
    "probe": "agenda.share.sync.discovery",
    "_one_event": "agenda.share.sync.failures",
    "auth_failed": "agenda.share.sync.failures",
    "explain": "agenda.share.sync.failures",
    "http_status": "agenda.share.sync.failures",
    "is_multistatus": "agenda.share.sync.failures",
    "network_reason": "agenda.share.sync.failures",
    "not_caldav": "agenda.share.sync.failures",
    "Agreed": "agenda.share.sync.planning",
    "Op": "agenda.share.sync.planning",
    "ServerItem": "agenda.share.sync.planning",
    "Verb": "agenda.share.sync.planning",
    "_parse_remote": "agenda.share.sync.planning",
    "content_hash": "agenda.share.sync.planning",
    "decide": "agenda.share.sync.planning",
    "plan": "agenda.share.sync.planning",
    "PASSWORD_ENV": "agenda.share.sync.remote",
    "REMOTES_FILE": "agenda.share.sync.remote",
    "Remote": "agenda.share.sync.remote",
    "check_url": "agenda.share.sync.remote",
    "load_remote": "agenda.share.sync.remote",
    "remotes_path": "agenda.share.sync.remote",
    "LIST_LIMIT": "agenda.share.sync.report",
    "Report": "agenda.share.sync.report",
    "sync": "agenda.share.sync.run",
    "Base": "agenda.share.sync.state",
    "SyncState": "agenda.share.sync.state",
    "DEFAULT_CONNECTIONS": "agenda.share.sync.transport",
    "connect": "agenda.share.sync.transport",
}
"""Each name this package exports -> the module that defines it (imported on first use)."""


def __getattr__(name: str) -> Any:
    """A name of `__all__`, or a submodule (`sync.run`, `sync.transport`), imported on first use:
    `agenda sync` sends its first question before the slow imports (caldav, the planning's
    iCalendar reader), so importing this package must not load them (see `early`)."""
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
    else:
        try:
            value = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    globals()[name] = value
    return value


__all__ = [
    "CONFLICT_TAG",
    "DEFAULT_CONNECTIONS",
    "DEFAULT_DELETE_FLOOR",
    "DEFAULT_DELETE_SHARE",
    "LIST_LIMIT",
    "PASSWORD_ENV",
    "REMOTES_FILE",
    "Agreed",
    "Base",
    "CalDAVSide",
    "Changes",
    "Op",
    "PreconditionFailed",
    "Progress",
    "Refused",
    "Remote",
    "Report",
    "ServerItem",
    "ServerObject",
    "SyncError",
    "SyncState",
    "Verb",
    "_one_event",
    "_parse_remote",
    "apply",
    "auth_failed",
    "check_deletions",
    "check_url",
    "connect",
    "content_hash",
    "decide",
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
