"""Time `EventStore.replace_calendar_events`: what a subscription's refresh costs in the store.

A read-only calendar is filled with N generated events (first refresh: all added), refreshed
with the same events (all unchanged), then with a tenth of them changed, a tenth gone and a
tenth new. Each figure is the median of `--runs` runs on a fresh store file, models built
beforehand (parsing a feed is not counted):

    python benchmarks/bench_replace.py --events 10000 --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from agenda.core.models import Event, parse_event
from agenda.core.store import EventStore


def events(n: int, *, salt: str = "", offset: int = 0) -> list[Event]:
    """`n` one-day events, ids feed-0.. (from `offset`), titles with `salt`."""
    first = date(2026, 1, 1)
    return [
        parse_event(
            {
                "id": f"feed-{i}",
                "title": f"Meeting {i}{salt}",
                "start": (first + timedelta(days=i % 700)).isoformat(),
                "kind": "meeting",
            }
        )
        for i in range(offset, offset + n)
    ]


def one_run(n: int) -> dict[str, float]:
    """Seconds of each step on a fresh store file."""
    base = events(n)
    tenth = n // 10
    # a tenth changed, a tenth gone (the last), a tenth new
    changed = events(tenth, salt=" (moved)") + base[tenth : n - tenth] + events(tenth, offset=n)
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        store = EventStore(Path(folder) / "s.sqlite3")
        store.add_calendar("feed", writable=False)
        for label, batch in (("first", base), ("same", base), ("a fifth changed", changed)):
            started = time.perf_counter()
            store.replace_calendar_events("feed", batch)
            out[label] = time.perf_counter() - started
        store.close()
    return out


def main() -> None:
    """Parse the arguments, run, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run(args.events) for _ in range(args.runs)]
    print(f"| refresh of {args.events:,} events | median s |")
    print("|---|---:|")
    for label in runs[0]:
        print(f"| {label} | {statistics.median(r[label] for r in runs):.2f} |")


if __name__ == "__main__":
    main()
