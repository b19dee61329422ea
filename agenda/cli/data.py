"""The commands that move whole data files: `load` (TOML/JSON data files into the store), `dump`
(every event as a data file), `schema` (the data file's JSON Schema) and `config` (the settings
file and the effective settings).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from agenda.cli.context import Context
from agenda.core import paths
from agenda.core.config import Settings
from agenda.core.errors import UsageError
from agenda.core.format import plural

if TYPE_CHECKING:
    from agenda.core.models import Event


def cmd_load(ctx: Context) -> int:
    from agenda.core import datafile
    from agenda.core.errors import ValidationProblem

    calendar = None  # checked before any file is read
    if ctx.args.calendar is not None:
        calendar = ctx.store.writable_calendar(ctx.args.calendar).name
    events: list[Event] = []
    problems: list[str] = []
    for name in ctx.args.files:
        try:
            events += datafile.load(name)
        except ValidationProblem as exc:
            problems += exc.problems
    if problems:
        raise ValidationProblem(problems)
    if calendar is not None:
        events = [e.model_copy(update={"calendar": calendar}) for e in events]
    results = ctx.store.put_many(events)
    counts = {r: sum(1 for x in results if x is r) for r in set(results)}
    summary = ", ".join(f"{n} {r.value}" for r, n in sorted(counts.items()))
    ctx.out.line(f"loaded {plural(len(events), 'event')}: {summary or 'nothing'}")
    return 0


def cmd_dump(ctx: Context) -> int:
    from agenda.core import datafile

    ids = [r.id for r in ctx.store.window()]
    text = datafile.dump(ctx.store.get_many(ids), ctx.args.format)
    _write_output(ctx, text)
    return 0


def cmd_schema(ctx: Context) -> int:
    from agenda.core import datafile

    _write_output(ctx, datafile.schema_text())
    return 0


def _write_output(ctx: Context, text: str) -> None:
    target = ctx.args.output
    if not target or target == "-":
        ctx.out.text(text)
        return
    from agenda.core.outfile import write_output

    path = Path(target)
    write_output(path, text.encode("utf-8"), error=UsageError)
    print(f"wrote {path}", file=sys.stderr)


def cmd_config(ctx: Context) -> int:
    path = paths.config_path()
    store, is_default = ctx.store_location()
    out = ctx.out
    out.text(config_toml(ctx.settings, path, store, is_default, ctx.viewer_tz))
    return 0


def config_toml(
    settings: Settings, path: Path, store: Path, is_default: bool, viewer_tz: str
) -> str:
    """The effective settings as a TOML file (valid as config.toml): a value that is not set
    is a comment saying what is used instead."""
    import json  # a JSON string with ensure_ascii is a valid TOML basic string

    state = "exists" if path.is_file() else "not created; these are the defaults"
    lines = [f"# config file: {path} ({state})"]
    lines.append(f"# store in use: {store}{' (default)' if is_default else ''}")
    instead = {
        "viewer_tz": f"unset: this machine's zone, {viewer_tz}",
        "store": "unset: --store, AGENDA_STORE, then the default store",
    }
    for name in Settings._fields:
        value = getattr(settings, name)
        if name == "calendar_reminders":
            continue  # a table: after every plain key
        if value is None:
            lines.append(f"# {name} = ...  ({instead.get(name, 'unset')})")
        else:
            lines.append(f"{name} = {json.dumps(value)}")
    if settings.calendar_reminders:
        lines.append("[calendar_reminders]")
        lines += [f"{json.dumps(n)} = {json.dumps(v)}" for n, v in settings.calendar_reminders]
    else:
        lines.append("# [calendar_reminders]  (unset: every calendar uses default_reminder)")
    return "\n".join(lines) + "\n"
