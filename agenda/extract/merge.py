"""From mentions to proposals: one event mentioned several times is proposed once.

Mentions fold into a draft when they agree: the same kind (a summit may be called a meeting of its
council), the same organizations and council, overlapping dates, the same city. Sentences with no
trigger of their own (agenda lists, expected documents, the chair) add to the event in focus, the
one the text spoke of last. Events during an announced visit become its children; those with no
day of their own take the visit's dates as bounds (precision within_parent).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from agenda.extract.chairs import sentence_facts
from agenda.extract.dates import DateMention
from agenda.extract.details import agenda_items, outcomes
from agenda.extract.draft import Draft
from agenda.extract.orgs import find_orgs
from agenda.extract.people import ROLE, Person
from agenda.extract.places import Place, city, country_code, country_name, same_place
from agenda.extract.text import Sentence
from agenda.extract.triggers import Mention


def _overlap(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None:
        return True
    return a.start <= b.end and b.start <= a.end


def _compatible(d: Draft, m: Mention) -> bool:
    if not _overlap(d.date, m.date):
        return False
    if d.place and m.place and not same_place(d.place, m.place):
        return False
    if (d.kind == "visit") != (m.kind == "visit"):
        return False
    if d.kind == "visit":
        return not (
            d.people and m.people and not {p.name for p in d.people} & {p.name for p in m.people}
        )
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
        return True
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
        _sidelines(s, placed)
        _hosts(s, placed)
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
    _parents(kept)
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
    _visitors(kept)
    _lift_outcomes(kept)
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
            before = [p for p in guests if 0 <= _position(text, p) < m.span[0]]
            met = re.search(r"\bwith\s", text[m.span[1] :])
            if before and met:
                after_with = m.span[1] + met.start()
                hosts = [p for p in guests if _position(text[after_with:], p) >= 0]
                hosts = [p for p in hosts if p not in before]
                if hosts:
                    guests = [p for p in guests if p not in hosts]
        subject = next((m.subject for m in d.mentions if m.subject), None)
        if subject is not None and subject.country != d.place.country:
            guests = [subject]  # "He will then visit Paris": the person named before
        if (guests and len(guests) < len(d.people)) or (guests and not d.people):
            d.people = guests


def _lift_outcomes(drafts: list[Draft]) -> None:
    """Documents "the parties" will sign, said of no event, are the visit's, not its child's
    (unless the child is an organization's session, which adopts its own documents)."""
    for d in drafts:
        if d.parent is None or d.orgs:
            continue
        for s, out in d.loose_outcomes:
            if out in d.outcomes:
                d.outcomes.remove(out)
                fields = d.evidence.get(s.index, [])
                if "outcomes" in fields:
                    fields.remove("outcomes")
                if not fields:
                    d.evidence.pop(s.index, None)
            if out not in d.parent.outcomes:
                d.parent.outcomes.append(out)
                d.parent.note(s, "outcomes")


def _sidelines(s: Sentence, placed: list[tuple[Mention, Draft]]) -> None:
    """ "would meet on Saturday on the sidelines of the summit" (15-16 November): the Saturday
    of the summit, not the first Saturday after the article."""
    if not re.search(r"\b(?:sidelines|margins)\s+of\b|\bduring\s+the\b", s.text):
        return
    hosts = [
        d for m, d in placed if m.reference and d.date is not None and d.date.precision == "range"
    ]
    for m, d in placed:
        dm = d.date
        if dm is None or not dm.weekday or dm is not m.date or not hosts:
            continue
        host = hosts[0].date
        if host is None or host.start <= dm.start <= host.end:
            continue
        day = host.start + timedelta(days=(dm.start.weekday() - host.start.weekday()) % 7)
        if day <= host.end:
            d.date = replace(dm, start=day, end=day)
            m.date = d.date


_HOSTED = re.compile(
    r"\b(?:(?:sidelines|margins)\s+of|during|at|of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,6}$", re.I
)


def _hosts(s: Sentence, placed: list[tuple[Mention, Draft]]) -> None:
    """ "On the sidelines of the summit, X will hold bilateral meetings", "the plenary session
    of the summit": the meeting happens within the summit (or forum) the sentence names."""
    hosts = [
        (m, d)
        for m, d in placed
        if d.kind in ("summit", "conference")
        and _HOSTED.search(s.text[max(0, m.span[0] - 60) : m.span[0]])
        and not re.search(r"[,;]\s*$", s.text[max(0, m.span[0] - 3) : m.span[0]])
    ]
    if not hosts:
        return
    for _m, d in placed:
        if d.kind in ("bilateral", "meeting") and d.host is None and d is not hosts[0][1]:
            d.host = hosts[0][1]


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


_PART = re.compile(r"\b(?:plenary|session|sessions|sitting)\b", re.I)


def _summit_parent(d: Draft, drafts: list[Draft]) -> Draft | None:
    """The summit (or forum) a meeting or bilateral happens in: the one the text names for it
    ("on the sidelines of the summit"), or, for a session with no organization or council of its
    own ("the plenary session"), the one summit of the article whose days hold its day."""
    if d.kind not in ("meeting", "bilateral"):
        return None
    hosts = [
        h
        for h in drafts
        if h.kind in ("summit", "conference") and h.date is not None and h is not d
    ]
    if d.host is not None and d.host in hosts:
        host = d.host
        if d.date is None or (host.date.start <= d.date.start and d.date.end <= host.date.end):
            return host
        return None
    if d.orgs or d.body or d.date is None or len(hosts) != 1:
        return None
    if not all(_PART.search(m.sentence.text[m.span[0] : m.span[1]]) for m in d.mentions):
        return None
    host = hosts[0]
    if not (host.date.start <= d.date.start and d.date.end <= host.date.end):
        return None
    if d.place and host.place and not same_place(d.place, host.place):
        return None
    return host


def _parents(drafts: list[Draft]) -> None:
    visits = [d for d in drafts if d.kind == "visit" and d.date is not None]
    for d in drafts:
        if d.kind == "visit" or d.status == "postponed":
            continue
        host = _summit_parent(d, drafts)
        if host is not None and not any(
            v.date is not None
            and host.date is not None
            and v.date.start <= host.date.start
            and host.date.end <= v.date.end
            and (v.place is None or host.place is None or same_place(v.place, host.place))
            for v in visits
        ):
            d.parent = host
            if d.place is None and host.place is not None:
                d.place = host.place
            continue
        fits = [
            v
            for v in visits
            if (d.place is None or v.place is None or same_place(d.place, v.place))
            and (
                (
                    d.date is not None
                    and v.date is not None
                    and v.date.start <= d.date.start
                    and d.date.end <= v.date.end
                )
                or (d.date is None and v.first <= d.first)
            )
        ]
        if d.date is None and all(m.vague for m in d.mentions):
            continue  # "CHOGM will take place in Antigua in 2026": not within the visit
        if d.date is None and not fits and len(visits) == 1:
            # the article's one visit, unless the event is elsewhere ("the SCO summit will be
            # held in Bishkek next year" is no part of a visit to Rome)
            fits = [
                v
                for v in visits
                if d.place is None or v.place is None or same_place(d.place, v.place)
            ]
        if not fits:
            continue
        parent = max(fits, key=lambda v: v.first if v.first <= d.first else -1)
        d.parent = parent
        if d.place is None and parent.place is not None:
            d.place = parent.place
        for p in parent.people:
            if all(p.name != q.name for q in d.people):
                d.people.append(p)


def title(d: Draft) -> str:
    """A title in the house style ("CSTO Collective Security Council session")."""
    orgs = " and ".join(d.orgs)
    where = d.place.name if d.place else None
    if d.kind == "visit":
        kind = next((m.visit_type for m in d.mentions if m.visit_type), "").strip()
        head = f"{kind.capitalize()} visit" if kind else "Visit"
        who = d.people[0] if d.people else None
        text = head
        if who:
            role = (who.role or "").split(" of ")[0]
            text += f" of {role} {who.name}".replace("  ", " ")
            if who.country:
                text += f" of {who.country}"
        if where:
            text += f" to {where}"
        return text
    if d.body:
        noun = next((m.noun for m in d.mentions if m.body), "session")
        if find_orgs(d.body):  # "UN General Assembly": the body names its organization
            return f"{d.body} {noun}"
        if not any(find_orgs(m.sentence.text) for m in d.mentions if m.body):
            return f"{d.body} {noun}"  # the organization comes from another sentence
        return f"{orgs} {d.body} {noun}".strip()
    if d.kind == "summit":
        named = _summit_name(d)
        if named:
            return named
        if orgs:
            return f"{orgs} summit"
        topic = _summit_topic(d)
        if topic:
            return f"{topic} summit"  # "the climate summit": what the text calls it
        return f"Summit in {where}" if where else "Summit"
    who = next((m.who for m in d.mentions if m.who), None)
    if who:
        return f"{orgs} {who} meeting".strip().capitalize() if not orgs else f"{orgs} {who} meeting"
    phrase = _phrase(d.mentions[0])
    if (
        d.kind == "bilateral"
        and phrase.startswith(("Meeting of ", "Meeting between "))
        and len(d.people) >= 2
    ):
        # "Russian President Vladimir Putin will also meet UN Secretary-General Antonio
        # Guterres": both sides by name, as "Meeting of Biden and Xi"
        said = d.mentions[0].sentence.text
        order = sorted(d.people, key=lambda p: _position(said, p))
        names = [p.name for p in order[:2]]  # in the order the text names them
        return f"Meeting of {names[0]} and {names[1]}"
    if (
        d.kind == "bilateral"
        and phrase.startswith("Meeting of ")
        and " and " not in phrase
        and d.people
        and not any(p.surname in phrase for p in d.people)
    ):
        return f"Meeting with {d.people[0].name}"  # "the Secretary will also meet with X"
    if (
        orgs
        and not any(code in phrase for code in d.orgs)
        and not find_orgs(phrase)
        and d.kind != "bilateral"
    ):
        phrase = f"{orgs} {phrase[:1].lower() + phrase[1:]}"  # "ASEAN video conference"
    return phrase


_NOT_TOPIC = re.compile(
    r"(?:the|a|an|this|that|its|their|his|her|our|next|last|first|second|third|previous|"
    r"upcoming|forthcoming|planned|proposed|possible|new|annual|\w+-day|\d\w*|leaders['’]?|"
    r"one|two|three|of|to|for|at|in|on|and|or|with|by|from|said|says)",
    re.IGNORECASE,
)


def _position(text: str, p: Person) -> int:
    """Where `text` first names `p` (full name, surname or first name, "Xi" of "Xi Jinping");
    -1 when it does not ("He will meet X": he comes first)."""
    found = [text.find(w) for w in (p.name, p.surname, p.name.split()[0]) if w in text]
    return min(found) if found else -1


def _side(words: str) -> str | None:
    """One side of "X and Y" as a code ("European Union": EU) or a country ("Chinese": China)."""
    orgs = find_orgs(words)
    if len(orgs) == 1 and orgs[0][1] == (0, len(words)):
        return orgs[0][0]
    code = country_code(words)
    if code:
        return country_name(code)
    return None


def _summit_topic(d: Draft) -> str | None:
    """ "the climate summit", "an informal summit": the lower-case word the text puts before it."""
    for m in d.mentions:
        if m.kind != "summit" or m.noun != "summit":
            continue
        word = re.search(r"(?<![\w'’-])([a-z][a-z-]{2,})\s+$", m.sentence.text[: m.span[0]])
        if word and not _NOT_TOPIC.fullmatch(word.group(1)):
            return word.group(1).capitalize()
    return None


def _summit_name(d: Draft) -> str | None:
    """ "EU-Western Balkans summit", "East Asia Summit": the name the text gives, when it says
    more than the organization's code."""
    for m in d.mentions:
        if m.kind != "summit" or m.noun != "summit":
            continue
        text = m.sentence.text
        own = re.match(r"\s+of\s+the\s+(?:[A-Z][\w’'-]*)(?:\s+[A-Z][\w’'-]*)*", text[m.span[1] :])
        if text[m.span[0]] == "S" and own:  # "the Summit of the Future": its own name
            rest = own.group(0).split(" the ", 1)[1].strip()
            if not find_orgs(rest) and not city(rest) and not country_code(rest):
                return "Summit" + re.sub(r"\s+", " ", own.group(0))
        lead = re.search(
            r"(?:(?-i:[A-Z][\w’'-]*)\s+)(?:(?:of\s+|and\s+)?(?-i:[A-Z][\w’'-]*)\s+)*$",
            m.sentence.text[: m.span[0]],
        )
        if not lead:
            continue
        words = [
            w
            for w in lead.group(0).split()
            if w not in ("The", "A", "An", "This", "Next", "Last") and not re.match(r"\d", w)
        ]
        name = " ".join(words).removeprefix("of ").strip()
        if not words or re.fullmatch(r"[A-Z]{2,6}", name) or name in d.orgs:
            continue
        sides = [_side(part) for part in re.split(r"\s+and\s+", name)]
        if len(sides) == 2 and all(sides):
            return f"{sides[0]}–{sides[1]} summit"  # "European Union and Chinese": "EU–China"
        covered = sum(b - a for _, (a, b) in find_orgs(name))
        if covered >= len(name.replace(" ", "")) or city(name) or country_code(name):
            continue  # "Group of Seven", "European Union", "the Johannesburg summit"
        return f"{name} summit"
    return None


_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
# Lower-case words that may not stand between a name and its trigger ("Tokayev will hold talks").
_NOT_LEAD = (
    r"(?:will|would|shall|can|may|must|hold|holds|held|also|then|a|an|the|for|to|and|or|with|"
    r"co-chair|chair|attend|attends|open|opens|host|hosts|take|part|in|on|at|of|his|her|their|"
    r"its|is|are|be|was|were|has|have|had|said|expected|due|set|visit|meet)"
)


def _phrase(m: Mention) -> str:
    text = m.sentence.text
    start = m.span[0]
    lead = re.search(
        r"(?:(?-i:[A-Z][\w’'-]*)\s+)(?:(?:(?-i:[A-Z][\w’'-]*)|of|the|and|[-–—])\s+)*"
        r"(?:(?!" + _NOT_LEAD + r"\s)(?-i:[a-z][\w-]*['’]?)\s+){0,2}$"
        r"|(?:(?:[A-Z][\w’'-]*|of|the|and)\s+)*$",
        text[:start],
    )
    small = re.match(r"(?:(?:of|the|and)\s+)+(?=[A-Z])", lead.group(0)) if lead else None
    if small:  # "... margins of the St Petersburg International Economic Forum"
        lead = re.search(re.escape(lead.group(0)[small.end() :]) + "$", text[:start])
    if lead and lead.group(0).strip() and lead.group(0)[:1].isupper():
        head = re.match(r"(?:(?:The|A|An|This|Next|Last)\s+)+", lead.group(0))
        begin = lead.start() + (head.end() if head else 0)
        if text[begin:start].strip() and not re.search(
            r"day\b|^(?:On|In|At|During|After|Before|Ahead|Following)\b", text[begin:start]
        ):
            start = begin
    rest = text[m.span[1] :]
    cut = re.search(
        r"\s+(?:will|is|are|was|were|to\s+be|would|has|have|under|opens|opened|begins|began|"
        r"starts|started|closes|closed|ends|ended|runs|ran|kicks|kicked|gets|got|takes|took|"
        r"meets|met|convenes|convened|gathers|gathered)\b"
        r"|\s+(?:at|from|by|until)\s+(?=[A-Z\d])|\s+on\s+(?=\d|(?:" + _MONTHS + r")\b)"
        r"|\s+(?:on|this|next)\s+(?:the\s+)?"
        r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|eve|sidelines)\b"
        r"|(?<!situation)\s+in\s+[A-Z]|\s+and\s+(?=(?:[\w-]+\s+)(?:a|an|the)\s)"
        r"|\s+with\s+the\s+participation\b|\s+(?:that|which|who)\b|[,;.]|$",
        rest,
    )
    end = m.span[1] + (cut.start() if cut else 0)
    phrase = text[start:end].strip()
    clause = re.split(r"[,;.]", rest, maxsplit=1)[0]
    side = re.search(r"\bon\s+the\s+sidelines\s+of\s+(?:the\s+)?[\w\s-]+?(?=[,.;]|$)", clause)
    if side and "sidelines" not in phrase:
        phrase += " " + side.group(0)
    phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE)
    phrase = re.sub(
        r"^(?:(?:will\s+)?(?:also\s+)?(?:hold|holds|held|have|has|conduct)\s+)(?:(?:the|a|an)\s+)?",
        "",
        phrase,
        flags=re.IGNORECASE,
    )
    return tidy_title(phrase, tuple(p.name for p in m.people))


