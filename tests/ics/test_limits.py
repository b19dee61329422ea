"""Sizes no calendar needs: a SUMMARY, DESCRIPTION or content line too long refuses its event
(or skips it with --skip-invalid, or in sync); a file too big is refused at once."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

import pytest

from agenda.core import limits
from agenda.core.errors import ValidationProblem
from agenda.core.store import EventStore
from agenda.ics import IcsError, import_ics
from agenda.ics import lines as ics_lines

TODAY = date(2026, 11, 26)
FIXTURES = Path(__file__).parent / "fixtures"


def vevent(uid: str, extra: str = "") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20211001T000000Z\r\n"
        f"DTSTART;VALUE=DATE:20210916\r\nSUMMARY:Summit {uid}\r\n{extra}END:VEVENT\r\n"
    )


def calendar(*events: str) -> bytes:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
    return (head + "".join(events) + "END:VCALENDAR\r\n").encode()


def bad_summary(n: int) -> str:
    # SUMMARY is line 5 of the VEVENT; the override below comes after the default one
    return (
        "BEGIN:VEVENT\r\nUID:big\r\nDTSTAMP:20211001T000000Z\r\nDTSTART;VALUE=DATE:20210916\r\n"
        f"SUMMARY:{'s' * n}\r\nEND:VEVENT\r\n"
    )


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "in.ics"
    path.write_bytes(data)
    return path


def test_a_summary_past_the_title_limit_names_file_line_and_field(
    empty_store: EventStore, tmp_path: Path
) -> None:
    path = write(tmp_path, calendar(vevent("ok"), bad_summary(5_000)))
    with pytest.raises(ValidationProblem) as info:
        import_ics(empty_store, path, today=TODAY)
    first = info.value.problems[0]
    # the VEVENT begins at line 10, its SUMMARY is line 14
    assert first == f"{path}: line 14: event 'big': SUMMARY is 5,000 characters; at most 1,000"
    assert empty_store.count() == 0


def test_skip_invalid_imports_the_rest_and_keeps_the_long_one_aside(
    empty_store: EventStore, tmp_path: Path
) -> None:
    path = write(tmp_path, calendar(vevent("ok"), bad_summary(5_000)))
    report = import_ics(empty_store, path, today=TODAY, skip_invalid=True)
    assert report.added == ["ok"]
    assert [why for _, why in report.rejected] == [
        "line 14: event 'big': SUMMARY is 5,000 characters; at most 1,000"
    ]


def test_a_description_past_the_text_limit_is_refused(
    empty_store: EventStore, tmp_path: Path
) -> None:
    text = "d" * (limits.MAX_TEXT + 1)
    path = write(tmp_path, calendar(vevent("long", f"DESCRIPTION:{text}\r\n")))
    with pytest.raises(ValidationProblem) as info:
        import_ics(empty_store, path, today=TODAY)
    assert info.value.problems[0] == (
        f"{path}: line 9: event 'long': DESCRIPTION is 100,001 characters; at most 100,000"
    )


def test_a_content_line_past_the_line_limit_refuses_its_event_not_the_file(
    empty_store: EventStore, tmp_path: Path
) -> None:
    # 10 MB in an X- property that no field holds, folded as real writers fold
    body = "x" * (10 * 1024 * 1024)
    folded = "\r\n ".join(body[i : i + 74] for i in range(0, len(body), 74))
    path = write(tmp_path, calendar(vevent("ok"), vevent("huge", f"X-BLOB:{folded}\r\n")))
    report = import_ics(empty_store, path, today=TODAY, skip_invalid=True)
    assert report.added == ["ok"]
    ((_, why),) = report.rejected
    assert why == (
        "line 15: event 'huge': X-BLOB is 10,485,767 bytes long; "
        f"at most {limits.MAX_LINE:,} ({limits.MAX_LINE // 2**20} MB) in one content line"
    )
    assert Path(str(path) + ".rejects.ics").stat().st_size > 10 * 1024 * 1024


def test_a_long_line_outside_any_event_refuses_the_file(
    empty_store: EventStore, tmp_path: Path
) -> None:
    data = calendar(vevent("ok")).replace(
        b"PRODID:-//t//EN", b"X-WR-CALDESC:" + b"c" * (limits.MAX_LINE + 10)
    )
    path = write(tmp_path, data)
    with pytest.raises(IcsError) as info:
        import_ics(empty_store, path, today=TODAY, skip_invalid=True)
    assert str(info.value) == (
        f"{path}: line 3: X-WR-CALDESC is {limits.MAX_LINE + 23:,} bytes long; "
        f"at most {limits.MAX_LINE:,} ({limits.MAX_LINE // 2**20} MB) "
        "in one content line; nothing was imported"
    )
    assert empty_store.count() == 0


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    empty_store: EventStore, tmp_path: Path
) -> None:
    path = tmp_path / "huge.ics"
    with path.open("wb") as fh:  # sparse: costs no disk, and must not be read
        fh.truncate(limits.MAX_FILE + 1)
    with pytest.raises(IcsError) as info:
        import_ics(empty_store, path, today=TODAY)
    assert str(info.value) == (
        f"{path}: {limits.MAX_FILE + 1:,} bytes; an .ics file may be at most "
        f"{limits.MAX_FILE:,} ({limits.MAX_FILE // 2**20} MB); "
        "nothing was imported"
    )


def test_stdin_is_stopped_once_past_the_file_limit(
    empty_store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ics_lines, "MAX_FILE", 2_000)
    data = calendar(*(vevent(f"e{i}") for i in range(100)))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    with pytest.raises(IcsError) as info:
        import_ics(empty_store, "-", today=TODAY)
    assert str(info.value).startswith("<stdin>: line ")
    assert str(info.value).endswith(
        "more than 2,000 bytes; an .ics file may be at most 2,000; nothing was imported"
    )
    assert empty_store.count() == 0


def test_a_server_event_past_a_limit_is_skipped_and_reported_by_sync() -> None:
    from agenda.share.sync.planning import _parse_remote

    text = calendar(vevent("ok"), bad_summary(5_000)).decode()
    events, problem = _parse_remote("cal/x.ics", text, TODAY)
    assert [e.id for e in events] == ["ok"]
    assert problem is not None
    assert "line 14: event 'big': SUMMARY is 5,000 characters; at most 1,000" in problem


def test_the_fixtures_are_well_within_the_limits() -> None:
    for path in FIXTURES.glob("*.ics"):
        assert path.stat().st_size < limits.MAX_FILE // 100
        for line in path.read_bytes().splitlines():
            assert len(line) < limits.MAX_LINE // 100
