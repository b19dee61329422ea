"""The fast export path against its references: `icalendar`'s components, the readable
`event_props` + `prop_line` statement of the mapping, `icalendar`'s folding; VTIMEZONEs that
icalendar writes back unchanged.

Texts here are hostile on purpose: escapes and carets where a fold falls, multi-byte characters,
control characters (the long escaping path), every precision, end zones."""

from __future__ import annotations

import json
import warnings
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda.core.models import Event
from agenda.ics.escape import escape_text, fold, fold_str
from agenda.ics.stream import vtimezone
from agenda.ics.write import VeventFormatter, _escape_clean
from tests.conftest import NOW
from tests.ics.reference_writer import event_props, prop_line, reference_calendar
from tests.ics.test_roundtrip import events as roundtrip_events

DTSTAMP = "20261126T120000Z"

# few characters, so that escapes, carets and multi-byte characters often meet a fold
hostile = st.text(st.sampled_from(["a", "\\", "^", ",", ";", "\n", "é", "Д", "🇹", " ", ":"]))
hostile_line = st.text(
    st.sampled_from(["a", "\\", "^", ",", ";", "é", "Д", "🇹", " ", ":", '"']), min_size=1
)


def _foldline(line: str) -> str:
    from icalendar.parser import foldline

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return foldline(line)


@given(hostile)
@settings(max_examples=500, deadline=None)
def test_fold_matches_icalendar_where_escapes_meet_the_fold(text: str) -> None:
    for head in ("DESCRIPTION:", "X:", "SUMMARY;LANGUAGE=en:"):
        line = head + escape_text(text)
        assert fold(line) == (_foldline(line) + "\r\n").encode()
        assert fold_str(line) == _foldline(line)


def test_fold_edge_cases() -> None:
    for line in [
        "",
        "a" * 74,
        "a" * 75,
        "a" * 73 + "\\",  # a backslash as the very last character: nothing follows, no fold
        "a" * 73 + "\\n",
        "a" * 73 + "^^",
        "a" * 72 + "é" + "b",  # the character that does not fit starts the next line
        "a" * 71 + "🇹" + "\\,x",
        "\\" * 300,
        "é" * 100,
    ]:
        assert fold(line) == (_foldline(line) + "\r\n").encode(), line
        assert fold_str(line) == _foldline(line), line


@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r")))
@settings(max_examples=300, deadline=None)
def test_short_escaping_path_equals_escape_text(text: str) -> None:
    text = "".join(c for c in text if c in "\t\n" or not (c < " " or c == "\x7f"))
    assert _escape_clean(text) == escape_text(text)


@st.composite
def hostile_events(draw: st.DrawFn) -> Event:
    """Events with hostile texts, every precision, zoned, floating, UTC and end zones."""
    shape = draw(st.sampled_from(["day", "range", "month", "within_parent", "zoned", "floating"]))
    day = draw(st.dates(date(1990, 1, 1), date(2060, 1, 1)))
    data: dict[str, object] = {
        "id": draw(st.text(st.sampled_from("ab,;\\^é-"), min_size=1, max_size=90)),
        "title": draw(hostile_line),
        "description": draw(st.one_of(st.none(), hostile)),
        "notes": draw(st.one_of(st.none(), hostile)),
        "agenda": draw(st.lists(hostile, max_size=2)),
        "organizations": draw(st.lists(st.sampled_from(["CSTO", "SCO", "A,B;C\\"]), max_size=2)),
        "kind": draw(st.sampled_from(["visit", "summit", "other"])),
        "status": draw(st.sampled_from(["announced", "confirmed", "cancelled", "held"])),
        "sequence": draw(st.integers(0, 99)),
        "sources": [{"url": draw(hostile_line), "quote": draw(hostile), "speaker": "x, y"}],
        "location": {"venue": draw(hostile_line), "city": "Dushanbe", "country": "Tajikistan"},
    }
    if shape == "month":
        data |= {"start": day.replace(day=1), "end": day.replace(day=1), "precision": "month"}
        data["end"] = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    elif shape in ("day", "range", "within_parent"):
        data |= {"start": day, "end": day + timedelta(days=draw(st.integers(0, 5)))}
        data["precision"] = "exact" if shape == "day" else shape
        if shape == "within_parent":
            data["parent_id"] = draw(hostile_line)
    else:
        start = datetime(day.year, day.month, day.day, draw(st.integers(0, 23)), 30)
        data |= {"start": start, "end": start + timedelta(hours=draw(st.integers(0, 50)))}
        if shape == "zoned":
            zones = ["Asia/Dushanbe", "Europe/Berlin", "UTC", "America/New_York"]
            data["tz"] = draw(st.sampled_from(zones))
            if draw(st.booleans()):
                data["end_tz"] = draw(st.sampled_from(zones))
    try:
        return Event.model_validate(data)
    except ValueError:
        from hypothesis import reject

        reject()


