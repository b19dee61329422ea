"""`agenda show` prints the event's conflicts: the same person at an overlapping time in another
place (core.conflicts, the rule the UI flags with ⚠), one line each; touching is no clash."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run

PERSON = ("--participant", "Anna Example")


def _add(capsys: pytest.CaptureFixture[str], store: str, ident: str, *where: str) -> None:
    city, country, start, end, tz = where
    code, _, err = run(
        *("--store", store, "add", "--id", ident, "--title", f"Talks in {city}"),
        *("--start", start, "--end", end, "--tz", tz, "--city", city, "--country", country),
        *PERSON,
        capsys=capsys,
    )
    assert code == 0, err


def test_show_prints_who_is_in_two_places_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "s.sqlite3")
    _add(
        capsys,
        store,
        "a",
        "Berlin",
        "Germany",
        "2026-03-02 10:00",
        "2026-03-02 12:00",
        "Europe/Berlin",
    )
    _add(
        capsys,
        store,
        "b",
        "Paris",
        "France",
        "2026-03-02 11:00",
        "2026-03-02 13:00",
        "Europe/Paris",
    )
    _add(capsys, store, "c", "Rome", "Italy", "2026-03-02 13:00", "2026-03-02 14:00", "Europe/Rome")
    code, out, _ = run("--store", store, "show", "a", capsys=capsys)
    assert code == 0
    assert "overlaps: Talks in Paris (b) 2 Mar 2026 11:00–13:00 Europe/Paris" in out.splitlines()
    code, out, _ = run("--store", store, "show", "b", capsys=capsys)
    assert [ln for ln in out.splitlines() if ln.startswith("overlaps:")] == [
        "overlaps: Talks in Berlin (a) 2 Mar 2026 10:00–12:00 Europe/Berlin"
    ]
    # c starts as b ends: touching is not a clash
    code, out, _ = run("--store", store, "show", "c", capsys=capsys)
    assert code == 0 and "overlaps:" not in out
