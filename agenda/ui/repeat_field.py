"""The repeat fields of the event form: how an event repeats (none, every year, month, week or
day from its start, or the rule as stored when it is one the form cannot show), until a day or a
number of times. The rule is built by agenda.core.rrules.simple_rule, as `agenda add --repeat`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual.widgets import Select

from agenda.core.errors import AgendaError
from agenda.core.format import clean, series_words
from agenda.core.rrules import simple_parts, simple_rule
from agenda.core.schedule import parse_day

if TYPE_CHECKING:
    from agenda.core.models import Event

_UNITS = {"yearly": "year", "monthly": "month", "weekly": "week", "daily": "day"}


def _simple(event: Event) -> tuple[str, int, date | None, int | None] | None:
    """The parts of the event's rule when a person could have picked it here."""
    repeat = event.repeat
    if repeat is None or repeat.rule is None or repeat.rdates:
        return None
    parts = simple_parts(repeat.rule)
    return parts if parts is not None and parts[1] == 1 else None


def repeat_select(original: Event | None, wid: str) -> Select[str]:
    """The "Repeats" choice, set to how `original` repeats."""
    options = [("does not repeat", "none")] + [(f"every {u}", f) for f, u in _UNITS.items()]
    value = "none"
    if original is not None and original.repeat is not None:
        simple = _simple(original)
        if simple is None:
            words = clean(series_words(original)[0], one_line=True)
            options.append((f"as stored: {words}"[:70], "stored"))
            value = "stored"
        else:
            value = simple[0]
    return Select(options, value=value, allow_blank=False, id=wid)


def repeat_texts(event: Event) -> dict[str, str]:
    """The until and times fields of an event's simple rule."""
    simple = _simple(event)
    if simple is None:
        return {}
    return {
        "repeat_until": simple[2].isoformat() if simple[2] else "",
        "repeat_count": str(simple[3]) if simple[3] else "",
    }


def base_repeat(event: Event) -> dict[str, Any] | None:
    """The event's `repeat` as model data (None: it does not repeat)."""
    return event.repeat.model_dump(exclude_defaults=True) if event.repeat else None


def collect_repeat(
    texts: dict[str, str], data: dict[str, Any], where: str, problems: list[str], today: date
) -> None:
    """Set `data["repeat"]` from the fields' `texts`, or add the problems found (the rule as
    stored is kept when "as stored" is left chosen)."""
    choice, until_text, count_text = texts["repeat"], texts["repeat_until"], texts["repeat_count"]
    if choice == "stored":
        return
    if choice == "none":
        data.pop("repeat", None)
        if until_text or count_text:
            problems.append(f"{where}: repeat: choose how it repeats, or empty until and times")
        return
    try:
        until = parse_day(until_text, today, what="until") if until_text else None
    except AgendaError as exc:
        problems.append(f"{where}: repeat_until: {str(exc).split(': ', 1)[-1]}")
        return
    if count_text and not count_text.isdigit():
        problems.append(f"{where}: repeat_count: {count_text!r} is not a whole number")
        return
    if data.get("start") is None:
        return  # the start's own problem is shown
    repeat = dict(data.get("repeat") or {})
    try:
        repeat["rule"] = simple_rule(
            choice, start=data["start"], until=until, count=int(count_text) if count_text else None
        )
    except ValueError as exc:
        problems.append(f"{where}: repeat: {exc}")
        return
    data["repeat"] = repeat
