"""Helpers shared by the extract tests."""

from __future__ import annotations

from agenda.extract import Proposal


def one(proposals: list[Proposal], kind: str) -> Proposal:
    """The single proposal of `kind` (the assertion lists every proposal when there is not one)."""
    found = [p for p in proposals if p.kind == kind]
    assert len(found) == 1, [(p.kind, p.title) for p in proposals]
    return found[0]
