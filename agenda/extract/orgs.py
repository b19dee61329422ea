"""Organizations named in a sentence, resolved against the registry (agenda.core.organizations).

A body is found by its code ("CSTO", case-sensitive so that "un" is not the UN), its full name
or an alias (case-insensitive, "Organisation" and "Organization" alike). Longer names win, so
"United Nations General Assembly" is UNGA and not UN.
"""

from __future__ import annotations

import re
from functools import cache

from agenda.core.organizations import registry


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    names: list[tuple[str, str, bool]] = []
    for org in registry().values():
        names.append((org.code, org.code, True))
        names.append((org.code, org.name, False))
        for alias in org.aliases:
            names.append((org.code, alias, alias.isupper() or "-" in alias))
    # "UN General Assembly": a body whose name begins with another's takes that one's code too
    bodies = list(registry().values())
    for org in bodies:
        for parent in bodies:
            if parent is not org and org.name.startswith(parent.name + " "):
                names.append((org.code, parent.code + org.name[len(parent.name) :], True))
    names.sort(key=lambda item: len(item[1]), reverse=True)
    out: list[tuple[str, re.Pattern[str]]] = []
    for code, name, exact in names:
        body = re.escape(name).replace(r"\ ", r"\s+")
        body = re.sub(r"Organi[sz]ation", "Organi[sz]ation", body)
        flags = 0 if exact else re.IGNORECASE
        if exact:  # a code may be joined: "EU-Western Balkans summit", "SCO-CSTO meeting"
            pattern = r"(?<!\w)(?<![a-z]-)" + body + r"(?!\w)(?!-[a-z])"
        else:
            pattern = r"(?<![\w-])" + body + r"(?![\w-])"
        out.append((code, re.compile(pattern, flags)))
    return out


def find_orgs(sentence: str) -> list[tuple[str, tuple[int, int]]]:
    """(code, span) of every organization named in the sentence, left to right."""
    found: list[tuple[str, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []
    for code, pattern in _patterns():
        for match in pattern.finditer(sentence):
            a, b = match.span()
            if any(a < y and b > x for x, y in taken):
                continue
            taken.append((a, b))
            found.append((code, (a, b)))
    found.sort(key=lambda item: item[1])
    return found
