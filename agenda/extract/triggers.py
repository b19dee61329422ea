"""Trigger phrases: where a sentence names a visit, summit, meeting, ... as a bare `Mention`.

`Mention` is one trigger phrase of one sentence; `find_triggers` finds the sentence's triggers
(most specific first), gives each its kind, noun, council body, visit type and name, and drops
the phrases that announce no event of their own (processes such as "peace talks", negated
visits, a trip made to attend a meeting the sentence names). `events.find_mentions` then fills
in what the sentence says about each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time

from agenda.extract.dates import DateMention
from agenda.extract.orgs import find_orgs
from agenda.extract.people import Person
from agenda.extract.places import Place, find_countries
from agenda.extract.text import Sentence

_CAP = r"[A-Z][\w’'-]*"
_BODY = (
    r"(?P<body>(?:"
    + _CAP
    + r"\s+)*(?:Council|Assembly)(?:\s+of\s+(?:the\s+)?(?:"
    + _CAP
    + r"|of|and)"
    r"(?:\s+(?:" + _CAP + r"|of|and|the))*)?)"
)
# (kind, pattern), most specific first; a later pattern never takes text an earlier one took.
_TRIGGERS: list[tuple[str, re.Pattern[str]]] = [
    (
        "council",
        re.compile(r"\b(?P<noun>session|meeting|sitting|summit|debate)\s+of\s+the\s+" + _BODY),
    ),
    (
        "council",
        re.compile(r"(?:\b[A-Z]{2,6}\s+)?" + _BODY + r"\s+(?P<noun>session|meeting|summit)\b"),
    ),
    (
        "council",
        re.compile(
            r"(?:\b[A-Z]{2,6}\s+)?" + _BODY + r"(?=\s+(?:(?:will|is\s+to|is\s+due\s+to)\s+"
            r"(?:open|meet|convene|hold\s+(?:a|its)\s+(?:\w+\s+)?(?P<noun>session|meeting)"
            r"|be\s+held|take\s+place|be\s+convened)\b"
            r"|(?:is|are)\s+(?:to\s+be\s+held|scheduled|set\s+to|expected\s+to\s+(?:meet|convene))\b"
            r"|(?:takes\s+place|meets|convenes|opens)\b))"
        ),
    ),
    (
        "gathering",
        re.compile(
            r"\b(?P<who>leaders|heads\s+of\s+(?:state|government)(?:\s+and\s+(?:of\s+)?government)?"
            r"|presidents|prime\s+ministers|premiers|(?:[a-z]+\s+)?ministers)"
            r"(?:\s+of\s+(?:the\s+)?(?:(?-i:five|four|three|six|seven|eight|nine|ten|two|\d+)\s+)?"
            r"(?-i:[A-Z][\w-]*)(?:,?\s+(?:of\s+|and\s+)?(?-i:[A-Z][\w-]*))*"
            r"(?:\s+(?:member\s+)?(?:states|countries|nations))?)?"
            r"\s+(?:(?:will|are\s+(?:expected|scheduled|due|set|going)\s+to|are\s+to|to)\s+)"
            r"(?:also\s+)?(?:meet|gather|convene|hold\s+(?:a\s+|their\s+)?(?:\w+\s+)?(?:meeting|summit))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "visit",
        re.compile(
            r"\b(?P<vt>(?:(?:state|official|working|friendly|official\s+friendly|private|"
            r"\w+-day)\s+)+)?visits?\b(?!\s+(?:of\s+)?(?:by|from)\s+(?-i:[a-z]))|\b(?:will|to|would)\s+"
            r"(?:also\s+)?(?:pay\s+a\s+visit\s+to|visit)\b|\bis\s+visiting\b|\btrip\s+to\b"
            r"|\btour\s+of\b|\b(?:travel|head|fl(?:y|ie)|proceed)s?\s+(?:on\s+)?to\b(?=\s+(?-i:[A-Z]))",
            re.IGNORECASE,
        ),
    ),
    (
        "bilateral",
        re.compile(
            r"\b(?:bilateral|one-on-one|tête-à-tête)\s+(?:meetings?|talks|consultations|negotiations)\b|\b(?:hold|holds|held|have|conduct)\s+(?:\w+\s+)?talks\b|\btalks\s+with\b|\bwill\s+(?:also\s+)?meet\s+(?:with\s+)?(?=(?:the\s+)?(?-i:[A-Z]))"
            r"|\b(?<!trilateral\s)(?:summit\s+)?meetings?\s+with\s+(?=(?:his|her|(?-i:[A-Z])))"
            # "will call on President X": a courtesy meeting with him
            r"|\b(?:will\s+)?(?:pay\s+a\s+courtesy\s+)?call\s+on\s+(?=(?:the\s+)?(?-i:President|"
            r"Prime\s+Minister|King|Queen|Emir|Chancellor|Premier|Vice\s+President)\b|"
            r"the\s+visiting\s+(?:dignitary|leader|guest|President|Prime\s+Minister))"
            # "He also meets Premier X" in a programme or a week ahead: the present of a schedule
            r"|\b(?:also\s+)?meets\s+(?:with\s+)?(?=(?-i:(?:President|Prime\s+Minister|Premier|"
            r"King|Queen|Emir|Chancellor|Speaker|Chairman|Vice\s+President|top\s+)|the\s+(?-i:[A-Z])))"
            # "will hold separate meetings at the White House with A, B and C": one each
            r"|\b(?:separate|individual)\s+meetings\b(?=[^.;]{0,60}\bwith\s+(?-i:[A-Z]))"
            # "expected to see Xi and Vladimir Putin bilaterally"
            r"|\bsee\s+(?=(?-i:[A-Z])[^.;]{0,60}\bbilaterally\b)"
            # "her first summit with President Donald Trump": two leaders, a bilateral
            r"|\bsummit\s+with\s+(?=(?:his|her|(?-i:President|Prime\s+Minister|Chancellor|"
            r"King|Premier)\b))"
            r"|(?<=\band\s)(?-i:[A-Z][\w-]+)\s+(?:will|would|are\s+to|are\s+(?:expected|due|set|"
            r"scheduled)\s+to)\s+(?:also\s+)?meet\b"
            # "Vladimir Putin and President of the UAE Mohamed bin Zayed Al Nahyan will meet"
            r"|(?<=\band\s)(?:(?-i:[A-Z][\w'’-]+)\s+|(?-i:of|the|bin|ibn|al|de|van|von)\s+){2,12}"
            r"(?:will|would|are\s+to|are\s+(?:expected|due|set|scheduled)\s+to)\s+"
            r"(?:also\s+)?meet\b(?!\s+(?:with\s+)?(?-i:[A-Z]))",
            re.IGNORECASE,
        ),
    ),
    (
        "summit",
        # "holds its heads-of-state council": the organization's summit by its own name
        re.compile(r"\bsummits?\b|\bheads[- ]of[- ](?:state|government)[- ]council\b", re.I),
    ),
    (
        "conference",
        re.compile(
            r"\b(?:conferences?|forums?|congress|symposium|expo|exhibition)\b", re.IGNORECASE
        ),
    ),
    (
        "meeting",
        re.compile(
            r"\b(?:(?:joint|ministerial|trilateral|multilateral|extraordinary|informal|"
            r"regular|annual|plenary)\s+)*(?:meetings?|sessions?|talks|consultations|negotiations)\b"
            r"|\b(?:high-level\s+)?general\s+debate\b"  # the UN General Assembly's
            r"|\bministerials?\b(?!\s+(?:[a-z]+-)?(?:conferences?|meetings?|sessions?|councils?|"
            r"summits?|forums?|talks|level|format|segment|declarations?|statements?|dialogues?|"
            r"visits?|trips?|week|part)\b)",  # "the OSCE ministerial"
            re.IGNORECASE,
        ),
    ),
]
_MINISTERIAL = re.compile(
    r"Minister|Ministerial|Foreign|Defen[cs]e|Parliament|Permanent|Economic|Government", re.I
)
_LEADERS = re.compile(r"Supreme|Heads\s+of\s+State|Leaders", re.I)
# "the meeting", "the two-day summit": a bare reference; "the Quad meeting" names an event.
_ORDINAL = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
    r"\s+$",
    re.I,
)
_MEMBERS_OF = re.compile(
    r"\s+of\s+the\s+(?:(?:\d+|[a-z]+)\s+(?:members|member\s+states|leaders)\s+of\s+(?:the\s+)?)?"
    r"(?-i:[A-Z])",
    re.I,
)
_REFERENCE = re.compile(
    r"\b(?:the|this|that|these|those)\s+(?!(?:next|previous|last|following|first)\s)"
    r"(?:(?-i:[a-z0-9][\w-]*)\s+){0,2}$",
    re.IGNORECASE,
)
# "to open accession talks", "peace negotiations": a process, not a dated event; "told a news
# conference": where something was said, not an event announced.
_PROCESS = re.compile(
    r"(?:\b(?:news|press|media)\s+$|\b(?:open|start|launch|resume|begin|continue|conclude|stall(?:ed)?|whether\s+to\s+\w+)\s+"
    r"(?:\w+\s+)?)$",
    re.IGNORECASE,
)
_TOPIC = re.compile(
    r"\b(?:accession|membership|peace|ceasefire|trade|nuclear|climate)\s+$", re.IGNORECASE
)
_NEGATED = re.compile(
    r"\b(?:will|would|does|do|did|is|are|shall|can|could)\s*(?:not|n['’]t)\s+(?:\w+\s+)?$"
    r"|\b(?:won['’]t|never)\s+(?:\w+\s+)?$|\bno\s+plans?\s+to\s+$",
    re.IGNORECASE,
)


@dataclass
class Mention:
    """One trigger phrase of one sentence, with what the sentence says about it."""

    kind: str
    sentence: Sentence
    span: tuple[int, int]
    noun: str
    body: str | None = None
    visit_type: str | None = None
    orgs: list[str] = field(default_factory=list)
    date: DateMention | None = None
    place: Place | None = None
    people: list[Person] = field(default_factory=list)
    chair: str | None = None
    next_chair: str | None = None
    status: str = "announced"
    past: bool = False
    reference: bool = False
    """A bare "the meeting": it points back to an event and announces none."""
    plural: bool = False
    name: str | None = None
    """The proper name before the trigger ("Euro" of "Euro Summit"), organization codes aside."""
    subject: Person | None = None
    """Who "He"/"She" opening the sentence is: the person the article named last before it."""
    days: int | None = None
    """The length the text gives ("a two-day official visit")."""
    who: str | None = None
    """Who meets, for a gathering of ministers ("foreign ministers")."""
    clock: tuple[time, str | None] | None = None
    """A time of day its sentence states without a date ("The meeting opens at 9:30")."""
    org_back: bool = False
    """Named as "the alliance's summit": the organization is the one the article spoke of last."""
    vague: bool = False
    """Its clause gives only a vague time ("in 2026", "next year", "in the autumn"): it has a
    date the text does not say, so it is never the undated child of a visit."""


_TITLE_OF = re.compile(
    r"\b(?i:chairman|chairwoman|chairperson|chair|speaker|secretary|head|member|deputy|"
    r"vice[- ]chairman|president)\s+of\s+(?:the\s+)?(?:(?:[A-Z][\w'’.-]*|of|the|and)\s+){0,8}$"
)


# what says an event will not happen: "there is no plan for a meeting", "will not attend the"
_DENIED = re.compile(
    r"\b(?:no\s+plans?\s+(?:for|of)\s+(?:a\s+|an\s+|any\s+)?|(?:will|would|does|do|did)\s+not\s+"
    r"(?:hold\s+(?:a\s+|any\s+)?|attend\s+(?:the\s+)?|have\s+(?:a\s+|any\s+)?)?|"
    r"(?:won't|doesn't|don't)\s+(?:\w+\s+)?(?:the\s+|a\s+)?|ruled\s+out\s+(?:a\s+|any\s+)?)$",
    re.I,
)


def find_triggers(s: Sentence) -> list[Mention]:
    """The trigger phrases of one sentence, as mentions in the order of the text."""
    text = s.text
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    for kind, pattern in _TRIGGERS:
        for match in pattern.finditer(text):
            a, b = match.span()
            if _DENIED.search(text[max(0, a - 40) : a]):
                taken.append((a, b))
                continue  # "there is no plan for a meeting with X", "will not meet"
            if any(a < y and b > x for x, y in taken):
                continue
            groups = match.groupdict()
            noun = (groups.get("noun") or match.group(0).split()[-1]).lower()
            m = Mention(kind, s, (a, b), noun)
            if kind == "council":
                m.body = groups["body"]
                ministers = (
                    _MINISTERIAL.search(m.body) or m.body.endswith("Assembly")
                ) and not _LEADERS.search(m.body)
                m.kind = "meeting" if ministers else "summit"
                if not groups.get("noun"):
                    m.noun = "meeting"
            if kind == "gathering":
                who = re.sub(r"\s+", " ", groups["who"]).lower()
                leaders = who.startswith(("leaders", "heads", "presidents", "prime", "premiers"))
                m.kind = "summit" if leaders else "meeting"
                m.noun = "summit" if leaders else "meeting"
                m.who = None if leaders else who
                region = text[max(0, a - 40) : b]
                # "of Azerbaijan, Iran, Kazakhstan, Russia and Turkmenistan": the whole list
                listed = re.search(
                    r"\bof\s+(?:the\s+)?[A-Z][^.;]{0,200}$", text[max(0, a - 200) : a]
                )
                if listed is not None:
                    region = listed.group(0) + text[a:b]
                pair = {name for name, _ in find_countries(region)}
                if len(pair) == 2 and not find_orgs(region):
                    m.kind, m.noun, m.who = "bilateral", "talks", None  # "of Iran and Saudi Arabia"
            if m.kind in ("summit", "meeting", "conference"):
                m.name = _name_before(text, a)
            two = re.search(
                r"\b([A-Z][a-z]+)[-–]([A-Z][a-z]+)\s+(?:[Aa]nnual\s+)?$", text[max(0, a - 40) : a]
            )
            if (
                m.kind == "summit"
                and two
                and all(find_countries(w) for w in two.groups())
                and not find_orgs(two.group(0))
            ):
                m.kind, m.noun = "bilateral", "summit"  # "the India-Russia Annual Summit"
            if m.kind == "meeting" and re.search(r"\bLeaders['’]?\s+$", text[max(0, a - 12) : a]):
                m.kind = "summit"  # "the APEC Economic Leaders' Meeting": a leaders' summit
            if m.kind == "meeting" and re.match(
                r"\s+of\s+(?:the\s+)?[^,;.]{0,60}?\bheads?\s+of\s+state\b", text[b:], re.I
            ):
                m.kind = "summit"  # "Session of the ... Authority of Heads of State": a summit
            if (
                m.kind == "conference"
                and re.search(
                    r"\b(?:leaders|heads\s+of\s+state)\b[^,;]*$", text[max(0, a - 80) : a], re.I
                )
                and not re.search(r"(?:video|tele|web)[\s-]*$", text[max(0, a - 8) : a], re.I)
            ):
                m.kind = "summit"  # "will host leaders of the ... forum"
            elif (
                m.kind == "conference"
                and m.noun in ("forum", "forums")
                and re.search(r"\bministers\b", text[b:], re.I)
                and not re.search(r"\b(?:leaders|heads\s+of\s+state|presidents)\b", text, re.I)
            ):
                m.kind = "meeting"  # "the Regional Forum, which brings together ministers"
            if kind == "visit":
                vt = (groups.get("vt") or "").strip().lower()
                m.visit_type = vt or None
                if match.group(0).lower().startswith(("travel", "head", "fly", "flie", "proceed")):
                    m.noun = "visit"
            m.plural = bool(
                re.search(r"(?:summits|sessions|conferences|forums)$", match.group(0), re.I)
            )
            m.reference = (
                bool(_REFERENCE.search(text[max(0, a - 30) : a]))
                and kind in ("summit", "meeting", "conference")
                # "the third summit of the Forum for ...": an event named by its body and number
                and not (
                    re.fullmatch(r"summit", match.group(0), re.I)
                    and _ORDINAL.search(text[max(0, a - 30) : a])
                    and re.match(r"\s+of\s+(?:the\s+)?(?-i:[A-Z])", text[b:])
                )
                # "The summit of the 34 members of the Conference on Security and ...": a body's
                and not (
                    re.fullmatch(r"summit", match.group(0), re.I) and _MEMBERS_OF.match(text[b:])
                )
            )
            taken.append((a, b))
            found.append(m)
    found.sort(key=lambda m: m.span)
    found = [
        m
        for m in found
        if not (
            _PROCESS.search(text[max(0, m.span[0] - 40) : m.span[0]])
            # "begin a state visit", "open the summit": the occasion itself, not a process
            and not re.search(r"visit|tour|trip|summit", text[m.span[0] : m.span[1]], re.I)
        )
        and not (  # "peace negotiations", "climate talks" are processes; a "climate summit" is not
            _TOPIC.search(text[max(0, m.span[0] - 40) : m.span[0]])
            and re.search(r"talks|negotiations|consultations", text[m.span[0] : m.span[1]], re.I)
        )
    ]
    # "Zhao Leji, chairman of the National People's Congress": a body in a person's title
    found = [
        m
        for m in found
        if not (
            m.kind in ("conference", "meeting", "summit")
            and _TITLE_OF.search(text[max(0, m.span[0] - 80) : m.span[0]])
        )
    ]
    # "X has said he will not travel to Minsk": a negated visit announces nothing
    found = [m for m in found if not _NEGATED.search(text[max(0, m.span[0] - 30) : m.span[0]])]
    found = [
        m
        for i, m in enumerate(found)
        if not (
            any(o.kind in ("bilateral", "meeting", "summit") for o in found[:i])
            and re.search(
                r"\bfor\s+(?:the|an?|its|their)\s+(?:[\w'’-]+\s+){0,3}$",
                text[max(0, m.span[0] - 50) : m.span[0]],
            )
        )
    ]  # "will meet Albanese on Monday for the annual leaders' meeting": one event
    # "will fly to Johannesburg for the meeting of G20 foreign ministers": the trip is how she
    # gets to the meeting, not a visit of its own ("travels to Warsaw for talks with" is one)
    found = [
        m
        for m in found
        if not (
            m.kind == "visit"
            and m.visit_type is None
            and re.match(r"(?:travel|head|fl(?:y|ie)|proceed)", text[m.span[0] : m.span[1]], re.I)
            and any(
                o.kind in ("summit", "meeting", "conference")
                and not o.plural
                and re.fullmatch(
                    r"[^,;]{0,50}?\s(?:for|to\s+attend)\s+(?:the|an?)\s+(?:[^,;\s]+\s+){0,6}",
                    text[m.span[1] : o.span[0]],
                )
                for o in found
            )
        )
    ]
    return found


def _name_before(text: str, at: int) -> str | None:
    lead = re.search(r"(?:(?-i:[A-Z][\w’'-]*)\s+)+$", text[:at])
    if not lead:
        return None
    words = [
        w for w in lead.group(0).split() if w not in ("The", "A", "An", "This", "Next", "Last")
    ]
    words = [w for w in words if not re.fullmatch(r"[A-Z]{2,6}|\d\w*", w)]
    return " ".join(words).lower() or None
