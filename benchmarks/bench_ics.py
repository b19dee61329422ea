"""Times iCalendar export and import of the benchmark calendars, beside calcurse and khal.

Every job is a fresh process, timed from spawn to exit; peak memory is its largest resident set
(ru_maxrss from `os.wait4`). With `--runs N` the time is the median of N runs (the memory the
largest seen). Calendars come from `benchmarks/generate.py` (benchmarks/out/N/: the agenda store,
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
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
ROOT = HERE.parent
AGENDA = [sys.executable, "-m", "agenda"]
_VENV_KHAL = OUT / "khal-venv" / "bin" / "khal"
Row = tuple[str, str, str, str]
KHAL = str(_VENV_KHAL) if _VENV_KHAL.exists() else shutil.which("khal")


def run(
    cmd: list[str], env: dict[str, str] | None = None, cwd: str | None = None
) -> tuple[float, int]:
    """(seconds, peak RSS in bytes) of one process; raises when it fails."""
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
    return elapsed, usage.ru_maxrss * 1024


def measure(runs: int, prepare: Callable[[], list[str]]) -> tuple[float, int]:
    """Median time and largest peak over `runs` runs; `prepare` resets state, gives the command."""
    times, peaks = [], []
    for _ in range(runs):
        cmd = prepare()
        seconds, peak = run(cmd)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def calendar_dir(n: int) -> Path:
    folder = OUT / str(n)
    if not (folder / "agenda.sqlite3").exists() or not (folder / "events.ics").exists():
        sys.path.insert(0, str(HERE))
        import generate  # benchmarks/generate.py: the deterministic calendars

        generate.generate(n)
    return folder


def bench(
    n: int, runs: int, with_khal: bool, with_icalendar: bool
) -> list[tuple[str, str, str, str]]:
    folder = calendar_dir(n)
    work = Path(tempfile.mkdtemp(prefix=f"bench-ics-{n}-"))
    try:
        store = work / "store.sqlite3"
        shutil.copy(folder / "agenda.sqlite3", store)
        exported = work / "agenda-export.ics"
        t, m = measure(
            runs, lambda: [*AGENDA, "--store", str(store), "export", "-o", str(exported)]
        )
        yield ("export", "agenda export (whole store)", _s(t), _mb(m))
        size = exported.stat().st_size
        yield ("", f"  file written: {size / 1e6:.0f} MB", "", "")

        def fresh(source: Path) -> Callable[[], list[str]]:
            def prepare() -> list[str]:
                target = work / "import.sqlite3"
                for p in work.glob("import.sqlite3*"):
                    p.unlink()
                return [*AGENDA, "--store", str(target), "import", str(source)]

            return prepare

        t, m = measure(runs, fresh(folder / "events.ics"))
        yield ("import", "agenda import events.ics (generator's file)", _s(t), _mb(m))
        t, m = measure(runs, fresh(exported))
        yield ("import", "agenda import of its own export", _s(t), _mb(m))

        if shutil.which("calcurse"):
            cdir = folder / "calcurse"
            env = {"PATH": "/usr/bin:/bin", "TZ": "UTC", "HOME": str(work)}
            if cdir.exists():
                t, m = _measure_env(runs, ["calcurse", "-D", str(cdir), "-x"], env)
                yield ("export", "calcurse -x (iCalendar; no zones, no UIDs)", _s(t), _mb(m))

            def calcurse_import() -> list[str]:
                target = work / "calcurse"
                shutil.rmtree(target, ignore_errors=True)
                target.mkdir()
                return ["calcurse", "-D", str(target), "-q", "-i", str(folder / "events.ics")]

            times, peaks = [], []
            for _ in range(runs):
                seconds, peak = run(calcurse_import(), env)
                times.append(seconds)
                peaks.append(peak)
            yield (
                ("import", "calcurse -i events.ics", _s(statistics.median(times)), _mb(max(peaks)))
            )
        if with_khal and KHAL:
            yield _khal_import(folder, work)
        if with_icalendar:
            code = (
                "import sys, icalendar; data = open(sys.argv[1], 'rb').read(); "
                "cal = icalendar.Calendar.from_ical(data); print(len(cal.walk('VEVENT')))"
            )
            t, m = run([sys.executable, "-c", code, str(folder / "events.ics")])
            yield ("parse", "icalendar.Calendar.from_ical, whole file", _s(t), _mb(m))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _measure_env(runs: int, cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    times, peaks = [], []
    for _ in range(runs):
        seconds, peak = run(cmd, env)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def _khal_import(folder: Path, work: Path) -> tuple[str, str, str, str]:
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
    try:
        t, m = run([str(KHAL), "-c", str(config), "import", "--batch", str(folder / "events.ics")])
    except RuntimeError as exc:
        return ("import", "khal import --batch events.ics", f"failed: {str(exc)[:60]}", "")
    return ("import", "khal import --batch events.ics", _s(t), _mb(m))


def _s(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


def _mb(peak: int) -> str:
    return f"{peak / 1e6:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--runs", type=int, default=1, help="runs per job (median time)")
    parser.add_argument("--khal", action="store_true", help="also time khal import (minutes)")
    parser.add_argument("--icalendar", action="store_true", help="also parse with icalendar whole")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(
        f"bench_ics: {args.runs} run(s) per job, whole process; {os.cpu_count()} CPUs, "
        f"load {load:.1f} at start; Python {sys.version.split()[0]}\n"
    )
    print("| events | job | what | time | peak RSS |")
    print("|---:|---|---|---:|---:|")
    for n in args.sizes:
        for job, what, t, m in bench(n, args.runs, args.khal, args.icalendar):
            print(f"| {n:,} | {job} | {what} | {t} | {m} |", flush=True)


if __name__ == "__main__":
    main()
