"""Programme items and legs: the parts of a visit, summit or state occasion, as child proposals.

A second stage after the sentence rules (`extract` calls `nest`): it finds event frames the
sentence rules do not make — a timetable line ("10:00 – Restricted-format session") under a
day heading ("Friday, 14 June – Tashkent"), a programme item in prose ("followed by the family
photo and a meeting in extended format"), a ceremonial occasion (coronation, inauguration,
state funeral) — and nests them: each item becomes the child of the visit, summit or occasion
whose days hold it, in its place and zone; a day heading in another city of the visited country
is a leg (a visit of that day, child of the visit); a visit to a country alone gets the city
the programme or the article names there, else the capital. Items fold by what they are (kind,
day, time, parent), not by their words. Nothing here imports a heavy package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agenda.extract import Proposal
    from agenda.extract.places import Place
    from agenda.extract.text import Sentence

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DASH = r"\s*[–—-]\s*"
_HEADING = re.compile(
    rf"^\s*(?:{_WEEKDAY},?\s+)?(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})|(?P<m2>{_MONTH})\s+"
    rf"(?P<d2>\d{{1,2}}))(?:,?\s+(?P<y>\d{{4}}))?\s*(?:(?:{_DASH}|:|,)\s*(?P<rest>.*))?$",
    re.I,
)
_RANGE_HEADING = re.compile(
    rf"^\s*(?:{_WEEKDAY}(?:\s*(?:–|-|and)\s*{_WEEKDAY})?,?\s+)?(?P<d1>\d{{1,2}})"
    rf"(?:\s+(?P<m1>{_MONTH}))?\s*(?:–|—|-|to)\s*(?:{_WEEKDAY},?\s+)?(?P<d2>\d{{1,2}})\s+"
    rf"(?P<m2>{_MONTH})(?:,?\s+(?P<y>\d{{4}}))?\s*(?:(?:{_DASH}|:|,)\s*(?P<rest>.*))?$",
    re.I,
)
_LINE = re.compile(
    rf"^\s*(?:c\.\s*)?(?P<h>\d{{1,2}})[:.](?P<m>\d{{2}})(?:\s*(?:[ap]\.?m\.?))?"
    rf"(?:\s*\([^)]*\))?{_DASH}(?P<what>.+)$",
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


# What a programme item is, by its words (first match wins). None: an item of logistics or a
# private engagement (arrivals, flights, lunches, site visits), which is no agenda entry.
_SKIP = re.compile(
    r"^(?:the \w+(?: \w+)? )?(?:arriv(?!al ceremony)|depart|flight|journey|travel|farewell|"
    r"lunch|private|guests begin|walkabout)|(?<!state )\blunch(?:eon)?\b|"
    r"\b(?:wreath|flypast|balcony|briefing)\b|"
    r"\bvisits?\b(?! of state)(?!.*\b(?:talks|meets?|meeting)\b)|"
    r"\bmeetings? with (?:the )?(?:[a-z]+ )?(?:representatives|graduates|students|community|"
    r"young|youth|business|entrepreneurs|diaspora|people|members)|\bwith (?:vietnamese|korean|"
    r"\w+ese|\w+an) (?:graduates|students|community|people)|\bforum\b|\bstatements? (?:of|for|to) "
    r"the press\b|\bbegins? arriving\b",
    re.I,
)
_KINDS: list[tuple[str, re.Pattern[str], str]] = [
    (
        "meeting",
        re.compile(
            r"\b(?:session|plenary|round ?tables?|retreat|(?:meeting|talks) in (?:narrow|"
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
            r"\b(?i:welcome|welcoming|ceremon(?:y|ial)|procession|banquet|dinner|concert|"
            r"state lunch(?:eon)?|"
            r"(?:state|gala) reception|signing|speech to|parade|oath|sworn in|coronation service|"
            r"family photo|press conference|news conference|service begins)\b|"
            r"\b(?i:address(?:es)?) (?:to )?the [A-Z]|\b(?i:address(?:es)?) (?:to )?(?:a|the) joint|"
            r"\b(?i:address) of .{0,60}\bto the [A-Z]",
        ),
        "",
    ),
]


def classify(what: str, parent_kind: str | None) -> str | None:
    """The kind of a programme item from its words, or None when it is no agenda entry.

    Talks in a format are a meeting of a summit but the bilateral talks of a visit."""
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
    for part in re.split(r",|\band\b|→|–|-", rest):
        words = part.strip()
        if not words:
            continue
        found = city(words) or country_place(words)
        if found is not None:
            return found
    return None


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
    pos = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        start, pos = pos, pos + len(raw)
        if len(line) > 300:
            continue
        ranged = _RANGE_HEADING.match(line)
        if ranged:
            m2 = _MONTHS[ranged.group("m2").lower().rstrip(".")]
            m1 = _MONTHS[ranged.group("m1").lower().rstrip(".")] if ranged.group("m1") else m2
            first = _year(m1, int(ranged.group("d1")), published, ranged.group("y"))
            last = _year(m2, int(ranged.group("d2")), published, ranged.group("y"))
            if first is not None and last is not None and first <= last:
                day = first
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
                day = got
                here = _heading_place(heading.group("rest"))
                if here is not None:
                    cities.setdefault(day, here)
                spans.append((start, start + len(line)))
                headings.append(
                    Heading(
                        start,
                        start + len(line),
                        day,
                        here,
                        None,
                        here is None and bool((heading.group("rest") or "").strip()),
                    )
                )
            continue
        timed = _LINE.match(line)
        if timed and day is not None:
            spans.append((start, start + len(line)))
            what = timed.group("what").strip()
            hour, minute = int(timed.group("h")), int(timed.group("m"))
            if hour > 23 or minute > 59:
                continue
            items.append(
                Item(
                    "?",
                    what,
                    day,
                    time(hour, minute),
                    (start, start + len(line)),
                    line.strip(),
                    here,
                )
            )
    return items, cities, spans, headings


# Programme items named in prose: (kind, pattern). The kind "meeting" turns bilateral in a visit.
_PROSE: list[tuple[str, re.Pattern[str]]] = [
    (
        "meeting",
        re.compile(
            r"\b(?:(?:meeting|session|talks) in (?:the )?(?:narrow|restricted|extended|expanded|"
            r"enlarged|[\"“]?[A-Z]+ Plus[\"”]?) format|(?:narrow|restricted|extended|expanded|"
            r"enlarged)[- ]format (?:meeting|session|talks)|(?:opening |closing |closed |"
            r"working |outreach |plenary )+session|plenary|round tables?|leaders'? retreat|"
            r"session on \w+)\b"
        ),
    ),
    (
        "other",
        re.compile(
            r"\b(?:(?:the |a )?(?:traditional )?family photo|(?:closing |final |joint )?press "
            r"conference|(?:informal |gala |state |official )?dinner|(?:state )?banquet|"
            r"(?:official |ceremonial )?(?:welcome|arrival) ceremony|opening ceremony|"
            r"closing ceremony|state luncheon|state lunch|(?:host|give|offer) a reception|"
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


_OCCASION = re.compile(
    r"\b(?:(?:the )?coronation|inauguration|sworn in|swearing-in|state funeral|funeral|"
    r"anniversary celebrations?|jubilee|investiture|enthronement)\b",
    re.I,
)


_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,},\s[^–—\n]{0,40}?[–—-]\s*")
_ITS_TIME = re.compile(r"^(?:The|This|It)\b.{0,40}\b(?:ceremony|service|funeral|begin|start)", re.I)


def occasions(found: list[Sentence], published: date, cities: dict[date, Place]) -> list[Item]:
    """Ceremonial and state occasions (coronation, inauguration, state funeral, anniversary
    celebrations) with a day: one item per occasion and day."""
    from agenda.extract.dates import find_dates, lone_time
    from agenda.extract.places import find_cities

    items: list[Item] = []
    seen: set[str] = set()
    for s in found:
        if len(s.text) > 1500:
            continue
        m = _OCCASION.search(s.text)
        if not m or _PAST.search(s.text[: m.start()][-40:]):
            continue
        lead = _DATELINE.match(s.text)
        cut = lead.end() if lead else 0  # "TOKYO, Sept 26 (Reuters) –" is when it was filed
        days = [
            d
            for d in find_dates(s.text[cut:], published)
            if d.start >= published and d.span[0] + cut < m.start() + 200
        ]
        if not days:
            continue
        title = re.sub(r"^the\s+", "", m.group(0).strip(), flags=re.I)
        title = title[0].upper() + title[1:]
        if title.lower() in ("sworn in", "swearing-in"):
            title = "Inauguration"
        if title.lower() in seen:
            continue  # one occasion, however often the article names it: its first dated mention
        seen.add(title.lower())
        day = days[0]
        placed = [p for p, _, cued in find_cities(s.text) if cued]
        # the programme's heading for that day knows the city better than "Westminster Abbey"
        place = cities.get(day.start) or (placed[0] if placed else None)
        at = day.time
        nxt = next((t for t in found if t.index == s.index + 1), None)
        if at is None and nxt is not None and _ITS_TIME.search(nxt.text):
            got = lone_time(nxt.text, published)
            at = got[0] if got else None  # "The ceremony is due to begin at 2 p.m."
        items.append(
            Item(
                "other",
                title,
                day.start,
                at,
                (s.start + m.start(), s.start + m.end()),
                s.text,
                place,
            )
        )
    return items


def _days(p: Proposal) -> tuple[date, date] | None:
    if p.start is None:
        return None
    a = p.start.date() if isinstance(p.start, datetime) else p.start
    b = p.end or p.start
    b = b.date() if isinstance(b, datetime) else b
    return a, b


_OPENS = re.compile(r"\b(?:opens?|begins?|starts?)\b", re.I)
_CLOSES = re.compile(r"\b(?:close|closes|ends?|concludes?|wraps? up)\b", re.I)


_SUMMIT = re.compile(r"\bsummit\b", re.I)


def _open_close(p: Proposal, published: date, more: list[str]) -> None:
    """A summit that "opens on Tuesday" in one sentence and "will close ... on Thursday" in
    another runs from the one day to the other."""
    from agenda.extract.dates import find_dates

    if p.kind not in ("summit", "conference") or isinstance(p.start, datetime) or p.start is None:
        return
    first: date | None = None
    last: date | None = None
    for quote in [e.quote for e in p.evidence] + more:
        for verb, is_open in ((_OPENS, True), (_CLOSES, False)):
            m = verb.search(quote)
            if m is None:
                continue
            after = [d for d in find_dates(quote, published) if 0 <= d.span[0] - m.end() < 80]
            if not after or after[0].start != after[0].end:
                continue
            if is_open and first is None:
                first = after[0].start
            elif not is_open:
                last = after[0].start
    if first is not None and last is not None and first < last <= first + timedelta(days=7):
        p.start, p.end, p.precision = first, last, "range"


_ARRIVED = re.compile(
    r"\b(?:arrived|arrives|landed|lands)\s+in\s+(?:the\s+)?(?P<where>[^,.;]{2,60}?)"
    r"(?=\s+(?:on|for|at|to|from|late|early)\s|[,.;]|$)"
)
_LASTING = re.compile(
    r"\b(?:for|at the start of|on)\s+(?:a|his|her|the first leg of a)\s+(?P<n>two|three|four|five|"
    r"\d)-day\s+(?:state\s+|official\s+|working\s+)?(?:visit|trip|tour)",
    re.I,
)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5}


def arrivals(
    found: list[Sentence], published: date
) -> list[tuple[Place, date, date, str | None, Sentence]]:
    """Visits under way: "X arrived in <city> on <day> (for a three-day visit)": the city, the
    first and last day, the visitor (the person named before "arrived")."""
    from agenda.extract.dates import find_dates
    from agenda.extract.people import find_people
    from agenda.extract.places import find_cities

    out: list[tuple[tuple[bool, bool], tuple[Place, date, date, str | None, Sentence]]] = []
    for s in found[:6]:  # the lead of the story says who arrived where
        m = _ARRIVED.search(s.text)
        if m is None:
            continue
        placed = [p for p, span, _ in find_cities(s.text) if m.start() <= span[0] < m.end() + 40]
        if not placed:
            capital = re.search(r"\b(\w+) capital\b", m.group("where"))
            country = _country_of_adjective(capital.group(1)) if capital else None
            here = _capital(country) if country else None
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
        length = _NUMBERS.get(n.lower(), int(n) if n.isdigit() else 1)
        people = [p for p, span in find_people(s.text[: m.start()])]
        who = people[0].name if people else None
        rank = (lasting is not None, bool(days))
        out.append((rank, (here, first, first + timedelta(days=length - 1), who, s)))
    out.sort(key=lambda x: x[0], reverse=True)  # "for a three-day visit" before a headline
    return [x[1] for x in out]


def _adopt(visit: Proposal, proposals: list[Proposal]) -> None:
    """A visit found by the programme stage takes as children the sentence stage's meetings,
    talks and ceremonies of its days in its city (the sentence stage had no visit for them)."""
    span = _days(visit)
    city = (visit.location or {}).get("city")
    if span is None:
        return
    for q in proposals:
        days = _days(q)
        if (
            q is not visit
            and q.parent is None
            and q.kind in ("bilateral", "meeting", "other")
            and days is not None
            and span[0] <= days[0] <= days[1] <= span[1]
            and (q.location or {}).get("city") in (None, city)
        ):
            q.parent = visit.key


def _country_of_adjective(word: str) -> str | None:
    from agenda.extract.places import country_code, country_name

    code = country_code(word)
    return country_name(code) if code else None


def _capital(country: str) -> Place | None:
    from agenda.extract.places import _countries, city, country_code

    code = country_code(country)
    if code is None:
        return None
    name = _countries().get(code, {}).get("capital")
    return city(name) if name else None


def _text_cities(found: list[Sentence]) -> list[tuple[Place, bool]]:
    """Every city the article names, with whether a cue ("in", "to") introduced it."""
    from agenda.extract.places import find_cities

    out: list[tuple[Place, bool]] = []
    for s in found:
        if len(s.text) <= 1500:
            out += [(p, cued) for p, _, cued in find_cities(s.text)]
    return out


def nest(
    proposals: list[Proposal],
    text: str,
    found: list[Sentence],
    published: date,
    filed: Place | None,
) -> list[Proposal]:
    """The proposals with the programme's items and legs added under their parents."""
    from agenda.extract import Evidence, Proposal

    lines, cities, spans, headings = timetable(text, published)
    # sentences made of timetable lines gave run-on events: the timetable gives them now
    if lines:
        proposals = [
            p
            for p in proposals
            if not p.evidence
            or not all(
                any(a <= e.start < b or e.start <= a < e.end for a, b in spans)
                for e in ([e for e in p.evidence if "dates" in e.fields] or p.evidence)
            )
        ]
    summits = [p for p in proposals if p.kind == "summit" and _days(p) is not None]
    near = [p for p in summits if abs((_days(p)[0] - published).days) <= 7]  # type: ignore[index]
    for p in proposals:
        # the one summit of the days ahead: "the summit" in any sentence is it
        more = [s.text for s in found if _SUMMIT.search(s.text)] if near == [p] else []
        _open_close(p, published, more)
    every_city = _text_cities(found)
    named = [p for p, _ in every_city]
    _place_visits(proposals, cities, [p for p, cued in every_city if cued])
    proposals = _drop_headline_twins(proposals, text, found)
    proposals = fold(proposals)
    for p in proposals:
        if p.kind in ("summit", "conference"):
            _open_close(p, published, [])
    extra: list[Proposal] = []
    counter = [len(proposals) + 1]

    def new(
        kind: str,
        title: str,
        item: Item,
        parent: Proposal | None,
        place: Place | None,
        precision: str = "exact",
    ) -> Proposal:
        loc = (
            place.as_location()
            if place
            else (dict(parent.location) if parent and parent.location else None)
        )
        tz = (loc or {}).get("tz")
        start: date | datetime = item.day
        end: date | datetime | None = item.day
        if item.at is not None:
            start = datetime.combine(item.day, item.at)
            end = None
        p = Proposal(
            key=f"p{counter[0]}",
            kind=kind,
            title=title,
            start=start,
            end=end,
            precision=precision,
            published=published,
            tz=tz if item.at is not None else None,
            location=loc,
            parent=parent.key if parent else None,
            evidence=[Evidence(item.quote, *_quote_span(item), ["kind", "start"])],
        )
        counter[0] += 1
        extra.append(p)
        return p

    # ceremonial occasions first: timed lines of their day nest under them
    for occ in occasions(found, published, cities):
        holder = _holder(proposals + extra, occ.day, occ.place, ("visit", "summit"))
        if any(
            q.kind == "other"
            and _days(q) == (occ.day, occ.day)
            and q.parent == (holder.key if holder else None)
            for q in proposals + extra
        ):
            continue
        place = occ.place or (None if holder else filed or _most_named(named))
        subject = _subject(found, occ)
        new("other", _occasion_title(occ.title, subject, place), occ, holder, place)
    # a visit under way: "X arrived in Riyadh on Wednesday for a three-day visit"
    for got in arrivals(found, published):
        here, first, last, who, s = got
        same = [
            q
            for q in proposals
            if q.kind == "visit" and any(e.start == s.start for e in q.evidence)
        ]
        if same:  # the sentence stage read the arrival sentence: the frame's days and city
            q = same[0]
            q.start, q.end, q.location = first, last, here.as_location()
            q.precision = "range" if last > first else "exact"
            q.title = re.sub(r"\bto [A-Z][\w’' -]*$", f"to {here.city}", q.title)
            _adopt(q, proposals)
            continue
        if any(
            q.kind == "visit"
            and (q.location or {}).get("country") == here.country
            and (_days(q) or (date.min, date.min))[0] <= last
            and first <= (_days(q) or (date.max, date.max))[1]
            for q in proposals + extra
        ):
            continue
        whole = Item("visit", s.text, first, None, (s.start, s.end), s.text, here)
        v = new(
            "visit",
            f"Visit of {who} to {here.city}" if who else f"Visit to {here.city}",
            whole,
            None,
            here,
            "range" if last > first else "exact",
        )
        v.end = last
        if who:
            v.participants = [{"name": who}]
        _adopt(v, proposals)
    # a programme whose days no visit or summit holds: the event its headline names
    if headings and found and _holder(proposals + extra, headings[0].day, None, _HOLDERS) is None:
        kind = _headline_kind(found[0].text)
        if kind is not None:
            top, final = headings[0], max(h.last or h.day for h in headings)
            place = next((h.place for h in headings if h.place), None) or filed
            whole = Item(
                kind,
                found[0].text,
                top.day,
                None,
                (found[0].start, found[0].end),
                found[0].text,
                place,
            )
            p = new(
                kind,
                _headline_title(found[0].text),
                whole,
                None,
                place,
                "range" if final > top.day else "exact",
            )
            p.end = final
    # legs: a day heading in another city of the visited country
    for day, place in sorted(cities.items()):
        visit = _holder(proposals + extra, day, place, ("visit",))
        if visit is None or not visit.location:
            continue
        if visit.location.get("city") in (None, place.city):
            continue
        if visit.location.get("country") != place.country:
            continue
        if any(
            q.kind == "visit"
            and q.parent == visit.key
            and (q.location or {}).get("city") == place.city
            for q in extra
        ):
            for q in extra:
                if (
                    q.kind == "visit"
                    and q.parent == visit.key
                    and (q.location or {}).get("city") == place.city
                ):
                    q.end = day
                    q.precision = "range"
            continue
        leg = Item("visit", f"Visit to {place.city}", day, None, (0, 0), "", place)
        q = new("visit", _leg_title(visit, place), leg, visit, place)
        q.evidence = []
    # timed lines, then items in prose
    every = proposals + extra
    for item in lines:
        holder = _holder(
            every + extra, item.day, item.place, ("visit", "summit", "other"), timed=True
        )
        kind = classify(item.title, holder.kind if holder else None)
        if kind is None or holder is None:
            continue
        _fold_add(new, kind, item, holder, extra, proposals)
    for item in prose_items(found, published, text, headings):
        if any(a <= item.span[0] < b for a, b in spans):
            continue  # a timetable line: read above, with its time
        if item.people == ["undated"]:
            _add_undated(new, item, proposals + extra)
            continue
        holder = _holder(proposals + extra, item.day, None, ("summit", "visit"))
        if holder is None and item.people[:1] == ["heading"]:
            if "unplaced" in item.people:
                continue  # a section in a place the gazetteer lacks: no place is better than a guess
            # a programme's item on a day of no visit or summit (the eve of a coronation)
            place = item.place or filed or _most_named(named)
            title = _item_title(item.kind, item.title, None)
            new(
                item.kind,
                f"{title} in {place.city}" if place and place.city else title,
                item,
                None,
                place,
            )
            continue
        span = _days(holder) if holder is not None else None
        if holder is None or (
            span is not None
            and item.day == span[0]
            and any(
                e.start <= item.span[0] < e.end and "dates" in e.fields for e in holder.evidence
            )
        ):
            continue  # the sentence that dates the summit names its opening, not a part
        kind = item.kind
        if kind == "meeting" and holder.kind == "visit":
            kind = "bilateral"
        _fold_add(new, kind, item, holder, extra, proposals)
    every = proposals + extra
    proposals, extra = split_counterparts(proposals, every), split_counterparts(extra, every)
    # a section of a week-ahead ("Monday 6 – Tuesday 7 November: Beijing") places its events
    for p in proposals:
        if p.parent is not None or (p.location or {}).get("city") or not p.evidence:
            continue
        h = under(headings, p.evidence[0].start, text)
        if (
            h is not None
            and h.place is not None
            and (not p.location or p.location.get("country") == h.place.country)
        ):
            p.location = h.place.as_location()
    # children take the parent's place and zone when they have none
    by_key = {p.key: p for p in proposals + extra}
    for p in proposals + extra:
        parent = by_key.get(p.parent or "")
        if (
            parent is not None
            and parent.location
            and not (p.location or {}).get("city")
            and (
                not p.location
                or p.location.get("country") in (None, parent.location.get("country"))
            )
        ):
            p.location = dict(parent.location)
        if isinstance(p.start, datetime) and p.tz is None and p.location:
            p.tz = p.location.get("tz")
    return proposals + extra


