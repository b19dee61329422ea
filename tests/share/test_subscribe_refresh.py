"""Subscriptions end to end in the store: `agenda serve` and a plain http.server on loopback as
the feeds; a feed that changes, 304, every way a refresh fails (the last good copy kept and the
error recorded), series, namespaced ids, read-only events, due times, unsubscribe."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from agenda.core.clock import fixed_clock
from agenda.core.errors import AgendaError
from agenda.core.models import parse_event
from agenda.core.store import EventStore
from agenda.core.store import subscription_table as table
from agenda.share.feed import FeedServer
from agenda.share.subscriptions.fetch import fetch
from agenda.share.subscriptions.follow import subscribe, unsubscribe
from agenda.share.subscriptions.refresh import refresh, refresh_due
from tests.conftest import NOW
from tests.share.feeds import FeedSite, Route, cut_short, hang

FIXTURES = Path(__file__).resolve().parent.parent / "ics" / "fixtures"
VISIT = "2021-09-japarov-dushanbe-visit"


def vevent(uid: str, title: str, day: str = "20211001") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20210901T000000Z\r\n"
        f"DTSTART;VALUE=DATE:{day}\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n"
    )


def calendar(*events: str) -> bytes:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
    return (head + "".join(events) + "END:VCALENDAR\r\n").encode()


@pytest.fixture
def local(tmp_path: Path) -> Iterator[EventStore]:
    """The subscriber's store (a file: the UI's worker would open its own connection)."""
    with EventStore(tmp_path / "mine.sqlite3", clock=fixed_clock(NOW)) as s:
        yield s


def titles(store: EventStore, name: str) -> dict[str, str]:
    rows = store.conn.execute("SELECT id, title FROM events WHERE calendar = ?", (name,))
    return dict(rows.fetchall())


def test_following_agenda_serve(
    local: EventStore, serve_feed: Callable[..., FeedServer], store_file: Path
) -> None:
    server = serve_feed()
    url = f"http://127.0.0.1:{server.server_address[1]}/calendar.ics"
    outcome = subscribe(local, "colleague", url, every=3600, colour="teal")
    assert (outcome.status, outcome.events, outcome.refused) == ("updated", 5, [])
    got = local.get(f"colleague:{VISIT}")
    assert got.calendar == "colleague"
    child = local.get("colleague:2021-09-16-csto-collective-security-council")
    assert child.parent_id == f"colleague:{VISIT}"
    cal = local.calendar("colleague")
    assert (cal.writable, cal.colour, cal.source) == (False, "teal", url)
    # unchanged: the feed's ETag gives a 304
    assert refresh(local, "colleague").status == "unchanged"
    # the colleague adds an event: the next refresh brings it
    with EventStore(store_file) as theirs:
        theirs.put(parse_event({"id": "new-one", "title": "New summit", "start": "2021-10-01"}))
    assert refresh(local, "colleague").events == 6
    assert local.get("colleague:new-one").title == "New summit"


def test_a_feed_that_changes_is_replaced_whole(local: EventStore, feed_site: FeedSite) -> None:
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("a", "A"), vevent("b", "B")))
    subscribe(local, "team", feed_site.url("/f.ics"))
    assert titles(local, "team") == {"team:a": "A", "team:b": "B"}
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("b", "B moved"), vevent("c", "C")))
    outcome = refresh(local, "team")
    assert (outcome.status, outcome.events) == ("updated", 2)
    assert titles(local, "team") == {"team:b": "B moved", "team:c": "C"}
    sub = table.need(local, "team")
    assert (sub.events, sub.last_error) == (2, None)


def test_304_keeps_the_copy_and_sends_the_validators(
    local: EventStore, feed_site: FeedSite
) -> None:
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("a", "A")), etag='"1"')
    subscribe(local, "team", feed_site.url("/f.ics"))
    outcome = refresh(local, "team")
    assert (outcome.status, outcome.events) == ("unchanged", 1)
    assert feed_site.requests[-1][1]["if-none-match"] == '"1"'
    assert titles(local, "team") == {"team:a": "A"}
    assert table.need(local, "team").last_ok is not None


FAILURES: dict[str, tuple[Callable[[FeedSite], Route], str]] = {
    "500": (lambda s: Route(status=500, body=b"boom"), "HTTP 500"),
    "404": (lambda s: Route(status=404), "HTTP 404"),
    "hangs": (lambda s: Route(behaviour=hang(s)), "timeout"),
    "html": (
        lambda s: Route(body=b"<html><body>Our calendar</body></html>", headers={}),
        "an HTML page",
    ),
    "not ical": (lambda s: Route(body=b"hello\r\n"), "not an iCalendar file"),
    "truncated": (
        lambda s: Route(behaviour=cut_short(calendar(vevent("z", "Z"))[:60], 500)),
        "truncated",
    ),
    "ends early": (lambda s: Route(body=calendar(vevent("z", "Z"))[:-15]), "truncated"),
    "empty": (lambda s: Route(body=b""), "empty answer"),
    "too large": (
        lambda s: Route(body=calendar(*[vevent(str(i), "x") for i in range(50)])),
        "at most",
    ),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_a_failing_refresh_keeps_the_last_good_copy(
    local: EventStore, feed_site: FeedSite, case: str
) -> None:
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("a", "A"), vevent("b", "B")))
    fetcher = functools.partial(fetch, timeout=0.5, max_bytes=3000)
    subscribe(local, "team", feed_site.url("/f.ics"), fetcher=fetcher)
    before = local.change_counter()
    make, expected = FAILURES[case]
    feed_site.routes["/f.ics"] = make(feed_site)
    outcome = refresh(local, "team", fetcher=fetcher)
    assert outcome.status == "failed" and expected in (outcome.error or "")
    assert titles(local, "team") == {"team:a": "A", "team:b": "B"}
    sub = table.need(local, "team")
    assert sub.last_error == outcome.error and "\n" not in sub.last_error
    assert sub.events == 2
    assert local.change_counter() == before  # no event touched (the row is no change of events)
    # the feed is back: the error goes
    feed_site.release.set()
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("a", "A")))
    assert refresh(local, "team", fetcher=fetcher).status == "updated"
    assert table.need(local, "team").last_error is None


def test_a_series_comes_through_as_a_series(local: EventStore, feed_site: FeedSite) -> None:
    feed_site.routes["/s.ics"] = Route(body=(FIXTURES / "recurrence.ics").read_bytes())
    subscribe(local, "team", feed_site.url("/s.ics"))
    weekly = local.get("team:weekly@example.org")
    assert weekly.repeat is not None and "FREQ=WEEKLY" in weekly.repeat.rule
    rows = local.conn.execute(
        "SELECT count(*) FROM events WHERE recurrence_of = 'team:weekly@example.org'"
    ).fetchone()
    assert rows[0] == 1


def test_feed_events_never_touch_local_ones(local: EventStore, feed_site: FeedSite) -> None:
    local.put(parse_event({"id": "a", "title": "Mine", "start": "2021-10-01"}))
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("a", "Theirs")))
    subscribe(local, "team", feed_site.url("/f.ics"))
    assert local.get("a").title == "Mine"
    assert local.get("team:a").title == "Theirs"


def test_events_of_a_subscription_are_read_only(local: EventStore, feed_site: FeedSite) -> None:
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("a", "A")))
    subscribe(local, "team", feed_site.url("/f.ics"))
    event = local.get("team:a")
    with pytest.raises(AgendaError, match="read-only"):
        local.put(event.model_copy(update={"title": "changed"}))
    with pytest.raises(AgendaError, match="read-only"):
        local.delete("team:a")


def test_only_due_subscriptions_refresh_unless_forced(
    local: EventStore, feed_site: FeedSite
) -> None:
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("a", "A")))
    subscribe(local, "hourly", feed_site.url("/f.ics"), every=3600)
    subscribe(local, "daily", feed_site.url("/f.ics"), every=86400)
    assert refresh_due(local) == []
    assert {o.name for o in refresh_due(local, force=True)} == {"hourly", "daily"}
    local.clock = fixed_clock(NOW + timedelta(hours=2))
    assert [o.name for o in refresh_due(local)] == ["hourly"]
    assert [o.name for o in refresh_due(local, ["daily"])] == ["daily"]


def test_subscribing_to_a_bad_url_leaves_nothing(local: EventStore, feed_site: FeedSite) -> None:
    with pytest.raises(AgendaError, match="HTTP 404"):
        subscribe(local, "team", feed_site.url("/nothing.ics"))
    assert table.get(local, "team") is None
    assert "team" not in local.calendar_names()
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("a", "A")))
    with pytest.raises(AgendaError, match="not a subscription name"):
        subscribe(local, "my team", feed_site.url("/f.ics"))


def test_unsubscribe_removes_the_calendar_and_its_events(
    local: EventStore, feed_site: FeedSite
) -> None:
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("a", "A"), vevent("b", "B")))
    subscribe(local, "team", feed_site.url("/f.ics"))
    assert unsubscribe(local, "team") == 2
    assert titles(local, "team") == {}
    assert "team" not in local.calendar_names() and table.get(local, "team") is None
    with pytest.raises(AgendaError, match="no subscription named 'team'"):
        unsubscribe(local, "team")
