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
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from agenda.extract.folding import (
    SUMMIT,
    days_of,
    drop_headline_twins,
    drop_history,
    drop_journeys_to,
    drop_twin_bilaterals,
    fold,
    open_close,
    run_on,
    split_counterparts,
    visit_talks,
)
from agenda.extract.frames import (
    Item,
    arrivals,
    capital,
    classify,
    prose_items,
    timetable,
    under,
)
from agenda.extract.headline import (
    DIGEST,
    bullet_head,
    district_of,
    headline_country,
    headline_kind,
    headline_span,
    headline_visit_place,
    run_in_place,
)
from agenda.extract.held import held_today
from agenda.extract.holders import HOLDERS, holder_of
from agenda.extract.itinerary import nest_itinerary
from agenda.extract.legs import adopt_leg_items, city_legs, trips_of_legs
from agenda.extract.occasions import occasions
from agenda.extract.related import most_named, one_city, prose_legs, related_summits
from agenda.extract.rites import rites
from agenda.extract.titles import headline_title, item_title, occasion_title, verb_title
from agenda.extract.tours import nest_tour

if TYPE_CHECKING:
    from agenda.extract import Proposal
    from agenda.extract.places import Place
    from agenda.extract.text import Sentence


_HOSTED = re.compile(r"banquet|procession|tea party", re.I)
"""Occasions a host gives (`frames.occasions`): events of their own only outside a visit."""