_HOLDERS = ("visit", "summit", "other")


def _headline_kind(headline: str) -> str | None:
    """The kind of event a programme's headline names ("Programme of the State Visit of ...")."""
    if len(headline) > 200:
        return None
    if re.search(r"\bvisit\b", headline, re.I):
        return "visit"
    if re.search(r"\bsummit\b", headline, re.I):
        return "summit"
    return None


def _headline_title(headline: str) -> str:
    words = re.sub(
        r"^(?:(?:the\s+)?(?:outline\s+)?programme\s+(?:of|for)\s+(?:the\s+)?)",
        "",
        headline.strip(),
        flags=re.I,
    )
    words = re.split(r"\s*[:–—]\s*(?:the\s+)?(?:outline\s+)?programme\b|\n", words, flags=re.I)[0]
    return words[:1].upper() + words[1:]


_MEET = re.compile(r"\b(?:talks|meetings?|meets?)\s+(?:with\s+)?(?!between\b)", re.I)
_ANY_MEET = re.compile(
    r"\b(?:talks|meetings?|meets?)\s+(?:with\s+)?(?!between\b)|\bmeet(?:\s+with)?\s+", re.I
)
_ROLE_WORDS = re.compile(
    r"\b(?:President|Minister|Chancellor|King|Queen|Emperor|Secretary|Chinese|Indian)\b"
)


