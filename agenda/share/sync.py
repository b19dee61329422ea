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
import os
import re
import shlex
import subprocess
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from agenda.core.errors import AgendaError, ConfigError, NotFound, UsageError, ValidationProblem
from agenda.core.format import plural

if TYPE_CHECKING:
    from agenda.core.models import Event
    from agenda.core.store import EventStore

PASSWORD_ENV = "AGENDA_CALDAV_PASSWORD"
REMOTES_FILE = "remotes.toml"
TIMEOUT = 30
"""Seconds any one request to the CalDAV server may take."""
CONFLICT_TAG = "sync-conflict"
DEFAULT_DELETE_SHARE = 0.25
DEFAULT_DELETE_FLOOR = 10
LIST_LIMIT = 20
"""Events listed per action and side in the report (the counts are always complete)."""


class SyncError(AgendaError):
    """The sync cannot go on: server unreachable or refusing, calendar missing, too many deletes."""

    exit_code = 5


# -- remotes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Remote:
    """Where to sync: a CalDAV URL, a user, a calendar, and how to get the password."""

    url: str
    user: str | None = None
    calendar: str | None = None
    password_env: str = PASSWORD_ENV
    password_command: str | None = None
    name: str | None = None

    def key(self) -> str:
        """The identity of this remote in the sync state."""
        return f"{self.url}|{self.user or ''}|{self.calendar or ''}"

    def password(self) -> str | None:
        """The password: the environment variable, else the output of the password command."""
        value = os.environ.get(self.password_env)
        if value:
            return value
        if self.password_command:
            where = f"[{self.name}] password_command" if self.name else "password_command"
            try:
                done = subprocess.run(
                    shlex.split(self.password_command),
                    capture_output=True,
                    text=True,
                    timeout=60,
                    check=False,
                )
            except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
                raise SyncError(
                    f"{REMOTES_FILE} {where} {self.password_command!r}: {exc}"
                ) from None
            if done.returncode != 0:
                said = done.stderr.strip().splitlines()
                raise SyncError(
                    f"{REMOTES_FILE} {where} {self.password_command!r} failed (exit "
                    f"{done.returncode})" + (f": {said[-1][:200]}" if said else "")
                )
            return done.stdout.rstrip("\n")
        return None


def remotes_path() -> Path:
    """remotes.toml beside the settings file (AGENDA_CONFIG's folder, or the user config dir)."""
    from agenda.core import paths

    return paths.config_path().parent / REMOTES_FILE


def load_remote(name: str, path: Path | None = None) -> Remote:
    """The remote called `name` in remotes.toml; a password written there is refused."""
    path = path or remotes_path()
    if not path.is_file():
        raise ConfigError(
            f"{path}: no such file, so no remote named {name!r} (see docs/sharing.md)"
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: malformed TOML: {exc}") from None
    table = raw.get(name)
    if not isinstance(table, dict):
        known = ", ".join(sorted(k for k, v in raw.items() if isinstance(v, dict))) or "none"
        raise ConfigError(f"{path}: no remote [{name}] (remotes: {known})")
    allowed = {"url", "user", "calendar", "password_env", "password_command"}
    for key, value in table.items():
        if key == "password":
            raise ConfigError(
                f"{path}: [{name}] password: passwords are never stored in plain text; use "
                f"password_env or password_command"
            )
        if key not in allowed:
            raise ConfigError(
                f"{path}: [{name}] unknown key {key!r} ({', '.join(sorted(allowed))})"
            )
        if not isinstance(value, str):
            raise ConfigError(f"{path}: [{name}] {key} must be a string")
    if "url" not in table:
        raise ConfigError(f"{path}: [{name}] url is missing")
    return Remote(
        url=check_url(table["url"], f"{path}: [{name}] url", ConfigError),
        user=table.get("user"),
        calendar=table.get("calendar"),
        password_env=table.get("password_env", PASSWORD_ENV),
        password_command=table.get("password_command"),
        name=name,
    )


def check_url(url: str, where: str, error: type[AgendaError] = UsageError) -> str:
    """`url` when it is an absolute http(s) URL with a host name; else `error` naming it.

    Checked before anything is sent: a bare word would otherwise reach the HTTP stack as
    "https://<word>" and fail with a traceback, or start DNS discovery.
    """
    text = url.strip()
    example = "e.g. https://cloud.example.org/remote.php/dav/"
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        # the URL may hold a password: never repeated in a message
        shown = re.sub(r"//[^/]*@", "//", url)
        raise error(f"{where} {shown!r}: not a usable URL ({exc}; {example})") from None
    if "@" in parts.netloc:
        # a password in the URL would be stored in plain text (remotes.toml, shell history)
        # and shown in every message naming the URL
        shown = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        raise error(
            f"{where} {shown!r} (user name and password removed): put the user in --user (or "
            f"user in {REMOTES_FILE}) and the password in {PASSWORD_ENV} or a password_command, "
            "not in the URL"
        )
    try:
        parts.port  # noqa: B018 -- raises ValueError on a port that is not a number in range
    except ValueError as exc:
        raise error(f"{where} {url!r}: not a usable URL ({exc}; {example})") from None
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() for c in text)
    ):
        raise error(f"{where} {url!r}: not an http:// or https:// URL ({example})")
    return text


