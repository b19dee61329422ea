"""The feed and calendars (issue 16.1): `?calendar=NAME` picks calendars, `agenda serve
--calendar NAME` serves one calendar only (others are not reachable), unknown names get 400 with
the known ones, and the index page links each calendar. Real HTTP on loopback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from agenda.core.errors import UsageError
from agenda.core.models import parse_event
from agenda.core.store import EventStore
from tests.share.conftest import TIMEOUT, get
from tests.share.test_feed import ALL, Start, uids


@pytest.fixture
def with_work(store_file: Path) -> Path:
    with EventStore(store_file) as s:
        s.add_calendar("work", colour="blue")
        s.add_calendar("home")
        s.put_many(
            [
                parse_event(
                    {"id": "w1", "title": "Team", "start": "2021-09-16", "calendar": "work"}
                ),
                parse_event(
                    {"id": "h1", "title": "Home", "start": "2021-09-18", "calendar": "home"}
                ),
            ]
        )
    return store_file


def test_the_calendar_parameter_picks_calendars(with_work: Path, serve_feed: Start) -> None:
    server = serve_feed()
    assert uids(get(server, "/calendar.ics").body) == ALL | {"w1", "h1"}
    assert uids(get(server, "/calendar.ics?calendar=work").body) == {"w1"}
    assert uids(get(server, "/calendar.ics?calendar=work,home").body) == {"w1", "h1"}
    assert uids(get(server, "/calendar.ics?calendar=default").body) == ALL
    assert uids(get(server, "/calendar.ics?calendar=work&kind=other").body) == {"w1"}
    bad = get(server, "/calendar.ics?calendar=wrok")
    assert bad.status == 400
    assert b"'wrok'" in bad.body and b"known: default, home, work" in bad.body


def test_serve_calendar_serves_that_calendar_only(with_work: Path, serve_feed: Start) -> None:
    server = serve_feed(calendars=("work",))
    reply = get(server, "/calendar.ics")
    assert reply.status == 200 and uids(reply.body) == {"w1"}
    assert b"X-WR-CALNAME:work" in reply.body
    assert uids(get(server, "/calendar.ics?calendar=work").body) == {"w1"}
    other = get(server, "/calendar.ics?calendar=default")
    assert other.status == 400 and b"this feed serves work" in other.body
    index = get(server, "/").body.decode()
    assert "Organization: CSTO" not in index  # the facets are those of the calendar served


def test_the_index_links_each_calendar(with_work: Path, serve_feed: Start) -> None:
    index = get(serve_feed(), "/").body.decode()
    assert "Calendar: work" in index and "calendar=work" in index


def test_serving_an_unknown_calendar_is_refused_before_listening(
    with_work: Path, serve_feed: Start
) -> None:
    with pytest.raises(UsageError, match="known: default, home, work"):
        serve_feed(calendars=("nope",))
    done = subprocess.run(
        [sys.executable, "-m", "agenda", "--store", str(with_work), "serve", "--port", "0",
         "--calendar", "nope"],
        capture_output=True,
        timeout=TIMEOUT * 3,
    )  # fmt: skip
    assert done.returncode == 2 and done.stderr.count(b"\n") == 1
    assert b"no calendar is called 'nope'" in done.stderr