def split_counterparts(
    proposals: list[Proposal], every: list[Proposal] | None = None
) -> list[Proposal]:
    """A bilateral with several counterparts ("meetings with Prime Minister X and Chairman Y")
    is one bilateral per counterpart, each with its own participants; the visitor of its
    parent visit is no counterpart."""
    from agenda.extract.people import find_people

    by_key = {q.key: q for q in every or proposals}
    out: list[Proposal] = []
    for p in proposals:
        if p.kind != "bilateral" or not p.evidence:
            out.append(p)
            continue
        parent = by_key.get(p.parent or "")
        visitors = {x.get("name") or "" for x in (parent.participants if parent else [])}
        people: list[tuple[str, str | None]] = []
        for e in p.evidence:
            for m in _ANY_MEET.finditer(e.quote):
                clause = re.split(
                    r"[.;]|\s+(?:to discuss|on (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b",
                    e.quote[m.end() :],
                )[0]
                for person, _ in find_people(clause):
                    if _ROLE_WORDS.search(person.name) or any(
                        person.name in n or n in person.name
                        for n in [*(n for n, _ in people), *visitors]
                        if n
                    ):
                        continue  # "Mohammed" after "Mohammed bin Salman" is the same person
                    people.append((person.name, person.role))
        if len(people) < 2 or len(people) > 6:
            out.append(p)
            continue
        given = list(p.participants)
        known = {x.get("name") for x in given}
        others = [x for x in given if x.get("name") not in {n for n, _ in people}]
        for i, (name, role) in enumerate(people):
            q = p if i == 0 else replace(p, key=f"{p.key}.{i}", evidence=list(p.evidence))
            q.participants = [*others, {"name": name, **({"role": role} if role else {})}]
            if name in known:
                q.participants[-1] = next(x for x in given if x.get("name") == name)
            q.title = f"Meeting with {role + ' ' if role else ''}{name}"
            out.append(q)
    return out


