"""The CalDAV requests of a sync on one calendar collection (`CalDAVSide`): its version (sync-token
or CTag), what changed since a sync-token (RFC 6578 sync-collection), the listing of every
object, calendar-multiget, conditional PUT and DELETE, over a bounded pool of connections
(`map_unordered`); and the one spelling of an object's path (`href_path`). May import
`agenda.core`, `transport` (the waits after 423), `failures` (the words for a refusal), the
standard library and caldav (loaded only when a sync talks to a server). Knows nothing of
events or of the store.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any, NamedTuple, Protocol, TypeVar
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.sax.saxutils import escape

from agenda.core.errors import Refused, SyncError
from agenda.share.sync.failures import _one_event, http_status, is_multistatus, not_caldav
from agenda.share.sync.transport import WriteGate

MULTIGET_CHUNK = 100
"""Objects asked for in one calendar-multiget REPORT (several such REPORTs run in parallel)."""


_T = TypeVar("_T")
_R = TypeVar("_R")


PROPFIND = (
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


class EarlyAnswer(Protocol):
    """The answer to a sync's first question, asked before caldav was loaded (`early.Early`)."""

    def version(self, calendar_url: str) -> str | None:
        """The collection's sync-token (marked), if that was the question; once."""

    def changes(self, since: str) -> Any:
        """The multistatus of what changed since `since`, if that was the question; once."""


class PreconditionFailed(Exception):
    """The server's copy changed since we looked (HTTP 412)."""


def href_path(url: str) -> str:
    """The path of an object's URL in one spelling: servers list `a@b.ics` for what was put as
    `a%40b.ics`, and the two must compare equal (or the event reads as deleted on the server)."""
    if _PLAIN_PATH.fullmatch(url):
        return url  # already in that spelling (most are: a sync reads 10k of them several times)
    segments = urlsplit(url).path.split("/")
    return "/".join(quote(unquote(segment), safe="") for segment in segments)


class CalDAVSide:
    """The operations sync needs on one calendar collection, over caldav's DAVClient."""

    def __init__(
        self,
        client: Any,
        calendar_url: str,
        *,
        connections: int = 1,
        new_client: Callable[[], Any] | None = None,
        early: EarlyAnswer | None = None,
    ) -> None:
        """`connections`: requests in flight at once, each worker with its own client made by
        `new_client` (one keep-alive connection each); without `new_client`, one at a time.
        `client` None: made by `new_client` when the first request needs it. `early`: the
        answer to the sync's first question, asked before caldav was loaded (`early.ask`)."""
        self._client = client
        self.early = early
        self.calendar_url = calendar_url if calendar_url.endswith("/") else calendar_url + "/"
        self.connections = max(1, connections) if new_client is not None else 1
        self.new_client = new_client
        self.gate = WriteGate()
        """Shared by the sides of one pool's workers."""

    @property
    def client(self) -> Any:
        """caldav's DAVClient for this side's own requests (made on first use)."""
        if self._client is None:
            if self.new_client is None:
                raise SyncError("no CalDAV client to send requests with")
            self._client = self.new_client()
        return self._client

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
        response = self.client.propfind(self.calendar_url, PROPFIND.format(props=props), depth)
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
        if token_only and self.early is not None:
            early = self.early.version(self.calendar_url)
            if early is not None:
                return early
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
        tree: Any = self.early.changes(version) if self.early is not None else None
        if tree is None:
            from caldav.lib import error

            body = _SYNC_COLLECTION.format(token=escape(version.removeprefix(SYNC_TOKEN_MARK)))
            try:
                response = self.client.report(self.calendar_url, body, 0)
            except error.AuthorizationError as exc:
                if "valid-sync-token" in str(getattr(exc, "preconditions", "")):
                    return None  # RFC 6578 3.2: the token expired (403 with this precondition)
                raise
            tree = getattr(response, "tree", None)
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