_DANGLING = re.compile(
    r"(?:[\s,;:-]+(?:of|on|in|at|to|for|with|by|from|the|a|an|and|or|as|about|over|into|"
    r"within|between|among|under|its|their|his|her))+$",
    re.IGNORECASE,
)


def tidy_title(phrase: str, names: tuple[str, ...] = ()) -> str:
    """A short title: "of the X member states" folded, no dangling preposition or article;
    the roles before `names` (people of the event) dropped in "Meeting of A and <role> B"."""
    phrase = re.sub(r"\s+", " ", phrase).strip()
    phrase = re.sub(r"(?<=\w) [-–—] (?=[A-Z])", " – ", phrase)  # "Central Asia – China"
    verbless = re.sub(
        r"\s+(?:will|would|are\s+(?:expected|scheduled|due|set|going)\s+to|are\s+to|to)\s+"
        r"(?:also\s+)?(?:meet|gather|convene|hold)\b.*$",
        "",
        phrase,
        flags=re.IGNORECASE,
    )
    if verbless != phrase:  # "Foreign ministers of Iran and Saudi Arabia will meet"
        rest = re.sub(r"^(?:the\s+)", "", verbless, flags=re.I)
        group = re.match(
            r"(?:foreign|defen[cs]e|finance|trade|economy|energy|ministers|leaders|heads|"
            r"presidents|prime|deputy)\b",
            rest,
            re.I,
        )
        # "Foreign ministers of Iran and ..." -> "Meeting of the foreign ministers ..."; "Biden and Xi"
        phrase = (
            ("Meeting of the " + rest[:1].lower() + rest[1:]) if group else "Meeting of " + rest
        )
    phrase = re.sub(r"\bon\s+the\s+(?:situation|developments)\s+(?:in|around|on)\s+", "on ", phrase)
    phrase = re.sub(
        r"\bof\s+the\s+(?P<who>[a-z][\w\s-]*?)\s+of\s+the\s+"
        r"(?P<orgs>[A-Z]{2,6}(?:(?:,\s*|\s+and\s+)[A-Z]{2,6})*)\s+member\s+(?:states|countries)\b",
        r"of \g<orgs> \g<who>",
        phrase,
    )
    if phrase.startswith("Meeting of "):
        for name in names:
            # "Meeting of Vladimir Putin and President of the United Arab Emirates Mohamed bin
            # Zayed Al Nahyan": names only, as "Meeting of Biden and Xi"
            phrase = re.sub(
                r"(?<=\band\s)(?:[A-Z][\w’'-]+\s+)?" + ROLE + r"(?:\s+of\s+(?:the\s+)?"
                r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})?\s+(?=" + re.escape(name) + r"\b)",
                "",
                phrase,
            )
    if len(phrase) > 100:
        phrase = phrase[:100].rsplit(" ", 1)[0]
    phrase = _DANGLING.sub("", phrase).strip(" ,;:-")
    return phrase[:1].upper() + phrase[1:]
