"""Reminders from the command line (issue 16.4): `add`/`edit --remind`, the settings' default
reminder, and `agenda remind [--within] [--json] [--notify]` at the fixed clock (26 Nov 2026 12:00
UTC)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.cli.helpers import run


@pytest.fixture
def store(tmp_path: Path) -> str:
    return str(tmp_path / "r.sqlite3")


def _add(store: str, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run("--store", store, "add", *args, capsys=capsys)
    assert code == 0, err
    return out.split()[-1]


def test_add_with_reminders_stores_them_earliest_first(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    event_id = _add(
        store, capsys, "--title", "Summit", "--start", "2026-11-27T10:00", "--tz",
        "Asia/Dushanbe", "--remind", "2h", "--remind", "1d,30m", "--remind", "2h",
    )  # fmt: skip
    _, out, _ = run("--store", store, "show", event_id, "--json", capsys=capsys)
    assert json.loads(out)["reminders"] == ["1d", "2h", "30m"]
    _, out, _ = run("--store", store, "show", event_id, capsys=capsys)
    assert "reminders: 1d, 2h, 30m before the start" in out


def test_a_bad_reminder_is_one_clear_line_and_adds_nothing(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(store, capsys, "--title", "First", "--start", "2026-11-27")
    code, _, err = run(
        "--store", store, "add", "--title", "T", "--start", "2026-11-27", "--remind", "2x",
        capsys=capsys,
    )  # fmt: skip
    assert code != 0
    assert err.strip().splitlines() == [
        "agenda: --remind: '2x' is not a time before the start; write it as 1d, 2h, 30m, 1w or 1d12h"
    ]
    code, _, err = run(
        "--store", store, "add", "--title", "T", "--start", "2026-11-27", "--remind", "5w",
        capsys=capsys,
    )  # fmt: skip
    assert "more than 4w before the start" in err
    assert run("--store", store, "list", "--json", capsys=capsys)[1].count('"id"') == 1


def test_edit_replaces_the_reminders_and_none_or_clear_removes_them(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    event_id = _add(store, capsys, "--title", "Visit", "--start", "2026-11-28", "--remind", "1d")
    assert run("--store", store, "edit", event_id, "--remind", "3h", capsys=capsys)[0] == 0
    shown = json.loads(run("--store", store, "show", event_id, "--json", capsys=capsys)[1])
    assert shown["reminders"] == ["3h"]
    assert run("--store", store, "edit", event_id, "--remind", "none", capsys=capsys)[0] == 0
    shown = json.loads(run("--store", store, "show", event_id, "--json", capsys=capsys)[1])
    assert shown.get("reminders", []) == []
    run("--store", store, "edit", event_id, "--remind", "1d", capsys=capsys)
    assert run("--store", store, "edit", event_id, "--clear", "reminders", capsys=capsys)[0] == 0
    shown = json.loads(run("--store", store, "show", event_id, "--json", capsys=capsys)[1])
    assert shown.get("reminders", []) == []


def test_the_default_reminder_of_the_settings_goes_to_new_events_only(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _add(store, capsys, "--title", "Before", "--start", "2026-11-28")
    Path(os.environ["AGENDA_CONFIG"]).parent.mkdir(parents=True, exist_ok=True)
    Path(os.environ["AGENDA_CONFIG"]).write_text('default_reminder = "24h"\n', encoding="utf-8")
    new = _add(store, capsys, "--title", "After", "--start", "2026-11-28")
    own = _add(store, capsys, "--title", "Own", "--start", "2026-11-28", "--remind", "2h")
    none = _add(store, capsys, "--title", "None", "--start", "2026-11-28", "--remind", "none")

    def reminders(event_id: str) -> list[str]:
        out = run("--store", store, "show", event_id, "--json", capsys=capsys)[1]
        return list(json.loads(out).get("reminders", []))

    assert reminders(old) == []
    assert reminders(new) == ["1d"]
    assert reminders(own) == ["2h"]
    assert reminders(none) == []


def test_a_bad_default_reminder_names_the_file_and_key(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = Path(os.environ["AGENDA_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text('default_reminder = "soon"\n', encoding="utf-8")
    code, _, err = run("--store", store, "list", capsys=capsys)
    assert code != 0
    assert err.startswith(f"agenda: {cfg}: default_reminder: 'soon' is not a time")
    assert len(err.strip().splitlines()) == 1


@pytest.fixture
def due_store(store: str, capsys: pytest.CaptureFixture[str]) -> str:
    # the clock is 26 Nov 2026 12:00 UTC
    _add(
        store,
        capsys,
        "--id",
        "paris",
        "--title",
        "Paris talks",
        "--start",
        "2026-11-26T15:00",
        "--tz",
        "Europe/Paris",
        "--remind",
        "1h",
        "--remind",
        "2d",
    )  # fires 13:00 UTC (and past)
    _add(
        store,
        capsys,
        "--id",
        "allday",
        "--title",
        "Summit",
        "--start",
        "2026-11-27",
        "--remind",
        "1d",
        "--remind",
        "6h",
    )  # fires 26 Nov 00:00 (past) and 18:00 UTC
    _add(
        store,
        capsys,
        "--id",
        "later",
        "--title",
        "Later",
        "--start",
        "2026-12-20",
        "--remind",
        "1w",
    )  # fires 13 Dec
    _add(
        store,
        capsys,
        "--id",
        "plain",
        "--title",
        "No reminder",
        "--start",
        "2026-11-26T14:00",
        "--tz",
        "UTC",
    )
    _add(
        store,
        capsys,
        "--id",
        "off",
        "--title",
        "Called off",
        "--start",
        "2026-11-26T18:00",
        "--tz",
        "UTC",
        "--remind",
        "1h",
        "--status",
        "cancelled",
    )
    return store  # fmt: skip


def test_remind_prints_what_falls_due_within_24h_earliest_first(
    due_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run("--store", due_store, "remind", capsys=capsys)
    assert code == 0, err
    assert out.splitlines() == [
        "2026-11-26 13:00  Paris talks — starts 26 Nov 2026 14:00 (1h before) [paris]",
        "2026-11-26 18:00  Summit — starts 27 Nov 2026 (6h before) [allday]",
    ]


def test_remind_within_and_json(due_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("--store", due_store, "remind", "--within", "3h", "--json", capsys=capsys)
    assert code == 0
    assert json.loads(out) == [
        {
            "at": "2026-11-26T13:00:00+00:00",
            "starts": "2026-11-26T14:00:00+00:00",
            "before": "1h",
            "id": "paris",
            "title": "Paris talks",
            "all_day": False,
        }
    ]
    code, out, _ = run("--store", due_store, "remind", "--within", "3w", "--json", capsys=capsys)
    assert [d["id"] for d in json.loads(out)] == ["paris", "allday", "later"]
    code, out, _ = run("--store", due_store, "remind", "--within", "30m", capsys=capsys)
    assert out == "no reminders due in the next 30m\n"


def test_remind_refuses_a_bad_within_in_one_line(
    due_store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for within, says in (("soon", "is not a time ahead"), ("60w", "is more than 53w ahead")):
        code, out, err = run("--store", due_store, "remind", "--within", within, capsys=capsys)
        assert code != 0 and out == ""
        assert len(err.strip().splitlines()) == 1 and says in err


def _fake_notify_send(folder: Path, *, fail: bool = False) -> Path:
    log = folder / "notified.txt"
    script = folder / "notify-send"
    body = (
        'echo "notify-send: no bus" >&2; exit 1'
        if fail
        else f'printf "%s|" "$@" >> {log}; echo >> {log}'
    )
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return log


def test_notify_sends_each_due_reminder_through_notify_send(
    due_store: str, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = _fake_notify_send(bin_dir)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    code, out, err = run("--store", due_store, "remind", "--notify", capsys=capsys)
    assert code == 0, err
    assert len(out.splitlines()) == 2  # printed too
    assert log.read_text(encoding="utf-8").splitlines() == [
        "--app-name=agenda|Paris talks|starts 26 Nov 2026 14:00 (in 1h)|",
        "--app-name=agenda|Summit|starts 27 Nov 2026 (in 6h)|",
    ]


def test_notify_without_notify_send_says_so_in_one_line(
    due_store: str, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code, out, err = run("--store", due_store, "remind", "--notify", capsys=capsys)
    listed = run("--store", due_store, "remind", capsys=capsys)[1]
    # the reminders still reach whoever reads the output (a cron job's mail), then the failure
    assert code != 0 and out == listed and "starts" in out
    assert err.strip().splitlines() == [
        "agenda: --notify: notify-send is not installed (it comes with libnotify, e.g. apt install "
        "libnotify-bin); the reminders are listed, not sent as notifications"
    ]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_notify_send(bin_dir, fail=True)
    monkeypatch.setenv("PATH", str(bin_dir))
    code, out, err = run("--store", due_store, "remind", "--notify", capsys=capsys)
    assert code != 0
    assert (
        err.strip().splitlines()[-1] == "agenda: --notify: notify-send failed (notify-send: no bus)"
    )


def test_remind_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run("remind", "--help", capsys=capsys)
    out = capsys.readouterr().out
    assert "examples:" in out and "agenda remind --within 1h --notify" in out


def test_a_series_reminds_before_each_occurrence_not_only_its_first(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # the clock is Thursday 26 Nov 2026 12:00 UTC; the weekly council began on Thursday 1 October
    _add(
        store, capsys, "--id", "council", "--title", "Weekly council", "--start",
        "2026-10-01T13:00", "--tz", "UTC", "--repeat", "weekly", "--remind", "30m",
    )  # fmt: skip
    code, out, err = run("--store", store, "remind", "--within", "8d", "--json", capsys=capsys)
    assert code == 0, err
    assert [(d["at"], d["starts"]) for d in json.loads(out)] == [
        ("2026-11-26T12:30:00+00:00", "2026-11-26T13:00:00+00:00"),
        ("2026-12-03T12:30:00+00:00", "2026-12-03T13:00:00+00:00"),
    ]
