"""`agenda remind` on a large store: whole processes, median of `--runs` (issue 16.4: < 80 ms at
100k events).

The generated store (benchmarks/generate.py; made if missing) is copied and every `--every`th
event gets two reminders (1d and 2h) through `EventStore.put_many`, so ~10% of the store carries
reminders. Then `agenda remind` runs as a fresh process (stdout piped, one untimed warm-up) at a
fixed instant in the densest part of the calendar (1 March 2025, 12:00 UTC), through
`agenda.cli.main` with that clock, for `--within` 24h and 7d; `python -c pass` is the floor.

    python benchmarks/bench_remind.py --size 100000 --runs 11
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NOW = "2025-03-01T12:00:00+00:00"
RUN = (
    "import sys; from datetime import datetime; from agenda.cli import main; "
    "from agenda.core.clock import fixed_clock; "
    f"sys.exit(main(sys.argv[1:], clock=fixed_clock(datetime.fromisoformat({NOW!r}))))"
)


def prepare(size: int, every: int, folder: Path) -> Path:
    """A copy of the generated store with reminders on every `every`th event."""
    source = HERE / "out" / str(size) / "agenda.sqlite3"
    if not source.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--sizes", str(size), "--no-calcurse"],
            check=True,
        )
    target = folder / "remind.sqlite3"
    shutil.copyfile(source, target)
    sys.path.insert(0, str(ROOT))
    from agenda.core.store import EventStore

    with EventStore(target) as store:
        ids = [r[0] for r in store.conn.execute("SELECT id FROM events ORDER BY id")][::every]
        events = store.get_many(ids)
        both = [timedelta(days=1), timedelta(hours=2)]
        store.put_many([e.model_copy(update={"reminders": both}) for e in events])
    return target


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return elapsed, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--every", type=int, default=10, help="reminders on every Nth event")
    parser.add_argument("--runs", type=int, default=11)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = prepare(opts.size, opts.every, folder)
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": tmp,
            "TZ": "UTC",
            "LANG": "C.UTF-8",
            "AGENDA_CONFIG": str(folder / "none.toml"),
            "PYTHONPATH": str(ROOT),
        }
        with_reminders = 0
        sys.path.insert(0, str(ROOT))
        import sqlite3

        with sqlite3.connect(store) as conn:
            with_reminders = conn.execute(
                "SELECT count(*) FROM events WHERE json_array_length(data, '$.reminders') > 0"
            ).fetchone()[0]
        jobs = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "agenda remind (24h)": [sys.executable, "-c", RUN, "--store", str(store), "remind"],
            "agenda remind --within 7d": [
                sys.executable, "-c", RUN, "--store", str(store), "remind", "--within", "7d",
            ],
            "agenda remind --within 7d --json": [
                sys.executable, "-c", RUN, "--store", str(store), "remind", "--within", "7d",
                "--json",
            ],
        }  # fmt: skip
        results: dict[str, list[float]] = {name: [] for name in jobs}
        lines: dict[str, int] = {}
        for cmd in jobs.values():
            timed(cmd, env)  # warm-up
        for _ in range(opts.runs):
            for name, cmd in jobs.items():
                elapsed, out = timed(cmd, env)
                results[name].append(elapsed)
                lines[name] = len(out.splitlines())
    print(f"{opts.size:,} events, {with_reminders:,} with reminders (1d, 2h); now = {NOW}")
    print("| job | median wall | lines printed |")
    print("|---|---:|---:|")
    for name, values in results.items():
        print(f"| `{name}` | {statistics.median(values) * 1000:.1f} ms | {lines[name]} |")
    print(f"\nmedian of {opts.runs} runs; Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
