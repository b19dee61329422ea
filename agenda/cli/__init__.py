"""The `agenda` command: `main()` (the entry point `agenda.cli:main`) and the table of commands.

It parses arguments (agenda.cli.quick for the plain forms of list, search and show,
agenda.cli.parser for everything else), runs the chosen command's handler with a `Context`
(agenda.cli.context) and turns an `AgendaError` into one line per problem on stderr and a
non-zero exit. The commands live by group: events.py (list, show, search, add, edit, delete),
data.py (load, dump, schema, config), remind.py, ics.py, share.py, extract.py and tui.py.

This module imports nothing at load time but `sys` and the version, so that `agenda --version`
answers before argparse is imported; every other module is imported when its command runs.
`agenda list` with piped output imports neither Textual, pydantic nor Rich.

May import every other package of agenda (it is the top layer); `agenda.ui` only from
`agenda.cli.tui` (import-linter checks both).
"""

import sys

from agenda import __version__

TYPE_CHECKING = False  # typing itself costs ~2 ms that `agenda --version` need not spend
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from agenda.core.clock import Clock

COMMANDS: dict[str, str] = {
    "list": "agenda.cli.events:cmd_list",
    "show": "agenda.cli.events:cmd_show",
    "search": "agenda.cli.events:cmd_search",
    "add": "agenda.cli.events:cmd_add",
    "edit": "agenda.cli.events:cmd_edit",
    "delete": "agenda.cli.events:cmd_delete",
    "load": "agenda.cli.data:cmd_load",
    "dump": "agenda.cli.data:cmd_dump",
    "schema": "agenda.cli.data:cmd_schema",
    "config": "agenda.cli.data:cmd_config",
    "tui": "agenda.cli.tui:run_tui",
    "remind": "agenda.cli.remind:cmd_remind",
}
"""Each core command's handler as "module:function", imported only when that command runs (the
feature modules' handlers are in `agenda.cli.parser.FEATURE_HANDLERS`)."""

_LAZY = {
    "CLI_BUSY_TIMEOUT": "agenda.cli.context",
    "CREATING_COMMANDS": "agenda.cli.context",
    "Context": "agenda.cli.context",
    "Output": "agenda.cli.context",
    "Styled": "agenda.cli.context",
    "build_parser": "agenda.cli.parser",
    "config_toml": "agenda.cli.data",
}
"""Names that `agenda.cli` has always offered, imported from their module on first use."""

__all__ = ["COMMANDS", "main", *_LAZY]


def __getattr__(name: str) -> "Any":
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'agenda.cli' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


def main(argv: "Sequence[str] | None" = None, *, clock: "Clock | None" = None) -> int:
    """Run one command; returns the exit code (`--version` and `--help` exit as argparse does)."""
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["--version"]:
        # what argparse's version action prints and does, without importing argparse (~10 ms
        # with re and gettext): a first --version wins over anything after it
        sys.stdout.write(f"agenda {__version__}\n")
        raise SystemExit(0)
    from agenda.cli.context import Context, Output
    from agenda.cli.quick import quick_parse
    from agenda.core.errors import AgendaError

    # list, search and show in their plain forms are read without argparse (~2 ms); anything
    # else, and every error and --help, is argparse's
    args = quick_parse(argv)
    if args is None:
        from agenda.cli.parser import build_parser

        args = build_parser(argv).parse_args(argv)
    command = args.command or "tui"
    out = Output()
    if clock is None:
        from agenda.core.clock import system_clock

        clock = system_clock
    try:
        ctx = Context(args, clock, out)
        failed = True
        try:
            if command in COMMANDS:
                module, function = COMMANDS[command].split(":")
                # __import__ with a fromlist returns the module itself; importlib would cost
                # ~0.3 ms (with warnings) of every command
                handler = getattr(__import__(module, fromlist=[function]), function)
            else:
                from agenda.cli.parser import FEATURE_HANDLERS

                handler = FEATURE_HANDLERS[command]
            code = int(handler(ctx))
            # the UI on a new store left empty: most often a mistyped --store, which the UI
            # says on screen, so quitting leaves no file behind either
            failed = code != 0 or command == "tui"
            return code
        finally:
            ctx.close(failed=failed)
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
