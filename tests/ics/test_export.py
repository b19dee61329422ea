"""Export: exact bytes for the bundled dataset, an independent strict parser, escaping and folding,
and proof that the fast writer gives the same bytes as `icalendar`'s own components."""

from __future__ import annotations

import io
import json
import os
import re
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from agenda.cli import main
from agenda.core.clock import fixed_clock
from agenda.core.models import Event
from agenda.core.store import EventStore
from agenda.ics import exclusive_end, export_events, inclusive_end, write_events
from agenda.ics.escape import escape_text, fold
from tests.conftest import DATASET, NOW
from tests.ics.reference_writer import reference_calendar
from tests.ics.test_roundtrip import events as roundtrip_events

HERE = Path(__file__).parent
EXPECTED = HERE / "expected"


def timed_variant(dataset: list[Event]) -> list[Event]:
    """The dataset with the CSTO session given a time (a test's invention, not the article's)
    and a title full of characters that must be escaped."""
    out = []
    for e in dataset:
        if e.id == "2021-09-16-csto-collective-security-council":
            e = e.model_copy(
                update={
                    "start": datetime(2021, 9, 16, 10, 0),
                    "end": datetime(2021, 9, 16, 13, 30),
                    "tz": "Asia/Dushanbe",
                    "title": 'CSTO session; "collective", security\\council',
                    "location": e.location.model_copy(update={"lat": 38.5598, "lon": 68.787}),
                }
            )
        out.append(e)
    return out


def test_bundled_dataset_exact_output(dataset: list[Event]) -> None:
    text = export_events(dataset, "Dushanbe 2021", now=NOW)
    assert text == (EXPECTED / "dushanbe-2021.ics").read_bytes().decode()


def test_timed_variant_exact_output(dataset: list[Event]) -> None:
    text = export_events(timed_variant(dataset), "Dushanbe 2021", now=NOW)
    assert text == (EXPECTED / "dushanbe-2021-timed.ics").read_bytes().decode()


def test_dates_exclusivity_parent_and_precision(dataset: list[Event]) -> None:
    text = export_events(dataset, "Dushanbe 2021", now=NOW)
    visit = _vevent(text, "2021-09-japarov-dushanbe-visit")
    assert "DTSTART;VALUE=DATE:20210915\r\n" in visit
    assert "DTEND;VALUE=DATE:20210918\r\n" in visit  # the 15-17 Sep visit: exclusive DTEND
    session = _vevent(text, "2021-09-16-csto-collective-security-council")
    assert "DTEND;VALUE=DATE:20210917\r\n" in session
    assert "RELATED-TO;RELTYPE=PARENT:2021-09-japarov-dushanbe-visit\r\n" in session
    assert "CATEGORIES:Summit,CSTO\r\n" in session
    bilateral = _vevent(text, "2021-09-japarov-dushanbe-bilaterals")
    assert "X-AGENDA-PRECISION:within_parent\r\n" in bilateral
    assert "TRANSP:TRANSPARENT\r\n" in bilateral
    assert "DESCRIPTION:Day not given" in bilateral
    assert "STATUS:TENTATIVE\r\n" in bilateral
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert "X-WR-CALNAME:Dushanbe 2021\r\n" in text
    assert "DTSTAMP:20261126T120000Z\r\n" in text


def test_vtimezone_for_every_zone_used(dataset: list[Event]) -> None:
    events = timed_variant(dataset)
    events.append(
        Event(
            id="berlin",
            title="Berlin talk",
            start=datetime(2021, 3, 27, 22, 0),
            end=datetime(2021, 3, 28, 9, 0),
            tz="Europe/Berlin",
            end_tz="America/New_York",
        )
    )
    text = export_events(events, now=NOW)
    for zone in ("Asia/Dushanbe", "Europe/Berlin", "America/New_York"):
        assert f"BEGIN:VTIMEZONE\r\nTZID:{zone}\r\n" in text
        assert text.count(f"TZID:{zone}\r\n") == 1
    assert "DTSTART;TZID=Europe/Berlin:20210327T220000\r\n" in text
    assert "DTEND;TZID=America/New_York:20210328T090000\r\n" in text
    assert "TZOFFSETTO:+0200" in text  # Berlin's 2021 summer time, from the IANA data


