"""The feed's renderings: `Feed`, what every request handler shares.

Feed holds the store (one connection behind a lock), renders the VCALENDAR of a FeedQuery through
`agenda.ics.write_events` (identity and gzip bodies, a strong ETag, Last-Modified from the
store's change counter) and keeps the renderings of the current change counter in an LRU cache
bounded by count and by bytes. It also builds the HTML index page (subscribe links per kind and
organization), checks the token (in constant time) and stops using the store when the server
stops (FeedClosed, HTTP 503). Nothing here speaks HTTP: the server sends what this renders.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import html
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote, urlencode

from agenda.core.clock import Clock, system_clock
from agenda.core.errors import AgendaError
from agenda.core.store import EventStore, Filters
from agenda.share.feed.query import FEED_PATH, PARAMS, TOKEN_PARAM, FeedParamError, FeedQuery

CACHE_SIZE = 64
"""Renderings kept for the current change counter (distinct queries); the oldest go first."""
CACHE_BYTES = 64 * 1024 * 1024
"""Bytes the cached renderings (identity + gzip bodies) may hold; least recently used go first.
A full feed of 10k events is about 17 MB + 2 MB gzip, so this keeps about three of those."""


class FeedClosed(AgendaError):
    """The server is stopping and no longer reads the store (HTTP 503)."""


@dataclass(frozen=True)
class Rendering:
    """One feed body, ready to send in either encoding."""

    body: bytes
    gzipped: bytes
    etag: str
    """The strong ETag of the identity body, quoted; the gzip body's ends in -gz."""
    modified: datetime
    count: int


