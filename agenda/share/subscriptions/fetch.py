"""One download of a subscribed feed: http, https or webcal, with the standard library only.

`fetch(url, etag=..., last_modified=...)` sends `If-None-Match` / `If-Modified-Since` when it has
them (a 304 answer is `Fetched(not_modified=True)`: the stored copy stays), follows at most
`MAX_REDIRECTS` redirects (never from https down to http), waits at most `timeout` seconds for
any one read and `deadline` seconds for the whole download, and refuses a body larger than
`max_bytes` (the .ics input limit, `agenda.core.limits.MAX_FILE`) before or while reading it. The
body goes to a temporary file (gzip undone on the way) that the caller reads and deletes.

Every failure is a `FetchError` with one line that says what happened: the HTTP status and its
reason, a host that does not resolve, a refused connection, a timeout, an HTML page or an empty,
truncated or oversized answer. http.client rather than urllib: a deadline over the whole
download, a size limit before the body is read and redirects checked one by one need the
response itself, which urllib hides behind its handlers.
"""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urljoin, urlsplit

from agenda import __version__
from agenda.core.errors import AgendaError
from agenda.core.limits import MAX_FILE

TIMEOUT = 30.0
"""Seconds to wait for the connection or for any one read."""
DEADLINE = 300.0
"""Seconds the whole download may take (a server that trickles a byte at a time)."""
MAX_REDIRECTS = 5
CHUNK = 256 * 1024
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
USER_AGENT = f"agenda/{__version__} (calendar subscription)"


class FetchError(AgendaError):
    """A feed could not be downloaded; the message is one line naming the URL."""

    exit_code = 5


@dataclass
class Fetched:
    """What one download brought: the body in a temporary file (None for a 304) and the
    validators to send next time."""

    url: str
    path: Path | None
    etag: str | None
    last_modified: str | None
    size: int = 0

    @property
    def not_modified(self) -> bool:
        """The server said 304: the copy already stored is current."""
        return self.path is None

    def discard(self) -> None:
        """Delete the temporary file (safe to call twice)."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def http_url(url: str) -> str:
    """The http(s) URL a feed URL names: webcal:// is https, or http on this machine (loopback
    servers rarely speak TLS); UsageError-like FetchError for anything else."""
    text = url.strip()
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme in ("webcal", "webcals"):
        host = (parts.hostname or "").lower()
        plain = scheme == "webcal" and host in LOOPBACK_HOSTS
        return ("http" if plain else "https") + text[len(parts.scheme) :]
    if scheme in ("http", "https"):
        if not parts.hostname:
            raise FetchError(f"{url}: no host in the URL")
        return text
    raise FetchError(f"{url}: not an http, https or webcal URL")


SECRET_PARAMETERS = frozenset({"token", "key", "apikey", "api_key", "secret", "password", "sig"})
"""Query parameters whose values error messages hide (`agenda serve` takes `?token=`)."""


def shown_url(url: str) -> str:
    """`url` as messages show it: the values of SECRET_PARAMETERS and a password in it hidden."""
    from urllib.parse import parse_qsl, urlencode, urlunsplit

    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}:***@{host}" if ":" in user else netloc
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(k.lower() in SECRET_PARAMETERS for k, _ in pairs):
            hidden = [(k, "***" if k.lower() in SECRET_PARAMETERS else v) for k, v in pairs]
            query = urlencode(hidden, safe="*,")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = TIMEOUT,
    deadline: float = DEADLINE,
    max_bytes: int = MAX_FILE,
    tmp_dir: str | None = None,
) -> Fetched:
    """Download the feed at `url` (see the module's docstring); FetchError on any failure."""
    target = http_url(url)
    url = shown_url(url)  # what the messages name: no secret in a log or the UI's header
    ends = time.monotonic() + deadline
    for _ in range(MAX_REDIRECTS + 1):
        conn, sock, response = _request(url, target, etag, last_modified, timeout, ends)
        try:
            status = response.status
            if status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"{url}: a redirect ({status}) without a Location")
                new = urljoin(target, location.strip())
                if urlsplit(new).scheme not in ("http", "https"):
                    raise FetchError(f"{url}: redirected to {new!r}, which is not http(s)")
                if target.startswith("https:") and new.startswith("http:"):
                    raise FetchError(f"{url}: redirected from https to plain http ({new}); refused")
                target = new
                continue
            if status == 304:
                return Fetched(
                    target,
                    None,
                    response.getheader("ETag") or etag,
                    response.getheader("Last-Modified") or last_modified,
                )
            if status != 200:
                raise FetchError(_status_text(url, status, response.reason))
            return _body(url, target, response, sock, timeout, ends, max_bytes, tmp_dir)
        finally:
            conn.close()
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; stopped")


def _status_text(url: str, status: int, reason: str) -> str:
    why = {
        401: "the feed needs a login (a token in the URL?)",
        403: "the server refuses access to the feed",
        404: "no feed at this address",
        410: "the feed is gone for good",
        429: "too many requests; the server asks to wait",
    }.get(status)
    if why is None:
        why = "the server failed" if status >= 500 else "not a feed the server will send"
    return f"{url}: HTTP {status} {reason.strip() or ''}".rstrip() + f" ({why})"


