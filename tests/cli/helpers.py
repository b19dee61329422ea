"""What the CLI tests share: `run`, one command through `agenda.cli.main` at the fixed clock."""

from __future__ import annotations

import pytest

from agenda import cli
from agenda.core.clock import fixed_clock
from tests.conftest import NOW


def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `agenda ARGV...` run in process."""
    code = cli.main(list(argv), clock=fixed_clock(NOW))
    out, err = capsys.readouterr()
    return code, out, err
