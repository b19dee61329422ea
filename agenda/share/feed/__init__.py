"""`agenda serve`: the store as a read-only iCalendar subscription feed over HTTP.

The package owns the HTTP side of sharing: query parameters -> (window, Filters), validators
(strong ETag, Last-Modified from the store's change counter), 304s, gzip, the token, the HTML
index page and the server itself. The VCALENDAR text comes from `agenda.ics.write_events` (the
same writer as `export`); nothing here knows iCalendar.

The server is the standard library's `ThreadingHTTPServer` (one thread per connection, daemon
threads, socket timeouts, a deep listen backlog). The feed is read-only and every rendering is
cached per (change counter, query), so a request costs one small SQLite read plus a memory copy;
see docs/sharing.md for the reasons and the load measurement.

Modules:
  hosts    who may reach the feed: Host header names, loopback/wildcard, the token-exposure checks
  query    what a feed URL may say: its path and parameters -> FeedQuery (window and filters)
  render   Feed: the renderings (bodies, validators), their byte-bounded LRU cache, the index
           page, the token check
  server   the HTTP server and its request handler: FeedServer, FeedHandler, make_server, serve
The modules import downwards only: server -> render -> query, and server -> hosts (import-linter
checks that they form no circle).

May import: `agenda.core`, `agenda.ics` (lazily, when a feed is rendered) and the standard
library. Never the CLI, the UI or `agenda.share.sync`. The modules import each other directly,
never this package; this file only re-exports their public names, so that
`from agenda.share import feed; feed.make_server(...)` keeps working.
"""

from agenda.share.feed.hosts import (
    LOCAL_NAMES,
    TOKEN_ENV,
    check_exposure,
    exposure_warnings,
    host_name,
    is_loopback,
    is_wildcard,
)
from agenda.share.feed.query import (
    FEED_PATH,
    FIRST_DAY,
    LAST_DAY,
    PARAMS,
    TOKEN_PARAM,
    FeedParamError,
    FeedQuery,
    parse_query,
)
from agenda.share.feed.render import (
    CACHE_BYTES,
    CACHE_SIZE,
    Feed,
    FeedClosed,
    Rendering,
)
from agenda.share.feed.server import (
    DEFAULT_PORT,
    MAX_BODY,
    MAX_CONNECTIONS,
    REQUEST_TIMEOUT,
    SLOT_WAIT,
    SOCKET_TIMEOUT,
    FeedHandler,
    FeedServer,
    accepts_gzip,
    etag_matches,
    make_server,
    serve,
)

__all__ = [
    "CACHE_BYTES",
    "CACHE_SIZE",
    "DEFAULT_PORT",
    "FEED_PATH",
    "FIRST_DAY",
    "LAST_DAY",
    "LOCAL_NAMES",
    "MAX_BODY",
    "MAX_CONNECTIONS",
    "PARAMS",
    "REQUEST_TIMEOUT",
    "SLOT_WAIT",
    "SOCKET_TIMEOUT",
    "TOKEN_ENV",
    "TOKEN_PARAM",
    "Feed",
    "FeedClosed",
    "FeedHandler",
    "FeedParamError",
    "FeedQuery",
    "FeedServer",
    "Rendering",
    "accepts_gzip",
    "check_exposure",
    "etag_matches",
    "exposure_warnings",
    "host_name",
    "is_loopback",
    "is_wildcard",
    "make_server",
    "parse_query",
    "serve",
]
