"""Small CLI behaviours of issue 10: `config` prints TOML, `show` takes a unique id prefix."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import DATASET


def test_config_prints_valid_toml_without_unset_values(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("config", capsys=capsys)
    assert code == 0 and "None" not in out
    parsed = tomllib.loads(out)
    assert parsed == {"date_format": "%a %d %b %Y", "theme": "textual-dark"}
    assert "# viewer_tz" in out and "# store" in out  # unset: shown as comments


def test_config_output_can_be_used_as_the_settings_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cfg = Path(os.environ["AGENDA_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text('viewer_tz = "Asia/Bishkek"\ndate_format = "%d \\"%b\\""\n', encoding="utf-8")
    code, out, _ = run("config", capsys=capsys)
    assert code == 0
    assert tomllib.loads(out)["viewer_tz"] == "Asia/Bishkek"
    assert tomllib.loads(out)["date_format"] == '%d "%b"'
    cfg.write_text(out, encoding="utf-8")
    assert run("config", capsys=capsys)[1] == out


def test_show_accepts_a_unique_id_prefix(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run("--store", store_path, "show", "2021-09-16-csto", capsys=capsys)
    assert code == 0 and "CSTO Collective Security Council session" in out
    code, out, _ = run("--store", store_path, "show", "2021-09-16-csto", "--json", capsys=capsys)
    assert code == 0 and '"chair": "Tajikistan"' in out


def test_show_an_ambiguous_prefix_lists_the_candidates(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run("--store", store_path, "show", "2021-09-1", capsys=capsys)
    assert code == 2 and out == ""
    assert "'2021-09-1' matches 2 events" in err
    assert "2021-09-16-csto-collective-security-council" in err
    assert "2021-09-17-sco-council-of-heads-of-state" in err
    code, _, err = run("--store", store_path, "show", "zzz", capsys=capsys)
    assert code == 3 and "no event has the id 'zzz'" in err


def test_dump_to_a_json_file_writes_json_that_load_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`dump -o x.json` wrote TOML (the default format), which `load x.json` then refused."""
    store, copy = str(tmp_path / "s.sqlite3"), str(tmp_path / "copy.sqlite3")
    target = tmp_path / "all.json"
    assert run("--store", store, "load", str(DATASET), capsys=capsys)[0] == 0
    assert run("--store", store, "dump", "-o", str(target), capsys=capsys)[0] == 0
    assert target.read_text(encoding="utf-8").lstrip().startswith("{")
    code, out, err = run("--store", copy, "load", str(target), capsys=capsys)
    assert code == 0 and "loaded 5 events" in out, err
    # an explicit --format still wins, and stdout stays TOML
    assert (
        run("--store", store, "dump", "--format", "toml", "-o", str(target), capsys=capsys)[0] == 0
    )
    assert target.read_text(encoding="utf-8").startswith(("#", "format"))
    assert run("--store", store, "dump", capsys=capsys)[1].startswith(("#", "format"))