class Feed:
    """What the request handlers share: the store (one connection behind a lock) and the cache.

    Last-Modified is the instant this process first saw the store's current change counter
    (never earlier than the previous one + 1 s, so two changes within a second still differ).
    """

    def __init__(
        self,
        store: EventStore,
        *,
        token: str | None = None,
        clock: Clock = system_clock,
        viewer_tz: str = "UTC",
        calname: str = "agenda",
        cache_bytes: int = CACHE_BYTES,
        calendars: tuple[str, ...] = (),
    ) -> None:
        self.store = store
        self.calendars = calendars
        """The calendars this feed serves (`agenda serve --calendar`); none: every calendar."""
        self.cache_limit = cache_bytes
        self.cache_bytes = 0
        """Bytes held by the cached renderings now (never above cache_limit)."""
        self.closed = False
        self.token = token or None
        self.clock = clock
        self.viewer_tz = viewer_tz
        self.calname = calname
        self.lock = threading.Lock()
        self._counter: int | None = None
        self._modified = datetime.min.replace(tzinfo=UTC)
        self._cache: OrderedDict[str, Rendering] = OrderedDict()
        self._index: tuple[list[str], list[str]] | None = None

    def today(self) -> date:
        from zoneinfo import ZoneInfo

        return self.clock().astimezone(ZoneInfo(self.viewer_tz)).date()

    def _refresh(self) -> None:
        """Notice a new change counter (called with the lock held)."""
        counter = self.store.change_counter()
        if counter == self._counter:
            return
        now = self.clock().astimezone(UTC).replace(microsecond=0)
        self._modified = max(now, self._modified + timedelta(seconds=1))
        self._counter = counter
        self._cache.clear()
        self.cache_bytes = 0
        self._index = None

    def close(self) -> None:
        """Stop using the store: waits for a rendering in progress; later requests get 503."""
        with self.lock:
            self.closed = True

    def _check_open(self) -> None:
        if self.closed:
            raise FeedClosed("the feed is stopping")

    def render(self, query: FeedQuery) -> Rendering:
        """The feed for `query` at the store's current state (cached per change counter)."""
        from agenda.ics import write_events

        with self.lock:
            self._check_open()
            self._refresh()
            key = query.key()
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
            filters = self._served(query.filters)
            # series as series: each once, with its rule, and its overrides (as `export`)
            events = self.store.export_data(
                query.first, query.last, filters=filters, viewer_tz=self.viewer_tz
            )
            buffer = _Buffer()
            described = query.filters.describe()
            calname = f"{self.calname} ({described})" if described else self.calname
            count = write_events(events, buffer, calname, now=self._modified)
            body = buffer.getvalue()
            digest = hashlib.sha256(body).hexdigest()[:20]
            rendering = Rendering(
                body=body,
                gzipped=gzip.compress(body, compresslevel=6, mtime=0),
                etag=f'"{self._counter}-{digest}"',
                modified=self._modified,
                count=count,
            )
            size = len(rendering.body) + len(rendering.gzipped)
            if size <= self.cache_limit:
                self._cache[key] = rendering
                self.cache_bytes += size
                while self.cache_bytes > self.cache_limit or len(self._cache) > CACHE_SIZE:
                    _, old = self._cache.popitem(last=False)
                    self.cache_bytes -= len(old.body) + len(old.gzipped)
            return rendering

    def _served(self, filters: Filters) -> Filters:
        """`filters` narrowed to the calendars this feed serves; FeedParamError (HTTP 400) for a
        calendar the store does not have or this feed does not serve."""
        from agenda.core.errors import UsageError

        wanted = filters.calendars
        if self.calendars:
            outside = [c for c in wanted if c not in self.calendars]
            if outside:
                raise FeedParamError(
                    f"parameter 'calendar': {outside[0]!r} is not served here "
                    f"(this feed serves {', '.join(self.calendars)})"
                )
            wanted = wanted or self.calendars
        if wanted:
            try:
                self.store.check_calendars(wanted)
            except UsageError as exc:
                raise FeedParamError(f"parameter 'calendar': {exc}") from None
        return filters._replace(calendars=wanted)

    def index_facets(self) -> tuple[list[str], list[str]]:
        """The kinds and organizations present in the store (for the index page's links)."""
        with self.lock:
            self._check_open()
            self._refresh()
            if self._index is None:
                kinds: set[str] = set()
                orgs: set[str] = set()
                for row in self.store.window(filters=Filters(calendars=self.calendars)):
                    kinds.add(row.kind)
                    orgs.update(row.orgs)
                self._index = (sorted(kinds), sorted(orgs))
            return self._index

    def index_page(self, host: str) -> bytes:
        """The HTML index page: for everything, each kind and each organization a webcal://
        (subscribe) and an http:// (download) link to the feed at `host` (host:port), with the
        token when there is one."""
        kinds, orgs = self.index_facets()
        token = {TOKEN_PARAM: self.token} if self.token else {}
        links: list[tuple[str, dict[str, str]]] = [("Everything", {})]
        links += [(f"Kind: {k}", {"kind": k}) for k in kinds]
        links += [(f"Organization: {o}", {"org": o}) for o in orgs]
        with self.lock:
            self._check_open()
            names = list(self.calendars) or self.store.calendar_names()
        if len(names) > 1:
            links += [(f"Calendar: {c}", {"calendar": c}) for c in names]
        items = []
        for label, params in links:
            qs = urlencode({**params, **token}, quote_via=quote)
            target = f"{host}{FEED_PATH}" + (f"?{qs}" if qs else "")
            items.append(
                f'<li>{html.escape(label)}: <a href="webcal://{html.escape(target)}">subscribe'
                f'</a> · <a href="http://{html.escape(target)}">download</a></li>'
            )
        known = ", ".join(PARAMS)
        return (
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(self.calname)} feeds</title></head><body>\n"
            f"<h1>{html.escape(self.calname)}: calendar feeds</h1>\n"
            "<p>Subscribe from a calendar app with a webcal:// link, or copy the http:// link "
            "into its “subscribe to calendar” dialog.</p>\n"
            f"<ul>\n{chr(10).join(items)}\n</ul>\n"
            f"<p>Filters as query parameters: {html.escape(known)} "
            f"(e.g. <code>{FEED_PATH}?org=SCO&amp;kind=summit&amp;from=2021-09-01</code>).</p>\n"
            "</body></html>\n"
        ).encode()

    def token_ok(self, supplied: str | None) -> bool:
        """True when no token is required, or `supplied` is it (compared in constant time)."""
        if self.token is None:
            return True
        if supplied is None:
            return False
        return hmac.compare_digest(supplied.encode("utf-8"), self.token.encode("utf-8"))


class _Buffer:
    """A minimal binary sink (write_events wants a stream)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def getvalue(self) -> bytes:
        return b"".join(self._parts)
