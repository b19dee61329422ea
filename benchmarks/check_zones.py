"""Do six real calendar programs place every exported event at the true instant?

Exports a calendar with `agenda export`, has it read by the six iCalendar readers of `check-ics`
(HA `ical`, vobject as in Radicale, ical.js as in Thunderbird, libical as in Evolution, khal,
calcurse; /work/shared/ics-clients, `check-ics FILE --fields --json`), and compares each reader's
start and end of every VEVENT with the truth: the file's own DTSTART/DTEND (wall clock + TZID)
converted to UTC by Python's `zoneinfo` (RFC 5545 for wall times that do not exist or occur
twice: the offset before the change, the first occurrence; `fold=0`).

Prints a Markdown table, reader x calendar, "events right / events", then in brackets the same
for events whose wall times all exist once, + for the others (a time in a skipped or repeated
hour: RFC 5545 reads them with the offset before the change, the first occurrence); with `-v`
the first wrong events of each reader. khal gets the file in pieces of 1,000 events (same VTIMEZONEs):
check-ics gives `khal import` 120 s, too little for thousands of events on a shared machine.

    python benchmarks/zone_stress.py && python benchmarks/generate.py --sizes 10000 --no-calcurse
    python benchmarks/check_zones.py                       # zone-stress and the 10k calendar
    python benchmarks/check_zones.py --ics FILE.ics -v     # any file
    python benchmarks/check_zones.py --store PATH.sqlite3  # any store

An event counts as right when its start is the true one and, when the file gives an end and the
reader reports one, its end too. Events are matched by UID; for a reader without UIDs (calcurse),
by title and times (a title the reader reads differently counts as wrong).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
CHECK_ICS = Path(os.environ.get("CHECK_ICS", "/work/shared/ics-clients/check-ics"))
CLIENTS = ["ical", "vobject", "ical.js", "libical", "khal", "calcurse"]
KHAL_PIECE = 1000  # events per file given to khal
REUSE = False  # --reuse: score the readers' results saved beside the file (FILE.readers.json)


def _unfold(text: str) -> list[str]:
    return re.sub(r"\r?\n[ \t]", "", text).splitlines()


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def _instant(params: dict[str, str], value: str) -> str:
    """The normal form of check-ics: UTC 'YYYY-MM-DD HH:MM', a date, or floating wall time."""
    if params.get("VALUE") == "DATE" or len(value) == 8:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8])).isoformat()
    wall = datetime.strptime(value[:15], "%Y%m%dT%H%M%S")
    if value.endswith("Z"):
        return wall.strftime("%Y-%m-%d %H:%M")
    if "TZID" in params:
        moment = wall.replace(tzinfo=ZoneInfo(params["TZID"])).astimezone(UTC)  # fold=0
        return moment.strftime("%Y-%m-%d %H:%M")
    return wall.strftime("%Y-%m-%d %H:%M")


def _odd(params: dict[str, str], value: str) -> bool:
    """A wall time that does not exist or occurs twice on its zone's clock."""
    if "TZID" not in params or len(value) < 15 or value.endswith("Z"):
        return False
    wall = datetime.strptime(value[:15], "%Y%m%dT%H%M%S")
    zone = ZoneInfo(params["TZID"])
    a, b = wall.replace(tzinfo=zone), wall.replace(tzinfo=zone, fold=1)
    return (
        a.utcoffset() != b.utcoffset()
        or a.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall
    )


def _odd_json(text: str) -> bool:
    """The same for agenda's own times (X-AGENDA-JSON): agenda writes such a wall time in UTC, so
    the file alone no longer shows it; the event is still counted among the odd ones."""
    d = json.loads(_unescape(text))
    out = False
    for key, zone in (("start", d.get("tz")), ("end", d.get("end_tz") or d.get("tz"))):
        value = d.get(key)
        if isinstance(value, str) and len(value) > 10 and zone and zone != "UTC":
            out = out or _odd({"TZID": zone}, value[:19].replace("-", "").replace(":", ""))
    return out


