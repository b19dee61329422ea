"""Event mentions: what a sentence says about each event it announces (or recalls).

`find_mentions` takes the sentence's trigger phrases (`triggers`) and gives each `Mention` what
its sentence says about it: organizations, date, city, people, chair, status, and whether it
lies in the past. `merge` then folds repeated mentions of one event together and builds the
proposals.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from agenda.extract.chairs import sentence_facts
from agenda.extract.dates import DateMention, find_dates, lone_time
from agenda.extract.orgs import find_orgs
from agenda.extract.people import Person, find_known, find_people
from agenda.extract.places import (
    Place,
    country_place,
    find_cities,
    find_countries,
    is_country_name,
)
from agenda.extract.text import NUMBER_WORDS, Sentence
from agenda.extract.triggers import Mention, find_triggers

_PAST_NEAR = re.compile(
    r"\b(?:last\s+(?:year|month|week)['’]?s?|previous|past|former|earlier|prior|former)\s+(?:\w+\s+){0,3}$",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were)\s+(?:held|hosted|organi[sz]ed|convened)\b|\btook\s+place\b|\bhad\s+been\b|\bheld\s+(?:talks|a|an|the)\b|"
    r"\b(?:met|visited|attended|hosted|signed|adopted|discussed|agreed|chaired|travell?ed|"
    r"concluded|ended|wrapped\s+up|closed|opened|began|gathered|convened|arrived|welcomed)\b"
    r"|\bago\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|going\s+to|to\s+be\s+held|upcoming|forthcoming|next|plans?|planned|"
    r"scheduled|expected|due|set\s+to|is\s+to|are\s+to|intends?|would)\b",
    re.IGNORECASE,
)
_CANCELLED = re.compile(
    r"\b(?:cancell?ed|called\s+off|scrapped|will\s+not\s+(?:take\s+place|be\s+held))\b"
    r"|\b(?:had|has|have|was|were)\s+(?:forced\s+)?to\s+(?:cancel|call\s+off|scrap)\b",
    re.IGNORECASE,
)
# "postponed from March, will now be held on July 6": the new date stands.
_RESCHEDULED = re.compile(
    r"\b(?:will\s+now|now\s+(?:be|take)|rescheduled\s+(?:for|to)|moved\s+to|"
    r"(?<!without\sgiving\sa\s)(?<!without\ssetting\sa\s)(?<!without\sannouncing\sa\s)"
    r"(?<!without\sa\s)(?<!\bno\s)new\s+date|"
    r"(?:postponed|put\s+off|delayed|deferred|pushed\s+back)\s+(?:from\s+\w+\s+)?(?:to|until|till)\s+(?-i:[A-Z\d]))",
    re.IGNORECASE,
)
TENTATIVE = re.compile(
    r"\b(?:could|might|may)\s+(?:also\s+)?(?:be\s+held|take\s+place|visit|travel|meet|hold|"
    r"attend|be\s+signed|sign|make|stop)\b|\b(?:is|are|was|were)\s+(?:also\s+)?likely\s+to\b|"
    r"\bpossib(?:le|ly)\b|\bto\s+be\s+confirmed\b|\bis\s+being\s+(?:discussed|considered)\b|"
    r"\bnot\s+(?:yet\s+)?(?:been\s+)?confirmed\b|\btentative(?:ly)?\b",
    re.IGNORECASE,
)
"""A clause that says the event may happen, not that it will (status `tentative`)."""
UNSETTLED = re.compile(
    r"\b(?:exact\s+)?(?:dates?|timing)\s+(?:has|have)\s+not\s+(?:yet\s+)?been\s+(?:announced|set|"
    r"fixed|confirmed|finali[sz]ed)|\bno\s+date\s+(?:has\s+been|was)\s+(?:set|fixed|announced)|"
    r"\bneither\s+(?:side|government)\s+has\s+confirmed\b",
    re.IGNORECASE,
)
"""A sentence without an event that leaves the event in focus unsettled."""
_POSTPONED = re.compile(r"\b(?:postponed|put\s+off|delayed|deferred|rescheduled)\b", re.IGNORECASE)
_POSTPONED_BEFORE = re.compile(
    r"\b(?:postponed|put\s+off|delayed|deferred)\s+(?:\w+\s+){0,3}?(?:times|twice|repeatedly)\b"
    r"|\b(?:postponed|put\s+off|delayed|deferred)\s+(?:\w+\s+){0,4}?since\s+(?:19|20)\d\d\b"
    r"|\b(?:repeatedly|twice|several\s+times|many\s+times)\s+(?:been\s+)?(?:postponed|put\s+off|delayed)",
    re.IGNORECASE,
)
"""A history of postponements ("postponed at least five times since 1995"): not the event's
status now."""
_ATTRIBUTION = re.compile(
    r"\b(?:said|announced|reported|stated|told\s+\w+|confirmed|added|noted)\s+(?:on\s+|late\s+on\s+|earlier\s+on\s+)?$",
    re.IGNORECASE,
)


def find_mentions(s: Sentence, published: date, known: list[Person]) -> list[Mention]:
    """The event mentions of one sentence; `known` collects the people met so far."""
    text = s.text
    found = find_triggers(s)
    # "He will then visit Paris", "On Monday, she travels to Warsaw": the person named last
    he = None
    if known and re.match(
        r"(?:(?:On|In|At|From|After|Later|Then|Next)\b[^,]{0,30}?,?\s+)?(?:He|She|he|she)\s", text
    ):
        he = known[-1]
        for m in found:
            m.subject = he
    people = find_people(text)
    for person, _ in people:
        same = next((k for k in known if k.name == person.name), None)
        if same is None:
            known.append(person)
        elif person.country and not same.country:
            known[known.index(same)] = person
    _subject_last(text, known)
    if he is not None and he in known and known[-1] is not he:
        # "She will hold talks with President X. She will also meet Y": "she" is still the
        # guest, not the counterpart the sentence named after its verb
        known.remove(he)
        known.append(he)
    if not found:
        return []
    # "at the international conference centre", "the Summit Hall": a venue, no event
    found = [m for m in found if not _VENUE_NOUN.match(text[m.span[1] :])] or found
    # "The summit of the Conference on Security and Co-operation in Europe": a trigger word
    # inside a body's name is no event of its own when the sentence has another
    bodies = [span for _, span in find_orgs(text) if span[1] - span[0] > 12]
    in_names = [m for m in found if any(a <= m.span[0] and m.span[1] <= b for a, b in bodies)]
    if in_names and len(in_names) < len(found):
        found = [m for m in found if m not in in_names]
    _attach_orgs(text, found)
    for m in found:
        if m.body:
            m.body, inner = _split_body(m.body)
            m.orgs = list(dict.fromkeys([*inner, *m.orgs]))
        if not m.orgs and _ORG_BACK.search(text[max(0, m.span[0] - 40) : m.span[0]]):
            m.org_back = True
    # Dates: each to the nearest trigger (a bare "the meeting" only when nothing else is there).
    future = bool(_FUTURE.search(text)) or not _PAST.search(text)
    dates = [
        d
        for d in find_dates(text, published, future=future)
        if not _ATTRIBUTION.search(text[: d.span[0]])
        # "in Baghdad ahead of the formal end of the mission on Tuesday": the other thing's day
        and not AHEAD_OF.search(text[max(0, d.span[0] - 70) : d.span[0]])
    ]
    # "takes over the chairmanship on 1 January": the day a chair passes, no event's day; an
    # event of that sentence without a day of its own is the next chair's, not this one
    # "THE WEEK AHEAD: 19-25 November - Paris summit ...": a digest's week, no event's days
    dates = [d for d in dates if not _DIGEST_WEEK.search(text[max(0, d.span[0] - 30) : d.span[0]])]
    handed = [d for d in dates if _HANDOVER.search(text[max(0, d.span[0] - 80) : d.span[0]])]
    dates = [d for d in dates if d not in handed]
    # "originally planned for June ..., has been moved to March 2027": the old date goes
    old = [d for d in dates if _FORMER_DATE.search(text[: d.span[0]])]
    if old and len(old) < len(dates):
        dates = [d for d in dates if d not in old]
    # "had planned to host the meeting in December, but it was delayed": a plan given up
    dates = [
        d
        for d in dates
        if not _HAD_PLANNED.search(
            next((c for a, b, c in _clauses(text) if a <= d.span[0] < b), text)[:200]
        )
    ]
    # "will meet on 3 February to prepare the informal summit": the summit is another event,
    # announced (and dated) elsewhere; undated here, it says nothing of this one
    found = [
        m
        for m in found
        if not (
            _PREPARE.search(text[max(0, m.span[0] - 60) : m.span[0]])
            and not any(m.span[1] <= d.span[0] and d.span[0] - m.span[1] <= 30 for d in dates)
        )
    ]
    if not found:
        return []
    if not dates and len(found) == 1 and found[0].reference:
        found[0].clock = lone_time(text, published)
    takers = [m for m in found if not m.reference] or found
    follows = [f.start() for f in _FOLLOWS.finditer(text)]
    for d in dates:
        # "The summit follows the council of ministers on Friday": a day told after "follows"
        # is the day of what comes before, never of the event named ahead of the verb
        own = [m for m in found if not any(m.span[1] <= f < d.span[0] for f in follows)]
        if not own:
            continue
        # "the meeting of G20 foreign ministers, which runs until Thursday": its last day
        until = _WHICH_UNTIL.search(text[: d.span[0]])
        if until:
            before = [m for m in found if m.span[1] <= until.start() and m.date is not None]
            if before and before[-1].date is not None:
                first = before[-1].date
                end = d.start
                if d.weekday:
                    end = first.start + timedelta(
                        days=(d.start.weekday() - first.start.weekday()) % 7
                    )
                if first.precision == "exact" and first.start < end <= first.start + timedelta(
                    days=31
                ):
                    before[-1].date = replace(first, end=end, precision="range")
                    continue
        # "X will visit Y on DATE for talks": a date follows its own event.
        ahead = [
            m
            for m in takers
            if m in own
            and m.span[1] <= d.span[0]
            and d.span[0] - m.span[1] <= 60
            and not re.search(r"[,;]", text[m.span[1] : d.span[0]])
        ]
        nearest = min(
            ahead or [m for m in takers if m in own] or own,
            key=lambda m: _distance(m.span, d.span),
        )
        if nearest.date is None:
            nearest.date = d
            continue
        if nearest.date.span[1] <= nearest.span[0] <= nearest.span[1] <= d.span[
            0
        ] and _WHICH_ON.search(text[nearest.span[1] : d.span[0]]):
            # "arriving on Friday for the summit, which India will host on Saturday and
            # Sunday": the event's own clause says its days; the first date was the way there
            nearest.date = d
            continue
        # its own event is dated already: "the summit, due to start at 1 p.m. on Thursday"
        free = [m for m in own if m.date is None and m.reference]
        if free:
            min(free, key=lambda m: _distance(m.span, d.span)).date = d
    if handed:
        found = [m for m in found if m.date is not None]
        if not found:
            return []
    # Places: cued cities to the nearest trigger; a single city goes to every mention.
    skip = [span for _, span in find_orgs(text)]
    skip += [span for _, span in people]
    for k in known:  # "Vladimir Putin" is not the city of Vladimir
        skip += [
            mm.span() for mm in re.finditer(r"(?<![\w-])" + re.escape(k.name) + r"(?![\w-])", text)
        ]
    cities = find_cities(text, skip)
    if len({c[0].city for c in cities}) == 1:
        for m in found:
            m.place = cities[0][0]
    else:
        # a cued city ("in Phnom Penh") before an uncued one takes its nearest event
        for place, span, _cued in sorted(cities, key=lambda c: not c[2]):
            nearest = min(found, key=lambda m: _distance(m.span, span))
            if nearest.place is None:
                nearest.place = place
    _visited_countries(text, found, skip)
    # "the G7 Summit in Evian-les-Bains, France": a town the gazetteer lacks; the country stands
    for m in found:
        if m.place is not None or m.kind == "visit":
            continue
        for name, (a, _b) in find_countries(text):
            gap = text[m.span[1] : a]
            if (
                0 <= a - m.span[1] <= 60
                and not any(x <= a < y for x, y in skip)
                and re.fullmatch(
                    r"\s+in\s+(?:the\s+)?(?:[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?,\s+)?", gap
                )
            ):
                m.place = country_place(name)
                break
    named = [p for p, _ in people] + [
        p for p in find_known(text, known) if p.name not in {q.name for q, _ in people}
    ]
    named = [
        max(
            (k for k in known if k.name == p.name or k.surname == p.surname),
            key=lambda k: (k.name == p.name, len(k.name)),
            default=p,
        )
        for p in named
    ]
    facts = sentence_facts(s)
    clauses = _clauses(text)
    for m in found:
        # "A meeting between Armenian Prime Minister Nikol Pashinyan and Azerbaijani President
        # Ilham Aliyev": two people (or two countries), no organization: a bilateral
        between = re.match(r"\s+between\s+([^,;]{0,160})", text[m.span[1] :])
        # "Annual summit between Albanese and Modi": two leaders, a bilateral too
        if m.kind in ("meeting", "summit") and between and not m.orgs:
            part = between.group(1)
            people_in = [p for p in named if p.name in part]
            countries_in = {n for n, _ in find_countries(part)}
            two = re.match(
                r"the\s+two\s+(?:prime\s+ministers|presidents|leaders|heads\s+of\s+(?:state|"
                r"government)|foreign\s+ministers|premiers|chancellors)\b",
                part,
                re.I,
            )  # "talks between the two Prime Ministers"
            if len(people_in) >= 2 or len(countries_in) == 2 or two:
                m.kind, m.noun = "bilateral", "meeting"
    for m in found:
        length = re.search(
            r"\b(\w+)-day\b(?=(?:\s+[\w-]+){1,3}$)", text[max(0, m.span[0] - 40) : m.span[1]]
        )
        if length:
            word = length.group(1).lower()
            m.days = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
        lead = [m.subject] if m.subject and m.subject.name not in {p.name for p in named} else []
        m.people = list({p.name: p for p in [*lead, *named]}.values())
        m.chair = facts["chair"]
        m.next_chair = facts["next_chair"]
        before = text[max(0, m.span[0] - 40) : m.span[0]]
        clause = next((c for a, b, c in clauses if a <= m.span[0] < b), text)
        if _CANCELLED.search(clause):
            m.status = "cancelled"
        elif (
            _POSTPONED.search(clause)
            and not _POSTPONED_BEFORE.search(clause)
            and not (m.date is not None and _RESCHEDULED.search(clause))
        ):
            m.status = "postponed"
        elif TENTATIVE.search(clause):
            m.status = "tentative"  # "could also take in Adelaide", "is likely to be held"
        m.past = (
            bool(_PAST_NEAR.search(before))
            or (m.date is not None and (m.date.end < published or m.date.relative_past))
            or not future
        )
        if (
            m.days
            and m.date is not None
            and _UNDER_WAY.search(text)
            and not _ENDED.search(text)
            and not _PAST_NEAR.search(before)
            and m.date.start + timedelta(days=m.days - 1) >= published
        ):
            m.past = False  # "arrived on Saturday at the start of a four-day visit": under way
        if m.date is None and _VAGUE.search(clause):
            m.vague = True
        if m.date is None and re.search(r"\blast\s+(?:year|month|week)\b", clause, re.I):
            m.past = True  # "a planned trip to Dubai last year"
        year = re.search(r"\b((?:19|20)\d\d)['’]?s?\s+(?:\w+\s+){0,2}$", before)
        if year and int(year.group(1)) < published.year:
            m.past = True
        if year and m.date is not None and m.date.start.year != int(year.group(1)):
            m.date, m.vague = None, True  # "the 2024 summit": a date of another year is not its
    named_countries = [
        (place, span)
        for name, span in find_countries(text)
        if is_country_name(text[span[0] : span[1]])
        and not any(x <= span[0] < y for x, y in skip)
        and (place := country_place(name)) is not None
    ]
    return _split_trips(found, cities, dates, named_countries)


_LEAD = re.compile(
    r"(?:(?:On|In|At|From|After|Later|Then|Next)\b[^,]{0,30},\s+)?"
    r"(?P<who>(?:[A-Z][\w'’.-]*\s+){0,5}?[A-Z][\w'’-]+)\s+(?:will|is|was|has|had|would|[a-z]+s)\b"
)


def _subject_last(text: str, known: list[Person]) -> None:
    """The person a sentence opens with ("On Tuesday, Erdogan will travel ... where he will
    meet Qatar's Emir X") is the one a following "He" means: last in `known`, after the people
    the sentence names later."""
    lead = _LEAD.match(text)
    if lead is None:
        return
    words = lead.group("who").split()
    hit = next((k for k in reversed(known) if k.name in lead.group("who")), None) or next(
        (k for k in reversed(known) if k.surname == words[-1]), None
    )
    if hit is not None and known[-1] is not hit:
        known.remove(hit)
        known.append(hit)


_VENUE_NOUN = re.compile(r"\s+(?:centre|center|hall|building|complex|venue|room)s?\b", re.I)
_DIGEST_WEEK = re.compile(
    r"\b(?:week[\s-]+ahead|diary|weekly|the\s+week|this\s+week's\s+(?:diary|calendar))"
    r"\s*(?::|,|[-–—]|for|of)?\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?$",
    re.I,
)
_HANDOVER = re.compile(
    r"(?:\b(?:take|takes|took|taking|assume|assumes|assumed|assuming|hand|hands|handed)\s+"
    r"(?:over\s+)?(?:the\s+)?(?:[\w+'’-]+\s+){0,3}(?:chairmanship|presidency|chair)"
    r"|\b(?:chairmanship|presidency)\s+(?:passes|pass|passed|goes|rotates)(?:\s+to\s+[^,;.]{1,40}?)?)"
    r"\s+(?:on|from|in|as\s+of)\s+$",
    re.I,
)
_FOLLOWS = re.compile(
    r"\b(?:follows|is\s+preceded\s+by|comes\s+after|on\s+the\s+heels\s+of)\s+"
    r"(?:the|a|an|its|their)\b",
    re.I,
)
AHEAD_OF = re.compile(r"\bahead\s+of\s+(?:the|a|an|his|her|its|their)\s+[^,;]*$", re.I)

_PREPARE = re.compile(
    r"\bprepar(?:e|es|ing|ation|ations)\s+(?:for\s+)?(?:the|a|an|its|their)\s+"
    r"(?:[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)

_HAD_PLANNED = re.compile(
    r"\bhad\s+(?:originally\s+)?(?:planned|intended|hoped|wanted|been\s+(?:planned|scheduled|"
    r"due|expected|set|slated))\b",
    re.IGNORECASE,
)

_FORMER_DATE = re.compile(
    r"\b(?:(?:originally|initially|previously|first)\s+(?:planned|scheduled|set|due|expected)"
    r"(?:\s+to\s+(?:take\s+place|be\s+held))?(?:\s+(?:for|on|in))?"
    r"|(?:postponed|moved|delayed|rescheduled|pushed\s+back)(?:\s+from)?)\s+$",
    re.IGNORECASE,
)

_VAGUE = re.compile(
    r"\b(?:in|during|by|for|until)\s+(?:early\s+|mid-?|late\s+)?(?:19|20)\d\d\b"
    r"|\b(?:next|later\s+this|this|early\s+next|late\s+next)\s+year\b"
    r"|\b(?:in|during|this|next)\s+(?:the\s+)?(?:spring|summer|autumn|fall|winter)\b",
    re.IGNORECASE,
)

_WHICH_ON = re.compile(
    r"^[^;.]{0,30}?,\s+which\s+(?:[\w'’-]+\s+){0,4}(?:will\s+|is\s+to\s+|is\s+due\s+to\s+)?"
    r"(?:host|hold|be\s+held|take\s+place|convene|run|open|start|begin|meet)s?\s+[^;.,]{0,20}$",
    re.IGNORECASE,
)

_WHICH_UNTIL = re.compile(
    r",\s+(?:which\s+(?:will\s+)?(?:runs?|lasts?|continues?|goes\s+on|go\s+on)"
    r"|lasting|running|continuing)\s+(?:until|till|through|to)\s+$",
    re.IGNORECASE,
)

_UNDER_WAY = re.compile(
    r"\b(?:arrived|arrives|began|begins|started|starts|opened|kicked\s+off|landed|"
    r"at\s+the\s+(?:start|beginning)\s+of|is\s+on|is\s+visiting|is\s+under\s+way)\b",
    re.IGNORECASE,
)
_ENDED = re.compile(
    r"\b(?:wrapped\s+up|ended|ends|concluded|closed|wound\s+up|finished|left|departed)\b",
    re.IGNORECASE,
)
_ORG_BACK = re.compile(
    r"\b(?:the|this|that)\s+(?:alliance|bloc|organi[sz]ation|group|union|grouping|association)"
    r"(?:['’]s)?\s+(?:\w+\s+){0,2}$"
    r"|\bthe\s+(?:next\s+|annual\s+|upcoming\s+)?leaders['’]\s+$",  # "the leaders' summit"
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,;]\s+(?:but|while|whereas|although|and)\s+|;\s+|\s+but\s+", re.I)


def _clauses(text: str) -> list[tuple[int, int, str]]:
    """The clauses of a sentence (split at ", but", "; ", ...), with their offsets."""
    out: list[tuple[int, int, str]] = []
    begin = 0
    for match in _CLAUSE.finditer(text):
        out.append((begin, match.start(), text[begin : match.start()]))
        begin = match.end()
    out.append((begin, len(text) + 1, text[begin:]))
    return out


def _visited_countries(text: str, found: list[Mention], skip: list[tuple[int, int]]) -> None:
    """A visit "to Hungary" with no city of its own takes the country as its place."""
    visits = [
        m
        for m in found
        if m.kind == "visit"
        and (
            m.place is None
            or not re.match(
                r"\s*(?:to\s+|in\s+)?(?:the\s+)?" + re.escape(m.place.name), text[m.span[1] :]
            )
        )
    ]
    if not visits:
        return
    for name, (a, _b) in find_countries(text):
        if any(a < y and a >= x for x, y in skip):
            continue
        for m in visits:
            gap = text[m.span[1] : a]
            tour = re.match(
                r"(?:,\s*|\s+and\s+)(?-i:[A-Z])", text[_b : _b + 4]
            )  # "to Indonesia, Papua New Guinea, East Timor and Singapore": no one country
            if (
                a >= m.span[1]
                and not tour
                and re.fullmatch(
                    r"\s*(?:(?:to|in)\s+)?(?:the\s+)?|\s+(?:\w+\s+){0,3}(?:to|in)\s+(?:the\s+)?",
                    gap,
                )
            ):
                m.place = country_place(name)
                break


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if b[0] >= a[1]:
        return b[0] - a[1]
    if a[0] >= b[1]:
        return (a[0] - b[1]) * 2  # a date before its trigger is less likely to be its own
    return 0


def _attach_orgs(text: str, found: list[Mention]) -> None:
    for code, (a, b) in find_orgs(text):
        inside = [m for m in found if m.span[0] <= a and b <= m.span[1]]
        after = [
            m
            for m in found
            if m.span[0] >= b
            and m.span[0] - b <= 45
            and not re.search(
                r"[,;]|\b(?:and\s+a|will|is|are|was|were|has|have)\b", text[b : m.span[0]]
            )
        ]
        before = [
            m
            for m in found
            if m.span[1] <= a
            and (
                (
                    a - m.span[1] <= 50
                    and not re.search(
                        r"[,;]|\b(?:with|while|for|after|before)\b", text[m.span[1] : a]
                    )
                )
                or re.match(r"\s+(?:of|between|with|among)\s", text[m.span[1] : a])
            )
        ]
        if not (inside or after or before) and any(m.span[1] <= a for m in found):
            continue  # named after every trigger, in another clause: not an organizer
        target = (inside or after or before[-1:] or found[:1])[0]
        if code not in target.orgs:
            target.orgs.append(code)


def _split_body(body: str) -> tuple[str, list[str]]:
    """The council's own name and the organizations named inside it."""
    orgs = find_orgs(body)
    inner = [code for code, _ in orgs]
    for _code, (a, _b) in orgs:
        if a > 0 and body[:a].rstrip().endswith(("of the", "of")):
            body = body[:a]
            break
    body = re.sub(r"^(?:The|A|An|This|Its)\s+", "", body.strip())
    for code in inner:
        body = re.sub(r"^(?:The\s+)?" + re.escape(code) + r"\s+", "", body.strip())
    body = re.sub(r"\s+(?:of|and|the|of\s+the)$", "", body.strip())
    return body.strip(), inner


def _split_trips(
    found: list[Mention],
    cities: list[tuple[Place, tuple[int, int], bool]],
    dates: list[DateMention],
    countries: list[tuple[Place, tuple[int, int]]] = (),  # type: ignore[assignment]
) -> list[Mention]:
    """A visit to two cities (or countries) on two dates in one sentence is two visits."""
    out: list[Mention] = []
    for m in found:
        legs = [(c[0], c[1]) for c in cities if c[1][0] > m.span[0]]
        if len(legs) < 2:
            legs = [c for c in countries if c[1][0] > m.span[0]]
        if m.kind != "visit" or len(legs) < 2 or len(dates) < 2:
            out.append(m)
            continue
        for n, (place, span) in enumerate(legs):
            stop = legs[n + 1][1][0] if n + 1 < len(legs) else 10**9
            following = [d for d in dates if span[1] <= d.span[0] < stop]
            if not following:
                continue
            leg = Mention(**{**m.__dict__})
            leg.place, leg.date = place, following[0]
            out.append(leg)
    return out
