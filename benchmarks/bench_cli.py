"""Times whole `agenda` processes against khal and calcurse on the same calendars, in one run.

Each job is a fresh process with stdout piped (so output is plain, as in a script), timed from
spawn to exit; the figure is the median of `--runs` runs after one untimed warm-up run (which
also lets Python write its bytecode cache and khal build its own cache). Peak memory is the
largest resident set (ru_maxrss from `os.wait4`) seen over the timed runs.

Jobs, per size (calendars from `benchmarks/generate.py`, under benchmarks/out/N/):

- list    the 30-day window of meta.json   `agenda list --from D --days 30`,
          `khal list D 30d`, `calcurse -Q --from D --days 30`
- search  the planted word (every event that has it, in any field, must be found: checked)
          `agenda search W`, `khal search W`, `calcurse -G --filter-pattern W`
- search* a common word (thousands of hits at 100k): the same three commands
- show    one event by id: `agenda show ID`, `khal search ID` (khal matches the UID in the
          raw event text; it has no lookup by id); calcurse has none
- load    the whole calendar into an empty store: `agenda load events.json`,
          `khal import --batch events.ics`, `calcurse -i events.ics`

agenda runs from this checkout's venv (or `--agenda CMD`); khal from `benchmarks/out/khal-venv`
(made with `python -m venv benchmarks/out/khal-venv && benchmarks/out/khal-venv/bin/pip install
khal`); calcurse from PATH (`apt-get install -y calcurse`). A tool that is missing is skipped.

With `--series`, only agenda is timed, on each size's plain calendar and on its copy with 5% of
the events made series (`generate.py --series 0.05`, out/N-series/), the two alternating run by
run so that the host's drift falls on both alike (issue 14.3). `--before CMD` adds a second
agenda (say an install of main's tree, `git archive main | tar -x -C /tmp/base`, then a venv
there), timed in the same rotation: before and after a change, side by side.

    python benchmarks/bench_cli.py                          # every size that was generated
    python benchmarks/bench_cli.py --sizes 10000 --runs 11
    python benchmarks/bench_cli.py --series --sizes 100000 --runs 11
    python benchmarks/bench_cli.py --series --sizes 100000 --before /tmp/base/.venv/bin/agenda
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
ROOT = HERE.parent


@dataclass
class Timing:
    """Wall times (seconds) and peak RSS (KiB) of the timed runs of one job."""

    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kib: int = 0
    note: str = ""
    failed: str = ""

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.times) * 1000 if self.times else None


LAST_CPU = [0.0]
"""The CPU seconds of the last `run_once`: on a busy host they move less than the wall time."""


def run_once(
    cmd: list[str], env: dict[str, str], cwd: Path | None = None, timeout: float = 600
) -> tuple[float, int, int, bytes]:
    """Run `cmd` with stdout piped; returns (seconds, exit code, peak RSS KiB, stdout); its CPU
    seconds (user + system) are left in `LAST_CPU[0]`."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
        env=env, cwd=cwd,
    )  # fmt: skip
    assert proc.stdout is not None
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    LAST_CPU[0] = usage.ru_utime + usage.ru_stime
    if elapsed >= timeout:
        raise TimeoutError(f"> {timeout:.0f} s")
    return elapsed, proc.returncode, int(usage.ru_maxrss), out


def time_job(
    cmd: list[str],
    env: dict[str, str],
    runs: int,
    *,
    prepare: Any = None,
    check: Any = None,
    warm: bool = True,
    timeout: float = 600,
) -> Timing:
    """Median-able timings of `cmd`; `prepare()` runs before each run (untimed)."""
    t = Timing()
    try:
        if warm:
            if prepare:
                prepare()
            _, code, _, out = run_once(cmd, env, timeout=timeout)
            if code:
                t.failed = f"exit {code}"
                return t
            if check:
                t.note = check(out)
        for _ in range(runs):
            if prepare:
                prepare()
            elapsed, code, peak, out = run_once(cmd, env, timeout=timeout)
            if code:
                t.failed = f"exit {code}"
                return t
            if check and not warm and not t.note:
                t.note = check(out)
            t.times.append(elapsed)
            t.peak_kib = max(t.peak_kib, peak)
    except TimeoutError as exc:
        t.failed = str(exc)
    return t


def agenda_command(args: argparse.Namespace) -> list[str]:
    if args.agenda:
        return args.agenda.split()
    venv = ROOT / ".venv" / "bin" / "agenda"
    return [str(venv)] if venv.exists() else [sys.executable, "-m", "agenda"]


