"""From mentions to proposals: one event mentioned several times is proposed once.

Mentions fold into a draft when they agree: the same kind (a summit may be called a meeting of its
council), the same organizations and council, overlapping dates, the same city. Sentences with no
trigger of their own (agenda lists, expected documents, the chair) add to the event in focus, the
one the text spoke of last. Events during an announced visit (or a summit) become its children
(`parents`); a draft is one `draft.Draft`, its title comes from `titles`.
"""

from __future__ import annotations

import re
from datetime import date

from agenda.extract.chairs import sentence_facts
from agenda.extract.dates import DateMention
from agenda.extract.details import agenda_items, outcomes
from agenda.extract.draft import Draft
from agenda.extract.events import UNSETTLED
from agenda.extract.orgs import find_orgs
from agenda.extract.parents import lift_outcomes, note_hosts, on_sidelines, set_parents
from agenda.extract.places import Place, same_place
from agenda.extract.text import Sentence
from agenda.extract.titles import position
from agenda.extract.triggers import Mention


def _overlap(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None:
        return True
    return a.start <= b.end and b.start <= a.end


_PAIRED = re.compile(r"(?:[A-Z]{2,}\s?[-–]\s?[A-Z][\w'’]*|[A-Z]{2,}\s+Plus\s+\w+)\s+$")


def _partner(m: Mention) -> bool:
    """Named as a body's summit with a partner ("the ASEAN-China summit", "ASEAN Plus Three")."""
    return bool(_PAIRED.search(m.sentence.text[max(0, m.span[0] - 40) : m.span[0]]))


def _counterparts(m: Mention) -> set[str]:
    """The people a mention names besides the one "He"/"She" opening its sentence stands for."""
    lead = m.subject.name if m.subject else None
    return {p.name for p in m.people if p.name != lead}


def _compatible(d: Draft, m: Mention) -> bool:
    if not _overlap(d.date, m.date):
        return False
    if d.place and m.place and not same_place(d.place, m.place):
        return False
    if (d.kind == "visit") != (m.kind == "visit"):
        return False
    if d.kind == "visit":
        if (
            d.date is not None
            and m.date is not None
            and m.date.start == m.date.end
            and d.date.start < m.date.start <= d.date.end
            and m.place is not None
            and m.place.city
            and not (d.place and d.place.city == m.place.city)
        ):
            return False  # "On 08 September, she will travel to Ajmer": a leg of the visit
        return not (
            d.people and m.people and not {p.name for p in d.people} & {p.name for p in m.people}
        )
    if _partner(m) != any(_partner(x) for x in d.mentions[:1]):
        return False  # "the ASEAN Plus Three Summit" is not "the ASEAN summit"
    kinds = {d.kind, m.kind}
    if len(kinds) > 1 and not (kinds == {"summit", "meeting"} and d.orgs and m.orgs):
        return False
    if d.orgs and m.orgs and set(d.orgs) != set(m.orgs):
        return False
    if d.body and m.body and d.body.lower() != m.body.lower():
        return False
    mine = (d.body or next((x.name for x in d.mentions if x.name), None) or "").lower()
    theirs = (m.body or m.name or "").lower()
    if theirs and not mine and m.status != d.status and not m.reference:
        return (
            False  # "a planned summit ... will not take place. Instead, ... the East Asia Summit"
        )
    a, b = set(mine.split()), set(theirs.split())
    if a and b and not (a <= b or b <= a):
        return False  # "the European Council" and "the Euro Summit" are two events
    if d.orgs or m.orgs:
        return bool(d.orgs and m.orgs) or m.reference or m.date is None or d.date is None
    if d.kind == "bilateral":
        # "will call on the President ... will also meet the Senior Minister": talks with other
        # people are another bilateral, not more mentions of the first
        theirs_p = _counterparts(m)
        mine_p = {n for x in d.mentions for n in _counterparts(x)}
        return m.reference or not (theirs_p and mine_p and not theirs_p & mine_p)
    return m.reference or (d.date is not None and m.date is not None)


def build(
    sentences: list[Sentence],
    mentions: list[list[Mention]],
    published: date,
    filed: Place | None = None,
) -> list[Draft]:
    """Drafts of the events the article announces, with parents set; past and cancelled gone.

    `filed` is the city of the story's dateline: an event under way on the article date that the
    text places nowhere is where the story was filed from ("JAKARTA - The summit opened on
    Tuesday and will close on Thursday"). Otherwise the dateline is never an event's place.
    """
    drafts: list[Draft] = []
    focus: Draft | None = None
    for s, found in zip(sentences, mentions, strict=True):
        placed: list[tuple[Mention, Draft]] = []
        for m in found:
            if m.plural and m.kind != "bilateral":
                continue
            if m.past:
                continue  # "last year's summit": never proposed, and says nothing of this one
            target = next((d for d in reversed(drafts) if _compatible(d, m)), None)
            if (
                m.reference
                and m.date is None
                and not m.vague  # "the 2024 summit", "next year's summit": another event
                and not m.orgs
                and focus is not None
                and focus.kind != "visit"
                and not (m.place and focus.place and not same_place(m.place, focus.place))
                and (focus.kind == m.kind or {focus.kind, m.kind} <= {"summit", "meeting"})
            ):
                target = focus  # "the meeting" is the one just spoken of
            if target is None:
                if m.reference and m.date is None:
                    if focus is not None and m.kind != "visit" and not m.orgs:
                        placed.append((m, focus))
                    continue
                target = Draft([], m.kind)
                drafts.append(target)
            target.add(m)
            placed.append((m, target))
            focus = target
        on_sidelines(s, placed)
        note_hosts(s, placed)
        items, where = agenda_items(s.text)
        outs = outcomes(s.text)
        owner = _owner(placed, where) or focus
        if owner is None:
            continue
        for item in items:
            if item not in owner.agenda and not re.search(r"\b(?:visit|summit)s?\b", item, re.I):
                owner.agenda.append(item)
                owner.note(s, "agenda")
        for out in outs:
            if out not in owner.outcomes:
                owner.outcomes.append(out)
                owner.note(s, "outcomes")
                if not placed:
                    owner.loose_outcomes.append((s, out))
        if all(m.reference for m in found) and not owner.orgs and owner.kind != "visit":
            member = _MEMBERS_OF.search(s.text)
            named = find_orgs(s.text)
            one = len({c for c, _ in named}) == 1
            if one and _MEMBERS_AFTER.match(s.text[named[0][1][1] :]):
                owner.orgs.append(named[0][0])  # "EU leaders will discuss ...": the same
                owner.note(s, "organizations")
            elif member and one and named[0][1][0] == member.end():
                owner.orgs.append(named[0][0])  # "The heads of state of the Eurasian Economic
                owner.note(s, "organizations")  # Union will discuss ...": the event's body
        unsettled = UNSETTLED.search(s.text)
        if (
            unsettled is not None
            and len(s.text[: unsettled.start()].split()) <= 3  # what the sentence is about
            and all(unsettled.start() < m.span[0] for m in found)  # it speaks of what came before
        ):
            # "The exact dates have not been announced": the events of the sentence before
            for d in drafts:
                if any(s.index - 1 <= m.sentence.index <= s.index for m in d.mentions):
                    d.unsettled = True
        if not found:
            facts = sentence_facts(s)
            if facts["chair"] and not owner.chair:
                owner.chair = facts["chair"]
                owner.note(s, "chair")
            if facts["next_chair"] and not owner.next_chair:
                owner.next_chair = facts["next_chair"]
                owner.note(s, "next_chair")
    kept = [d for d in drafts if not d.past and d.status != "cancelled"]
    kept = [d for d in kept if d.date is None or d.date.end >= published]
    set_parents(kept)
    if filed is not None:
        for d in kept:
            if (
                d.place is None
                and d.kind != "visit"
                and d.date is not None
                and d.date.start < published <= d.date.end
            ):
                d.place = filed
    _one_place(kept)
    _next_in_series(kept)
    _visitors(kept)
    lift_outcomes(kept)
    return [
        d for d in kept if d.date is not None or d.parent is not None or d.status == "postponed"
    ]


_MEMBERS_OF = re.compile(
    r"\b(?:heads\s+of\s+(?:state|government)|leaders|members?|member\s+(?:states|countries)|"
    r"(?:foreign\s+|defen[cs]e\s+|prime\s+)?ministers|presidents|delegations)\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)


_MEMBERS_AFTER = re.compile(
    r"\s+(?:leaders|heads\s+of\s+(?:state|government)|member\s+(?:states|countries)|"
    r"(?:foreign\s+|defen[cs]e\s+|prime\s+)?ministers|presidents)\s+(?:will|are|would)\b",
    re.IGNORECASE,
)


def _visitors(drafts: list[Draft]) -> None:
    """A visit's participants are its visitors: people of the visited country are the hosts."""
    for d in drafts:
        if d.kind != "visit" or d.place is None:
            continue
        guests = [p for p in d.people if p.country != d.place.country]
        # "At the invitation of Prime Minister Pedro Sanchez, Premier Li Qiang will visit":
        # who invites is the host
        invited = " ".join(
            m.group(0)
            for x in d.mentions
            for m in re.finditer(r"\binvitation\s+of\s+[^,;.]{0,80}", x.sentence.text, re.I)
        )
        if invited:
            hosts = [p for p in guests if p.name in invited]
            if len(hosts) < len(guests):
                guests = [p for p in guests if p not in hosts]
        # "Takaichi is scheduled to visit Washington ... for her first summit with President
        # Donald Trump": who is named after "with" is the host when the visitor comes first
        for m in d.mentions:
            text = m.sentence.text
            before = [p for p in guests if 0 <= position(text, p) < m.span[0]]
            met = re.search(r"\bwith\s", text[m.span[1] :])
            if before and met:
                after_with = m.span[1] + met.start()
                hosts = [p for p in guests if position(text[after_with:], p) >= 0]
                hosts = [p for p in hosts if p not in before]
                if hosts:
                    guests = [p for p in guests if p not in hosts]
        subject = next((m.subject for m in d.mentions if m.subject), None)
        if subject is not None and subject.country != d.place.country:
            guests = [subject]  # "He will then visit Paris": the person named before
        if (guests and len(guests) < len(d.people)) or (guests and not d.people):
            d.people = guests


_NEXT_OF_SERIES = re.compile(
    r"\b(?:the\s+(?:next|following|\d{1,3}(?:st|nd|rd|th))|next\s+year['’]s)\s+"
    r"(?:(?:annual|ordinary|regular|leaders['’]?)\s+)?(?:summit|meeting)\b",
    re.I,
)


def _next_in_series(drafts: list[Draft]) -> None:
    """ "The next summit is due in Kazan", "the 16th summit": a summit of the same body as the
    summit the article is about, when it names no body of its own."""
    bodies = next((d.orgs for d in drafts if d.kind == "summit" and d.orgs), None)
    if not bodies:
        return
    for d in drafts:
        if d.kind != "summit" or d.orgs:
            continue
        if any(
            _NEXT_OF_SERIES.search(m.sentence.text[max(0, m.span[0] - 30) : m.span[1] + 5])
            for m in d.mentions
        ):
            d.orgs = list(bodies)


def _one_place(drafts: list[Draft]) -> None:
    """When every placed event of the article is in one city, the unplaced ones are there too."""
    places = {d.place.city for d in drafts if d.place is not None and d.kind != "visit"}
    if len(places) != 1 or None in places:
        return
    where = next(d.place for d in drafts if d.place is not None and d.kind != "visit")
    for d in drafts:
        if d.place is None and d.kind != "visit" and d.parent is None:
            d.place = where


def _owner(placed: list[tuple[Mention, Draft]], where: int) -> Draft | None:
    before = [d for m, d in placed if m.span[0] <= where]
    if before:
        return before[-1]
    return placed[0][1] if placed else None
