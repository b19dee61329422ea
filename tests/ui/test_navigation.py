"""Issue 10 on the timeline: zones named beside times, the span view's periods and header, where
filtered events are when the period has none, and moving past the edge to the next events."""

from __future__ import annotations

from datetime import date, timedelta

from textual.pilot import Pilot

from agenda.core.models import parse_event
from agenda.core.store import EventStore
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


def _far_store() -> EventStore:
    """The bundled data (September 2021) and one summit in March 2022."""
    store = bundled_store()
    store.put(
        parse_event(
            {"id": "spring", "kind": "summit", "title": "Spring summit", "start": "2022-03-10"}
        )
    )
    return store


def test_past_the_edge_the_cursor_jumps_to_the_next_events_over_empty_months() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(CSTO)
        await pilot.press("end", "j")
        await pilot.pause()
        assert app.timeline.current is not None and app.timeline.current.id == "spring"
        assert app.sub_title.startswith("March 2022")
        await pilot.press("k")
        await pilot.pause()
        assert app.sub_title.startswith("September 2021")
        assert app.timeline.current is not None
        assert app.timeline.current.id == app.timeline.targets[-1].id
        await pilot.press("home", "k")  # nothing before: stays, says so
        await pilot.pause()
        assert app.sub_title.startswith("September 2021")

    drive(new_app(_far_store()), scenario)


def test_a_filter_with_no_match_in_the_period_says_where_the_matches_are() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        from agenda.core.store import Filters

        app.anchor = app.anchor.replace(month=12, day=1)
        app.filters = Filters(kinds=("summit",))
        app.reload()
        lines = app.timeline.line_texts()
        assert "nothing matches kind: summit in December 2021" in lines[-3]
        assert "matches run from Thu 16 Sep 2021 to Thu 10 Mar 2022" in lines[-2]
        assert "g goes to a date, esc clears" in lines[-1]
        # as drawn: every line of the note whole within the pane (it was cut at 80 columns)
        for text in lines[-3:]:
            assert len(text) + 2 <= app.timeline.size.width, (text, app.timeline.size.width)
        app.filters = Filters(kinds=("conference",))
        app.reload()
        assert "nothing matches kind: conference anywhere" in app.timeline.line_texts()[-1]

    drive(new_app(_far_store()), scenario, size=(80, 24))


def test_span_view_moves_by_the_days_it_shows_after_the_pane_widens() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(CSTO)
        await pilot.press("2")
        await pilot.pause()
        assert app.sub_title.startswith("13 Sep – 19 Sep 2021")
        await pilot.press("i", "i")  # the detail pane hidden: the timeline is 130 wide
        await pilot.pause()
        assert not app.detail.display
        # read again for the new width: a fortnight from the same Monday, no week skipped
        assert app.sub_title.startswith("13 Sep – 26 Sep 2021"), app.sub_title
        await pilot.pause()
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.sub_title.startswith("27 Sep – 10 Oct 2021"), app.sub_title
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.sub_title.startswith("13 Sep – 26 Sep 2021"), app.sub_title

    drive(new_app(bundled_store()), scenario, size=(130, 40))


def test_span_view_labels_and_month_names_never_run_together() -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(CSTO)
        await pilot.press("2")
        await pilot.pause()
        timeline = app.timeline
        rows = timeline.rows
        # a fortnight in a pane 80 wide (the pane narrowed under it): cells of 3 columns
        for first in (date(2021, 9, 13), date(2021, 8, 29)):
            timeline.show(
                rows,
                first=first,
                last=first + timedelta(days=13),
                zoom=timeline.zoom,
                today=app.today,
                viewer_tz=app.viewer_tz,
            )
            lines = timeline.line_texts()
            if first.month == 9:
                visit = next(line for line in lines if "Working visit" in line)
                assert "1/32/3" not in visit
                assert visit.split("…")[-1].split() in (["1", "2", "3"], ["1/3", "2/3", "3/3"])
        months = lines[0]
        assert "Aug 2021 Sep 2021" in months, months

    drive(new_app(bundled_store()), scenario, size=(80, 30))
