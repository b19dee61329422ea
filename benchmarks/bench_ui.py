"""UI benchmark: time to first screen, peak memory, and time to scroll a year, on a generated store.

Runs the real App headless (Textual's `run_test`, 120x40) on `benchmarks/out/N/agenda.sqlite3`
(made by `benchmarks/generate.py`; generated here when missing) with a fixed clock inside the data.
Each size runs in its own process, so the peak memory (ru_maxrss) is that of one UI session.

    python benchmarks/bench_ui.py                  # 100k events
    python benchmarks/bench_ui.py --sizes 1000 100000
    python benchmarks/bench_ui.py --series         # also out/100000-series (generate.py --series)

Prints a Markdown table (and writes it to benchmarks/out/bench_ui.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"


def store_path(n: int, folder: str | None = None) -> Path:
    path = OUT / (folder or str(n)) / "agenda.sqlite3"
    if not path.exists():
        sys.path.insert(0, str(HERE))
        import generate  # type: ignore[import-not-found]

        generate.generate(n, calcurse=False, quiet=True)
    return path


def measure(n: int, folder: str | None = None) -> dict[str, float]:
    """One UI session on the store of `n` events (in out/`folder`, default out/N); runs in the
    current process."""
    t0, cpu0 = time.perf_counter(), time.process_time()
    sys.path.insert(0, str(ROOT))
    from agenda.core.clock import fixed_clock
    from agenda.core.config import Settings
    from agenda.core.store import EventStore
    from agenda.ui import make_app

    meta_path = OUT / (folder or str(n)) / "meta.json"
    first = "2025-03-01"
    if meta_path.exists():
        first = json.loads(meta_path.read_text())["window_first"]
    clock = fixed_clock(datetime.fromisoformat(first).replace(hour=12, tzinfo=UTC))
    store = EventStore(store_path(n, folder), clock=clock)
    app = make_app(store, Settings(viewer_tz="UTC"), clock)
    result: dict[str, float] = {"events": store.count()}

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            result["first_screen_s"] = time.perf_counter() - t0
            # CPU as well: on a busy host the wall time is mostly waiting for a core
            result["first_screen_cpu_s"] = time.process_time() - cpu0
            result["shown"] = len(app.timeline.targets)
            start, cpu = time.perf_counter(), time.process_time()
            for _ in range(12):
                await pilot.press("right_square_bracket")
                await pilot.pause()
            result["year_by_month_s"] = time.perf_counter() - start
            result["year_by_month_cpu_s"] = time.process_time() - cpu
            start, cpu = time.perf_counter(), time.process_time()
            for _ in range(50):
                await pilot.press("pagedown")
            await pilot.pause()
            result["pagedown_x50_s"] = time.perf_counter() - start
            # the pilot waits for the process to be idle after each key (20 ms steps), so
            # wall time is mostly waiting; the CPU time is what a key costs
            result["pagedown_cpu_ms"] = (time.process_time() - cpu) * 1000 / 50
            cpu = time.process_time()
            for _ in range(50):
                await pilot.press("k")
            await pilot.pause()
            result["cursor_cpu_ms"] = (time.process_time() - cpu) * 1000 / 50
            start = time.perf_counter()
            await pilot.press("2")
            await pilot.pause()
            for _ in range(26):
                await pilot.press("right_square_bracket")
                await pilot.pause()
            result["year_span_view_s"] = time.perf_counter() - start

    asyncio.run(run())
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--series", action="store_true", help="also the N-series calendars")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.folder)))
        return
    rows = []
    runs = [(n, None) for n in args.sizes]
    if args.series:
        runs += [(n, f"{n}-series") for n in args.sizes]
    for n, folder in runs:
        store_path(n, folder)
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(n), *(["--folder", folder] if folder else [])],
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        rows[-1]["label"] = f"{n:,}" + (" + 5% series" if folder else "")
    lines = [
        "| events | first screen (CPU) | peak memory | a year, month by month (12 × `]`; CPU) "
        "| 50 × page down | page down, CPU per key | cursor move (`k`), CPU per key "
        "| a year in the span view (26 × `]`) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['label']} | {r['first_screen_s']:.2f} s ({r['first_screen_cpu_s']:.2f} s) "
            f"| {r['peak_rss_mb']:.0f} MB "
            f"| {r['year_by_month_s']:.2f} s ({r['year_by_month_cpu_s']:.2f} s) "
            f"| {r['pagedown_x50_s']:.2f} s "
            f"| {r['pagedown_cpu_ms']:.0f} ms | {r['cursor_cpu_ms']:.0f} ms "
            f"| {r['year_span_view_s']:.2f} s |"
        )
    table = "\n".join(lines)
    print(table)
    OUT.mkdir(exist_ok=True)
    (OUT / "bench_ui.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
