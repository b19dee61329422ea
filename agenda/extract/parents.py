"""Nesting: events that happen within another become its children.

A meeting or bilateral "on the sidelines of" a summit (or a plenary session with no council of
its own, on the summit's days) is the summit's child and takes its weekday within the summit's
days; an event within an announced visit's dates (or undated, after it) is the visit's child and
takes its place and visitors; documents "the parties" will sign go up to the visit. `merge.build`
calls these while it folds mentions into drafts.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from agenda.extract.draft import Draft
from agenda.extract.places import same_place
from agenda.extract.text import Sentence
from agenda.extract.triggers import Mention


def lift_outcomes(drafts: list[Draft]) -> None:
    """Documents "the parties" will sign, said of no event, are the visit's, not its child's
    (unless the child is an organization's session, which adopts its own documents)."""
    for d in drafts:
        if d.parent is None or d.orgs:
            continue
        for s, out in d.loose_outcomes:
            if out in d.outcomes:
                d.outcomes.remove(out)
                fields = d.evidence.get(s.index, [])
                if "outcomes" in fields:
                    fields.remove("outcomes")
                if not fields:
                    d.evidence.pop(s.index, None)
            if out not in d.parent.outcomes:
                d.parent.outcomes.append(out)
                d.parent.note(s, "outcomes")


def on_sidelines(s: Sentence, placed: list[tuple[Mention, Draft]]) -> None:
    """ "would meet on Saturday on the sidelines of the summit" (15-16 November): the Saturday
    of the summit, not the first Saturday after the article."""
    if not re.search(r"\b(?:sidelines|margins)\s+of\b|\bduring\s+the\b", s.text):
        return
    hosts = [
        d for m, d in placed if m.reference and d.date is not None and d.date.precision == "range"
    ]
    for m, d in placed:
        dm = d.date
        if dm is None or not dm.weekday or dm is not m.date or not hosts:
            continue
        host = hosts[0].date
        if host is None or host.start <= dm.start <= host.end:
            continue
        day = host.start + timedelta(days=(dm.start.weekday() - host.start.weekday()) % 7)
        if day <= host.end:
            d.date = replace(dm, start=day, end=day)
            m.date = d.date


_HOSTED = re.compile(
    r"\b(?:(?:sidelines|margins)\s+of|during|at|of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,6}$", re.I
)


def note_hosts(s: Sentence, placed: list[tuple[Mention, Draft]]) -> None:
    """ "On the sidelines of the summit, X will hold bilateral meetings", "the plenary session
    of the summit": the meeting happens within the summit (or forum) the sentence names."""
    hosts = [
        (m, d)
        for m, d in placed
        if d.kind in ("summit", "conference")
        and _HOSTED.search(s.text[max(0, m.span[0] - 60) : m.span[0]])
        and not re.search(r"[,;]\s*$", s.text[max(0, m.span[0] - 3) : m.span[0]])
    ]
    if not hosts:
        return
    for _m, d in placed:
        if d.kind in ("bilateral", "meeting") and d.host is None and d is not hosts[0][1]:
            d.host = hosts[0][1]


_PART = re.compile(r"\b(?:plenary|session|sessions|sitting)\b", re.I)


def _summit_parent(d: Draft, drafts: list[Draft]) -> Draft | None:
    """The summit (or forum) a meeting or bilateral happens in: the one the text names for it
    ("on the sidelines of the summit"), or, for a session with no organization or council of its
    own ("the plenary session"), the one summit of the article whose days hold its day."""
    if d.kind not in ("meeting", "bilateral"):
        return None
    hosts = [
        h
        for h in drafts
        if h.kind in ("summit", "conference") and h.date is not None and h is not d
    ]
    if d.host is not None and d.host in hosts:
        host = d.host
        if d.date is None or (host.date.start <= d.date.start and d.date.end <= host.date.end):
            return host
        return None
    if d.orgs or d.body or d.date is None:
        return None
    # another summit on other days ("will host the next summit") is no rival
    holding = [h for h in hosts if h.date.start <= d.date.start and d.date.end <= h.date.end]
    if len(holding) != 1:
        return None
    if not all(_PART.search(m.sentence.text[m.span[0] : m.span[1]]) for m in d.mentions):
        return None
    host = holding[0]
    if d.place and host.place and not same_place(d.place, host.place):
        return None
    return host


def set_parents(drafts: list[Draft]) -> None:
    visits = [d for d in drafts if d.kind == "visit" and d.date is not None]
    for d in drafts:
        if d.kind == "visit" or d.status == "postponed":
            continue
        host = _summit_parent(d, drafts)
        if host is not None and not any(
            v.date is not None
            and host.date is not None
            and v.date.start <= host.date.start
            and host.date.end <= v.date.end
            and (v.place is None or host.place is None or same_place(v.place, host.place))
            for v in visits
        ):
            d.parent = host
            if d.place is None and host.place is not None:
                d.place = host.place
            continue
        fits = [
            v
            for v in visits
            if (d.place is None or v.place is None or same_place(d.place, v.place))
            and (
                (
                    d.date is not None
                    and v.date is not None
                    and v.date.start <= d.date.start
                    and d.date.end <= v.date.end
                )
                or (d.date is None and v.first <= d.first)
            )
        ]
        if d.date is None and all(m.vague for m in d.mentions):
            continue  # "CHOGM will take place in Antigua in 2026": not within the visit
        if d.date is None and not fits and len(visits) == 1:
            # the article's one visit, unless the event is elsewhere ("the SCO summit will be
            # held in Bishkek next year" is no part of a visit to Rome)
            fits = [
                v
                for v in visits
                if d.place is None or v.place is None or same_place(d.place, v.place)
            ]
        if not fits:
            continue
        parent = max(fits, key=lambda v: v.first if v.first <= d.first else -1)
        d.parent = parent
        if d.place is None and parent.place is not None:
            d.place = parent.place
        for p in parent.people:
            if all(p.name != q.name for q in d.people):
                d.people.append(p)