# -- the server side -------------------------------------------------------------------------

_PROPFIND = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">'
    "<d:prop>{props}</d:prop></d:propfind>"
)
_ETAG = "{DAV:}getetag"
_SAFE_NAME = re.compile(r"[A-Za-z0-9._@+=-]{1,200}")
_CTAG = "{http://calendarserver.org/ns/}getctag"
_SYNC_TOKEN = "{DAV:}sync-token"


class PreconditionFailed(Exception):
    """The server's copy changed since we looked (HTTP 412)."""


def _one_event(status: int) -> bool:
    """A refusal about this one event (skip it), not about the session: 401/403 (credentials
    expired or revoked), 407 and 429 (too many requests) stop the sync instead of repeating for
    every remaining event."""
    return 400 <= status < 500 and status not in (401, 403, 407, 429)


class Refused(SyncError):
    """The server refused one event (a 4xx other than 412): that event is skipped, not the sync."""


def http_status(status: int, reason: str | None = None) -> str:
    """ "HTTP 404 Not Found": the status and its phrase (the server's own, else the standard one)."""
    from http import HTTPStatus

    phrase = (reason or "").strip()
    if not phrase:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
    return f"HTTP {status} {phrase[:60]}".rstrip()


def is_multistatus(response: Any) -> bool:
    """True when a PROPFIND answer is a WebDAV multistatus (not a web page, not an error)."""
    tree = getattr(response, "tree", None)
    tag = getattr(tree, "tag", None)
    return response.status in (200, 207) and tag == "{DAV:}multistatus"


def not_caldav(url: str, response: Any) -> SyncError:
    """The error for a server whose answer to PROPFIND is not WebDAV (its body is not shown)."""
    what = http_status(response.status, getattr(response, "reason", None))
    if response.status in (200, 207):
        kind = str(response.headers.get("Content-Type") or "no Content-Type").split(";")[0]
        what += f", a {kind[:40]} answer instead of a WebDAV multistatus"
    return SyncError(f"{url} does not look like a CalDAV server: {what}")


def auth_failed(remote: Remote, password: str | None, status: int, url: str) -> SyncError:
    """The error for a 401/403, with a hint about where the user name and password come from."""
    where = f"{remote.name} in {REMOTES_FILE}" if remote.name else "--user"
    if not remote.user:
        hint = (
            f"the server wants a user name: give it with {where}, and the password in "
            f"{remote.password_env} (or a password_command in {REMOTES_FILE})"
        )
    elif password is None:
        hint = (
            f"no password was given: set {remote.password_env}, or password_env / "
            f"password_command in {REMOTES_FILE}"
        )
    else:
        source = remote.password_env if os.environ.get(remote.password_env) else "password_command"
        hint = f"check the user name ({where}) and the password (from {source})"
    if status == 403:
        hint += " (a 403 can also mean that this user may not use this URL)"
    who = f"for {remote.user} " if remote.user else ""
    return SyncError(f"authentication failed {who}at {url} ({http_status(status)}): {hint}")


