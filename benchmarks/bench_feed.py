"""Timing of `agenda serve`: keep-alive request latency and the server's memory after many
distinct windows (the rendering cache).

    python benchmarks/bench_feed.py benchmarks/out/10000/agenda.sqlite3

It starts `python -m agenda serve --quiet --port 0` on the store (the `agenda` importable from
this interpreter; set PYTHONPATH to measure another checkout), then:

- sends 200 requests for `/calendar.ics?from=2021-09-01&to=2021-09-30` on one
  keep-alive connection (after one to fill the cache) and prints the median and p95 latency;
- asks for the full feed with 27 different `from=` windows and prints the server's resident
  memory (VmRSS) before and after.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def fill(sock: socket.socket, buffer: bytearray, size: int) -> None:
    chunk = sock.recv(size)
    if not chunk:
        raise ConnectionError("the server closed the connection")
    buffer += chunk


def one(sock: socket.socket, target: str, buffer: bytearray) -> int:
    sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    while b"\r\n\r\n" not in buffer:
        fill(sock, buffer, 65536)
    end = buffer.index(b"\r\n\r\n") + 4
    head = bytes(buffer[:end]).decode("latin-1")
    del buffer[:end]
    length = 0
    for line in head.split("\r\n"):
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    while len(buffer) < length:
        fill(sock, buffer, 1 << 20)
    del buffer[:length]
    return int(head.split()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--target", default="/calendar.ics?from=2021-09-01&to=2021-09-30")
    parser.add_argument("--windows", type=int, default=27, help="distinct windows (0: none)")
    args = parser.parse_args()
    proc = subprocess.Popen(
        [sys.executable, "-m", "agenda", "--store", args.store, "serve", "--quiet", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        port = int(first.split(":")[2].split("/")[0])
        sock = socket.create_connection(("127.0.0.1", port), timeout=120)
        buffer = bytearray()
        target = args.target
        assert one(sock, target, buffer) == 200
        times = []
        for _ in range(200):
            started = time.perf_counter()
            assert one(sock, target, buffer) == 200
            times.append(time.perf_counter() - started)
        times.sort()
        print(
            f"keep-alive: median {statistics.median(times) * 1000:.2f} ms, "
            f"p95 {times[int(len(times) * 0.95)] * 1000:.2f} ms (200 requests)"
        )
        if not args.windows:
            return
        before = rss_mb(proc.pid)
        started = time.perf_counter()
        for i in range(args.windows):
            assert one(sock, f"/calendar.ics?from=1990-01-{i + 1:02d}", buffer) == 200
        print(
            f"{args.windows} windows: {time.perf_counter() - started:.1f} s, server RSS {before:.0f} MB -> "
            f"{rss_mb(proc.pid):.0f} MB"
        )
        sock.close()
    finally:
        proc.terminate()
        proc.wait(60)


if __name__ == "__main__":
    main()
