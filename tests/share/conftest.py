"""Fixtures for the sharing tests: a feed server on loopback, real CalDAV servers on free
loopback ports (Radicale with its own storage in tmp_path; and `caldav_server`, Radicale and
Xandikos each started once per session, with a calendar of its own for every test), a proxy that
cuts connections, and a plain web server that is not CalDAV (all started and stopped here, every
wait bounded)."""

from __future__ import annotations

import dataclasses
import http.client
import itertools
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from agenda.core import datafile
from agenda.core.clock import fixed_clock
from agenda.core.store import EventStore
from agenda.share.feed import FeedServer, make_server
from tests.conftest import DATASET, NOW
from tests.share.feeds import feed_site as feed_site  # the subscription tests' web server

TIMEOUT = 10.0
"""Seconds any single start, stop or HTTP call may take before the test fails."""


def wait_for(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    """Poll `condition` until true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def get(
    server_or_port: FeedServer | int,
    target: str,
    headers: dict[str, str] | None = None,
    method: str = "GET",
) -> Reply:
    """One HTTP request on loopback with a bounded timeout (header names lower-cased)."""
    port = server_or_port if isinstance(server_or_port, int) else server_or_port.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        conn.request(method, target, headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, body)
    finally:
        conn.close()


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    """A store file holding the bundled dataset."""
    path = tmp_path / "agenda.sqlite3"
    with EventStore(path, clock=fixed_clock(NOW)) as s:
        s.put_many(datafile.load(DATASET))
    return path


@pytest.fixture
def serve_feed(store_file: Path) -> Iterator[Callable[..., FeedServer]]:
    """Start feed servers on a free loopback port, in a thread; all are stopped afterwards."""
    started: list[tuple[FeedServer, threading.Thread, EventStore]] = []

    def start(**kwargs: object) -> FeedServer:
        store = EventStore(store_file)
        server = make_server(store, "127.0.0.1", 0, **kwargs)  # type: ignore[arg-type]
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        started.append((server, thread, store))
        return server

    yield start
    for server, thread, store in started:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "the feed server did not stop"
        store.close()


@dataclass
class Radicale:
    """A running CalDAV server: its base URL, the user and the password it accepts, and the
    calendar a test syncs with (`kind`: radicale or xandikos)."""

    url: str
    user: str
    password: str
    folder: Path
    process: subprocess.Popen[bytes]
    kind: str = "radicale"
    calendar: str = "Desk"


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(TIMEOUT)


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[Radicale]:
    """A real Radicale CalDAV server on 127.0.0.1 with htpasswd (plain) auth and tmp storage."""
    yield from _radicale(tmp_path)


def _radicale(tmp_path: Path) -> Iterator[Radicale]:
    folder = tmp_path / "radicale"
    folder.mkdir()
    users = tmp_path / "users"
    users.write_text("analyst:s3cret\n", encoding="utf-8")
    port = free_port()
    log = (tmp_path / "radicale.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(folder),
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(users),
            "--auth-htpasswd-encryption",
            "plain",
            "--rights-type",
            "owner_only",
            "--logging-level",
            "warning",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        wait_for(lambda: process.poll() is not None or port_open(port), "Radicale to listen")
        assert process.poll() is None, (tmp_path / "radicale.log").read_text()
        yield Radicale(f"http://127.0.0.1:{port}/", "analyst", "s3cret", folder, process)
    finally:
        _stop(process)
        log.close()


@pytest.fixture(scope="session")
def radicale_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """One Radicale for the whole session (tests that share it each use a calendar of their own)."""
    yield from _radicale(tmp_path_factory.mktemp("radicale-session"))


@pytest.fixture(scope="session")
def xandikos_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """One Xandikos (PyPI; a CalDAV server independent of Radicale, storing in git) for the
    session, on 127.0.0.1 without authentication (it takes any user and password)."""
    exe = shutil.which("xandikos") or str(Path(sys.executable).parent / "xandikos")
    if not Path(exe).exists():
        pytest.skip("xandikos is not installed (the test extra has it)")
    tmp = tmp_path_factory.mktemp("xandikos")
    port = free_port()
    log = (tmp / "xandikos.log").open("wb")
    process = subprocess.Popen(
        [exe, "serve", "-d", str(tmp / "data"), "--defaults", "-l", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: process.poll() is not None or port_open(port), "Xandikos to listen")
        assert process.poll() is None, (tmp / "xandikos.log").read_text()
        yield Radicale(
            f"http://127.0.0.1:{port}/", "analyst", "s3cret", tmp, process, kind="xandikos"
        )
    finally:
        _stop(process)
        log.close()


_calendars = itertools.count(1)


@pytest.fixture(params=["radicale", "xandikos"])
def caldav_server(request: pytest.FixtureRequest) -> Radicale:
    """Each CalDAV server in turn (the test runs once per server), started once per session;
    the test gets a calendar name of its own on it."""
    server: Radicale = request.getfixturevalue(f"{request.param}_session")
    return dataclasses.replace(server, calendar=f"Desk{next(_calendars)}")


@dataclass
class CuttingProxy:
    """A TCP proxy on loopback in front of a server that cuts the connection (closes both
    sockets without answering) of every request whose first line contains `cut_when` once
    `cut_after` such requests went through; `url` is where to connect."""

    url: str
    cut_when: str = "PUT "
    cut_after: int = 2
    seen: int = 0
    cut: int = 0


HTML_PAGE = (
    b"<!doctype html><html><body><h1>Welcome to nginx!</h1>"
    + b"<p>filler</p>" * 200
    + (b"</body></html>")
)


@pytest.fixture
def web_server() -> Iterator[Callable[[int], str]]:
    """Start plain web servers on loopback that answer every method with one status and an HTML
    page (not CalDAV); returns the URL. All are stopped afterwards."""
    started: list[tuple[ThreadingHTTPServer, threading.Thread]] = []

    def start(status: int) -> str:
        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                if status == 401:
                    self.send_header("WWW-Authenticate", 'Basic realm="intranet"')
                self.send_header("Content-Length", str(len(HTML_PAGE)))
                self.end_headers()
                self.wfile.write(HTML_PAGE)

            do_GET = do_PROPFIND = do_REPORT = do_PUT = do_DELETE = do_OPTIONS = _answer
            do_MKCALENDAR = _answer

            def log_message(self, format: str, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        started.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server, thread in started:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "the web server did not stop"


@pytest.fixture
def cutting_proxy() -> Iterator[Callable[[str], CuttingProxy]]:
    """Start cutting proxies (see `CuttingProxy`) in front of a server URL; stopped afterwards.
    Each client connection is served by a thread that relays requests one at a time."""
    from urllib.parse import urlsplit

    servers: list[socket.socket] = []
    threads: list[threading.Thread] = []

    def start(target_url: str) -> CuttingProxy:
        target = urlsplit(target_url)
        listener = socket.create_server(("127.0.0.1", 0))
        listener.settimeout(0.1)
        servers.append(listener)
        proxy = CuttingProxy(f"http://127.0.0.1:{listener.getsockname()[1]}/")
        lock = threading.Lock()

        def relay(client: socket.socket) -> None:
            upstream = socket.create_connection((target.hostname, target.port), timeout=TIMEOUT)
            client.settimeout(TIMEOUT)
            try:
                while True:
                    request = _read_message(client, is_request=True)
                    if not request:
                        return
                    first = request.split(b"\r\n", 1)[0].decode("latin-1")
                    with lock:
                        if proxy.cut_when in first:
                            proxy.seen += 1
                            cutting = proxy.seen > proxy.cut_after
                        else:
                            cutting = False
                        if cutting:
                            proxy.cut += 1
                    if cutting:
                        return  # the server never hears of it; the client sees a dropped line
                    upstream.sendall(request)
                    answer = _read_message(upstream, is_request=False)
                    if not answer:
                        return
                    client.sendall(answer)
            except OSError:
                return
            finally:
                client.close()
                upstream.close()

        def accept() -> None:
            while listener.fileno() != -1:
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                except OSError:
                    return
                t = threading.Thread(target=relay, args=(client,), daemon=True)
                t.start()

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        threads.append(thread)
        return proxy

    yield start
    for listener in servers:
        listener.close()
    for thread in threads:
        thread.join(TIMEOUT)


def _read_message(sock: socket.socket, *, is_request: bool) -> bytes:
    """One HTTP/1.1 message (head and body, by Content-Length or chunked) from `sock`; b"" at
    the end of the stream."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    headers = {
        k.strip().lower(): v.strip()
        for k, _, v in (line.partition(b":") for line in head.split(b"\r\n")[1:])
    }
    status_line = head.split(b"\r\n", 1)[0]
    if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
        while not body.endswith(b"0\r\n\r\n"):
            chunk = sock.recv(65536)
            if not chunk:
                return b""
            body += chunk
    else:
        length = int(headers.get(b"content-length", b"0") or 0)
        no_body = not is_request and (
            status_line.split(b" ")[1:2] in ([b"204"], [b"304"]) or status_line[9:10] == b"1"
        )
        if no_body:
            length = 0
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                return b""
            body += chunk
    return head + b"\r\n\r\n" + body
