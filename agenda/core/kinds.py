"""The kinds of event, each with its label and its colours: the one table that `agenda list` and
`show`, the timeline and the iCalendar writer read (house rule 3).

Plain strings, no model: `agenda list` reads it without importing pydantic. The order is the
`Kind` enum's (`agenda.core.models`; tests/unit/test_kinds.py checks both agree). Colours are
theme-free names: `colour`, a terminal colour that Rich knows, for the CLI; `theme`, the theme
colour the UI's `agenda.tcss` gives the kind (`$readable-<theme>`: the styles stay in the .tcss,
rule 6; the test checks they agree).
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from agenda.core.records import NamedTuple


class KindLook(NamedTuple):
    """How a kind of event is named and coloured."""

    label: str
    """The kind in words: "Visit" (`agenda show`, the iCalendar CATEGORIES)."""
    colour: str
    """A terminal colour name for the CLI's lists ("magenta")."""
    theme: str
    """The theme colour of the UI ("primary": `$readable-primary` in agenda.tcss)."""


TABLE: dict[str, KindLook] = {
    "visit": KindLook("Visit", "magenta", "primary"),
    "summit": KindLook("Summit", "blue", "accent"),
    "meeting": KindLook("Meeting", "green", "success"),
    "bilateral": KindLook("Bilateral", "yellow", "secondary"),
    "conference": KindLook("Conference", "cyan", "warning"),
    "other": KindLook("Other", "white", "muted"),
}

KINDS: tuple[str, ...] = tuple(TABLE)
"""Every kind, in the order of the legend and the filters."""
LABELS: dict[str, str] = {kind: look.label for kind, look in TABLE.items()}
"""The label of each kind: "visit" -> "Visit"."""
COLOURS: dict[str, str] = {kind: look.colour for kind, look in TABLE.items()}
"""The CLI's terminal colour of each kind."""


def label(kind: str) -> str:
    """The label of `kind`; an unknown kind as it is."""
    return LABELS.get(kind, kind)
