"""`agenda serve`: the store as a read-only iCalendar subscription feed over HTTP.

It owns the HTTP side of sharing: query parameters -> (window, Filters), validators (strong ETag,
Last-Modified from the store's change counter), 304s, gzip, the token, the HTML index page and the
server itself. The VCALENDAR text comes from `agenda.ics.write_events` (the same writer as
`export`); nothing here knows iCalendar.

The server is the standard library's `ThreadingHTTPServer` (one thread per connection, daemon
threads, socket timeouts, a deep listen backlog). The feed is read-only and every rendering is
cached per (change counter, query), so a request costs one small SQLite read plus a memory copy;
see docs/sharing.md for the reasons and the load measurement.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import html
import ipaddress
import re
import socket
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO, Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from agenda.core.clock import Clock, system_clock
from agenda.core.errors import AgendaError, UsageError
from agenda.core.store import EventStore, Filters

FEED_PATH = "/calendar.ics"
PARAMS = ("from", "to", "kind", "org", "country", "status", "text")
"""The query parameters of the feed: the filters of `export` and `list`."""
TOKEN_PARAM = "token"
TOKEN_ENV = "AGENDA_FEED_TOKEN"
DEFAULT_PORT = 8765
SOCKET_TIMEOUT = 15.0
"""Seconds a connection may stay silent before its thread gives up on it."""
CACHE_SIZE = 64
"""Renderings kept for the current change counter (distinct queries); the oldest go first."""


class FeedParamError(UsageError):
    """A query parameter of the feed is wrong; the message says which and why (HTTP 400)."""


@dataclass(frozen=True)
class FeedQuery:
    """A feed request: an optional window of days and the filters."""

    first: date | None
    last: date | None
    filters: Filters

    def key(self) -> str:
        """A canonical text of the query (the cache key and part of the ETag)."""
        f = self.filters
        return "|".join(
            [
                self.first.isoformat() if self.first else "",
                self.last.isoformat() if self.last else "",
                ",".join(sorted(f.kinds)),
                ",".join(sorted(f.orgs)),
                ",".join(sorted(c.lower() for c in f.countries)),
                ",".join(sorted(f.statuses)),
                f.text or "",
            ]
        )


def parse_query(query: str, today: date) -> FeedQuery:
    """The feed query from a URL's query string; FeedParamError names the bad parameter."""
    from agenda.core.schedule import parse_day

    try:
        raw = parse_qs(
            query, keep_blank_values=True, strict_parsing=False, errors="strict", max_num_fields=64
        )
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedParamError(f"the query string cannot be read ({exc})") from None
    values: dict[str, list[str]] = {}
    for name, got in raw.items():
        if name == TOKEN_PARAM:
            continue
        if name not in PARAMS:
            raise FeedParamError(
                f"unknown parameter {name!r} (known: {', '.join(PARAMS)}, {TOKEN_PARAM})"
            )
        items = [v.strip() for value in got for v in value.split(",") if v.strip()]
        if not items:
            raise FeedParamError(f"parameter {name!r} is empty")
        values[name] = items
    days: dict[str, date] = {}
    for name in ("from", "to"):
        if name in values:
            if len(values[name]) != 1:
                raise FeedParamError(f"parameter {name!r} takes one date")
            try:
                days[name] = parse_day(values[name][0], today, what=f"parameter {name!r}")
            except UsageError as exc:
                raise FeedParamError(str(exc)) from None
    if "from" in days and "to" in days and days["to"] < days["from"]:
        raise FeedParamError(
            f"parameter 'to' ({days['to']}) is before parameter 'from' ({days['from']})"
        )
    kinds = tuple(k.lower() for k in values.get("kind", []))
    statuses = tuple(s.lower() for s in values.get("status", []))
    _check_vocabulary(kinds, statuses)
    orgs = tuple(o.upper() for o in values.get("org", []))
    if orgs:
        from agenda.cli import check_orgs  # the same rule and message as `list --org`

        try:
            check_orgs(orgs, "parameter 'org'")
        except UsageError as exc:
            raise FeedParamError(str(exc)) from None
    text = values.get("text")
    return FeedQuery(
        days.get("from"),
        days.get("to"),
        Filters(
            kinds=kinds,
            orgs=orgs,
            countries=tuple(values.get("country", [])),
            statuses=statuses,
            text=" ".join(text) if text else None,
        ),
    )


