"""Model <-> iCalendar (RFC 5545): the public face of export and import, which the CLI, the UI,
the feed and sync call.

- `export_events(events, calname)` -> the text of a VCALENDAR; `write_events(...)` streams to a
  file or path (the CLI and the UI call these; the writer itself is `agenda.ics.write`).
- `import_ics(store, source, ...)` reads a file event by event and writes it in one transaction,
  returning an `ImportReport` (added, updated, unchanged, skipped, with reasons).
- `read_events(path, name)` reads a file's events without writing them (a subscription's feed):
  (events, one line per event refused, notes).
- `IcsError` (defined in `agenda.core.errors`) for a file that cannot be read or written.

The modules behind it, lowest first: `common` (IcsError, the all-day DTEND conversions,
statuses) and `escape` (TEXT escaping and folding), which import nothing else of the package;
`report` (ImportReport); `lines` (content lines and blocks), `vevent` (one VEVENT to fields),
`recur` (recurring series) and `importer` (the import run); `write`, `vtimezone` and `winzones`.
Submodules are imported when a function needs them, so that `import agenda.ics` stays cheap.
The mapping between fields and properties is documented in docs/ics.md.

May import: `agenda.core`, the standard library, icalendar and python-dateutil. Never sharing,
the extractor, the CLI or the UI; its own modules never import this facade (import-linter).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from agenda.core.errors import IcsError
from agenda.ics.common import exclusive_end, inclusive_end
from agenda.ics.report import ImportReport

__all__ = [
    "IcsError",
    "ImportReport",
    "exclusive_end",
    "export_events",
    "import_ics",
    "inclusive_end",
    "parse_object",
    "read_events",
    "write_events",
]

if TYPE_CHECKING:
    from agenda.core.models import Event
    from agenda.core.store import EventStore


def _json_reader() -> Callable[[str], Any]:
    """`json.loads`, or pydantic-core's parser (a third faster on the store's JSON; the same
    values, floats included, tested) with `json.loads` for what it refuses (lone surrogates)."""
    try:
        from pydantic_core import from_json
    except ImportError:  # pragma: no cover - pydantic always brings it
        return json.loads

    def loads(text: str) -> Any:
        try:
            return from_json(text)
        except ValueError:
            return json.loads(text)

    return loads


def _pair(
    event: Event | dict[str, Any] | str, loads: Callable[[str], Any] = json.loads
) -> tuple[dict[str, Any], str | None]:
    """(JSON form, JSON text) of an Event, of its JSON form, or of its stored JSON text."""
    if isinstance(event, str):
        return loads(event), event
    if isinstance(event, dict):
        return event, None
    text = event.model_dump_json(exclude_defaults=True)
    return json.loads(text), text


def write_events(
    events: Iterable[Event | dict[str, Any] | str],
    out: IO[bytes] | str | Path,
    calname: str = "agenda",
    *,
    now: datetime | None = None,
    workers: int = 1,
) -> int:
    """Write events as one VCALENDAR to a binary stream or a path; returns how many.

    Each event is an Event, its JSON form (a dict) or the JSON text the store keeps. A path is
    written to a temporary file beside it and renamed, so a failed export never leaves half a
    file. `now` is the DTSTAMP (the injected clock's time; UTC now if None). With `workers` > 1
    (JSON texts only; for large exports from a single-threaded caller such as the CLI) the events
    are formatted by that many processes; the bytes are the same.
    """
    from agenda.ics.stream import write_all, write_parallel

    moment = now or datetime.now(UTC)

    def write(fh: IO[bytes]) -> int:
        if workers > 1:
            return write_parallel(fh, events, calname, moment, workers)  # type: ignore[arg-type]
        loads = _json_reader()
        return write_all(fh, (_pair(e, loads) for e in events), calname, moment)

    if isinstance(out, str | Path):
        from agenda.core.outfile import open_output

        with open_output(out, error=IcsError) as fh:
            return write(fh)
    return write(out)


def export_events(
    events: Iterable[Event | dict[str, Any] | str],
    calname: str = "agenda",
    *,
    now: datetime | None = None,
) -> str:
    """The events as the text of one VCALENDAR (CRLF line ends, folded at 75 octets)."""
    buffer = io.BytesIO()
    write_events(events, buffer, calname, now=now)
    return buffer.getvalue().decode("utf-8")


def import_ics(
    store: EventStore,
    source: str | Path,
    *,
    tag: str | None = None,
    calendar: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import an .ics file (or "-" for stdin) into `store` in one transaction.

    All or nothing: any invalid event fails the whole import (every problem listed) unless
    `skip_invalid`, which imports the valid ones and writes the rest, untouched, to
    `<file>.rejects.ics`. Recurring series are kept as series (a master with its rule, and
    its overrides of single occurrences). `today` is no longer used (series were expanded from
    it once); it is accepted so that callers need not change. `progress(done, total)` gets
    bytes read. `calendar`: the calendar every event goes to (None: the default one).
    """
    from agenda.ics.importer import run_import

    return run_import(
        store,
        source,
        tag=tag,
        calendar=calendar,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        progress=progress,
    )


def read_events(source: Path, name: str) -> tuple[list[Event], list[str], list[str]]:
    """Every event of the .ics file `source` (messages name it `name`, a URL say), as the import
    reads them, series kept as series, nothing written: (events, one line per event refused,
    notes about the calendar). IcsError for a file that is not iCalendar, truncated, binary or
    too large."""
    from agenda.ics.importer import read_all

    return read_all(source, name)


def parse_object(text: str, name: str) -> tuple[list[Event], list[str]]:
    """The events of the iCalendar `text` of one object (a CalDAV resource, say; messages name it
    `name`) as `agenda import` reads a file, series kept as series, nothing written: (events, one
    line per event refused). IcsError for a text that cannot be read at all."""
    from agenda.ics.importer import parsed_events
    from agenda.ics.lines import CalendarInfo

    events: list[Event] = []
    problems: list[str] = []
    for item in parsed_events(io.BytesIO(text.encode("utf-8")), CalendarInfo(name=name), [0]):
        if item.event is not None:
            events.append(item.event)
        else:
            problems.append(f"{item.label}: {item.problem}")
    return events, problems
