"""What a feed URL may say: the feed's path, its query parameters and their parsing.

`parse_query` turns a URL's query string into a FeedQuery (an optional window of days and the
filters); a wrong parameter is a FeedParamError whose message names it (the server answers 400).
The filters themselves are parsed by `agenda.core.query`, with the same rules and messages as
`list` and `export`; this module adds the feed's own parameters (from, to, text, the token).
A `calendar` names calendars of the store; the Feed checks them (it holds the store).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs

from agenda.core.errors import UsageError
from agenda.core.store import Filters

FEED_PATH = "/calendar.ics"
PARAMS = ("from", "to", "kind", "org", "country", "status", "text", "calendar")
"""The query parameters of the feed: the filters of `export` and `list`."""
TOKEN_PARAM = "token"
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)
"""The days a feed window may name: the event dates agenda supports. Beyond them the window
arithmetic (a day before, a day after, UTC offsets) leaves what Python's dates can hold."""


class FeedParamError(UsageError):
    """A query parameter of the feed is wrong; the message says which and why (HTTP 400)."""


@dataclass(frozen=True)
class FeedQuery:
    """A feed request: an optional window of days and the filters."""

    first: date | None
    last: date | None
    filters: Filters

    def key(self) -> str:
        """A canonical text of the query (the cache key and part of the ETag)."""
        f = self.filters
        return "|".join(
            [
                self.first.isoformat() if self.first else "",
                self.last.isoformat() if self.last else "",
                ",".join(sorted(f.kinds)),
                ",".join(sorted(f.orgs)),
                ",".join(sorted(c.lower() for c in f.countries)),
                ",".join(sorted(f.statuses)),
                f.text or "",
                ",".join(sorted(f.calendars)),
            ]
        )


def parse_query(query: str, today: date) -> FeedQuery:
    """The feed query from a URL's query string; FeedParamError names the bad parameter."""
    from agenda.core.schedule import parse_day

    try:
        raw = parse_qs(
            query, keep_blank_values=True, strict_parsing=False, errors="strict", max_num_fields=64
        )
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedParamError(f"the query string cannot be read ({exc})") from None
    values: dict[str, list[str]] = {}
    for name, got in raw.items():
        if name == TOKEN_PARAM:
            continue
        if name not in PARAMS:
            raise FeedParamError(
                f"unknown parameter {name!r} (known: {', '.join(PARAMS)}, {TOKEN_PARAM})"
            )
        items = [v.strip() for value in got for v in value.split(",") if v.strip()]
        if not items:
            raise FeedParamError(f"parameter {name!r} is empty")
        values[name] = items
    days: dict[str, date] = {}
    for name in ("from", "to"):
        if name in values:
            if len(values[name]) != 1:
                raise FeedParamError(f"parameter {name!r} takes one date")
            try:
                days[name] = parse_day(values[name][0], today, what=f"parameter {name!r}")
            except UsageError as exc:
                raise FeedParamError(str(exc)) from None
            except (ValueError, OverflowError) as exc:
                raise FeedParamError(f"parameter {name!r}: not a day ({exc})") from None
            if not FIRST_DAY <= days[name] <= LAST_DAY:
                raise FeedParamError(
                    f"parameter {name!r} ({days[name]}) is outside the days the feed serves "
                    f"({FIRST_DAY} to {LAST_DAY})"
                )
    if "from" in days and "to" in days and days["to"] < days["from"]:
        raise FeedParamError(
            f"parameter 'to' ({days['to']}) is before parameter 'from' ({days['from']})"
        )
    from agenda.core.query import make_filters  # the same rules and messages as `list`

    try:
        filters = make_filters(
            kinds=values.get("kind"),
            orgs=values.get("org"),
            countries=values.get("country"),
            statuses=values.get("status"),
            calendars=values.get("calendar"),
            what=lambda name: f"parameter {name!r}",
        )
    except UsageError as exc:
        raise FeedParamError(str(exc)) from None
    text = values.get("text")
    return FeedQuery(
        days.get("from"),
        days.get("to"),
        filters._replace(text=" ".join(text) if text else None),
    )
