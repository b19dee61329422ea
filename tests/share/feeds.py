"""A plain `http.server` on loopback whose answers a test sets route by route (status, headers,
body, or a handler that misbehaves: hangs, cuts the body short), and counts what it was asked.

Used by the subscription tests; every wait is bounded (a hanging route waits on an Event the
fixture sets at teardown, never on a sleep of its own)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Behaviour = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/calendar"})
    etag: str | None = None
    behaviour: Behaviour | None = None


@dataclass
class FeedSite:
    """The server, its routes and what it saw."""

    server: ThreadingHTTPServer
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str, scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.server.server_address[1]}{path}"


def _handler(site: FeedSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = site.routes.get(self.path)
            if route is None:
                self._send(404, b"no such feed", {"Content-Type": "text/plain"})
                return
            if route.behaviour is not None:
                route.behaviour(self)
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self._send(304, b"", {"ETag": route.etag})
                return
            headers = dict(route.headers)
            if route.etag:
                headers["ETag"] = route.etag
            self._send(route.status, route.body, headers)

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def feed_site() -> Iterator[FeedSite]:
    """A loopback web server for feeds; stopped (and any hanging request released) after."""
    site = FeedSite(ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler))
    site.server.RequestHandlerClass = _handler(site)
    site.server.daemon_threads = True
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    yield site
    site.release.set()
    site.server.shutdown()
    site.server.server_close()
    thread.join(10)


def hang(site: FeedSite) -> Behaviour:
    """A route that answers nothing until the test ends."""

    def behave(h: BaseHTTPRequestHandler) -> None:
        site.release.wait(30)

    return behave


def cut_short(body: bytes, claimed: int) -> Behaviour:
    """A route that promises `claimed` bytes, sends `body` and closes the connection."""

    def behave(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/calendar")
        h.send_header("Content-Length", str(claimed))
        h.end_headers()
        h.wfile.write(body)
        h.wfile.flush()
        h.close_connection = True

    return behave


def redirect_to(location: str, status: int = 302) -> Behaviour:
    def behave(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return behave
