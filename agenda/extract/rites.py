"""The rites of a state funeral or a religious occasion that a programme or a week ahead names
under a day heading, one line per place ("Vatican City: Funeral Mass for ... at 10:00", "Santos:
... Burial follows"): each is an event of the section's day, at the time its clause names, in the
place its line opens with. Called by `programme.nest`; nothing here imports a heavy package.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import TYPE_CHECKING

from agenda.extract.frames import _LINE, _PAST, Heading, Item, under

if TYPE_CHECKING:
    from agenda.extract.places import Place
    from agenda.extract.text import Sentence

# Rites of a state funeral or a religious occasion, read where a section (a day heading of a
# programme or week ahead) gives their day: each is an event of that day, at the time its
# clause names ("Funeral Mass ... at 09:30", "the rite of closing the coffin takes place at 20:00")
_RITE = re.compile(
    r"\b(?:(?i:funeral|requiem|state|memorial|thanksgiving) (?i:mass|procession|service|"
    r"rites?|cortège|cortege)|(?i:lies|lying) in state|(?i:public|24-hour|open) wake|"
    r"(?i:burial|interment|requiem|vigil|canoni[sz]ation|beatification|procession)|"
    r"(?i:rite) of \w+(?: the \w+)?|Mass)\b"
)
_RITE_ENDS = re.compile(r"^\s+(?:ends|closes|is over|concludes)\b", re.I)
_RITE_REFERS = re.compile(r"\b(?:after|since|during|following)\s+(?:the\s+)?$", re.I)
_CALLED_OFF = re.compile(r"\b(?:has|have|had) been (?:postponed|called off|cancelled|delayed)\b")


_LINE_PLACE = re.compile(r"[ \t]*(?P<where>[A-Z][\w'’.-]*(?:[ /,]+[A-Z][\w'’.-]*){0,3}):\s")


def line_place(text: str, offset: int, since: int) -> Place | None:
    """The place a line of a week ahead opens with ("Vatican City: ...", "Santos, Brazil: ..."),
    for the sentence at `offset`: its own line's, else the last such line's after `since` (a
    line that goes on about the same place names none)."""
    from agenda.extract.places import city

    begin = text.rfind("\n", 0, offset) + 1
    while begin > since:
        m = _LINE_PLACE.match(text, begin)
        if m is not None:
            for part in re.split(r"\s*[/,]\s*", m.group("where")):
                got = city(part)
                if got is not None:
                    return got
        begin = text.rfind("\n", 0, begin - 1) + 1
    return None


def rites(
    found: list[Sentence],
    published: date,
    text: str,
    headings: list[Heading],
) -> list[Item]:
    """The rites the sections of the article name, each once per day, time and name."""
    items: list[Item] = []
    seen: set[tuple[date, time | None, str]] = set()
    for s in found:
        if len(s.text) > 1500:
            continue
        heading = under(headings, s.start, text) if headings else None
        if heading is None or heading.start <= s.start < heading.end + 1:
            continue
        for rite in _rites(s, heading, published, text):
            if (rite.day, rite.at, rite.title.lower()) not in seen:
                seen.add((rite.day, rite.at, rite.title.lower()))
                items.append(rite)
    return items


def _rites(s: Sentence, heading: Heading, published: date, text: str) -> list[Item]:
    """The rites a sentence of a section names, on the section's day (or the weekday its
    clause names, in the section's week), at the time of their clause, in their place."""
    from agenda.extract.dates import find_dates, times_in

    out: list[Item] = []
    for m in _RITE.finditer(s.text):
        if _RITE_ENDS.match(s.text[m.end() :]) or _RITE_REFERS.search(s.text[: m.start()]):
            continue  # "Lying in state ends at 19:00", "After the Mass": not a rite of its own
        if _PAST.search(s.text[: m.start()][-40:]):
            continue
        at_ = s.start + m.start()
        own = text[text.rfind("\n", 0, at_) + 1 : (text.find("\n", at_) + 1 or len(text) + 1) - 1]
        if _LINE.match(own):
            continue  # a timetable line is an item of its own (`timetable`)
        clause = re.split(r"[;.]\s|,\s+(?:where|which|before|passing)\b", s.text[m.end() :])[0]
        postponed = _CALLED_OFF.search(s.text[m.end() :]) is not None
        day = heading.day
        days = [d for d in find_dates(clause, published) if d.start == d.end]
        if days and heading.day <= days[0].start <= (heading.last or heading.day):
            day = days[0].start
        # its time: the first of its clause ("... opens at 10:00", "from 09:00 until Wednesday"),
        # else the one that opens its sentence ("At 09:00 the coffin is carried in procession")
        got = times_in(clause) or times_in(s.text[: m.start()])
        at = got[0] if got else None
        place = line_place(text, s.start, heading.end) or (
            heading.place if heading.place and heading.place.city else None
        )
        title = m.group(0)
        title = title[0].upper() + title[1:]
        out.append(
            Item(
                "rite",
                title,
                day,
                at,
                (s.start + m.start(), s.start + m.end()),
                s.text,
                place,
                status="postponed" if postponed else "announced",
            )
        )
    return out
