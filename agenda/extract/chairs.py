"""Chairs: the country a sentence says chairs an event, and the one that chairs it next.

"under the chairmanship of Kazakhstan", "Belarus currently chairs the organization", "the
upcoming presidency of Tajikistan". Used for the sentences with a trigger (`events`) and for
those without one, which add to the event in focus (`merge`).
"""

from __future__ import annotations

import re

from agenda.extract.places import country_code, country_name
from agenda.extract.text import Sentence

_CHAIR = re.compile(
    r"\b(?:under\s+the\s+(?:chairmanship|presidency|chair)\s+of|chaired\s+by|hosted\s+and\s+chaired\s+by)\s+(?:the\s+)?(?P<c>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)"
)
_CHAIR_POSSESSIVE = re.compile(
    r"\b(?P<c>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)['’]s\s+(?:current\s+)?(?:chairmanship|presidency)\b"
)
_NEXT_CHAIR = re.compile(
    r"\b(?:upcoming|next|incoming|forthcoming|future)\s+(?:chairmanship|presidency)\s+of\s+(?:the\s+)?(?P<c>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)"
    r"|\b(?P<c2>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)\s+(?:will|is\s+to|is\s+due\s+to)\s+"
    r"(?:take\s+over|assume|take\s+up)\s+(?:the\s+)?(?:rotating\s+)?(?:chairmanship|presidency|chair)\b"
)
# "Belarus currently chairs the organization", "Kazakhstan holds the rotating presidency"
_CHAIR_VERB = re.compile(
    r"\b(?P<c>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)\s+(?:currently\s+|now\s+)?"
    r"(?:chairs|presides\s+over|holds\s+the\s+(?:rotating\s+|current\s+)?(?:chairmanship|presidency))\b"
)


def _country(text: str) -> str | None:
    words = text.split()
    for n in range(len(words), 0, -1):
        code = country_code(" ".join(words[:n]))
        if code:
            return country_name(code)
    return None


def sentence_facts(s: Sentence) -> dict[str, str | None]:
    """Chair and next chair stated in a sentence."""
    out: dict[str, str | None] = {"chair": None, "next_chair": None}
    nxt = _NEXT_CHAIR.search(s.text)
    if nxt:
        out["next_chair"] = _country(nxt.group("c") or nxt.group("c2"))
    for pattern in (_CHAIR, _CHAIR_POSSESSIVE, _CHAIR_VERB):
        match = pattern.search(s.text)
        if match and not (nxt and nxt.start() <= match.start("c") < nxt.end()):
            out["chair"] = _country(match.group("c"))
            break
    return out