def _adopt(visit: Proposal, proposals: list[Proposal]) -> None:
    """A visit found by the programme stage takes as children the sentence stage's meetings,
    talks and ceremonies of its days in its city (the sentence stage had no visit for them)."""
    span = days_of(visit)
    city = (visit.location or {}).get("city")
    if span is None:
        return
    for q in proposals:
        days = days_of(q)
        if (
            q is not visit
            and q.parent is None
            and q.kind in ("bilateral", "meeting", "other")
            and days is not None
            and span[0] <= days[0] <= days[1] <= span[1]
            and (q.location or {}).get("city") in (None, city)
        ):
            q.parent = visit.key


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
    summits = [p for p in proposals if p.kind == "summit" and days_of(p) is not None]
    near = [p for p in summits if abs((days_of(p)[0] - published).days) <= 7]  # type: ignore[index]
    for p in proposals:
        # the one summit of the days ahead: "the summit" in any sentence is it
        more = [s.text for s in found if SUMMIT.search(s.text)] if near == [p] else []
        open_close(p, published, more)
    every_city = _text_cities(found)
    named = [p for p, _ in every_city]
    headline_visit_place(proposals, found, cities, lines)
    programme_days = sorted({i.day for i in lines} | set(cities))
    _place_visits(proposals, cities, [p for p, cued in every_city if cued], programme_days)
    proposals = drop_history(drop_headline_twins(proposals, text, found))
    proposals = run_on(fold(proposals), found, published)
    for p in proposals:
        if p.kind in ("summit", "conference"):
            open_close(p, published, [])
    extra: list[Proposal] = []
    # past every key the sentence stage gave (some of its proposals were dropped or folded)
    counter = [1 + max((int(k) for p in proposals if (k := p.key[1:]).isdigit()), default=0)]

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
            end = datetime.combine(item.day, item.until) if item.until is not None else None
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
    for occ in occasions(found, published, cities, (headings, text)) + rites(
        found, published, text, headings
    ):
        holder = holder_of(proposals + extra, occ.day, occ.place, ("visit", "summit"))
        if occ.kind == "rite":  # a rite of a section's day (`frames.occasions` names each once)
            rite = new("other", occasion_title(occ.title, None, occ.place), occ, holder, occ.place)
            if occ.status == "postponed":
                rite.status, rite.start, rite.end = "postponed", None, None
            continue
        if _HOSTED.search(occ.title) and (
            holder_of(proposals + extra, occ.day, None, ("visit", "summit")) is not None
            or any(a <= occ.span[0] < b for a, b in spans)
        ):
            continue  # a banquet of a visit or summit, or a timetable's: its items name it
        if any(
            q.kind == "other"
            and days_of(q) == (occ.day, occ.day)
            and q.parent == (holder.key if holder else None)
            # "a tea party ... The same evening, a banquet": two occasions of one day
            and _core(occ.title.split()[-1]) in _core(q.title)
            for q in proposals + extra
        ):
            continue
        place = occ.place or (None if holder else filed or most_named(named))
        subject = _subject(found, occ)
        made = new("other", occasion_title(occ.title, subject, place), occ, holder, place)
        made.status = occ.status  # "held": sworn in on the day the story is of
        if occ.last is not None:  # "will lie in state from Wednesday to Friday"
            made.end, made.precision = occ.last, "range"
        proposals = drop_journeys_to(proposals, place, occ.day)
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
            and (days_of(q) or (date.min, date.min))[0] <= last
            and first <= (days_of(q) or (date.max, date.max))[1]
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
    # what the story says was held on its own day, inside the visit or summit of that day
    for item in held_today(found, published):
        holder = holder_of(proposals + extra, item.day, None, ("visit", "summit"))
        if holder is not None:
            made = new(item.kind, item.title, item, holder, None)
            made.status, made.participants = "held", [{"name": n} for n in item.people]
    # a programme whose days no visit or summit holds: the event its headline names
    if (
        headings
        and found
        and holder_of(proposals + extra, headings[0].day, None, HOLDERS) is None
        and not DIGEST.search(found[0].text[:300])  # a week-ahead's days are many events'
    ):
        kind = headline_kind(found[0].text)
        if kind is not None:
            top, final = headings[0].day, max(h.last or h.day for h in headings)
            told = headline_span(found[0].text, published)
            if told is not None and told[0] <= top <= told[1]:
                top, final = told  # "Programme of the Journey ... (5-8 March 2021)"
            country = headline_country(found[0].text) if kind == "visit" else None
            places = [h.place for h in headings if h.place] + [i.place for i in lines if i.place]
            place = next((c for c in places if country is None or c.country == country), None)
            if place is None:
                place = capital(country) if country else filed
            whole = Item(
                kind,
                found[0].text,
                top,
                None,
                (found[0].start, found[0].end),
                found[0].text,
                place,
            )
            p = new(
                kind,
                headline_title(found[0].text),
                whole,
                None,
                place,
                "range" if final > top else "exact",
            )
            p.end = final
            if kind == "summit":  # "G8 summit preview: ...": the body its headline names
                from agenda.extract.orgs import find_orgs

                p.organizations = list(dict.fromkeys(c for c, _ in find_orgs(found[0].text)))
            if kind == "visit":
                proposals = _fold_release_day(proposals, p, published)
    # legs: a day heading in another city of the visited country, or in another country
    city_legs(proposals + extra, extra, cities, lines, new)
    country_legs = trips_of_legs(proposals + extra, cities, new)
    # partner summits ("ASEAN-China, ASEAN-Japan summits") inside the summit of their day
    for name, day, s, at in related_summits(found, published, text):
        tops = [q for q in proposals + extra if q.parent is None]
        holder = holder_of(
            [q for q in tops if name.lower() not in q.title.lower()], day, None, ("summit",)
        )
        if holder is None:
            continue
        same = [
            q for q in proposals + extra if q.kind == "summit" and name.lower() in q.title.lower()
        ]
        for q in same:
            if q.parent is None and days_of(q) == (day, day):
                q.parent = holder.key  # the sentence rules found it as a summit of its own
        if not same:
            item = Item("summit", name, day, None, at, s.text)
            new("summit", f"{name} Summit", item, holder, None)
    # timed lines, then items in prose
    every = proposals + extra
    loose: set[str] = set()  # lines of no visit or summit: none of them holds the others
    for item in lines:
        holder = holder_of(
            [q for q in every + extra if q.key not in loose],
            item.day,
            item.place,
            ("visit", "summit", "other"),
            timed=True,
        )
        kind = classify(item.title, holder.kind if holder else None)
        if kind is None:
            continue
        if holder is None:
            # a timetable of ceremonies no visit or summit holds (a handover, a jubilee): each
            # line is an event of its own, where the programme or the article places it
            place = item.place or filed or most_named(named)
            title = item_title(kind, item.title, None)
            if not any(_same_time(q, item) and q.kind == kind for q in extra):
                loose.add(new(kind, title, item, None, place).key)
            continue
        _fold_add(new, kind, item, holder, extra, proposals)
    for item in prose_items(found, published, text, headings):
        if any(a <= item.span[0] < b for a, b in spans):
            continue  # a timetable line: read above, with its time
        if item.people == ["undated"]:
            _add_undated(new, item, proposals + extra)
            continue
        holder = holder_of(proposals + extra, item.day, None, ("summit", "visit"))
        if holder is None and item.people[:1] == ["heading"]:
            if "unplaced" in item.people:
                continue  # a section in a place the gazetteer lacks: no place is better than a guess
            # a programme's item on a day of no visit or summit (the eve of a coronation)
            place = item.place or filed or most_named(named)
            title = item_title(item.kind, item.title, None)
            new(
                item.kind,
                f"{title} in {place.city}" if place and place.city else title,
                item,
                None,
                place,
            )
            continue
        span = days_of(holder) if holder is not None else None
        if (
            holder is None
            or (
                span is not None
                and item.day == span[0]
                and any(
                    e.start <= item.span[0] < e.end and "dates" in e.fields for e in holder.evidence
                )
                # "opens ... with a plenary ... and a gala dinner in the evening": its parts
                and not re.search(
                    r"\bwith\s+(?:a|an|the)\s+$",
                    item.quote[: max(item.quote.find(item.title), 0)][-30:],
                )
            )
        ):
            continue  # the sentence that dates the summit names its opening, not a part
        kind = item.kind
        if kind == "meeting" and holder.kind == "visit":
            kind = "bilateral"
        _fold_add(new, kind, item, holder, extra, proposals)
    prose_legs(proposals + extra)
    every = proposals + extra

    proposals, extra = split_counterparts(proposals, every), split_counterparts(extra, every)
    proposals = drop_twin_bilaterals(proposals)
    proposals, extra = visit_talks(proposals, extra)
    # a section of a week-ahead ("Monday 6 – Tuesday 7 November: Beijing") places its events
    for p in proposals:
        if p.parent is not None or not p.evidence:
            continue
        bullet_head(p, text)
        if (p.location or {}).get("city"):
            continue
        h = under(headings, p.evidence[0].start, text)
        if (
            h is not None
            and h.place is not None
            and (not p.location or p.location.get("country") == h.place.country)
        ):
            p.location = h.place.as_location()
            continue
        dated = [e for e in p.evidence if "dates" in e.fields] or p.evidence
        head = run_in_place(text, dated[0].start)
        if head is not None and (not p.location or p.location.get("country") == head.country):
            p.location = head.as_location()

    def next_key() -> str:
        counter[0] += 1
        return f"p{counter[0] - 1}"

    # a tour of several countries: a trip over its legs, before them
    tour, replaced = nest_tour(proposals + extra, found, published, next_key)
    proposals = tour + [p for p in proposals if p is not replaced]
    digest = DIGEST.search(text[:300])
    if not tour and not headings and not digest:  # no "N-day tour": stops told one by one
        proposals = nest_itinerary(proposals + extra, found, published, None, next_key) + proposals
    one_city(proposals + extra)
    adopt_leg_items(country_legs, proposals + extra)
    # children take the parent's place and zone when they have none
    by_key = {p.key: p for p in proposals + extra}
    for p in proposals + extra:
        if p.parent is not None and p.parent not in by_key and (days := days_of(p)):
            # its parent was folded into a twin: the visit or summit that holds its days now
            held = holder_of([q for q in proposals + extra if q is not p], days[0], None, HOLDERS)
            p.parent = held.key if held is not None else None
    if filed is not None:
        for p in proposals + extra:
            district_of(p, filed)
    for p in proposals + extra:
        if p.evidence:
            bullet_head(p, text)  # "- Paris: ... Signing ceremony at 11:00": what else placed it
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
        if parent is not None and parent.status == "tentative" and p.status == "announced":
            p.status = "tentative"  # the talks of a visit that may happen may happen too
        if isinstance(p.start, datetime) and p.tz is None and p.location:
            p.tz = p.location.get("tz")
    return proposals + extra


