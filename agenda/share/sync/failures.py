"""Every failure of the conversation with a CalDAV server, explained in one line for people:
`explain` (the one entry point), `network_reason`, `auth_failed` (with where the name and password
come from), `not_caldav`, `http_status`, and `_one_event` (a refusal about one event, which is
skipped, rather than about the session). May import `agenda.core`, `remote`, `transport` (its
timeouts, named in the messages), the standard library and caldav (its error types).
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlsplit

from agenda.core.errors import SyncError
from agenda.share.sync import transport
from agenda.share.sync.remote import REMOTES_FILE, Remote


def _one_event(status: int) -> bool:
    """A refusal about this one event (skip it), not about the session: 401/403 (credentials
    expired or revoked), 407 and 429 (too many requests) stop the sync instead of repeating for
    every remaining event."""
    return 400 <= status < 500 and status not in (401, 403, 407, 429)


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
    if "ConnectTimeout" in names or "ConnectTimeoutError" in names:
        return f"cannot connect within {min(transport.CONNECT_TIMEOUT, transport.TIMEOUT)} s (is the host up?)"
    if any(isinstance(c, TimeoutError) or "Timeout" in type(c).__name__ for c in causes):
        return f"no answer within {transport.TIMEOUT} s"
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