def _drop_headline_twins(
    proposals: list[Proposal], text: str, found: list[Sentence]
) -> list[Proposal]:
    """A headline ("Visit of Prime Minister to ... (July 08-10, 2024)") names the event the
    story then tells: an event known only from the headline, of a kind the story proposes too,
    is that event, not another one."""
    if (
        len(found) < 3
        or "\n\n" not in text[found[0].end : found[0].end + 4]
        or re.search(r"[.!?\"”’]$", found[0].text)
    ):
        return proposals  # a headline is a line of its own, without a full stop
    head = found[0]

    def only_headline(p: Proposal) -> bool:
        return bool(p.evidence) and all(e.start == head.start for e in p.evidence)

    return [
        p
        for p in proposals
        if not (
            only_headline(p)
            and any(q.kind == p.kind and not only_headline(q) for q in proposals if q is not p)
        )
    ]


def fold(proposals: list[Proposal]) -> list[Proposal]:
    """One event proposed twice is one: the same kind and status, the same city (or one
    unplaced), overlapping days and agreeing organizations fold into the better-dated one
    (its own days before days "within" a parent), whatever words named them."""
    out: list[Proposal] = []
    moved: dict[str, str] = {}
    for p in proposals:
        twin = next((q for q in out if _same_event(q, p)), None)
        if twin is None:
            out.append(p)
            continue
        keep, drop = (twin, p) if _rank(twin) >= _rank(p) else (p, twin)
        if keep is p:
            out[out.index(twin)] = p
        keep.organizations = keep.organizations or drop.organizations
        keep.location = keep.location or drop.location
        names = {x.get("name") for x in keep.participants}
        keep.participants += [x for x in drop.participants if x.get("name") not in names]
        keep.evidence = sorted(keep.evidence + drop.evidence, key=lambda e: e.start)
        moved[drop.key] = keep.key
    for p in out:
        while p.parent in moved:
            p.parent = moved[p.parent]
        if p.parent == p.key:
            p.parent = None
    return out


