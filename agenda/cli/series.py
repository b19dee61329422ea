"""The series side of the event commands: what `add`/`edit --repeat ... --until/--count/
--interval` make of the event's `repeat`, which occurrence `--occurrence` (or an occurrence key)
names, and the lines `show` adds for a series (its next occurrences). Parses no arguments
(agenda.cli.parser does); the rules are agenda.core.rrules', the expansion
agenda.core.recurrence's.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from agenda.cli.context import Context
from agenda.core.errors import UsageError

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from typing import Any

    from agenda.core.models import Event


def repeat_flags_given(ctx: Context) -> bool:
    """True when any of --repeat, --until, --count, --interval was given."""
    a = ctx.args
    return any(getattr(a, f, None) is not None for f in ("repeat", "until", "count", "interval"))


def apply_repeat(ctx: Context, data: dict[str, Any]) -> None:
    """Set `data["repeat"]` from the repeat flags (`--repeat none` removes it; --until, --count
    or --interval alone change the simple rule the event has)."""
    from agenda.core.rrules import simple_parts, simple_rule
    from agenda.core.schedule import parse_day

    a = ctx.args
    if not repeat_flags_given(ctx):
        return
    if a.until is not None and a.count is not None:
        raise UsageError("--until and --count: give an end day or a number of times, not both")
    base = dict(data.get("repeat") or {})
    if a.repeat == "none":
        if a.until is not None or a.count is not None or a.interval is not None:
            raise UsageError("--repeat none: --until, --count and --interval need a repeat")
        data.pop("repeat", None)
        return
    until = parse_day(a.until, ctx.today, what="--until") if a.until is not None else None
    count, interval = a.count, a.interval
    if a.repeat is not None:
        freq = a.repeat
    else:
        parts = simple_parts(str(base.get("rule") or ""))
        if parts is None:
            raise UsageError(
                "--until, --count, --interval: give --repeat too (the event does not repeat "
                "every n years, months, weeks or days)"
            )
        freq, old_interval, old_until, old_count = parts
        interval = old_interval if interval is None else interval
        if until is None and count is None:
            until, count = old_until, old_count
    try:
        base["rule"] = simple_rule(
            freq,
            start=data["start"],
            interval=1 if interval is None else interval,
            until=until,
            count=count,
        )
    except ValueError as exc:
        raise UsageError(f"--repeat: {exc}") from None
    data["repeat"] = base


def occurrence_id(ctx: Context, series_id: str, text: str) -> str:
    """The id of the occurrence of `series_id` that `text` names (a day, a day and time, or the
    key's YYYYMMDD[THHMMSS] form): its override's id when it has one, else its key."""
    from agenda.core.recurrence import occurrence_key, occurrences, parse_occurrence_key
    from agenda.core.schedule import parse_when

    series = ctx.store.get(series_id)
    if series.repeat is None:
        raise UsageError(f"--occurrence: {series_id!r} does not repeat")
    keyed = parse_occurrence_key(f"{series_id}/{text.strip()}")
    value = keyed[1] if keyed else parse_when(text, ctx.today, what="--occurrence")
    timed = isinstance(series.start, datetime)
    if not timed and isinstance(value, datetime):
        value = value.date()
    if timed and not isinstance(value, datetime):
        midnight = datetime.combine(value, time())
        found = occurrences(series, midnight, midnight + timedelta(days=1))
        if len(found) > 1:
            times = ", ".join(f"{t:%H:%M}" for t in found[:5])  # type: ignore[str-format]
            raise UsageError(
                f"--occurrence: {series_id!r} has {len(found)} occurrences on {value} ({times}); "
                "give the time too (YYYY-MM-DDTHH:MM)"
            )
        value = found[0] if found else midnight
    overrides = ctx.store.overrides_of(series_id, value)
    if overrides:
        return overrides[0]
    after = value + (timedelta(seconds=1) if timed else timedelta(days=1))
    if occurrences(series, value, after) != [value]:
        raise UsageError(
            f"--occurrence: {series_id!r} has no occurrence starting {value.isoformat()} "
            f"(see `agenda show {series_id}`)"
        )
    return occurrence_key(series_id, value)


def occurrence_of(ctx: Context, event_id: str) -> tuple[str, date] | None:
    """(series id, original start) when `event_id` names one occurrence of a stored series (an
    occurrence key or an override), else None."""
    from agenda.core.store.series import parse_when

    row = ctx.store.row(event_id)
    if row.series_id is None or row.occurrence is None or row.series_id == row.id:
        return None
    if not ctx.store.exists(row.series_id):
        return None
    return row.series_id, parse_when(row.occurrence)


def series_lines(ctx: Context, event: Event | Any) -> list[str]:
    """What `show` adds for a series: its next occurrences from today."""
    from agenda.core import format as fmt
    from agenda.core.recurrence import next_starts

    if getattr(event, "repeat", None) is None:
        return []
    upcoming = next_starts(event, ctx.today, 5)
    if not upcoming:
        return ["no occurrence from today on"]
    texts = [
        fmt.when_text(start, None, tz=event.tz, precision="exact").strip() for start in upcoming
    ]
    return ["next: " + "; ".join(texts)]