def _fold_release_day(
    proposals: list[Proposal], visit: Proposal, published: date
) -> list[Proposal]:
    """Without the sentence stage's visit dated on the day the programme was released ("The
    press office on Monday released the programme of the journey"): the headline's visit is it."""
    country = (visit.location or {}).get("country")
    kept = []
    for q in proposals:
        if (
            q.kind == "visit"
            and q.parent is None
            and q.start == published
            and (q.location or {}).get("country") in (None, country)
        ):
            visit.participants = visit.participants or q.participants
            continue
        kept.append(q)
    return kept


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
        and days_of(p) is not None
    ]
    if len(holders) != 1:
        return
    holder = holders[0]
    kind = "bilateral" if item.kind == "meeting" and holder.kind == "visit" else item.kind
    if any(
        q.kind == kind and any(e.start <= item.span[0] < e.end for e in q.evidence) for q in every
    ):
        return  # the sentence stage has it
    span = days_of(holder)
    assert span is not None
    title = verb_title(item) if _VERB.match(item.title) else item_title(kind, item.title, holder)
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
        span = days_of(q)
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
    title = verb_title(item) if _VERB.match(item.title) else item_title(kind, item.title, holder)
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
    return a.lower() == item_title("", b, None).lower()


def _place_visits(
    proposals: list[Proposal], cities: dict[date, Place], named: list[Place], days: list[date]
) -> None:
    """A visit to a country alone is at the city its programme's first day names (`days`: the
    programme's days, in order; a later day's city is a second city, "Saturday 4 March (Hue)"),
    else the first city of that country the article names, else the capital."""
    for p in proposals:
        if p.kind != "visit" or not p.location or p.location.get("city"):
            continue
        country = p.location.get("country")
        span = days_of(p)
        place: Place | None = None
        if span is not None:  # the first day of its programme, if that day names a city
            first = next((d for d in days if span[0] <= d <= span[1]), None)
            here = cities.get(first) if first is not None else None
            if here is not None and here.country == country:
                place = here
        others = {
            (q.location or {}).get("city") for q in proposals if q is not p and q.kind == "visit"
        }
        if place is None:  # a city cued in the text ("in Tashkent"), not another visit's
            place = next((c for c in named if c.country == country and c.city not in others), None)
        if place is None and country:
            place = capital(country)
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
        r"((?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+)\s+(?:will be|is to be|was)\s+sworn in", occ.quote
    )
    return m.group(1) if m else None


def _sentence_start(found: list[Sentence], occ: Item) -> int:
    return next((s.start for s in found if s.start <= occ.span[0] < s.end), occ.span[0])