def test_exclusive_end_is_the_only_conversion() -> None:
    assert exclusive_end(date(2021, 9, 17)) == date(2021, 9, 18)
    assert inclusive_end(date(2021, 9, 15), date(2021, 9, 18)) == date(2021, 9, 17)
    assert inclusive_end(date(2021, 9, 15), date(2021, 9, 15)) == date(2021, 9, 15)


def test_independent_strict_parser_reads_the_bundled_dataset(dataset: list[Event]) -> None:
    from ical.calendar_stream import IcsCalendarStream

    text = export_events(dataset, "Dushanbe 2021", now=NOW)
    cal = IcsCalendarStream.calendar_from_ics(text)
    got = {e.uid: (e.dtstart, e.dtend, e.summary) for e in cal.events}
    assert len(cal.events) == 5
    assert got["2021-09-japarov-dushanbe-visit"][:2] == (date(2021, 9, 15), date(2021, 9, 18))
    assert got["2021-09-16-csto-collective-security-council"][:2] == (
        date(2021, 9, 16),
        date(2021, 9, 17),
    )
    assert got["2021-09-17-sco-council-of-heads-of-state"][:2] == (
        date(2021, 9, 17),
        date(2021, 9, 18),
    )
    for uid in ("2021-09-sco-csto-afghanistan-meeting", "2021-09-japarov-dushanbe-bilaterals"):
        assert got[uid][:2] == (date(2021, 9, 15), date(2021, 9, 18))
    titles = {e.id: e.title for e in dataset}
    assert {uid: v[2] for uid, v in got.items()} == titles


def test_independent_parser_reads_timed_events_in_their_zone(dataset: list[Event]) -> None:
    from ical.calendar_stream import IcsCalendarStream

    text = export_events(timed_variant(dataset), now=NOW)
    cal = IcsCalendarStream.calendar_from_ics(text)
    session = next(e for e in cal.events if e.uid.startswith("2021-09-16-csto"))
    assert session.dtstart.astimezone(UTC) == datetime(2021, 9, 16, 5, 0, tzinfo=UTC)
    assert session.summary == 'CSTO session; "collective", security\\council'


@pytest.mark.parametrize(
    "title",
    [
        "Evil\r\nSUMMARY:injected",
        "Evil\nBEGIN:VEVENT",
        "a;b:c,d\\e",
        "x\rDTSTART:19700101",
    ],
)
def test_a_title_can_never_inject_a_property(title: str) -> None:
    event = Event(id="evil", title=title, start=date(2021, 9, 15), description=title, notes=title)
    text = export_events([event], now=NOW)
    physical = text.split("\r\n")
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in physical if line and line[0] != " "]
    assert names.count("SUMMARY") == 1
    assert names.count("BEGIN") == 2 and names.count("DTSTART") == 1
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")


def test_escaping_matches_rfc() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape_text("x\r\ny\rz") == "x\\ny\\nz"
    assert escape_text("C:\\New") == "C:\\\\New"  # icalendar would make a line break of \N


@pytest.mark.filterwarnings("ignore:foldline is deprecated:DeprecationWarning")
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
@settings(max_examples=300, deadline=None)
def test_fold_is_byte_for_byte_icalendars(text: str) -> None:
    from icalendar.parser import foldline

    line = "DESCRIPTION:" + escape_text(text)
    assert fold(line) == (foldline(line) + "\r\n").encode()


def test_folding_never_splits_a_utf8_character() -> None:
    line = "SUMMARY:" + "Душанбе 🇹🇯 " * 20
    raw = fold(line)
    for piece in raw.split(b"\r\n"):
        assert len(piece) <= 75
        piece.decode("utf-8")  # each physical line is whole UTF-8
    assert raw.replace(b"\r\n ", b"").decode() == line + "\r\n"


def test_fast_writer_equals_icalendar_components(dataset: list[Event]) -> None:
    events = timed_variant(dataset)
    texts = [e.model_dump_json(exclude_defaults=True) for e in events]
    fast = export_events(texts, "Dushanbe 2021", now=NOW)
    pairs = [(json.loads(t), t) for t in texts]
    slow = reference_calendar(pairs, "Dushanbe 2021", NOW).to_ical().decode()
    assert fast == slow


# icalendar turns a literal backslash-N into a line break and keeps control characters that
# RFC 5545 forbids in TEXT; events with either are where the two writers differ on purpose.
_DIFFERS = re.compile(r"\\\\N|\\u00[01][0-9a-fA-F]|\\u007f|\x7f|\\[bf]")


