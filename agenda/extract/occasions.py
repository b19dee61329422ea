"""Ceremonial and state occasions told in prose: a coronation, an inauguration ("X was sworn
in on Saturday" in a story of that Saturday is held), a state funeral, a memorial service, a
lying in state over days, anniversary celebrations. Each is an `Item` of kind "other" with its
day (or its days), time and place; `programme.py` nests what falls inside it. Nothing here
imports a heavy package.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from agenda.extract.frames import _PAST, Heading, Item, under

if TYPE_CHECKING:
    from agenda.extract.places import Place
    from agenda.extract.text import Sentence

_OCCASION = re.compile(
    r"\b(?:(?:the )?coronation|inauguration|sworn in|swearing-in|state funeral|funeral|"
    r"anniversary celebrations?|jubilee|investiture|enthronement|memorial service|"
    r"(?:will |to )?lie in state|lying in state|"
    r"(?:imperial |royal |state |court |official )?(?:procession|banquets?)|tea party|"
    r"(?:great )?thanksgiving ceremony|burial)\b",
    re.I,
)
# "will lie in state until Saturday": the occasion runs to that day
_UNTIL = re.compile(r"\b(?:until|till|through|to)\s+(?:\w+\s+)?$", re.I)
# "The same evening, ...": the day of the sentence before
_SAME_DAY = re.compile(
    r"^(?:The\s+same\s+(?:day|morning|afternoon|evening|night)|That\s+(?:morning|afternoon|"
    r"evening|night)|Later\s+that\s+day)\b",
    re.I,
)
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,},\s[^–—\n]{0,40}?[–—-]\s*")
_FOR_IT = re.compile(
    r"\b(?:arriving|here|in\s+town|gather(?:ing)?)\s+for\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:\w+['’]s\s+)?$"
)
_HELD_TODAY = re.compile(r"\b(?:was|were)\s+(?:\w+\s+)?$")
_ITS_TIME = re.compile(
    r"^(?:The|This|It)\b.{0,40}\b(?:ceremony|service|funeral|beg[iau]n|start)", re.I
)
# "Gates will open at 6 a.m. and the programme begins at 11 a.m.": the time the occasion begins
_BEGINS_AT = re.compile(
    r"\b(?:programme|program|ceremony|service|funeral)\s+(?:will\s+)?(?:begins?|starts?)\s+at\s+"
    r"(?P<rest>.{1,30})",
    re.I,
)


def occasions(
    found: list[Sentence],
    published: date,
    cities: dict[date, Place],
    headed: tuple[list[Heading], str] = ([], ""),
) -> list[Item]:
    """Ceremonial and state occasions (coronation, inauguration, state funeral, anniversary
    celebrations) with a day: one item per occasion and day (`rites` has those of a section).
    A sentence under a day heading that opens with the occasion ("The state funeral of ... takes
    place at 11:00") is of the heading's day."""
    from agenda.extract.dates import DateMention, find_dates, lone_time, times_in
    from agenda.extract.places import find_cities

    items: list[Item] = []
    seen: set[str] = set()
    last_day: date | None = None  # the day the sentence before named, for "the same evening"
    for s in found:
        if len(s.text) > 1500:
            continue
        m = _OCCASION.search(s.text)
        if not m:
            own = [d for d in find_dates(s.text, published) if d.start == d.end]
            if own:
                last_day = own[-1].start
            continue
        if _FOR_IT.search(s.text[: m.start()]):
            continue  # "guests arriving for his mother's funeral": another event's day
        lead = _DATELINE.match(s.text)
        cut = lead.end() if lead else 0  # "TOKYO, Sept 26 (Reuters) –" is when it was filed
        held = _PAST.search(s.text[: m.start()][-40:]) is not None
        # "X was sworn in on Saturday" in a story of that Saturday: an occasion held that day
        days = [
            d
            for d in find_dates(s.text[cut:], published, future=not held)
            if (d.start == published if held else d.start >= published)
            and d.span[0] + cut < m.start() + 200
            # "talks, summits and an inauguration, 7-13 March": a week's list, not its day
            and ((d.end - d.start).days <= 3 or "state" in m.group(0).lower())
        ]
        heading = under(headed[0], s.start, headed[1]) if headed[1] else None
        if heading is not None and len(days) == 1 and days[0].weekday:
            # "until Saturday" under Wednesday's heading: the Saturday of that week
            shift = (days[0].start.weekday() - heading.day.weekday()) % 7
            at_day = heading.day + timedelta(days=shift)
            days = [replace(days[0], start=at_day, end=at_day)]
        if (
            heading is not None
            and len(days) == 1
            and heading.day < days[0].start
            and _UNTIL.search(s.text[: days[0].span[0] + cut])
        ):
            # "will lie in state until Saturday" under Wednesday's heading: Wednesday to Saturday
            days = [replace(days[0], start=heading.day, precision="range")]
        until = (
            re.search(r"\buntil\b", s.text[m.end() :]) if "state" in m.group(0).lower() else None
        )
        ends = [d for d in days if until and d.span[0] + cut > m.end() + until.start()]
        if until and ends and days[0].end < ends[0].start and days[0] is not ends[0]:
            # "flown home on Monday and will lie in state ... until a state funeral on Thursday"
            days = [replace(days[0], end=ends[0].start, precision="range")]
        if not days and not held and _SAME_DAY.match(s.text) and last_day is not None:
            days = [DateMention(last_day, last_day, "exact", (0, 0))]
        opens = m.start() < 12 or re.match(r"(?i)sworn in", m.group(0)) is not None
        if not days and heading is not None and not held and opens:
            got = lone_time(s.text, published)
            days = [
                DateMention(heading.day, heading.day, "exact", (0, 0), time=got[0] if got else None)
            ]
        if not days or (held and not _HELD_TODAY.search(s.text[: m.start()][-40:])):
            continue
        title = re.sub(r"^(?:the|will|to)\s+", "", m.group(0).strip(), flags=re.I)
        title = title[0].upper() + title[1:]
        if title.lower() in ("sworn in", "swearing-in"):
            title = "Inauguration"
        if title.lower() in ("lie in state", "lying in state"):
            title = "Lying in state"
        last_day = days[-1].start
        if title.lower() in seen:
            continue  # one occasion, however often the article names it: its first dated mention
        seen.add(title.lower())
        if title.lower().endswith("banquets"):  # "Court banquets ... on 22, 25 and 29 October"
            title = title[:-1]
            for more in days[1:]:
                if more.start == more.end and more.start != days[0].start:
                    items.append(
                        Item(
                            "other",
                            title[0].upper() + title[1:],
                            more.start,
                            more.time,
                            (s.start + m.start(), s.start + m.end()),
                            s.text,
                            cities.get(more.start),
                        )
                    )
        day = days[0]
        # "flown home from London ... will lie in state ... in Dar es Salaam": the city named
        # after the occasion in its clause first, else the last one before it
        cued_cities = [(p, span) for p, span, cued in find_cities(s.text) if cued]
        after = [p for p, span in cued_cities if m.start() <= span[0] < m.end() + 80]
        before = [p for p, span in cued_cities if span[0] < m.start()]
        placed = after + before[::-1]
        # the programme's heading for that day knows the city better than "Westminster Abbey"
        # a diary's section names its place ("Sunday 29 March - SINGAPORE. State funeral.")
        sectioned = (
            heading.place if heading is not None and heading.place and heading.place.city else None
        )
        place = sectioned or cities.get(day.start) or (placed[0] if placed else None)
        at = day.time
        for nxt in (t for t in found if s.index < t.index <= s.index + 2):
            if at is None and _ITS_TIME.search(nxt.text):
                got = lone_time(nxt.text, published)
                at = got[0] if got else None  # "The ceremony is due to begin at 2 p.m."
            begins = _BEGINS_AT.search(nxt.text)
            if at is None and begins:
                got_at = times_in("at " + begins.group("rest"))
                at = got_at[0] if got_at else None
        items.append(
            Item(
                "other",
                title,
                day.start,
                at,
                (s.start + m.start(), s.start + m.end()),
                s.text,
                place,
                status="held" if held else "announced",
                last=day.end if day.end > day.start else None,
            )
        )
    return items
