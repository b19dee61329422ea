"""The quick reader of the arguments of `agenda list`, `search` and `show`, the commands people
run most and that must start fast: it reads the plain cases without importing argparse (with
`re`, `gettext` and `locale`: ~2 ms of every call) and hands everything else back.

`quick_parse(argv)` returns the namespace argparse would return, or None whenever it is not
certain to agree: any option it does not know exactly (abbreviations, `-h`, `--help`), a value
that starts with "-", `--`, a value its type refuses, a positional argument too many or too few.
Then `agenda.cli.parser` parses the same argv, so every message, error and `--help` stays
argparse's own. OPTIONS mirrors the subparsers of agenda.cli.parser; tests/cli/test_quick.py
checks that the two agree, flag by flag, and that both give the same namespace for many argvs.
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from argparse import Namespace
    from collections.abc import Callable, Sequence
else:

    class Namespace:
        """The attributes argparse's Namespace has (argparse is what this module avoids)."""

        def __init__(self, **values: object) -> None:
            self.__dict__.update(values)

        def __eq__(self, other: object) -> bool:
            return vars(self) == vars(other)

        def __repr__(self) -> str:
            inner = ", ".join(f"{k}={v!r}" for k, v in sorted(vars(self).items()))
            return f"Namespace({inner})"


def int_or_unlimited(text: str) -> int | None:
    """--limit as a number; one past what SQLite's integers hold means no limit (not a crash)."""
    value = int(text)
    return None if value >= 2**63 else value


int_or_unlimited.__name__ = "int"  # argparse names the type in its message: "invalid int value"

# option -> (dest, how, type): how is "value" (store), "append" or "flag" (store_true)
_Option = tuple[str, str, "Callable[[str], object] | None"]
_FILTERS: dict[str, _Option] = {
    "--kind": ("kind", "append", None),
    "--org": ("org", "append", None),
    "--country": ("country", "append", None),
    "--status": ("status", "append", None),
    "--calendar": ("calendar", "append", None),
}
OPTIONS: dict[str, dict[str, _Option]] = {
    "list": {
        "--from": ("first", "value", None),
        "--to": ("last", "value", None),
        "--days": ("days", "value", int),
        "--limit": ("limit", "value", int_or_unlimited),
        "--json": ("json", "flag", None),
        **_FILTERS,
        "--text": ("text", "value", None),
    },
    "search": {
        "--limit": ("limit", "value", int_or_unlimited),
        "--json": ("json", "flag", None),
        **_FILTERS,
    },
    "show": {"--json": ("json", "flag", None)},
}
"""Each quick command's options, as its subparser in agenda.cli.parser declares them."""

POSITIONAL: dict[str, tuple[str | None, int, int | None]] = {
    "list": (None, 0, 0),
    "search": ("text", 1, None),  # nargs="+": a list of one or more
    "show": ("id", 1, 1),
}
"""Each quick command's positional argument: (dest, fewest, most; None for no limit)."""


def quick_parse(argv: Sequence[str]) -> Namespace | None:
    """What `build_parser(argv).parse_args(argv)` returns, or None when argparse must decide."""
    values: dict[str, object] = {"store": None}
    i = 0
    while i < len(argv) and argv[i].startswith("--store"):
        got = _value(argv, i, "--store")
        if got is None:
            return None
        values["store"], i = got
    if i == len(argv) or argv[i] not in OPTIONS:
        return None
    command = argv[i]
    values["command"] = command
    options = OPTIONS[command]
    for dest, how, _ in options.values():
        values[dest] = False if how == "flag" else None
    positional_dest, fewest, most = POSITIONAL[command]
    positionals: list[str] = []
    run_ended = False  # argparse takes the positionals from the first run of them only
    i += 1
    while i < len(argv):
        token = argv[i]
        if not token.startswith("-"):
            if run_ended and positionals:
                return None
            positionals.append(token)
            i += 1
            continue
        run_ended = bool(positionals)
        name = token.split("=", 1)[0]
        if name not in options:
            return None
        dest, how, kind = options[name]
        if how == "flag":
            if token != name:
                return None
            values[dest] = True
            i += 1
            continue
        got = _value(argv, i, name)
        if got is None:
            return None
        text, i = got
        try:
            value = kind(text) if kind is not None else text
        except (TypeError, ValueError, ArithmeticError):
            return None
        if how == "append":
            previous = values[dest]
            values[dest] = [*previous, value] if isinstance(previous, list) else [value]
        else:
            values[dest] = value
    if len(positionals) < fewest or (most is not None and len(positionals) > most):
        return None
    if positional_dest is not None:
        values[positional_dest] = positionals if most is None else positionals[0]
    return Namespace(**values)


def _value(argv: Sequence[str], i: int, name: str) -> tuple[str, int] | None:
    """The value of option `name` at argv[i] (`--name VALUE` or `--name=VALUE`) and the index
    after it, or None when argparse could read it otherwise."""
    token = argv[i]
    if token == name:
        if i + 1 >= len(argv) or argv[i + 1].startswith("-"):
            return None
        return argv[i + 1], i + 2
    if token.startswith(name + "="):
        return token[len(name) + 1 :], i + 1
    return None
