"""The review's data, without widgets: an article read and extracted (`Article`, `load_article`),
its proposals in tree order (`Item`, `nested`) and said in a line (`when_text`), a proposal to and
from the event form (`proposal_event`, `edited_proposal`), and what saving did (`ReviewResult`).

`agenda.ui.review` draws these; the CLI's `extract --review` builds an `Article` here, so the
review's data needs no Textual import.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from agenda.core.format import day_range, plural, short_day

if TYPE_CHECKING:
    from agenda.core.models import Event
    from agenda.extract import Proposal


@dataclass
class Article:
    """An article read and extracted: its name, body, publication date and proposals."""

    name: str
    body: str
    published: date
    proposals: list[Proposal]


@dataclass
class ReviewResult:
    """What saving did: new event ids, merged entry ids, and the merged entries as they were."""

    added: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    before: list[Event] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    enriched: list[str] = field(default_factory=list)
    """ids of merged entries the article added a source to (or filled a field of)."""
    unchanged: list[str] = field(default_factory=list)
    """ids of merged entries already stored from this article: nothing added to them."""

    def summary(self) -> str:
        """What saving did, in the words of `agenda extract --save` (nothing claimed that was
        not done: an entry already stored from this article is not "added as a source")."""
        parts = [f"saved {plural(len(self.added), 'new event')}"]
        if self.enriched:
            parts.append(
                f"added the article as a source to {plural(len(self.enriched), 'stored event')}"
            )
        if self.unchanged:
            parts.append(
                f"{len(self.unchanged)} already stored from this article: nothing new added"
            )
        note = ", ".join(parts) + " (u undoes)"
        if self.skipped:
            note += f"; not saved (postponed, no date): {len(self.skipped)}"
        return note


def load_article(path: str, published: date | None, today: date | None = None) -> Article:
    """Read `path`, find its date and extract its proposals (errors as `ExtractError`).

    `today` dates a dateline without a year ("ALMATY, Nov 29 (Reuters) -"): the latest such day
    not after it; the screen passes the App's clock, so the article needs no `--date` then."""
    from agenda.extract import ExtractError, decode, extract, read_article

    name = str(path)
    try:
        raw = Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise ExtractError(f"{name}: cannot read ({exc.strerror})") from None
    body, day = read_article(decode(raw, name), name, published, today=today)
    proposals = extract(body, day)
    if not [p for p in proposals if p.start is not None or p.status == "postponed"]:
        raise ExtractError(
            f"{name}: no upcoming datable event found in the article; nothing proposed"
        )
    return Article(name, body, day, proposals)


# -- proposals <-> events ------------------------------------------------------------------


def proposal_event(p: Proposal, ids: dict[str, str]) -> Event:
    """The proposal as an `Event` for the edit form (a postponed one has an empty start)."""
    from agenda.extract import to_events

    if p.start is not None:
        return to_events([p], ids)[0].model_copy(
            update={"parent_id": ids.get(p.parent) if p.parent else None}
        )
    dated = replace(p, start=p.published, end=None)
    return to_events([dated], ids)[0].model_copy(update={"start": None, "end": None})


def edited_proposal(p: Proposal, ev: Event, keys: dict[str, str]) -> Proposal:
    """The proposal with the fields of the edited event (`keys`: event id -> proposal key)."""
    return replace(
        p,
        kind=ev.kind.value,
        title=ev.title,
        status=ev.status.value,
        start=ev.start,
        end=ev.end,
        tz=ev.tz,
        precision=ev.precision.value,
        location=ev.location.model_dump(exclude_none=True) if ev.location else None,
        organizations=list(ev.organizations),
        participants=[x.model_dump(exclude_none=True) for x in ev.participants],
        chair=ev.chair,
        next_chair=ev.next_chair,
        agenda=list(ev.agenda),
        outcomes=[o.model_dump(exclude_none=True) for o in ev.outcomes],
        parent=keys.get(ev.parent_id) if ev.parent_id else None,
    )


@dataclass
class Item:
    """One proposal under review: accepted or not, and the event the form made of it."""

    proposal: Proposal
    accepted: bool = True
    edited: Event | None = None
    depth: int = 0
    """0 for a trip, summit or occasion; 1 for its legs and items; 2 for a leg's items."""


def nested(proposals: list[Proposal]) -> list[tuple[Proposal, int]]:
    """The proposals in tree order (each parent followed by its children), with their depth;
    a proposal whose parent is not among them is a root."""
    keys = {p.key for p in proposals}
    children: dict[str | None, list[Proposal]] = {}
    for p in proposals:
        children.setdefault(p.parent if p.parent in keys else None, []).append(p)
    out: list[tuple[Proposal, int]] = []
    seen: set[str] = set()

    def walk(p: Proposal, depth: int) -> None:
        if p.key in seen:
            return
        seen.add(p.key)
        out.append((p, depth))
        for child in children.get(p.key, []):
            walk(child, depth + 1)

    for root in children.get(None, []):
        walk(root, 0)
    for p in proposals:  # a cycle of parents (never made by extract) still lists everything
        walk(p, 0)
    return out


def when_text(p: Proposal) -> str:
    """ "16 Sep 2021", "15–17 Sep 2021", "16 Sep 2021 10:00 Asia/Dushanbe", "no date"."""
    if p.start is None:
        return "no date"
    if isinstance(p.start, datetime):
        text = f"{short_day(p.start.date())} {p.start:%H:%M}"
        if isinstance(p.end, datetime) and p.end != p.start:
            same = p.end.date() == p.start.date()
            text += f"–{p.end:%H:%M}" if same else f" – {short_day(p.end.date())} {p.end:%H:%M}"
    else:
        last = p.end.date() if isinstance(p.end, datetime) else p.end
        text = day_range(p.start, last or p.start)
    return f"{text} {p.tz}" if p.tz else text
