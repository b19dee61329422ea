"""`agenda remind`: the reminders that fall due from now to now + `--within`, printed, as JSON, or
sent as desktop notifications through `notify-send` (`--notify`).

Made for cron or a systemd timer (docs/reminders.md): a run every N with `--within N` shows each
reminder once. The store is read by a window on the events' starts (`starting_with_reminders`),
and only those events' JSON is read: no pydantic, no scan of the store.
"""

from __future__ import annotations

from agenda.cli.context import Context
from agenda.core.errors import UsageError

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from agenda.core.reminders import Due

NOTIFY_SEND = "notify-send"
"""The program that shows a desktop notification (libnotify), found on PATH."""


def cmd_remind(ctx: Context) -> int:
    from agenda.core.reminders import MAX_WITHIN, offset_text, parse_offset
    from agenda.core.schedule import reminders_due

    try:
        within = parse_offset(ctx.args.within, limit=MAX_WITHIN, what="ahead")
    except ValueError as exc:
        raise UsageError(f"--within: {exc}") from None
    now = ctx.clock()
    end = now + within
    found = reminders_due(ctx.store, now, end, ctx.viewer_tz, ctx.settings.calendar_reminders)
    notifier = None
    if ctx.args.notify:
        import shutil

        notifier = shutil.which(NOTIFY_SEND)
    if ctx.args.json:
        from agenda.core.format import json_text

        ctx.out.text(json_text([_as_json(d) for d in found]))
    elif not found:
        ctx.out.line(f"no reminders due in the next {offset_text(within)}")
    else:
        for d in found:
            ctx.out.line(_line(ctx, d))
    if ctx.args.notify and notifier is None:
        # after the list: a cron job without a desktop still has the reminders in its mail
        raise UsageError(
            f"--notify: {NOTIFY_SEND} is not installed (it comes with libnotify, e.g. "
            "apt install libnotify-bin); the reminders are listed, not sent as notifications"
        )
    if notifier is not None:
        for d in found:
            _notify(ctx, notifier, d)
    return 0


def _when(ctx: Context, d: Due) -> str:
    from agenda.core.format import due_text

    return due_text(d.starts, d.all_day, ctx.viewer_tz)


def _line(ctx: Context, d: Due) -> str:
    from zoneinfo import ZoneInfo

    from agenda.core.format import clean
    from agenda.core.reminders import offset_text

    at = d.at.astimezone(ZoneInfo(ctx.viewer_tz))
    title = clean(d.title, one_line=True)
    return (
        f"{at:%Y-%m-%d %H:%M}  {title} — starts {_when(ctx, d)} "
        f"({offset_text(d.offset)} before) [{d.id}]"
    )


def _as_json(d: Due) -> dict[str, object]:
    from agenda.core.reminders import offset_text

    return {
        "at": d.at.isoformat(),
        "starts": d.starts.isoformat(),
        "before": offset_text(d.offset),
        "id": d.id,
        "title": d.title,
        "all_day": d.all_day,
    }


def _notify(ctx: Context, notifier: str, d: Due) -> None:
    import subprocess

    from agenda.core.format import clean
    from agenda.core.reminders import offset_text

    summary = clean(d.title, one_line=True)
    body = f"starts {_when(ctx, d)} (in {offset_text(d.offset)})"
    try:
        done = subprocess.run(
            [notifier, "--app-name=agenda", summary, body],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"--notify: {NOTIFY_SEND} failed ({exc})") from None
    if done.returncode != 0:
        reason = (done.stderr or "").strip().splitlines()
        raise UsageError(
            f"--notify: {NOTIFY_SEND} failed ({reason[0] if reason else f'exit {done.returncode}'})"
        )
