"""Sizes no calendar needs are refused by the model (every path validates through it) and by the
data-file reader (a whole file too big is refused before it is read)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from agenda.core import datafile, limits
from agenda.core.errors import AgendaError
from agenda.core.models import parse_event
from tests.unit.event_dicts import ev, problems


def test_the_limits_are_named_constants_of_sensible_size() -> None:
    assert limits.MAX_TITLE == 1_000
    assert limits.MAX_TEXT == 100_000
    assert limits.MAX_LINE == 8 * 1024 * 1024
    assert limits.MAX_FILE == 1024 * 1024 * 1024


def test_a_title_at_the_limit_is_kept_one_past_is_refused_with_its_size() -> None:
    assert parse_event(ev(title="t" * limits.MAX_TITLE)).title == "t" * limits.MAX_TITLE
    (p,) = problems(title="t" * 10_485_760)
    assert p == "event 'e1': title: 10,485,760 characters; at most 1,000"


@pytest.mark.parametrize("field", ["description", "notes"])
def test_description_and_notes_past_the_limit_are_refused(field: str) -> None:
    assert parse_event(ev(**{field: "d" * limits.MAX_TEXT})) is not None
    (p,) = problems(**{field: "d" * (limits.MAX_TEXT + 1)})
    assert p == f"event 'e1': {field}: 100,001 characters; at most 100,000"


def test_an_outcome_description_past_the_limit_is_refused() -> None:
    (p,) = problems(outcomes=[{"description": "o" * (limits.MAX_TEXT + 1)}])
    assert p.endswith("100,001 characters; at most 100,000"), p


def test_a_data_file_with_a_long_title_names_the_file_and_event(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(
        f'format = 1\n[[events]]\nid = "e1"\ntitle = "{"x" * 5000}"\nstart = "2021-09-16"\n'
    )
    with pytest.raises(AgendaError) as info:
        datafile.load(path)
    assert "5,000 characters; at most 1,000" in str(info.value)
    assert "e1" in str(info.value) and "title" in str(info.value)


def test_a_data_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as fh:  # sparse: no disk, and it must not be read
        fh.truncate(limits.MAX_FILE + 1)
    with pytest.raises(AgendaError) as info:
        datafile.load(path)
    assert str(info.value) == (
        f"{path}: {limits.MAX_FILE + 1:,} bytes; a data file may be at most "
        f"{limits.MAX_FILE:,} ({limits.MAX_FILE // 2**20} MB)"
    )


def test_a_data_file_on_stdin_is_stopped_once_past_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(datafile, "MAX_FILE", 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"#" * 5000)))
    with pytest.raises(AgendaError) as info:
        datafile.load("-")
    assert str(info.value) == "<stdin>: more than 1,000 bytes; a data file may be at most 1,000"


def test_the_schema_states_the_limits_for_editors() -> None:
    event = datafile.json_schema()["$defs"]["Event"]["properties"]
    assert event["title"]["maxLength"] == limits.MAX_TITLE
    assert {"maxLength": limits.MAX_TEXT, "type": "string"} in event["notes"]["anyOf"]


def test_the_bundled_dataset_is_well_within_the_limits(dataset: list[object]) -> None:
    for event in dataset:
        assert len(event.title) < limits.MAX_TITLE // 4  # type: ignore[attr-defined]
        for text in (event.description, event.notes):  # type: ignore[attr-defined]
            assert len(text or "") < limits.MAX_TEXT // 10
    for path in Path(datafile.__file__).parents[2].joinpath("data").glob("*"):
        assert path.stat().st_size < limits.MAX_FILE // 100


def test_a_kept_ical_property_past_the_line_limit_is_refused() -> None:
    ok = "X-BLOB:" + "x" * (limits.MAX_LINE - 7)
    assert parse_event(ev(ical_properties=[ok])).ical_properties == [ok]
    (p,) = problems(ical_properties=[ok + "é"])
    assert p == (
        f"event 'e1': ical_properties.0: 'X-BLOB:xxxxxxxxxxxxx'...: {limits.MAX_LINE + 2:,} "
        f"bytes long; at most {limits.MAX_LINE:,} in one content line"
    )
