"""mypy (default mode) on agenda/ against a baseline that may only shrink.

The baseline (mypy-baseline.txt) lists the errors known today, one a line, as `path: message
[code]` without line numbers, so that moving code does not break it. A new error fails the test;
so does a baseline line whose error is gone (delete the line: the baseline only shrinks).
Fix a new error rather than adding it to the baseline.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "mypy-baseline.txt"
_ERROR = re.compile(r"^(?P<path>[^:]+):\d+(?::\d+)?: error: (?P<message>.*)$")
_LINE_REF = re.compile(r"\bline \d+")


def normalise(output: str) -> Counter[str]:
    """mypy's errors as `path: message  [code]`, counted (notes and the summary dropped)."""
    found: Counter[str] = Counter()
    for line in output.splitlines():
        match = _ERROR.match(line)
        if match:
            message = _LINE_REF.sub("line N", match["message"])  # "defined on line 869"
            found[f"{match['path'].replace(chr(92), '/')}: {message}"] += 1
    return found


def read_baseline() -> Counter[str]:
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return Counter(line for line in lines if line.strip() and not line.startswith("#"))


def test_normalise_drops_line_numbers_and_notes() -> None:
    out = (
        "agenda/a.py:12: error: Bad thing  [misc]\n"
        "agenda/a.py:12: note: see here\n"
        "agenda/a.py:40: error: Bad thing  [misc]\n"
        'agenda/a.py:50: error: Name "x" already defined on line 7  [no-redef]\n'
        "Found 2 errors in 1 file (checked 1 source file)\n"
    )
    assert normalise(out) == Counter(
        {
            "agenda/a.py: Bad thing  [misc]": 2,
            'agenda/a.py: Name "x" already defined on line N  [no-redef]': 1,
        }
    )


def test_mypy_finds_no_error_beyond_the_baseline() -> None:
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--hide-error-context", "agenda"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr or result.stdout  # 2: mypy itself failed
    found = normalise(result.stdout)
    known = read_baseline()
    new = found - known
    gone = known - found
    assert not new, "mypy found new errors (fix them):\n" + "\n".join(
        line for line in result.stdout.splitlines() if _ERROR.match(line) and _key(line) in new
    )
    assert not gone, (
        f"these errors of {BASELINE.name} are fixed: delete their lines (the baseline only "
        "shrinks):\n" + "\n".join(sorted(gone))
    )


def _key(line: str) -> str:
    return next(iter(normalise(line)))