def _rank(p: Proposal) -> tuple[bool, bool, int]:
    return (p.precision != "within_parent", p.parent is None, len(p.evidence))


def _same_event(a: Proposal, b: Proposal) -> bool:
    if a.kind != b.kind or a.kind not in ("summit", "conference") or a.status != b.status:
        return False
    da, db = _days(a), _days(b)
    if da is None or db is None:
        return False
    ca, cb = (a.location or {}).get("city"), (b.location or {}).get("city")
    if not ca or ca != cb:
        return False
    if not (_generic(a) or _generic(b)):
        return False  # two named events ("European Council", "Euro Summit") stay two
    # a generic mention a day or two from the named event is the same days' event (its
    # "close on Thursday" after "opens on Tuesday"); further apart it is another one
    gap = timedelta(days=3)
    if da[1] + gap < db[0] or db[1] + gap < da[0]:
        return False
    return not a.organizations or not b.organizations or a.organizations == b.organizations


def _generic(p: Proposal) -> bool:
    """A title that names no event of its own: "Summit in Xi’an", "The summit"."""
    return not p.organizations and bool(
        re.fullmatch(r"(?:the\s+)?(?:summit|conference|forum)(?:\s+in\s+.+)?", p.title, re.I)
    )


def _quote_span(item: Item) -> tuple[int, int]:
    """Where the item's sentence (or timetable line) is in the article."""
    at = item.quote.find(item.title)
    start = item.span[0] - at if at >= 0 else item.span[0]
    return start, start + len(item.quote)


