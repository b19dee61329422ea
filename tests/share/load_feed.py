"""Load measurement of `agenda serve` (not a test; docs/sharing.md quotes its output).

    python tests/share/load_feed.py STORE [--clients 200] [--rounds 5]

Copies STORE to a temp dir, serves it on a free loopback port in this process, then runs CLIENTS
threads that each make ROUNDS requests (full feed, a filtered feed, conditional requests with the
ETag they got, half of them asking for gzip), all started together. Prints the counts, the wall
time, requests per second, and latency percentiles. Every request has a 30 s timeout.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from agenda.core.store import EventStore
from agenda.share.feed import make_server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    a = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "agenda.sqlite3"
        shutil.copy(a.store, path)
        store = EventStore(path)
        server = make_server(store, "127.0.0.1", 0)
        port = server.server_address[1]
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
        thread.start()
        t0 = time.perf_counter()
        first = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        first.request("GET", "/calendar.ics")
        body = first.getresponse().read()
        cold = time.perf_counter() - t0
        first.close()
        barrier = threading.Barrier(a.clients, timeout=30)
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        lock = threading.Lock()

        def client(i: int) -> None:
            barrier.wait()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            etags: dict[str, str | None] = {}
            for r in range(a.rounds):
                target = "/calendar.ics" if (i + r) % 2 else "/calendar.ics?kind=summit"
                headers = {"Accept-Encoding": "gzip"} if i % 2 else {}
                if etags.get(target) and r % 2:
                    headers["If-None-Match"] = etags[target] or ""
                start = time.perf_counter()
                try:
                    conn.request("GET", target, headers=headers)
                    resp = conn.getresponse()
                    resp.read()
                    status = resp.status
                    etags[target] = resp.getheader("ETag")
                except OSError:
                    status = 0
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                took = time.perf_counter() - start
                with lock:
                    latencies.append(took)
                    statuses[status] = statuses.get(status, 0) + 1
            conn.close()

        threads = [threading.Thread(target=client, args=(i,)) for i in range(a.clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        wall = time.perf_counter() - t0
        server.shutdown()
        server.server_close()
        thread.join(10)
        store.close()
    latencies.sort()
    n = len(latencies)
    print(f"store {a.store}: {len(body)} bytes full feed, first (uncached) render {cold:.3f} s")
    print(
        f"{a.clients} clients x {a.rounds} requests: {n} done in {wall:.2f} s "
        f"({n / wall:.0f} req/s); statuses {dict(sorted(statuses.items()))}"
    )
    print(
        f"latency median {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {latencies[int(n * 0.95)] * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
