"""Record what the CLI prints and writes, so a refactoring can prove it changed nothing.

Runs `agenda list`, `show`, `search`, `export`, `dump` and `--help` of every command against the
bundled dataset and a generated store (benchmarks/generate.py), with a fixed zone, width and
window, and writes each output to a file under OUT. Run it before and after a change and diff
the two folders:

    python benchmarks/same_output.py --out /tmp/before
    ... change ...
    python benchmarks/same_output.py --out /tmp/after
    diff -r /tmp/before /tmp/after && echo identical

`--size N` picks the generated store (default 10000; generated if missing); `--series` the copy
with 5% of its events made series (out/N-series, `generate.py --series 0.05`), which also lists
each month of 2025 and its turn of the year (windows that series occurrences fall in and out of,
issue 14.3). The bundled dataset
is loaded once into benchmarks/out/bundled.sqlite3 and kept, so both records read the same
stores (delete benchmarks/out/ to start afresh). DTSTAMP lines (the moment of export) are dropped
from .ics output; nothing else is normalised.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUNDLED = ROOT / "data"

COMMANDS = [
    "list",
    "show",
    "search",
    "add",
    "edit",
    "delete",
    "load",
    "dump",
    "schema",
    "config",
    "tui",
    "export",
    "import",
    "serve",
    "sync",
    "extract",
]


def _run(agenda: list[str], args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [*agenda, *args], capture_output=True, text=True, env=env, timeout=600, check=False
    )
    text = f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
    return "\n".join(line for line in text.splitlines() if not line.startswith("DTSTAMP"))


def record(out: Path, size: int, *, series: bool = False) -> None:
    """Write every recorded output under `out` (`series`: of the store out/N-series)."""
    out.mkdir(parents=True, exist_ok=True)
    agenda = [sys.executable, "-m", "agenda"]
    work = Path(tempfile.mkdtemp(prefix="same-output-"))
    env = {
        **os.environ,
        "TZ": "UTC",
        "COLUMNS": "120",
        "NO_COLOR": "1",
        "AGENDA_CONFIG": str(work / "none.toml"),
    }
    try:
        # loaded once and kept (like the generated store), so that the time stamps a load
        # writes are the same in the "before" and "after" records
        bundled = HERE / "out" / "bundled.sqlite3"
        if not bundled.exists():
            bundled.parent.mkdir(parents=True, exist_ok=True)
            data_files = sorted(
                str(p) for p in BUNDLED.glob("*.toml") if "organization" not in p.name
            )
            _run(agenda, ["--store", str(bundled), "load", *data_files], env)
        folder = f"{size}-series" if series else str(size)
        generated = HERE / "out" / folder / "agenda.sqlite3"
        if not generated.exists():
            more = ["--series", "0.05"] if series else []
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), "--sizes", str(size), *more],
                check=True,
            )
        stores = {"bundled": bundled, f"gen{folder}": generated}
        (out / "help.txt").write_text(
            "\n".join(_run(agenda, [c, "--help"], env) for c in COMMANDS), encoding="utf-8"
        )
        for name, store in stores.items():
            s = ["--store", str(store)]
            cases = {
                "list-all": ["list", "--from", "2016-01-01", "--to", "2036-12-31"],
                "list-window": ["list", "--from", "2021-09-01", "--days", "30"],
                "list-json": ["list", "--from", "2021-09-01", "--days", "30", "--json"],
                "list-filtered": [
                    "list",
                    "--from",
                    "2016-01-01",
                    "--to",
                    "2036-12-31",
                    "--org",
                    "SCO",
                    "--kind",
                    "summit",
                ],
                "search": ["search", "Afghanistan"],
                "search-json": ["search", "Afghanistan", "--json"],
                "export": ["export", "--from", "2016-01-01", "--to", "2036-12-31", "--jobs", "1"],
                "dump-json": ["dump", "--format", "json"],
                "dump-toml": ["dump", "--format", "toml"],
                "show-missing": ["show", "no-such-event"],
            }
            if series and name != "bundled":
                for month in range(1, 13):
                    cases[f"list-2025-{month:02}"] = ["list", "--from", f"2025-{month:02}-01",
                                                      "--days", "31"]  # fmt: skip
                cases["list-turn-of-year"] = ["list", "--from", "2025-12-20", "--days", "20"]
                cases["list-one-day"] = ["list", "--from", "2025-03-14", "--days", "1"]
            for case, args in cases.items():
                (out / f"{name}-{case}.txt").write_text(_run(agenda, s + args, env), "utf-8")
            ids = _run(
                agenda,
                [
                    *s,
                    "list",
                    "--from",
                    "2016-01-01",
                    "--to",
                    "2036-12-31",
                    "--json",
                    "--limit",
                    "25",
                ],
                env,
            )
            for n, event_id in enumerate(sorted(set(_ids(ids)))[:25]):
                (out / f"{name}-show-{n:02}.txt").write_text(
                    _run(agenda, [*s, "show", event_id], env), "utf-8"
                )
                (out / f"{name}-show-json-{n:02}.txt").write_text(
                    _run(agenda, [*s, "show", event_id, "--json"], env), "utf-8"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _ids(listing: str) -> list[str]:
    import json

    body = listing.split("--- stdout\n", 1)[1].split("--- stderr", 1)[0]
    try:
        data = json.loads(body)
    except ValueError:
        return []
    items = data if isinstance(data, list) else data.get("events", [])
    return [item["id"] for item in items if isinstance(item, dict) and "id" in item]


def main() -> None:
    """Parse the arguments and record."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the outputs")
    parser.add_argument("--size", type=int, default=10000, help="generated store size")
    parser.add_argument("--series", action="store_true", help="the store with 5%% series")
    args = parser.parse_args()
    record(args.out, args.size, series=args.series)
    print(f"recorded in {args.out}")


if __name__ == "__main__":
    main()