def _add_undated(new: Any, item: Item, every: list[Proposal]) -> None:
    """An item with no day of its own ("An official welcome ceremony will be held at the
    palace") in an article about one visit or summit: that event's child, within its days."""
    holders = [
        p
        for p in every
        if p.kind in ("visit", "summit")
        and p.parent is None
        and p.status not in ("postponed", "cancelled")
        and _days(p) is not None
    ]
    if len(holders) != 1:
        return
    holder = holders[0]
    kind = "bilateral" if item.kind == "meeting" and holder.kind == "visit" else item.kind
    if any(
        q.kind == kind and any(e.start <= item.span[0] < e.end for e in q.evidence) for q in every
    ):
        return  # the sentence stage has it
    span = _days(holder)
    assert span is not None
    title = _verb_title(item) if _VERB.match(item.title) else _item_title(kind, item.title, holder)
    p = new(
        kind,
        title,
        replace(item, day=span[0]),
        holder,
        None,
        "within_parent",
    )
    p.end = span[1]


def _fold_add(
    new: Any,
    kind: str,
    item: Item,
    holder: Proposal,
    extra: list[Proposal],
    proposals: list[Proposal],
) -> None:
    """Add the item unless the same thing (kind, day, time, parent, words) is there already;
    an item that repeats a sentence-rule proposal of its kind on its day replaces it."""
    for q in extra[-50:]:  # the items of one day are together: bounded, so never quadratic
        if (
            q.parent == holder.key
            and q.kind == kind
            and _same_time(q, item)
            and _same_words(q.title, item.title)
        ):
            return
    for q in proposals:
        span = _days(q)
        if (
            q is not holder
            and q.kind == kind
            and q.parent in (None, holder.key)
            and span is not None
            and span[0] <= item.day <= span[1]
            and any(e.start <= item.span[0] < e.end for e in q.evidence)
            and (_core(item.title) in q.title.lower() or _VERB.match(item.title) is not None)
        ):
            if _VERB.match(item.title) is None:
                q.parent = holder.key  # the sentence rules found it already: nest it
            return
    title = _verb_title(item) if _VERB.match(item.title) else _item_title(kind, item.title, holder)
    new(kind, title, item, holder, item.place)


