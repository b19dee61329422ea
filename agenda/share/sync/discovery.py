"""Finding the calendar to sync: `probe` (is this a CalDAV server at all), `find_calendar` (the
collection named, or the only one, created only when asked). May import `agenda.core`,
`remote`, `failures`, `caldav_side` (the PROPFIND body), the standard library and caldav.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from agenda.core.errors import SyncError
from agenda.share.sync.caldav_side import PROPFIND
from agenda.share.sync.failures import http_status, is_multistatus, not_caldav
from agenda.share.sync.remote import Remote

_PROBE = "<d:resourcetype/><d:current-user-principal/>"


def probe(client: Any, remote: Remote) -> None:
    """One PROPFIND of the URL: a CalDAV server answers with a WebDAV multistatus."""
    response = client.propfind(remote.url, PROPFIND.format(props=_PROBE), 0)
    if not is_multistatus(response):
        raise not_caldav(remote.url, response)


def _label(name: str | None, segment: str) -> str:
    if name and name != segment:
        return f"{name!r} (path {segment})"
    return repr(name or segment)


def find_calendar(
    client: Any, remote: Remote, *, create: bool, dry_run: bool = False
) -> tuple[str, bool]:
    """The calendar collection URL for the remote; (url, created).

    A calendar named with --calendar that the server does not have is created only when
    `create` is given (a typo must not start a new calendar); on a dry run it is not created
    and the URL is "" (with created True).
    """
    from caldav.lib import error

    probe(client, remote)
    principal = client.principal()
    calendars = principal.calendars()
    labels = []
    wanted_path = urlsplit(remote.url).path.rstrip("/")
    for cal in calendars:
        name = cal.get_display_name() if hasattr(cal, "get_display_name") else cal.name
        path = urlsplit(str(cal.url)).path.rstrip("/")
        segment = path.rsplit("/", 1)[-1]
        labels.append(_label(name, segment))
        if remote.calendar is None and path == wanted_path:
            return str(cal.url), False
        if remote.calendar is not None and remote.calendar in (name, segment):
            return str(cal.url), False
    has = ", ".join(labels)
    who = f" for {remote.user}" if remote.user else ""
    if remote.calendar is None:
        if len(calendars) == 1:
            return str(calendars[0].url), False
        if not calendars:
            raise SyncError(
                f"{remote.url}: the server has no calendar{who}; name one with --calendar "
                "NAME and add --create to make it"
            )
        raise SyncError(f"{remote.url}: say which calendar with --calendar (the server has: {has})")
    if not create and not calendars:
        raise SyncError(
            f"{remote.url}: no calendar {remote.calendar!r}{who}: the server has no calendar "
            "at all; add --create to make it"
        )
    if not create:
        raise SyncError(
            f"{remote.url}: no calendar {remote.calendar!r}{who} (the server has: {has}); "
            f"give one of these with --calendar, or add --create to make {remote.calendar!r}"
        )
    if dry_run:
        return "", True
    try:
        made = principal.make_calendar(name=remote.calendar)
    except error.DAVError as exc:
        raise SyncError(
            f"{remote.url}: cannot create calendar {remote.calendar!r} "
            f"({http_status(exc.status) if exc.status else type(exc).__name__})"
        ) from None
    return str(made.url), True
