"""Running one hostile input through the real CLI, in process, with a deadline.

`run` calls `agenda.cli.main` with its own stdout/stderr, a store given by --store and a
SIGALRM deadline: a hang becomes a failed test (`Hang`) instead of a stuck CI job. `snapshot`
is the store's full SQL dump, compared before and after a refused input.
"""

from __future__ import annotations

import io
import signal
import sqlite3
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from agenda.cli import main
from agenda.core.clock import fixed_clock

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
DEADLINE = 10.0
"""Seconds one command may take; the issue's bar ("0 runs over 10 s")."""


class Hang(BaseException):  # BaseException: no `except Exception` in agenda swallows it
    """Raised in the main thread when a command runs past the deadline."""


@dataclass
class Result:
    code: int
    out: str
    err: str
    seconds: float
    crash: str | None = None
    """The traceback of an exception that escaped `main` (never wanted)."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def run(argv: list[str], store: Path, stdin: str = "") -> Result:
    """`agenda --store STORE *argv`, in process, output captured, under the deadline."""
    out_bytes, err = io.BytesIO(), io.StringIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", write_through=True)
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr = out, err
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    crash = None
    code = -1
    began = time.perf_counter()
    try:
        with deadline(DEADLINE):
            code = main(["--store", str(store), *argv], clock=fixed_clock(NOW))
    except Hang as exc:
        crash = f"hang: {exc}"
    except SystemExit as exc:  # argparse refusing a flag: a message and exit 2, as wanted
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # every escape is the failure being looked for
        crash = traceback.format_exc()
    finally:
        seconds = time.perf_counter() - began
        sys.stdout, sys.stderr, sys.stdin = saved
    return Result(
        code, out_bytes.getvalue().decode("utf-8", "replace"), err.getvalue(), seconds, crash
    )


def snapshot(store: Path) -> str:
    """Every row of the store as SQL text: equal snapshots mean an unchanged store."""
    conn = sqlite3.connect(store)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return "\n".join(conn.iterdump())
    finally:
        conn.close()