def truth(path: Path) -> list[dict[str, Any]]:
    """Each VEVENT of the file: uid, summary, true start and end (or None), the TZID."""
    out: list[dict[str, Any]] = []
    ev: dict[str, Any] | None = None
    depth = 0
    for line in _unfold(path.read_text(encoding="utf-8")):
        if line == "BEGIN:VEVENT":
            ev, depth = {"end": None, "tz": None, "odd": False, "i": len(out)}, 0
            continue
        if ev is None:
            continue
        if line.startswith("BEGIN:"):
            depth += 1
        elif line.startswith("END:") and depth:
            depth -= 1
        elif line == "END:VEVENT":
            out.append(ev)
            ev = None
        elif depth == 0:
            head, _, value = line.partition(":")
            name, *rest = head.split(";")
            params = dict(p.split("=", 1) for p in rest if "=" in p)
            if name == "UID":
                ev["uid"] = value
            elif name == "SUMMARY":
                ev["summary"] = _unescape(value)
            elif name in ("DTSTART", "DTEND"):
                ev["start" if name == "DTSTART" else "end"] = _instant(params, value)
                ev["odd"] = ev["odd"] or _odd(params, value)
                if name == "DTSTART":
                    ev["tz"] = params.get("TZID")
            elif name == "X-AGENDA-JSON":
                ev["odd"] = ev["odd"] or _odd_json(value)
    return out


def _right(true: dict[str, Any], got: dict[str, Any]) -> bool:
    if got.get("start") != true["start"]:
        return False
    return true["end"] is None or got.get("end") is None or got["end"] == true["end"]


def score(
    events: list[dict[str, Any]], records: list[dict[str, Any]]
) -> tuple[set[int], list[str]]:
    """The events (indexes) the reader places right, and a line for each wrong one."""
    wrong: list[str] = []
    right: set[int] = set()
    if records and all(r.get("uid") for r in records):
        by_uid = {r["uid"]: r for r in records}
        for ev in events:
            got = by_uid.get(ev["uid"])
            if got is not None and _right(ev, got):
                right.add(ev["i"])
            else:
                seen = got and f"{got.get('start')} -> {got.get('end')}"
                wrong.append(
                    f"{ev['summary']} [{ev['tz']}]: true {ev['start']} -> {ev['end']}, read {seen}"
                )
        return right, wrong
    # no UIDs: match by title, then by times (multiset)
    by_title: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_title[r.get("summary") or ""].append(r)
    for title, evs in defaultdict(list, _group(events)).items():
        pool = by_title.get(title, [])
        left = Counter((r.get("start"), r.get("end")) for r in pool)
        starts = Counter(r.get("start") for r in pool if r.get("end") is None)
        for ev in evs:
            if left[(ev["start"], ev["end"])] > 0:
                left[(ev["start"], ev["end"])] -= 1
                right.add(ev["i"])
            elif starts[ev["start"]] > 0:  # the reader keeps no end (calcurse's all-day events)
                starts[ev["start"]] -= 1
                right.add(ev["i"])
            else:
                reads = sorted(f"{r.get('start')} -> {r.get('end')}" for r in pool)[:3]
                wrong.append(
                    f"{title} [{ev['tz']}]: true {ev['start']} -> {ev['end']}, read {reads}"
                )
    return right, wrong


