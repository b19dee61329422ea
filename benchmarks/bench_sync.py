"""Timing of `agenda sync` against real CalDAV servers on loopback, beside vdirsyncer and a plain
loop of one PUT per event, on the same events from `benchmarks/generate.py`.

    python benchmarks/generate.py --sizes 1000 10000
    python benchmarks/bench_sync.py --sizes 1000 10000 --servers radicale xandikos \
        --agenda now=. --agenda before=/tmp/agenda-before --repeat 3

For each server, size and tool it starts a fresh server (Radicale with `--auth-type none`, or
Xandikos with `--defaults`) on a free loopback port, in a temp folder, with one empty calendar, and
times three runs of the tool as a subprocess (wall time, and peak RSS and the tool's own CPU time,
user + system, from `os.wait4`: what the wall time spends beyond it is mostly the server's):

- `first`: the first sync, which uploads every event;
- `noop`: a sync with nothing to do;
- `changed`: a sync after 10 local edits (agenda: titles changed through the store; vdirsyncer:
  SUMMARY lines edited in its folder) and 10 remote edits (SUMMARY changed with a PUT on the
  server), on different events.

The tools:

- `agenda=SRC`: `agenda sync` of a copy of `benchmarks/out/N/agenda.sqlite3`, with the `agenda`
  package found in SRC (a checkout; `--agenda before=DIR` measures another one in the same run);
- `vdirsyncer`: the same events as one `.ics` file each (`benchmarks/out/N/khal/calendar`, copied)
  synced by vdirsyncer (PyPI, the `bench` extra) with its own config and status folder, pointed at
  the same calendar (`conflict_resolution = "a wins"`);
- `putloop`: one PUT per event (If-None-Match: *) on one keep-alive `http.client` connection,
  the floor of a sequential upload (first only).

With Radicale the server's own time per PUT is read from its log (`... in 0.012 seconds`): the
median, and the sum over the upload (Radicale serializes writes, so that sum bounds any client);
and per phase, the sum of its time over every request of that phase ("server's time").
Prints one markdown table of medians over `--repeat` runs.

A first upload of 10k events takes many minutes, so it can be done once and its result reused:
`--keep DIR` saves, after each cell, the server's data folder, the tool's own files (agenda's
store, vdirsyncer's folder and status) and the port under `DIR/<server>-<size>-<tool>/` (tool:
`agenda`, `vdirsyncer` or `PUT`, whatever the checkout); `--reuse DIR` skips `first` and
starts from a copy of that (a server on the same port and data), then times `noop` and `changed`
as above. A reused agenda store is first synced once untimed (with
another checkout it may have to migrate and fill what its sync state needs); its time is printed.

    python benchmarks/bench_sync.py --sizes 10000 --keep /tmp/sync10k       # slow, once
    python benchmarks/bench_sync.py --sizes 10000 --reuse /tmp/sync10k --tools agenda vdirsyncer

`--seed` fills the new calendar with the same events before the tool starts, by
writing one file per event into Radicale's storage folder (or committing them to Xandikos's git
repository, in one commit): no PUT, so seconds instead of the
upload, whose every new object costs Radicale a read of every object already in the collection
(`has_uid`). The files are the events as `agenda sync` writes them (made once by this checkout,
`benchmarks/out/N/seed/`), named as it names them, and vdirsyncer's folder starts as a copy of
them: both tools start from two sides that hold the same. `first` is then a first sync that
reads the server, compares and records, followed by `noop` and `changed` as above; the PUT loop
is skipped. Radicale's storage, seeded and its caches filled once (untimed), is kept in
`benchmarks/out/N/radicale-warm/` and copied for each cell.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
USER = "bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited ({process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("the server did not start listening")


def request(
    url: str,
    method: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    timeout: float | None = 60,
) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
    try:
        conn.request(method, parts.path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


@dataclass
class Server:
    kind: str
    process: subprocess.Popen[bytes]
    calendar_url: str
    log: Path
    mark: int = 0
    """How much of the log `served` has read."""
    cpu_mark: float = 0.0
    """The server's CPU seconds when `served` last read them (Xandikos)."""
    last_requests: list[tuple[str, float]] = field(default_factory=list)
    """(method, the server's seconds) of each request `served` last read (Radicale)."""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def cpu(self) -> float:
        """The server process's own CPU seconds so far (user + system, from /proc)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def served(self) -> float:
        """Seconds the server spent on the requests answered since the last call: with Radicale
        the sum over requests, from its log (`... response status for ... in 0.012 seconds`);
        with Xandikos, which logs no times, its CPU time meanwhile (user + system)."""
        if self.kind != "radicale":
            before, self.cpu_mark = self.cpu_mark, self.cpu()
            return self.cpu_mark - before
        with self.log.open("rb") as fh:
            fh.seek(self.mark)
            text = fh.read().decode("utf-8", errors="replace")
            self.mark = fh.tell()
        found = re.findall(r"(\w+) response status for .*? in ([0-9.]+) seconds", text)
        self.last_requests = [(method, float(s)) for method, s in found]
        return sum(s for _, s in self.last_requests)

    def put_times(self) -> list[float]:
        """Seconds the server itself spent per PUT, from its log (Radicale only)."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [
            float(m) for m in re.findall(r"PUT response status for .*? in ([0-9.]+) seconds", text)
        ]


