"""Which store a command opens: a missing named store is never created by a command that only
reads; a writing command creates it (and says so once); the default store is seeded on first use."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import DATASET


@pytest.mark.parametrize(
    "argv",
    [("list",), ("search", "sco"), ("show", "x"), ("dump",), ("export", "-o", "-")],
)
def test_reading_a_missing_named_store_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    typo = tmp_path / "typo.sqlite3"
    code, out, err = run("--store", str(typo), *argv, capsys=capsys)
    assert code == 2, (out, err)
    assert f"no store at {typo}" in err
    assert not typo.exists()


def test_agenda_store_in_a_missing_folder_is_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nodir" / "x.sqlite3"
    monkeypatch.setenv("AGENDA_STORE", str(target))
    code, _, err = run("list", capsys=capsys)
    assert code == 2 and f"no store at {target}" in err
    code, _, err = run("add", "--title", "T", "--start", "2026-12-01", capsys=capsys)
    assert code == 2 and f"no folder {target.parent}" in err
    assert not target.parent.exists()


def test_a_writing_command_creates_the_store_and_says_so_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new.sqlite3"
    code, out, err = run("--store", str(path), "load", str(DATASET), capsys=capsys)
    assert code == 0 and path.exists()
    assert err.count(f"created the store {path}") == 1
    assert "loaded 5 events" in out
    code, out, err = run(
        "--store", str(path), "add", "--title", "T", "--start", "2026-12-01", capsys=capsys
    )
    assert code == 0 and "created" not in err
    code, out, err = run("--store", str(path), "list", "--from", "2021-09-01", capsys=capsys)
    assert code == 0 and err == "" and "6 events" in out


def test_the_default_store_is_created_and_seeded_by_any_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from agenda.core import paths

    assert not paths.default_store_path().exists()
    code, out, _ = run("list", capsys=capsys)
    assert code == 0 and "5 events" in out
    assert paths.default_store_path().exists()


def test_the_ui_on_a_new_named_store_says_on_screen_that_it_was_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`agenda --store typo.sqlite3` opens the UI on a new, empty store: the line on stderr is
    seen only after quitting, so the UI says it too (a mistyped path is the usual cause), and
    quitting without a change removes the file again."""
    from agenda.ui import AgendaApp
    from tests.ui.conftest import drive

    notes: list[str] = []

    async def scenario(app: AgendaApp, pilot: object) -> None:
        notes.extend(n.message for n in app._notifications)

    # the App runs headless where the command would run it, while the store is open
    monkeypatch.setattr(AgendaApp, "run", lambda self, *a, **k: drive(self, scenario))
    typo = tmp_path / "typo.sqlite3"
    code, _, err = run("--store", str(typo), capsys=capsys)
    assert code == 0 and f"created the store {typo}" in err
    assert any(f"created a new, empty store at {typo}" in n for n in notes), notes
    # quit without a change, the new store is removed again: the typo leaves no file
    assert not typo.exists() and f"removed the new store {typo}" in err
    # a store that exists (made by a command that wrote to it) is not new: nothing said
    notes.clear()
    run("--store", str(typo), "add", "--title", "T", "--start", "2026-12-01", capsys=capsys)
    code, _, err = run("--store", str(typo), capsys=capsys)
    assert code == 0 and "created" not in err and "removed" not in err and typo.exists()
    assert not any("created" in n for n in notes), notes


def test_a_command_that_fails_before_writing_leaves_no_new_store_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`agenda --store new.sqlite3 sync --url <a server that is down>` used to leave an empty
    store file: the next `list` then found a store where the person made none."""
    path = tmp_path / "new.sqlite3"
    code, _, err = run(
        "--store", str(path), "sync", "--url", "http://127.0.0.1:9/cal/", capsys=capsys
    )
    assert code != 0 and "cannot connect" in err
    assert not path.exists() and list(tmp_path.iterdir()) == []
    assert "removed the new store" in err
    # a failing command on a store that existed before keeps it
    code, _, _ = run(
        "--store", str(path), "add", "--title", "T", "--start", "2026-12-01", capsys=capsys
    )
    assert code == 0
    code, _, _ = run(
        "--store", str(path), "sync", "--url", "http://127.0.0.1:9/cal/", capsys=capsys
    )
    assert code != 0 and path.exists()


def test_a_failing_import_into_a_new_store_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ics"
    bad.write_text("this is not a calendar\n")
    path = tmp_path / "new.sqlite3"
    code, _, err = run("--store", str(path), "import", str(bad), capsys=capsys)
    assert code != 0 and not path.exists()
    assert f"removed the new store {path}" in err
