"""`agenda serve` against hostile or careless clients, through a raw socket on loopback: bad
windows, request bodies, slow and idle clients, too many connections, foreign Host headers,
odd methods, clients that leave early, keep-alive latency, the cache's byte bound, and SIGTERM
under load."""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from agenda.core.models import parse_event
from agenda.core.store import EventStore
from agenda.share import feed as feed_module
from agenda.share.feed import Feed, FeedServer, parse_query
from tests.share.conftest import TIMEOUT, get

Start = Callable[..., FeedServer]


class Raw:
    """A raw HTTP/1.1 client on one loopback socket (every read bounded by TIMEOUT)."""

    def __init__(self, server_or_port: FeedServer | int) -> None:
        port = (
            server_or_port if isinstance(server_or_port, int) else server_or_port.server_address[1]
        )
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def _fill(self) -> bool:
        chunk = self.sock.recv(65536)
        self.buffer += chunk
        return bool(chunk)

    def response(self) -> tuple[int, dict[str, str], bytes]:
        """The next response: status, headers (names lower-cased), body."""
        while b"\r\n\r\n" not in self.buffer:
            if not self._fill():
                raise ConnectionError(f"closed before a full response: {self.buffer[:200]!r}")
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            if not self._fill():
                raise ConnectionError("closed in the middle of a body")
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, headers, body

    def closed_by_server(self) -> bool:
        """True when the server closes the connection (before TIMEOUT) with nothing more."""
        try:
            while self._fill():
                pass
        except TimeoutError:
            return False
        except ConnectionResetError:
            return True
        return True

    def close(self) -> None:
        self.sock.close()


def request(target: str = "/calendar.ics", extra: str = "", host: str = "127.0.0.1") -> bytes:
    return f"GET {target} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode()


# -- bad windows -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["from=0001-01-01", "to=9999-12-31", "from=9999-12-31", "to=0001-01-01", "from=1899-12-31"],
)
def test_a_window_the_feed_cannot_compute_gets_400_with_one_line(
    serve_feed: Start, query: str
) -> None:
    server = serve_feed()
    raw = Raw(server)
    try:
        raw.send(request(f"/calendar.ics?{query}"))
        status, _, body = raw.response()
        assert status == 400, body
        assert body.count(b"\n") == 1 and b"1900-01-01" in body and b"2200-12-31" in body
        raw.send(request())  # the connection is still good
        assert raw.response()[0] == 200
    finally:
        raw.close()


def test_the_window_bounds_themselves_are_served(serve_feed: Start) -> None:
    reply = get(serve_feed(), "/calendar.ics?from=1900-01-01&to=2200-12-31")
    assert reply.status == 200


# -- the cache ---------------------------------------------------------------------------------


def test_the_cache_is_bounded_by_bytes(store_file: Path) -> None:
    with EventStore(store_file) as store:
        one = Feed(store)
        size = len(one.render(parse_query("", one.today())).body)
        bound = size * 5  # room for about two renderings (identity + gzip bodies)
        feed = Feed(store, cache_bytes=bound)
        for year in range(1990, 2030):
            feed.render(parse_query(f"from={year}-01-01", feed.today()))
            assert feed.cache_bytes <= bound
        assert len(feed._cache) >= 1
        # the newest rendering is kept; a repeat is a hit (the same object)
        query = parse_query("from=2029-01-01", feed.today())
        assert feed.render(query) is feed.render(query)
        # one rendering larger than the whole bound is served but not kept
        tiny = Feed(store, cache_bytes=10)
        assert tiny.render(parse_query("", tiny.today())).body
        assert tiny.cache_bytes == 0


# -- request bodies ----------------------------------------------------------------------------


def test_a_get_with_a_body_is_not_read_as_a_second_request(serve_feed: Start) -> None:
    server = serve_feed()
    raw = Raw(server)
    try:
        smuggled = request("/nothing-here")
        raw.send(request(extra=f"Content-Length: {len(smuggled)}\r\n") + smuggled)
        status, _, _ = raw.response()
        assert status == 200
        raw.send(request("/"))
        status, headers, _ = raw.response()
        assert status == 200 and headers["content-type"].startswith("text/html")
    finally:
        raw.close()


