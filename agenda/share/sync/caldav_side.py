"""The server side of a sync: one CalDAV calendar collection, over the `caldav` library.

Owns the conversation with the server: `connect`, `probe`, `find_calendar`, the requests of
`CalDAVSide` (CTag, listing, multiget, conditional PUT and DELETE), the one spelling of an
object's path (`href_path`), and the explanation of every failure in one line for people
(`explain`, `network_reason`, `auth_failed`, `http_status`). May import `agenda.core`,
`remote` (for the hints of an authentication failure), the standard library and caldav
(loaded only when a sync talks to a server). Knows nothing of events or of the store.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any, NamedTuple, TypeVar
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.sax.saxutils import escape

from agenda.core.errors import Refused, SyncError
from agenda.share.sync.remote import REMOTES_FILE, Remote

TIMEOUT = 180
"""Seconds the server may keep silent while it makes one answer. Long, because the answers that
cover a whole collection grow with it: on this loaded 2-core machine Radicale took 73 s for the
first sync-collection REPORT of a 10k-event calendar (30 s, the limit before, failed the sync)."""

CONNECT_TIMEOUT = 15
"""Seconds to open a connection (a host that is down fails this soon, whatever `TIMEOUT`)."""


DEFAULT_CONNECTIONS = 4
"""Requests in flight at once (each on its own keep-alive connection) unless told otherwise."""


MAX_CONNECTIONS = 32
"""The most `--connections` may ask for: more only queues on the server."""


MULTIGET_CHUNK = 100
"""Objects asked for in one calendar-multiget REPORT (several such REPORTs run in parallel)."""


RETRY_DEFAULT_SLEEP = 2
"""Seconds to wait after a 429/503 that names no Retry-After, before asking again."""


RETRY_MAX_SLEEP = 60
"""Seconds of waiting after 429/503 answers for one request before the sync gives up."""


LOCKED_WAITS: tuple[float, ...] = (0.5, 1, 2, 4, 8, 15)
"""Waits before writing again after each `423 Locked` (Xandikos, while another write holds its
git index); past them the event is refused (skipped)."""


_T = TypeVar("_T")
_R = TypeVar("_R")


_PROPFIND = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">'
    "<d:prop>{props}</d:prop></d:propfind>"
)


_ETAG = "{DAV:}getetag"


_SAFE_NAME = re.compile(r"[A-Za-z0-9._@+=-]{1,200}")
_PLAIN_PATH = re.compile(r"(?:/[A-Za-z0-9._~-]+)+/?")
"""A path that `href_path` leaves as it is: unreserved characters only, no empty segment."""


_CTAG = "{http://calendarserver.org/ns/}getctag"


_SYNC_TOKEN = "{DAV:}sync-token"


_SYNC_COLLECTION = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:sync-collection xmlns:d="DAV:"><d:sync-token>{token}</d:sync-token>'
    "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"
)


class Changes(NamedTuple):
    """What changed in the collection since a sync-token (RFC 6578 sync-collection)."""

    token: str
    changed: dict[str, str | None]
    """href -> ETag of each object added or changed."""
    removed: set[str]
    """hrefs of the objects removed."""


class ServerObject(NamedTuple):
    """One object of the calendar as fetched: its ETag and its iCalendar text."""

    etag: str | None
    text: str


class PreconditionFailed(Exception):
    """The server's copy changed since we looked (HTTP 412)."""


def _one_event(status: int) -> bool:
    """A refusal about this one event (skip it), not about the session: 401/403 (credentials
    expired or revoked), 407 and 429 (too many requests) stop the sync instead of repeating for
    every remaining event."""
    return 400 <= status < 500 and status not in (401, 403, 407, 429)


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


