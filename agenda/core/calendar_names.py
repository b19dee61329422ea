"""Calendar names and colours: what may name a calendar, the colours one may take and their
hex values. Shared by the model (`Event.calendar`), the store and the UI; imports nothing heavy
(`agenda list` reads calendars without pydantic).
"""

from __future__ import annotations

DEFAULT = "default"
"""The calendar of every event that names none; it cannot be removed, renamed or made read-only."""

COLOURS: dict[str, str] = {
    "red": "#d0453a",
    "orange": "#e08a2e",
    "yellow": "#c9b22c",
    "green": "#4c9a47",
    "teal": "#2a9d8f",
    "cyan": "#3aa6c9",
    "blue": "#4a78d0",
    "purple": "#8a5cc7",
    "magenta": "#c24fa8",
    "pink": "#e07aa5",
    "brown": "#9a6a3c",
    "grey": "#8a8a8a",
}
"""The colour names a calendar may take (besides #rrggbb), as the hex the UI draws them in."""


MAX_CALENDAR_NAME = 64

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _bad_char(char: str) -> bool:
    """A control (C0, DEL, C1) or bidi character, or the comma that separates names."""
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F or char in _BIDI or char == ","


def calendar_name_problem(name: str) -> str | None:
    """Why `name` cannot name a calendar (None: it can): 1 to 64 characters, no control or
    bidi characters, no comma (a comma separates names in `--calendar a,b`), not blank."""
    if not name.strip() or name != name.strip():
        return f"{name!r} is not a calendar name (no blank name, no spaces around it)"
    if len(name) > MAX_CALENDAR_NAME:
        return f"{name[:20]!r}...: a calendar name has at most {MAX_CALENDAR_NAME} characters"
    if any(_bad_char(c) for c in name):  # no re: `agenda list` does not import it
        return f"{name!r} is not a calendar name (no commas or control characters)"
    return None


def colour_hex(colour: str | None) -> str | None:
    """A calendar colour as #rrggbb (None stays None)."""
    if colour is None:
        return None
    return COLOURS.get(colour.lower(), colour.lower())


def colour_problem(colour: str) -> str | None:
    """Why `colour` is not a calendar colour (None: it is one)."""
    text = colour.strip().lower()
    if text in COLOURS:
        return None
    if len(text) == 7 and text[0] == "#" and all(c in "0123456789abcdef" for c in text[1:]):
        return None
    return f"{colour!r} is not a colour (#rrggbb or one of {', '.join(COLOURS)})"
