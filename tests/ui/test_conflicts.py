"""Pilot tests of conflicts with events the timeline does not show: just outside the shown period,
or hidden by a filter. The shown event is still flagged and its detail explains the clash."""

from __future__ import annotations

from textual.pilot import Pilot

from agenda.core.models import parse_event
from agenda.core.store import Filters
from agenda.ui import AgendaApp
from tests.ui.conftest import bundled_store, drive, new_app

WHO = [{"name": "Alisher Example", "role": "Minister"}]


def _store():  # type: ignore[no-untyped-def]
    """The bundled data (September 2021) and two pairs of clashing entries:

    - a 3-day visit to Moscow from 30 Aug to 1 Sep, and talks in Bishkek on 31 Aug, the day
      before September begins (the visit reaches into September, the talks do not);
    - a meeting in Almaty on 20 Sep during a visit to Tashkent from 19 to 21 Sep.
    """
    store = bundled_store()
    entries = [
        ("moscow-visit", "visit", "Visit to Moscow", "2021-08-30", "2021-09-01", "Moscow", "Russia"),
        ("bishkek-talks", "bilateral", "Talks in Bishkek", "2021-08-31", None, "Bishkek", "Kyrgyzstan"),
        ("tashkent-visit", "visit", "Visit to Tashkent", "2021-09-19", "2021-09-21", "Tashkent", "Uzbekistan"),
        ("almaty-meeting", "meeting", "Meeting in Almaty", "2021-09-20", None, "Almaty", "Kazakhstan"),
    ]  # fmt: skip
    for event_id, kind, title, start, end, city, country in entries:
        data: dict[str, object] = {
            "id": event_id,
            "kind": kind,
            "title": title,
            "start": start,
            "location": {"city": city, "country": country},
            "participants": WHO,
        }
        if end:
            data["end"] = end
        store.put(parse_event(data))
    return store


def _detail(app: AgendaApp) -> str:
    """The detail pane's text with its wrapping undone."""
    return " ".join(app.detail.plain().split())


def _flagged(app: AgendaApp, title: str) -> bool:
    line = next(t for t in app.timeline.line_texts() if title in t)
    return "⚠ conflict" in line


def test_a_visit_begun_before_the_month_clashes_with_talks_outside_it() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        shown = {r.id for r in app.timeline.targets}
        assert "moscow-visit" in shown and "bishkek-talks" not in shown  # September 2021
        assert _flagged(app, "Visit to Moscow")
        assert app.timeline.select("moscow-visit")
        await pilot.pause()
        text = _detail(app)
        assert "Alisher Example is also at “Talks in Bishkek” in Bishkek, Kyrgyzstan" in text
        assert "bishkek-talks" in app.detail.link_ids()
        # following the link moves to August, where the talks are flagged in turn
        assert app.detail.enter_links()
        await pilot.pause()
        while app.detail.link_ids()[app.detail.link_cursor or 0] != "bishkek-talks":
            await pilot.press("down")
        await pilot.press("enter")
        assert app.selected == "bishkek-talks"
        assert _flagged(app, "Talks in Bishkek")

    drive(new_app(_store()), scenario)


def test_a_conflict_with_an_event_the_filter_hides_is_still_flagged() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.filters = Filters(kinds=("meeting",))
        app.reload()
        await pilot.pause()
        shown = {r.id for r in app.timeline.targets}
        assert "almaty-meeting" in shown and "tashkent-visit" not in shown
        assert _flagged(app, "Meeting in Almaty")
        assert app.timeline.select("almaty-meeting")
        await pilot.pause()
        assert "is also at “Visit to Tashkent” in Tashkent" in _detail(app)

    drive(new_app(_store()), scenario)


def test_day_view_flags_a_clash_with_a_visit_spanning_the_day() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert app.timeline.select("almaty-meeting")
        await pilot.press("3")
        assert app.anchor.isoformat() == "2021-09-20"
        assert _flagged(app, "Meeting in Almaty")

    drive(new_app(_store()), scenario)
