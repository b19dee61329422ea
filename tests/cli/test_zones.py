"""`agenda list` says which zone a time is in when it is not the viewer's, and lists a visit's
event under its own day with its time."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import DATASET

VISIT = "2021-09-japarov-dushanbe-visit"


@pytest.fixture
def store_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "s.sqlite3")
    assert run("--store", path, "load", str(DATASET), capsys=capsys)[0] == 0
    adds = [
        [
            "--title",
            "Bishkek meeting",
            "--start",
            "2021-09-16T11:30",
            "--end",
            "2021-09-16T12:30",
            "--tz",
            "Asia/Bishkek",
            "--city",
            "Bishkek",
        ],
        [
            "--title",
            "Berlin talk",
            "--start",
            "2021-09-16T07:15",
            "--end",
            "2021-09-16T08:00",
            "--tz",
            "Europe/Berlin",
            "--city",
            "Berlin",
        ],
        ["--title", "UTC call", "--start", "2021-09-16T06:00", "--tz", "Etc/UTC"],
        [
            "--title",
            "Talks in Dushanbe",
            "--start",
            "2021-09-17T15:00",
            "--tz",
            "Asia/Dushanbe",
            "--parent",
            VISIT,
            "--city",
            "Dushanbe",
            "--kind",
            "meeting",
        ],
    ]
    for argv in adds:
        assert run("--store", path, "add", *argv, capsys=capsys)[0] == 0
    return path


def _line(out: str, title: str) -> str:
    return next(line for line in out.splitlines() if title in line)


def test_list_labels_the_zone_of_a_time_not_in_the_viewers_zone(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        "--store", store_path, "list", "--from", "2021-09-16", "--days", "1", capsys=capsys
    )
    assert code == 0
    assert "07:15–08:00 CEST" in _line(out, "Berlin talk")
    assert "11:30–12:30 UTC+6" in _line(out, "Bishkek meeting")
    assert "06:00 " in _line(out, "UTC call") and "UTC" not in _line(out, "UTC call")[:20]
    lines = out.splitlines()
    # in the order of their instants: 05:15, 05:30, 06:00 UTC
    order = [
        i
        for i, line in enumerate(lines)
        if "Berlin talk" in line or "Bishkek" in line or "UTC call" in line
    ]
    assert order == sorted(order) and "Berlin" in lines[order[0]]


def test_list_shows_a_visits_timed_event_under_its_own_day(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        "--store", store_path, "list", "--from", "2021-09-15", "--days", "3", capsys=capsys
    )
    assert code == 0
    lines = out.splitlines()
    heading = lines.index("Fri 17 Sep 2021")
    talks = next(i for i, line in enumerate(lines) if "Talks in Dushanbe" in line)
    assert talks > heading
    assert "15:00 UTC+5" in lines[talks] and "└ Talks in Dushanbe" in lines[talks]