@given(roundtrip_events())
@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
def test_fast_writer_equals_icalendar_components_for_any_event(event: Event) -> None:
    text = event.model_dump_json(exclude_defaults=True)
    assume(not event.ical_properties and not _DIFFERS.search(text))
    fast = export_events([text], now=NOW)
    slow = reference_calendar([(json.loads(text), text)], "agenda", NOW).to_ical().decode()
    assert fast == slow


def test_write_to_a_path_is_atomic(tmp_path: Path, dataset: list[Event]) -> None:
    target = tmp_path / "out.ics"
    assert write_events(dataset, target, now=NOW) == 5
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert [p.name for p in tmp_path.iterdir()] == ["out.ics"]
    stream = io.BytesIO()
    write_events(dataset, stream, now=NOW)
    assert stream.getvalue() == target.read_bytes()


def test_a_fifo_or_device_is_written_in_place_not_replaced(
    tmp_path: Path, dataset: list[Event]
) -> None:
    """`-o /dev/null` once replaced the device with a file (temporary file, then rename)."""
    fifo = tmp_path / "pipe.ics"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # the export fits in the pipe buffer
    try:
        assert write_events(dataset, fifo, now=NOW) == 5
        assert stat.S_ISFIFO(os.stat(fifo).st_mode)
        data = b""
        while chunk := os.read(reader, 1 << 16):
            data += chunk
    finally:
        os.close(reader)
    stream = io.BytesIO()
    write_events(dataset, stream, now=NOW)
    assert data == stream.getvalue()


def test_a_symlink_stays_a_link_to_the_new_file(tmp_path: Path, dataset: list[Event]) -> None:
    real = tmp_path / "real.ics"
    real.write_bytes(b"old")
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    assert write_events(dataset, link, now=NOW) == 5
    assert link.is_symlink() and real.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_cli_export_with_filters(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    store = tmp_path / "s.db"
    clock = fixed_clock(NOW)
    assert main(["--store", str(store), "load", str(DATASET)], clock=clock) == 0
    capsysbinary.readouterr()
    assert main(["--store", str(store), "export", "--org", "SCO"], clock=clock) == 0
    out = capsysbinary.readouterr().out.decode()
    uids = [line[4:] for line in out.split("\r\n") if line.startswith("UID:")]
    assert sorted(uids) == [
        "2021-09-17-sco-council-of-heads-of-state",
        "2021-09-sco-csto-afghanistan-meeting",
    ]
    target = tmp_path / "x.ics"
    args = ["--store", str(store), "export", "-o", str(target), "--from", "2021-09-17"]
    assert main([*args, "--to", "2021-09-17", "--kind", "summit"], clock=clock) == 0
    text = target.read_text()
    assert text.count("BEGIN:VEVENT") == 1 and "UID:2021-09-17-sco" in text
    with EventStore(store) as s:
        assert s.count() == 5


def _vevent(text: str, uid: str) -> str:
    for chunk in text.split("BEGIN:VEVENT\r\n")[1:]:
        if f"UID:{uid}\r\n" in chunk:
            return chunk.split("END:VEVENT")[0]
    raise AssertionError(f"no VEVENT {uid}")


def test_parallel_export_writes_the_same_bytes(
    dataset: list[Event], monkeypatch: pytest.MonkeyPatch
) -> None:
    import agenda.ics.stream

    monkeypatch.setattr(agenda.ics.stream, "_PARALLEL_CHUNK", 2)  # several chunks, in order
    texts = [e.model_dump_json(exclude_defaults=True) for e in timed_variant(dataset)]
    serial, parallel = io.BytesIO(), io.BytesIO()
    assert write_events(texts, serial, now=NOW) == 5
    assert write_events(iter(texts), parallel, now=NOW, workers=2) == 5
    assert parallel.getvalue() == serial.getvalue()
    assert b"BEGIN:VTIMEZONE\r\nTZID:Asia/Dushanbe" in parallel.getvalue()


def test_export_over_a_private_file_keeps_it_private(tmp_path: Path, dataset: list[Event]) -> None:
    target = tmp_path / "private.ics"
    target.write_text("old")
    target.chmod(0o600)
    write_events(dataset, target, now=NOW)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_an_interrupted_export_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, dataset: list[Event], monkeypatch: pytest.MonkeyPatch
) -> None:
    import agenda.ics.stream

    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(agenda.ics.stream, "write_all", interrupted)
    target = tmp_path / "cal.ics"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        write_events(dataset, target, now=NOW)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cal.ics"]