def start_server(kind: str, folder: Path, port: int | None = None, fresh: bool = True) -> Server:
    """A server on loopback with its data under `folder/data`; `fresh`: make the calendar."""
    port = port or free_port()
    log = folder / f"{kind}.log"
    out = log.open("wb")
    if kind == "radicale":
        args = [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(folder / "data"),
            "--auth-type",
            "none",
            "--rights-type",
            "owner_only",
            "--logging-level",
            "info",
        ]
    else:
        exe = shutil.which("xandikos") or "xandikos"
        args = [exe, "serve", "-d", str(folder / "data"), "--defaults", "-l", "127.0.0.1"]
        args += ["-p", str(port)]
    process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    wait_port(port, process)
    base = f"http://127.0.0.1:{port}"
    if kind == "radicale":
        calendar_url = f"{base}/{USER}/desk/"
        auth = {"Authorization": "Basic YmVuY2g6eA=="}  # bench:x (any password passes)
        method = "MKCALENDAR" if fresh else "PROPFIND"
        status, _, _ = request(calendar_url, method, headers={**auth, "Depth": "0"})
    else:
        calendar_url = f"{base}/user/calendars/calendar/"
        status, _, _ = request(calendar_url, "PROPFIND", headers={"Depth": "0"})
    if status not in (201, 207):
        raise SystemExit(f"{kind}: cannot make the calendar (HTTP {status})")
    return Server(kind, process, calendar_url, log)


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Run one command; (wall seconds, peak RSS MB, CPU seconds of its own: user + system).
    Fails loudly when the command fails."""
    start = time.perf_counter()
    process = subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
    )
    assert process.stderr is not None
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{args[:4]} failed ({process.returncode}): {err.decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def timed(
    row: Row, phase: str, server: Server, cmd: list[str], env: dict[str, str] | None = None
) -> None:
    """Run one phase of a tool: its wall time, RSS and CPU, and the server's time meanwhile."""
    server.served()  # what came before (an edit, the seeding) is not this phase's
    trace = os.environ.get("BENCH_TRACE")
    if trace and env is not None:
        env = {**env, "BENCH_PHASE": f"{server.kind} {row.tool} {phase}"}
    row.add(phase, *run(cmd, env))
    row.served.setdefault(phase, []).append(server.served())
    if trace:
        with open(trace, "a", encoding="utf-8") as fh:
            load = os.getloadavg()[0]
            fh.write(f"# {server.kind} {row.tool} {phase}: wall {row.times[phase][-1]:.3f} s, ")
            fh.write(f"own CPU {row.cpu[phase][-1]:.2f} s, server's time ")
            fh.write(f"{row.served[phase][-1]:.2f} s, load {load:.2f}\n")
            for method, seconds in server.last_requests:
                fh.write(f"server\t{method}\t{seconds:.3f}\n")


