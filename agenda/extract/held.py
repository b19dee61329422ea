"""Programme items of the story's own day told in the past tense: a report of a visit or summit
under way ("He held talks with President X on Saturday morning, after which the two leaders
watched officials sign 22 agreements", "called on Saturday ... using a speech at ...") names what
was held that day. Each is an `Item` with status "held"; `programme.py` puts it under the visit
or summit whose days hold it (none is proposed alone). Nothing here imports a heavy package.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from agenda.extract.frames import Item

if TYPE_CHECKING:
    from agenda.extract.text import Sentence

_NAME = (
    r"(?-i:[A-Z][\w'’.-]*(?:\s(?:(?:de|da|do|dos|van|von|der|bin|al|el|la|le)\s)?"
    r"[A-Z][\w'’.-]*){0,4})"
)
# (kind, title, pattern): what was held, by the past verb that tells it
_HELD: list[tuple[str, str, re.Pattern[str]]] = [
    (
        "bilateral",
        "Talks",
        re.compile(
            rf"\b(?:held|had)\s+(?:\w+\s+)?talks\s+with\s+(?:(?:the\s+)?(?-i:[A-Z]\w*\s+)?"
            rf"(?:President|Prime Minister|King|Emir|Chancellor|Premier)\s+)?(?P<who>{_NAME})",
            re.I,
        ),
    ),
    (
        "other",
        "Signing of agreements",
        re.compile(
            r"\b(?:signed\s+(?:a|an|the|some|\d+)\b[^.;]{0,60}?|watched\s+(?:\w+\s+){0,2}sign\s+"
            r"(?:a|an|the|some|about)?\s*[^.;]{0,40}?)\b(?:declarations?|agreements?|treaty|"
            r"treaties|accords?|deals|documents)\b",
            re.I,
        ),
    ),
    (
        "other",
        "Speech",
        re.compile(
            r"\b(?:a|his|her|the)\s+speech\s+(?P<at>at|to|in|before)\s+(?P<where>[^,.;]{3,50}?)"
            r"(?=\s+(?:in|to|on|for|at)\s|[,.;]|$)",
            re.I,
        ),
    ),
]


def held_today(found: list[Sentence], published: date) -> list[Item]:
    """What the story says was held on its own day (one item per kind and title)."""
    from agenda.extract.dates import find_dates

    items: list[Item] = []
    seen: set[str] = set()
    for s in found:
        if len(s.text) > 1500:
            continue
        days = [d for d in find_dates(s.text, published, future=False) if d.start == d.end]
        if not days or days[0].start != published:
            continue
        for kind, title, pattern in _HELD:
            m = pattern.search(s.text)
            if m is None or title in seen:
                continue
            seen.add(title)
            who = (m.groupdict().get("who") or "").strip()
            if m.groupdict().get("where"):  # "Speech at Nazarbayev University"
                title = f"{title} {m.group('at').lower()} {m.group('where').strip()}"
            items.append(
                Item(
                    kind,
                    f"{title} with {who}" if who else title,
                    published,
                    None,
                    (s.start + m.start(), s.start + m.end()),
                    s.text,
                    people=[who] if who else [],
                    status="held",
                )
            )
    return items