def _causes(exc: BaseException) -> list[BaseException]:
    """`exc` and what it wraps (cause, context, urllib3's .reason, exceptions in its args)."""
    out: list[BaseException] = []
    todo = [exc]
    while todo and len(out) < 20:
        e = todo.pop()
        if any(e is seen for seen in out):
            continue
        out.append(e)
        for inner in (e.__cause__, e.__context__, getattr(e, "reason", None), *e.args):
            if isinstance(inner, BaseException):
                todo.append(inner)
    return out


def _first_line(exc: BaseException) -> str:
    text = re.sub(r"<[^<>]* object at 0x[0-9a-fA-F]+>:?\s*", "", str(exc))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:160] if lines else type(exc).__name__


def network_reason(exc: BaseException, url: str) -> str:
    """Why a connection to `url` failed, in words (no host, nothing listening, timeout, ...)."""
    import socket

    parts = urlsplit(url)
    causes = _causes(exc)
    names = {type(c).__name__ for c in causes}
    if "NameResolutionError" in names or any(isinstance(c, socket.gaierror) for c in causes):
        return f"cannot connect: the host name {parts.hostname!r} does not resolve (check the URL)"
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            port = 0
        return (
            f"cannot connect: connection refused, nothing listens on {parts.hostname} port "
            f"{port} (is the server running?)"
        )
    if any(isinstance(c, TimeoutError) or "Timeout" in type(c).__name__ for c in causes):
        return f"no answer within {TIMEOUT} s"
    if any("SSL" in type(c).__name__ or "Certificate" in type(c).__name__ for c in causes):
        said = _first_line(causes[-1])
        if "WRONG_VERSION_NUMBER" in said or "record layer failure" in said:
            return "the TLS connection failed: the server does not speak TLS there (http://?)"
        return f"the TLS connection failed ({said})"
    return f"the connection failed ({_first_line(causes[-1] if len(causes) > 1 else exc)})"


def explain(exc: BaseException, remote: Remote, password: str | None) -> SyncError | None:
    """A one-line SyncError for a failed conversation with the server; None for anything else
    (a bug in agenda, which should show as one)."""
    url = remote.url
    try:
        from caldav.lib import error
    except ImportError:  # pragma: no cover - connect() already said caldav is missing
        return None
    if isinstance(exc, error.AuthorizationError):
        return auth_failed(remote, password, exc.status or 401, url)
    if isinstance(exc, error.DAVError):
        # str(exc) would carry the server's whole answer (often an HTML page): status only
        if exc.status:
            return SyncError(f"{url}: the server answered {http_status(exc.status)}")
        return SyncError(f"{url}: the server's answer was not understood ({type(exc).__name__})")
    if isinstance(exc, OSError):  # socket errors, and every requests/niquests exception
        return SyncError(f"{url}: {network_reason(exc, url)}")
    module = type(exc).__module__.split(".")[0]
    if module in ("requests", "niquests", "urllib3"):
        return SyncError(f"{url}: {network_reason(exc, url)}")
    if module == "lxml":
        return SyncError(f"{url}: the server's answer is not valid XML ({_first_line(exc)})")
    return None


def href_path(url: str) -> str:
    """The path of an object's URL in one spelling: servers list `a@b.ics` for what was put as
    `a%40b.ics`, and the two must compare equal (or the event reads as deleted on the server)."""
    segments = urlsplit(url).path.split("/")
    return "/".join(quote(unquote(segment), safe="") for segment in segments)


