"""The package contracts of pyproject.toml (docs/architecture.md) hold: `lint-imports` passes.

Layers from the CLI down to the core, a core without Textual, icalendar, caldav or dateparser,
the UI opened only by `agenda.cli.tui`, and no import circles between the modules of a package.
A contract broken on purpose (say `from agenda.cli import main` in agenda/core/store.py) fails
this test with import-linter's report.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(lint).exists():
        pytest.fail("lint-imports is missing: pip install -e '.[test]' installs import-linter")
    done = subprocess.run(
        [lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" not in done.stdout.lower().replace("0 broken", ""), done.stdout
