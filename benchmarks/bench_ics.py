"""Times iCalendar export and import of the benchmark calendars, beside calcurse and khal.

Every job is a fresh process, timed from spawn to exit; peak memory is its largest resident set
(ru_maxrss from `os.wait4`), CPU its user + system time (what a busy machine disturbs least).
With `--runs N` time and CPU are medians of N runs (the memory the largest seen). The output is a
Markdown table headed by the command, commit, date and load, to paste into docs/ics.md as it is. Calendars come from `benchmarks/generate.py` (benchmarks/out/N/: the agenda store,
events.ics written by the generator, a calcurse dir); a missing size is generated first.

Jobs, per size:

- export  `agenda export -o FILE` of the whole store (VTIMEZONEs, X-AGENDA-JSON, everything);
          `calcurse -D DIR -x` (iCalendar) of the same calendar, for comparison (no zones, no UIDs)
- import  `agenda import events.ics` (the generator's file, another writer's) into an empty
          store; `agenda import` of agenda's own export (bigger: it carries X-AGENDA-JSON);
          `calcurse -i events.ics` into an empty dir; `khal import --batch` (with --khal: slow)
- parse   with --icalendar: `icalendar.Calendar.from_ical` of the whole file in one piece,
          the approach the event-by-event reader avoids

    python benchmarks/bench_ics.py                       # 100k
    python benchmarks/bench_ics.py --runs 3 --agenda-only   # agenda's three jobs only
    python benchmarks/bench_ics.py --sizes 10000 --runs 3 --khal --icalendar
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
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
ROOT = HERE.parent
AGENDA = [sys.executable, "-m", "agenda"]
_VENV_KHAL = OUT / "khal-venv" / "bin" / "khal"
KHAL = str(_VENV_KHAL) if _VENV_KHAL.exists() else shutil.which("khal")


def run(
    cmd: list[str], env: dict[str, str] | None = None, cwd: str | None = None
) -> tuple[float, int, float]:
    """(seconds, peak RSS in bytes, CPU seconds user+sys) of one process; raises when it fails.

    The CPU time is the one number a busy machine disturbs little: compare it too."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty tool never blocks
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env={**os.environ, **(env or {})},
            cwd=cwd,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        err = errors.read().decode(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-500:]}")
    return elapsed, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


Measured = tuple[float, int, float]


def measure(
    runs: int, prepare: Callable[[], list[str]], env: dict[str, str] | None = None
) -> Measured:
    """Median time, largest peak, median CPU over `runs` runs; `prepare` resets state and gives
    the command."""
    times, peaks, cpus = [], [], []
    for _ in range(runs):
        seconds, peak, cpu = run(prepare(), env)
        times.append(seconds)
        peaks.append(peak)
        cpus.append(cpu)
    return statistics.median(times), max(peaks), statistics.median(cpus)


def calendar_dir(n: int) -> Path:
    folder = OUT / str(n)
    if not (folder / "agenda.sqlite3").exists() or not (folder / "events.ics").exists():
        sys.path.insert(0, str(HERE))
        import generate  # benchmarks/generate.py: the deterministic calendars

        generate.generate(n)
    return folder


Row = tuple[str, str, Measured | None]
"""(job, what, measurement or None for a note line)."""