def _check_vocabulary(kinds: tuple[str, ...], statuses: tuple[str, ...]) -> None:
    from agenda.core.models import Kind, Status

    known_kinds = [k.value for k in Kind]
    known_statuses = [s.value for s in Status]
    for kind in kinds:
        if kind not in known_kinds:
            raise FeedParamError(
                f"parameter 'kind': unknown kind {kind!r} ({', '.join(known_kinds)})"
            )
    for status in statuses:
        if status not in known_statuses:
            raise FeedParamError(
                f"parameter 'status': unknown status {status!r} ({', '.join(known_statuses)})"
            )


@dataclass(frozen=True)
class Rendering:
    """One feed body, ready to send in either encoding."""

    body: bytes
    gzipped: bytes
    etag: str
    """The strong ETag of the identity body, quoted; the gzip body's ends in -gz."""
    modified: datetime
    count: int


class Feed:
    """What the request handlers share: the store (one connection behind a lock) and the cache.

    Last-Modified is the instant this process first saw the store's current change counter
    (never earlier than the previous one + 1 s, so two changes within a second still differ).
    """

    def __init__(
        self,
        store: EventStore,
        *,
        token: str | None = None,
        clock: Clock = system_clock,
        viewer_tz: str = "UTC",
        calname: str = "agenda",
    ) -> None:
        self.store = store
        self.token = token or None
        self.clock = clock
        self.viewer_tz = viewer_tz
        self.calname = calname
        self.lock = threading.Lock()
        self._counter: int | None = None
        self._modified = datetime.min.replace(tzinfo=UTC)
        self._cache: OrderedDict[str, Rendering] = OrderedDict()
        self._index: tuple[list[str], list[str]] | None = None

    def today(self) -> date:
        from zoneinfo import ZoneInfo

        return self.clock().astimezone(ZoneInfo(self.viewer_tz)).date()

    def _refresh(self) -> None:
        """Notice a new change counter (called with the lock held)."""
        counter = self.store.change_counter()
        if counter == self._counter:
            return
        now = self.clock().astimezone(UTC).replace(microsecond=0)
        self._modified = max(now, self._modified + timedelta(seconds=1))
        self._counter = counter
        self._cache.clear()
        self._index = None

    def render(self, query: FeedQuery) -> Rendering:
        """The feed for `query` at the store's current state (cached per change counter)."""
        from agenda.ics import write_events

        with self.lock:
            self._refresh()
            key = query.key()
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
            rows = self.store.window(
                query.first, query.last, filters=query.filters, viewer_tz=self.viewer_tz
            )
            events = self.store.get_many(r.id for r in rows)
            buffer = _Buffer()
            described = query.filters.describe()
            calname = f"{self.calname} ({described})" if described else self.calname
            count = write_events(events, buffer, calname, now=self._modified)
            body = buffer.getvalue()
            digest = hashlib.sha256(body).hexdigest()[:20]
            rendering = Rendering(
                body=body,
                gzipped=gzip.compress(body, compresslevel=6, mtime=0),
                etag=f'"{self._counter}-{digest}"',
                modified=self._modified,
                count=count,
            )
            self._cache[key] = rendering
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
            return rendering

    def index_facets(self) -> tuple[list[str], list[str]]:
        """The kinds and organizations present in the store (for the index page's links)."""
        with self.lock:
            self._refresh()
            if self._index is None:
                kinds: set[str] = set()
                orgs: set[str] = set()
                for row in self.store.window():
                    kinds.add(row.kind)
                    orgs.update(row.orgs)
                self._index = (sorted(kinds), sorted(orgs))
            return self._index

    def token_ok(self, supplied: str | None) -> bool:
        """True when no token is required, or `supplied` is it (compared in constant time)."""
        if self.token is None:
            return True
        if supplied is None:
            return False
        return hmac.compare_digest(supplied.encode("utf-8"), self.token.encode("utf-8"))


