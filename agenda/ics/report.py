"""What an import did, for people: `ImportReport` (filled in by `agenda.ics.importer`, printed
by the CLI, returned by `agenda.ics.import_ics`). Imports nothing else of `agenda.ics`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agenda.core.format import plural


@dataclass
class ImportReport:
    """What an import did (or, with --dry-run, would do) to each event."""

    source: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(event or component, reason): kept agenda changes, tombstones, VTODO and friends."""
    rejected: list[tuple[str, str]] = field(default_factory=list)
    """(event, problem) of invalid events (with --skip-invalid; else the import fails)."""
    ignored_components: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rejects_file: str | None = None
    dry_run: bool = False

    def lines(self) -> list[str]:
        """The report as lines for people."""
        head = (
            f"{self.source}: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped, "
            f"{len(self.rejected)} rejected"
            + (" (dry run: nothing written)" if self.dry_run else "")
        )
        out = [head]
        for label, ids in (("added", self.added), ("updated", self.updated)):
            if ids:
                out.append(f"would be {label}:" if self.dry_run else f"{label}:")
                out += [f"  {i}" for i in ids[:50]]
                if len(ids) > 50:
                    out.append(f"  ... and {len(ids) - 50} more")
        if self.skipped:
            out.append("skipped:")
            out += [f"  {what}: {why}" for what, why in self.skipped]
        for kind, n in sorted(self.ignored_components.items()):
            out.append(f"skipped {plural(n, f'{kind} component')}: agenda holds events only")
        if self.rejected:
            out.append("rejected (invalid):")
            out += [f"  {what}: {why}" for what, why in self.rejected]
        if self.rejects_file:
            out.append(f"rejected events written unchanged to {self.rejects_file}")
        out += [f"note: {n}" for n in self.notes]
        return out