def bench(
    n: int, runs: int, *, others: bool, with_khal: bool, with_icalendar: bool
) -> Iterator[Row]:
    folder = calendar_dir(n)
    work = Path(tempfile.mkdtemp(prefix=f"bench-ics-{n}-"))
    try:
        store = work / "store.sqlite3"
        shutil.copy(folder / "agenda.sqlite3", store)
        exported = work / "agenda-export.ics"
        measured = measure(
            runs, lambda: [*AGENDA, "--store", str(store), "export", "-o", str(exported)]
        )
        size = exported.stat().st_size
        yield (
            "export",
            f"`agenda export` of the whole store ({size / 1e6:.0f} MB written)",
            measured,
        )

        def fresh(source: Path) -> Callable[[], list[str]]:
            def prepare() -> list[str]:
                target = work / "import.sqlite3"
                for p in work.glob("import.sqlite3*"):
                    p.unlink()
                return [*AGENDA, "--store", str(target), "import", str(source)]

            return prepare

        size = (folder / "events.ics").stat().st_size
        yield (
            "import",
            f"`agenda import events.ics` (generator's file, {size / 1e6:.0f} MB)",
            measure(runs, fresh(folder / "events.ics")),
        )
        size = exported.stat().st_size
        yield (
            "import",
            f"`agenda import` of agenda's own export ({size / 1e6:.0f} MB)",
            measure(runs, fresh(exported)),
        )
        if others and shutil.which("calcurse"):
            cdir = folder / "calcurse"
            env = {"PATH": "/usr/bin:/bin", "TZ": "UTC", "HOME": str(work)}
            if cdir.exists():
                cmd = ["calcurse", "-D", str(cdir), "-x"]
                yield (
                    "export",
                    "`calcurse -x` (no zones, no UIDs)",
                    measure(runs, lambda: cmd, env),
                )

            def calcurse_import() -> list[str]:
                target = work / "calcurse"
                shutil.rmtree(target, ignore_errors=True)
                target.mkdir()
                return ["calcurse", "-D", str(target), "-q", "-i", str(folder / "events.ics")]

            yield ("import", "`calcurse -i events.ics`", measure(runs, calcurse_import, env))
        if with_khal and KHAL:
            yield _khal_import(folder, work)
        if with_icalendar:
            code = (
                "import sys, icalendar; data = open(sys.argv[1], 'rb').read(); "
                "cal = icalendar.Calendar.from_ical(data); print(len(cal.walk('VEVENT')))"
            )
            cmd = [sys.executable, "-c", code, str(folder / "events.ics")]
            yield ("parse", "`icalendar.Calendar.from_ical`, whole file in one piece", run(cmd))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _khal_import(folder: Path, work: Path) -> Row:
    vdir = work / "khal" / "calendar"
    vdir.mkdir(parents=True)
    config = work / "khal" / "config"
    config.write_text(
        "[calendars]\n[[calendar]]\npath = {}\n[locale]\ntimeformat = %H:%M\n"
        "dateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
        "longdatetimeformat = %Y-%m-%d %H:%M\n[sqlite]\npath = {}\n".format(
            vdir, work / "khal" / "cache.db"
        ),
        encoding="utf-8",
    )
    cmd = [str(KHAL), "-c", str(config), "import", "--batch", str(folder / "events.ics")]
    try:
        return ("import", "`khal import --batch events.ics`", run(cmd))
    except RuntimeError as exc:
        return ("import", f"`khal import --batch events.ics` failed: {str(exc)[:60]}", None)


def _s(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


def _mb(peak: int) -> str:
    return f"{peak / 1e6:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--runs", type=int, default=1, help="runs per job (median time)")
    parser.add_argument("--agenda-only", action="store_true", help="skip calcurse")
    parser.add_argument("--khal", action="store_true", help="also time khal import (minutes)")
    parser.add_argument("--icalendar", action="store_true", help="also parse with icalendar whole")
    args = parser.parse_args()
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    print(
        f"`{' '.join(['python benchmarks/bench_ics.py', *sys.argv[1:]])}`"
        f" at {commit or '?'}, {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC: "
        f"median of {args.runs} run(s) per job, whole process (spawn to exit), peak RSS from "
        f"`os.wait4`, CPU = user + system; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} "
        f"at start; Python {sys.version.split()[0]}\n"
    )
    print("| events | job | time | CPU | peak RSS |")
    print("|---:|---|---:|---:|---:|")
    for n in args.sizes:
        rows = bench(
            n,
            args.runs,
            others=not args.agenda_only,
            with_khal=args.khal,
            with_icalendar=args.icalendar,
        )
        for job, what, measured in rows:
            if measured is None:
                print(f"| {n:,} | {job}: {what} | | | |", flush=True)
                continue
            t, m, cpu = measured
            print(f"| {n:,} | {job}: {what} | {_s(t)} | {_s(cpu)} | {_mb(m)} |", flush=True)
    print(f"\n(load {os.getloadavg()[0]:.1f} at the end)")


if __name__ == "__main__":
    main()
