"""Writing a whole VCALENDAR: its header, one VTIMEZONE per zone over the years its events use,
the events streamed through a spool to a file, or formatted by several processes.

`agenda.ics.write` formats each VEVENT (`VeventFormatter`, the hot path); this module puts them
together: `write_all` in this process, `write_parallel` in chunks formatted by worker processes,
with the same bytes. The facade (`agenda.ics.export_ics`) calls these two.
"""

from __future__ import annotations

import gc
import json
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import IO, Any

from agenda.ics.escape import escape_text, fold
from agenda.ics.write import PRODID, VeventFormatter


def zone_years(d: dict[str, Any]) -> list[tuple[str, int]]:
    """The (zone, year) pairs an event's VTIMEZONEs must cover (JSON form)."""
    out = []
    if d.get("tz") and d["tz"] != "UTC":
        out.append((d["tz"], int(d["start"][:4])))
        if d.get("end") and not d.get("end_tz"):
            out.append((d["tz"], int(d["end"][:4])))
        repeat = d.get("repeat")
        if repeat:  # the dates a series names; an endless rule is covered by the zone's last rule
            until = re.search(r"UNTIL=(\d{4})", repeat.get("rule") or "")
            extra = [*repeat.get("rdates", ()), *repeat.get("exdates", ())]
            years = [int(v[:4]) for v in extra] + ([int(until[1])] if until else [])
            out += [(d["tz"], min(max(y, 1900), 2200)) for y in years]
        if d.get("recurrence_start"):
            out.append((d["tz"], int(d["recurrence_start"][:4])))
    if d.get("end_tz") and d["end_tz"] != "UTC" and d.get("end"):
        out.append((d["end_tz"], int(d["end"][:4])))
    return out


def vtimezone(tz: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of an IANA zone over the given years: `agenda.ics.vtimezone` (yearly rules)."""
    from agenda.ics.vtimezone import vtimezone as build

    return build(tz, first_year, last_year)


def header(calname: str) -> bytes:
    """BEGIN:VCALENDAR and its properties, in icalendar's order."""
    return b"".join(
        (
            b"BEGIN:VCALENDAR\r\n",
            fold("VERSION:2.0"),
            fold(f"PRODID:{escape_text(PRODID)}"),
            fold("CALSCALE:GREGORIAN"),
            fold(f"X-WR-CALNAME:{escape_text(calname)}"),
        )
    )


_BATCH = 256
"""Events encoded and written at once: fewer, larger writes; some 0.5 MB of text held."""


class IcsWriter:
    """Streams a VCALENDAR: events go to a spool while their zones are collected, then the header,
    one VTIMEZONE per zone used and the events are copied to `out`."""

    def __init__(self, out: IO[bytes], calname: str, now: datetime) -> None:
        self.out = out
        self.calname = calname
        self.dtstamp_z = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115
        self.zones: dict[str, tuple[int, int]] = {}
        self.count = 0
        self.formatter = VeventFormatter(self.dtstamp_z)
        self.pending: list[str] = []
        self.series_tz: dict[str, str | None] = {}
        """The zone of each series written, for the RECURRENCE-ID of its overrides."""
        self.overrides: list[tuple[dict[str, Any], str | None]] = []
        """Overrides of one occurrence, written after every other event: their series' zone is
        known by then, whatever the order of the events (and the same with --jobs)."""

    def add(self, d: dict[str, Any], text: str | None = None) -> None:
        """Write one event: its JSON form, and that JSON as text when known (the store's)."""
        if d.get("tz") or d.get("end_tz"):
            self.add_zones(zone_years(d))
        if d.get("repeat"):
            self.series_tz[d["id"]] = d.get("tz")
        if d.get("recurrence_of"):
            self.overrides.append((d, text))
            return
        self._append(self.formatter.event(d, text))

    def add_zones(self, years: Iterable[tuple[str, int]]) -> None:
        """Widen the years each zone's VTIMEZONE covers."""
        for tz, year in years:
            span = self.zones.get(tz)
            if span is None:
                self.zones[tz] = (year, year)
            elif not span[0] <= year <= span[1]:
                self.zones[tz] = (min(span[0], year), max(span[1], year))

    def _append(self, vevent: str) -> None:
        self.pending.append(vevent)
        self.count += 1
        if len(self.pending) == _BATCH:
            self.flush()

    def flush(self) -> None:
        """Encode the events formatted so far in one piece and spool them."""
        self.spool.write("".join(self.pending).encode())
        self.pending.clear()

    def close(self) -> int:
        """Write everything to `out`; returns the number of events."""
        for d, text in self.overrides:
            series = d["recurrence_of"]
            if series in self.series_tz:
                self._append(self.formatter.event(d, text, series_tz=self.series_tz[series]))
            else:  # written without its series (a view of occurrences): an event of its own
                alone = {
                    k: v for k, v in d.items() if k not in ("recurrence_of", "recurrence_start")
                }
                self._append(self.formatter.event(alone))
        self.overrides.clear()
        self.flush()
        self.out.write(header(self.calname))
        for tz in sorted(self.zones):
            self.out.write(vtimezone(tz, *self.zones[tz]))
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, self.out, 1 << 20)
        self.spool.close()
        self.out.write(b"END:VCALENDAR\r\n")
        return self.count


