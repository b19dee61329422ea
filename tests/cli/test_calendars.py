"""Calendars from the command line (issue 16.1): `agenda calendars` and its actions,
`--calendar` on list, search, export, add, import and load, `agenda copy`, and the one-line
refusals (an unknown calendar: exit 2 naming the known ones; a read-only one)."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest

from agenda.core.models import parse_event
from agenda.core.store import EventStore
from tests.cli.helpers import run

CSTO = "2021-09-16-csto-collective-security-council"


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(*argv, capsys=capsys)
    assert code == 0, err
    return out


def refused(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 2) -> str:
    got, out, err = run(*argv, capsys=capsys)
    assert got == code, (out, err)
    assert err.count("\n") == 1, err  # one line
    return err


def test_calendars_lists_adds_renames_recolours_and_removes(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    s = ("--store", store_path)
    out = ok(capsys, *s, "calendars")
    assert "default" in out and "5 events" in out and "writable" in out
    assert ok(capsys, *s, "calendars", "add", "work", "--colour", "blue") == (
        "added calendar work\n"
    )
    ok(capsys, *s, "calendars", "add", "mfa", "--read-only", "--description", "the ministry")
    listed = json.loads(ok(capsys, *s, "calendars", "--json"))
    assert [(c["name"], c["writable"], c["colour"]) for c in listed] == [
        ("default", True, None),
        ("mfa", False, None),
        ("work", True, "blue"),
    ]
    ok(capsys, *s, "add", "--title", "Team", "--start", "2021-09-16", "--calendar", "work",
       "--id", "team")  # fmt: skip
    renamed = json.loads(ok(capsys, *s, "calendars", "rename", "work", "office", "--json"))
    assert renamed["name"] == "office" and renamed["events"] == 1
    assert ok(capsys, *s, "calendars", "colour", "office", "#2A9D8F") == (
        "calendar office: colour #2a9d8f\n"
    )
    assert "not a colour" in refused(capsys, *s, "calendars", "colour", "office", "bluish")
    assert "holds 1 event" in refused(capsys, *s, "calendars", "remove", "office")
    out = ok(capsys, *s, "calendars", "remove", "office", "--move-to", "default")
    assert out == "removed calendar office, its 1 event(s) moved to default\n"
    assert json.loads(ok(capsys, *s, "show", "team", "--json")).get("calendar") is None
    assert "exists already" in refused(capsys, *s, "calendars", "add", "mfa")
    assert "cannot be removed" in refused(capsys, *s, "calendars", "remove", "default")


def test_calendars_add_creates_a_named_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "new.sqlite3")
    ok(capsys, "--store", path, "calendars", "add", "work")
    assert "work" in ok(capsys, "--store", path, "calendars")


def test_an_unknown_calendar_is_exit_2_with_one_line_naming_the_known_ones(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    s = ("--store", store_path)
    ok(capsys, *s, "calendars", "add", "work")
    for argv in (
        ("list", "--calendar", "wrok"),
        ("search", "Afghanistan", "--calendar", "wrok"),
        ("export", "--calendar", "wrok"),
        ("add", "--title", "x", "--start", "2021-09-16", "--calendar", "wrok"),
        ("load", "--calendar", "wrok", "-"),
        ("import", "--calendar", "wrok", "-"),
        ("copy", CSTO, "--calendar", "wrok"),
    ):
        err = refused(capsys, *s, *argv)
        assert "'wrok'" in err and "known: default, work" in err, argv


def test_list_search_and_export_show_one_calendar(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    s = ("--store", store_path)
    ok(capsys, *s, "calendars", "add", "work")
    ok(capsys, *s, "add", "--title", "Afghanistan briefing", "--start", "2021-09-16",
       "--calendar", "work", "--id", "brief")  # fmt: skip
    out = ok(capsys, *s, "list", "--from", "2021-09-15", "--days", "3", "--calendar", "work")
    assert "Afghanistan briefing  [work]" in out and "CSTO" not in out and "1 event" in out
    listed = json.loads(
        ok(
            capsys,
            *s,
            "list",
            "--from",
            "2021-09-15",
            "--days",
            "3",
            "--calendar",
            "work",
            "--json",
        )
    )
    assert [(e["id"], e["calendar"]) for e in listed] == [("brief", "work")]
    everything = ok(capsys, *s, "list", "--from", "2021-09-15", "--days", "3")
    assert "brief" in everything and CSTO in everything
    both = json.loads(
        ok(capsys, *s, "search", "Afghanistan", "--calendar", "default,work", "--json")
    )
    assert "brief" in [e["id"] for e in both] and len(both) > 1
    found = json.loads(ok(capsys, *s, "search", "Afghanistan", "--calendar", "work", "--json"))
    assert [e["id"] for e in found] == ["brief"]
    ics = ok(capsys, *s, "export", "--calendar", "work")
    assert ics.count("BEGIN:VEVENT") == 1 and "UID:brief" in ics
    assert "X-WR-CALNAME:work" in ics


def test_import_and_load_write_into_one_calendar(
    store_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    s = ("--store", store_path)
    ok(capsys, *s, "calendars", "add", "work")
    ics = tmp_path / "in.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:imp-1\r\n"
        "DTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20210916\r\nSUMMARY:Imported\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    ok(capsys, *s, "import", str(ics), "--calendar", "work")
    assert json.loads(ok(capsys, *s, "show", "imp-1", "--json"))["calendar"] == "work"
    data = tmp_path / "d.toml"
    data.write_text('[[events]]\nid = "loaded"\ntitle = "Loaded"\nstart = "2021-09-16"\n')
    ok(capsys, *s, "load", str(data), "--calendar", "work")
    assert json.loads(ok(capsys, *s, "show", "loaded", "--json"))["calendar"] == "work"
    # dump keeps the calendar, load reads it back
    dumped = ok(capsys, *s, "dump")
    assert 'calendar = "work"' in dumped
    assert dumped.count("calendar = ") == 2


def _read_only(store_path: str) -> None:
    with EventStore(store_path) as store:
        store.add_calendar("mfa", writable=False)
        store.replace_calendar_events(
            "mfa",
            [parse_event({"id": "mfa-1", "title": "Briefing", "start": "2021-09-16"})],
        )


def test_a_read_only_calendar_refuses_every_write_with_one_line(
    store_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _read_only(store_path)
    s = ("--store", store_path)
    for argv in (
        ("add", "--title", "x", "--start", "2021-09-16", "--calendar", "mfa"),
        ("edit", "mfa-1", "--title", "Mine now"),
        ("delete", "mfa-1", "--yes"),
        ("load", "--calendar", "mfa", "-"),
        ("import", "--calendar", "mfa", "-"),
        ("copy", CSTO, "--calendar", "mfa"),
    ):
        err = refused(capsys, *s, *argv)
        assert "'mfa'" in err and "read-only" in err, argv
    data = tmp_path / "d.toml"
    data.write_text('[[events]]\nid = "mfa-1"\ntitle = "Overwritten"\nstart = "2021-09-16"\n')
    err = refused(capsys, *s, "load", str(data))
    assert "read-only calendar 'mfa'" in err
    assert json.loads(ok(capsys, *s, "show", "mfa-1", "--json"))["title"] == "Briefing"


def test_copy_makes_an_editable_event_in_a_writable_calendar(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _read_only(store_path)
    s = ("--store", store_path)
    out = ok(capsys, *s, "copy", "mfa-1", "--calendar", "default", "--id", "mine")
    assert out == "copied mfa-1 to mine in calendar default\n"
    ok(capsys, *s, "edit", "mine", "--title", "Mine now")
    copy = json.loads(ok(capsys, *s, "show", "mine", "--json"))
    assert copy["title"] == "Mine now" and "calendar" not in copy
    assert json.loads(ok(capsys, *s, "show", "mfa-1", "--json"))["calendar"] == "mfa"


def test_every_new_command_has_examples_in_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("calendars", "copy", "list"):
        with pytest.raises(SystemExit) as done:
            run(command, "--help", capsys=capsys)
        out = capsys.readouterr().out
        assert done.value.code == 0
        assert "--calendar" in out or command == "calendars", command
        assert "examples:" in out or command == "list", command


def _config(text: str) -> None:
    cfg = Path(os.environ["AGENDA_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(text, encoding="utf-8")


def test_a_default_reminder_per_calendar_in_the_settings(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _config('default_reminder = "1d"\n\n[calendar_reminders]\nwork = "120m"\nquiet = "none"\n')
    s = ("--store", store_path)
    for name in ("work", "quiet", "home"):
        ok(capsys, *s, "calendars", "add", name)

    def added(*argv: str) -> list[str]:
        out = ok(capsys, *s, "add", "--title", "x", "--start", "2021-09-20", *argv)
        return json.loads(ok(capsys, *s, "show", out.split()[-1], "--json")).get("reminders", [])

    assert added("--calendar", "work") == ["2h"]
    assert added("--calendar", "quiet") == []
    assert added("--calendar", "home") == ["1d"]  # not named: the default_reminder
    assert added() == ["1d"]
    assert added("--calendar", "work", "--remind", "30m") == ["30m"]  # its own wins
    _read_only(store_path)
    ok(capsys, *s, "copy", "mfa-1", "--calendar", "work", "--id", "copied")
    assert json.loads(ok(capsys, *s, "show", "copied", "--json"))["reminders"] == ["2h"]
    config = ok(capsys, "config")
    assert tomllib.loads(config)["calendar_reminders"] == {"quiet": "none", "work": "2h"}
    _config(config)  # `agenda config` prints a file that reads back the same
    assert ok(capsys, "config") == config


def test_a_bad_calendar_reminder_names_the_file_and_key(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _config('[calendar_reminders]\nwork = "soon"\n')
    code, _, err = run("--store", store_path, "list", capsys=capsys)
    assert code == 2 and "calendar_reminders.work" in err and err.count("\n") == 1
    _config('calendar_reminders = "2h"\n')
    code, _, err = run("--store", store_path, "list", capsys=capsys)
    assert code == 2 and "calendar_reminders must be a table" in err


def test_a_read_only_calendars_default_reminder_reminds_of_its_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "r.sqlite3")
    with EventStore(path) as store:
        store.add_calendar("feed", writable=False)
        store.add_calendar("work")
        store.replace_calendar_events(
            "feed",
            [
                parse_event({"id": "f-day", "title": "Summit", "start": "2026-11-28"}),
                parse_event({"id": "f-own", "title": "Own", "start": "2026-11-27",
                             "reminders": ["2h"]}),
                parse_event({"id": "f-late", "title": "Later", "start": "2026-12-20"}),
            ],
        )  # fmt: skip
        store.put(parse_event({"id": "w", "title": "Mine", "start": "2026-11-28",
                               "calendar": "work"}))  # fmt: skip
    _config('[calendar_reminders]\nfeed = "1d"\nwork = "1d"\n')
    due = json.loads(ok(capsys, "--store", path, "remind", "--within", "24h", "--json"))
    # the feed's event without reminders reminds a day before; one with its own keeps its own;
    # a writable calendar's default is for new events only (given when they are added)
    assert [(d["id"], d["before"]) for d in due] == [("f-own", "2h"), ("f-day", "1d")]
    _config('[calendar_reminders]\nfeed = "none"\n')
    due = json.loads(ok(capsys, "--store", path, "remind", "--within", "24h", "--json"))
    assert [d["id"] for d in due] == ["f-own"]


def test_a_read_only_calendars_default_reminder_reminds_of_each_occurrence_of_its_series(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A subscription's weekly meeting cannot be edited to carry a reminder: the calendar's
    default reminds before each occurrence, as it does before a single event."""
    path = str(tmp_path / "r.sqlite3")
    with EventStore(path) as store:
        store.add_calendar("feed", writable=False)
        store.replace_calendar_events(
            "feed",
            [
                parse_event({"id": "f-week", "title": "Weekly briefing", "start": "2026-11-07",
                             "repeat": {"rule": "FREQ=WEEKLY"}}),
                parse_event({"id": "f-own", "title": "Own", "start": "2026-11-06",
                             "repeat": {"rule": "FREQ=WEEKLY"}, "reminders": ["2h"]}),
            ],
        )  # fmt: skip
    _config('[calendar_reminders]\nfeed = "1d"\n')
    due = json.loads(ok(capsys, "--store", path, "remind", "--within", "24h", "--json"))
    assert [(d["title"], d["before"]) for d in due] == [
        ("Own", "2h"),
        ("Weekly briefing", "1d"),
    ]
    assert due[1]["id"].startswith("f-week")
    _config('[calendar_reminders]\nfeed = "none"\n')
    due = json.loads(ok(capsys, "--store", path, "remind", "--within", "24h", "--json"))
    assert [d["title"] for d in due] == ["Own"]