def base_env(home: Path) -> dict[str, str]:
    """A clean environment as a user's: UTC, empty XDG dirs (no settings file, so agenda finds
    its config path through platformdirs as usual), bytecode cache allowed."""
    env = {
        "PATH": f"{ROOT / '.venv' / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "TZ": "UTC",
        "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    return env


def count_agenda(out: bytes) -> int | None:
    match = re.search(rb"\xc2\xb7 (\d+) events?\b", out.splitlines()[0] if out else b"")
    return int(match.group(1)) if match else None


def bench_size(n: int, args: argparse.Namespace, home: Path) -> dict[str, dict[str, Timing]]:
    folder = OUT / str(n)
    meta = json.loads((folder / "meta.json").read_text())
    env = base_env(home)
    agenda = agenda_command(args)
    store = str(folder / "agenda.sqlite3")
    first = meta["window_first"]
    days = str(meta["window_days"])
    mdy = f"{first[5:7]}/{first[8:10]}/{first[:4]}"
    word, common = meta["search_word"], meta["common_word"]
    expected = len(meta["search_expected"])
    results: dict[str, dict[str, Timing]] = {}
    runs = args.runs
    load_runs = args.load_runs if n < 100_000 else max(1, args.load_runs // 3)

    def found_all(out: bytes) -> str:
        got = count_agenda(out)
        ok = got == expected and all(e.encode() in out for e in meta["search_expected"])
        return f"found {got}/{expected}" + ("" if ok else " MISSING SOME")

    def hits(out: bytes) -> str:
        return f"{count_agenda(out)} hits"

    tmp = home / "load"

    def fresh() -> None:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)

    jobs_agenda = {
        "list": [*agenda, "--store", store, "list", "--from", first, "--days", days],
        "search": [*agenda, "--store", store, "search", word],
        "search*": [*agenda, "--store", store, "search", common],
        "show": [*agenda, "--store", store, "show", meta["show_id"]],
    }
    checks = {"search": found_all, "search*": hits, "list": hits}
    row: dict[str, Timing] = {}
    for job, cmd in jobs_agenda.items():
        row[job] = time_job(cmd, env, runs, check=checks.get(job))
    row["load"] = time_job(
        [*agenda, "--store", str(tmp / "s.sqlite3"), "load", str(folder / "events.json")],
        env, load_runs, prepare=fresh, warm=False, timeout=args.timeout,
    )  # fmt: skip
    results["agenda"] = row

    khal = OUT / "khal-venv" / "bin" / "khal"
    if khal.exists() and not args.no_khal:
        cfg = str(folder / "khal" / "config")
        kcmd = [str(khal), "-c", cfg]
        row = {}
        cold = Timing()
        cache = folder / "khal" / "cache.db"
        if cache.exists():
            cache.unlink()
        try:
            elapsed, _, peak, _ = run_once([*kcmd, "list", first, f"{days}d"], env,
                                           timeout=args.timeout)  # fmt: skip
            cold.times.append(elapsed)
            cold.peak_kib = peak
        except TimeoutError as exc:
            cold.failed = str(exc)
        row["cold"] = cold
        row["list"] = time_job([*kcmd, "list", first, f"{days}d"], env, runs, timeout=args.timeout)
        row["search"] = time_job([*kcmd, "search", word], env, runs, timeout=args.timeout)
        row["search*"] = time_job([*kcmd, "search", common], env, runs, timeout=args.timeout)
        row["show"] = time_job([*kcmd, "search", meta["show_id"]], env, runs, timeout=args.timeout)
        kcfg = tmp / "config"

        def fresh_khal() -> None:
            fresh()
            (tmp / "cal").mkdir()
            kcfg.write_text(
                (folder / "khal" / "config")
                .read_text()
                .replace(str(folder / "khal" / "calendar"), str(tmp / "cal"))
                .replace(str(folder / "khal" / "cache.db"), str(tmp / "cache.db"))
            )

        row["load"] = time_job(
            [str(khal), "-c", str(kcfg), "import", "--batch", str(folder / "events.ics")],
            env, load_runs, prepare=fresh_khal, warm=False, timeout=args.timeout,
        )  # fmt: skip
        results["khal"] = row

    calcurse = shutil.which("calcurse")
    if calcurse and (folder / "calcurse").is_dir() and not args.no_calcurse:
        ccmd = [calcurse, "-D", str(folder / "calcurse")]
        row = {
            "list": time_job([*ccmd, "-Q", "--from", mdy, "--days", days], env, runs),
            "search": time_job([*ccmd, "-G", "--filter-pattern", word], env, runs),
            "search*": time_job([*ccmd, "-G", "--filter-pattern", common], env, runs),
            "load": time_job(
                [calcurse, "-D", str(tmp), "-q", "-i", str(folder / "events.ics")],
                env,
                load_runs,
                prepare=fresh,
                warm=False,
                timeout=args.timeout,
            ),
        }
        results["calcurse"] = row
    return results


def bench_series(n: int, args: argparse.Namespace, home: Path) -> dict[str, tuple[Timing, ...]]:
    """The agenda jobs on out/N and out/N-series, alternating run by run: {job: (plain, series)}
    or, with `--before CMD`, {job: (plain before, series before, plain, series)}."""
    env = base_env(home)
    agendas = [agenda_command(args)]
    if args.before:
        agendas.insert(0, args.before.split())
    out: dict[str, tuple[Timing, ...]] = {}
    cmds: list[dict[str, list[str]]] = []
    checks: list[dict[str, Any]] = []
    sides = [(a, f) for a in agendas for f in (OUT / str(n), OUT / f"{n}-series")]
    for agenda, folder in sides:
        meta = json.loads((folder / "meta.json").read_text())
        store = str(folder / "agenda.sqlite3")
        expected = meta["search_expected"]

        def found_all(text: bytes, expected: list[str] = expected) -> str:
            got = count_agenda(text)
            ok = got == len(expected) and all(e.encode() in text for e in expected)
            return f"found {got}/{len(expected)}" + ("" if ok else " MISSING SOME")

        def hits(text: bytes) -> str:
            return f"{count_agenda(text)} hits"

        cmds.append({
            "list": [*agenda, "--store", store, "list", "--from", meta["window_first"], "--days",
                     str(meta["window_days"])],
            "search": [*agenda, "--store", store, "search", meta["search_word"]],
            "search*": [*agenda, "--store", store, "search", meta["common_word"]],
            "show": [*agenda, "--store", store, "show", meta["show_id"]],
        })  # fmt: skip
        checks.append({"list": hits, "search": found_all, "search*": hits})
    for job in cmds[0]:
        pair = tuple(Timing() for _ in sides)
        for side in range(len(sides)):  # warm-up, and the check of what was found
            _, code, _, text = run_once(cmds[side][job], env, timeout=args.timeout)
            pair[side].failed = f"exit {code}" if code else ""
            check = checks[side].get(job)
            pair[side].note = check(text) if check else ""
        for _ in range(args.runs):
            for side in range(len(sides)):
                elapsed, _, peak, _ = run_once(cmds[side][job], env, timeout=args.timeout)
                pair[side].times.append(elapsed)
                pair[side].cpu.append(LAST_CPU[0])
                pair[side].peak_kib = max(pair[side].peak_kib, peak)
        out[job] = pair
    return out


def series_table(results: dict[int, dict[str, tuple[Timing, ...]]]) -> str:
    if any(len(t) == 4 for res in results.values() for t in res.values()):
        return before_table(results)
    lines = [
        "| events | job | plain | with 5% series | series/plain | plain check | series check |",
        "|---:|---|---:|---:|---:|---|---|",
    ]
    for n, res in results.items():
        for job, (plain, series) in res.items():
            times = ratio(series, plain).strip(" ()")
            lines.append(
                f"| {n:,} | {LABELS[job]} | {fmt_ms(plain)} | {fmt_ms(series)} | {times}"
                f" | {plain.note} | {series.note} |"
            )
    return "\n".join(lines)


def before_table(results: dict[int, dict[str, tuple[Timing, ...]]]) -> str:
    """The `--before` table: each calendar by the two commands, side by side."""
    lines = [
        "| events | job | plain, before | plain, after | series, before | series, after"
        " | series after/before | CPU: plain before, after; series before, after"
        " | checks (before = after?) |",
        "|---:|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for n, res in results.items():
        for job, (plain0, series0, plain1, series1) in res.items():
            same = plain0.note == plain1.note and series0.note == series1.note
            lines.append(
                f"| {n:,} | {LABELS[job]} | {fmt_ms(plain0)} | {fmt_ms(plain1)} | {fmt_ms(series0)}"
                f" | {fmt_ms(series1)} | {ratio(series1, series0).strip(' ()')}"
                f" | {'; '.join(cpu_ms(t) for t in (plain0, plain1, series0, series1))}"
                f" | {plain1.note}; {series1.note} ({'same' if same else 'DIFFERENT'}) |"
            )
    return "\n".join(lines)


def cpu_ms(t: Timing) -> str:
    return f"{statistics.median(t.cpu) * 1000:.0f} ms" if t.cpu else "—"


def fmt_ms(t: Timing | None) -> str:
    if t is None:
        return "—"
    if t.failed:
        return f"failed ({t.failed})"
    ms = t.median_ms
    if ms is None:
        return "—"
    return f"{ms / 1000:.1f} s" if ms >= 10_000 else f"{ms:.0f} ms"


def ratio(a: Timing, b: Timing | None) -> str:
    if b is None or b.failed or not b.times or not a.times:
        return ""
    return f" ({a.median_ms / b.median_ms:.2f}×)"  # type: ignore[operator]


LABELS = {
    "list": "`list` 30-day window",
    "search": "`search` planted word",
    "search*": "`search` common word",
    "show": "`show ID`",
    "load": "`load` whole calendar",
}


def table(all_results: dict[int, dict[str, dict[str, Timing]]]) -> str:
    lines = [
        "| events | job | agenda | agenda peak RSS | khal (agenda/khal) | calcurse (agenda/calcurse)"
        " | agenda check |",
        "|---:|---|---:|---:|---:|---:|---|",
    ]
    for n, res in all_results.items():
        ag = res["agenda"]
        kh = res.get("khal", {})
        cc = res.get("calcurse", {})
        for job in LABELS:
            a = ag[job]
            k, c = kh.get(job), cc.get(job)
            lines.append(
                f"| {n:,} | {LABELS[job]} | {fmt_ms(a)} | {a.peak_kib / 1024:.0f} MB"
                f" | {fmt_ms(k)}{ratio(a, k)} | {fmt_ms(c)}{ratio(a, c)} | {a.note} |"
            )
        if "cold" in kh:
            lines.append(
                f"| {n:,} | khal first run (builds its cache) | | | {fmt_ms(kh['cold'])} | | |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per job (median)")
    parser.add_argument("--load-runs", type=int, default=3, help="timed runs of load (1 at 100k)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a run is cut")
    parser.add_argument("--agenda", help="command that runs agenda (default: the venv's)")
    parser.add_argument("--no-khal", action="store_true")
    parser.add_argument("--no-calcurse", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the raw timings here")
    parser.add_argument("--series", action="store_true", help="plain against 5%% series (N-series)")
    parser.add_argument(
        "--before",
        help="with --series: also time this command (another tree's agenda), alternating",
    )
    args = parser.parse_args()
    if args.series:
        found = sorted(
            int(p.name.split("-")[0]) for p in OUT.iterdir() if p.name.endswith("-series")
        )
        series_results = {}
        with tempfile.TemporaryDirectory(prefix="agenda-bench-") as home:
            for n in args.sizes or found:
                print(f"timing {n} events, plain and with series ...", file=sys.stderr, flush=True)
                series_results[n] = bench_series(n, args, Path(home))
        print(
            f"Median of {args.runs} runs each, alternating, whole process, stdout piped; "
            f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}.\n"
        )
        print(series_table(series_results))
        return
    sizes = args.sizes or sorted(
        int(p.name) for p in OUT.iterdir() if p.name.isdigit() and (p / "meta.json").exists()
    )
    if not sizes:
        sys.exit("no calendars: run `python benchmarks/generate.py` first")
    results: dict[int, dict[str, dict[str, Timing]]] = {}
    with tempfile.TemporaryDirectory(prefix="agenda-bench-") as home:
        for n in sizes:
            print(f"timing {n} events ...", file=sys.stderr, flush=True)
            results[n] = bench_size(n, args, Path(home))
    print(
        f"Median of {args.runs} runs (load: {args.load_runs}, 1 at 100k), whole process, stdout "
        f"piped; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}.\n"
    )
    print(table(results))
    if args.json:
        raw = {
            str(n): {tool: {job: vars(t) for job, t in row.items()} for tool, row in res.items()}
            for n, res in results.items()
        }
        args.json.write_text(json.dumps(raw, indent=1) + "\n")


if __name__ == "__main__":
    main()