_VERB = re.compile(r"(?:will|to|would)\s", re.I)
"""An item named by its verb ("will meet"): the sentence stage's event of that sentence is it."""


def _core(words: str) -> str:
    """The item's words without a leading article, lower case ("meeting in narrow format")."""
    return re.sub(r"^(?:the|a|an)\s+", "", words.strip(), flags=re.I).lower()


def _same_time(q: Proposal, item: Item) -> bool:
    if item.at is not None:
        return q.start == datetime.combine(item.day, item.at)
    return q.start == item.day


def _same_words(a: str, b: str) -> bool:
    return a.lower() == _item_title("", b, None).lower()


def _holder(
    proposals: list[Proposal],
    day: date,
    place: Place | None,
    kinds: tuple[str, ...],
    timed: bool = False,
) -> Proposal | None:
    """The visit, summit or occasion whose days hold `day` (a visit to `place`'s country first)."""
    best: Proposal | None = None
    for p in proposals:
        if p.kind not in kinds or p.status in ("postponed", "cancelled"):
            continue
        if p.kind == "other" and p.parent is not None:
            continue
        span = _days(p)
        if span is None or not span[0] <= day <= span[1]:
            continue
        if p.kind == "visit" and p.parent is not None:
            continue
        if (
            place is not None
            and p.location
            and p.location.get("country") not in (None, place.country)
        ):
            continue
        if (
            best is None
            or (best.kind == "other" and p.kind != "other")
            or (_width(p) < _width(best) and p.kind == best.kind)
        ):
            best = p
    return best


