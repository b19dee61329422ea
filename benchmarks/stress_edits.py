"""Concurrent writers on one store: does every edit that said it succeeded survive?

`--writers` processes each run `agenda edit EVENT --source-url http://cliW.example/I` `--edits`
times (through `agenda.cli.main`, one store opening per edit, as a shell loop does, without the
interpreter start-up). Each edit adds a source with a URL no other edit uses, so after the run the
stored event must hold the URL of every edit that exited 0, and its SEQUENCE must have grown by
their number. An exception that escapes `main` (a traceback a person would see) is counted.

`--mode add`: every writer runs `agenda add --id race-I` for the same ids: each id must be added
by exactly one writer (the others told it exists), and hold that writer's title.
`--mode delete`: every writer runs `agenda delete race-I --yes` on the same stored ids: each must
be deleted by exactly one (the others told there is no such event).

    python benchmarks/stress_edits.py                       # 3 writers x 200 edits
    python benchmarks/stress_edits.py --writers 3 --edits 20 --store /tmp/s.sqlite3
    python benchmarks/stress_edits.py --mode add            # or --mode delete

Prints `ok: N, failed: N, lost: N, tracebacks: N, ...` and exits 1 when an edit was lost (or an
id added or deleted twice) or a traceback seen.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EVENT = "2021-09-16-csto-collective-security-council"


def _argv(mode: str, store: str, writer: int, i: int) -> list[str]:
    if mode == "add":
        title = f"by writer {writer}"
        return [
            "--store",
            store,
            "add",
            f"--id=race-{i}",
            "--title",
            title,
            "--start",
            "2021-10-01",
        ]
    if mode == "delete":
        return ["--store", store, "delete", f"race-{i}", "--yes"]
    return ["--store", store, "edit", EVENT, "--source-url", f"http://cli{writer}.example/{i}"]


def worker(store: str, writer: int, edits: int, mode: str) -> None:
    """Run the edits of one writer; prints one JSON line: the URLs that succeeded, tracebacks."""
    from agenda import cli

    ok: list[str] = []
    failed: list[str] = []
    tracebacks: list[str] = []
    for i in range(edits):
        url = f"http://cli{writer}.example/{i}" if mode == "edit" else f"race-{i}@{writer}"
        err = io.StringIO()
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                code = cli.main(_argv(mode, store, writer, i))
        except BaseException:  # what a person would see as a traceback
            tracebacks.append(traceback.format_exc(limit=3))
            continue
        if code == 0:
            ok.append(url)
        else:
            failed.append(err.getvalue().strip())
    print(json.dumps({"ok": ok, "failed": failed, "tracebacks": tracebacks}))


def run(
    store: str, writers: int, edits: int, timeout: float, mode: str = "edit"
) -> dict[str, object]:
    """Fill `store` with the bundled data, run the writers at once, and check the result."""
    from agenda.core import datafile
    from agenda.core.store import EventStore

    with EventStore(store) as s:
        s.put_many(datafile.load(ROOT / "data" / "dushanbe-2021.toml"))
        if mode == "delete":
            s.put_many(
                [
                    s.get(EVENT).model_copy(update={"id": f"race-{i}", "sources": []})
                    for i in range(edits)
                ]
            )
        before = s.get(EVENT)
    procs = [
        subprocess.Popen(
            [
                *(sys.executable, __file__, "--worker", str(w), "--store", store),
                *("--edits", str(edits), "--mode", mode),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for w in range(writers)
    ]
    ok: list[str] = []
    failed: list[str] = []
    tracebacks: list[str] = []
    started = time.monotonic()
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=max(1.0, timeout - (time.monotonic() - started)))
        except subprocess.TimeoutExpired:
            for p in procs:
                p.kill()
            raise
        if proc.returncode != 0:
            tracebacks.append(err.strip() or f"writer exited {proc.returncode}")
            continue
        result = json.loads(out.strip().splitlines()[-1])
        ok += result["ok"]
        failed += result["failed"]
        tracebacks += result["tracebacks"]
    seconds = time.monotonic() - started
    with EventStore(store) as s:
        after = s.get(EVENT)
        if mode == "edit":
            stored = {src.url for src in after.sources}
            lost = [u for u in ok if u not in stored]
        else:
            winners: dict[str, list[str]] = {}
            for tag in ok:
                event_id, writer = tag.split("@")
                winners.setdefault(event_id, []).append(writer)
            twice = [i for i, w in winners.items() if len(w) > 1]
            if mode == "add":  # each id added once, holding its adder's title
                lost = twice + [
                    i
                    for i, w in winners.items()
                    if not s.exists(i) or s.get(i).title != f"by writer {w[-1]}"
                ]
                lost += [f"race-{i}" for i in range(edits) if f"race-{i}" not in winners]
            else:  # each id deleted once, none left
                lost = twice + [f"race-{i}" for i in range(edits) if s.exists(f"race-{i}")]
    return {
        "ok": len(ok),
        "failed": len(failed),
        "lost": len(lost),
        "tracebacks": len(tracebacks),
        "sequence": after.sequence - before.sequence,
        "seconds": round(seconds, 1),
        "failures": sorted(set(failed))[:5],
        "traceback_samples": tracebacks[:2],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--store", help="the store to create (default: a temporary file)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds for the whole run")
    parser.add_argument("--mode", choices=("edit", "add", "delete"), default="edit")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    a = parser.parse_args()
    if a.worker is not None:
        worker(a.store, a.worker, a.edits, a.mode)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        store = a.store or str(Path(tmp) / "stress.sqlite3")
        r = run(store, a.writers, a.edits, a.timeout, a.mode)
    print(
        f"{a.mode}: {a.writers} writers x {a.edits} in {r['seconds']} s: ok: {r['ok']}, "
        f"failed: {r['failed']}, lost: {r['lost']}, tracebacks: {r['tracebacks']}, "
        f"sequence: +{r['sequence']}"
    )
    for line in r["failures"]:  # type: ignore[attr-defined]
        print(f"  failure: {line}")
    for text in r["traceback_samples"]:  # type: ignore[attr-defined]
        print(f"  traceback: {text}")
    return 1 if r["lost"] or r["tracebacks"] else 0


if __name__ == "__main__":
    sys.exit(main())
