"""The fast paths behind the speed targets give the same answers as the slow ones.

- `agenda show` prints from `EventView` (no pydantic): the same detail lines as from the model,
  for the bundled dataset, a generated calendar and an event with every field and hostile text;
  a stored field the view does not know makes it fall back to the model.
- `format.clean` skips its regexes for printable text: same result as the full path.
- `list`, `search` and `show` with piped output import neither pydantic, Rich nor Textual.
- The 30-day window query uses the events_window index in both halves; search uses FTS5.
- The benchmark generator is deterministic and plants its search word where search finds it.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from agenda.core import format as fmt
from agenda.core.clock import fixed_clock
from agenda.core.eventview import EventView, event_view
from agenda.core.models import Event, parse_event
from agenda.core.store import EventStore, Filters

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ZONES = ("UTC", "Asia/Dushanbe", "America/New_York")


def _generator():  # the benchmark generator is a script, not a package module
    spec = importlib.util.spec_from_file_location(
        "bench_generate", ROOT / "benchmarks" / "generate.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _full_event() -> Event:
    return parse_event(
        {
            "id": "full-1",
            "kind": "summit",
            "title": "[bold red]Summit[/] \x1b[31mred\x1b[0m",
            "status": "postponed",
            "status_history": [
                {"status": "announced", "on": "2021-09-01", "source": "TASS", "note": "first"},
                {"status": "postponed", "on": "2021-09-10"},
            ],
            "start": "2021-09-16T10:00",
            "end": "2021-09-17T02:30",
            "tz": "Asia/Dushanbe",
            "end_tz": "Asia/Tokyo",
            "location": {
                "venue": "Kokhi Navruz",
                "city": "Dushanbe",
                "country": "Tajikistan",
                "tz": "Asia/Dushanbe",
                "lat": 38.5,
                "lon": 68,
            },
            "organizations": ["CSTO", "sco"],
            "participants": [{"name": "A B"}, {"name": "C D", "role": "President", "country": "X"}],
            "chair": "Tajikistan",
            "next_chair": "Armenia",
            "agenda": ["one\nline two", "[i]three[/i]"],
            "outcomes": [
                {"description": "documents", "count": 13},
                {"description": "documents", "count": 30, "count_is_minimum": True},
                {"description": "declaration"},
            ],
            "sources": [
                {
                    "publisher": "24.kg",
                    "title": "T",
                    "url": "https://example.invalid/a",
                    "published": "2021-09-14",
                    "quote": "He said \x07 so.",
                    "speaker": "K",
                },
                {"quote": "only a quote"},
            ],
            "tags": ["x", "y"],
            "description": "multi\r\nline\rdescription",
            "notes": "notes \x1b]8;;http://evil\x07link\x1b]8;;\x07",
            "sequence": 3,
        }
    )


def _store(events: list[Event]) -> EventStore:
    store = EventStore(":memory:", clock=fixed_clock(NOW))
    store.put_many(events)
    return store


def _same_sections(store: EventStore) -> int:
    checked = 0
    for (event_id,) in store.conn.execute("SELECT id FROM events"):
        view = store.view(event_id)
        assert isinstance(view, EventView), event_id
        model = store.get(event_id)
        parent = store.row(model.parent_id) if model.parent_id else None
        kids = store.children(event_id)
        for zone in ZONES:
            expected = fmt.detail_sections(model, viewer_tz=zone, parent=parent, children=kids)
            got = fmt.detail_sections(view, viewer_tz=zone, parent=parent, children=kids)
            assert got == expected, event_id
        checked += 1
    return checked


def test_view_matches_model_for_the_dataset(store: EventStore) -> None:
    assert _same_sections(store) == 5


def test_view_matches_model_for_every_field_and_hostile_text() -> None:
    store = _store([_full_event()])
    assert _same_sections(store) == 1
    view = store.view("full-1")
    assert view.status.value == "postponed" and view.end == datetime(2021, 9, 17, 2, 30)
    assert view.location.lat == 38.5 and view.outcomes[1].label() == "more than 30 documents"


def test_view_matches_model_for_a_generated_calendar() -> None:
    gen = _generator().Gen(600)
    events = [parse_event(e) for family in gen.families() for e in family]
    store = _store(events)
    assert _same_sections(store) == 600


def test_view_falls_back_to_the_model_for_an_unknown_field() -> None:
    store = _store([_full_event()])
    data = json.loads(store.conn.execute("SELECT data FROM events").fetchone()[0])
    data["a_field_added_later"] = 1
    assert event_view(json.dumps(data)) is None
    store.conn.execute("UPDATE events SET data = ?", (json.dumps({**data, "extra": 1}),))
    with pytest.raises(ValidationError):  # the model refuses what it does not know, loudly
        store.view("full-1")


@pytest.mark.parametrize(
    "text",
    ["plain", "Déclaration – “13” documents", "tab\there", "a\nb", "x\r\ny", "\x1b[1mbold\x1b[0m",
     "bell\x07", "\x9bcsi", "line\u2028sep", "[bold]not markup[/]", ""],
)  # fmt: skip
def test_clean_fast_path_agrees_with_the_full_path(text: str) -> None:
    for one_line in (False, True):
        full = re.sub(fmt._CONTROL, "", _normalise(re.sub(fmt._ANSI, "", text), one_line))
        assert fmt.clean(text, one_line=one_line) == full


def _normalise(text: str, one_line: bool) -> str:
    if one_line:
        return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return text.replace("\r\n", "\n").replace("\r", "\n")


_PROBE = """
import sys
from agenda.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in ("pydantic", "rich", "textual", "icalendar") if m in sys.modules)
print("HEAVY=" + ",".join(heavy), file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--from", "2021-09-01", "--days", "30"],
        ["search", "Afghanistan"],
        ["show", "2021-09-16-csto-collective-security-council"],
    ],
)
def test_piped_list_search_show_import_nothing_heavy(tmp_path: Path, argv: list[str]) -> None:
    db = tmp_path / "s.sqlite3"
    with EventStore(db, clock=fixed_clock(NOW)) as s:
        from agenda.core import datafile

        s.put_many(datafile.load(ROOT / "data" / "dushanbe-2021.toml"))
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "--store", str(db), *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    assert "HEAVY=\n" in done.stderr or done.stderr.rstrip().endswith("HEAVY="), done.stderr


