"""How agenda talks HTTP to a CalDAV server: the client (`connect`, with its timeouts and the
waits after 429/503), how many requests run at once (`DEFAULT_CONNECTIONS`, `MAX_CONNECTIONS`)
and the waits after `423 Locked` (`WriteGate`). Knows nothing of CalDAV's requests: the side
(`caldav_side`) sends them through this. May import `agenda.core`, `remote`, the standard
library and caldav (loaded only when a sync talks to a server).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from agenda.core.errors import SyncError
from agenda.share.sync.remote import Remote

TIMEOUT = 180
"""Seconds the server may keep silent while it makes one answer. Long, because the answers that
cover a whole collection grow with it: on this loaded 2-core machine Radicale took 73 s for the
first sync-collection REPORT of a 10k-event calendar (30 s, the limit before, failed the sync)."""

CONNECT_TIMEOUT = 15
"""Seconds to open a connection (a host that is down fails this soon, whatever `TIMEOUT`)."""


DEFAULT_CONNECTIONS = 4
"""Requests in flight at once (each on its own keep-alive connection) unless told otherwise."""


MAX_CONNECTIONS = 32
"""The most `--connections` may ask for: more only queues on the server."""


RETRY_DEFAULT_SLEEP = 2
"""Seconds to wait after a 429/503 that names no Retry-After, before asking again."""


RETRY_MAX_SLEEP = 60
"""Seconds of waiting after 429/503 answers for one request before the sync gives up."""


LOCKED_WAITS: tuple[float, ...] = (0.5, 1, 2, 4, 8, 15)
"""Waits before writing again after each `423 Locked` (Xandikos, while another write holds its
git index); past them the event is refused (skipped)."""


class WriteGate:
    """Lets writes run in parallel until the server answers one `423 Locked`, then one at a
    time: Xandikos holds its git index for each write, so parallel writes only wait out each
    other's locks (10 PUTs at 10k took 11 s in parallel, with `LOCKED_WAITS` slept)."""

    def __init__(self) -> None:
        self.serial = False
        self.lock = threading.Lock()

    def write(self, write: Callable[[], Any]) -> Any:
        """The answer to `write`, sent again while the server says 423 (`LOCKED_WAITS`)."""
        if self.serial:
            with self.lock:
                return self._retried(write, write())
        response = write()
        if response.status != 423:
            return response
        self.serial = True
        with self.lock:
            return self._retried(write, response)

    @staticmethod
    def _retried(write: Callable[[], Any], response: Any) -> Any:
        for wait in LOCKED_WAITS:
            if response.status != 423:
                break
            time.sleep(wait)
            response = write()
        return response


def connect(remote: Remote, password: str | None) -> Any:
    """A caldav client for the remote (no request is sent yet). It waits and asks again on
    429/503, as long as the server's Retry-After says (`RETRY_DEFAULT_SLEEP` when it says
    nothing), up to `RETRY_MAX_SLEEP` seconds for one request."""
    try:
        import caldav
    except ImportError:
        raise SyncError(
            "agenda sync needs the caldav library: pip install 'agenda[sync]'"
        ) from None

    # A user without a password still logs in (with an empty one): servers that trust any
    # password (Radicale's auth "none", a proxy doing the auth) only need the name.
    if remote.user and password is None:
        password = ""
    return caldav.DAVClient(
        url=remote.url,
        username=remote.user,
        password=password,
        timeout=(min(CONNECT_TIMEOUT, TIMEOUT), TIMEOUT),  # (connect, read), as requests takes
        rate_limit_handle=True,
        rate_limit_default_sleep=RETRY_DEFAULT_SLEEP,
        rate_limit_max_sleep=RETRY_MAX_SLEEP,
    )
