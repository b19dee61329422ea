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
from collections.abc import Iterable
from typing import Any, NamedTuple
from urllib.parse import quote, unquote, urljoin, urlsplit

from agenda.core.errors import SyncError
from agenda.share.sync.remote import REMOTES_FILE, Remote

TIMEOUT = 30
"""Seconds any one request to the CalDAV server may take."""


_PROPFIND = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">'
    "<d:prop>{props}</d:prop></d:propfind>"
)


_ETAG = "{DAV:}getetag"


_SAFE_NAME = re.compile(r"[A-Za-z0-9._@+=-]{1,200}")


_CTAG = "{http://calendarserver.org/ns/}getctag"


_SYNC_TOKEN = "{DAV:}sync-token"


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

    def fetch(self, hrefs: Iterable[str]) -> dict[str, ServerObject]:
        """{href: (ETag, iCalendar text)} of these objects (one calendar-multiget REPORT)."""
        wanted = list(hrefs)
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
