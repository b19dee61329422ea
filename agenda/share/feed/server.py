"""The feed's HTTP server: FeedServer, its request handler, make_server() and serve().

The handler reads each request under a deadline, refuses bodies, checks the Host header (DNS
rebinding) and the token, and answers the calendar (validators, 304, gzip), the index page or a
plain-text error. The server caps the connections served at once (503 beyond, without a thread),
and `stop()` ends every connection before the store closes.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import re
import socket
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO, Any
from urllib.parse import parse_qs, urlsplit

from agenda.core.clock import Clock, system_clock
from agenda.core.errors import AgendaError, UsageError
from agenda.core.store import EventStore
from agenda.share.feed.hosts import LOCAL_NAMES, check_exposure, host_name, is_wildcard
from agenda.share.feed.query import (
    FEED_PATH,
    TOKEN_PARAM,
    FeedParamError,
    parse_query,
)
from agenda.share.feed.render import CACHE_BYTES, Feed, FeedClosed, Rendering

DEFAULT_PORT = 8765
SOCKET_TIMEOUT = 15.0
"""Seconds a connection may stay silent before its thread gives up on it (also: writes)."""
REQUEST_TIMEOUT = 15.0
"""Seconds from the moment a connection waits for a request until the request (line, headers,
body) is read whole: a client dripping one byte at a time cannot hold a thread for longer."""
MAX_CONNECTIONS = 128
"""Connections served at once (one thread each); more wait for a slot, then get 503."""
SLOT_WAIT = 2.0
"""Seconds a connection beyond MAX_CONNECTIONS waits for a slot before its 503."""
MAX_BODY = 64 * 1024
"""Largest request body read (and ignored); a larger one gets 413 and the connection closes."""


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


class _DeadlineReader(io.RawIOBase):
    """The socket as read by the handler: no read may go past the handler's request deadline
    (a per-read timeout alone lets a client send a byte every 14 s and keep its thread)."""

    def __init__(self, handler: FeedHandler) -> None:
        self.handler = handler

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        sock = self.handler.connection
        deadline = self.handler.deadline
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the request was not complete within its deadline")
            sock.settimeout(min(left, SOCKET_TIMEOUT))
        return sock.recv_into(buffer)


class FeedHandler(BaseHTTPRequestHandler):
    """One HTTP request against the feed. GET and HEAD only."""

    server: FeedServer
    protocol_version = "HTTP/1.1"
    # Errors about unreadable request lines get a status line and headers (the stdlib default,
    # HTTP/0.9, would send a bare HTML body that no client can tell from a page).
    default_request_version = "HTTP/1.0"
    timeout = SOCKET_TIMEOUT

    deadline: float | None = None
    """When the request being read must be complete (time.monotonic()); None once it is."""

    def version_string(self) -> str:
        return "agenda-feed"

    def setup(self) -> None:
        super().setup()
        # Nagle's algorithm and the client's delayed ACK cost 40 ms per keep-alive request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.rfile.close()  # the makefile() reader would keep the socket open after close()
        self.rfile = io.BufferedReader(_DeadlineReader(self))

    def handle_one_request(self) -> None:
        self.deadline = time.monotonic() + self.server.request_timeout
        super().handle_one_request()

    # -- dispatch ------------------------------------------------------------------------------

    def do_GET(self) -> None:
        if self._begin(send_body=True):
            self._handle(send_body=True)

    def do_HEAD(self) -> None:
        if self._begin(send_body=False):
            self._handle(send_body=False)

    def _not_allowed(self) -> None:
        if self._begin(send_body=True):
            self._plain(
                HTTPStatus.METHOD_NOT_ALLOWED,
                "the feed is read-only: GET or HEAD",
                True,
                extra={"Allow": "GET, HEAD"},
            )

    def __getattr__(self, name: str) -> Any:
        # every method but GET and HEAD (TRACE, CONNECT, anything) is 405, not the stdlib's 501
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)

    def _begin(self, *, send_body: bool) -> bool:
        """Read the rest of the request (a body is read and ignored, or refused) and end its
        deadline; False when the request was answered already (the connection then closes)."""
        refused = self._take_body()
        if refused is not None:
            status, reason = refused
            self._plain(status, reason, send_body, extra={"Connection": "close"})
            return False
        self.deadline = None
        self.connection.settimeout(SOCKET_TIMEOUT)
        return True

    def _take_body(self) -> tuple[HTTPStatus, str] | None:
        if self.headers.get("Transfer-Encoding") is not None:
            return HTTPStatus.BAD_REQUEST, "request bodies are not accepted (Transfer-Encoding)"
        lengths = {v.strip() for v in self.headers.get_all("Content-Length") or []}
        if not lengths:
            return None
        if len(lengths) > 1 or not next(iter(lengths)).isdigit():
            return HTTPStatus.BAD_REQUEST, "the Content-Length header cannot be read"
        left = int(next(iter(lengths)))
        if left > MAX_BODY:
            return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, (
                f"request bodies are not accepted (at most {MAX_BODY} bytes are read and ignored)"
            )
        while left:
            chunk = self.rfile.read(min(left, 65536))
            if not chunk:
                return HTTPStatus.BAD_REQUEST, "the request body ended early"
            left -= len(chunk)
        return None

    def _handle(self, *, send_body: bool) -> None:
        feed = self.server.feed
        try:
            parts = urlsplit(self.path)
        except ValueError:
            self._plain(HTTPStatus.BAD_REQUEST, "the request target cannot be read", send_body)
            return
        host = self.headers.get("Host")
        if host is not None and not self.server.host_allowed(host):
            # DNS rebinding: a web page on another site whose name now points at this machine
            self._plain(
                HTTPStatus.BAD_REQUEST,
                "unknown Host header: this feed answers to "
                + ", ".join(sorted(self.server.host_names)),
                send_body,
            )
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
        except FeedClosed as exc:
            self._plain(HTTPStatus.SERVICE_UNAVAILABLE, str(exc), send_body)
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
        host = self.headers.get("Host", "")
        if host_name(host) is None or not self.server.host_allowed(host):
            host = self.server.authority
        try:
            page = self.server.feed.index_page(host)
        except FeedClosed as exc:
            self._plain(HTTPStatus.SERVICE_UNAVAILABLE, str(exc), send_body)
            return
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
    """A threading HTTP server holding the shared Feed: daemon threads, a deep backlog, a cap
    on connections served at once, and `stop()` that ends every connection before the store
    closes."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 512

    def __init__(
        self,
        address: tuple[str, int],
        feed: Feed,
        *,
        log: IO[str] | None = None,
        request_timeout: float = REQUEST_TIMEOUT,
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        self.feed = feed
        self.log = log
        self.request_timeout = request_timeout
        self._slots = threading.BoundedSemaphore(max_connections)
        self._active: dict[threading.Thread, socket.socket] = {}
        self._active_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, FeedHandler)
        self.host_names = set(LOCAL_NAMES)
        """The names a Host header may carry (anything else may be DNS rebinding)."""
        listen = address[0].strip("[]").lower()
        if is_wildcard(listen):
            self.host_names.update(n.lower() for n in (socket.gethostname(), socket.getfqdn()))
        else:
            self.host_names.add(listen)

    def host_allowed(self, header: str) -> bool:
        """True when a Host header names this server (an address it may be reached at)."""
        name = host_name(header.strip())
        if name is None:
            return False
        if name in self.host_names:
            return True
        if is_wildcard(str(self.server_address[0])):
            try:  # listening everywhere: any address literal reaches us, no name can rebind
                ipaddress.ip_address(name)
                return True
            except ValueError:
                return False
        return False

    # -- connections ---------------------------------------------------------------------------

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self._refuse(request)
            return
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        )
        with self._active_lock:  # registered before it starts: stop() sees every connection
            self._active[thread] = request
        try:
            thread.start()
        except RuntimeError:  # no thread could be started (a Ctrl-C here may come after it did)
            with self._active_lock:
                self._active.pop(thread, None)
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            with self._active_lock:
                self._active.pop(threading.current_thread(), None)
            self._slots.release()  # before the close: a client that saw it can come back
            self.shutdown_request(request)

    def shutdown_request(self, request: Any) -> None:
        with self._active_lock:
            owned = request in self._active.values()
        if owned:
            # a handler thread owns this connection and closes it; an interrupted accept loop
            # closing it too would pull the socket from under the thread (EBADF)
            return
        super().shutdown_request(request)

    def _refuse(self, request: socket.socket) -> None:
        """Answer 503 at once (no thread): every connection slot is taken."""
        body = b"503 Service Unavailable: too many connections; try again shortly\n"
        head = (
            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        with contextlib.suppress(OSError):
            request.settimeout(0.5)
            request.sendall(head + body)
        self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that leaves early is no error; anything else is one line on stderr."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        print(
            f"agenda serve: error while answering {client_address[0]}: {type(exc).__name__}: {exc}",
            file=sys.stderr,
        )

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after serve_forever() returned: close the listening socket, end every open
        connection, wait for the threads (at most `timeout` s), and stop using the store."""
        self.server_close()
        with self._active_lock:
            active = list(self._active.items())
        for _, sock in active:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        for thread, _ in active:
            thread.join(max(0.0, deadline - time.monotonic()))
        self.feed.close()  # after this no thread touches the store, even one still running

    @property
    def authority(self) -> str:
        """host:port the server listens on, as it goes in a URL."""
        host, port = self.server_address[:2]
        host = str(host)
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"

    @property
    def public_authority(self) -> str:
        """host:port another machine can use: the host name instead of 0.0.0.0 or ::."""
        host, port = self.server_address[:2]
        if is_wildcard(str(host)):
            return f"{socket.gethostname()}:{port}"
        return self.authority

    @property
    def public_url(self) -> str:
        """The URL of the whole feed as another machine would use it."""
        return f"http://{self.public_authority}{FEED_PATH}"

    @property
    def url(self) -> str:
        """The URL of the whole feed."""
        return f"http://{self.authority}{FEED_PATH}"


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
    request_timeout: float = REQUEST_TIMEOUT,
    max_connections: int = MAX_CONNECTIONS,
    cache_bytes: int = CACHE_BYTES,
    calendars: tuple[str, ...] = (),
) -> FeedServer:
    """A bound (not yet serving) feed server; call `serve_forever()` and later `shutdown()`.
    `calendars`: serve only these calendars of the store (checked here: UsageError)."""
    check_exposure(host, token, allow_anonymous)
    if calendars:
        store.check_calendars(calendars)
    feed = Feed(
        store,
        token=token,
        clock=clock,
        viewer_tz=viewer_tz,
        cache_bytes=cache_bytes,
        calendars=calendars,
        calname=calendars[0] if len(calendars) == 1 else "agenda",
    )
    try:
        return FeedServer(
            (host.strip("[]"), port),
            feed,
            log=log,
            request_timeout=request_timeout,
            max_connections=max_connections,
        )
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None


def serve(server: FeedServer, announce: Callable[[str], None] = print) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM through KeyboardInterrupt), then stop: every
    connection ends and no thread uses the store any more when this returns (the caller closes
    the store, once)."""
    announce(
        f"serving {server.public_url} (index: http://{server.public_authority}/); Ctrl-C stops"
    )
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.5)
    finally:
        server.stop()
