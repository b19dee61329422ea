"""The `agenda` command: each command, each bad input, and untrusted text printed literally."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agenda import cli
from agenda.core.clock import fixed_clock
from agenda.core.store import EventStore
from tests.cli.helpers import run
from tests.conftest import DATASET, NOW, ROOT

CSTO = "2021-09-16-csto-collective-security-council"
VISIT = "2021-09-japarov-dushanbe-visit"


def test_first_use_creates_the_default_store_with_the_bundled_data(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run("list", capsys=capsys)
    assert code == 0
    assert "whole store (it holds only past events)" in out
    assert "5 events" in out and "CSTO Collective Security Council session" in out
    assert "day not given" in out


def test_named_store_starts_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "new.sqlite3")
    EventStore(path).close()
    code, out, _ = run("--store", path, "list", capsys=capsys)
    assert code == 0 and "0 events" in out


def test_agenda_store_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    target = tmp_path / "env.sqlite3"
    monkeypatch.setenv("AGENDA_STORE", str(target))
    assert run("load", str(DATASET), capsys=capsys)[0] == 0
    assert target.exists()


def test_list_window_and_filters(store_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        "--store", store_path, "list", "--from", "2021-09-16", "--to", "16 Sep 2021", capsys=capsys
    )
    assert code == 0 and CSTO in out and "2021-09-17-sco" not in out
    _, out, _ = run(
        "--store",
        store_path,
        "list",
        "--from",
        "2021-09-01",
        "--days",
        "30",
        "--org",
        "sco",
        "--kind",
        "summit",
        capsys=capsys,
    )
    assert "2021-09-17-sco-council-of-heads-of-state" in out and CSTO not in out
    _, out, _ = run("--store", store_path, "list", "--from", "2021-09-01", "--json", capsys=capsys)
    assert len(json.loads(out)) == 5


def test_list_bad_input(store_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    for argv, needle in (
        (["--from", "2021-02-30"], "--from"),
        (["--kind", "party"], "unknown kind"),
        (["--from", "2021-09-20", "--to", "2021-09-01"], "before"),
        (["--days", "0"], "--days"),
    ):
        code, _out, err = run("--store", store_path, "list", *argv, capsys=capsys)
        assert code != 0 and needle in err and err.count("\n") == 1, (argv, err)


def test_show(store_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("--store", store_path, "show", CSTO, capsys=capsys)
    assert code == 0
    for needle in (
        "Collective Security Treaty Organization",
        "chair: Tajikistan",
        "next chair: Armenia",
        "13 documents",
        "Dushanbe will host a regular session",
        "Part of",
        "2021-09-14",
    ):
        assert needle in out
    code, out, _ = run("--store", store_path, "show", CSTO, "--json", capsys=capsys)
    assert json.loads(out)["chair"] == "Tajikistan"
    code, _, err = run("--store", store_path, "show", "no-such-id", capsys=capsys)
    assert code == 3 and "no event has the id 'no-such-id'" in err


def test_search(store_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("--store", store_path, "search", "jubilee", capsys=capsys)
    assert code == 0 and "1 event" in out and "SCO Council of Heads of State" in out


def test_add_then_show(store_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        "--store",
        store_path,
        "add",
        "--id",
        "cis-2021",
        "--title",
        "CIS summit",
        "--kind",
        "summit",
        "--start",
        "2021-10-15T10:00",
        "--end",
        "2021-10-15T13:00",
        "--city",
        "Minsk",
        "--country",
        "Belarus",
        "--place-tz",
        "Europe/Minsk",
        "--org",
        "CIS",
        "--participant",
        "Sadyr Japarov; President; Kyrgyzstan",
        "--outcome",
        "more than 10 documents",
        "--quote",
        "The summit will be held in Minsk.",
        capsys=capsys,
    )
    assert (code, out.strip()) == (0, "added cis-2021"), err
    _, out, _ = run("--store", store_path, "show", "cis-2021", "--json", capsys=capsys)
    data = json.loads(out)
    assert data["tz"] == "Europe/Minsk" and data["start"] == "2021-10-15T10:00:00"
    assert data["outcomes"] == [{"description": "documents", "count": 10, "count_is_minimum": True}]


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--start", "2021-09-31"], "--start"),
        (["--start", "2021-09-16T10:00", "--tz", "Asia/Dushanbee"], "unknown time zone"),
        (["--start", "2021-09-16T10:00"], "no zone"),
        (["--start", "2021-09-17", "--end", "2021-09-16"], "end:"),
        (["--start", "2021-09-17", "--org", "NOPE"], "unknown organization"),
        (["--start", "2021-09-17", "--parent", "nope"], "no event has the id 'nope'"),
        (["--start", "2021-09-17", "--kind", "party"], "kind"),
    ],
)
def test_add_bad_input_writes_nothing(
    store_path: str, argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run("--store", store_path, "add", "--title", "X", *argv, capsys=capsys)
    assert code != 0 and needle in err
    with EventStore(store_path) as s:
        assert s.count() == 5


def test_edit_records_status_history(store_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(
        "--store",
        store_path,
        "edit",
        CSTO,
        "--status",
        "held",
        "--status-source",
        "CSTO press",
        capsys=capsys,
    )
    assert code == 0, err
    with EventStore(store_path) as s:
        event = s.get(CSTO)
    assert event.status.value == "held" and event.sequence == 1
    assert event.status_history[-1].source == "CSTO press"
    assert event.status_history[-1].on == NOW.date()
    code, _, err = run(
        "--store",
        store_path,
        "edit",
        CSTO,
        "--start",
        "2021-10-01",
        "--end",
        "2021-10-01",
        capsys=capsys,
    )
    assert code != 0 and "outside its parent" in err


def test_delete(store_path: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run("--store", store_path, "delete", CSTO, capsys=capsys)
    assert code != 0 and "--yes" in err
    code, _, err = run("--store", store_path, "delete", VISIT, "--yes", capsys=capsys)
    assert code != 0 and "--children" in err
    assert run("--store", store_path, "delete", CSTO, "--yes", capsys=capsys)[0] == 0
    code, _out, _ = run(
        "--store", store_path, "delete", VISIT, "--yes", "--children", "delete", capsys=capsys
    )
    assert code == 0
    with EventStore(store_path) as s:
        assert s.count() == 0


def test_load_twice_updates_never_duplicates(store_path: str, capsys) -> None:
    code, out, _ = run("--store", store_path, "load", str(DATASET), capsys=capsys)
    assert code == 0 and "5 unchanged" in out
    with EventStore(store_path) as s:
        assert s.count() == 5


def test_load_malformed_toml(store_path: str, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[events]]\nid = "x"\ntitle = [\n', encoding="utf-8")
    code, _, err = run("--store", store_path, "load", str(DATASET), str(bad), capsys=capsys)
    assert code != 0 and "bad.toml" in err and "line" in err


def test_load_is_all_or_nothing(store_path: str, tmp_path: Path, capsys) -> None:
    mixed = tmp_path / "mixed.toml"
    mixed.write_text(
        '[[events]]\nid = "ok"\ntitle = "Fine"\nstart = 2022-01-10\n'
        '[[events]]\nid = "bad"\ntitle = "Bad"\nstart = 2022-01-10\nparent_id = "ghost"\n',
        encoding="utf-8",
    )
    code, _, err = run("--store", store_path, "load", str(mixed), capsys=capsys)
    assert code != 0 and "'ghost'" in err
    with EventStore(store_path) as s:
        assert not s.exists("ok")


def test_dump_round_trips(store_path: str, tmp_path: Path, capsys) -> None:
    for fmt in ("toml", "json"):
        out_file = tmp_path / f"dump.{fmt}"
        assert (
            run("--store", store_path, "dump", "--format", fmt, "-o", str(out_file), capsys=capsys)[
                0
            ]
            == 0
        )
        other = str(tmp_path / f"other-{fmt}.sqlite3")
        assert run("--store", other, "load", str(out_file), capsys=capsys)[0] == 0
        with EventStore(store_path) as a, EventStore(other) as b:
            ids = [r.id for r in a.window()]
            assert a.get_many(ids) == b.get_many(ids)


def test_hostile_text_is_printed_literally(tmp_path: Path, capsys) -> None:
    path = str(tmp_path / "h.sqlite3")
    title = "[bold red]Evil[/] [link=http://x]y[/link] \x1b[31mred\x1b]0;pwned\x07"
    code, _, err = run(
        "--store",
        path,
        "add",
        "--id",
        "evil",
        "--title",
        title,
        "--start",
        "2021-09-16",
        "--notes",
        "\x1b[2Jnote [b]x[/b]",
        capsys=capsys,
    )
    assert code == 0, err
    for argv in (["list", "--from", "2021-09-01"], ["show", "evil"], ["search", "Evil"]):
        _, out, _ = run("--store", path, *argv, capsys=capsys)
        assert "[bold red]Evil[/]" in out and "\x1b" not in out and "\x07" not in out
    # on a terminal, through Rich, the markup is still shown literally
    tty = _TTY()
    monkey_out = cli.Output(tty)
    assert monkey_out.rich
    monkey_out.line([(title, "bold")])
    assert "[bold red]Evil[/]" in tty.getvalue() and "pwned" not in tty.getvalue()


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_config_prints_and_bad_config_names_file_and_key(tmp_path: Path, capsys) -> None:
    code, out, _ = run("config", capsys=capsys)
    assert code == 0 and "viewer_tz" in out and "config file:" in out
    cfg = Path(os.environ["AGENDA_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text('viewer_tz = "Mars/Olympus"\n', encoding="utf-8")
    code, _, err = run("config", capsys=capsys)
    assert code != 0 and str(cfg) in err and "viewer_tz" in err
    cfg.write_text('colour = "blue"\n', encoding="utf-8")
    code, _, err = run("list", capsys=capsys)
    assert code != 0 and "'colour'" in err


def test_foreign_store_file_is_refused(tmp_path: Path, capsys) -> None:
    path = tmp_path / "thesis.txt"
    path.write_text("chapter one", encoding="utf-8")
    code, _, err = run("--store", str(path), "list", capsys=capsys)
    assert code != 0 and "not an agenda store" in err
    assert path.read_text(encoding="utf-8") == "chapter one"


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0 and "agenda" in capsys.readouterr().out


def test_list_imports_no_ui_and_no_heavy_libraries(tmp_path: Path) -> None:
    env = {**os.environ, "AGENDA_STORE": str(tmp_path / "x.sqlite3")}
    EventStore(env["AGENDA_STORE"]).close()
    code = (
        "import sys, agenda.cli\n"
        "rc = agenda.cli.main(['list'])\n"
        "heavy = [m for m in ('textual', 'pydantic', 'icalendar', 'rich') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    )
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr


def test_a_timed_event_without_an_end_lists_one_time_not_a_range(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for extra in (["--floating"], ["--tz", "Asia/Tokyo"]):
        code, _, err = run(
            "--store", store_path, "add", "--title", "Call " + extra[0],
            "--start", "2025-03-03T09:00", *extra, capsys=capsys,
        )  # fmt: skip
        assert code == 0, err
    code, out, _ = run("--store", store_path, "list", "--from", "2025-03-03", capsys=capsys)
    assert code == 0
    assert "09:00–09:00" not in out
    assert out.count("09:00") == 2


def test_show_keeps_the_lines_and_indentation_of_multi_line_notes(
    store_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = "line one\n  indented two\n\nafter a blank line"
    code, _, err = run(
        "--store", store_path, "add", "--id", "n1", "--title", "Memo",
        "--start", "2025-03-04", "--notes", notes, "--description", "para one\n\npara two",
        capsys=capsys,
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run("--store", store_path, "show", "n1", capsys=capsys)
    lines = out.splitlines()
    notes_at = lines.index("Notes")
    assert lines[notes_at + 1 : notes_at + 5] == [
        "  line one",
        "    indented two",
        "",
        "  after a blank line",
    ]
    assert "  para two" in lines


def test_help_is_wrapped_to_the_terminal_width(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for columns in (70, 120):
        monkeypatch.setenv("COLUMNS", str(columns))
        with pytest.raises(SystemExit):
            cli.main(["list", "--help"])
        lines = capsys.readouterr().out.splitlines()
        assert max(map(len, lines)) <= columns
        assert max(map(len, lines)) > columns - 25  # uses the width, not a fixed 80


C1_AND_BIDI = "\x9b31m\x85\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROLS = set(C1_AND_BIDI) - set("31m")


def test_c1_and_bidi_controls_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """U+009B (8-bit CSI) once reached the terminal raw in `show`, and U+202E (right-to-left
    override) in list, show and search: format.clean treats them as the controls they are."""
    data = tmp_path / "h.toml"
    data.write_text(
        '[[events]]\nid = "evil"\n'
        f'title = "Evil {C1_AND_BIDI}title"\nstart = 2021-09-16\n'
        f'tags = ["t{C1_AND_BIDI}"]\nnotes = "n{C1_AND_BIDI}"\n'
        f'location = {{venue = "v{C1_AND_BIDI}"}}\n',
        encoding="utf-8",
    )
    path = str(tmp_path / "h.sqlite3")
    assert run("--store", path, "load", str(data), capsys=capsys)[0] == 0
    commands = (
        ["list", "--from", "2021-09-01"],
        ["show", "evil"],
        ["search", "Evil"],
        ["show", "--json", "evil"],
        ["list", "--json", "--from", "2021-09-01"],
    )
    for argv in commands:
        _, out, _ = run("--store", path, *argv, capsys=capsys)
        assert "Evil" in out and not CONTROLS & set(out), argv
    for argv in commands[:3]:  # on a terminal, through Rich
        tty = _TTY()
        monkeypatch.setattr(sys, "stdout", tty)
        assert cli.main(["--store", path, *argv], clock=fixed_clock(NOW)) == 0
        monkeypatch.undo()
        out = tty.getvalue()
        assert "Evil" in out and not CONTROLS & set(out), argv
    # the JSON keeps the text (the model already drops C1 controls from a title), escaped
    _, out, _ = run("--store", path, "show", "--json", "evil", capsys=capsys)
    assert (
        "\\u202e" in out
        and json.loads(out)["title"]
        == "Evil 31m\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069title"
    )
