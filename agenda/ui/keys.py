"""The key table: every key of the timeline and the review screen, with what it does.

`KEYS` and `REVIEW_KEYS` feed the help screen (`?`) and the README's table (`keys_markdown`);
`PALETTE` names the keys that are also commands of the command palette. One table, so the help,
the palette and the README cannot drift apart (tests/ui/test_issue10.py checks it).
"""

from __future__ import annotations

MONTH = "Month grid (4; t and g as everywhere)"
"""The heading of the month grid's keys in KEYS."""

KEYS: list[tuple[str, str]] = [
    ("", "Move"),
    ("↑ ↓  j k", "previous / next event (past the edge: previous / next period)"),
    ("pgup pgdn", "page up / down"),
    ("home end", "first / last event of the period"),
    ("[  ]", "previous / next period (month, week or fortnight, or day, by zoom)"),
    ("t", "today"),
    ("g", "go to a typed date (2021-09-16, 16 Sep 2021)"),
    ("p", "go to the parent (the visit or summit it is part of)"),
    ("enter", "to the detail pane's links (parent, children, conflicts)"),
    ("tab", "move between the timeline and the detail pane"),
    ("", "Detail pane (after enter or tab; below 100 columns after i)"),
    ("↑ ↓  j k", "scroll the text; once the links show, choose one"),
    ("pgup pgdn space", "scroll by a page"),
    ("enter", "follow the chosen link (select that event)"),
    ("escape", "back to the timeline"),
    ("", "View"),
    ("z", "next zoom: agenda list → span view → day view → month grid"),
    ("1 2 3 4", "agenda list / span view / day view / month grid"),
    ("← →  h l", "day view with more places than fit: scroll sideways by a place"),
    ("i", "show or hide the detail pane (narrow terminals)"),
    ("", MONTH),
    ("← →  h l", "previous / next day (across weeks and months)"),
    ("↑ ↓  k j", "previous / next week"),
    ("[  ]  pgup pgdn", "previous / next month (the same day)"),
    ("home end", "first / last day of the month"),
    ("enter", "the day view of the chosen day (tab: its events in the detail pane)"),
    ("", "Find"),
    ("/", "live search (every word, as a prefix, in every field)"),
    ("f", "filters: kind, status, organization, country, calendar"),
    ("escape", "clear the search and the filters"),
    ("", "Change"),
    ("a", "add an event (in the selected visit when one is selected)"),
    ("e", "edit the selected event"),
    ("d", "delete the selected event (asks first)"),
    ("u", "undo the last change"),
    ("x", "export the shown events as an .ics file"),
    ("R", "review an article: its proposed entries beside the text"),
    ("", "Other"),
    ("c", "copy the selected event's id (the detail pane may cut it short)"),
    ("ctrl+p", "command palette: every action by name"),
    ("? f1", "this list"),
    ("q", "quit"),
]


PALETTE: list[tuple[str, str, str, str]] = [
    ("Move", "[  ]", "Previous period", "period(-1)"),
    ("Move", "[  ]", "Next period", "period(1)"),
    ("Move", "t", "Today", "today"),
    ("Move", "g", "Go to date", "goto"),
    ("Move", "p", "Go to parent", "parent"),
    ("View", "z", "Next zoom", "zoom"),
    ("View", "1 2 3 4", "Zoom: agenda list", "zoom_to('list')"),
    ("View", "1 2 3 4", "Zoom: span view", "zoom_to('span')"),
    ("View", "1 2 3 4", "Zoom: day view", "zoom_to('day')"),
    ("View", "1 2 3 4", "Zoom: month grid", "zoom_to('month')"),
    ("View", "i", "Toggle detail pane", "toggle_detail"),
    ("Find", "/", "Search", "search"),
    ("Find", "f", "Filters", "filters"),
    ("Find", "escape", "Clear search and filters", "clear"),
    ("Change", "a", "Add event", "add"),
    ("Change", "e", "Edit event", "edit"),
    ("Change", "d", "Delete event", "delete"),
    ("Change", "u", "Undo", "undo"),
    ("Change", "x", "Export", "export"),
    ("Change", "R", "Review an article", "review"),
    ("Other", "c", "Copy id", "copy_id"),
    ("Other", "? f1", "Keys", "help"),
]
"""The command palette's agenda commands: (section of KEYS, key, title, action); the help text
is the KEYS row's. Every key row of KEYS is here or in NOT_IN_PALETTE (tests/ui/test_issue10.py)."""

NOT_IN_PALETTE: set[tuple[str, str]] = {
    # moving a cursor or scrolling: a key, not a command one looks up by name
    ("Move", "↑ ↓  j k"),
    ("Move", "pgup pgdn"),
    ("Move", "home end"),
    ("Move", "enter"),
    ("Move", "tab"),
    ("View", "← →  h l"),
    # the month grid's cursor, a day: keys, like the timeline's (`[ ]` are Move's commands)
    (MONTH, "← →  h l"),
    (MONTH, "↑ ↓  k j"),
    (MONTH, "[  ]  pgup pgdn"),
    (MONTH, "home end"),
    (MONTH, "enter"),
    # the detail pane's own keys, while it has the focus (the palette takes it away)
    ("Detail pane (after enter or tab; below 100 columns after i)", "↑ ↓  j k"),
    ("Detail pane (after enter or tab; below 100 columns after i)", "pgup pgdn space"),
    ("Detail pane (after enter or tab; below 100 columns after i)", "enter"),
    ("Detail pane (after enter or tab; below 100 columns after i)", "escape"),
    # the palette itself, and Textual's own Quit command
    ("Other", "ctrl+p"),
    ("Other", "q"),
}


def key_row(section: str, key: str, keys: list[tuple[str, str]] | None = None) -> tuple[str, str]:
    """The row of `key` under the heading `section` of KEYS; KeyError when there is none."""
    current = None
    for row_key, what in KEYS if keys is None else keys:
        if not row_key:
            current = what
        elif current == section and row_key == key:
            return row_key, what
    raise KeyError(f"no key {key!r} under {section!r} in KEYS")


def palette_commands() -> list[tuple[str, str, str, str]]:
    """(title, action, key, what the key does) of each agenda command of the palette."""
    out = []
    for section, key, title, action in PALETTE:
        _, what = key_row(section, key)
        out.append((title, action, key, what))
    return out


def keys_markdown(keys: list[tuple[str, str]]) -> str:
    """`keys` as the Markdown table of the README (tests/ui/test_issue10.py checks it matches)."""
    lines = ["| key | what it does |", "|---|---|"]
    for key, what in keys:
        lines.append(f"| **{what}** | |" if not key else f"| `{key}` | {what} |")
    return "\n".join(lines)


REVIEW_KEYS: list[tuple[str, str]] = [
    ("", "Review an article"),
    ("↑ ↓  j k", "previous / next proposed entry"),
    ("space enter", "accept or reject the entry"),
    ("a r", "accept / reject"),
    ("e", "edit the entry (the event form)"),
    ("s", "save the accepted entries (u on the timeline undoes it)"),
    ("tab", "between the article and the list"),
    ("escape", "leave (twice when there are unsaved decisions)"),
    ("", "Other"),
    ("ctrl+p", "command palette"),
    ("? f1", "this list"),
]