# With BENCH_TRACE=FILE in the environment, each request agenda sends is logged to FILE (its
# method, wall time, status and the size of the answer), beside the server's own time per
# request (Radicale's log) written by `timed`.
TRACE = r"""
import os, time
if os.environ.get("BENCH_TRACE"):
    import caldav.davclient as _davclient
    _request = _davclient.DAVClient.request
    def _traced(self, url, method="GET", body="", headers=None, *rest, **kw):
        start = time.perf_counter()
        response = _request(self, url, method, body, headers, *rest, **kw)
        took = time.perf_counter() - start
        size = len(getattr(response, "_raw", b"") or b"")
        with open(os.environ["BENCH_TRACE"], "a", encoding="utf-8") as fh:
            phase = os.environ.get("BENCH_PHASE", "")
            fh.write(f"client\t{phase}\t{method}\t{took:.3f}\t{response.status}\t{size}\n")
        return response
    _davclient.DAVClient.request = _traced
"""


def edit_remote(calendar_url: str, names: list[str]) -> None:
    """Change the SUMMARY of these objects on the server (as another client would)."""
    auth = {"Authorization": "Basic YmVuY2g6eA=="}
    for name in names:
        status, headers, body = request(calendar_url + name, "GET", headers=auth)
        if status != 200:
            raise SystemExit(f"GET {name}: HTTP {status}")
        text = re.sub(
            r"\r?\nSUMMARY:", "\r\nSUMMARY:Edited on the server: ", body.decode(), count=1
        )
        headers = {**auth, "Content-Type": "text/calendar; charset=utf-8"}
        status, _, _ = request(calendar_url + name, "PUT", text.encode(), headers)
        if status not in (200, 201, 204):
            raise SystemExit(f"PUT {name}: HTTP {status}")


def listed_names(calendar_url: str) -> list[str]:
    body = (
        b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop>'
        b"</d:propfind>"
    )
    # without a Content-Type Xandikos answers 415 (and no object was edited on the server)
    headers = {
        "Depth": "1",
        "Authorization": "Basic YmVuY2g6eA==",
        "Content-Type": "application/xml",
    }
    status, _, answer = request(calendar_url, "PROPFIND", body, headers)
    if status != 207:
        raise SystemExit(f"PROPFIND of {calendar_url}: HTTP {status}")
    own = urlsplit(calendar_url).path
    hrefs = re.findall(r"<(?:\w+:)?href>([^<]+)</(?:\w+:)?href>", answer.decode())
    return sorted(h.rsplit("/", 1)[-1] for h in hrefs if h.rstrip("/") != own.rstrip("/"))


@dataclass
class Row:
    server: str
    size: int
    tool: str
    times: dict[str, list[float]] = field(default_factory=dict)
    rss: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    served: dict[str, list[float]] = field(default_factory=dict)
    server_put: list[float] = field(default_factory=list)

    def add(self, phase: str, seconds: float, rss: float, cpu: float = float("nan")) -> None:
        self.cpu.setdefault(phase, []).append(cpu)
        self.times.setdefault(phase, []).append(seconds)
        self.rss.setdefault(phase, []).append(rss)


# Edits 10 events through the store of the checkout being timed (its schema, its code), so that
# the bench process never opens a store with another checkout's migrations.
EDIT_LOCAL = """
import sys
sys.path.insert(0, sys.argv[1])
from agenda.core.store import EventStore
with EventStore(sys.argv[2]) as s:
    ids = sorted(r.id for r in s.window())[:10]
    s.put_many(
        [e.model_copy(update={"title": f"Edited here: {e.title}"}) for e in s.get_many(ids)]
    )
"""