def _width(p: Proposal) -> int:
    span = _days(p)
    return (span[1] - span[0]).days if span else 10_000


def _place_visits(proposals: list[Proposal], cities: dict[date, Place], named: list[Place]) -> None:
    """A visit to a country alone is at the city its programme's first day names, else the
    first city of that country the article names, else the capital."""
    for p in proposals:
        if p.kind != "visit" or not p.location or p.location.get("city"):
            continue
        country = p.location.get("country")
        span = _days(p)
        place: Place | None = None
        if span is not None:
            for day, here in sorted(cities.items()):
                if span[0] <= day <= span[1] and here.country == country:
                    place = here
                    break
        others = {
            (q.location or {}).get("city") for q in proposals if q is not p and q.kind == "visit"
        }
        if place is None:  # a city cued in the text ("in Tashkent"), not another visit's
            place = next((c for c in named if c.country == country and c.city not in others), None)
        if place is None and country:
            place = _capital(country)
        if place is not None and place.country == country:
            p.location = place.as_location()


def _subject(found: list[Sentence], occ: Item) -> str | None:
    """Whose occasion: "coronation of King Charles III", "X will be sworn in"."""
    at = occ.span[0] - _sentence_start(found, occ)
    after = occ.quote[at : at + 80]
    m = re.match(
        r"[\w-]+(?:\s+[\w-]+)?\s+(?:of|for)\s+((?:the\s+)?(?:(?:Their|His|Her) Majest(?:y|ies)\s+)?"
        r"(?:[A-Z][\w'’.-]+\s*){1,4})",
        after,
    )
    if m:
        return m.group(1).strip()
    m = re.search(
        r"((?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+)\s+(?:will be|is to be)\s+sworn in", occ.quote
    )
    return m.group(1) if m else None


def _sentence_start(found: list[Sentence], occ: Item) -> int:
    return next((s.start for s in found if s.start <= occ.span[0] < s.end), occ.span[0])


def _most_named(named: list[Place]) -> Place | None:
    """The city the article names most often (None when it names none)."""
    counts: dict[str | None, int] = {}
    for p in named:
        counts[p.city] = counts.get(p.city, 0) + 1
    best = max(counts, key=lambda c: counts[c], default=None)
    return next((p for p in named if p.city == best), None)


def _occasion_title(noun: str, subject: str | None, place: Place | None) -> str:
    out = noun
    if subject:
        out += f" of {subject}"
    if place is not None and place.city:
        out += f" in {place.city}"
    return out


def _leg_title(visit: Proposal, place: Place) -> str:
    who = re.search(r"\bof (.+?) to ", visit.title)
    return f"Visit of {who.group(1)} to {place.city}" if who else f"Visit to {place.city}"


def _verb_title(item: Item) -> str:
    """ "will also meet President Vo Van Thuong" -> "Meeting with President Vo Van Thuong"."""
    at = item.quote.find(item.title)
    rest = item.quote[at + len(item.title) :] if at >= 0 else ""
    who = re.match(r"(?:the\s+)?((?:[A-Z][\w'’.-]*\s*)+)", rest)
    return f"Meeting with {who.group(1).strip()}" if who else "Meeting"


def _item_title(kind: str, what: str, holder: Proposal | None) -> str:
    """A calendar title from the item's words: the item itself, without times, leading
    articles or the place clause, with the parent's name when the words are generic."""
    words = re.split(r"[;:(]|,\s+(?:where|with|followed|including|which|hosted)\b", what)[0]
    words = words.strip().rstrip(".,")
    words = re.sub(r"^(?:(?:host|give|offer|hold)\s+)?(?:the|a|an)\s+", "", words, flags=re.I)
    words = re.sub(r"\s+(?:at|in|on|along|via)\s+[A-Z].*$", "", words)
    words = words[:1].upper() + words[1:]
    if holder is not None and len(words.split()) <= 3:
        base = re.sub(r"\s+in\s+[A-Z].*$", "", holder.title)
        words = f"{words} ({base})"
    return words
