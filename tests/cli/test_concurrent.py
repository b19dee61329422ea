"""Several `agenda` processes writing one store at once: no edit lost, no traceback, clear errors."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from agenda import cli
from agenda.core.clock import fixed_clock
from agenda.core.models import parse_event
from tests.conftest import NOW, ROOT

CSTO = "2021-09-16-csto-collective-security-council"


def test_three_writers_editing_one_event_lose_nothing(tmp_path: Path) -> None:
    """3 processes x 20 `agenda edit --source-url`: every edit that said so is in the store."""
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "stress_edits.py"),
            "--writers",
            "3",
            "--edits",
            "20",
            "--store",
            str(tmp_path / "s.sqlite3"),
            "--timeout",
            "100",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert "ok: 60, failed: 0, lost: 0, tracebacks: 0, sequence: +60" in done.stdout, (
        done.stdout + done.stderr
    )
    assert done.returncode == 0


@pytest.mark.parametrize(
    ("mode", "refusal"), [("add", "already exists"), ("delete", "no event has the id")]
)
def test_three_processes_adding_or_deleting_the_same_ids(
    tmp_path: Path, mode: str, refusal: str
) -> None:
    """3 processes x 10 `agenda add --id race-N` (or `delete race-N`) of the same ids: each id
    added (deleted) once, the other two told so in one line; no traceback, nothing lost."""
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "stress_edits.py"),
            *("--mode", mode, "--writers", "3", "--edits", "10"),
            *("--store", str(tmp_path / "s.sqlite3"), "--timeout", "100"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert f"{mode}: 3 writers x 10" in done.stdout, done.stdout + done.stderr
    assert "ok: 10, failed: 20, lost: 0, tracebacks: 0" in done.stdout, done.stdout + done.stderr
    failures = [ln for ln in done.stdout.splitlines() if ln.startswith("  failure:")]
    assert failures and all(refusal in ln for ln in failures), done.stdout
    assert done.returncode == 0


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv), clock=fixed_clock(NOW))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def store_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "s.sqlite3")
    assert _run(capsys, "--store", path, "load", str(ROOT / "data" / "dushanbe-2021.toml"))[0] == 0
    return path


def test_second_add_of_one_id_fails(
    store_path: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two `add --id same` at once: both passed the check before either wrote; the second
    overwrote the first and said `added`."""
    from agenda.core.store import EventStore

    real = EventStore.exists
    calls: list[str] = []

    def first_check_too_early(self: EventStore, event_id: str) -> bool:
        calls.append(event_id)
        if len(calls) == 1:  # the other `add` writes just after this check
            with EventStore(store_path) as theirs:
                theirs.put(parse_event({"id": event_id, "title": "Theirs", "start": "2021-10-01"}))
            return False
        return real(self, event_id)

    monkeypatch.setattr(EventStore, "exists", first_check_too_early)
    code, out, err = _run(
        capsys,
        "--store",
        store_path,
        "add",
        "--id",
        "same",
        "--title",
        "Mine",
        "--start",
        "2021-10-01",
    )
    monkeypatch.undo()
    assert code != 0 and out == ""
    assert err == "agenda: an event with the id 'same' already exists\n"
    assert _run(capsys, "--store", store_path, "show", "same")[1].count("Theirs") >= 1


def test_a_write_behind_a_long_import_says_the_store_is_busy(
    store_path: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from agenda.cli import context
    from agenda.core.store import BUSY_TIMEOUT, EventStore

    assert cli.CLI_BUSY_TIMEOUT > BUSY_TIMEOUT  # a person's write waits longer than the UI
    # where the store is opened (agenda.cli re-exports the name; patching it there did nothing)
    monkeypatch.setattr(context, "CLI_BUSY_TIMEOUT", 0.05)
    holder = EventStore(store_path)
    holder.conn.execute("BEGIN IMMEDIATE")  # a long `import` in another process
    began = time.monotonic()
    try:
        code, out, err = _run(capsys, "--store", store_path, "edit", CSTO, "--notes", "x")
        waited = time.monotonic() - began
    finally:
        holder.conn.execute("ROLLBACK")
        holder.close()
    assert code == 4 and out == ""
    assert len(err.splitlines()) == 1 and "the store is busy" in err and "Traceback" not in err
    assert waited < 30  # the patched timeout, not the 60 s a person's write waits
