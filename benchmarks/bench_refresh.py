"""A subscription to a 10k-event feed: whole `agenda` processes, medians of `--runs` (issue 16.6:
a refresh of a 10k-event subscription under 5 s).

The feed is `benchmarks/generate.py`'s `events.ics` of `--size` events (made if missing), served
by a plain `http.server` on loopback in this process; a second version of it ("v2 ") prefixed to
every SUMMARY) makes a feed in which every event changed. Timed, side by side in each round, as
fresh processes on one store file:

- `subscribe`: `agenda subscribe URL --name bench` into an empty store (every event added; an
  untimed `agenda unsubscribe bench` before each run);
- `refresh, same feed`: `agenda refresh bench` of a feed without validators (downloaded and read
  whole, every event unchanged);
- `refresh, a tenth changed`: the feed alternates with a version in which every tenth SUMMARY
  has the prefix (1,000 events updated, the usual shape of a feed that changed);
- `refresh, every event changed`: the feed alternates between its two versions (every event
  updated);
- `refresh, 304`: the feed with an ETag, not modified.

    python benchmarks/bench_refresh.py --size 10000 --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent


def feed_bytes(size: int) -> bytes:
    source = HERE / "out" / str(size) / "events.ics"
    if not source.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--sizes", str(size), "--no-calcurse"],
            check=True,
        )
    return source.read_bytes()


class Feeds:
    """What the server answers: /same.ics (no validators), /flip.ics (alternates between the two
    versions), /etag.ics (with an ETag, 304 when it matches)."""

    def __init__(self, one: bytes, two: bytes, tenth: bytes) -> None:
        self.versions = (one, two)
        self.tenth = tenth
        self.flips = {"/flip.ics": 0, "/tenth.ics": 0}


def serve(feeds: Feeds) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = feeds.versions[0]
            headers = {"Content-Type": "text/calendar; charset=utf-8"}
            if self.path == "/flip.ics":
                feeds.flips[self.path] += 1
                body = feeds.versions[feeds.flips[self.path] % 2]
            elif self.path == "/tenth.ics":
                feeds.flips[self.path] += 1
                body = (feeds.versions[0], feeds.tenth)[feeds.flips[self.path] % 2]
            elif self.path == "/etag.ics":
                headers["ETag"] = '"v1"'
                if self.headers.get("If-None-Match") == '"v1"':
                    self.send_response(304)
                    self.send_header("ETag", '"v1"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            self.send_response(200)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def agenda(store: Path, env: dict[str, str], *args: str) -> float:
    cmd = [sys.executable, "-m", "agenda", "--store", str(store), *args]
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    opts = parser.parse_args()
    one = feed_bytes(opts.size)
    two = one.replace(b"\nSUMMARY:", b"\nSUMMARY:v2 ")
    pieces = one.split(b"\nSUMMARY:")
    tenth = pieces[0] + b"".join(
        (b"\nSUMMARY:v2 " if i % 10 == 0 else b"\nSUMMARY:") + piece
        for i, piece in enumerate(pieces[1:])
    )
    server = serve(Feeds(one, two, tenth))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = folder / "bench.sqlite3"
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": tmp,
            "TZ": "UTC",
            "LANG": "C.UTF-8",
            "AGENDA_CONFIG": str(folder / "none.toml"),
            "PYTHONPATH": str(HERE.parent),
        }
        agenda(store, env, "subscribe", f"{base}/same.ics", "--name", "bench")  # warm-up
        for run in range(opts.runs):
            agenda(store, env, "unsubscribe", "bench")
            times.setdefault("subscribe (every event added)", []).append(
                agenda(store, env, "subscribe", f"{base}/same.ics", "--name", "bench")
            )
            times.setdefault("refresh, same feed (every event unchanged)", []).append(
                agenda(store, env, "refresh", "bench")
            )
            agenda(store, env, "unsubscribe", "bench")
            agenda(store, env, "subscribe", f"{base}/tenth.ics", "--name", "bench")
            times.setdefault("refresh, a tenth of the events changed", []).append(
                agenda(store, env, "refresh", "bench")
            )
            agenda(store, env, "unsubscribe", "bench")
            agenda(store, env, "subscribe", f"{base}/flip.ics", "--name", "bench")
            times.setdefault("refresh, every event changed", []).append(
                agenda(store, env, "refresh", "bench")
            )
            agenda(store, env, "unsubscribe", "bench")
            agenda(store, env, "subscribe", f"{base}/etag.ics", "--name", "bench")
            times.setdefault("refresh, 304 not modified", []).append(
                agenda(store, env, "refresh", "bench")
            )
            print(f"round {run + 1} of {opts.runs} done", file=sys.stderr)
    server.shutdown()
    print(f"{opts.size:,} events, {len(one) / 2**20:.1f} MB feed; median of {opts.runs} runs")
    for job, values in times.items():
        spread = f"{min(values):.2f}-{max(values):.2f}"
        print(f"  {job:<45} {statistics.median(values):6.2f} s  ({spread})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