def first_line(exc: BaseException) -> str:
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
    if "ConnectTimeout" in names or "ConnectTimeoutError" in names:
        return f"cannot connect within {min(CONNECT_TIMEOUT, TIMEOUT)} s (is the host up?)"
    if any(isinstance(c, TimeoutError) or "Timeout" in type(c).__name__ for c in causes):
        return f"no answer within {TIMEOUT} s"
    if any("SSL" in type(c).__name__ or "Certificate" in type(c).__name__ for c in causes):
        said = first_line(causes[-1])
        if "WRONG_VERSION_NUMBER" in said or "record layer failure" in said:
            return "the TLS connection failed: the server does not speak TLS there (http://?)"
        return f"the TLS connection failed ({said})"
    return f"the connection failed ({first_line(causes[-1] if len(causes) > 1 else exc)})"


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
        return SyncError(f"{url}: the server's answer is not valid XML ({first_line(exc)})")
    return None


def href_path(url: str) -> str:
    """The path of an object's URL in one spelling: servers list `a@b.ics` for what was put as
    `a%40b.ics`, and the two must compare equal (or the event reads as deleted on the server)."""
    if _PLAIN_PATH.fullmatch(url):
        return url  # already in that spelling (most are: a sync reads 10k of them several times)
    segments = urlsplit(url).path.split("/")
    return "/".join(quote(unquote(segment), safe="") for segment in segments)


class _WriteGate:
    """Lets writes run in parallel until the server answers one `423 Locked`, then one at a
    time: Xandikos holds its git index for each write, so parallel writes only wait out each
    other's locks (10 PUTs at 10k took 11 s in parallel, with `LOCKED_WAITS` slept)."""

    def __init__(self) -> None:
        self.serial = False
        self.lock = threading.Lock()

    def write(self, write: Callable[[], Any]) -> Any:
        """The answer to `write`, sent again while the server says 423 (`LOCKED_WAITS`)."""
        if self.serial:
            with self.lock:
                return self._retried(write, write())
        response = write()
        if response.status != 423:
            return response
        self.serial = True
        with self.lock:
            return self._retried(write, response)

    @staticmethod
    def _retried(write: Callable[[], Any], response: Any) -> Any:
        for wait in LOCKED_WAITS:
            if response.status != 423:
                break
            time.sleep(wait)
            response = write()
        return response


