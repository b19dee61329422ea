"""One event, proposed once: an event known only from the headline is the story's; a summit
named generically ("Summit in X") folds into the named one of its place and days; a summit that
"opens on Tuesday" and "will close on Thursday" runs between them; a bilateral with several
counterparts is one per counterpart. Folding goes by what the event is (kind, place, days),
not by the words used. Nothing here imports a heavy package.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agenda.extract import Proposal
    from agenda.extract.places import Place
    from agenda.extract.text import Sentence


def days_of(p: Proposal) -> tuple[date, date] | None:
    if p.start is None:
        return None
    a = p.start.date() if isinstance(p.start, datetime) else p.start
    b = p.end or p.start
    b = b.date() if isinstance(b, datetime) else b
    return a, b


_OPENS = re.compile(r"\b(?:opens?|begins?|starts?)\b", re.I)
_CLOSES = re.compile(r"\b(?:close|closes|ends?|concludes?|wraps? up)\b", re.I)


SUMMIT = re.compile(r"\bsummit\b", re.I)


def open_close(p: Proposal, published: date, more: list[str]) -> None:
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


_MEET = re.compile(r"\b(?:talks|meetings?|meets?)\s+(?:with\s+)?(?!between\b)", re.I)
_ANY_MEET = re.compile(
    r"\b(?:talks|meetings?|meets?)\s+(?:with\s+)?(?!between\b)|\bmeet(?:\s+with)?\s+|"
    r"\bcall\s+on\s+|\bsee\s+(?=(?-i:[A-Z])[^.;]{0,60}\bbilaterally\b)",
    re.I,
)
_ROLE_WORDS = re.compile(
    r"\b(?:President|Minister|Chancellor|King|Queen|Emperor|Secretary|Chinese|Indian)\b"
)


_NEXT_WITH = re.compile(r",?\s+and\s+(?:then\s+)?(?:(?:talks|meetings?)\s+)?with\s+")


def _not_a_name(words: str) -> bool:
    """A place, a country, an organization or a title rather than a person's name."""
    from agenda.extract.orgs import find_orgs
    from agenda.extract.places import city, country_code

    return bool(
        _ROLE_WORDS.search(words)
        or city(words, cued=False)
        or country_code(words)
        or find_orgs(words)
        or re.search(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", words)
    )


def split_counterparts(
    proposals: list[Proposal], every: list[Proposal] | None = None
) -> list[Proposal]:
    """A bilateral with several counterparts ("meetings with Prime Minister X and Chairman Y")
    is one bilateral per counterpart, each with its own participants; the visitor of its
    parent visit is no counterpart."""
    from agenda.extract.dates import find_dates
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
        days: dict[str, date] = {}
        given_names = [x.get("name") or "" for x in p.participants]
        for e in p.evidence:
            for m in _ANY_MEET.finditer(e.quote):
                rest = re.split(r"[.;]|\s+to discuss\b", e.quote[m.end() :])[0]
                # "with Modi and Albanese on Tuesday and with Han on Wednesday": each its day
                for seg in _NEXT_WITH.split(rest):
                    clause = re.split(
                        r"\s+(?:on (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|on \d|at the)\b",
                        seg,
                    )[0]
                    found = [
                        (a, person.name, person.role) for person, (a, _b) in find_people(clause)
                    ]
                    for full in given_names:  # a counterpart named by surname only
                        words = full.split()
                        if not words:
                            continue
                        # "Han" for Han Duck-soo, "Xi" for Xi Jinping: a family name may come first
                        last = words[0] if len(words) == 2 and "-" in words[1] else words[-1]
                        hit = re.search(rf"(?<![\w-]){re.escape(last)}(?![\w-])", clause)
                        if hit is None and len(words) == 2:
                            hit = re.search(rf"(?<![\w-]){re.escape(words[0])}(?![\w-])", clause)
                        if hit and " " in full and not any(full in n for _, n, _ in found):
                            found.append((hit.start(), full, None))
                    names = re.finditer(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z'’-]+){1,2}\b", clause)
                    for m2 in names if re.search(r"\bbilaterally\b", clause) else ():
                        # "Xi and Vladimir Putin": a full name with no role is a counterpart too
                        name = m2.group(0)
                        if any(n in name or name in n for _, n, _ in found) or _not_a_name(name):
                            continue
                        found.append((m2.start(), name, None))
                    own = [d for d in find_dates(seg, p.published) if d.start == d.end]
                    for _a, name, role in sorted(found):
                        if _ROLE_WORDS.search(name) or any(
                            name in n or n in name
                            for n in [*(n for n, _ in people), *visitors]
                            if n
                        ):
                            continue  # "Mohammed" after "Mohammed bin Salman" is the same person
                        people.append((name, role))
                        if own:
                            days[name] = own[0].start
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
            day = days.get(name)
            if day is not None and not isinstance(q.start, datetime) and day != q.start:
                q.start, q.end, q.precision = day, day, "exact"
            out.append(q)
    return out


def drop_headline_twins(
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
    da, db = days_of(a), days_of(b)
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


def drop_history(proposals: list[Proposal]) -> list[Proposal]:
    """ "The State Visit, originally planned for 2020 and postponed ..., will take place from
    25 to 27 June": the postponement is the history of the announced event, not a second one."""
    dated = [p for p in proposals if p.start is not None and p.status != "postponed"]

    def history(p: Proposal) -> bool:
        if p.status != "postponed" or p.start is not None:
            return False
        quotes = {e.start for e in p.evidence}
        return any(
            q.kind == p.kind and any(e.start in quotes and "dates" in e.fields for e in q.evidence)
            for q in dated
        )

    gone = {p.key for p in proposals if history(p)}
    return [p for p in proposals if p.key not in gone]


def drop_twin_bilaterals(proposals: list[Proposal]) -> list[Proposal]:
    """One bilateral once: two talks of the same people on the same day under the same parent
    (a sentence read by two triggers, "He meets X on Monday and holds talks with Y") are one."""
    seen: set[tuple[str | None, Any, frozenset[str]]] = set()
    out: list[Proposal] = []
    for p in proposals:
        if p.kind == "bilateral" and p.start is not None:
            key = (p.parent, p.start, frozenset(x.get("name") or "" for x in p.participants))
            if key in seen:
                continue
            seen.add(key)
        out.append(p)
    return out


def visit_talks(
    proposals: list[Proposal], extra: list[Proposal]
) -> tuple[list[Proposal], list[Proposal]]:
    """Talks "in restricted format" (and "in extended format") of a visit are its two leaders'
    bilateral, one per format; the programme's shorter title of the same talks goes."""
    every = proposals + extra
    by_key = {p.key: p for p in every}
    for p in every:
        holder = by_key.get(p.parent or "")
        if (
            p.kind == "meeting"
            and holder is not None
            and holder.kind == "visit"
            and re.match(r"(?:the\s+)?talks\b|.*\bformat\b", p.title, re.I)
        ):
            p.kind = "bilateral"
    # the programme's "Talks in restricted format" beside the sentence's longer title of it
    twins = {
        id(p)
        for p in every
        for q in every
        if p is not q
        and p.kind == q.kind == "bilateral"
        and p.parent == q.parent
        and (p.start, p.end) == (q.start, q.end)
        and len(q.title) > len(p.title)
        and q.title.lower().startswith(p.title.lower())
    }
    proposals = [p for p in proposals if id(p) not in twins]
    extra = [p for p in extra if id(p) not in twins]
    return proposals, extra


def drop_journeys_to(proposals: list[Proposal], place: Place | None, day: date) -> list[Proposal]:
    """ "World leaders head to Soweto for the memorial": the journey of no one named to an
    occasion's city on its day is no visit."""
    return [
        q
        for q in proposals
        if not (
            q.kind == "visit"
            and not q.participants
            and place is not None
            and (q.location or {}).get("city") == place.city
            and days_of(q) == (day, day)
        )
    ]


_RUN_ON = re.compile(
    r"^(?:the\s+)?(?:meetings|talks|sessions|summit|gathering|conference|it)\s+(?:will\s+)?"
    r"(?:run|runs|last|lasts|continue|continues|go\s+on|goes\s+on)\s+(?:until|till|through|to)\s+",
    re.I,
)


def run_on(proposals: list[Proposal], found: list[Sentence], published: date) -> list[Proposal]:
    """ "The summit opens in Singapore on Tuesday. Meetings run until Thursday.": the sentence
    with no event of its own ends the event of the sentence before it (and is none itself)."""
    from agenda.extract.dates import find_dates

    for s in found:
        m = _RUN_ON.match(s.text)
        ends = find_dates(s.text[m.end() :], published) if m else []
        if not ends or s.index == 0:
            continue
        before = [
            p
            for p in proposals
            if p.kind in ("summit", "conference", "meeting")
            and p.parent is None
            and any(e.start < s.start and s.start - e.end <= 2 for e in p.evidence)
            and isinstance(p.start, date)
            and not isinstance(p.start, datetime)
            and p.start < ends[0].start <= p.start + timedelta(days=10)
        ]
        if not before:
            continue
        before[0].end, before[0].precision = ends[0].start, "range"
        proposals = [
            p
            for p in proposals
            if p is before[0]
            or not any(e.start == s.start and "event" in e.fields for e in p.evidence)
        ]
    return proposals
