"""Output files: every command that writes one (dump, schema, export, the rejects of import) goes
through agenda.core.outfile; a FIFO stays a FIFO, a folder is refused, a planted link is not followed,
permissions are kept, and nothing is half-written or left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from agenda import cli
from agenda.core.clock import fixed_clock
from agenda.core.errors import AgendaError
from agenda.core.outfile import open_output
from tests.conftest import DATASET, NOW

FIXTURES = Path(__file__).parent.parent / "ics" / "fixtures"


def run(*argv: str) -> int:
    return cli.main(list(argv), clock=fixed_clock(NOW))


@pytest.fixture
def store_path(tmp_path: Path) -> str:
    path = str(tmp_path / "store" / "s.sqlite3")
    os.makedirs(os.path.dirname(path))
    assert run("--store", path, "load", str(DATASET)) == 0
    return path


def _writers(store_path: str) -> list[tuple[str, ...]]:
    return [
        ("--store", store_path, "dump", "-o"),
        ("--store", store_path, "schema", "-o"),
        ("--store", store_path, "export", "-o"),
    ]


@pytest.mark.parametrize("command", ["dump", "schema", "export"])
def test_a_fifo_target_stays_a_fifo(tmp_path: Path, store_path: str, command: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # the output fits in the pipe buffer
    try:
        assert run("--store", store_path, command, "-o", str(fifo)) == 0
        assert stat.S_ISFIFO(os.stat(fifo).st_mode)
        data = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert len(data) > 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "store"]


@pytest.mark.parametrize("command", ["dump", "schema", "export"])
def test_a_folder_target_is_refused_and_nothing_is_left(
    tmp_path: Path, store_path: str, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert run("--store", store_path, command, "-o", str(folder)) == 2
    assert "is a folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "store"]
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", ["dump", "schema", "export"])
def test_a_planted_link_at_a_temporary_name_is_not_followed(
    tmp_path: Path, store_path: str, command: str
) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    target = tmp_path / "out.txt"
    for name in ("out.txt.tmp", f".out.txt.{os.getpid()}.tmp"):  # the names once used
        (tmp_path / name).symlink_to(victim)
    assert run("--store", store_path, command, "-o", str(target)) == 0
    assert victim.read_text() == "precious"
    assert target.is_file() and not target.is_symlink() and target.stat().st_size > 100


@pytest.mark.parametrize("command", ["dump", "schema", "export"])
def test_a_private_file_stays_private_and_a_new_one_follows_the_umask(
    tmp_path: Path, store_path: str, command: str
) -> None:
    private = tmp_path / "private"
    private.write_text("old")
    private.chmod(0o600)
    assert run("--store", store_path, command, "-o", str(private)) == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text() != "old"
    old = os.umask(0o027)
    try:
        assert run("--store", store_path, command, "-o", str(tmp_path / "new")) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o640


def test_a_character_device_is_written_in_place(tmp_path: Path, store_path: str) -> None:
    """`-o /dev/null` as root once replaced the device with a file. The test makes its own null
    device, so that a regression cannot break the machine's /dev/null."""
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device needs root (CAP_MKNOD)")
    before = os.stat(null)
    for argv in _writers(store_path):
        assert run(*argv, str(null)) == 0
    after = os.stat(null)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_an_interrupted_write_keeps_the_old_file_and_leaves_no_temporary_one(
    tmp_path: Path,
) -> None:
    target = tmp_path / "out"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt), open_output(target) as fh:
        fh.write(b"half")
        raise KeyboardInterrupt
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AgendaError, match="cannot write"), open_output(tmp_path / "no" / "x"):
        pass
    assert list(tmp_path.iterdir()) == []


def test_a_link_named_by_the_user_is_kept(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.write_text("old")
    link = tmp_path / "link"
    link.symlink_to(real)
    with open_output(link) as fh:
        fh.write(b"new")
    assert link.is_symlink() and real.read_text() == "new"


def test_the_rejects_file_of_import_does_not_follow_a_planted_link(
    tmp_path: Path, store_path: str
) -> None:
    source = tmp_path / "some-bad.ics"
    source.write_bytes((FIXTURES / "some-bad.ics").read_bytes())
    victim = tmp_path / "victim"
    victim.write_text("precious")
    rejects = tmp_path / "some-bad.ics.rejects.ics"
    rejects.symlink_to(victim)
    (tmp_path / "some-bad.ics.rejects.ics.tmp").symlink_to(victim)
    assert run("--store", store_path, "import", "--skip-invalid", str(source)) == 0
    assert victim.read_text() == "precious"
    assert not rejects.is_symlink()
    assert rejects.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"bad-1" in rejects.read_bytes()
