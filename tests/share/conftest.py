"""Fixtures for the sharing tests: a feed server on loopback, a real Radicale CalDAV server
on a free loopback port with its own storage in tmp_path, and a plain web server that is not
CalDAV (all started and stopped here, every wait bounded)."""

from __future__ import annotations

import http.client
import os
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
    """A running Radicale server: its base URL, the user and the password it accepts."""

    url: str
    user: str
    password: str
    folder: Path
    process: subprocess.Popen[bytes]


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[Radicale]:
    """A real Radicale CalDAV server on 127.0.0.1 with htpasswd (plain) auth and tmp storage."""
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
        process.terminate()
        try:
            process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(TIMEOUT)
        log.close()


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
