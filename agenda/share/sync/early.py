"""The first question of a sync, sent before the slow imports: `ask` sends it with the standard
library's `http.client` and `Early` holds its answer for the CalDAV side, which uses it in place
of asking the same question again through caldav.

Why: against a large collection the server takes most of a quick sync's time to answer its
first question (Radicale walks every object of a 10k calendar for the sync-token, ~0.6 s), while
agenda spends ~0.3 s importing caldav, its HTTP stack and the sync's planning. Sent first, the
question is answered while agenda imports; a sync with nothing to do never loads caldav at all.

Only the two questions a sync that holds a sync-token starts with are asked: its version (a
PROPFIND of the sync-token) when nothing changed in agenda, else what changed since the token
(a sync-collection REPORT). Only to a loopback host or over HTTPS (the password goes as Basic
auth at once, so never in clear to another machine), never through a proxy. Anything but a
clean 207 multistatus (a 401 that wants Digest, a redirect, a certificate that does not verify,
a timeout) is dropped: caldav then asks as before, and its errors are the ones reported. So this
can only save a request, never change what a sync decides.

May import `agenda.core`, `caldav_side` (the request bodies), `transport` (timeouts), `state`
and the standard library; never caldav.
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import ssl
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from agenda.share.sync.caldav_side import (
    _SYNC_COLLECTION,
    _SYNC_TOKEN,
    PROPFIND,
    SYNC_TOKEN_MARK,
    href_path,
)
from agenda.share.sync.transport import CONNECT_TIMEOUT, TIMEOUT

if TYPE_CHECKING:
    from agenda.core.store import EventStore
    from agenda.share.sync.state import SyncState

VERSION = "version"
"""The question "which version is the collection at" (PROPFIND of its sync-token)."""

CHANGES = "changes"
"""The question "what changed since this sync-token" (sync-collection REPORT)."""


@dataclass
class Early:
    """A question sent early and, once read, its answer: the multistatus of a 207, else None."""

    kind: str
    since: str
    """The sync-token (with `SYNC_TOKEN_MARK`) the sync held when the question was sent."""
    connection: http.client.HTTPConnection | None
    _tree: ElementTree.Element | None = field(default=None, repr=False)
    _used: bool = False

    def answer(self) -> ElementTree.Element | None:
        """The multistatus answered (read once, waiting for it), or None: any other answer."""
        if self.connection is not None:
            connection, self.connection = self.connection, None
            try:
                response = connection.getresponse()
                body = response.read()
                if response.status == 207:
                    tree = ElementTree.fromstring(body)
                    if tree.tag == "{DAV:}multistatus":
                        self._tree = tree
            except (OSError, http.client.HTTPException, ElementTree.ParseError, ValueError):
                self._tree = None
            finally:
                connection.close()
        return self._tree

    def version(self, calendar_url: str) -> str | None:
        """The collection's sync-token (marked), when this is the version question and the
        server answered it for the collection itself; used once."""
        if self.kind != VERSION or self._used:
            return None
        self._used = True
        tree = self.answer()
        if tree is None:
            return None
        own = href_path(calendar_url).rstrip("/")
        for item in tree.iterfind("{DAV:}response"):
            href = (item.findtext("{DAV:}href") or "").strip()
            if href_path(urljoin(calendar_url, href)).rstrip("/") != own:
                continue
            for propstat in item.iterfind("{DAV:}propstat"):
                if " 200 " not in (propstat.findtext("{DAV:}status") or ""):
                    continue
                token = (propstat.findtext("{DAV:}prop/" + _SYNC_TOKEN) or "").strip()
                if token:
                    return SYNC_TOKEN_MARK + token
        return None

    def changes(self, since: str) -> ElementTree.Element | None:
        """The multistatus of what changed since `since`, when this is that question; once."""
        if self.kind != CHANGES or self.since != since or self._used:
            return None
        self._used = True
        return self.answer()

    def close(self) -> None:
        """Drop the question unanswered (a sync that ends before it needs the answer)."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def question(store: EventStore, state: SyncState, calendar_url: str) -> tuple[str, str] | None:
    """(kind, sync-token) of the question a sync of `state` will start with, or None when it
    starts otherwise (no sync-token kept for this calendar: it lists everything, or compares a
    CTag). The same rule as `run.sync`: nothing changed in agenda and no write of ours since
    the token, the version; else what changed since the token."""
    row = state.remote_row()
    if row is None or row[0] != calendar_url or not row[1]:
        return None
    known = row[1]
    if not known.startswith(SYNC_TOKEN_MARK):
        return None
    if row[2] == store.change_counter() and not state.written():
        return VERSION, known
    return CHANGES, known


def ask(
    calendar_url: str,
    user: str | None,
    password: str | None,
    kind: str,
    since: str,
) -> Early | None:
    """Send the question now and return without waiting for the answer; None when it is not
    sent here (not loopback nor HTTPS, a proxy set, any failure to send)."""
    parts = urlsplit(calendar_url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        return None
    if parts.scheme == "http" and not _loopback(host):
        return None
    if _proxied(parts.scheme, host):
        return None
    if kind == VERSION:
        method, depth = "PROPFIND", "0"
        body = PROPFIND.format(props="<d:sync-token/>")
    else:
        method, depth = "REPORT", "0"
        body = _SYNC_COLLECTION.format(token=escape(since.removeprefix(SYNC_TOKEN_MARK)))
    headers = {"Depth": depth, "Content-Type": 'application/xml; charset="utf-8"'}
    if user:
        secret = f"{user}:{password or ''}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(secret).decode("ascii")
    connection: http.client.HTTPConnection
    try:
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                host, parts.port, timeout=CONNECT_TIMEOUT, context=ssl.create_default_context()
            )
        else:
            connection = http.client.HTTPConnection(host, parts.port, timeout=CONNECT_TIMEOUT)
        connection.connect()
        if connection.sock is not None:
            connection.sock.settimeout(TIMEOUT)
        connection.request(method, parts.path or "/", body=body.encode("utf-8"), headers=headers)
    except (OSError, http.client.HTTPException, ValueError):
        return None
    return Early(kind, since, connection)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _proxied(scheme: str, host: str) -> bool:
    """True when the environment names a proxy for this host (caldav's HTTP stack would use it)."""
    proxies = urllib.request.getproxies()
    if not (proxies.get(scheme) or proxies.get("all")):
        return False
    return not urllib.request.proxy_bypass(host)
