"""Importing an .ics file into the store: one transaction, a report, conflicts decided by age.

Events are written in chunks inside one `store.transaction()` as the file is read, so a 100,000-event
file needs no more memory than a chunk; any fatal problem (a truncated file, a binary file, an
invalid event without --skip-invalid) raises inside the transaction and nothing is written.
--dry-run runs the same path and rolls back at the end.

Re-importing updates events by UID (the id). When the store's copy differs from the file's, the
newer wins: LAST-MODIFIED when both have one, else the higher SEQUENCE; the losing side is reported,
never silently overwritten. An event deleted in agenda is not brought back unless the file's copy was
modified after the deletion.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from agenda.core.errors import ValidationProblem
from agenda.core.format import plural
from agenda.core.limits import MAX_FILE
from agenda.core.outfile import write_output
from agenda.ics.common import IcsError
from agenda.ics.lines import Block, CalendarInfo, blocks
from agenda.ics.recur import series as read_series
from agenda.ics.report import ImportReport
from agenda.ics.vevent import EventProblem, Raw, read_vevent

if TYPE_CHECKING:
    from agenda.core.models import Event
    from agenda.core.store import EventStore

CHUNK = 2000


@dataclass
class Parsed:
    """One event read from the file, or the problem that stopped it."""

    label: str
    event: Any = None
    problem: str | None = None
    raw: bytes | Block = b""
    """The event's bytes as in the file, or its Block (joined only if a rejects file needs them)."""

    def raw_bytes(self) -> bytes:
        """The bytes as they were in the file."""
        return self.raw.raw if isinstance(self.raw, Block) else self.raw


class _DryRun(Exception):
    """Raised at the end of a dry run to roll the transaction back."""


def _open(source: str | Path) -> tuple[IO[bytes], str, int | None]:
    if str(source) == "-":
        return sys.stdin.buffer, "<stdin>", None
    path = Path(source)
    try:
        if path.is_dir():
            raise IcsError(f"{path}: is a folder, not an .ics file")
        size = path.stat().st_size
        if path.is_file() and size > MAX_FILE:  # refused before a byte is read
            raise IcsError(
                f"{path}: {size:,} bytes; an .ics file may be at most {MAX_FILE:,} "
                f"({MAX_FILE // 2**20} MB); nothing was imported"
            )
        return path.open("rb"), str(path), size
    except OSError as exc:
        raise IcsError(f"{path}: cannot read ({exc.strerror})") from None


def parsed_events(fh: IO[bytes], info: CalendarInfo, counter: list[int]) -> Any:
    """Parsed items in file order (recurring series at the end: the series, then its overrides)."""
    from agenda.core.models import parse_event

    series: dict[str, list[Raw]] = {}
    name = info.name
    for block in blocks(fh, info, counter):
        try:
            raw = read_vevent(block, info)
        except EventProblem as exc:
            yield Parsed(name, problem=str(exc), raw=block)
            continue
        if raw.recurring:
            series.setdefault(raw.uid, []).append(raw)
            continue
        block.lines = []  # read: only its bytes may be wanted (a rejects file)
        label = f"{name}: line {block.lineno}: event {raw.uid!r}"
        try:
            yield Parsed(label, event=parse_event(raw.data, label), raw=block)
        except ValidationProblem as exc:
            yield Parsed(
                label,
                problem="; ".join(p.removeprefix(label + ": ") for p in exc.problems),
                raw=block,
            )
    for group in series.values():
        group_raw = b"".join(r.block.raw for r in group)
        try:
            items = read_series(group, info)
        except EventProblem as exc:
            yield Parsed(name, problem=str(exc), raw=group_raw)
            continue
        for src, data in items:
            occ_label = f"{name}: line {src.block.lineno}: event {data['id']!r}"
            try:
                yield Parsed(occ_label, event=parse_event(data, occ_label), raw=group_raw)
            except ValidationProblem as exc:
                yield Parsed(
                    occ_label,
                    problem="; ".join(p.removeprefix(occ_label + ": ") for p in exc.problems),
                    raw=group_raw,
                )


