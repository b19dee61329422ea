"""Reminders in the UI (issue 16.4): the open App notifies a reminder when it falls due (by the
injected clock, which the test moves: no sleeping), and the event form edits reminders and gives
a new event the settings' default reminder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.pilot import Pilot
from textual.widgets import Input

from agenda.core.config import Settings
from agenda.core.models import parse_event
from agenda.ui import AgendaApp, make_app
from agenda.ui.forms import EventForm
from tests.ui.conftest import bundled_store, drive


class MovingClock:
    """A clock the test sets."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


START = datetime(2021, 9, 16, 6, 0, tzinfo=UTC)


def _app(clock: MovingClock, settings: Settings | None = None) -> AgendaApp:
    store = bundled_store()
    store.put(
        parse_event(
            {
                "id": "talks",
                "title": "Talks [bold]x[/]",
                "start": "2021-09-16T12:00",
                "tz": "Asia/Dushanbe",
                "reminders": ["2h", "30m"],
            }
        )
    )  # 12:00 in Dushanbe is 07:00 UTC: reminders at 05:00 (before the App opens) and 06:30
    return make_app(store, settings or Settings(viewer_tz="Europe/Berlin"), clock)


def _messages(app: AgendaApp) -> list[str]:
    return [n.message for n in app._notifications if n.title == "Reminder"]


def test_a_reminder_is_notified_once_when_it_falls_due() -> None:
    clock = MovingClock(START)
    app = _app(clock)

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.check_reminders()
        assert _messages(app) == []  # the 2h one fired before the App opened
        clock.now = START + timedelta(minutes=29)
        app.check_reminders()
        assert _messages(app) == []
        clock.now = START + timedelta(minutes=31)
        app.check_reminders()
        await pilot.pause()
        assert _messages(app) == ["Talks [bold]x[/]\nstarts 16 Sep 2021 09:00 (in 30m)"]
        clock.now = START + timedelta(minutes=45)
        app.check_reminders()
        assert len(_messages(app)) == 1  # once

    drive(app, scenario)


def test_the_form_edits_reminders_and_names_a_bad_one() -> None:
    app = _app(MovingClock(START))

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.push_screen(EventForm(app.store.get("talks"), app.anchor))
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EventForm)
        field = form.query_one("#f-reminders", Input)
        assert field.value == "2h, 30m"
        field.value = "1d, 2x"
        data, problems = form.collect()
        assert data["reminders"] == ["1d", "2x"] and problems == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = [str(w.render()) for w in form.query(".error")]
        assert any("'2x' is not a time before the start" in e for e in errors)
        field.value = "1d"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.store.get("talks").reminders == [timedelta(days=1)]

    drive(app, scenario)


def test_a_new_event_gets_the_default_reminder() -> None:
    app = _app(MovingClock(START), Settings(viewer_tz="Europe/Berlin", default_reminder="1d"))

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.focus()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EventForm)
        assert form.query_one("#f-reminders", Input).value == "1d"

    drive(app, scenario)
