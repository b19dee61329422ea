"""`agenda add --repeat`, `show`, `list`, `edit [--occurrence]`, `delete --occurrence`, and
`dump`/`load` of series and overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run


@pytest.fixture
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "s.sqlite3")
    adds = [
        ["--title", "SCO summit", "--kind", "summit", "--start", "2026-09-16", "--end",
         "2026-09-17", "--repeat", "yearly", "--until", "2030-09-16", "--id", "sco"],
        ["--title", "Council", "--start", "2026-01-05 10:00", "--end", "2026-01-05 12:00",
         "--tz", "Europe/Brussels", "--repeat", "weekly", "--interval", "2", "--count", "10",
         "--id", "council"],
    ]  # fmt: skip
    for args in adds:
        code, _, err = run("--store", path, "add", *args, capsys=capsys)
        assert code == 0, err
    return path


def test_show_says_the_rule_in_words_and_the_next_occurrences(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run("--store", store, "show", "sco", capsys=capsys)
    assert code == 0
    assert "every year on 16 September until 16 September 2030" in out
    assert "next: 16 Sep 2027; 16 Sep 2028; 16 Sep 2029; 16 Sep 2030" in out  # today: Nov 2026
    code, out, _ = run("--store", store, "show", "council", capsys=capsys)
    assert "every 2 weeks on Monday, 10 times" in out


def test_list_shows_each_occurrence_and_json_marks_them(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run("--store", store, "list", "--from", "2026-01-01", "--days", "31",
                       capsys=capsys)  # fmt: skip
    assert code == 0 and "2 events" in out
    assert "id council/20260105T100000" in out and "id council/20260119T100000" in out
    code, out, _ = run("--store", store, "list", "--from", "2028-09-01", "--days", "30",
                       "--json", capsys=capsys)  # fmt: skip
    [one] = json.loads(out)
    assert one["id"] == "sco/20280916" and one["recurrence_of"] == "sco"
    assert one["recurrence_start"] == "2028-09-16" and one["end"] == "2028-09-17"
    assert "repeat" not in one


def test_edit_one_occurrence_then_the_whole_series(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run("--store", store, "edit", "sco", "--occurrence", "2027-09-16",
                         "--start", "2027-09-20", "--end", "2027-09-21", "--city", "Bishkek",
                         capsys=capsys)  # fmt: skip
    assert code == 0, err
    assert out.strip() == "added sco/20270916 (one occurrence of sco)"
    code, out, _ = run("--store", store, "edit", "sco", "--title", "SCO Heads of State",
                       capsys=capsys)  # fmt: skip
    assert out.strip() == "updated sco"
    code, out, _ = run("--store", store, "list", "--from", "2027-09-01", "--days", "60",
                       capsys=capsys)  # fmt: skip
    # the override keeps its own title (it was taken from the series when it was made)
    assert "20–21 Sep" in out and "Bishkek" in out and "16–17 Sep" not in out
    code, out, _ = run("--store", store, "list", "--from", "2028-09-01", "--days", "30",
                       capsys=capsys)  # fmt: skip
    assert "SCO Heads of State" in out
    # the occurrence key is an id as good as any for edit
    code, out, _ = run("--store", store, "edit", "council/20260119T100000", "--notes", "room 2",
                       capsys=capsys)  # fmt: skip
    assert code == 0 and "one occurrence of council" in out


def test_delete_one_occurrence_adds_an_exception_date(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run("--store", store, "delete", "council", "--occurrence", "2026-01-19",
                         "--yes", capsys=capsys)  # fmt: skip
    assert code == 0, err
    assert "council/20260119T100000" in out
    code, out, _ = run("--store", store, "show", "council", "--json", capsys=capsys)
    assert json.loads(out)["repeat"]["exdates"] == ["2026-01-19T10:00:00"]
    code, out, _ = run("--store", store, "list", "--from", "2026-01-01", "--days", "31",
                       capsys=capsys)  # fmt: skip
    assert "1 event" in out and "20260119" not in out
    # a moved occurrence deleted: gone, not back at its old date
    run("--store", store, "edit", "sco/20270916", "--start", "2027-09-20", "--end", "2027-09-20",
        capsys=capsys)  # fmt: skip
    code, out, err = run("--store", store, "delete", "sco/20270916", "--yes", capsys=capsys)
    assert code == 0, err
    code, out, _ = run("--store", store, "list", "--from", "2027-09-01", "--days", "30",
                       capsys=capsys)  # fmt: skip
    assert "0 events" in out
    # the whole series, with its overrides
    run("--store", store, "edit", "sco/20280916", "--notes", "x", capsys=capsys)
    code, out, _ = run("--store", store, "delete", "sco", "--yes", capsys=capsys)
    assert out.strip() == "deleted sco, sco/20280916"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--repeat", "yearly", "--until", "2025-01-01"], "--repeat: the repeat ends (2025-01-01)"),
        (["--repeat", "yearly", "--until", "2027-01-01", "--count", "3"], "not both"),
        (["--until", "2027-01-01"], "give --repeat too"),
        (["--repeat", "weekly", "--interval", "0"], "interval 0 is not a whole number"),
        (["--repeat", "daily", "--count", "0"], "count 0 is not a whole number"),
    ],
)
def test_bad_repeats_are_one_line_errors(
    store: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run("--store", store, "add", "--title", "X", "--start", "2026-09-16",
                         *args, capsys=capsys)  # fmt: skip
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_bad_occurrences_are_one_line_errors(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run("--store", store, "edit", "sco", "--occurrence", "2027-09-17", "--notes",
                       "x", capsys=capsys)  # fmt: skip
    assert code == 2 and "'sco' has no occurrence starting 2027-09-17" in err
    code, _, err = run("--store", store, "delete", "sco/20270917", "--yes", capsys=capsys)
    assert code == 3 and "no event has the id 'sco/20270917'" in err


def test_dump_and_load_keep_series_and_overrides(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("--store", store, "edit", "sco/20270916", "--start", "2027-09-20", "--end", "2027-09-21",
        capsys=capsys)  # fmt: skip
    run("--store", store, "delete", "council/20260119T100000", "--yes", capsys=capsys)
    dumped = tmp_path / "all.toml"
    assert run("--store", store, "dump", "-o", str(dumped), capsys=capsys)[0] == 0
    other = str(tmp_path / "other.sqlite3")
    code, _, err = run("--store", other, "load", str(dumped), capsys=capsys)
    assert code == 0, err
    for first in ("2026-01-01", "2027-09-01"):
        lists = [
            run("--store", s, "list", "--from", first, "--days", "60", "--json", capsys=capsys)[1]
            for s in (store, other)
        ]
        mine, theirs = (json.loads(text) for text in lists)
        assert mine and [e["id"] for e in mine] == [e["id"] for e in theirs]
        assert [e["start"] for e in mine] == [e["start"] for e in theirs]


def test_list_says_which_series_it_cut_at_the_per_window_cap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A series of one occurrence a minute has 2,880 in two days: the listing keeps the first
    1,000 (the cap that keeps a listing bounded) and says so, instead of cutting silently."""
    ics = tmp_path / "minutely.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:tick\r\n"
        "DTSTAMP:20260101T000000Z\r\nSUMMARY:Tick\r\nDTSTART:20260301T000000Z\r\n"
        "DURATION:PT1M\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
        newline="",
    )
    store = str(tmp_path / "s.sqlite3")
    assert run("--store", store, "import", str(ics), capsys=capsys)[0] == 0
    code, out, err = run(
        "--store", store, "list", "--from", "2026-03-01", "--to", "2026-03-02", capsys=capsys
    )
    assert code == 0 and "1000 events" in out
    assert err.splitlines() == [
        "agenda: 1 series (tick) has more than 1,000 occurrences in these days: the first 1,000 "
        "of each are shown; ask for fewer days"
    ]
    code, out, err = run(
        "--store", store, "list", "--from", "2026-03-01", "--to", "2026-03-01", "--json",
        capsys=capsys,
    )  # fmt: skip
    assert code == 0 and "more than 1,000" in err
    # days before the series begins: nothing cut, nothing said
    code, out, err = run(
        "--store", store, "list", "--from", "2026-02-01", "--to", "2026-02-27", capsys=capsys
    )
    assert code == 0 and err == ""
