"""Times the per-event formatter (`VeventFormatter.event`) over every event of a store: this
checkout against an older one, in interleaved rounds, medians. For changes to the hot path whose
cost a whole `agenda export` (spawn, store, VTIMEZONEs, writing) would hide in its noise.

    git archive 2d706fb agenda | tar -x -C /tmp/base
    python benchmarks/bench_vevent.py --base /tmp/base --store benchmarks/out/100000/agenda.sqlite3
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sqlite3
import statistics
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from agenda.ics import write as current


def _load(base: Path) -> ModuleType:
    """The older checkout's agenda/ics/write.py as a module of its own (it imports the rest of
    agenda from this checkout: only the formatter is compared)."""
    spec = importlib.util.spec_from_file_location("base_write", base / "agenda/ics/write.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _time(module: ModuleType, items: list[tuple[dict[str, Any], str]]) -> float:
    formatter = module.VeventFormatter("20261126T120000Z")
    start = time.perf_counter()
    for d, text in items:
        formatter.event(d, text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="an older checkout (git archive)")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    rows = sqlite3.connect(args.store).execute("SELECT data FROM events").fetchall()
    items = [(json.loads(text), text) for (text,) in rows]
    modules = {"before": _load(args.base), "after": current}
    times: dict[str, list[float]] = {name: [] for name in modules}
    for _ in range(args.rounds):
        for name, module in modules.items():
            times[name].append(_time(module, items))
    for name, runs in times.items():
        median = statistics.median(runs)
        print(
            f"{name}: median {median * 1000:.0f} ms for {len(items):,} events "
            f"({median / len(items) * 1e6:.2f} µs an event; {args.rounds} rounds)"
        )


if __name__ == "__main__":
    main()
