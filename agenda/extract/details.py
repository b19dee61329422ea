"""Agenda items and expected outcomes listed in a sentence.

"The agenda includes such issues as A, B, as well as C" -> [A, B, C];
"Signing of the final declaration is expected, as well as 13 documents ..." -> outcomes with counts.
"""

from __future__ import annotations

import re
from typing import Any

_AGENDA = re.compile(
    r"(?:\bagenda\b[^.]*?\b(?:includes?|covers?|will\s+include)\s+(?:such\s+(?:issues|topics|questions)\s+as\s+)?"
    r"|\bwill\s+(?:also\s+)?(?:exchange\s+views\s+on|discuss|focus\s+on|consider|review|address)\s+"
    r"|\b(?:to|will)\s+(?:be\s+)?(?:discuss(?:ed)?|focus(?:ed)?\s+on)\s+"
    r"|\b(?:devoted|dedicated)\s+to\s+"
    r")(?P<list>[^.;]+)",
    re.IGNORECASE,
)
_TOPIC = re.compile(
    r"\b(?:meeting|talks|session|consultations|summit|conference)\s+[^,.]*?\bon\s+"
    r"(?P<topic>(?:the\s+)?(?:situation|issues?|questions?|cooperation|security|trade|climate|energy)[^,.;]*)",
    re.IGNORECASE,
)
_OUTCOME = re.compile(
    r"(?P<a>\b(?:signing|adoption|signature)\s+of\s+(?P<l1>[^.;]+?)\s+(?:is|are)\s+(?:expected|planned|envisaged|scheduled)(?P<more>,?\s+as\s+well\s+as\s+[^.;]+)?)"
    r"|(?P<b>\b(?:it\s+is\s+)?(?:(?:planned|expected|set|due|going)\s+to|(?:are|is)\s+to)\s+(?P<verb>adopt|sign|approve|issue)\s+(?P<l2>[^.;]+))"
    r"|(?P<c>\bwill\s+(?P<verb2>adopt|sign|approve|issue)\s+(?P<l3>[^.;]+))"
    r"|(?P<d>(?P<l4>\b(?:(?:more\s+than|over|at\s+least|some|about|around|approximately|nearly|"
    r"almost|up\s+to|roughly|close\s+to)\s+)?\d+\s+(?:[\w-]+\s+){0,3}?(?:documents|agreements|"
    r"memorand(?:a|ums)|deals|contracts|treaties|accords|declarations|statements|protocols|"
    r"roadmaps|decisions)(?:\s+(?:on|in|of)\s+[^.;]+?)?)\s+(?:are|is|will|would)\s+"
    r"(?:(?:expected|set|due|planned|scheduled|likely)\s+)?(?:to\s+)?be\s+"
    r"(?P<verb3>signed|adopted|approved|concluded|inked))",
    re.IGNORECASE,
)
_SPLIT = re.compile(
    r",\s*(?:as\s+well\s+as|and|including)\s+|\s+as\s+well\s+as\s+|;\s*|,\s+|\s+and\s+(?=the\s)"
    r"|\s+and\s+(?=(?:sign|adopt|approve|issue)\s)"
)
_LEAD = re.compile(
    r"^(?:to\s+)?(?:hear\s+information\s+on|exchange\s+views\s+on|discuss|consider|such\s+issues\s+as|"
    r"(?:to\s+)?(?:adopt|sign|approve)|the\s+issues?\s+of|issues\s+of)\s+",
    re.IGNORECASE,
)


_COUNTED = re.compile(
    r"^(?:(?:package|set|total|series|batch|number|range)\s+of\s+)?(?:(more\s+than|over|at\s+least|some|about|around|approximately|nearly|almost|up\s+to|"
    r"roughly|close\s+to)\s+)?(\d+)\s+(.+)$",
    re.IGNORECASE,
)


def _tidy(item: str) -> str:
    item = _LEAD.sub("", item.strip(' ,.;:«»“”"'))
    item = re.sub(r"^(?:the|a|an)\s+", "", item, flags=re.IGNORECASE)
    item = item.strip(" ,.;")
    return item[:1].upper() + item[1:] if item else ""


def agenda_items(sentence: str) -> tuple[list[str], int]:
    """The agenda items a sentence lists, in order, and where the list starts."""
    match = _AGENDA.search(sentence)
    if not match:
        topic = _TOPIC.search(sentence)
        return ([_tidy(topic.group("topic"))], topic.start("topic")) if topic else ([], 0)
    items = [_tidy(part) for part in _SPLIT.split(match.group("list"))]
    return [i for i in items if len(i.split()) >= 2], match.start("list")


def outcomes(sentence: str) -> list[dict[str, Any]]:
    """Expected documents and decisions, with counts ("13 documents", "more than 30 ...")."""
    match = _OUTCOME.search(sentence)
    if not match:
        return []
    if match.group("a"):
        first = match.group("l1")
        rest = (match.group("more") or "").split("as well as", 1)[-1] if match.group("more") else ""
        verb = "signing" if "sign" in match.group("a").lower() else "adoption"
        parts = [first, *([rest] if rest else [])]
    elif match.group("d"):
        verb = {"signed": "signing", "inked": "signing"}.get(
            match.group("verb3").lower(), "adoption"
        )
        parts = [match.group("l4")]
    else:
        verb_word = (match.group("verb") or match.group("verb2")).lower()
        verb = {"sign": "signing", "adopt": "adoption"}.get(verb_word, verb_word)
        listed = match.group("l2") or match.group("l3")
        if _COUNTED.match(_tidy(listed)):
            # "about 20 documents in the fields of energy, aviation and education": one outcome
            parts = re.split(r",?\s+as\s+well\s+as\s+|;\s*", listed)
        else:
            parts = _SPLIT.split(listed)
    out: list[dict[str, Any]] = []
    for part in parts:
        lead = re.match(r"\s*(?:to\s+)?(adopt|sign|approve)\s+", part, re.IGNORECASE)
        this_verb = verb
        if lead:
            this_verb = {"sign": "signing", "adopt": "adoption"}.get(lead.group(1).lower(), verb)
        text = _tidy(part)
        if not text:
            continue
        counted = _COUNTED.match(text)
        if counted:
            out.append(
                {
                    "description": counted.group(3),
                    "count": int(counted.group(2)),
                    "count_is_minimum": (counted.group(1) or "").lower()
                    in ("more than", "over", "at least"),
                }
            )
        else:
            desc = text[0].lower() + text[1:] if not text.split()[0].isupper() else text
            out.append(
                {
                    "description": f"{desc} ({this_verb})"
                    if this_verb in ("signing", "adoption")
                    else desc
                }
            )
    return out
