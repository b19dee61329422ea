"""Month grid benchmark: CPU per key of the month grid on the densest month of a generated store.

Runs the real App headless (Textual's `run_test`, 120x40) on `benchmarks/out/N/agenda.sqlite3`
(made by `benchmarks/generate.py`; generated here when missing), goes to the month with the most
events, opens the month grid (`4`) and presses keys one at a time, each followed by the pilot's
wait for the App to be idle: `→` (the next day: the cursor and the detail pane's list),
`↓` (the next week) and `]` / `[` (the next or previous month: a new window read from the store
and laid out); then, for comparison in the same run, `]` / `[` in the agenda list. The CPU time of each key (`time.process_time`, this process) is recorded; the
table gives the median and the worst of each kind. Each size runs in its own process.

    python benchmarks/bench_month.py                  # 100k events
    python benchmarks/bench_month.py --sizes 10000 100000

Prints a Markdown table (and writes it to benchmarks/out/bench_month.md). The target (issue 16.6)
is under 150 ms of CPU per key at 100k.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
KEYS = {
    "day (→)": "right",
    "week (↓)": "down",
    "month (] [)": "right_square_bracket",
    "for comparison, the agenda list: month (] [)": "right_square_bracket",
}


def store_path(n: int) -> Path:
    path = OUT / str(n) / "agenda.sqlite3"
    if not path.exists():
        sys.path.insert(0, str(HERE))
        import generate  # type: ignore[import-not-found]

        generate.generate(n, calcurse=False, quiet=True)
    return path


def densest_month(store: object) -> tuple[date, int]:
    """The first day of the month with the most events, and how many it has."""
    from agenda.core.store import EventStore

    assert isinstance(store, EventStore)
    bounds = store.date_bounds()
    assert bounds is not None
    best = (bounds[0].replace(day=1), -1)
    year, month = bounds[0].year, bounds[0].month
    while date(year, month, 1) <= bounds[1]:
        first = date(year, month, 1)
        nxt = date(year + month // 12, month % 12 + 1, 1)
        count = store.window_count(first, date.fromordinal(nxt.toordinal() - 1), viewer_tz="UTC")
        if count > best[1]:
            best = (first, count)
        year, month = nxt.year, nxt.month
    return best


def measure(n: int, repeat: int) -> dict[str, object]:
    """One UI session on the store of `n` events; runs in the current process."""
    sys.path.insert(0, str(ROOT))
    from agenda.core.clock import fixed_clock
    from agenda.core.config import Settings
    from agenda.core.store import EventStore
    from agenda.ui import make_app

    probe = EventStore(store_path(n))
    month, count = densest_month(probe)
    probe.close()
    clock = fixed_clock(datetime(month.year, month.month, 10, 12, tzinfo=UTC))
    store = EventStore(store_path(n), clock=clock)
    app = make_app(store, Settings(viewer_tz="UTC"), clock)
    result: dict[str, object] = {"events": store.count(), "month": f"{month:%B %Y}", "in": count}
    times: dict[str, list[float]] = {name: [] for name in KEYS}

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("t", "4")
            await pilot.pause()
            result["shown"] = len(app.timeline.targets)
            for name, key in KEYS.items():
                if name.startswith("for comparison"):
                    await pilot.press("1")
                    await pilot.pause()
                for i in range(repeat):
                    if key == "right_square_bracket":
                        # back and forth: the densest month and its neighbour, drawn in turn
                        key = "right_square_bracket" if i % 2 == 0 else "left_square_bracket"
                    elif key == "down" and i % 4 == 3:
                        key = "up"  # stay in the month: up a week now and then
                    cpu = time.process_time()
                    await pilot.press(key)
                    await pilot.pause()
                    times[name].append((time.process_time() - cpu) * 1000)
                    key = KEYS[name]

    asyncio.run(run())
    result["ms"] = {name: (statistics.median(t), max(t), len(t)) for name, t in times.items()}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeat", type=int, default=15, help="keys of each kind (default 15)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.repeat)))
        return
    lines = [
        "| events | month (events in it) | key | CPU per key, median | worst | keys |",
        "|---:|---|---|---:|---:|---:|",
    ]
    for n in args.sizes:
        store_path(n)
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--repeat", str(args.repeat)],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(done.stdout.strip().splitlines()[-1])
        for name, (median, worst, keys) in r["ms"].items():
            lines.append(
                f"| {int(r['events']):,} | {r['month']} ({r['in']}) | {name} "
                f"| {median:.0f} ms | {worst:.0f} ms | {keys} |"
            )
    table = "\n".join(lines)
    print(table)
    OUT.mkdir(exist_ok=True)
    (OUT / "bench_month.md").write_text(table + "\n")


if __name__ == "__main__":
    main()