def test_window_query_uses_the_index_in_both_halves(store: EventStore) -> None:
    sql, params = store._window_sql(date(2021, 9, 1), date(2021, 9, 30), Filters(), "Asia/Tokyo")
    plan = [r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
    searches = [p for p in plan if "USING INDEX events_window" in p]
    assert len(searches) == 2, plan
    assert not any(p.startswith("SCAN events") for p in plan), plan


def test_search_uses_full_text_index(store: EventStore) -> None:
    sql, params = store._window_sql(None, None, Filters(text="security"), "UTC")
    plan = [r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
    assert any("events_fts VIRTUAL TABLE" in p for p in plan), plan
    assert not any(p == "SCAN events" for p in plan), plan


def test_generator_is_deterministic_and_search_finds_every_planted_event() -> None:
    module = _generator()
    first = [e for f in module.Gen(1500).families() for e in f]
    second = [e for f in module.Gen(1500).families() for e in f]
    assert first == second and len(first) == 1500
    gen = module.Gen(1500)
    events = [parse_event(e) for f in gen.families() for e in f]
    assert len(gen.planted) == 3
    store = _store(events)
    found = {r.id for r in store.search(module.SEARCH_WORD)}
    assert found == set(gen.planted)
    kinds = {e.kind.value for e in events}
    assert {"visit", "summit", "meeting", "bilateral"} <= kinds
    assert any(e.parent_id for e in events) and any(e.end_tz for e in events)
    assert len({e.tz for e in events if e.tz}) >= 8
    ics = module.vevent(first[0], "20250101T000000Z")
    assert ics.startswith("BEGIN:VEVENT\r\nUID:") and all(
        len(line.encode()) <= 75 for line in ics.split("\r\n")
    )
