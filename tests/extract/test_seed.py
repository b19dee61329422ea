"""The seed article yields the five entries of data/dushanbe-2021.toml, compared field by field.

Compared exactly: kind, start, end, precision, status, location (city, country, zone),
organizations (as a set), chair, participants (name, role, country), the parent relation (which
entry is inside which) and, for each entry, that its evidence holds each sentence the dataset
quotes (the dataset may join two sentences into one quote). Compared loosely: next_chair, the
number of agenda items and outcomes, and outcome counts. Not compared: ids, titles, wording of
agenda items and outcomes, descriptions.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from agenda.core.models import Event
from agenda.extract import Proposal, extract, read_article, to_events

SEED = Path("/work/shared/seeds/000_4def8f73dd042f53.txt")
HERE = Path(__file__).parent
SEED_COPY = HERE / "seed" / "000_4def8f73dd042f53.txt"


@pytest.fixture(scope="module")
def proposals() -> list[Proposal]:
    text = SEED_COPY.read_text(encoding="utf-8")
    body, day = read_article(text, SEED_COPY.name, None)
    assert day == date(2021, 9, 14)
    return extract(body, day)


def _pair(proposals: list[Proposal], dataset: list[Event]) -> list[tuple[Event, Proposal]]:
    pairs = []
    for event in dataset:
        same = [
            p
            for p in proposals
            if p.kind == event.kind.value and set(p.organizations) == set(event.organizations)
        ]
        assert len(same) == 1, f"{event.id}: {len(same)} proposals of its kind and organizations"
        pairs.append((event, same[0]))
    return pairs


def _sentences(quote: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", quote) if s]


def test_seed_yields_exactly_the_five_entries(
    proposals: list[Proposal], dataset: list[Event]
) -> None:
    assert len(proposals) == len(dataset) == 5
    assert len(_pair(proposals, dataset)) == 5


def test_seed_fields_match_the_dataset(proposals: list[Proposal], dataset: list[Event]) -> None:
    pairs = _pair(proposals, dataset)
    key_of = {event.id: p.key for event, p in pairs}
    for event, p in pairs:
        where = f"{event.id} vs {p.key}"
        assert p.start == event.start, where
        assert (p.end or p.start) == event.end_or_start, where
        assert p.precision == event.precision.value, where
        assert p.status == event.status.value, where
        assert p.location is not None and event.location is not None
        for name in ("city", "country", "tz"):
            assert p.location[name] == getattr(event.location, name), f"{where}: {name}"
        assert p.chair == event.chair, where
        assert p.next_chair == event.next_chair, where
        assert p.participants == [x.model_dump(exclude_none=True) for x in event.participants], (
            where
        )
        expected_parent = key_of[event.parent_id] if event.parent_id else None
        assert p.parent == expected_parent, where
        assert len(p.agenda) == len(event.agenda), where
        assert [(o.get("count"), o.get("count_is_minimum", False)) for o in p.outcomes] == [
            (o.count, o.count_is_minimum) for o in event.outcomes
        ], where
        quotes = [e.quote for e in p.evidence]
        for source in event.sources:
            for sentence in _sentences(source.quote or ""):
                if sentence.endswith(("reported.", "said.")):
                    continue  # the attribution: kept as the speaker, not as evidence
                assert any(sentence.strip("«»") in q for q in quotes), f"{where}: {sentence!r}"


def test_seed_speaker_is_kept_on_the_visit_source(proposals: list[Proposal]) -> None:
    visit = next(p for p in proposals if p.kind == "visit")
    assert visit.evidence[0].speaker == (
        "Jeenbek Kulubaev, head of the Foreign Policy Department of the Presidential Executive Office"
    )
    assert all("Kulubaev" not in x["name"] for p in proposals for x in p.participants)


def test_seed_proposals_convert_to_valid_events(proposals: list[Proposal], empty_store) -> None:
    events = to_events(proposals)
    assert len(events) == 5
    empty_store.put_many(events)
    visit = next(e for e in events if e.kind.value == "visit")
    assert len(empty_store.children(visit.id)) == 4
    for event in events:
        assert event.sources and all(s.published == date(2021, 9, 14) for s in event.sources)


def test_seed_copy_is_the_shared_seed() -> None:
    if SEED.exists():
        assert SEED.read_text(encoding="utf-8") == SEED_COPY.read_text(encoding="utf-8")