def write_all(
    out: IO[bytes],
    items: Iterable[tuple[dict[str, Any], str | None]],
    calname: str,
    now: datetime,
) -> int:
    """Write a calendar to `out` from (JSON form, JSON text or None) pairs; returns how many."""
    writer = IcsWriter(out, calname, now)
    # the loop makes many short-lived dicts and no cycles: the cycle collector only costs time
    collecting = gc.isenabled()
    gc.disable()
    try:
        for d, text in items:
            writer.add(d, text)
    finally:
        if collecting:
            gc.enable()
    return writer.close()


_Chunk = tuple[
    bytes, dict[str, tuple[int, int]], int, dict[str, str | None], list[tuple[dict[str, Any], str]]
]


def _format_chunk(job: tuple[list[str], str]) -> _Chunk:
    """In a worker: the VEVENTs of a chunk of stored JSON texts, the zones they use, the zone
    of each series, and the overrides (left for the parent to write last, as `IcsWriter`)."""
    texts, dtstamp_z = job
    gc.disable()
    zones: dict[str, tuple[int, int]] = {}
    series: dict[str, str | None] = {}
    overrides: list[tuple[dict[str, Any], str]] = []
    out = []
    formatter = VeventFormatter(dtstamp_z)
    for text in texts:
        d = json.loads(text)
        if d.get("recurrence_of"):
            overrides.append((d, text))
            continue
        if d.get("repeat"):
            series[d["id"]] = d.get("tz")
        if d.get("tz") or d.get("end_tz"):
            for tz, year in zone_years(d):
                lo, hi = zones.get(tz, (year, year))
                zones[tz] = (min(lo, year), max(hi, year))
        out.append(formatter.event(d, text))
    return "".join(out).encode(), zones, len(texts) - len(overrides), series, overrides


def write_parallel(
    out: IO[bytes], texts: Iterable[str], calname: str, now: datetime, workers: int
) -> int:
    """`write_all` for the store's JSON texts, formatted by `workers` processes in chunks.

    The bytes are the same as `write_all`'s (chunks are written in order; tested); worth it
    for large exports only: each worker costs a process start and some 20 MB.
    """
    import multiprocessing

    writer = IcsWriter(out, calname, now)

    def chunks() -> Iterator[tuple[list[str], str]]:
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) == _PARALLEL_CHUNK:
                yield batch, writer.dtstamp_z
                batch = []
        if batch:
            yield batch, writer.dtstamp_z

    # fork: the workers need nothing but this module, already imported (the CLI is one thread)
    # workers ignore Ctrl-C: the parent alone stops (and terminates them), with one message
    with multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_sigint) as pool:
        for blob, zones, count, series, overrides in pool.imap(_format_chunk, chunks()):
            writer.spool.write(blob)
            writer.count += count
            for tz, (lo, hi) in zones.items():
                old = writer.zones.get(tz, (lo, hi))
                writer.zones[tz] = (min(old[0], lo), max(old[1], hi))
            writer.series_tz.update(series)
            for d, text in overrides:
                writer.add(d, text)
    return writer.close()


_PARALLEL_CHUNK = 2000


def _ignore_sigint() -> None:
    """In a worker: Ctrl-C is the parent's to handle (no traceback from each worker)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