def seed_files(data: Path) -> Path:
    """`data/seed/`: one .ics per event of `data/agenda.sqlite3`, as `agenda sync` writes and
    names them (made once, by this checkout)."""
    folder = data / "seed"
    if folder.is_dir():
        return folder
    sys.path.insert(0, str(ROOT))
    from datetime import UTC, datetime
    from urllib.parse import quote

    from agenda.core.store import EventStore
    from agenda.ics import export_events
    from agenda.share.sync.caldav_side import _SAFE_NAME

    partial = data / "seed.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    copy = partial / "agenda.sqlite3"  # opened by this checkout: it may migrate it
    shutil.copy(data / "agenda.sqlite3", copy)
    with EventStore(copy) as store:
        ids = [r.id for r in store.window()]
        for start in range(0, len(ids), 500):
            for event in store.get_many(ids[start : start + 500]):
                if event.repeat or event.recurrence_of:
                    raise SystemExit("--seed: events without series only")
                if not _SAFE_NAME.fullmatch(event.id):
                    raise SystemExit(f"--seed: {event.id!r} is not a plain file name")
                text = export_events([event], "agenda", now=now)
                (partial / f"{quote(event.id, safe='')}.ics").write_text(text, "utf-8")
    copy.unlink()
    partial.rename(folder)
    return folder


def seed_xandikos(folder: Path, files: Path) -> None:
    """Xandikos's calendar is a git repository with a work tree of .ics files: the files are
    copied in and committed once (dulwich, which Xandikos itself uses)."""
    from dulwich import porcelain

    names = sorted(p.name for p in files.iterdir())
    for name in names:
        shutil.copy(files / name, folder / name)
    start = time.perf_counter()
    porcelain.add(str(folder), paths=[str(folder / n) for n in names])
    porcelain.commit(str(folder), message=b"seeded by bench_sync.py", author=b"bench <b@x>")
    seconds = time.perf_counter() - start
    print(f"  seeded Xandikos's git repository in {seconds:.1f} s", file=sys.stderr)


def seed(server: Server, data: Path, work: Path) -> None:
    """Fill the server's empty calendar with the events, straight into its storage (Radicale's
    folder of .ics files, or Xandikos's git repository), and make vdirsyncer's folder a copy of
    them."""
    if server.kind == "xandikos":
        files = seed_files(data)
        shutil.copytree(files, work / "vdir")
        seed_xandikos(work / "data" / "user" / "calendars" / "calendar", files)
        return
    folder = work / "data" / "collection-root" / USER / "desk"
    if not (folder / ".Radicale.props").exists():
        raise SystemExit(f"--seed: no calendar folder at {folder}")
    files = seed_files(data)
    shutil.copytree(files, work / "vdir")
    warm = data / "radicale-warm"
    if warm.is_dir():  # a copy of Radicale's storage seeded and warmed before (see below)
        shutil.copytree(warm, work / "data" / "collection-root", dirs_exist_ok=True)
        return
    for path in files.iterdir():
        shutil.copy(path, folder / path.name)
    # Radicale reads and caches every object on its first listing, and makes the history of
    # each on its first sync-collection (minutes at 10k on a loaded machine, past a client's
    # timeout; an upload fills both as it goes): done here once, untimed, and the storage kept
    start = time.perf_counter()
    auth = {"Authorization": "Basic YmVuY2g6eA=="}
    for method, body in (
        ("PROPFIND", '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>'),
        (
            "REPORT",
            '<d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level>'
            "<d:prop><d:getetag/></d:prop></d:sync-collection>",
        ),
    ):
        headers = {**auth, "Depth": "1", "Content-Type": "application/xml"}
        status, _, _ = request(server.calendar_url, method, body.encode(), headers, None)
        if status != 207:
            raise SystemExit(f"--seed: {method} of the calendar: HTTP {status}")
    shutil.copytree(work / "data" / "collection-root", warm)
    seconds = time.perf_counter() - start
    print(f"  seeded, Radicale's caches filled in {seconds:.1f} s", file=sys.stderr)