def _request(
    url: str,
    target: str,
    etag: str | None,
    last_modified: str | None,
    timeout: float,
    ends: float,
) -> tuple[http.client.HTTPConnection, socket.socket | None, http.client.HTTPResponse]:
    parts = urlsplit(target)
    host = parts.hostname or ""
    wait = _left(url, timeout, ends)
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(
            host, parts.port, timeout=wait, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(host, parts.port, timeout=wait)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/calendar, */*;q=0.5",
        "Accept-Encoding": "gzip",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        conn.request("GET", path, headers=headers)
        sock = conn.sock  # kept: the response reads from it even after the connection lets go
        return conn, sock, conn.getresponse()
    except BaseException as exc:
        conn.close()
        if isinstance(exc, Exception):
            raise _network_error(url, host, exc, timeout) from None
        raise


def _left(url: str, timeout: float, ends: float) -> float:
    left = ends - time.monotonic()
    if left <= 0:
        raise FetchError(f"{url}: the download took too long (the overall deadline passed)")
    return min(timeout, left)


def _network_error(url: str, host: str, exc: Exception, timeout: float) -> FetchError:
    if isinstance(exc, FetchError):
        return exc
    if isinstance(exc, socket.gaierror):
        return FetchError(f"{url}: cannot find the host {host!r} (DNS: {exc.strerror or exc})")
    if isinstance(exc, TimeoutError):
        return FetchError(f"{url}: no answer within {timeout:g} s (timeout)")
    if isinstance(exc, ConnectionRefusedError):
        return FetchError(f"{url}: {host} refused the connection (is the server running?)")
    if isinstance(exc, ssl.SSLError):
        return FetchError(f"{url}: TLS failed ({exc.reason or exc})")
    if isinstance(exc, http.client.HTTPException | ConnectionError):
        return FetchError(f"{url}: the connection broke ({type(exc).__name__}: {exc})")
    if isinstance(exc, OSError):
        return FetchError(f"{url}: cannot connect ({exc.strerror or exc})")
    return FetchError(f"{url}: {type(exc).__name__}: {exc}")


def _too_large(url: str, size: int | str, max_bytes: int) -> FetchError:
    shown = f"{size:,} bytes" if isinstance(size, int) else size
    return FetchError(
        f"{url}: {shown}; a feed may be at most {max_bytes:,} bytes (the .ics input limit)"
    )


def _body(
    url: str,
    target: str,
    response: http.client.HTTPResponse,
    sock: socket.socket | None,
    timeout: float,
    ends: float,
    max_bytes: int,
    tmp_dir: str | None,
) -> Fetched:
    kind = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml"):
        raise FetchError(
            f"{url}: an HTML page, not an iCalendar feed (look on it for the .ics or webcal link)"
        )
    length_header = response.getheader("Content-Length")
    length = int(length_header) if length_header and length_header.strip().isdigit() else None
    gzipped = (response.getheader("Content-Encoding") or "").strip().lower() in ("gzip", "x-gzip")
    if length is not None and length > max_bytes and not gzipped:
        raise _too_large(url, length, max_bytes)
    fd, name = tempfile.mkstemp(prefix="agenda-feed-", suffix=".ics", dir=tmp_dir)
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            size = _copy(url, response, sock, out, timeout, ends, max_bytes, length, gzipped)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Fetched(
        target, path, response.getheader("ETag"), response.getheader("Last-Modified"), size
    )


def _copy(
    url: str,
    response: http.client.HTTPResponse,
    sock: socket.socket | None,
    out: IO[bytes],
    timeout: float,
    ends: float,
    max_bytes: int,
    length: int | None,
    gzipped: bool,
) -> int:
    """Copy the body to `out`; the bytes written (after gzip)."""
    unzip = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
    received = written = 0
    first = b""
    while True:
        wait = _left(url, timeout, ends)  # every read waits at most what the deadline leaves
        if sock is not None:
            sock.settimeout(wait)
        try:
            piece = response.read1(CHUNK)
        except http.client.IncompleteRead as exc:
            raise FetchError(
                f"{url}: the download stopped after {received + len(exc.partial):,} bytes "
                "(truncated); nothing was changed"
            ) from None
        except Exception as exc:
            raise _network_error(url, "", exc, timeout) from None
        if not piece:
            break
        received += len(piece)
        if unzip is not None:
            try:
                piece = unzip.decompress(piece, max_bytes + 1 - written)
            except zlib.error:
                raise FetchError(f"{url}: the gzip-compressed body is corrupt") from None
        written += len(piece)
        if written > max_bytes:
            raise _too_large(url, f"more than {max_bytes:,} bytes", max_bytes)
        if len(first) < 64:
            first += piece[:64]
            _refuse_html(url, first)
        out.write(piece)
    if length is not None and received < length:
        raise FetchError(
            f"{url}: the download stopped after {received:,} of {length:,} bytes "
            "(truncated); nothing was changed"
        )
    if unzip is not None and not unzip.eof:
        raise FetchError(f"{url}: the gzip-compressed body ends early (truncated)")
    if written == 0:
        raise FetchError(f"{url}: the server sent an empty answer, not an iCalendar feed")
    return written


def _refuse_html(url: str, first: bytes) -> None:
    head = first.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        raise FetchError(
            f"{url}: an HTML page, not an iCalendar feed (look on it for the .ics or webcal link)"
        )
