"""Issue 10 on the timeline: zones named beside times, the span view's periods and header, where
filtered events are when the period has none, and moving past the edge to the next events."""

from __future__ import annotations

from textual.pilot import Pilot

from agenda.models import parse_event
from agenda.store import EventStore
from agenda.ui import AgendaApp
from tests.ui.conftest import CSTO, bundled_store, drive, new_app


def _with_zones() -> EventStore:
    store = bundled_store()
    store.put_many(
        [
            parse_event(
                {
                    "id": "bishkek",
                    "kind": "meeting",
                    "title": "Bishkek meeting",
                    # 05:30 UTC, 07:30 in Berlin (the viewer's zone of the tests)
                    "start": "2021-09-16T11:30",
                    "end": "2021-09-16T12:30",
                    "tz": "Asia/Bishkek",
                    "location": {"city": "Bishkek"},
                }
            ),
            parse_event(
                {
                    "id": "berlin",
                    "kind": "meeting",
                    "title": "Berlin talk",
                    "start": "2021-09-16T07:15",
                    "tz": "Europe/Berlin",
                    "location": {"city": "Berlin"},
                }
            ),
        ]
    )
    return store


def _line_of(app: AgendaApp, text: str) -> str:
    return next(line for line in app.timeline.line_texts() if text in line)


def test_list_names_the_zone_of_a_time_not_in_the_viewers_zone() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        assert "11:30–12:30 UTC+6" in _line_of(app, "Bishkek meeting")
        berlin = _line_of(app, "Berlin talk")
        assert "07:15" in berlin and "CEST" not in berlin  # the viewer's own zone

    drive(new_app(_with_zones()), scenario)


def test_day_view_stamps_the_viewers_time_and_names_the_venues() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select("bishkek")
        await pilot.press("3")
        await pilot.pause()
        lines = app.timeline.line_texts()
        assert any("times in Europe/Berlin" in line for line in lines)
        row = next(line for line in lines if "Bishkek meeting" in line)
        # on the 07:30 row of a grid in Berlin time, stamped 07:30, the venue's time named
        assert row.startswith("   :30") and "07:30 Bishkek meeting" in row
        assert "11:30 UTC+6" in lines[lines.index(row) + 1]  # under the title
        assert lines[lines.index(row) - 1].startswith(" 07:00")

    drive(new_app(_with_zones()), scenario)


def test_header_counts_one_event_in_the_singular() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(CSTO)
        await pilot.press("3")
        await pilot.pause()
        assert app.sub_title.endswith("· 2 events") or "events" in app.sub_title
        await pilot.press("right_square_bracket")  # 17 Sep: the SCO summit and the visit
        await pilot.press("right_square_bracket")  # 18 Sep: nothing
        await pilot.pause()
        assert "· 0 events" in app.sub_title
        store = app.store
        store.put(
            parse_event({"id": "one", "kind": "other", "title": "One", "start": "2021-09-18"})
        )
        app.reload()
        assert "· 1 event" in app.sub_title and "1 events" not in app.sub_title

    drive(new_app(bundled_store()), scenario)
