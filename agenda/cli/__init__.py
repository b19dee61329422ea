"""The `agenda` command: parse arguments, call the core, print. No SQL, no date arithmetic here.

argparse (standard library) keeps a call cheap: `agenda list` imports neither Textual,
pydantic nor Rich when its output is not a terminal. Errors print one line per problem on
stderr and exit non-zero.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from agenda.cli.context import (  # agenda.cli.Output and CLI_BUSY_TIMEOUT stay importable
    CLI_BUSY_TIMEOUT,
    CREATING_COMMANDS,
    Context,
    Output,
    Styled,
)
from agenda.cli.data import cmd_config, cmd_dump, cmd_load, cmd_schema, config_toml
from agenda.cli.events import cmd_add, cmd_delete, cmd_edit, cmd_list, cmd_search, cmd_show
from agenda.cli.parser import FEATURE_HANDLERS, build_parser
from agenda.core.clock import Clock, system_clock
from agenda.core.errors import AgendaError

__all__ = [
    "CLI_BUSY_TIMEOUT",
    "CREATING_COMMANDS",
    "Context",
    "Output",
    "Styled",
    "build_parser",
    "config_toml",
    "main",
]


def cmd_tui(ctx: Context) -> int:
    from agenda.cli.tui import run_tui  # Textual is heavy: loaded only for the UI

    return run_tui(ctx)


COMMANDS: dict[str, Callable[[Context], int]] = {
    "list": cmd_list,
    "show": cmd_show,
    "search": cmd_search,
    "add": cmd_add,
    "edit": cmd_edit,
    "delete": cmd_delete,
    "load": cmd_load,
    "dump": cmd_dump,
    "schema": cmd_schema,
    "config": cmd_config,
    "tui": cmd_tui,
}


def main(argv: Sequence[str] | None = None, *, clock: Clock = system_clock) -> int:
    """Run one command; returns the exit code."""
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    command = args.command or "tui"
    out = Output()
    try:
        ctx = Context(args, clock, out)
        try:
            return (COMMANDS.get(command) or FEATURE_HANDLERS[command])(ctx)
        finally:
            if ctx._store is not None:
                ctx._store.close()
    except AgendaError as exc:
        from agenda.core.format import clean

        for line in str(exc).splitlines() or ["error"]:
            print(f"agenda: {clean(line, one_line=True)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("agenda: interrupted (an unfinished change is rolled back)", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