def _statement(d: dict, text: str) -> str:
    """One VEVENT by the readable path: `event_props`, each property by `prop_line`."""
    lines = b"".join(prop_line(p) for p in event_props(d, NOW.isoformat(), text))
    return "BEGIN:VEVENT\r\n" + lines.decode() + "END:VEVENT\r\n"


@given(hostile_events())
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
def test_fast_writer_equals_icalendar_for_hostile_events(event: Event) -> None:
    text = event.model_dump_json(exclude_defaults=True)
    fast = VeventFormatter(DTSTAMP).event(json.loads(text), text)
    slow = reference_calendar([(json.loads(text), text)], "agenda", NOW).to_ical().decode()
    assert (
        "BEGIN:VEVENT\r\n"
        + slow.split("BEGIN:VEVENT\r\n", 1)[1].split("END:VEVENT")[0]
        + ("END:VEVENT\r\n")
        == fast
    )
    assert _statement(json.loads(text), text) == fast


@given(roundtrip_events())
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
def test_fast_writer_equals_the_readable_mapping_for_any_event(event: Event) -> None:
    """Also for control characters (the long escaping path), where icalendar differs on purpose."""
    text = event.model_dump_json(exclude_defaults=True)
    d = json.loads(text)
    d.pop("ical_properties", None)  # kept lines are not part of event_props; tested below
    text = json.dumps(d, ensure_ascii=False, separators=(",", ":"))
    assert VeventFormatter(DTSTAMP).event(d, text) == _statement(d, text)
    # a formatter that remembers lines gives the same as a fresh one
    formatter = VeventFormatter(DTSTAMP)
    first = formatter.event(d, text)
    assert formatter.event(d, text) == first


def test_control_characters_anywhere_take_the_long_path() -> None:
    base = {"id": "x", "title": "a,b", "start": "2021-09-15", "notes": "bell\x07 and\r\nCR"}
    text = json.dumps(base, ensure_ascii=False, separators=(",", ":"))
    out = VeventFormatter(DTSTAMP).event(base, text)
    assert "\x07" not in out and "bell and\\nCR" in out.replace("\r\n ", "")
    assert out == _statement(base, text)


def test_long_kept_lines_are_folded_once_as_icalendar_folds() -> None:
    kept = ["X-VENDOR-NOTE:" + "a\\,é" * 60, "X-SHORT:1"]
    d = {"id": "x", "title": "t", "start": "2021-09-15", "ical_properties": kept}
    out = VeventFormatter(DTSTAMP).event(d)
    assert _foldline(kept[0]) + "\r\nX-SHORT:1\r\nEND:VEVENT\r\n" in out
    assert "\r\n \r\n" not in out


@pytest.mark.parametrize(
    "zone",
    [
        "Asia/Dushanbe",  # no summer time: icalendar steps to the year 9999 without the bound
        "Asia/Almaty",  # changed its offset in 2024
        "Europe/Moscow",  # summer time until 2011, permanent +4 then +3 from 2014
        "America/Sao_Paulo",  # summer time ended in 2019
        "Europe/Berlin",
        "Australia/Lord_Howe",  # half-hour summer time, southern hemisphere
        "America/New_York",
        "Africa/Casablanca",  # Ramadan changes
        "Pacific/Apia",  # skipped a whole day in 2011
        "Etc/GMT+5",
    ],
)
@pytest.mark.parametrize("years", [(2016, 2035), (2010, 2012), (2024, 2024), (1970, 1980)])
def test_vtimezone_is_written_the_same_by_icalendar(zone: str, years: tuple[int, int]) -> None:
    """`reference_calendar` adds agenda's VTIMEZONEs through icalendar: same bytes back.
    (That the offsets are right is tests/ics/test_vtimezone.py's job.)"""
    from icalendar import Timezone

    ours = vtimezone(zone, *years)
    again = Timezone.from_ical(ours.decode()).to_ical()
    assert again.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n") == ours
    assert b"RRULE" in ours or b"RDATE" in ours


@given(
    st.dictionaries(
        st.text(max_size=5),
        st.one_of(st.floats(allow_nan=False), st.integers(), st.text(), st.none(), st.booleans()),
    )
)
@settings(max_examples=300, deadline=None)
def test_the_json_reader_gives_what_json_loads_gives(data: dict) -> None:
    from agenda.ics import _json_reader

    text = json.dumps(data, ensure_ascii=False)
    got = _json_reader()(text)
    assert got == json.loads(text)
    assert [repr(v) for v in got.values()] == [repr(v) for v in json.loads(text).values()]


def test_the_json_reader_falls_back_for_lone_surrogates() -> None:
    from agenda.ics import _json_reader

    assert _json_reader()('{"a":"\\ud800x"}') == {"a": "\ud800x"}
