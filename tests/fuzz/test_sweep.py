"""Issue 11's sweep of hostile input over load, import, add, list and export: no traceback, no
hang, every refusal one line that names the file, line or flag, and the store unchanged by it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agenda.core.store import EventStore
from tests.conftest import DATASET
from tests.fuzz.cases import CASES, REFUSED, Case
from tests.fuzz.harness import DEADLINE, run, snapshot

HERE = Path(__file__).resolve().parent
SUMMARY = re.compile(r": \d+ invalid events?; nothing was imported")


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A store file holding the bundled dataset."""
    path = tmp_path / "store.sqlite"
    EventStore(path).close()
    assert run(["load", str(DATASET)], path).code == 0
    return path


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, seeded: Path, tmp_path: Path) -> None:
    stdin = ""
    target = ""
    if case.file == "-":
        stdin, target = case.content(), "-"
    elif case.file:
        target = str(tmp_path / case.file)
        Path(target).write_text(case.content(), encoding="utf-8", newline="")
    for number, step in enumerate(case.steps, 1):
        before = snapshot(seeded)
        argv = [target if a == "{file}" else a for a in step.argv]
        result = run(argv, seeded, stdin=stdin)
        where = f"step {number} {step.argv}"
        assert result.crash is None, f"{where}: {result.crash}"
        assert result.seconds < DEADLINE, f"{where}: {result.seconds:.1f} s"
        if step.expect == REFUSED:
            # import's report of refused events ends with its one summary line, as ever
            lines = [ln for ln in result.err.splitlines() if not SUMMARY.search(ln)]
            assert result.code != 0, f"{where}: accepted: {result.out[:300]}"
            assert len(lines) == 1, f"{where}: not one line: {result.err[:1000]}"
            assert step.names in lines[0], f"{where}: {lines[0]!r} does not name {step.names!r}"
            assert len(lines[0]) < 300, f"{where}: {lines[0][:400]}"
            assert snapshot(seeded) == before, f"{where}: the store changed"
        else:
            assert result.code == 0, f"{where}: {result.err[:1000]}"
            assert len(result.err.splitlines()) <= 1, f"{where}: {result.err[:1000]}"
            # an accepted input that was changed on the way says so (--jobs capped)
            assert step.names in result.err, f"{where}: {result.err!r} does not say {step.names!r}"


def test_readme_lists_every_case() -> None:
    """The table in README.md is the sweep's documentation: every case is in it, with its outcome."""
    text = (HERE / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(.+?)` \| (accepted|refused)", text, re.MULTILINE))
    for case in CASES:
        first_refusal = any(s.expect == REFUSED for s in case.steps)
        assert case.name in rows, f"{case.name!r} is not in tests/fuzz/README.md"
        assert rows[case.name] == (REFUSED if first_refusal else "accepted"), case.name
    assert len(rows) == len(CASES)


def test_real_process_refuses_a_hanging_rule(tmp_path: Path) -> None:
    """Once through `python -m agenda` itself (a timeout, not SIGALRM): the rule that hung."""
    import subprocess
    import sys

    from tests.fuzz.cases import ics

    path = tmp_path / "interval0.ics"
    path.write_text(ics("DTSTART:20270101T100000Z", "RRULE:FREQ=DAILY;INTERVAL=0"), newline="")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "agenda",
            "--store",
            str(tmp_path / "s.sqlite"),
            "import",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=DEADLINE * 3,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "line 9" in done.stderr and "INTERVAL=0" in done.stderr, done.stderr
