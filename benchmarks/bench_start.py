"""Start-up cost of `agenda`: whole short commands and the imports they need, side by side.

Each figure is the median of `--runs` fresh processes (after one untimed warm-up that writes the
bytecode caches), stdout piped. For every source tree given with `--src LABEL=DIR` (the default
is this checkout) the same jobs run in the same loop, so two trees are compared on the same
machine at the same moment:

- `python -c pass`            the interpreter alone (the floor)
- `agenda --version`, `agenda --help`
- `agenda list`, `search`, `show` on a small store (the bundled Dushanbe 2021 dataset)

"wall" is spawn to exit. "imports" is the `-X importtime` total (self times) of every module the
command imports beyond those `python -c pass` imports itself: agenda.* and its dependencies,
whether imported at start or later by the command; "modules" is how many such modules (the
same in every run, so it is the figure that a busy machine does not blur).

agenda runs as its console script does (`from agenda.cli import main; sys.exit(main())`) with
PYTHONPATH set to the tree, so an older commit can be measured from a second worktree:

    git worktree add --detach /tmp/startbase main
    python benchmarks/bench_start.py --src before=/tmp/startbase --src after=. --runs 21
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENTRY = "import sys; from agenda.cli import main; sys.exit(main())"
SHOW_ID = "2021-09-16-csto-collective-security-council"


def jobs(store: str) -> list[tuple[str, list[str] | None]]:
    """(label, agenda arguments); None is the bare interpreter."""
    return [
        ("python -c pass", None),
        ("agenda --version", ["--version"]),
        ("agenda --help", ["--help"]),
        ("agenda list", ["--store", store, "list", "--from", "2021-09-01", "--days", "30"]),
        ("agenda search", ["--store", store, "search", "Afghanistan"]),
        ("agenda show", ["--store", store, "show", SHOW_ID]),
    ]


def command(args: list[str] | None, *, importtime: bool = False) -> list[str]:
    flags = ["-X", "importtime"] if importtime else []
    if args is None:
        return [sys.executable, *flags, "-c", "pass"]
    return [sys.executable, *flags, "-c", ENTRY, *args]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    # run from HOME (a temporary folder): `python -c` puts the working directory first on
    # sys.path, which would shadow PYTHONPATH with whatever agenda/ is in the current folder
    start = time.perf_counter()
    done = subprocess.run(
        cmd, env=env, cwd=env["HOME"], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stderr


def imported(stderr: str) -> dict[str, int]:
    """Module -> self time (µs) from `-X importtime` output."""
    times: dict[str, int] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _, name = line[len("import time:") :].split("|")
        times[name.strip()] = int(self_us)
    return times


def make_store(directory: Path, env: dict[str, str], src: Path, label: str) -> str:
    """The bundled dataset loaded by tree `src` itself (an older tree reads only its own schema)."""
    store = directory / f"small-{label}.sqlite3"
    code = (
        "import sys; from agenda.core import datafile; from agenda.core.store import EventStore\n"
        "s = EventStore(sys.argv[1]); s.put_many(datafile.load(sys.argv[2])); s.close()"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(store), str(src / "data" / "dushanbe-2021.toml")],
        env={**env, "PYTHONPATH": str(src)},
        cwd=directory,
        check=True,
    )
    return str(store)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", action="append", help="LABEL=DIR, a source tree (repeatable)")
    parser.add_argument("--runs", type=int, default=15)
    opts = parser.parse_args()
    trees = [s.split("=", 1) for s in opts.src or [f"this={ROOT}"]]
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(home),
            "TZ": "UTC",
            "LANG": "C.UTF-8",
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
        }
        envs = {label: {**env, "PYTHONPATH": str(Path(d).resolve())} for label, d in trees}
        stores = {label: make_store(home, env, Path(d).resolve(), label) for label, d in trees}
        for label, e in envs.items():  # each tree must be the one that is imported
            probe = [sys.executable, "-c", "import agenda.cli; print(agenda.cli.__file__)"]
            where = subprocess.run(probe, env=e, cwd=home, capture_output=True, text=True)
            if not where.stdout.startswith(e["PYTHONPATH"]):
                raise SystemExit(f"{label}: agenda comes from {where.stdout.strip()}")
        base_modules = set(imported(run(command(None, importtime=True), env)[1]))
        wall: dict[tuple[str, str], list[float]] = {}
        imp: dict[tuple[str, str], list[int]] = {}
        count: dict[tuple[str, str], int] = {}
        for label, e in envs.items():  # warm-up: bytecode caches
            for _, args in jobs(stores[label]):
                run(command(args), e)
        for _ in range(opts.runs):
            for index, (name, _) in enumerate(jobs("")):
                for label, e in envs.items():
                    args = jobs(stores[label])[index][1]
                    wall.setdefault((name, label), []).append(run(command(args), e)[0])
                    times = imported(run(command(args, importtime=True), e)[1])
                    extra = sum(t for m, t in times.items() if m not in base_modules)
                    imp.setdefault((name, label), []).append(extra)
                    count[name, label] = len(set(times) - base_modules)
    labels = [label for label, _ in trees]
    head = " | ".join(f"{label} wall | {label} imports | {label} modules" for label in labels)
    print(f"| command | {head} |")
    print("|---|" + "---:|" * (3 * len(labels)))
    for name, _ in jobs(""):
        cells = []
        for label in labels:
            cells.append(f"{statistics.median(wall[name, label]) * 1000:.1f} ms")
            cells.append(f"{statistics.median(imp[name, label]) / 1000:.1f} ms")
            cells.append(str(count[name, label]))
        print(f"| `{name}` | " + " | ".join(cells) + " |")
    print(f"\nmedian of {opts.runs} runs; Python {sys.version.split()[0]}; {sys.executable}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
