"""Export and import of a calendar with series beside one without, and beside another checkout.

Times `agenda export -o FILE --jobs 1` of a store and `agenda import FILE` of that export into an
empty store, each a fresh process, round-robin over the calendars (so a busy machine disturbs
them alike), and prints the medians as a Markdown table. A calendar is `LABEL=CODE_DIR:STORE`: the
checkout whose `agenda` runs (PYTHONPATH) and the store it exports (copied first). Stores come from
`benchmarks/generate.py --sizes 10000 [--series 0.05]`; the "before" checkout from `git archive`.

    python benchmarks/bench_series_ics.py --runs 3 \\
        "before, plain=/tmp/old:/tmp/old/benchmarks/out/10000/agenda.sqlite3" \\
        "after, plain=.:benchmarks/out/10000/agenda.sqlite3" \\
        "after, 5% series=.:benchmarks/out/10000-series/agenda.sqlite3"
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
from pathlib import Path


def _run(code: Path, argv: list[str]) -> float:
    env = dict(os.environ, PYTHONPATH=str(code))
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "agenda", *argv], check=True, env=env, capture_output=True, cwd=code
    )
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("calendars", nargs="+", help="LABEL=CODE_DIR:STORE")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    jobs = {}
    for spec in args.calendars:
        label, _, where = spec.partition("=")
        code, _, store = where.partition(":")
        jobs[label] = (Path(code).resolve(), Path(store).resolve())
    times: dict[str, dict[str, list[float]]] = {k: {"export": [], "import": []} for k in jobs}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for _ in range(args.runs):
            for label, (code, store) in jobs.items():
                copy, fresh, out = tmp / "s.db", tmp / "fresh.db", tmp / "out.ics"
                shutil.copy(store, copy)
                fresh.unlink(missing_ok=True)
                argv = ["--store", str(copy), "export", "-o", str(out), "--jobs", "1"]
                times[label]["export"].append(_run(code, argv))
                sizes[label] = out.stat().st_size
                times[label]["import"].append(
                    _run(code, ["--store", str(fresh), "import", str(out)])
                )
    print(f"`{' '.join(sys.argv)}`, load {os.getloadavg()[0]:.1f}\n")
    print("| calendar | export (median) | import of that export (median) | file |")
    print("|---|---|---|---|")
    for label, t in times.items():
        print(
            f"| {label} | {statistics.median(t['export']):.2f} s | "
            f"{statistics.median(t['import']):.2f} s | {sizes[label] / 1e6:.1f} MB |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
