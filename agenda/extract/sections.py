"""Sections of a programme or a week-ahead newsletter as frames of the sentences under them.

A day heading ("Monday 6 – Tuesday 7 November: Beijing", "Wednesday 1 September: Washington")
opens a section that runs to the next heading or blank line. A sentence of the section that
names an event without a day of its own ("The fifth AU–EU summit brings together some 80
leaders") happens on the section's days; one that names no place happens at the section's
place; a weekday in it ("the formal leaders' plenary is on Wednesday") is read within the
section's week. Nothing here imports a heavy package.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agenda.extract.dates import DateMention
    from agenda.extract.frames import Heading
    from agenda.extract.people import Person
    from agenda.extract.text import Sentence
    from agenda.extract.triggers import Mention


def section_frames(text: str, found: list[Sentence], published: date) -> dict[int, Heading]:
    """The heading over each sentence of a section (by sentence index); headings themselves
    and sentences outside any section are left out."""
    from agenda.extract.frames import timetable, under

    _items, _cities, _spans, headings = timetable(text, published)
    if not headings:
        return {}
    out: dict[int, Heading] = {}
    for s in found:
        h = under(headings, s.start, text)
        if h is not None and not (h.start <= s.start < h.end + 1):
            out[s.index] = h
    return out


_RUNS_TO = re.compile(
    r"\b(?:runs?|lasts?|continues?|goes\s+on|is\s+held|lasting|running|continuing)\s+"
    r"(?:on\s+)?(?:to|until|till|through)\s+$",
    re.I,
)
_PAST_BEFORE = re.compile(r"\b(?:last|previous|former|earlier|since)\b[^,;]{0,40}$", re.I)


def in_frame(mentions: list[Mention], heading: Heading) -> None:
    """Give the section's days and place to the mentions of one of its sentences that have
    none of their own (a bare "the meeting" keeps pointing back to its event)."""
    from agenda.extract.dates import DateMention

    last = heading.last or heading.day
    for m in mentions:
        if (
            m.past and (m.date is None or m.date.end >= heading.day) and m.status == "announced"
        ):  # "hosted by", "chaired by" in a section of days to come: no past tense
            # "The G20 leaders' summit ..., hosted by X" under a heading of days to come
            m.past = m.span[0] > 0 and _PAST_BEFORE.search(m.sentence.text[: m.span[0]]) is not None
        if m.reference or m.past or m.status in ("postponed", "cancelled") or m.vague:
            continue
        if m.span[0] > 0 and _PAST_BEFORE.search(m.sentence.text[: m.span[0]]):
            continue  # "since his trip to Moscow": another, earlier event
        if m.place and heading.place and m.place.country != heading.place.country:
            continue  # "since his trip to Moscow" in a section on China: not of its days
        if m.date is None:
            m.date = DateMention(
                heading.day,
                last,
                "range" if last > heading.day else "exact",
                (m.span[1], m.span[1]),
                year_given=True,
            )
        elif (
            heading.day < m.date.start
            and (m.date.start - heading.day).days <= 31
            and _RUNS_TO.search(m.sentence.text[: m.date.span[0]])
        ):
            # "opens ... and runs to Wednesday" in Monday's section: from Monday to Wednesday;
            # "begin a state visit ..., lasting until 6 December" in Saturday 30 November's
            m.date = replace(m.date, start=heading.day, precision="range")
        elif m.date.weekday and not heading.day <= m.date.start <= last:
            # "on Wednesday" in a section of other days: the weekday in the heading's week
            shift = (m.date.start.weekday() - heading.day.weekday()) % 7
            from datetime import timedelta

            day = heading.day + timedelta(days=shift)
            m.date = replace(m.date, start=day, end=day)
        if m.place is None and heading.place is not None and heading.place.city:
            m.place = heading.place


# "flies to Beijing", "lands in Yangon", "continues to Dhaka", "begins a three-country tour",
# "ends his tour in Ghana", "is expected in Baghdad": someone on the way somewhere
_TRAVEL = re.compile(
    r"\b(?:(?:flies|travels|heads|continues|goes|moves\s+on|returns)\s+(?:on\s+\w+\s+)?"
    r"(?:from\s+[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?\s+)?to"
    r"|(?:lands|arrives|is\s+expected|ends\s+(?:his|her|the)\s+(?:[\w-]+\s+)?(?:tour|trip))"
    r"\s+(?:on\s+\w+\s+)?in"
    r"|begins\s+(?:a|his|her)\s+(?:[\w-]+\s+)?(?:tour|trip|visit))\b"
)
_PRONOUN = re.compile(r"^(?:[A-Z][^,]{0,30},\s+)?(?:He|She|The\s+[A-Z]?[a-z]+)\s")


def travel_frames(
    s: Sentence,
    heading: Heading,
    mentions: list[Mention],
    known: list[Person],
    published: date,
) -> list[Mention]:
    """A visit told as a journey in a section ("Albanese flies to Beijing", "Macron begins a
    three-country tour"): on the section's days (or the day the clause gives), at the city
    named after the verb (else the section's place, a country's capital), by the person named
    before the verb. A visit the sentence rules found already takes the section's days."""
    from agenda.extract.dates import DateMention, find_dates
    from agenda.extract.events import AHEAD_OF
    from agenda.extract.frames import capital
    from agenda.extract.places import find_cities
    from agenda.extract.triggers import Mention

    m = _TRAVEL.search(s.text)
    if m is None:
        return []
    last = heading.last or heading.day
    days = DateMention(
        heading.day, last, "range" if last > heading.day else "exact", (m.end(), m.end())
    )
    visits = [
        v
        for v in mentions
        if v.kind == "visit" and not _PAST_BEFORE.search(s.text[: v.span[0]])  # "since her trip"
    ]
    for v in visits:
        if v.date is None or (v.date.start == heading.day and v.date.end < last):
            v.date = replace(days, span=v.date.span if v.date else days.span)
    if visits:
        return []
    # the subject: the clause before the verb ("After a meeting with X, he flies to ...")
    before = re.split(r"[,;]", s.text[: m.start()])[-1]
    who = [k for k in known if k.name in before or k.surname in before.split()]
    if not who and re.match(r"\s*(?:he|she|the\s+\w+)\s", before, re.I):
        # "he", "The Pope": the person of the article named last before this sentence
        earlier = [k for k in known if k.name not in s.text and k.surname not in s.text]
        word = before.split()[-1].lower()
        titled = [k for k in earlier if word in f"{k.name} {k.role or ''}".lower()]
        who = titled or earlier[-1:]
    if not who:
        return []
    clause_end = min([i for i in (s.text.find(",", m.end()),) if i >= 0] or [len(s.text)])
    own = [
        d
        for d in find_dates(s.text, published)
        if m.start() - 12 <= d.span[0] < clause_end
        and heading.day <= d.start <= last
        and not AHEAD_OF.search(s.text[max(0, d.span[0] - 70) : d.span[0]])
    ]
    when = own[0] if own and own[0].start == own[0].end else days
    near = [(p, span) for p, span, _ in find_cities(s.text) if m.start() <= span[0] <= m.end() + 30]
    # "flies from Brussels to Cairo": where it goes, not where it leaves
    placed = [p for p, span in near if span[0] >= m.end()] or [p for p, _ in near]
    place = placed[0] if placed else heading.place
    if place is not None and not place.city and place.country:
        place = capital(place.country) or place
    if place is None:
        return []
    for other in mentions:
        if other.place is None and other.span[0] >= m.end():
            other.place = place  # "flies to Naypyidaw to meet X": the meeting is there
    visit = Mention("visit", s, (m.start(), m.end()), "visit")
    visit.date = when
    visit.place = place
    visit.people = [who[-1]]
    visit.subject = who[-1]
    return [visit]


# "EU agriculture ministers meet in Brussels": a gathering told in the present of a section
_GATHER_NOW = re.compile(
    r"\b(?P<who>leaders|heads\s+of\s+(?:state|government)|presidents|prime\s+ministers|"
    r"(?:[a-z]+\s+)?ministers)\s+(?:meet|gather|convene)\b(?!\s+(?:with|on\s+the\s+sidelines))"
)


def gathering_frames(s: Sentence, heading: Heading, mentions: list[Mention]) -> list[Mention]:
    """A meeting of a body's ministers or leaders told in the present in a section ("EU
    agriculture ministers meet in Brussels"): a meeting (a summit for leaders) of the
    section's days, with the organization named just before."""
    from agenda.extract.orgs import find_orgs
    from agenda.extract.triggers import Mention

    m = _GATHER_NOW.search(s.text)
    if m is None or mentions:
        return []
    who = m.group("who").lower()
    leaders = not who.endswith("ministers") or who == "prime ministers"
    kind = "summit" if leaders else "meeting"
    gathering = Mention(kind, s, (m.start(), m.end()), kind)
    gathering.orgs = [code for code, (_a, b) in find_orgs(s.text) if 0 <= m.start() - b <= 2]
    in_frame([gathering], heading)
    return [gathering]


_OPENS_ON = re.compile(r"^(?:On|By)\s+")


def opening_day(text: str, published: date) -> DateMention | None:
    """The day a sentence opens with ("On 06 September, a ceremonial welcome ..."): the day of
    the paragraph's programme, for the sentences after it that name no day of their own."""
    from agenda.extract.dates import find_dates

    if not _OPENS_ON.match(text):
        return None
    days = find_dates(text, published)
    if not days or days[0].span[0] > 4 or days[0].start != days[0].end:
        return None
    return days[0]


def in_paragraph(mentions: list[Mention], day: DateMention, published: date) -> None:
    """Give the paragraph's day to the items of a sentence that continues its programme ("She
    will thereafter pay homage ...", "In the evening she will call on the President"); a
    sentence that names a day of its own ("He will then head to X on Wednesday") keeps it."""
    from agenda.extract.dates import DateMention, find_dates

    if not mentions or find_dates(mentions[0].sentence.text, published):
        return
    for m in mentions:
        if m.kind not in ("bilateral", "meeting") or m.date is not None or m.reference:
            continue  # a visit or a summit is an event of its own days, not a programme item
        if m.past or m.vague:
            continue
        if m.status != "announced":
            continue
        m.date = DateMention(day.start, day.end, "exact", (m.span[1], m.span[1]), year_given=True)
