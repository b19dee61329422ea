"""The sync report as people read it: counts, titles, long lists cut short, conflict wording."""

from __future__ import annotations

from agenda.share.sync import LIST_LIMIT, Report


def test_long_lists_are_cut_short_but_the_counts_are_complete() -> None:
    report = Report()
    report.server["add"] = [f"ev-{n:04d}" for n in range(LIST_LIMIT + 5)]
    report.titles = {f"ev-{n:04d}": f"Event {n}" for n in range(LIST_LIMIT + 5)}
    lines = report.lines()
    assert lines[0] == "agenda: 0 add, 0 change, 0 delete"
    assert lines[1] == f"server: {LIST_LIMIT + 5} add, 0 change, 0 delete"
    assert lines[2] == "  add ev-0000 · Event 0"
    assert lines[2 + LIST_LIMIT] == "  … and 5 more to add (--verbose lists them all)"
    assert len(lines) == 3 + LIST_LIMIT
    everything = report.lines(None)
    assert len(everything) == 2 + LIST_LIMIT + 5 and everything[-1] == "  add ev-0024 · Event 24"


def test_an_id_without_a_known_title_and_the_conflict_wording() -> None:
    report = Report(dry_run=True)
    report.agenda["delete"] = ["gone"]
    report.conflicts = ["x: changed on both sides"]
    lines = report.lines()
    assert "  delete gone" in lines
    assert (
        "conflicts (would be resolved: the newer version wins, the other is kept as a copy):"
        in lines
    )
    assert lines[-1] == "dry run: nothing was changed on either side"
    report.dry_run = False
    assert "conflicts (resolved: the newer version wins, the other is kept as a copy):" in (
        report.lines()
    )
