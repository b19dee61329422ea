"""The quick reader of `list`, `search` and `show` (agenda.cli.quick) agrees with argparse: the
same options, and the same namespace for every argv it reads; anything else it leaves to
argparse, so messages and --help stay argparse's own."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agenda.cli.parser import build_parser
from agenda.cli.quick import OPTIONS, POSITIONAL, quick_parse

HOW = {"_StoreAction": "value", "_AppendAction": "append", "_StoreTrueAction": "flag"}


def _subparser(command: str) -> argparse.ArgumentParser:
    parser = build_parser([command])
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    chosen: argparse.ArgumentParser = sub.choices[command]
    return chosen


def _argparse(argv: list[str]) -> argparse.Namespace | str:
    """argparse's namespace, or "exit" when it stops (an error or --help)."""
    try:
        return build_parser(argv).parse_args(argv)
    except SystemExit:
        return "exit"


@pytest.mark.parametrize("command", sorted(OPTIONS))
def test_the_options_are_those_of_the_argparse_subparser(command: str) -> None:
    options: dict[str, object] = {}
    positional: tuple[str, object] | None = None
    for action in _subparser(command)._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:
            positional = action.dest, action.nargs
            continue
        assert action.default in (None, False)
        for name in action.option_strings:
            options[name] = (action.dest, HOW[type(action).__name__], action.type)
    assert options == OPTIONS[command]
    if positional is None:
        expected: tuple[str | None, int, int | None] = (None, 0, 0)
    elif positional[1] == "+":
        expected = (positional[0], 1, None)
    else:
        assert positional[1] is None  # exactly one
        expected = (positional[0], 1, 1)
    assert POSITIONAL[command] == expected


PLAIN = [
    ["list"],
    ["list", "--from", "2021-09-01", "--days", "30"],
    ["--store", "s.sqlite3", "list", "--from=today", "--to", "2021-10-01", "--json"],
    ["list", "--kind", "summit", "--kind", "visit,meeting", "--org", "SCO", "--text", "x y"],
    ["list", "--limit", "5", "--status", "held", "--country", "Tajikistan", "--limit", "7"],
    ["list", "--limit", "99999999999999999999"],
    ["--store=a", "--store", "b", "search", "Afghanistan"],
    ["search", "two", "words", "--limit", "3", "--json"],
    ["search", "--org", "CSTO", "words", "after"],
    ["show", "2021-09-16-csto"],
    ["show", "--json", "an-id"],
    ["--store", "", "show", "x", "--json", "--json"],
    ["list", "--from", ""],
]


@pytest.mark.parametrize("argv", PLAIN, ids=" ".join)
def test_plain_forms_are_read_quickly_and_as_argparse_reads_them(argv: list[str]) -> None:
    quick = quick_parse(argv)
    assert quick is not None
    assert vars(quick) == vars(_argparse(argv))


LEFT_TO_ARGPARSE = [
    [],
    ["--help"],
    ["--version"],
    ["list", "--help"],
    ["list", "-h"],
    ["list", "--fr", "2021-09-01"],  # an abbreviation
    ["list", "--days", "-3"],
    ["list", "--days", "three"],
    ["list", "--days"],
    ["list", "--json=yes"],
    ["list", "extra"],
    ["list", "--", "x"],
    ["search"],
    ["search", "a", "--json", "b"],
    ["show"],
    ["show", "a", "b"],
    ["show", "-x"],
    ["--store", "s", "list", "--store", "t"],
    ["--store", "-s", "list"],
    ["--stor", "s", "list"],
    ["add", "--title", "x", "--start", "2021-09-01"],
    ["export"],
    ["tui"],
]


@pytest.mark.parametrize("argv", LEFT_TO_ARGPARSE, ids=lambda a: " ".join(a) or "(none)")
def test_everything_else_is_left_to_argparse(argv: list[str]) -> None:
    assert quick_parse(argv) is None


TOKENS = st.sampled_from(
    [
        "list", "search", "show", "add", "--store", "--store=x", "--from", "--to", "--days",
        "--limit", "--json", "--kind", "--org", "--country", "--status", "--text", "--text=a b",
        "--days=4", "--limit=x", "--json=1", "--fro", "-h", "--help", "--", "-", "-1", "7", "",
        "2021-09-01", "today", "word", "x=y", "--kind=a,b", "--id",
    ]
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(TOKENS, max_size=8))
def test_whatever_the_quick_reader_reads_argparse_reads_the_same(argv: list[str]) -> None:
    quick = quick_parse(argv)
    if quick is not None:
        assert vars(quick) == vars(_argparse(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--from", "2021-09-01", "--days", "30"],
        ["search", "Afghanistan"],
        ["show", "2021-09-16-csto-collective-security-council"],
    ],
)
def test_list_search_and_show_import_no_argparse_pathlib_re_enum_json_or_tomllib(
    store_path: str, argv: list[str]
) -> None:
    # -S: no site (its .pth hooks import re in some environments); agenda from the checkout
    code = (
        "import sys; from agenda.cli import main; main(sys.argv[1:]); "
        "print(sorted({'argparse', 'pathlib', 're', 'enum', 'typing', 'json', 'tomllib'}"
        " & set(sys.modules)))"
    )
    root = str(Path(__file__).resolve().parents[2])
    done = subprocess.run(
        [sys.executable, "-S", "-c", code, "--store", store_path, *argv],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": root},
    )
    assert done.stdout.splitlines()[-1] == "[]"
