"""Fixtures of the CLI tests: a store file holding the bundled dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import DATASET


@pytest.fixture
def store_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A store file with the bundled Dushanbe 2021 dataset loaded by `agenda load`."""
    path = str(tmp_path / "s.sqlite3")
    assert run("--store", path, "load", str(DATASET), capsys=capsys)[0] == 0
    return path
