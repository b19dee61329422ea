"""Subscriptions in the UI: refreshed in a worker while the App is open (a fake fetch), a failure
shown in one line in the header until a refresh works, the UI answering keys during a download."""

from __future__ import annotations

import tempfile
import threading
from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot

from agenda.core.clock import fixed_clock
from agenda.share.subscriptions.fetch import Fetched, FetchError
from agenda.share.subscriptions.follow import subscribe
from agenda.ui import AgendaApp
from agenda.ui.following import header_reason
from tests.ui.conftest import NOW, bundled_store, drive, new_app

URL = "http://127.0.0.1:9/team.ics"


def feed(*titles: str) -> bytes:
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:u{i}\r\nDTSTART;VALUE=DATE:20210916\r\nSUMMARY:{t}\r\nEND:VEVENT\r\n"
        for i, t in enumerate(titles)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{events}END:VCALENDAR\r\n".encode()


class FakeFeed:
    """A fetch that serves `body`, or fails with `error`, and can be held until released."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.error: str | None = None
        self.calls = 0
        self.held = threading.Event()
        self.held.set()

    def __call__(self, url: str, **kw: object) -> Fetched:
        self.calls += 1
        assert self.held.wait(10)
        if self.error:
            raise FetchError(f"{url}: {self.error}")
        with tempfile.NamedTemporaryFile("wb", suffix=".ics", delete=False) as fh:
            fh.write(self.body)
        return Fetched(url, Path(fh.name), None, None, len(self.body))


def app_with_subscription(tmp_path: Path, fake: FakeFeed) -> AgendaApp:
    path = str(tmp_path / "s.sqlite3")
    store = bundled_store(path)
    subscribe(store, "team", URL, every=3600, fetcher=fake)
    store.clock = fixed_clock(NOW + timedelta(hours=2))  # due again when the App opens
    app = new_app(store)
    app.fetcher = fake
    return app


async def settle(app: AgendaApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_a_failed_refresh_is_one_line_in_the_header_until_one_works(tmp_path: Path) -> None:
    fake = FakeFeed(feed("Team meeting"))
    app = app_with_subscription(tmp_path, fake)
    fake.error = "HTTP 500 Internal Server Error (the server failed)"

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await settle(app, pilot)
        assert fake.calls == 2  # subscribe, then the App's refresh
        assert app.title.endswith("⚠ team: HTTP 500 Internal Server Error")
        assert "http://" not in app.title  # the URL is in `agenda subscriptions`
        assert "\n" not in app.title
        assert app.store.get("team:u0").title == "Team meeting"  # the last good copy
        fake.error = None
        fake.body = feed("Team meeting moved")
        app.store.clock = fixed_clock(NOW + timedelta(hours=4))
        app.refresh_subscriptions()
        await settle(app, pilot)
        assert "⚠" not in app.title
        app.poll_store()
        assert app.store.get("team:u0").title == "Team meeting moved"

    drive(app, scenario)


def test_the_ui_answers_keys_while_a_feed_downloads(tmp_path: Path) -> None:
    fake = FakeFeed(feed("Team meeting"))
    app = app_with_subscription(tmp_path, fake)
    fake.held.clear()

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.pause()
        before = app.zoom
        await pilot.press("z")
        await pilot.pause()
        assert app.zoom != before  # answered while the fetch is held
        assert app._refreshing
        app.refresh_subscriptions()  # one worker at a time
        fake.held.set()
        await settle(app, pilot)
        assert fake.calls == 2 and not app._refreshing

    drive(app, scenario)


def test_nothing_due_starts_no_worker(tmp_path: Path) -> None:
    fake = FakeFeed(feed("Team meeting"))
    app = app_with_subscription(tmp_path, fake)
    app.store.clock = fixed_clock(NOW)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await settle(app, pilot)
        assert fake.calls == 1 and "⚠" not in app.title

    drive(app, scenario)


def test_the_header_reason_is_short() -> None:
    assert header_reason("http://x/a.ics: no answer within 30 s (timeout)") == (
        "no answer within 30 s (timeout)"
    )
    long = "webcal://x/a.ics: an HTML page, not an iCalendar feed (look on it for the link)"
    assert header_reason(long) == "an HTML page, not an iCalendar feed"
    assert header_reason("x" * 100) == "x" * 39 + "…"
