"""Event frames the sentence rules do not make, found in the text: a programme's day headings
("Friday, 14 June – Tashkent", "Monday 6 – Tuesday 7 November: Beijing") and timetable lines
("10:00 – Official welcome ceremony"), programme items named in prose ("followed by the family
photo and a meeting in extended format"), ceremonial occasions (coronation, inauguration, state
funeral) and visits under way ("arrived in Riyadh on Wednesday for a three-day visit"). Each is
an `Item`: what it is, its day (and time), its place and the text it came from; `programme.py`
nests them. Nothing here imports a heavy package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agenda.extract.places import Place
    from agenda.extract.text import Sentence

from agenda.extract.headings import (
    _DASH,
    _HEADING,
    _MONTH,
    _MONTHS,
    _RANGE_HEADING,
    DIARY_HEAD,
    diary_day,
)
from agenda.extract.text import NUMBER_WORDS

# The time of a timetable line: "10:00", "10.09", "2:30 p.m.", a range "10.09-10.29 hrs", "11.52
# hrs onwards"; then maybe a zone's letters ("EDT", "CEST") and a note in brackets ("(July 1)")
_TIME = (
    r"(?:c\.\s*)?(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:\s*(?P<ap>[ap])\.?m\.?)?"
    r"(?:\s*[–—-]\s*(?P<h2>\d{1,2})[:.](?P<m2>\d{2})(?:\s*(?P<ap2>[ap])\.?m\.?)?)?"
    r"(?:\s*(?:hrs|hours|h)\b\.?)?(?:\s+onwards)?"
    r"(?:\s+(?-i:[A-Z]{2,5})\b)?(?:\s*\((?P<note>[^)]*)\))?"
)
# A timetable line: the time, then the item after a dash, a colon or a gap of two spaces or a
# tab ("12:00  Arrival at ...")
_LINE = re.compile(
    rf"^\s*{_TIME}(?:{_DASH}|\s*:\s+|\s{{2,}}|\t\s*|"
    rf"\s(?=(?-i:[A-Z])[a-z]))(?P<what>\S.+)$",
    re.I,
)

# A bullet of a programme ("- 09:30 Reception of heads of state", "• 11:00 Session ..."): after a
# bullet, one space is enough between the time and the item
_BULLET_LINE = re.compile(
    rf"^\s*[-–—•*·]\s*{_TIME}(?:{_DASH}|\s*:\s+|\s+)(?P<what>[A-Za-z].+)$",
    re.I,
)

# An end told on the line ("Ends about 19:45.", "until 13:00")
_ENDS = re.compile(
    r"\b(?:ends?|finish(?:es)?|closes?)\s+(?:at\s+|about\s+|around\s+|by\s+)*(?P<h>\d{1,2})[:.]"
    r"(?P<m>\d{2})\b|\buntil\s+(?P<h2>\d{1,2})[:.](?P<m2>\d{2})\b",
    re.I,
)


def _clock(hour: str, minute: str, ap: str | None) -> time | None:
    """The time of "10.09", "2:30" with "p" (p.m.), or None when it is no time of day."""
    h, m = int(hour), int(minute)
    if ap and ap.lower() == "p" and h < 12:
        h += 12
    elif ap and ap.lower() == "a" and h == 12:
        h = 0
    if h > 23 or m > 59:
        return None
    return time(h, m)


def _note_day(note: str | None, day: date, published: date) -> date | None:
    """The day a note in brackets gives a line ("00:00 (July 1)"), when it is a later day."""
    if not note:
        return None
    m = re.fullmatch(
        rf"\s*(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})|(?P<m2>{_MONTH})\s+"
        r"(?P<d2>\d{1,2}))\s*",
        note,
        re.I,
    )
    if m is None:
        return None
    month = _MONTHS[(m.group("m1") or m.group("m2")).lower().rstrip(".")]
    got = _year(month, int(m.group("d1") or m.group("d2")), published, str(day.year))
    return got if got is not None and day < got <= day + timedelta(days=2) else None


# A line that opens a programme without a day heading ("Programme for Tuesday (local time):",
# "According to the programme circulated to delegations (times local, WAT):")
_PROGRAMME_INTRO = re.compile(
    r"^(?=.*\b(?:programme|program|schedule|timetable|order of the day)\b).{0,200}:\s*$", re.I
)


def _intro_day(line: str, before: str, published: date) -> date | None:
    """The day of a programme a line opens without a day heading: the day the line names
    ("Programme for Tuesday"), else the first day the article names before it (its lead)."""
    from agenda.extract.dates import find_dates

    for words in (line, *re.split(r"\n\s*\n", before)):
        days = [m for m in find_dates(words, published) if m.precision == "exact"]
        if days:
            return days[0].start
    return None


# A line of a programme by part of the day ("Morning: First working session", "Evening  State
# dinner"): a timetable line without a time
_PART_OF_DAY = re.compile(
    r"^\s*(?:(?:early|late)\s+)?(?:morning|midday|noon|afternoon|evening|night)"
    r"(?:\s*\([^)]*\))?(?:\s*:\s*|\s{2,}|\t\s*|\s+[–—-]\s+)(?P<what>\S.+)$",
    re.I,
)


@dataclass(frozen=True)
class Heading:
    """A day heading of a programme ("Friday, 5 May – London"): its line, day and city."""

    start: int
    end: int
    day: date
    place: Place | None
    last: date | None = None
    """The last day of a heading over several days ("Monday 6 – Tuesday 7 November: Beijing")."""
    unplaced: bool = False
    """It names a place the gazetteer does not know ("Rarotonga and Aitutaki")."""


def under(headings: list[Heading], offset: int, text: str) -> Heading | None:
    """The heading whose block (up to a blank line) holds `offset`."""
    best = None
    for h in headings:
        if h.start <= offset:
            best = h
    if best is None or "\n\n" in text[best.end : offset]:
        return None
    return best


@dataclass
class Item:
    """A programme item: what it is, when, where, and the text it came from."""

    kind: str
    title: str
    day: date
    at: time | None
    span: tuple[int, int]
    quote: str
    place: Place | None = None
    people: list[str] = field(default_factory=list)
    status: str = "announced"
    """"postponed" for a rite "has been postponed" (proposed without a day)."""
    last: date | None = None
    """The last day of an occasion over several days ("will lie in state from Wednesday to
    Friday")."""
    until: time | None = None
    """The end a timetable line gives ("10.09-10.29 hrs", "Ends about 19:45")."""


# What a programme item is, by its words (first match wins). None: an item of logistics or a
# private engagement (arrivals, flights, lunches, site visits), which is no agenda entry.
_SKIP = re.compile(
    r"^(?:the \w+(?: \w+)? )?(?:arriv(?!al ceremony)|depart|flight|journey|travel|"
    r"farewell(?! (?:ceremony|banquet|dinner|reception))|"
    r"lunch|private|guests begin|walkabout)|(?<!state )\blunch(?:eon)?\b|"
    r"\b(?:wreath|flypast|balcony|briefing)\b|\b(?:holy )?mass\b|\bprayers?\b|\bangelus\b|"
    r"\bvisits?\b(?! of state)(?!.*\b(?:talks|meets?|meeting)\b)|"
    r"\bmeetings? with (?:the )?(?:[\w-]+ ){0,3}?(?:representatives|graduates|students|community|"
    r"young|youth|business|entrepreneurs|diaspora|people|members|families|dignitaries|veterans|"
    r"residents|survivors|volunteers|pupils|scholars|journalists|artists|athletes)\b|\bwith (?:vietnamese|korean|"
    r"\w+ese|\w+an) (?:graduates|students|community|people)|\bforum\b|\bstatements? (?:of|for|to) "
    r"the press\b|\bbegins? arriving\b",
    re.I,
)
_KINDS: list[tuple[str, re.Pattern[str], str]] = [
    (
        "meeting",
        re.compile(
            r"\b(?:session|plenary|round ?tables?|retreat|dialogue|outreach|leaders'? (?:segment|meeting)|"
            r"(?:inter-?religious|interfaith|trilateral|quadrilateral|ministerial) meeting|"
            r"(?:meeting|talks) in (?:narrow|"
            r"restricted|extended|expanded|enlarged) format|(?:narrow|restricted|extended|"
            r"expanded|enlarged)[- ]format (?:meeting|session))\b",
            re.I,
        ),
        "summit",
    ),
    (
        "bilateral",
        re.compile(
            r"\btalks\b|\bt[êe]te-[àa]-t[êe]te\b|\bmeets?\b|\bmeetings? with\b|\bbilateral\b",
            re.I,
        ),
        "",
    ),
    (
        "other",
        re.compile(
            r"\b(?i:welcome|welcoming|ceremon(?:y|ial)|procession|banquet|dinner|concert|celebrations?|"
            r"state lunch(?:eon)?|"
            r"(?:state|gala) reception|signing|speech to|parade|oath|sworn in|coronation service|"
            r"family photo|press conference|news conference|service begins|audiences?)\b|"
            r"\b(?i:flags?)\b.{0,80}\b(?i:lowered|raised|hoisted)\b|\b(?i:flag[- ](?:raising|lowering))\b|"
            r"\b(?i:address(?:es)?) (?:to )?the [A-Z]|\b(?i:address(?:es)?) (?:to )?(?:a|the) joint|"
            r"\b(?i:address) of .{0,60}\bto the [A-Z]",
        ),
        "",
    ),
]


# A call on a leader ("Courtesy visit to the President", "courtesy call on the Prime Minister")
_CALL = re.compile(r"\s*(?:an?\s+)?courtesy (?:visit|call)s?\s+(?:to|on)\b", re.I)

# A line that moves the programme to another city ("Departure by air for Najaf", "Transfer by
# helicopter to Mosul", "Arrival at Erbil airport"): the lines after it are there
_TRAVEL = re.compile(
    r"\b(?:departure|departs?|transfer|return|travel|flight|fl(?:y|ies)|arrival|arrives?)\b"
    r"[^.;]*?\b(?:for|to|in|at)\s+(?P<to>(?-i:[A-Z])[\w'’-]+(?:[ -](?-i:[A-Z])[\w'’-]+)?)",
    re.I,
)


def _moved_to(what: str) -> Place | None:
    """The city a travel line goes to, when the gazetteer knows it."""
    from agenda.extract.places import city

    m = _TRAVEL.search(what)
    if m is None:
        return None
    words = m.group("to")
    # "Arrival at Bole International Airport, Addis Ababa": the town after the venue
    town = _VENUE_TOWN.match(what[m.end() :])
    got = city(town.group(1)) if town else None
    return got or city(words) or (city(words.split()[0]) if " " in words else None)


_VENUE_TOWN = re.compile(
    r"[^,;.]*?\b(?:Airport|Airfield|Air\s+Base|Station|Port|Cent(?:er|re)|Hall|Palace|Hotel),\s+"
    r"((?-i:[A-Z])[\w'’-]+(?:\s(?-i:[A-Z])[\w'’-]+)?)"
)


# A meal or a reception named as the head of a programme line: an event of the programme
_MEAL = re.compile(
    r"\b(?:working|state|official|gala|retreat|leaders'?|welcome|farewell)\s+(?:dinner|lunch|"
    r"luncheon|breakfast|banquet|reception)$",
    re.I,
)


def classify(what: str, parent_kind: str | None) -> str | None:
    """The kind of a programme item from its words, or None when it is no agenda entry.

    Talks in a format are a meeting of a summit but the bilateral talks of a visit."""
    head = re.split(r"\s+[-–—]\s+|[,;:(]|\s+(?:at|in|on|for|with|hosted|by)\s", what)[0]
    if _MEAL.search(head):
        return "other"  # "Leaders' retreat dinner", "Working lunch on climate": the meal is it
    if _CALL.match(what):
        return "bilateral"  # "Courtesy visit to the President": a meeting, not a site visit
    if _SKIP.search(what):
        return None
    for kind, pattern, only in _KINDS:
        if pattern.search(what):
            if kind == "meeting" and parent_kind != "summit" and re.search(r"talks", what, re.I):
                return "bilateral"
            if kind == "meeting" and only and parent_kind not in (only, None):
                return "bilateral" if re.search(r"format|talks", what, re.I) else "meeting"
            return kind
    return None


def _year(month: int, day: int, published: date, given: str | None) -> date | None:
    year = int(given) if given else published.year
    if not given and month < published.month - 1:
        year += 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _heading_place(rest: str | None) -> Place | None:
    from agenda.extract.places import city, country_place

    if not rest:
        return None
    found: list[Place] = []
    whole = city(rest.strip()) or country_place(rest.strip())
    if whole is not None:
        return whole  # "Sharm El-Sheikh": a hyphen inside a name
    for part in re.split(r",|\band\b|→|–|\s-\s|/|\(|\)", rest):
        words = part.strip().strip("()").strip()  # "Saturday, 4 March (Hue)"
        if words:
            got = city(words) or country_place(words)
            if got is not None:
                found.append(got)
    # "Berlin / Bamako (Mali, GMT)": the city of the country the heading names, the day's
    # destination; else the first ("New York / Washington": first New York)
    named = {p.country for p in found if p.city is None}
    return next((p for p in found if p.city and p.country in named), found[0] if found else None)


def _inline_place(rest: str) -> Place | None:
    """The city a day's programme written on its heading's line goes to ("In Beijing, ...",
    "Depart Beijing for Seoul")."""
    from agenda.extract.places import city

    m = re.search(r"(?:^|\.\s+)In\s+([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?),", rest) or re.search(
        r"\bfor\s+([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)\.", rest
    )
    return city(m.group(1)) if m else None


def _diary_days(diary: re.Match[str], published: date) -> tuple[date | None, date | None]:
    """The first and last day of a diary's paragraph head ("Thursday 26 - Sunday 29 March"),
    its month told, or found from the weekday ("MONDAY 19")."""
    m2 = diary.group("m2") or diary.group("m1")
    m1 = diary.group("m1") or (m2 if diary.group("w2") else None)
    if m1 is not None:
        first = _year(_MONTHS[m1.lower().rstrip(".")], int(diary.group("d1")), published, None)
    else:
        first = diary_day(diary.group("w1"), int(diary.group("d1")), published)
    if not diary.group("w2") or first is None:
        return first, None
    if m2 is not None:
        return first, _year(
            _MONTHS[m2.lower().rstrip(".")], int(diary.group("d2")), published, None
        )
    return first, diary_day(diary.group("w2"), int(diary.group("d2")), first)


def timetable(
    text: str, published: date
) -> tuple[list[Item], dict[date, Place], list[tuple[int, int]], list[Heading]]:
    """Timed items of the article's timetable, the city of each day heading, and the spans of
    the timetable lines (the sentence rules read those lines as run-on prose)."""
    items: list[Item] = []
    cities: dict[date, Place] = {}
    spans: list[tuple[int, int]] = []
    headings: list[Heading] = []
    day: date | None = None
    here: Place | None = None
    prev: time | None = None  # the time of the day's line before (past midnight: the next day)
    pos = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        start, pos = pos, pos + len(raw)
        if len(line) > 1000:  # a heading may carry its day's programme on its line
            continue
        diary = DIARY_HEAD.match(line)
        if diary:  # "MONDAY 19 - PARIS. The summit ...": a section of a week-ahead diary
            first, last = _diary_days(diary, published)
            if first is not None and (last is None or first <= last):
                day, prev = first, None
                here = _heading_place(diary.group("place").title())
                end = start + diary.end("place") + 1  # the head: its sentences follow
                spans.append((start, end))
                headings.append(Heading(start, end, first, here, last, here is None))
                continue
        ranged = _RANGE_HEADING.match(line)
        if ranged:
            m2 = _MONTHS[ranged.group("m2").lower().rstrip(".")]
            m1 = _MONTHS[ranged.group("m1").lower().rstrip(".")] if ranged.group("m1") else m2
            first = _year(m1, int(ranged.group("d1")), published, ranged.group("y"))
            last = _year(m2, int(ranged.group("d2")), published, ranged.group("y"))
            if first is not None and last is not None and first <= last:
                day, prev = first, None
                here = _heading_place(ranged.group("rest"))
                spans.append((start, start + len(line)))
                headings.append(
                    Heading(
                        start,
                        start + len(line),
                        first,
                        here,
                        last,
                        here is None and bool((ranged.group("rest") or "").strip()),
                    )
                )
                continue
        heading = _HEADING.match(line)
        if heading and (heading.group("d1") or heading.group("d2")):
            month = _MONTHS[(heading.group("m1") or heading.group("m2")).lower().rstrip(".")]
            got = _year(
                month,
                int(heading.group("d1") or heading.group("d2")),
                published,
                heading.group("y"),
            )
            if got is not None:
                day, prev = got, None
                rest = heading.group("rest") or ""
                # "(1) Sunday, October 8: Depart Tokyo ... . In Beijing, summit meeting with ...":
                # the day's programme on the heading's line, its sentences under the heading
                # ("Bamako / Niamey (Niger, West Africa Time, GMT+1)" is a place, not a programme)
                inline = (
                    len(rest.split()) > 6
                    and heading.start("rest") > 0
                    and bool(re.search(r"[a-z]\.(?:\s|$)|;", rest))
                )
                here = _heading_place(rest) if not inline else _inline_place(rest)
                if here is not None:
                    cities.setdefault(day, here)
                end = start + (heading.start("rest") if inline else len(line))
                spans.append((start, end))
                headings.append(
                    Heading(
                        start,
                        end,
                        day,
                        here,
                        None,
                        here is None and bool((heading.group("rest") or "").strip()),
                    )
                )
            continue
        if _PROGRAMME_INTRO.match(line) and (day is None or not headings):
            day = _intro_day(line, text[:start], published) or day
            continue
        timed = _LINE.match(line) or _BULLET_LINE.match(line) or _PART_OF_DAY.match(line)
        if timed and day is not None:
            at = until = None
            if timed.re is not _PART_OF_DAY:
                at = _clock(timed.group("h"), timed.group("m"), timed.group("ap"))
                if at is None:
                    continue
                if timed.group("h2"):
                    until = _clock(timed.group("h2"), timed.group("m2"), timed.group("ap2"))
                later = _note_day(timed.group("note"), day, published)
                if later is not None:
                    day = later  # "00:00 (July 1)": that day, and the lines after it
                elif prev is not None and prev.hour >= 18 and at.hour < 6 and at < prev:
                    day = day + timedelta(days=1)  # "23:59 ... 00:15": past midnight
                prev = at
            spans.append((start, start + len(line)))
            ends = _ENDS.search(timed.group("what"))
            if ends is not None and at is not None and until is None:
                until = _clock(
                    ends.group("h") or ends.group("h2"), ends.group("m") or ends.group("m2"), None
                )
                if until is not None and until <= at:
                    until = None
            # "Family photo; leaders' meeting with the Bank": each part of a line is an item
            offset = start + timed.start("what")
            for part in re.split(r";\s+", timed.group("what")):
                if part.strip() and not re.match(r"(?:ends?|until)\b", part.strip(), re.I):
                    items.append(
                        Item(
                            "?",
                            part.strip(),
                            day,
                            at,
                            (offset, offset + len(part)),
                            line.strip(),
                            here,
                            until=until,
                        )
                    )
                offset += len(part) + 2
            moved = _moved_to(timed.group("what"))
            if moved is not None:
                here = moved
    # a date line with nothing under it ("29 OCTOBER 2023" closing a press release) is when
    # the text was signed, not a day of its programme
    headings = [h for h in headings if text[h.end : h.end + 400].strip()]
    return items, cities, spans, headings


# Programme items named in prose: (kind, pattern). The kind "meeting" turns bilateral in a visit.
_PROSE: list[tuple[str, re.Pattern[str]]] = [
    (
        "meeting",
        re.compile(
            r"\b(?:(?:meeting|meet|session|talks) in (?:the |a |an )?(?:narrow|restricted|extended|expanded|"
            r"enlarged|[\"“]?[A-Z]+ Plus[\"”]?) format|(?:narrow|restricted|extended|expanded|"
            r"enlarged)[- ]format (?:meeting|session|talks)|(?:opening |closing |closed |"
            r"working |outreach |plenary )+session|(?:first|second|third|fourth|fifth)"
            r"(?: and (?:final|last|closing))? session|plenary|round tables?|leaders'? retreat|"
            r"(?:four-eyed|one-on-one|tête-à-tête) meeting|"
            r"session on \w+)\b"
        ),
    ),
    (
        "other",
        re.compile(
            r"\b(?:(?:the |a )?(?:traditional )?family photo(?:graph)?|(?:closing |final |joint )?press "
            r"conference|(?:informal |gala |state |official )?dinner|(?:state )?banquet|"
            r"(?:official |ceremonial )?(?:welcome|arrival) ceremony|ceremonial welcome|"
            r"opening ceremony|"
            r"closing ceremony|state luncheon|state lunch|official lunch(?:eon)?|signing ceremony|"
            r"ceremony for the signing|(?:host|give|offer) a (?:welcome )?reception|working (?:lunch|dinner|breakfast)|"
            r"military parade)\b",
            re.I,
        ),
    ),
    ("conference", re.compile(r"\b[A-Z][\w-]* Business Forum\b")),
    (
        "bilateral",
        re.compile(r"\b(?:will|to|would)\s+(?:also\s+)?meet(?:\s+with)?\s+(?=(?:[A-Z]|the [A-Z]))"),
    ),
]
_PAST = re.compile(r"\b(?:was|were|had|(?<!be )held|took place|attended|gave|met)\b")


def prose_items(
    found: list[Sentence],
    published: date,
    text: str,
    headings: list[Heading] = (),  # type: ignore[assignment]
) -> list[Item]:
    """Programme items named in sentences, on the day the sentence (or the one before, in the
    same paragraph) gives."""
    from agenda.extract.dates import find_dates

    items: list[Item] = []
    last: date | None = None
    prev_end = -1
    for s in found:
        if len(s.text) > 1500:
            continue
        days = [d for d in find_dates(s.text, published) if d.start == d.end]
        if prev_end >= 0 and "\n\n" in text[prev_end : s.start]:
            last = None
        prev_end = s.end
        day = days[0].start if days else last
        if days:
            last = days[-1].start
        if day is None and under(headings, s.start, text) is not None:
            day = published
        undated = day is None
        if day is None:
            day = date.min  # no day of its own: "during the visit", within its parent's days
        if (not undated and day < published) or _PAST.search(s.text):
            continue
        for kind, pattern in _PROSE:
            for m in pattern.finditer(s.text):
                clause_end = min(
                    [i for i in (s.text.find(";", m.end()), s.text.find(".", m.end())) if i >= 0]
                    or [len(s.text)]
                )
                after = [d for d in days if m.end() <= d.span[0] < clause_end]
                here = [d for d in days if d.span[0] <= m.start()]
                # "the plenary is on Wednesday": the day after it in its clause, else before it
                at = after[0].start if after else here[-1].start if here else day
                here = after or here
                heading = under(headings, s.start + m.start(), text)
                if heading is not None and not here:
                    at = heading.day  # a programme's day: its heading says which
                if at is None:
                    at = date.min
                items.append(
                    Item(
                        kind,
                        m.group(0),
                        at,
                        None,
                        (s.start + m.start(), s.start + m.end()),
                        s.text,
                        heading.place if heading else None,
                        (["heading", "unplaced"] if heading.unplaced else ["heading"])
                        if heading
                        else (["undated"] if at == date.min else []),
                    )
                )
    return items


_ARRIVED = re.compile(
    r"\b(?:arrived|arrives|landed|lands)\s+in\s+(?:the\s+)?(?P<where>[^,.;]{2,60}?)"
    r"(?=\s+(?:on|for|at|to|from|late|early)\s|[,.;]|$)"
)
_LASTING = re.compile(
    r"\b(?:for|at the start of|on)\s+(?:a|his|her|the first leg of a)\s+(?P<n>two|three|four|five|"
    r"\d)-day\s+(?:state\s+|official\s+|working\s+)?(?:visit|trip|tour)",
    re.I,
)
_UNTIL = re.compile(r"\b(?:visit|trip|tour|stay)\b[^.;]{0,30}?\b(?:until|till|through)\s+(?=\w)")


def arrivals(
    found: list[Sentence], published: date
) -> list[tuple[Place, date, date, str | None, Sentence]]:
    """Visits under way: "X arrived in <city> on <day> (for a three-day visit)": the city, the
    first and last day, the visitor (the person named before "arrived")."""
    from agenda.extract.dates import find_dates
    from agenda.extract.people import find_people
    from agenda.extract.places import country_code, country_name, find_cities

    out: list[tuple[tuple[bool, bool], tuple[Place, date, date, str | None, Sentence]]] = []
    for s in found[:10]:  # the lead of the story says who arrived where
        m = _ARRIVED.search(s.text)
        if m is None:
            continue
        placed = [p for p, span, _ in find_cities(s.text) if m.start() <= span[0] < m.end() + 40]
        if not placed:
            cap = re.search(r"\b(\w+) capital\b", m.group("where"))
            country = _country_of_adjective(cap.group(1)) if cap else None
            if country is None and country_code(m.group("where")) is not None:
                # "arrived in Saudi Arabia": at the city of that country the story names next
                country = country_name(country_code(m.group("where")) or "")
                later = [
                    p
                    for t in found
                    if t.start >= s.start and len(t.text) <= 1500
                    for p, _, _ in find_cities(t.text)
                    if p.country == country
                ]
                if later:
                    placed = later[:1]
            here = placed[0] if placed else capital(country) if country else None
        else:
            here = placed[0]
        if here is None:
            continue
        days = [d for d in find_dates(s.text, published, future=False) if d.span[0] >= m.start()]
        first = days[0].start if days else published
        if abs((first - published).days) > 2:
            continue
        lasting = _LASTING.search(s.text)
        n = lasting.group("n") if lasting else "1"
        length = NUMBER_WORDS.get(n.lower(), int(n) if n.isdigit() else 1)
        last = first + timedelta(days=length - 1)
        # "for a state visit that runs until Sunday": the visit's last day
        until = _UNTIL.search(s.text, m.end())
        ends = find_dates(s.text[until.end() :], published) if until else []
        if ends and first < ends[0].start <= first + timedelta(days=14):
            last, lasting = ends[0].start, lasting or until
        people = [p for p, span in find_people(s.text[: m.start()])]
        who = people[0].name if people else None
        rank = (lasting is not None, bool(days))
        out.append((rank, (here, first, last, who, s)))
    out.sort(key=lambda x: x[0], reverse=True)  # "for a three-day visit" before a headline
    return [x[1] for x in out]


def _country_of_adjective(word: str) -> str | None:
    from agenda.extract.places import country_code, country_name

    code = country_code(word)
    return country_name(code) if code else None


def capital(country: str) -> Place | None:
    from agenda.extract.places import _countries, city, country_code

    code = country_code(country)
    if code is None:
        return None
    name = _countries().get(code, {}).get("capital")
    return city(name) if name else None
