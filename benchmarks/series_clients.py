"""What six calendar programs read in agenda's export of recurring series (issue 14, point 2).

Imports the series quirk files of tests/ics/fixtures/series (Google, Outlook, Apple) and
tests/ics/fixtures/recurrence.ics into a fresh store, exports it with `agenda export`, runs the
file through the six readers of ../shared/ics-clients (`check-ics --fields --json`) and prints,
per reader, a row of the table in docs/ics.md: whether it accepts the file, the VEVENTs it sees,
the series masters and overrides whose start it places at the true instant, and how it reads
each override's RECURRENCE-ID (at the true instant in UTC, as the wall-clock text of the series'
zone, or not at all). The truth is agenda's own store, converted with `zoneinfo`.

    PATH=/work/shared/ics-clients:$PATH python benchmarks/series_clients.py [--keep FILE.ics]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "ics" / "fixtures"


def _utc(value: date, tz: str | None) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    if tz is None:
        return value.strftime("%Y-%m-%d %H:%M")
    moment = value.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M")


def _wall(value: date) -> set[str]:
    if not isinstance(value, datetime):
        return {value.isoformat(), value.strftime("%Y%m%d")}
    return {value.strftime("%Y-%m-%d %H:%M"), value.strftime("%Y%m%dT%H%M%S")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", help="also write the exported file here")
    args = parser.parse_args()
    from agenda.core.store import EventStore

    with tempfile.TemporaryDirectory() as folder:
        store_path = Path(folder, "s.db")
        out = Path(args.keep or Path(folder, "series.ics"))
        run = [sys.executable, "-m", "agenda", "--store", str(store_path)]
        for path in [*sorted((FIXTURES / "series").glob("*.ics")), FIXTURES / "recurrence.ics"]:
            subprocess.run([*run, "import", str(path)], check=True, capture_output=True)
        subprocess.run([*run, "export", "-o", str(out)], check=True, capture_output=True)
        with EventStore(store_path) as store:
            events = store.get_many(r.id for r in store.window())
        zones = {e.id: e.tz for e in events if e.repeat is not None}
        truth: dict[tuple[str, str], tuple[str, str | None, set[str]]] = {}
        for e in events:
            uid = e.recurrence_of or e.id
            rid = None
            wall: set[str] = set()
            if e.recurrence_start is not None:
                rid = _utc(e.recurrence_start, zones.get(uid, e.tz))
                wall = _wall(e.recurrence_start)
            truth[(uid, e.title)] = (_utc(e.start, e.tz), rid, wall)
        report = subprocess.run(
            ["check-ics", str(out), "--fields", "--json"], capture_output=True, text=True
        )
    data = json.loads(report.stdout)
    masters = sum(1 for e in events if e.repeat is not None)
    overrides = sum(1 for e in events if e.recurrence_of is not None)
    print(f"{len(events)} VEVENTs: {masters} series, {overrides} overrides, the rest single\n")
    print("| reader | accepts | VEVENTs | starts at the true instant | RECURRENCE-ID read as |")
    print("|---|---|---|---|---|")
    for result in data["results"]:
        records = result.get("records") or []
        right = 0
        kinds: dict[str, int] = {}
        for rec in records:
            want = truth.get((rec.get("uid") or "", rec["summary"]))
            if want is None:  # a reader without UIDs (calcurse): match by title
                want = next((v for (_, t), v in truth.items() if t == rec["summary"]), None)
            if want is None:
                continue
            start, rid, wall = want
            right += rec["start"] == start
            if rid is not None:
                got = rec.get("rid")
                kind = (
                    "not read"
                    if not got
                    else "the true instant (UTC)"
                    if got == rid
                    else "wall clock of the series' zone"
                    if got in wall
                    else f"wrong ({got})"
                )
                kinds[kind] = kinds.get(kind, 0) + 1
        rid_text = ", ".join(f"{k} ({n})" for k, n in sorted(kinds.items())) or "-"
        status = result.get("status", "")
        print(
            f"| {result.get('client')} | {status} | {len(records)} | {right} of "
            f"{len(records)} | {rid_text} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