class _Writer:
    """Buffers events and writes them in chunks, parents before children, deciding conflicts."""

    def __init__(
        self,
        store: EventStore,
        report: ImportReport,
        tag: str | None,
        reject: Callable[[Parsed, str], None],
        calendar: str | None = None,
    ) -> None:
        self.store = store
        self.report = report
        self.tag = tag
        self.calendar = calendar
        self.reject = reject
        self.buffer: list[Parsed] = []
        self.waiting: dict[str, list[Parsed]] = {}
        self.written: set[str] = set()
        self.recent: dict[str, Event] = {}
        """Events written lately, so a child's parent is not read back and decoded again."""
        self.tombstones = store.tombstones()

    def add(self, item: Parsed) -> None:
        event = item.event
        parent = event.parent_id
        if parent and parent not in self.written and not self.store.exists(parent):
            self.waiting.setdefault(parent, []).append(item)
            return
        self.buffer.append(item)
        if len(self.buffer) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        while self.buffer:
            chunk, self.buffer = self.buffer, []
            self._write(chunk)
            for item in chunk:
                self.buffer += self.waiting.pop(item.event.id, [])

    def finish(self) -> None:
        self.flush()
        for parent, items in list(self.waiting.items()):
            for item in items:
                event = item.event
                if not event.is_day_known():
                    self.reject(item, f"its parent {parent!r} is neither in the file nor in agenda")
                    continue
                item.event = event.model_copy(update={"parent_id": None})
                self.report.notes.append(
                    f"event {event.id!r}: its parent {parent!r} is neither in the file nor in "
                    "agenda; imported without a parent"
                )
                self.buffer.append(item)
        self.waiting.clear()
        self.flush()

    def _write(self, chunk: list[Parsed]) -> None:
        from agenda.core.models import family_problems
        from agenda.core.store import PutResult

        store, report = self.store, self.report
        if self.tag:
            for item in chunk:
                if self.tag not in item.event.tags:
                    item.event = item.event.model_copy(
                        update={"tags": [*item.event.tags, self.tag]}
                    )
        if self.calendar is not None:
            for item in chunk:
                item.event = item.event.model_copy(update={"calendar": self.calendar})
        stored = {e.id: e for e in store.get_many(i.event.id for i in chunk)}
        batch = {i.event.id: i.event for i in chunk}
        winners: list[Parsed] = []
        for item in chunk:
            event = item.event
            old = stored.get(event.id)
            if old is None and event.id in self.tombstones:
                deleted = self.tombstones[event.id]
                if not (event.last_modified and event.last_modified.isoformat() > deleted):
                    report.skipped.append(
                        (event.id, f"deleted in agenda on {deleted}; the file's copy is older")
                    )
                    continue
            if old is not None and old.content() != event.content() and not _newer(event, old):
                report.skipped.append(
                    (
                        event.id,
                        "changed in agenda since the file's copy "
                        f"(agenda: sequence {old.sequence}, modified {_when(old.last_modified)}; "
                        f"file: sequence {event.sequence}, modified {_when(event.last_modified)});"
                        " agenda's copy kept",
                    )
                )
                continue
            if event.parent_id:

                def lookup(event_id: str) -> Event | None:
                    if event_id in batch:
                        return batch[event_id]
                    if event_id in self.recent:
                        return self.recent[event_id]
                    found = store.get_many([event_id])
                    return found[0] if found else None

                problems = family_problems(event, lookup)
                if problems:
                    self.reject(item, "; ".join(problems))
                    batch.pop(event.id, None)
                    continue
            winners.append(item)
        if not winners:
            return
        results = store.put_many([i.event for i in winners], known=self.recent)
        if len(self.recent) > 2 * CHUNK:
            self.recent.clear()
        for item, result in zip(winners, results, strict=True):
            self.written.add(item.event.id)
            self.recent[item.event.id] = item.event
            {
                PutResult.ADDED: report.added,
                PutResult.UPDATED: report.updated,
                PutResult.UNCHANGED: report.unchanged,
            }[result].append(item.event.id)


def _newer(new: Event, old: Event) -> bool:
    if new.last_modified is not None and old.last_modified is not None:
        return _utc(new.last_modified) > _utc(old.last_modified)
    return new.sequence > old.sequence


def _utc(moment: datetime) -> datetime:
    from datetime import UTC

    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _when(moment: datetime | None) -> str:
    return moment.isoformat() if moment else "unknown"