class CalDAVSide:
    """The operations sync needs on one calendar collection, over caldav's DAVClient."""

    def __init__(self, client: Any, calendar_url: str) -> None:
        self.client = client
        self.calendar_url = calendar_url if calendar_url.endswith("/") else calendar_url + "/"

    def _propfind(self, props: str, depth: int) -> Any:
        response = self.client.propfind(self.calendar_url, _PROPFIND.format(props=props), depth)
        if response.status == 404:
            raise SyncError(
                f"{self.calendar_url}: the calendar is gone from the server "
                f"({http_status(404)}); to start over with a new one, run sync again with "
                "--forget --create (--dry-run first shows what that would do)"
            )
        if not is_multistatus(response):
            # an empty or HTML answer must never read as "the calendar is empty now"
            raise not_caldav(self.calendar_url, response)
        return response

    def ctag(self) -> str | None:
        """The collection's CTag (or sync-token): it changes whenever anything in it changes."""
        response = self._propfind("<cs:getctag/><d:sync-token/>", 0)
        for result in response.results or []:
            props = result.properties
            return props.get(_CTAG) or props.get(_SYNC_TOKEN)
        return None

    def listing(self) -> tuple[str | None, dict[str, str | None]]:
        """(CTag, {href: ETag}) of every object in the collection, in one request."""
        response = self._propfind("<d:getetag/><cs:getctag/><d:sync-token/><d:resourcetype/>", 1)
        ctag = None
        items: dict[str, str | None] = {}
        own = href_path(self.calendar_url).rstrip("/")
        for result in response.results or []:
            path = href_path(urljoin(self.calendar_url, result.href))
            props = result.properties
            if path.rstrip("/") == own:
                ctag = props.get(_CTAG) or props.get(_SYNC_TOKEN)
                continue
            if path.endswith("/"):
                continue  # a sub-collection
            items[path] = props.get(_ETAG)
        return ctag, items

    def fetch(self, hrefs: Iterable[str]) -> dict[str, tuple[str | None, str]]:
        """{href: (ETag, iCalendar text)} of these objects (one calendar-multiget REPORT)."""
        wanted = list(hrefs)
        if not wanted:
            return {}
        from caldav.lib.url import URL

        calendar = self.client.calendar(url=self.calendar_url)
        out: dict[str, tuple[str | None, str]] = {}
        urls = [URL.objectify(urljoin(self.calendar_url, h)) for h in wanted]
        for obj in calendar.multiget(urls):
            path = href_path(str(obj.url))
            etag = (obj.props or {}).get(_ETAG)
            out[path] = (etag, obj.data)
        return out

    def put(self, href: str, text: str, etag: str | None) -> str | None:
        """Create (etag None) or replace (If-Match etag) one object; returns its new ETag."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        headers["If-Match" if etag else "If-None-Match"] = etag or "*"
        response = self.client.put(urljoin(self.calendar_url, href), text, headers)
        if response.status == 412:
            raise PreconditionFailed(href)
        if response.status not in (200, 201, 204):
            kind = Refused if _one_event(response.status) else SyncError
            raise kind(f"{href}: the server refused the event ({http_status(response.status)})")
        return response.headers.get("ETag")

    def delete(self, href: str, etag: str | None) -> None:
        """Delete one object if it is still the version we know."""
        headers = {"If-Match": etag} if etag else {}
        response = self.client.delete(urljoin(self.calendar_url, href), headers)
        if response.status == 412:
            raise PreconditionFailed(href)
        if response.status not in (200, 204, 404):
            kind = Refused if _one_event(response.status) else SyncError
            raise kind(
                f"{href}: the server refused to delete the event ({http_status(response.status)})"
            )

    def href_for(self, event_id: str) -> str:
        """Where a new event goes: <collection>/<id>.ics (as a path). An id with characters that
        servers mangle or refuse in a path (/, ?, #, %, ...) gets a name made from its hash: the
        name of the object is free in CalDAV, the UID inside it is what identifies the event."""
        if _SAFE_NAME.fullmatch(event_id):
            name = quote(event_id, safe="")
        else:
            name = hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:40]
        return href_path(self.calendar_url) + name + ".ics"


# -- state -----------------------------------------------------------------------------------


@dataclass
class Base:
    """What both sides held for one event when they last agreed."""

    href: str
    etag: str | None
    local_hash: str
    readonly: bool = False


class SyncState:
    """The sync tables of one remote (rows of schema 3; written inside store transactions).

    `forgotten`: read as if there were no rows (a dry run of `--forget`)."""

    def __init__(self, store: EventStore, key: str, *, forgotten: bool = False) -> None:
        self.store = store
        self.key = key
        self.forgotten = forgotten

    def forget(self) -> None:
        """Drop what earlier syncs agreed on: the next sync compares both sides from scratch."""
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM sync_items WHERE remote = ?", (self.key,))
            conn.execute("DELETE FROM sync_remotes WHERE key = ?", (self.key,))

    def remote_row(self) -> tuple[str, str | None, int | None] | None:
        if self.forgotten:
            return None
        row = self.store.conn.execute(
            "SELECT calendar_url, ctag, counter FROM sync_remotes WHERE key = ?", (self.key,)
        ).fetchone()
        return None if row is None else (row[0], row[1], row[2])

    def save_remote(
        self, calendar_url: str, ctag: str | None, counter: int | None, now: str
    ) -> None:
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO sync_remotes VALUES (?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET "
                "calendar_url=excluded.calendar_url, ctag=excluded.ctag, "
                "counter=excluded.counter, synced_at=excluded.synced_at",
                (self.key, calendar_url, ctag, counter, now),
            )

    def items(self) -> dict[str, Base]:
        if self.forgotten:
            return {}
        return {
            i: Base(href_path(h), e, lh, bool(ro))
            for i, h, e, lh, ro in self.store.conn.execute(
                "SELECT id, href, etag, local_hash, readonly FROM sync_items WHERE remote = ?",
                (self.key,),
            )
        }

    def record(self, event_id: str, base: Base) -> None:
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO sync_items VALUES (?,?,?,?,?,?)",
                (self.key, event_id, base.href, base.etag, base.local_hash, int(base.readonly)),
            )

    def drop(self, event_id: str) -> None:
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM sync_items WHERE remote = ? AND id = ?", (self.key, event_id))


# -- the plan --------------------------------------------------------------------------------


def content_hash(event: Event) -> str:
    """A hash of what an event says (not its SEQUENCE, CREATED or LAST-MODIFIED)."""
    data = event.content(mode="json")
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


@dataclass
class Report:
    """What a sync did (or would do, with --dry-run), side by side."""

    dry_run: bool = False
    agenda: dict[str, list[str]] = field(
        default_factory=lambda: {"add": [], "change": [], "delete": []}
    )
    server: dict[str, list[str]] = field(
        default_factory=lambda: {"add": [], "change": [], "delete": []}
    )
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    requests: str = ""
    nothing_to_do: bool = False
    touched: bool = False
    written_meanwhile: bool = False
    """True when another process wrote to agenda while this sync ran: its change counter is not
    recorded as synced (the next sync compares everything)."""
    """True once a step has changed either side (an error then says "run sync again")."""
    titles: dict[str, str] = field(default_factory=dict)
    """Event id -> title, for the lines of the report."""

    def lines(self, limit: int | None = LIST_LIMIT) -> list[str]:
        """The report for people: counts per side, then the events (at most `limit` per list,
        with their titles where known)."""
        if self.nothing_to_do:
            return ["nothing to do: both sides unchanged since the last sync"]
        out = []
        for side, table in (("agenda", self.agenda), ("server", self.server)):
            counts = ", ".join(f"{len(v)} {k}" for k, v in table.items())
            out.append(f"{side}: {counts}" + (" (dry run)" if self.dry_run else ""))
            for action, ids in table.items():
                shown = ids if limit is None else ids[:limit]
                for i in shown:
                    title = self.titles.get(i)
                    out.append(f"  {action} {i}" + (f" · {title}" if title else ""))
                if len(shown) < len(ids):
                    out.append(
                        f"  … and {len(ids) - len(shown)} more to {action} "
                        "(--verbose lists them all)"
                    )
        if self.conflicts:
            done = "would be resolved" if self.dry_run else "resolved"
            out.append(f"conflicts ({done}: the newer version wins, the other is kept as a copy):")
            out += [f"  {c}" for c in self.conflicts]
        if self.skipped:
            out.append("skipped:")
            out += [f"  {s}" for s in self.skipped]
        if self.dry_run:
            out.append("dry run: nothing was changed on either side")
        return out


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
    from agenda.ics.lines import CalendarInfo

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
        problems.append(f"cannot be read ({_first_line(exc)})")
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
        return f"its time cannot be converted ({_first_line(exc)})"
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
                store.conn.execute("SAVEPOINT sync_delete")
                try:
                    store.delete(o.id, children="detach")
                    state.drop(o.id)
                except (ValidationProblem, NotFound) as exc:
                    store.conn.execute("ROLLBACK TO sync_delete")
                    report.skipped.append(f"{o.id}: not deleted in agenda: {exc}")
                    report.agenda["delete"].remove(o.id)
                store.conn.execute("RELEASE sync_delete")
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


def connect(remote: Remote, password: str | None) -> Any:
    """A caldav client for the remote (no request is sent yet)."""
    try:
        import caldav
    except ImportError:
        raise SyncError(
            "agenda sync needs the caldav library: pip install 'agenda[sync]'"
        ) from None

    # A user without a password still logs in (with an empty one): servers that trust any
    # password (Radicale's auth "none", a proxy doing the auth) only need the name.
    if remote.user and password is None:
        password = ""
    return caldav.DAVClient(
        url=remote.url, username=remote.user, password=password, timeout=TIMEOUT
    )


_PROBE = "<d:resourcetype/><d:current-user-principal/>"


def probe(client: Any, remote: Remote) -> None:
    """One PROPFIND of the URL: a CalDAV server answers with a WebDAV multistatus."""
    response = client.propfind(remote.url, _PROPFIND.format(props=_PROBE), 0)
    if not is_multistatus(response):
        raise not_caldav(remote.url, response)


def _label(name: str | None, segment: str) -> str:
    if name and name != segment:
        return f"{name!r} (path {segment})"
    return repr(name or segment)


def find_calendar(
    client: Any, remote: Remote, *, create: bool, dry_run: bool = False
) -> tuple[str, bool]:
    """The calendar collection URL for the remote; (url, created).

    A calendar named with --calendar that the server does not have is created only when
    `create` is given (a typo must not start a new calendar); on a dry run it is not created
    and the URL is "" (with created True).
    """
    from caldav.lib import error

    probe(client, remote)
    principal = client.principal()
    calendars = principal.calendars()
    labels = []
    wanted_path = urlsplit(remote.url).path.rstrip("/")
    for cal in calendars:
        name = cal.get_display_name() if hasattr(cal, "get_display_name") else cal.name
        path = urlsplit(str(cal.url)).path.rstrip("/")
        segment = path.rsplit("/", 1)[-1]
        labels.append(_label(name, segment))
        if remote.calendar is None and path == wanted_path:
            return str(cal.url), False
        if remote.calendar is not None and remote.calendar in (name, segment):
            return str(cal.url), False
    has = ", ".join(labels)
    who = f" for {remote.user}" if remote.user else ""
    if remote.calendar is None:
        if len(calendars) == 1:
            return str(calendars[0].url), False
        if not calendars:
            raise SyncError(
                f"{remote.url}: the server has no calendar{who}; name one with --calendar "
                "NAME and add --create to make it"
            )
        raise SyncError(f"{remote.url}: say which calendar with --calendar (the server has: {has})")
    if not create and not calendars:
        raise SyncError(
            f"{remote.url}: no calendar {remote.calendar!r}{who}: the server has no calendar "
            "at all; add --create to make it"
        )
    if not create:
        raise SyncError(
            f"{remote.url}: no calendar {remote.calendar!r}{who} (the server has: {has}); "
            f"give one of these with --calendar, or add --create to make {remote.calendar!r}"
        )
    if dry_run:
        return "", True
    try:
        made = principal.make_calendar(name=remote.calendar)
    except error.DAVError as exc:
        raise SyncError(
            f"{remote.url}: cannot create calendar {remote.calendar!r} "
            f"({http_status(exc.status) if exc.status else type(exc).__name__})"
        ) from None
    return str(made.url), True


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
