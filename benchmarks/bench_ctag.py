"""What each way of asking a CalDAV server "has the calendar changed?" costs it at 10k objects
(issue 17: a sync with nothing to do under 1 s at 10k; `agenda sync` asks for the sync-token).

    python benchmarks/bench_sync.py --sizes 10000 --seed --tools agenda   # once: fills the cache
    python benchmarks/bench_ctag.py --size 10000 --repeat 5

Starts Radicale on loopback over a copy of the seeded, warmed storage that `bench_sync.py
--seed` keeps (`benchmarks/out/N/radicale-warm/`) and times each request below `--repeat`
times, one after another on a quiet server: wall time seen by the client and the server's own
time from its log (median of each). The first row, a property the server answers without looking
at the objects, is the floor of one request.

`--xandikos DIR`: the same against Xandikos over a copy of a data folder that `bench_sync.py
--keep` saved (`DIR` = `KEEP/xandikos-10000-agenda`); its own time is its CPU time meanwhile.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_sync import HERE, request, start_server

AUTH = {"Authorization": "Basic YmVuY2g6eA=="}


def propfind(prop: str) -> tuple[str, dict[str, str], str]:
    body = (
        '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" '
        'xmlns:cs="http://calendarserver.org/ns/"><d:prop>'
        f"{prop}</d:prop></d:propfind>"
    )
    return "PROPFIND", {"Depth": "0", "Content-Type": "application/xml"}, body


def sync_report(token: str, limit: bool) -> tuple[str, dict[str, str], str]:
    body = (
        '<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:">'
        f"<d:sync-token>{token}</d:sync-token><d:sync-level>1</d:sync-level>"
        + ("<d:limit><d:nresults>1</d:nresults></d:limit>" if limit else "")
        + "<d:prop><d:getetag/></d:prop></d:sync-collection>"
    )
    return "REPORT", {"Depth": "1", "Content-Type": "application/xml"}, body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--xandikos", type=Path, metavar="DIR", help="a kept Xandikos cell")
    a = parser.parse_args()
    warm = HERE / "out" / str(a.size) / "radicale-warm"
    if a.xandikos is None and not warm.is_dir():
        raise SystemExit(f"{warm}: run bench_sync.py --sizes {a.size} --seed first")
    with tempfile.TemporaryDirectory(prefix="bench_ctag_") as tmp:
        work = Path(tmp)
        if a.xandikos is not None:
            shutil.copytree(a.xandikos / "data", work / "data")
            server = start_server("xandikos", work, fresh=False)
        else:
            shutil.copytree(warm, work / "data" / "collection-root")
            server = start_server("radicale", work, fresh=False)
        try:
            url = server.calendar_url
            method, headers, body = propfind("<d:sync-token/>")
            _, _, answer = request(url, method, body.encode(), {**AUTH, **headers}, None)
            found = re.search(r"<[^>]*sync-token>([^<]+)<", answer.decode())
            if found is None:
                raise SystemExit("no sync-token in the answer")
            token = found.group(1)
            cases = {
                "PROPFIND displayname (the floor)": propfind("<d:displayname/>"),
                "PROPFIND CS:getctag + sync-token (agenda's noop before)": propfind(
                    "<cs:getctag/><d:sync-token/>"
                ),
                "PROPFIND sync-token (agenda's noop now)": propfind("<d:sync-token/>"),
                "PROPFIND CS:getctag": propfind("<cs:getctag/>"),
                "PROPFIND getetag of the collection": propfind("<d:getetag/>"),
                "PROPFIND getlastmodified of the collection": propfind("<d:getlastmodified/>"),
                "REPORT sync-collection from the current token": sync_report(token, False),
                "REPORT sync-collection, limit 1 result": sync_report(token, True),
                "HEAD of the collection": ("HEAD", {}, ""),
            }
            print(f"| request ({server.kind}) | wall (median) | server's time (median) |")
            print("|---|---|---|")
            for label, (method, headers, body) in cases.items():
                walls: list[float] = []
                served: list[float] = []
                server.served()
                for _ in range(a.repeat):
                    start = time.perf_counter()
                    status, _, _ = request(url, method, body.encode(), {**AUTH, **headers}, None)
                    walls.append(time.perf_counter() - start)
                    served.append(server.served())
                    if status >= 400 and status != 507:
                        print(f"  {label}: HTTP {status}", file=sys.stderr)
                print(
                    f"| {label} | {statistics.median(walls) * 1000:.0f} ms | "
                    f"{statistics.median(served) * 1000:.0f} ms |",
                    flush=True,
                )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
