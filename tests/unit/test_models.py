"""Validation rules of the event model: one clear message per problem, naming event and field."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from agenda.core.errors import ValidationProblem
from agenda.core.models import Event, Precision, Timing, family_problems, parse_event
from tests.unit.event_dicts import ev, problems


def test_all_day_end_is_inclusive_and_defaults_to_start() -> None:
    one = parse_event(ev())
    assert one.timing is Timing.ALL_DAY
    assert one.end == date(2021, 9, 16)
    visit = parse_event(ev(start="2021-09-15", end="2021-09-17"))
    assert visit.day_span() == (date(2021, 9, 15), date(2021, 9, 17))


def test_end_before_start_names_event_and_field() -> None:
    [msg] = problems(start="2021-09-17", end="2021-09-15")
    assert msg.startswith("event 'e1': end:")
    assert "before the start" in msg


def test_timed_end_before_start_compares_instants_across_zones() -> None:
    # 10:00 in Dushanbe (UTC+5) is 05:00 UTC; 07:00 in Moscow (UTC+3) is 04:00 UTC: before.
    msgs = problems(
        start="2021-09-16T10:00", end="2021-09-16T07:00", tz="Asia/Dushanbe", end_tz="Europe/Moscow"
    )
    assert any("end:" in m and "before" in m for m in msgs)
    # 09:00 in Moscow is 06:00 UTC: after the start, although the wall clock is earlier.
    ok = parse_event(
        ev(
            start="2021-09-16T10:00",
            end="2021-09-16T09:00",
            tz="Asia/Dushanbe",
            end_tz="Europe/Moscow",
        )
    )
    assert ok.end_utc() > ok.start_utc()


def test_unknown_time_zone() -> None:
    [msg] = problems(start="2021-09-16T10:00", tz="Asia/Dushanbee")
    assert "event 'e1': tz:" in msg and "unknown time zone 'Asia/Dushanbee'" in msg


def test_unknown_zone_in_location() -> None:
    [msg] = problems(location={"city": "Dushanbe", "tz": "Mars/Olympus"})
    assert "location.tz" in msg and "Mars/Olympus" in msg


def test_unknown_organization_code() -> None:
    [msg] = problems(organizations=["CSTO", "XYZO"])
    assert "organizations" in msg and "'XYZO'" in msg


def test_organization_codes_are_normalised() -> None:
    event = parse_event(ev(organizations=["sco", "CSTO", "SCO"]))
    assert event.organizations == ["SCO", "CSTO"]


def test_mixed_date_and_datetime_is_refused() -> None:
    [msg] = problems(start="2021-09-16", end="2021-09-16T12:00")
    assert "end:" in msg and "both" in msg


def test_all_day_event_has_no_zone() -> None:
    [msg] = problems(tz="Asia/Dushanbe")
    assert "tz:" in msg


def test_zoned_floating_and_aware_inputs() -> None:
    zoned = parse_event(ev(start="2021-09-16T10:00", tz="Asia/Dushanbe"))
    assert zoned.timing is Timing.ZONED
    assert zoned.start_utc() == datetime(2021, 9, 16, 5, 0, tzinfo=ZoneInfo("UTC"))
    floating = parse_event(ev(start="2021-09-16T10:00"))
    assert floating.timing is Timing.FLOATING
    aware = parse_event(ev(start=datetime(2021, 9, 16, 10, tzinfo=ZoneInfo("Asia/Dushanbe"))))
    assert aware.tz == "Asia/Dushanbe" and aware.start.tzinfo is None


def test_end_zone_without_zone_is_refused() -> None:
    msgs = problems(start="2021-09-16T10:00", end="2021-09-16T12:00", end_tz="Europe/Moscow")
    assert any("end_tz" in m for m in msgs)


def test_within_parent_needs_parent() -> None:
    [msg] = problems(precision="within_parent")
    assert "precision" in msg and "parent_id" in msg


def test_parent_id_is_an_id_not_free_text() -> None:
    # ids are handles typed on a command line and UIDs in .ics files: no spaces or controls
    for bad in ("p\t\x08", "two words", ""):
        [msg] = problems(parent_id=bad)
        assert f"parent_id: {bad!r} is not an id (1 to 255 characters, no spaces" in msg
    assert parse_event(ev(parent_id="2021-09-visit")).parent_id == "2021-09-visit"


def test_month_precision_spans_the_month() -> None:
    ok = parse_event(ev(start="2022-02-01", end="2022-02-28", precision="month"))
    assert ok.precision is Precision.MONTH and not ok.is_day_known()
    [msg] = problems(start="2022-02-03", end="2022-02-28", precision="month")
    assert "precision" in msg


def test_several_problems_are_each_reported() -> None:
    msgs = problems(start="2021-09-17", end="2021-09-15", organizations=["NOPE"])
    assert len(msgs) == 2
    assert all(m.startswith("event 'e1'") for m in msgs)
    fields = problems(kind="party", start="soon", location={"lat": 123})
    assert len(fields) == 3
    assert any("kind" in m for m in fields) and any("location.lat" in m for m in fields)


def test_bad_date_text() -> None:
    [msg] = problems(start="16/09/2021")
    assert "start" in msg and "YYYY-MM-DD" in msg


def test_title_is_one_line_without_control_characters() -> None:
    event = parse_event(ev(title="CSTO\r\nX-INJECT: 1\x1b[31m"))
    assert "\n" not in event.title and "\r" not in event.title and "\x1b" not in event.title


def _family(*events: Event) -> dict[str, Event]:
    return {e.id: e for e in events}


def test_parent_must_exist() -> None:
    child = parse_event(ev(parent_id="nope"))
    [msg] = family_problems(child, _family(child).get)
    assert "parent_id" in msg and "'nope'" in msg


def test_parent_cycle_is_refused() -> None:
    a = parse_event(ev(id="a", start="2021-09-15", end="2021-09-17", parent_id="b"))
    b = parse_event(ev(id="b", start="2021-09-15", end="2021-09-17", parent_id="a"))
    [msg] = family_problems(a, _family(a, b).get)
    assert "cycle" in msg
    with pytest.raises(ValidationProblem):
        parse_event(ev(id="c", parent_id="c"))


def test_child_outside_parent_dates() -> None:
    visit = parse_event(ev(id="v", start="2021-09-15", end="2021-09-17"))
    inside = parse_event(ev(id="in", start="2021-09-16", parent_id="v"))
    outside = parse_event(ev(id="out", start="2021-09-18", parent_id="v"))
    family = _family(visit, inside, outside)
    assert family_problems(inside, family.get) == []
    [msg] = family_problems(outside, family.get)
    assert "'out'" in msg and "outside its parent" in msg


@pytest.mark.parametrize("bad", ["ab\x9b31m", "ab\u202ecd", "ab\u2066cd", "a\x85b"])
def test_an_id_with_a_c1_or_bidi_control_is_refused(bad: str) -> None:
    assert any("id" in p for p in problems(id=bad))
    assert any("parent_id" in p for p in problems(parent_id=bad))


@pytest.mark.parametrize(
    "zone", ["localtime", "posixrules", "Factory", "leapseconds", "zone.tab", "right/UTC"]
)
def test_a_file_of_the_zone_folder_that_is_no_zone_is_refused(zone: str) -> None:
    """ZoneInfo opens 'localtime' and 'Factory' (files in /usr/share/zoneinfo); they are no
    places, and 'localtime' means a different zone on every machine."""
    assert any("unknown time zone" in p for p in problems(tz=zone))
    assert any("unknown time zone" in p for p in problems(location={"tz": zone}))


def test_real_zones_are_accepted() -> None:
    for zone in ("Asia/Dushanbe", "UTC", "Etc/GMT+5", "America/Argentina/Buenos_Aires"):
        assert parse_event(ev(tz=zone, start="2021-09-16T10:00")).tz == zone


@pytest.mark.parametrize(
    "fields",
    [
        {"created": 1631750400},
        {"last_modified": 1631750400.5},
        {"sources": [{"url": "https://x.org", "published": 1631750400}]},
        {"status_history": [{"status": "held", "on": 20210916}]},
    ],
)
def test_a_number_is_no_date_in_any_date_field(fields: dict[str, object]) -> None:
    """pydantic in lax mode reads a number as seconds since 1970."""
    assert any("is a number, not a date" in p for p in problems(**fields))
