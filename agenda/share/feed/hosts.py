"""Who may reach the feed: the Host names it answers to, and the exposure checks of `serve`.

`host_name` reads a Host header (the server refuses names it does not listen on: DNS
rebinding); `is_wildcard` and `is_loopback` classify the address it listens on; and
`check_exposure` / `exposure_warnings` refuse or warn before a feed is served beyond this
machine without a token, or with one over clear HTTP.
"""

from __future__ import annotations

import ipaddress
import re

from agenda.core.errors import UsageError

TOKEN_ENV = "AGENDA_FEED_TOKEN"
_HOST_RE = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
"""Host names every feed answers to, besides the one it listens on."""


def host_name(header: str) -> str | None:
    """The host name of a Host header, lower-cased, without port and brackets (None: malformed)."""
    if not _HOST_RE.match(header):
        return None
    if header.startswith("["):
        return header[1 : header.index("]")].lower()
    return header.rpartition(":")[0].lower() if ":" in header else header.lower().rstrip(".")


def is_wildcard(host: str) -> bool:
    """True for the any-address (0.0.0.0, ::): the server listens on every interface."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return host == ""


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


def exposure_warnings(
    host: str, token_on_command_line: bool, token: str | None, allow_anonymous: bool
) -> list[str]:
    """What `agenda serve` warns about on stderr before it starts (never the token itself)."""
    out = []
    if token_on_command_line:
        out.append(
            "--token on the command line is visible to every user of this machine (ps, "
            f"/proc); set {TOKEN_ENV} in the environment instead"
        )
    if not is_loopback(host):
        if token:
            out.append(
                f"--host {host}: there is no TLS, the token travels in clear HTTP (in the URL) "
                "to anyone on the network path; beyond a trusted LAN put a reverse proxy with "
                "HTTPS in front"
            )
        elif allow_anonymous:
            out.append(
                f"--host {host} with --allow-anonymous: anyone who can reach this machine can "
                "read the whole agenda"
            )
    return out
