"""How many processes `agenda export` uses when `--jobs` is not given."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from agenda.cli import ics as cli_ics


def test_small_stores_are_exported_by_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert cli_ics.default_jobs(0) == 1
    assert cli_ics.default_jobs(cli_ics.PARALLEL_FROM - 1) == 1


def test_large_stores_use_two_processes_where_there_are_two_cpus_and_fork(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["fork", "spawn"])
    assert cli_ics.default_jobs(cli_ics.PARALLEL_FROM) == 2
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert cli_ics.default_jobs(100_000) == 1
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert cli_ics.default_jobs(100_000) == 1  # Windows: no fork, no pool