def agenda_tool(src: Path) -> Callable[[Server, Path, Path, Row, bool], None]:
    def go(server: Server, data: Path, work: Path, row: Row, reused: bool) -> None:
        store = work / "agenda.sqlite3"
        if not reused:
            shutil.copy(data / "agenda.sqlite3", store)
        code = (
            f"import sys; sys.path.insert(0, {str(src)!r}); from agenda.cli import main\n"
            + TRACE
            + "\nsys.exit(main(sys.argv[1:]))"
        )
        cmd = [sys.executable, "-c", code, "--store", str(store), "sync"]
        cmd += ["--url", server.calendar_url, "--user", USER]
        env = {**os.environ, "AGENDA_CALDAV_PASSWORD": "x", "AGENDA_CONFIG": str(work / "c.toml")}
        if reused:
            seconds, rss, _ = run(cmd, env)
            print(
                f"  reused store, untimed first sync: {seconds:.2f} s, {rss:.0f} MB",
                file=sys.stderr,
            )
        else:
            timed(row, "first", server, cmd, env)
            row.server_put += server.put_times()
        timed(row, "noop", server, cmd, env)
        run([sys.executable, "-c", EDIT_LOCAL, str(src), str(store)])
        edit_remote(server.calendar_url, listed_names(server.calendar_url)[-10:])
        timed(row, "changed", server, cmd, env)

    return go


def vdirsyncer_tool(server: Server, data: Path, work: Path, row: Row, reused: bool) -> None:
    vdir = work / "vdir"
    if not vdir.exists():  # a kept or seeded one is there already
        shutil.copytree(data / "khal" / "calendar", vdir)
    config = work / "vdirsyncer.conf"
    config.write_text(
        f"""[general]
status_path = "{work / "status"}/"

[pair bench]
a = "bench_local"
b = "bench_remote"
collections = null
conflict_resolution = "a wins"

[storage bench_local]
type = "filesystem"
path = "{vdir}/"
fileext = ".ics"

[storage bench_remote]
type = "caldav"
url = "{server.calendar_url}"
username = "{USER}"
password = "x"
""",
        encoding="utf-8",
    )
    exe = shutil.which("vdirsyncer") or str(Path(sys.executable).parent / "vdirsyncer")
    cmd = [exe, "-c", str(config), "sync"]
    run([exe, "-c", str(config), "discover"])  # again when reused: the paths changed
    if not reused:
        timed(row, "first", server, cmd)
        row.server_put += server.put_times()
    timed(row, "noop", server, cmd)
    for path in sorted(vdir.iterdir())[:10]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nSUMMARY:", "\nSUMMARY:Edited here: ", 1), "utf-8")
    edit_remote(server.calendar_url, listed_names(server.calendar_url)[-10:])
    timed(row, "changed", server, cmd)


def putloop_tool(server: Server, data: Path, work: Path, row: Row, reused: bool) -> None:
    if reused:
        return
    parts = urlsplit(server.calendar_url)
    files = sorted((data / "khal" / "calendar").iterdir())
    headers = {
        "Content-Type": "text/calendar; charset=utf-8",
        "If-None-Match": "*",
        "Authorization": "Basic YmVuY2g6eA==",
    }
    server.served()
    start = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    conn.connect()
    assert conn.sock is not None
    # without it Nagle's algorithm and the server's delayed ACK cost ~40 ms per request
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for path in files:
        conn.request("PUT", parts.path + path.name, body=path.read_bytes(), headers=headers)
        resp = conn.getresponse()
        resp.read()
        if resp.status not in (200, 201, 204):
            raise SystemExit(f"PUT {path.name}: HTTP {resp.status}")
    conn.close()
    row.add("first", time.perf_counter() - start, float("nan"))
    row.served.setdefault("first", []).append(server.served())
    row.server_put += server.put_times()