def _group(events: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev in events:
        out[ev["summary"]].append(ev)
    return out


def _run_check_ics(path: Path, only: list[str]) -> list[dict[str, Any]]:
    argv = [sys.executable, str(CHECK_ICS), str(path), "--fields", "--json", "--timeout", "1800"]
    proc = subprocess.run(
        [*argv, "--only", ",".join(only)], capture_output=True, text=True, check=False
    )
    return list(json.loads(proc.stdout)["results"])


def _pieces(path: Path, size: int) -> list[Path]:
    """The file cut into calendars of `size` VEVENTs, each with the header and every VTIMEZONE
    (khal's check gives `khal import` 120 s, too little for thousands of events)."""
    text = path.read_bytes().decode("utf-8")
    head, _, rest = text.partition("BEGIN:VEVENT\r\n")
    body = ("BEGIN:VEVENT\r\n" + rest).removesuffix("END:VCALENDAR\r\n")
    events = ["BEGIN:VEVENT\r\n" + b for b in body.split("BEGIN:VEVENT\r\n")[1:]]
    out = []
    for i in range(0, len(events), size):
        piece = path.with_name(f"{path.stem}.part{i // size:03d}.ics")
        piece.write_bytes((head + "".join(events[i : i + size]) + "END:VCALENDAR\r\n").encode())
        out.append(piece)
    return out


Result = tuple[int, int, int, int, list[str], str]


def check(path: Path, clients: list[str]) -> dict[str, Result]:
    """reader -> (right, events, right of the odd ones, odd ones, wrong lines, status): "odd"
    events have a wall time that does not exist or occurs twice (RFC 5545 settles which)."""
    events = truth(path)
    saved = path.with_suffix(".readers.json")
    if REUSE and saved.exists():
        results = json.loads(saved.read_text(encoding="utf-8"))
    else:
        results = _read(path, clients)
        saved.write_text(json.dumps(results), encoding="utf-8")
    out = {}
    odd = {ev["i"] for ev in events if ev["odd"]}
    for res in results:
        if res["client"] not in clients:
            continue
        right, wrong = score(events, res.get("records") or [])
        status = res["status"] + (f" {res['message']}" if res.get("message") else "")
        out[res["client"]] = (len(right), len(events), len(right & odd), len(odd), wrong, status)
    return out


def _read(path: Path, clients: list[str]) -> list[dict[str, Any]]:
    """check-ics's results for each reader (khal's from pieces of the file)."""
    others = [c for c in clients if c != "khal"]
    results = _run_check_ics(path, others) if others else []
    if "khal" in clients:
        records: list[dict[str, Any]] = []
        status = "PASS"
        for piece in _pieces(path, KHAL_PIECE):
            (res,) = _run_check_ics(piece, ["khal"])
            records += res.get("records") or []
            if res["status"] != "PASS" and status == "PASS":
                status = res["status"] + (f" {res['message']}" if res.get("message") else "")
            piece.unlink()
        results.append({"client": "khal", "status": status, "records": records})
    return results


def export(store: Path, target: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "agenda", "--store", str(store), "export", "-o", str(target)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ics", type=Path, nargs="*", default=[], help="check these files")
    parser.add_argument("--store", type=Path, nargs="*", default=[], help="export these stores")
    parser.add_argument("-v", "--verbose", type=int, nargs="?", const=5, default=0)
    parser.add_argument("--only", help="comma-separated readers (default: all six)")
    parser.add_argument("--reuse", action="store_true", help="reuse FILE.readers.json if there")
    args = parser.parse_args()
    global REUSE
    REUSE = args.reuse
    clients = args.only.split(",") if args.only else CLIENTS
    files: list[tuple[str, Path]] = [(p.name, p) for p in args.ics]
    tmp = Path(tempfile.mkdtemp(prefix="check-zones-"))
    stores = list(args.store)
    if not files and not stores:
        stress = HERE / "out" / "zone-stress" / "agenda.sqlite3"
        if not stress.exists():
            sys.exit("no zone-stress store: run python benchmarks/zone_stress.py first")
        stores = [stress]
        bench = HERE / "out" / "10000" / "agenda.sqlite3"
        if bench.exists():
            stores.append(bench)
        else:
            print("(no 10k calendar: python benchmarks/generate.py --sizes 10000 --no-calcurse)")
    for store in stores:
        name = (
            "zone-stress" if store.parent.name == "zone-stress" else f"{store.parent.name} events"
        )
        target = tmp / f"{store.parent.name}.ics"
        export(store, target)
        files.append((name, target))
    commit = subprocess.run(
        ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    results = {name: check(path, clients) for name, path in files}
    print(
        f"`python benchmarks/check_zones.py` at {commit or '?'}: events placed at the true instant"
    )
    print()
    print("| reader | " + " | ".join(name for name, _ in files) + " |")
    print("|---|" + "---:|" * len(files))
    for client in clients:
        cells = []
        for name, _ in files:
            right, total, right_odd, odd, _, status = results[name].get(
                client, (0, 0, 0, 0, [], "missing")
            )
            cell = f"{right:,} / {total:,}"
            if odd:
                cell += f" ({right - right_odd:,} / {total - odd:,} + {right_odd} / {odd})"
            if not status.startswith("PASS"):
                cell += f" ({status[:60]})"
            cells.append(cell)
        print(f"| {client} | " + " | ".join(cells) + " |")
    if args.verbose:
        for name, _ in files:
            for client in clients:
                wrong = results[name].get(client, (0, 0, 0, 0, [], ""))[4]
                if wrong:
                    print(f"\n{client} on {name}: {len(wrong)} wrong, e.g.")
                    for line in wrong[: args.verbose]:
                        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
