"""The reader's short paths give what the general ones give: UTC stamps, property names seen
before."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agenda.ics.lines import CalendarInfo, Line, parse_line
from agenda.ics.vevent import EventProblem, _stamp, instant, time_of


def _general(line: Line, info: CalendarInfo) -> str | None:
    try:
        value, tz = time_of(line, info)
    except EventProblem:
        return None
    if not hasattr(value, "hour"):
        return None
    return instant(value, tz).isoformat().replace("+00:00", "Z")


digits = st.text(st.sampled_from("0123456789"), min_size=2, max_size=2)


@given(
    st.integers(0, 9999),
    digits,
    digits,
    digits,
    digits,
    digits,
    st.sampled_from(["Z", "", "z"]),
    st.sampled_from([None, "UTC", "Asia/Dushanbe"]),
)
@settings(max_examples=500, deadline=None)
def test_utc_stamps_read_alike(
    year: int, mo: str, d: str, h: str, mi: str, s: str, z: str, zone: str | None
) -> None:
    info = CalendarInfo("f.ics", default_zone=zone)
    line = Line(1, "CREATED", {}, f"{year:04d}{mo}{d}T{h}{mi}{s}{z}", "")
    assert _stamp(line, info) == _general(line, info)


def test_a_name_seen_before_is_read_alike() -> None:
    for text in ["summary:a:b", "SUMMARY:x", "Summary:y;z", "X-FOO:1", "summary:again"]:
        first = parse_line(text, 3, "f.ics")
        again = parse_line(text, 3, "f.ics")
        assert (first.name, first.params, first.value, first.text) == (
            again.name,
            again.params,
            again.value,
            again.text,
        )
    assert parse_line("summary:again", 1, "f").text == "SUMMARY:again"