def test_a_large_body_is_refused_and_the_connection_closed(serve_feed: Start) -> None:
    raw = Raw(serve_feed())
    try:
        raw.send(request(extra="Content-Length: 100000000\r\n") + b"x" * 1000)
        status, headers, body = raw.response()
        assert status == 413 and headers.get("connection") == "close", body
        assert raw.closed_by_server()
    finally:
        raw.close()


def test_a_chunked_body_is_refused_and_the_connection_closed(serve_feed: Start) -> None:
    raw = Raw(serve_feed())
    try:
        raw.send(request(extra="Transfer-Encoding: chunked\r\n") + b"5\r\nGET /\r\n0\r\n\r\n")
        status, headers, _ = raw.response()
        assert status in (400, 411, 413) and headers.get("connection") == "close"
        assert raw.closed_by_server()
    finally:
        raw.close()


def test_a_post_body_is_not_read_as_a_second_request(serve_feed: Start) -> None:
    raw = Raw(serve_feed())
    try:
        smuggled = request("/nothing-here")
        raw.send(
            f"POST /calendar.ics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(smuggled)}"
            "\r\n\r\n".encode()
            + smuggled
        )
        assert raw.response()[0] == 405
        raw.send(request())
        assert raw.response()[0] == 200
    finally:
        raw.close()


# -- slow clients, connection cap ---------------------------------------------------------------


