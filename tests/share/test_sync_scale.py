"""`agenda sync` at scale, on Radicale and on Xandikos: a sync killed (SIGKILL) at several points
of its upload leaves a state the next sync finishes without duplicates or losses; a connection
cut by the network in the middle of the upload loses nothing; the dry run's summary and its
`--verbose` list; the progress bar, silent when stderr is not a terminal."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from agenda import cli
from agenda.cli.sync import ProgressBar
from agenda.core.clock import fixed_clock
from agenda.core.models import parse_event
from agenda.core.store import EventStore
from agenda.share import sync
from tests.conftest import NOW
from tests.share.conftest import TIMEOUT, CuttingProxy, Radicale, wait_for
from tests.share.test_sync import Server, agenda_sync, local_ids, settled


def many(n: int) -> list[dict[str, str]]:
    return [
        {
            "id": f"2021-10-meeting-{i:04d}",
            "title": f"Working meeting {i}",
            "kind": "meeting",
            "start": (NOW.date() + timedelta(days=i % 300)).isoformat(),
        }
        for i in range(n)
    ]


@pytest.fixture
def env(caldav_server: Radicale, monkeypatch: pytest.MonkeyPatch) -> Radicale:
    monkeypatch.setenv(sync.PASSWORD_ENV, caldav_server.password)
    return caldav_server


@pytest.fixture
def big_store(tmp_path: Path) -> tuple[Path, set[str]]:
    """A store of 60 plain events (enough for a kill to land in the middle of the upload)."""
    path = tmp_path / "big.sqlite3"
    with EventStore(path, clock=fixed_clock(NOW)) as s:
        s.put_many([parse_event(d) for d in many(60)])
    return path, {d["id"] for d in many(60)}


def recorded(store_file: Path) -> int:
    try:
        with EventStore(store_file) as s:
            return int(s.conn.execute("SELECT count(*) FROM sync_items").fetchone()[0])
    except Exception:  # the store may not have its sync tables yet
        return 0


def assert_whole(env: Radicale, store_file: Path, ids: set[str]) -> None:
    """Both sides hold every event once, and a further sync has nothing to do."""
    server = Server(env, store_file)
    objects = server.objects()
    assert len(objects) == len(ids)  # no duplicates on the server
    assert set(server.by_uid()) == ids and local_ids(store_file) == ids


def test_a_sync_killed_at_several_points_of_its_upload_is_finished_by_the_next(
    env: Radicale,
    big_store: tuple[Path, set[str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    store_file, ids = big_store
    command = [sys.executable, "-m", "agenda", "--store", str(store_file), "sync", "--url"]
    command += [env.url, "--user", env.user, "--calendar", env.calendar, "--create"]
    for point in (5, 25, 45):
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ}
        )
        try:
            wait_for(
                lambda: proc.poll() is not None or recorded(store_file) >= point,  # noqa: B023
                f"{point} events recorded",
                timeout=TIMEOUT * 6,
            )
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(TIMEOUT)
    code, out, err = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0, err
    assert "conflicts" not in out and "skipped" not in out
    code, out, _ = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0 and settled(out), out
    assert_whole(env, store_file, ids)


def test_a_connection_cut_mid_upload_loses_nothing_and_the_next_sync_recovers(
    env: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    cutting_proxy: ...,  # type: ignore[valid-type]
) -> None:
    from tests.share.test_sync import ALL

    proxy: CuttingProxy = cutting_proxy(env.url)
    through = Radicale(proxy.url, env.user, env.password, env.folder, env.process, env.kind)
    through.calendar = env.calendar
    code, out, err = agenda_sync(store_file, through, capsys=capsys)
    assert code == 5 and "Traceback" not in err and err.count("\n") == 1, err
    assert "run agenda sync again to finish" in err
    assert proxy.cut >= 1 and local_ids(store_file) == ALL
    proxy.cut_after = 10**6  # the network is back
    code, out, err = agenda_sync(store_file, through, capsys=capsys)
    assert code == 0, err
    assert "conflicts" not in out
    assert_whole(through, store_file, ALL)


def test_dry_run_prints_counts_and_with_verbose_the_list(
    env: Radicale,
    big_store: tuple[Path, set[str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    store_file, ids = big_store
    code, out, _ = agenda_sync(store_file, env, "--dry-run", capsys=capsys)
    assert code == 0 and "server: 60 add, 0 change, 0 delete (dry run)" in out
    assert "… and 40 more to add (--verbose lists them all)" in out
    assert sum(line.startswith("  add ") for line in out.splitlines()) == 20
    code, out, _ = agenda_sync(store_file, env, "--dry-run", "-v", capsys=capsys)
    assert (
        code == 0 and {ln.split()[1] for ln in out.splitlines() if ln.startswith("  add ")} == ids
    )


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_only_on_a_terminal_after_a_second() -> None:
    now = [0.0]
    quiet = io.StringIO()
    for stream in (Terminal(), quiet):
        bar = ProgressBar(stream, clock=lambda: now[0])
        now[0] = 0.0
        bar.start(10)
        bar.advance()
        now[0] = 0.9
        bar.advance()
        assert bar.bar is None and stream.getvalue() == ""  # a quick sync shows nothing
        now[0] = 1.5
        bar.advance()
        assert (bar.bar is not None) == (stream is not quiet)
        bar.stop()
    assert quiet.getvalue() == ""


def test_without_a_terminal_the_output_is_the_report_alone(env: Radicale, store_file: Path) -> None:
    command = [sys.executable, "-m", "agenda", "--store", str(store_file), "sync", "--url"]
    command += [env.url, "--user", env.user, "--calendar", env.calendar, "--create"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT * 6)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.splitlines() == [
        f"calendar {env.calendar!r} created on the server ({env.url})",
        "agenda: 0 add, 0 change, 0 delete",
        "server: 5 add, 0 change, 0 delete",
        *done.stdout.splitlines()[3:8],
    ]
    assert len(done.stdout.splitlines()) == 8
    assert cli  # the in-process runs above use the same command
