"""The bundled Dushanbe dataset says what the seed article says, and the data file round-trips."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from agenda.core import datafile
from agenda.core.errors import DataFileError, ValidationProblem
from agenda.core.models import Event, Kind, Precision, parse_event
from tests.conftest import ROOT

VISIT = "2021-09-japarov-dushanbe-visit"
CSTO = "2021-09-16-csto-collective-security-council"
SCO = "2021-09-17-sco-council-of-heads-of-state"
AFGHAN = "2021-09-sco-csto-afghanistan-meeting"
BILATERAL = "2021-09-japarov-dushanbe-bilaterals"
SEED = ROOT.parent / "shared" / "seeds" / "000_4def8f73dd042f53.txt"


def by_id(events: list[Event]) -> dict[str, Event]:
    return {e.id: e for e in events}


def test_five_entries_with_the_articles_dates(dataset: list[Event]) -> None:
    events = by_id(dataset)
    assert set(events) == {VISIT, CSTO, SCO, AFGHAN, BILATERAL}
    visit = events[VISIT]
    assert (visit.kind, visit.start, visit.end) == (
        Kind.VISIT,
        date(2021, 9, 15),
        date(2021, 9, 17),
    )
    assert visit.location and visit.location.city == "Dushanbe"
    assert visit.location.country == "Tajikistan" and visit.location.tz == "Asia/Dushanbe"
    assert (events[CSTO].start, events[CSTO].end) == (date(2021, 9, 16), date(2021, 9, 16))
    assert (events[SCO].start, events[SCO].end) == (date(2021, 9, 17), date(2021, 9, 17))
    for child in (CSTO, SCO, AFGHAN, BILATERAL):
        assert events[child].parent_id == VISIT


def test_no_day_is_invented(dataset: list[Event]) -> None:
    events = by_id(dataset)
    for vague in (AFGHAN, BILATERAL):
        assert events[vague].precision is Precision.WITHIN_PARENT
        assert not events[vague].is_day_known()
        assert events[vague].day_span() == events[VISIT].day_span()
    assert events[CSTO].precision is Precision.EXACT


def test_csto_and_sco_details(dataset: list[Event]) -> None:
    csto, sco = by_id(dataset)[CSTO], by_id(dataset)[SCO]
    assert csto.organizations == ["CSTO"] and csto.chair == "Tajikistan"
    assert csto.next_chair == "Armenia"
    assert [o.count for o in csto.outcomes] == [None, 13]
    assert sco.organizations == ["SCO"]
    assert any(o.count == 30 and o.count_is_minimum for o in sco.outcomes)
    assert any("Secretary-General" in o.description for o in sco.outcomes)
    assert set(by_id(dataset)[AFGHAN].organizations) == {"SCO", "CSTO"}


def test_every_quote_is_in_the_article(dataset: list[Event]) -> None:
    if not SEED.exists():
        pytest.skip("seed article not beside the checkout")
    article = " ".join(SEED.read_text(encoding="utf-8").split())
    for event in dataset:
        assert event.sources, event.id
        for source in event.sources:
            assert source.published == date(2021, 9, 14)
            assert source.quote and " ".join(source.quote.split()) in article, event.id


def test_dump_round_trips_through_load(dataset: list[Event]) -> None:
    for fmt in ("toml", "json"):
        text = datafile.dump(dataset, fmt)
        assert datafile.parse(text, f"x.{fmt}") == dataset


def test_schema_file_is_current() -> None:
    committed = (ROOT / "data" / "agenda.schema.json").read_text(encoding="utf-8")
    assert committed == datafile.schema_text(), "run: agenda schema -o data/agenda.schema.json"
    schema = json.loads(committed)
    assert "Event" in schema["$defs"] and schema["properties"]["events"]["type"] == "array"


def test_malformed_toml_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\n[[events]]\nid = "x"\ntitle = "unterminated\n', encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        datafile.load(bad)
    assert "bad.toml" in str(info.value) and "line 4" in str(info.value)


def test_malformed_json_names_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"events": [\n  {"id": "x",}\n]}', encoding="utf-8")
    with pytest.raises(DataFileError, match="line 2"):
        datafile.load(bad)


def test_invalid_events_are_all_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[events]]\nid = "a"\ntitle = "A"\nstart = 2021-09-17\nend = 2021-09-15\n'
        '[[events]]\nid = "b"\ntitle = "B"\nstart = 2021-09-17\norganizations = ["XYZ"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationProblem) as info:
        datafile.load(bad)
    text = str(info.value)
    assert "event #1 'a': end:" in text and "event #2 'b': organizations:" in text


@pytest.mark.parametrize("number", ["20210916", "1.5", "1631750400"])
def test_a_number_where_a_date_belongs_is_refused(tmp_path: Path, number: str) -> None:
    """`start = 20210916` once loaded as a time on 22 Aug 1970 (pydantic reads ints as epochs)."""
    bad = tmp_path / "bad.toml"
    bad.write_text(f'[[events]]\nid = "a"\ntitle = "A"\nstart = {number}\n', encoding="utf-8")
    with pytest.raises(ValidationProblem, match=r"event #1 'a': start: .*a number, not a date"):
        datafile.load(bad)
    bad = tmp_path / "bad.json"
    bad.write_text(f'[{{"id": "a", "title": "A", "start": {number}}}]', encoding="utf-8")
    with pytest.raises(ValidationProblem, match=r"event #1 'a': start: .*a number, not a date"):
        datafile.load(bad)
    with pytest.raises(ValidationProblem, match=r"end: .*a number"):
        parse_event({"id": "a", "title": "A", "start": "2021-09-16", "end": 1631750400})


def test_a_key_twice_in_a_json_object_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"events": [\n  {"id": "a", "title": "A",\n   "start": "2021-09-16",\n'
        '   "start": "2021-09-17"}\n]}\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"bad.json: line 4: key 'start' appears twice"):
        datafile.load(bad)
    top = tmp_path / "top.json"
    top.write_text('{"format": 1,\n"events": [],\n"events": []}', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 3: key 'events' appears twice"):
        datafile.load(top)