class _Buffer:
    """A minimal binary sink (write_events wants a stream)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


def accepts_gzip(header: str | None) -> bool:
    """True when an Accept-Encoding header allows gzip (q > 0, named or through *)."""
    if not header:
        return False
    named: dict[str, float] = {}
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        coding = pieces[0].lower()
        q = 1.0
        for param in pieces[1:]:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if coding:
            named[coding] = q
    if "gzip" in named:
        return named["gzip"] > 0
    return named.get("*", 0.0) > 0


def etag_matches(header: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2) of an If-None-Match header with our ETag."""
    if header.strip() == "*":
        return True
    ours = etag.strip('"')
    for candidate in header.split(","):
        tag = candidate.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        tag = tag.strip('"')
        if tag.endswith("-gz"):
            tag = tag[:-3]
        if tag == ours:
            return True
    return False


_HOST_RE = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


class FeedHandler(BaseHTTPRequestHandler):
    """One HTTP request against the feed. GET and HEAD only."""

    server: FeedServer
    protocol_version = "HTTP/1.1"
    # Errors about unreadable request lines get a status line and headers (the stdlib default,
    # HTTP/0.9, would send a bare HTML body that no client can tell from a page).
    default_request_version = "HTTP/1.0"
    timeout = SOCKET_TIMEOUT

    def version_string(self) -> str:
        return "agenda-feed"

    # -- dispatch ------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._handle(send_body=True)

    def do_HEAD(self) -> None:
        self._handle(send_body=False)

    def _not_allowed(self) -> None:
        self._plain(
            HTTPStatus.METHOD_NOT_ALLOWED,
            "the feed is read-only: GET or HEAD",
            True,
            extra={"Allow": "GET, HEAD"},
        )

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_PROPFIND = do_REPORT = _not_allowed

    def _handle(self, *, send_body: bool) -> None:
        feed = self.server.feed
        try:
            parts = urlsplit(self.path)
        except ValueError:
            self._plain(HTTPStatus.BAD_REQUEST, "the request target cannot be read", send_body)
            return
        if not feed.token_ok(self._supplied_token(parts.query)):
            self._plain(
                HTTPStatus.UNAUTHORIZED,
                "this feed needs its token: add ?token=... to the URL",
                send_body,
                extra={"WWW-Authenticate": 'Basic realm="agenda feed"'},
            )
            return
        if parts.path in ("/", "/index.html"):
            self._index(parts.query, send_body)
        elif parts.path == FEED_PATH:
            self._calendar(parts.query, send_body)
        else:
            self._plain(HTTPStatus.NOT_FOUND, f"nothing here: the feed is {FEED_PATH}", send_body)

    def _supplied_token(self, query: str) -> str | None:
        try:
            values = parse_qs(query, keep_blank_values=True, max_num_fields=64).get(TOKEN_PARAM)
        except ValueError:
            values = None
        if values:
            return values[-1]
        auth = self.headers.get("Authorization", "")
        scheme, _, credentials = auth.partition(" ")
        if scheme.lower() == "bearer" and credentials:
            return credentials.strip()
        if scheme.lower() == "basic" and credentials:
            import base64
            import binascii

            try:
                decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return None
            return decoded.partition(":")[2]
        return None

    # -- the calendar --------------------------------------------------------------------------

    def _calendar(self, query: str, send_body: bool) -> None:
        feed = self.server.feed
        try:
            wanted = parse_query(query, feed.today())
            rendering = feed.render(wanted)
        except FeedParamError as exc:
            self._plain(HTTPStatus.BAD_REQUEST, str(exc), send_body)
            return
        except AgendaError as exc:
            self._plain(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc), send_body)
            return
        gz = accepts_gzip(self.headers.get("Accept-Encoding"))
        etag = rendering.etag[:-1] + '-gz"' if gz else rendering.etag
        headers = {
            "ETag": etag,
            "Last-Modified": format_datetime(rendering.modified, usegmt=True),
            "Cache-Control": ("private, " if feed.token else "") + "no-cache",
            "Vary": "Accept-Encoding",
        }
        if self._not_modified(rendering):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            return
        body = rendering.gzipped if gz else rendering.body
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Disposition", 'inline; filename="agenda.ics"')
        if gz:
            self.send_header("Content-Encoding", "gzip")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _not_modified(self, rendering: Rendering) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:  # RFC 9110 13.1.3: If-None-Match wins over If-Modified-Since
            return etag_matches(inm, rendering.etag)
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = parsedate_to_datetime(ims)
            except (TypeError, ValueError, IndexError):
                return False
            if since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
            return rendering.modified <= since
        return False

    # -- the index page ------------------------------------------------------------------------

    def _index(self, query: str, send_body: bool) -> None:
        feed = self.server.feed
        kinds, orgs = feed.index_facets()
        host = self.headers.get("Host", "")
        if not _HOST_RE.match(host):
            host = self.server.authority
        token = {TOKEN_PARAM: feed.token} if feed.token else {}
        links: list[tuple[str, dict[str, str]]] = [("Everything", {})]
        links += [(f"Kind: {k}", {"kind": k}) for k in kinds]
        links += [(f"Organization: {o}", {"org": o}) for o in orgs]
        items = []
        for label, params in links:
            qs = urlencode({**params, **token}, quote_via=quote)
            target = f"{host}{FEED_PATH}" + (f"?{qs}" if qs else "")
            items.append(
                f'<li>{html.escape(label)}: <a href="webcal://{html.escape(target)}">subscribe'
                f'</a> · <a href="http://{html.escape(target)}">download</a></li>'
            )
        known = ", ".join(PARAMS)
        page = (
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(feed.calname)} feeds</title></head><body>\n"
            f"<h1>{html.escape(feed.calname)}: calendar feeds</h1>\n"
            "<p>Subscribe from a calendar app with a webcal:// link, or copy the http:// link "
            "into its “subscribe to calendar” dialog.</p>\n"
            f"<ul>\n{chr(10).join(items)}\n</ul>\n"
            f"<p>Filters as query parameters: {html.escape(known)} "
            f"(e.g. <code>{FEED_PATH}?org=SCO&amp;kind=summit&amp;from=2021-09-01</code>).</p>\n"
            "</body></html>\n"
        ).encode()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        if send_body:
            self.wfile.write(page)

    # -- plumbing ------------------------------------------------------------------------------

    def _plain(
        self,
        status: HTTPStatus,
        message: str,
        send_body: bool,
        extra: dict[str, str] | None = None,
    ) -> None:
        from agenda.core.format import clean

        body = (f"{status.value} {status.phrase}: {clean(message)}\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        log = self.server.log
        if log is None:
            return
        # The query may hold the token: log the path only, stripped of control characters.
        text = format % args
        text = re.sub(r"\?\S*", "?…", text)
        text = "".join(c if c.isprintable() else "?" for c in text)
        log.write(f"{self.address_string()} {text}\n")
        log.flush()


class FeedServer(ThreadingHTTPServer):
    """A threading HTTP server holding the shared Feed; daemon threads, deep backlog."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 512

    def __init__(self, address: tuple[str, int], feed: Feed, *, log: IO[str] | None = None) -> None:
        self.feed = feed
        self.log = log
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, FeedHandler)

    @property
    def authority(self) -> str:
        """host:port the server listens on, as it goes in a URL."""
        host, port = self.server_address[:2]
        host = str(host)
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    @property
    def url(self) -> str:
        """The URL of the whole feed."""
        return f"http://{self.authority}{FEED_PATH}"


def is_loopback(host: str) -> bool:
    """True when `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, token: str | None, allow_anonymous: bool) -> None:
    """Refuse to serve beyond this machine without a token, unless the user said so."""
    if token or allow_anonymous or is_loopback(host):
        return
    raise UsageError(
        f"--host {host}: serving beyond this machine needs a token (--token or {TOKEN_ENV}); "
        "add --allow-anonymous to serve without one on purpose"
    )


def make_server(
    store: EventStore,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    *,
    token: str | None = None,
    allow_anonymous: bool = False,
    clock: Clock = system_clock,
    viewer_tz: str = "UTC",
    log: IO[str] | None = None,
) -> FeedServer:
    """A bound (not yet serving) feed server; call `serve_forever()` and later `shutdown()`."""
    check_exposure(host, token, allow_anonymous)
    feed = Feed(store, token=token, clock=clock, viewer_tz=viewer_tz)
    try:
        return FeedServer((host.strip("[]"), port), feed, log=log)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None


def serve(server: FeedServer, announce: Callable[[str], None] = print) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM through KeyboardInterrupt)."""
    announce(f"serving {server.url} (index: http://{server.authority}/); Ctrl-C stops")
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()
