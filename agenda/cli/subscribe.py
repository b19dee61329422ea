"""The subscription commands: `subscribe`, `refresh`, `unsubscribe` and `subscriptions`.

Argument parsing and printing only; the work is in `agenda.share.subscriptions` (imported when
one of these commands runs: it brings http.client and the iCalendar reader).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agenda.cli.context import Context
    from agenda.core.store.subscription_table import Subscription
    from agenda.share.subscriptions.refresh import Outcome

_SUBSCRIBE_EXAMPLES = """examples:
  agenda subscribe https://example.org/mfa.ics --name mfa
  agenda subscribe webcal://calendar.example.org/sco.ics --name sco --every 6h --colour teal
  agenda subscribe http://127.0.0.1:8765/calendar.ics?org=CSTO --name colleague --every 15m

The feed is fetched at once: a URL that gives no iCalendar feed subscribes nothing. Its events
go into a read-only calendar called NAME, with ids NAME:UID; `agenda copy ID --calendar default`
copies one into a writable calendar."""

_REFRESH_EXAMPLES = """examples:
  agenda refresh                 the subscriptions that are due (for cron or a systemd timer)
  agenda refresh mfa             that one, due or not
  agenda refresh --force --json  every one, now; the outcomes as JSON

A feed that fails (down, not iCalendar, too large) keeps its last good copy; the error is
shown here and by `agenda subscriptions`, and the exit status is 1."""

_UNSUBSCRIBE_EXAMPLES = """examples:
  agenda unsubscribe mfa         removes the calendar 'mfa' and its events"""

_LIST_EXAMPLES = """examples:
  agenda subscriptions           url, every, last refresh that worked, last error, events
  agenda subscriptions --json"""


def register(sub: Any) -> dict[str, Callable[[Context], int]]:
    """Add the subscription commands to the `agenda` parser; returns their handlers."""
    from agenda.cli.parser import _RawEpilogFormatter

    p: argparse.ArgumentParser = sub.add_parser(
        "subscribe",
        help="follow an .ics feed (http, https, webcal) as a read-only calendar",
        description="Follow the iCalendar feed at URL as the read-only calendar NAME.",
        epilog=_SUBSCRIBE_EXAMPLES,
        formatter_class=_RawEpilogFormatter,
    )
    p.add_argument("url", help="the feed: http://, https:// or webcal://")
    p.add_argument("--name", required=True, help="the calendar's name (letters, digits, . _ -)")
    p.add_argument("--every", default="1h", help="how often it is due: 15m, 1h, 1d (default 1h)")
    p.add_argument("--colour", "--color", dest="colour", help="the calendar's colour (or #rrggbb)")
    p.add_argument("--json", action="store_true", help="the outcome as JSON")

    p = sub.add_parser(
        "refresh",
        help="fetch the subscriptions that are due (or those named)",
        description="Fetch subscriptions: those that are due, the ones named, or all (--force).",
        epilog=_REFRESH_EXAMPLES,
        formatter_class=_RawEpilogFormatter,
    )
    p.add_argument("names", nargs="*", metavar="NAME", help="subscriptions to refresh now")
    p.add_argument("--force", action="store_true", help="refresh every subscription, due or not")
    p.add_argument("--json", action="store_true", help="the outcomes as JSON")

    p = sub.add_parser(
        "unsubscribe",
        help="stop following a feed: remove its calendar and events",
        description="Stop following the subscription NAME: its calendar and events are removed.",
        epilog=_UNSUBSCRIBE_EXAMPLES,
        formatter_class=_RawEpilogFormatter,
    )
    p.add_argument("name", help="the subscription (see `agenda subscriptions`)")
    p.add_argument("--json", action="store_true", help="what was removed, as JSON")

    p = sub.add_parser(
        "subscriptions",
        help="list the subscriptions and how their last refresh went",
        description="Every subscription: URL, how often, last refresh that worked, last error.",
        epilog=_LIST_EXAMPLES,
        formatter_class=_RawEpilogFormatter,
    )
    p.add_argument("--json", action="store_true", help="the list as JSON")
    return {
        "subscribe": cmd_subscribe,
        "refresh": cmd_refresh,
        "unsubscribe": cmd_unsubscribe,
        "subscriptions": cmd_subscriptions,
    }


def parse_every(text: str) -> int:
    """`--every` in seconds; UsageError (one line) when it is no duration or out of range."""
    from datetime import timedelta

    from agenda.core.errors import UsageError
    from agenda.core.reminders import parse_offset
    from agenda.core.store.subscription_table import MAX_EVERY, MIN_EVERY

    try:
        seconds = int(
            parse_offset(
                text, limit=timedelta(seconds=MAX_EVERY), what="between refreshes"
            ).total_seconds()
        )
    except ValueError as exc:
        raise UsageError(f"--every: {exc}") from None
    if seconds < MIN_EVERY:
        raise UsageError(f"--every: {text!r} is too often; at least {MIN_EVERY // 60}m")
    return seconds


def _json(ctx: Context, value: object) -> None:
    from agenda.core.format import json_text

    ctx.out.text(json_text(value))


def _outcome_json(o: Outcome) -> dict[str, object]:
    return {
        "name": o.name,
        "status": o.status,
        "events": o.events,
        "error": o.error,
        "refused": o.refused,
        "notes": o.notes,
        "seconds": round(o.seconds, 3),
    }


def cmd_subscribe(ctx: Context) -> int:
    from agenda.core.format import clean
    from agenda.share.subscriptions.follow import subscribe

    a = ctx.args
    every = parse_every(a.every)
    outcome = subscribe(ctx.store, a.name, a.url, every=every, colour=a.colour)
    if a.json:
        _json(ctx, _outcome_json(outcome))
        return 0
    ctx.out.line(
        f"subscribed: {clean(outcome.line(), one_line=True)}; read-only calendar {a.name!r}, "
        f"refreshed every {a.every.strip()} by `agenda refresh`"
    )
    _refused(outcome)
    return 0


def _refused(outcome: Outcome) -> None:
    from agenda.core.format import clean

    for line in outcome.refused[:10]:
        print(f"agenda: refused: {clean(line, one_line=True)}", file=sys.stderr)
    if len(outcome.refused) > 10:
        print(f"agenda: ... and {len(outcome.refused) - 10} more refused", file=sys.stderr)


def cmd_refresh(ctx: Context) -> int:
    from agenda.core.format import clean
    from agenda.share.subscriptions.refresh import refresh_due

    a = ctx.args

    def show(outcome: Outcome) -> None:
        if a.json:
            return
        text = clean(outcome.line(), one_line=True)
        if outcome.status == "failed":
            print(f"agenda: {text}", file=sys.stderr)
        else:
            ctx.out.line(text)
            _refused(outcome)

    outcomes = refresh_due(ctx.store, a.names, force=a.force, progress=show)
    if a.json:
        _json(ctx, [_outcome_json(o) for o in outcomes])
    elif not outcomes:
        ctx.out.line("no subscription is due (`agenda refresh --force` refreshes them all)")
    return 1 if any(o.status == "failed" for o in outcomes) else 0


def cmd_unsubscribe(ctx: Context) -> int:
    from agenda.share.subscriptions.follow import unsubscribe

    name = ctx.args.name
    removed = unsubscribe(ctx.store, name)
    if ctx.args.json:
        _json(ctx, {"name": name, "removed_events": removed})
    else:
        ctx.out.line(f"unsubscribed from {name!r}: its calendar and {removed} events removed")
    return 0


def _sub_json(s: Subscription, due: bool) -> dict[str, object]:
    return {
        "name": s.name,
        "url": s.url,
        "every_seconds": s.every,
        "last_ok": s.last_ok,
        "last_try": s.last_try,
        "last_error": s.last_error,
        "events": s.events,
        "refused": s.refused,
        "due": due,
    }


def cmd_subscriptions(ctx: Context) -> int:
    from agenda.core.format import clean
    from agenda.core.reminders import offset_text
    from agenda.core.store import subscription_table as table

    subs = table.every_one(ctx.store)
    now = ctx.clock()
    if ctx.args.json:
        _json(ctx, [_sub_json(s, s.is_due(now)) for s in subs])
        return 0
    if not subs:
        ctx.out.line("no subscriptions (`agenda subscribe URL --name NAME` adds one)")
        return 0
    from datetime import timedelta

    for s in subs:
        every = offset_text(timedelta(seconds=s.every))
        ok = s.last_ok.replace("T", " ").removesuffix("+00:00") + " UTC" if s.last_ok else "never"
        due = ", due" if s.is_due(now) else ""
        ctx.out.line(f"{s.name}  {clean(s.url, one_line=True)}")
        ctx.out.line(f"  every {every}{due}; last ok {ok}; {s.events} events")
        if s.last_error:
            ctx.out.line(f"  last error: {clean(s.last_error, one_line=True)}")
    return 0