def test_a_slow_request_is_cut_off_at_the_deadline(serve_feed: Start) -> None:
    # a per-read timeout of 15 s would let a client dripping bytes hold its thread forever; the
    # deadline covers the whole request (here 0.3 s, so the server closes well within TIMEOUT)
    server = serve_feed(request_timeout=0.3)
    raw = Raw(server)
    try:
        raw.send(b"GET /calendar.ics HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
        started = time.monotonic()
        assert raw.closed_by_server()
        assert time.monotonic() - started < TIMEOUT / 2
    finally:
        raw.close()


def test_connections_beyond_the_cap_get_503_not_a_thread(serve_feed: Start) -> None:
    server = serve_feed(max_connections=2, request_timeout=TIMEOUT * 2)
    idle = [Raw(server), Raw(server)]
    try:
        for r in idle:  # both accepted and waiting for their request
            r.send(b"GET /calendar.ics HTTP/1.1\r\n")
        third = Raw(server)
        try:
            third.send(request())
            status, headers, _ = third.response()
            assert status == 503 and "retry-after" in headers
        finally:
            third.close()
        idle[0].send(b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert idle[0].response()[0] == 200
        assert idle[0].closed_by_server()
        # a slot is free again
        assert get(server, "/calendar.ics").status == 200
    finally:
        for r in idle:
            r.close()


# -- latency -------------------------------------------------------------------------------------


def test_keep_alive_requests_are_not_delayed_by_nagle(serve_feed: Start) -> None:
    raw = Raw(serve_feed())
    try:
        raw.send(request())
        raw.response()  # rendered and cached
        times = []
        for _ in range(15):
            started = time.perf_counter()
            raw.send(request())
            assert raw.response()[0] == 200
            times.append(time.perf_counter() - started)
        # Nagle + delayed ACK cost 40 ms per request; unloaded it is well under 5 ms
        assert statistics.median(times) < 0.025, times
    finally:
        raw.close()


# -- Host header, methods ------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.nip.io"])
def test_a_foreign_host_header_is_refused(serve_feed: Start, host: str) -> None:
    raw = Raw(serve_feed())
    try:
        for target in ("/", "/calendar.ics"):
            raw.send(request(target, host=host))
            status, _, body = raw.response()
            assert status == 400 and b"Host" in body and b"evil" not in body
    finally:
        raw.close()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST", "[::1]"])
def test_local_host_headers_are_accepted_and_used_in_links(serve_feed: Start, host: str) -> None:
    server = serve_feed()
    port = server.server_address[1]
    raw = Raw(server)
    try:
        raw.send(request("/", host=f"{host}:{port}"))
        status, _, body = raw.response()
        assert status == 200 and f"webcal://{host}:{port}/calendar.ics".encode() in body
    finally:
        raw.close()


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "BREW"])
def test_other_methods_get_405_with_allow(serve_feed: Start, method: str) -> None:
    raw = Raw(serve_feed())
    try:
        raw.send(f"{method} /calendar.ics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        status, headers, body = raw.response()
        assert status == 405 and headers["allow"] == "GET, HEAD", body
        assert headers["content-type"].startswith("text/plain")
    finally:
        raw.close()


# -- the command ---------------------------------------------------------------------------------


def _many_events(store_file: Path, n: int = 400) -> None:
    with EventStore(store_file) as s:
        s.put_many(
            [
                parse_event(
                    {
                        "id": f"2022-bulk-{i:04d}",
                        "title": f"Bulk meeting {i} " + "x" * 200,
                        "kind": "meeting",
                        "start": f"2022-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                    }
                )
                for i in range(n)
            ]
        )


def _start_serve(store_file: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    proc = subprocess.Popen(
        [sys.executable, "-m", "agenda", "--store", str(store_file), "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(TIMEOUT)
    assert lines and lines[0].startswith("serving http://"), lines
    return proc, lines[0]


def _hammer(port: int, i: int, stop: threading.Event, served: threading.Event) -> None:
    """Ask for a different window each time (each a new rendering) until `stop`."""
    n = 0
    while not stop.is_set():
        n += 1
        try:
            raw = Raw(port)
            raw.send(request(f"/calendar.ics?from=2022-01-{n % 28 + 1:02d}&text=m{i}"))
            raw.response()
            served.set()
            raw.close()
        except OSError:
            pass


def test_sigterm_under_load_stops_cleanly(store_file: Path) -> None:
    _many_events(store_file)
    for _ in range(3):
        proc, first = _start_serve(store_file, "--quiet")
        port = int(first.split("127.0.0.1:")[1].split("/")[0])
        stop = threading.Event()
        served = threading.Event()

        clients = [
            threading.Thread(target=_hammer, args=(port, i, stop, served), daemon=True)
            for i in range(8)
        ]
        for c in clients:
            c.start()
        try:
            assert served.wait(TIMEOUT)
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=TIMEOUT)
        finally:
            stop.set()
            for c in clients:
                c.join(TIMEOUT)
            if proc.poll() is None:
                proc.kill()
                proc.wait(TIMEOUT)
        assert proc.returncode == 0, (proc.returncode, err)
        assert out.endswith("stopped\n") and "Traceback" not in err, err


def test_a_client_that_leaves_early_leaves_no_traceback(store_file: Path) -> None:
    _many_events(store_file, 2000)
    proc, first = _start_serve(store_file)
    port = int(first.split("127.0.0.1:")[1].split("/")[0])
    try:
        for _ in range(5):
            raw = Raw(port)
            raw.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            raw.send(request())
            raw.sock.recv(100)
            # an abortive close (RST): the server's next write fails with a broken pipe
            raw.sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            raw.close()
        assert get(port, "/calendar.ics").status == 200
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(TIMEOUT)
    assert "Traceback" not in err and "BrokenPipe" not in err and "Reset" not in err, err


def test_token_on_the_command_line_warns(store_file: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != feed_module.TOKEN_ENV}
    proc, _ = _start_serve(store_file, "--token", "s3cret", env=env)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=TIMEOUT)
    assert feed_module.TOKEN_ENV in err and "ps" in err and "s3cret" not in err


def test_public_host_warnings_and_a_usable_url(store_file: Path) -> None:
    env = {**os.environ, feed_module.TOKEN_ENV: "s3cret"}
    proc, first = _start_serve(store_file, "--host", "0.0.0.0", env=env)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=TIMEOUT)
    assert "0.0.0.0" not in first.split("(")[0], first
    assert "clear" in err and "s3cret" not in err + first
    env.pop(feed_module.TOKEN_ENV)
    proc, first = _start_serve(store_file, "--host", "0.0.0.0", "--allow-anonymous", env=env)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=TIMEOUT)
    assert "warning" in err.lower() and "anyone" in err