def fmt(values: list[float], unit: str = "s") -> str:
    if not values:
        return "—"
    m = statistics.median(values)
    if m != m:  # nan
        return "—"
    return f"{m:.2f} {unit}" if unit == "s" else f"{m:.0f} {unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--servers", nargs="+", default=["radicale"])
    parser.add_argument(
        "--agenda",
        action="append",
        default=[],
        metavar="LABEL=SRC",
        help="an agenda checkout to time (default now=<this checkout>); repeatable",
    )
    parser.add_argument("--tools", nargs="+", default=["agenda", "vdirsyncer", "putloop"])
    parser.add_argument("--repeat", type=int, default=1, help="runs per cell (medians)")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="save each cell's server data and files here"
    )
    parser.add_argument(
        "--reuse", type=Path, metavar="DIR", help="start from what --keep saved (no first upload)"
    )
    parser.add_argument(
        "--seed",
        action="store_true",
        help="put the events in the server's storage first; `first` syncs two agreeing sides",
    )
    a = parser.parse_args()
    if a.seed and a.reuse:
        raise SystemExit("--seed and --reuse: one or the other")
    agendas = [x.split("=", 1) for x in a.agenda] or [["now", str(ROOT)]]
    tools: list[tuple[str, Callable[[Server, Path, Path, Row, bool], None]]] = []
    for tool in a.tools:
        if tool == "agenda":
            tools += [(f"agenda {lbl}", agenda_tool(Path(src).resolve())) for lbl, src in agendas]
        elif tool == "vdirsyncer":
            tools.append(("vdirsyncer", vdirsyncer_tool))
        elif tool == "putloop":
            tools.append(("PUT loop", putloop_tool))
        else:
            raise SystemExit(f"unknown tool {tool!r}")
    rows: list[Row] = []
    for kind in a.servers:
        for size in a.sizes:
            data = HERE / "out" / str(size)
            if not (data / "agenda.sqlite3").exists():
                raise SystemExit(f"{data}: run benchmarks/generate.py --sizes {size} first")
            cells = [(label, tool, Row(kind, size, label)) for label, tool in tools]
            rows += [row for _, _, row in cells]
            # the tools take turns, run after run: a change of the machine's load falls on all
            for _ in range(a.repeat):
                for label, tool, row in cells:
                    # one kept folder per tool, whatever the checkout: `--reuse` may time another
                    cell = f"{kind}-{size}-{label.split()[0]}"
                    with tempfile.TemporaryDirectory(prefix="bench_sync_") as tmp:
                        work = Path(tmp)
                        port = None
                        if a.reuse:
                            kept = a.reuse / cell
                            if not (kept / "port").exists():
                                print(f"{cell}: nothing kept in {a.reuse}", file=sys.stderr)
                                continue
                            shutil.copytree(kept, work, dirs_exist_ok=True)
                            port = int((kept / "port").read_text())
                        if a.seed and label == "PUT loop":
                            continue
                        server = start_server(kind, work, port, fresh=not a.reuse)
                        try:
                            if a.seed:
                                seed(server, data, work)
                            tool(server, data, work, row, bool(a.reuse))
                        finally:
                            server.stop()
                        if a.keep:
                            keep = a.keep / cell
                            shutil.rmtree(keep, ignore_errors=True)
                            shutil.copytree(work, keep, ignore=shutil.ignore_patterns("*.log"))
                            (keep / "port").write_text(
                                server.calendar_url.split(":")[2].split("/")[0]
                            )
                    print(
                        f"{kind} {size} {label}: "
                        + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in row.times.items()),
                        file=sys.stderr,
                        flush=True,
                    )
            for _, _, row in cells:  # a 10k cell takes long: its rows now, the table at the end
                print(table_row(row, a.repeat), file=sys.stderr, flush=True)
    print(
        "| server | events | tool | first | noop | 10+10 changed | peak RSS first / noop / changed"
        " | own CPU first / noop / changed | server's time first / noop / changed"
        " | server time per PUT (median, sum) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(table_row(r, a.repeat))


def table_row(r: Row, repeat: int) -> str:
    put = (
        f"{statistics.median(r.server_put) * 1000:.1f} ms, {sum(r.server_put) / repeat:.1f} s"
        if r.server_put
        else "—"
    )
    rss = " / ".join(fmt(r.rss.get(p, []), "MB") for p in ("first", "noop", "changed"))
    cpu = " / ".join(fmt(r.cpu.get(p, [])) for p in ("first", "noop", "changed"))
    served = " / ".join(fmt(r.served.get(p, [])) for p in ("first", "noop", "changed"))
    return (
        f"| {r.server} | {r.size} | {r.tool} | {fmt(r.times.get('first', []))} | "
        f"{fmt(r.times.get('noop', []))} | {fmt(r.times.get('changed', []))} | {rss} | {cpu} | "
        f"{served} | {put} |"
    )


if __name__ == "__main__":
    main()