class CalDAVSide:
    """The operations sync needs on one calendar collection, over caldav's DAVClient."""

    def __init__(
        self,
        client: Any,
        calendar_url: str,
        *,
        connections: int = 1,
        new_client: Callable[[], Any] | None = None,
    ) -> None:
        """`connections`: requests in flight at once, each worker with its own client made by
        `new_client` (one keep-alive connection each); without `new_client`, one at a time."""
        self.client = client
        self.calendar_url = calendar_url if calendar_url.endswith("/") else calendar_url + "/"
        self.connections = max(1, connections) if new_client is not None else 1
        self.new_client = new_client
        self.gate = _WriteGate()
        """Shared by the sides of one pool's workers."""

    def map_unordered(
        self, fn: Callable[[CalDAVSide, _T], _R], items: Sequence[_T]
    ) -> Iterator[tuple[_T, _R | Exception]]:
        """(item, fn(side, item) or the exception it raised) for every item, in the order they
        finish, over at most `connections` requests in flight (a side per worker thread).

        The caller consumes the results in its own thread (the store is written there only).
        Leaving the loop early cancels what has not started; what is in flight then finishes
        unrecorded, which the next sync recognises (both sides hold the same content).
        """
        if self.connections == 1 or len(items) < 2 or self.new_client is None:
            for item in items:
                try:
                    yield item, fn(self, item)
                except Exception as exc:
                    yield item, exc
            return
        local = threading.local()
        made: list[Any] = []
        new_client = self.new_client

        def task(item: _T) -> _R:
            side = getattr(local, "side", None)
            if side is None:
                client = new_client()
                made.append(client)
                side = local.side = CalDAVSide(client, self.calendar_url)
                side.gate = self.gate
            return fn(side, item)

        pool = ThreadPoolExecutor(max_workers=self.connections, thread_name_prefix="caldav")
        futures = {pool.submit(task, item): item for item in items}
        try:
            for future in as_completed(futures):
                failure = future.exception()
                if failure is not None and not isinstance(failure, Exception):
                    raise failure
                yield futures[future], failure if failure is not None else future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            for client in made:
                close = getattr(client, "close", None)
                if close is not None:
                    close()

    def _propfind(self, props: str, depth: int) -> Any:
        response = self.client.propfind(self.calendar_url, _PROPFIND.format(props=props), depth)
        if response.status == 404 or self._gone(response):
            raise SyncError(
                f"{self.calendar_url}: the calendar is gone from the server "
                f"({http_status(404)}); to start over with a new one, run sync again with "
                "--forget --create (--dry-run first shows what that would do)"
            )
        if not is_multistatus(response):
            # an empty or HTML answer must never read as "the calendar is empty now"
            raise not_caldav(self.calendar_url, response)
        return response

    def _gone(self, response: Any) -> bool:
        """True when a multistatus says the collection itself is 404 (Xandikos answers a
        PROPFIND of a deleted calendar so, where Radicale answers 404)."""
        tree: Any = getattr(response, "tree", None)
        if tree is None or response.status != 207:
            return False
        own = href_path(self.calendar_url).rstrip("/")
        for item in tree.iterfind("{DAV:}response"):
            href = (item.findtext("{DAV:}href") or "").strip()
            if href_path(urljoin(self.calendar_url, href)).rstrip("/") == own:
                return " 404 " in (item.findtext("{DAV:}status") or "")
        return False

    def ctag(self, *, token_only: bool = False) -> str | None:
        """The collection's version: its sync-token (marked `sync-token `, so that a sync knows
        it may ask what changed since) or else its CTag; it changes whenever anything in it
        changes. `token_only`: ask for the sync-token alone (a sync that holds one compares
        only that; Radicale walks every object for each of the two properties)."""
        props = "<d:sync-token/>" if token_only else "<cs:getctag/><d:sync-token/>"
        response = self._propfind(props, 0)
        for result in response.results or []:
            return _version(result.properties)
        return None

    def changes_since(self, version: str | None) -> Changes | None:
        """What changed since `version` (a value of `ctag()`), in one sync-collection REPORT
        (RFC 6578); None when that cannot be asked: no sync-token, the server does not offer the
        report, the token expired, or the answer was truncated (the caller lists everything)."""
        if not version or not version.startswith(SYNC_TOKEN_MARK):
            return None
        from caldav.lib import error

        body = _SYNC_COLLECTION.format(token=escape(version.removeprefix(SYNC_TOKEN_MARK)))
        try:
            response = self.client.report(self.calendar_url, body, 0)
        except error.AuthorizationError as exc:
            if "valid-sync-token" in str(getattr(exc, "preconditions", "")):
                return None  # RFC 6578 3.2: the token expired (403 with this precondition)
            raise
        tree: Any = getattr(response, "tree", None)
        if tree is None or response.status != 207 or tree.tag != "{DAV:}multistatus":
            return None  # 400/403/409/412/501: not offered, or the token is not known
        token = tree.findtext(_SYNC_TOKEN)
        if not token:
            return None
        changed: dict[str, str | None] = {}
        removed: set[str] = set()
        own = href_path(self.calendar_url).rstrip("/")
        for item in tree.iterfind("{DAV:}response"):
            href = item.findtext("{DAV:}href")
            if not href:
                continue
            path = href_path(urljoin(self.calendar_url, href.strip()))
            status = item.findtext("{DAV:}status") or ""
            if path.rstrip("/") == own or path.endswith("/"):
                if " 507 " in status:
                    return None  # truncated (RFC 6578 3.6): list everything instead
                continue
            if " 404 " in status:
                removed.add(path)
                continue
            etag = None
            for prop in item.iterfind("{DAV:}propstat/{DAV:}prop/" + _ETAG):
                etag = (prop.text or "").strip() or None
            changed[path] = etag
        return Changes(SYNC_TOKEN_MARK + token, changed, removed)

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
                ctag = _version(props)
                continue
            if path.endswith("/"):
                continue  # a sub-collection
            items[path] = props.get(_ETAG)
        return ctag, items

    def fetch(self, hrefs: Iterable[str]) -> dict[str, ServerObject]:
        """{href: (ETag, iCalendar text)} of these objects (see `fetch_each`)."""
        return dict(self.fetch_each(hrefs))

    def fetch_each(self, hrefs: Iterable[str]) -> Iterator[tuple[str, ServerObject]]:
        """(href, (ETag, iCalendar text)) of these objects as they arrive: calendar-multiget
        REPORTs of `MULTIGET_CHUNK` objects each, in parallel over the side's connections. The
        caller reads each object as it comes and need not hold the texts of all of them."""
        wanted = list(hrefs)
        chunks = [wanted[i : i + MULTIGET_CHUNK] for i in range(0, len(wanted), MULTIGET_CHUNK)]
        for _, got in self.map_unordered(CalDAVSide._multiget, chunks):
            if isinstance(got, Exception):
                raise got
            yield from got.items()

    def _multiget(self, wanted: list[str]) -> dict[str, ServerObject]:
        """One calendar-multiget REPORT of these objects."""
        if not wanted:
            return {}
        from caldav.lib.url import URL

        calendar = self.client.calendar(url=self.calendar_url)
        out: dict[str, ServerObject] = {}
        urls = [URL.objectify(urljoin(self.calendar_url, h)) for h in wanted]
        for obj in calendar.multiget(urls):
            path = href_path(str(obj.url))
            etag = (obj.props or {}).get(_ETAG)
            out[path] = ServerObject(etag, obj.data)
        return out

    def put(self, href: str, text: str, etag: str | None) -> str | None:
        """Create (etag None) or replace (If-Match etag) one object; returns its new ETag."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        headers["If-Match" if etag else "If-None-Match"] = etag or "*"
        url = urljoin(self.calendar_url, href)
        response = self.gate.write(lambda: self.client.put(url, text, headers))
        if response.status == 412:
            raise PreconditionFailed(href)
        if response.status not in (200, 201, 204):
            kind = Refused if _one_event(response.status) else SyncError
            raise kind(f"{href}: the server refused the event ({http_status(response.status)})")
        return response.headers.get("ETag")

    def delete(self, href: str, etag: str | None) -> None:
        """Delete one object if it is still the version we know."""
        headers = {"If-Match": etag} if etag else {}
        url = urljoin(self.calendar_url, href)
        response = self.gate.write(lambda: self.client.delete(url, headers))
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


def _version(props: dict[str, Any]) -> str | None:
    token = props.get(_SYNC_TOKEN)
    if token:
        return SYNC_TOKEN_MARK + str(token)
    ctag = props.get(_CTAG)
    return str(ctag) if ctag else None


SYNC_TOKEN_MARK = "sync-token "
"""Prefix of a collection version that is a sync-token (a CTag is kept as it is)."""


def connect(remote: Remote, password: str | None) -> Any:
    """A caldav client for the remote (no request is sent yet). It waits and asks again on
    429/503, as long as the server's Retry-After says (`RETRY_DEFAULT_SLEEP` when it says
    nothing), up to `RETRY_MAX_SLEEP` seconds for one request."""
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
        url=remote.url,
        username=remote.user,
        password=password,
        timeout=(min(CONNECT_TIMEOUT, TIMEOUT), TIMEOUT),  # (connect, read), as requests takes
        rate_limit_handle=True,
        rate_limit_default_sleep=RETRY_DEFAULT_SLEEP,
        rate_limit_max_sleep=RETRY_MAX_SLEEP,
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