def run_import(
    store: EventStore,
    source: str | Path,
    *,
    tag: str | None,
    dry_run: bool,
    skip_invalid: bool,
    progress: Callable[[int, int], None] | None,
    calendar: str | None = None,
) -> ImportReport:
    """See `agenda.ics.import_ics`."""
    fh, name, size = _open(source)
    report = ImportReport(source=name, dry_run=dry_run)
    info = CalendarInfo(name)
    counter = [0]
    bad: list[Parsed] = []
    seen: dict[str, str] = {}

    def reject(item: Parsed, why: str) -> None:
        item.problem = why
        bad.append(item)

    # Many long-lived objects (ids seen, the report) and no reference cycles made on purpose:
    # the cycle collector would rescan them over and over, for nothing but time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with store.transaction():
            writer = _Writer(store, report, tag, reject, calendar)
            for n, item in enumerate(parsed_events(fh, info, counter)):
                if progress is not None and n % 500 == 0:
                    progress(counter[0], size or 0)
                if item.problem is not None:
                    bad.append(item)
                    continue
                event_id = item.event.id
                if event_id in seen:
                    report.skipped.append(
                        (item.label, f"the same UID appears earlier ({seen[event_id]}); first kept")
                    )
                    continue
                seen[event_id] = item.label
                if bad and not skip_invalid:
                    continue  # keep reading to list every problem; nothing will be committed
                writer.add(item)
            if not bad or skip_invalid:
                writer.finish()
            if bad and not skip_invalid:
                raise ValidationProblem(
                    [f"{b.label}: {b.problem}" for b in bad]
                    + [
                        f"{name}: {plural(len(bad), 'invalid event')}; nothing was imported "
                        "(--skip-invalid imports the valid ones)"
                    ]
                )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    finally:
        if collecting:
            gc.enable()
        if fh is not sys.stdin.buffer:
            fh.close()
    if progress is not None:
        progress(counter[0], size or counter[0])
    report.ignored_components = dict(info.skipped)
    report.notes += sorted(info.notes)
    report.rejected = [(b.label, b.problem or "") for b in bad]
    if bad and not dry_run:
        report.rejects_file = _write_rejects(name, info, bad)
    return report


def _write_rejects(name: str, info: CalendarInfo, bad: list[Parsed]) -> str:
    """The rejected VEVENTs, byte for byte, in a calendar of their own next to the input."""
    target = Path("agenda-import.rejects.ics") if name == "<stdin>" else Path(name + ".rejects.ics")
    seen: set[int] = set()
    parts = [b"BEGIN:VCALENDAR\r\n", *info.header, *info.timezones_raw]
    for item in bad:
        raw = item.raw_bytes()
        if id(item.raw) in seen or not raw:
            continue
        seen.add(id(item.raw))
        parts.append(raw if raw.endswith(b"\n") else raw + b"\r\n")
    parts.append(b"END:VCALENDAR\r\n")
    # a made-up name beside the input: a link planted there is replaced, never written through
    write_output(
        target, b"".join(parts), error=IcsError, what="the rejected events", follow_links=False
    )
    return str(target)


def read_all(source: Path, name: str) -> tuple[list[Event], list[str], list[str]]:
    """Every event of an .ics file, read as `run_import` reads them but written nowhere:
    (events in file order with a series before its overrides, one line per event refused,
    notes about the calendar). A UID seen twice keeps its first event. A file-level problem
    (not iCalendar, truncated, binary, too large) is an IcsError naming `name`."""
    info = CalendarInfo(name)
    events: list[Event] = []
    problems: list[str] = []
    seen: set[str] = set()
    collecting = gc.isenabled()
    gc.disable()  # as in run_import: many long-lived objects, no cycles
    try:
        with path_open(source) as fh:
            for item in parsed_events(fh, info, [0]):
                if item.problem is not None:
                    problems.append(f"{item.label}: {item.problem}")
                elif item.event.id in seen:
                    problems.append(f"{item.label}: the same UID appears earlier; first kept")
                else:
                    seen.add(item.event.id)
                    events.append(item.event)
    finally:
        if collecting:
            gc.enable()
    return events, problems, sorted(info.notes)


def path_open(source: Path) -> IO[bytes]:
    """`source` opened for reading; IcsError when it cannot be."""
    try:
        return source.open("rb")
    except OSError as exc:
        raise IcsError(f"{source}: cannot read ({exc.strerror})") from None
