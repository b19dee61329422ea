"""Draft: an event being assembled from its mentions, and the dates it ends up with.

`Draft.add` folds one more mention into the event: its organizations, council, people, chair,
place, and the best date given so far (a day over a month, a timed day over an untimed one,
stretched to the length the text states). `when` gives a draft's start, end, time zone and
precision; an event with no day of its own has its parent's dates as bounds (precision
within_parent).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from agenda.extract.dates import DateMention
from agenda.extract.people import Person
from agenda.extract.places import Place, city
from agenda.extract.text import Sentence
from agenda.extract.triggers import Mention


@dataclass
class Draft:
    """An event being assembled from its mentions."""

    mentions: list[Mention]
    kind: str
    orgs: list[str] = field(default_factory=list)
    body: str | None = None
    date: DateMention | None = None
    place: Place | None = None
    people: list[Person] = field(default_factory=list)
    chair: str | None = None
    next_chair: str | None = None
    agenda: list[str] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    evidence: dict[int, list[str]] = field(default_factory=dict)
    parent: Draft | None = None
    days: int | None = None
    host: Draft | None = None
    """The summit or forum the text places it in ("on the sidelines of the summit")."""
    loose_outcomes: list[tuple[Sentence, dict[str, Any]]] = field(default_factory=list)
    """Outcomes from sentences naming no event ("The parties are expected to sign ...")."""
    unsettled: bool = False
    """A later sentence says its dates are not settled ("The exact dates have not been
    announced")."""
    seen: set[tuple[int, tuple[int, int], str]] = field(
        default_factory=set, repr=False, compare=False
    )
    """The (sentence, span, kind) of the mentions added."""

    def note(self, sentence: Sentence, what: str) -> None:
        fields = self.evidence.setdefault(sentence.index, [])
        if what not in fields:
            fields.append(what)

    def add(self, m: Mention) -> None:
        # one trigger of one sentence is added once; a set, not `m in self.mentions`, whose
        # field-by-field comparisons made a long repetitive text quadratic
        key = (m.sentence.index, m.span, m.kind)
        if key in self.seen:
            return
        self.seen.add(key)
        self.mentions.append(m)
        s = m.sentence
        self.note(s, "event")
        if m.kind == "summit" and self.kind == "meeting":
            self.kind = "summit"
        for code in m.orgs:
            if code not in self.orgs:
                self.orgs.append(code)
                self.note(s, "organizations")
        if m.body and not self.body:
            self.body = m.body
        if m.date and (
            self.date is None
            or _better(m.date, self.date)
            or (
                self.kind == "visit"
                and m.place is not None
                and self.place is not None
                and (m.place.city, m.place.code) == (self.place.city, self.place.code)
                and _leg_of(m.date, self.date)
            )
        ):
            self.date = _lasting(m.date, m.days or self.days)
            self.note(s, "dates")
        if (
            m.clock
            and self.date is not None
            and self.date.precision == "exact"
            and self.date.time is None
        ):  # "NATO defence ministers will meet on Thursday. The meeting opens at 9:30 ..."
            self.date = replace(self.date, time=m.clock[0], zone=m.clock[1])
            self.note(s, "dates")
        if m.days and not self.days:
            self.days = m.days
            if self.date is not None:
                self.date = _lasting(self.date, m.days)
        if m.place and (
            self.place is None
            or (
                self.kind != "visit"  # a visit to a country may go to several of its cities
                and self.place.city is None
                and m.place.city
                and m.place.code == self.place.code
            )
        ):  # a city of the country named before ("summit in South Africa ... in Johannesburg")
            self.place = m.place
            self.note(s, "location")
        for p in m.people:
            if all(p.name != q.name for q in self.people):
                self.people.append(p)
                self.note(s, "participants")
        if m.chair and not self.chair:
            self.chair = m.chair
            self.note(s, "chair")
        if m.next_chair and not self.next_chair:
            self.next_chair = m.next_chair
            self.note(s, "next_chair")

    @property
    def first(self) -> int:
        return self.mentions[0].sentence.index

    @property
    def status(self) -> str:
        states = {m.status for m in self.mentions}
        for state in ("cancelled", "postponed"):
            if state in states:
                return state
        own = [m for m in self.mentions if not m.reference] or self.mentions
        if self.unsettled or all(m.status == "tentative" for m in own):
            return "tentative"  # "is likely to visit"; "the exact dates have not been announced"
        return "announced"

    @property
    def past(self) -> bool:
        return all(m.past for m in self.mentions)


def _lasting(dm: DateMention, days: int | None) -> DateMention:
    """ "on Wednesday on a two-day visit": a single untimed day stretched to the stated length."""
    if not days or days < 2 or dm.precision != "exact" or dm.time is not None:
        return dm
    return replace(dm, end=dm.start + timedelta(days=days - 1), precision="range")


def _leg_of(new: DateMention, old: DateMention) -> bool:
    """ "A visit to Brunei and Singapore (3-5 September)" then "to Brunei on 3-4 September": the
    days of the whole trip, then the narrower days of this leg."""
    return (
        new.precision == old.precision == "range"
        and old.start <= new.start
        and new.end <= old.end
        and (new.start, new.end) != (old.start, old.end)
        and new.time is None
    )


def _better(new: DateMention, old: DateMention) -> bool:
    rank = {"exact": 2, "range": 2, "month": 1}
    if rank[new.precision] != rank[old.precision]:
        return rank[new.precision] > rank[old.precision]
    return new.time is not None and old.time is None


def when(d: Draft) -> tuple[date | datetime | None, date | datetime | None, str | None, str]:
    """start, end, tz and precision of a draft (the parent's dates when it has none)."""
    if d.date is None:
        if d.parent is not None and d.parent.date is not None:
            return d.parent.date.start, d.parent.date.end, None, "within_parent"
        return None, None, None, "exact"
    dm = d.date
    if dm.time is None:
        return dm.start, dm.end, None, dm.precision
    zone: str | None = None
    if dm.zone in (None, "local"):
        zone = d.place.tz if d.place else None
    elif dm.zone == "UTC":
        zone = "UTC"
    else:
        named = city(dm.zone)
        zone = named.tz if named else (d.place.tz if d.place else None)
    start = datetime.combine(dm.start, dm.time)
    return start, None, zone, "exact"
