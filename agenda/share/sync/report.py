"""What a sync did (or would do, with --dry-run), for people: the `Report` and its lines.

Owns the counts per side, the conflict and skip notes and the text `agenda sync` prints.
Imports nothing of agenda: the plan and the apply step fill it, the command prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LIST_LIMIT = 20
"""Events listed per action and side in the report (the counts are always complete)."""


@dataclass
class Report:
    """What a sync did (or would do, with --dry-run), side by side."""

    dry_run: bool = False
    agenda: dict[str, list[str]] = field(
        default_factory=lambda: {"add": [], "change": [], "delete": []}
    )
    server: dict[str, list[str]] = field(
        default_factory=lambda: {"add": [], "change": [], "delete": []}
    )
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    requests: str = ""
    nothing_to_do: bool = False
    touched: bool = False
    written_meanwhile: bool = False
    """True when another process wrote to agenda while this sync ran: its change counter is not
    recorded as synced (the next sync compares everything)."""
    """True once a step has changed either side (an error then says "run sync again")."""
    titles: dict[str, str] = field(default_factory=dict)
    """Event id -> title, for the lines of the report."""

    def lines(self, limit: int | None = LIST_LIMIT) -> list[str]:
        """The report for people: counts per side, then the events (at most `limit` per list,
        with their titles where known)."""
        if self.nothing_to_do:
            return ["nothing to do: both sides unchanged since the last sync"]
        out = []
        for side, table in (("agenda", self.agenda), ("server", self.server)):
            counts = ", ".join(f"{len(v)} {k}" for k, v in table.items())
            out.append(f"{side}: {counts}" + (" (dry run)" if self.dry_run else ""))
            for action, ids in table.items():
                shown = ids if limit is None else ids[:limit]
                for i in shown:
                    title = self.titles.get(i)
                    out.append(f"  {action} {i}" + (f" · {title}" if title else ""))
                if len(shown) < len(ids):
                    out.append(
                        f"  … and {len(ids) - len(shown)} more to {action} "
                        "(--verbose lists them all)"
                    )
        if self.conflicts:
            done = "would be resolved" if self.dry_run else "resolved"
            out.append(f"conflicts ({done}: the newer version wins, the other is kept as a copy):")
            out += [f"  {c}" for c in self.conflicts]
        if self.skipped:
            out.append("skipped:")
            out += [f"  {s}" for s in self.skipped]
        if self.dry_run:
            out.append("dry run: nothing was changed on either side")
        return out
