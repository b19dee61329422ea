"""`agenda sync` when things go wrong: no server, a malformed URL, a host that does not resolve,
a web server that is not CalDAV, authentication, a calendar that does not exist, a server that
never answers, and Ctrl-C. Each ends as one line on stderr naming the URL and the reason, a
non-zero exit, and nothing written to the store."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import caldav
import pytest

from agenda import cli
from agenda.core.clock import fixed_clock
from agenda.core.store import EventStore
from agenda.share import sync
from tests.conftest import NOW
from tests.share.conftest import TIMEOUT, Radicale, free_port


def run(store_file: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["--store", str(store_file), "sync", *args], clock=fixed_clock(NOW))
    out, err = capsys.readouterr()
    return code, out, err


def store_state(store_file: Path) -> tuple[int, int, int, int]:
    """(change counter, events, sync_remotes rows, sync_items rows)."""
    with EventStore(store_file) as s:
        return (
            s.change_counter(),
            s.count(),
            s.conn.execute("SELECT count(*) FROM sync_remotes").fetchone()[0],
            s.conn.execute("SELECT count(*) FROM sync_items").fetchone()[0],
        )


def one_line(err: str) -> str:
    """The single line of an error report (fails on tracebacks and multi-line dumps)."""
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("agenda: "), err
    return err[len("agenda: ") : -1]


@pytest.fixture
def before(store_file: Path) -> tuple[int, int, int, int]:
    return store_state(store_file)


def test_nothing_listening(
    store_file: Path, capsys: pytest.CaptureFixture[str], before: tuple[int, int, int, int]
) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    code, out, err = run(store_file, capsys, "--url", url, "--calendar", "Desk", "--create")
    assert code == 5 and out == ""
    port = url.rsplit(":", 1)[1].strip("/")
    assert one_line(err) == (
        f"{url}: cannot connect: connection refused, nothing listens on 127.0.0.1 port {port} "
        "(is the server running?)"
    )
    assert store_state(store_file) == before


def test_https_to_a_plain_http_server(
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    web_server: Callable[[int], str],
    before: tuple[int, int, int, int],
) -> None:
    url = web_server(207).replace("http://", "https://")
    code, _, err = run(store_file, capsys, "--url", url, "--calendar", "Desk")
    assert code == 5
    assert one_line(err) == (
        f"{url}: the TLS connection failed: the server does not speak TLS there (http://?)"
    )
    assert store_state(store_file) == before


def test_a_host_that_does_not_resolve(
    store_file: Path, capsys: pytest.CaptureFixture[str], before: tuple[int, int, int, int]
) -> None:
    # .invalid never resolves (RFC 2606): no connection is made
    url = "http://nonexistent.invalid/"
    code, out, err = run(store_file, capsys, "--url", url, "--user", "a", "--calendar", "Desk")
    assert code == 5 and out == ""
    assert one_line(err) == (
        f"{url}: cannot connect: the host name 'nonexistent.invalid' does not resolve "
        "(check the URL)"
    )
    assert store_state(store_file) == before


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("htp:/x", "not an http:// or https:// URL"),
        ("not a url", "not an http:// or https:// URL"),
        ("http://", "not an http:// or https:// URL"),
        ("ftp://example.org/dav/", "not an http:// or https:// URL"),
        ("http://exa mple.org/", "not an http:// or https:// URL"),
        ("http://example.org:99999/", "not a usable URL (Port out of range"),
    ],
)
def test_a_malformed_url_is_refused_before_anything_is_sent(
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    url: str,
    reason: str,
) -> None:
    def no_client(*args: object, **kwargs: object) -> None:
        raise AssertionError("a client was made for a malformed URL")

    monkeypatch.setattr(caldav, "DAVClient", no_client)
    before = store_state(store_file)
    code, out, err = run(store_file, capsys, "--url", url, "--calendar", "Desk")
    assert code == 2 and out == ""
    assert one_line(err).startswith(f"--url {url!r}: {reason}")
    assert store_state(store_file) == before


def test_a_password_in_the_url_is_refused_and_not_repeated(
    store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        store_file, capsys, "--url", "https://analyst:s3cret@cloud.example.org/dav/", "--user", "x"
    )
    assert code == 2 and "s3cret" not in err and "analyst" not in err
    assert one_line(err).startswith(
        "--url 'https://cloud.example.org/dav/' (user name and password removed): put the user in "
        "--user"
    )


def test_a_malformed_url_in_remotes_toml_names_the_file(
    store_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    remotes = tmp_path / "config" / "remotes.toml"  # AGENDA_CONFIG's folder (tests/conftest.py)
    remotes.parent.mkdir(parents=True, exist_ok=True)
    remotes.write_text('[desk]\nurl = "htp:/x"\n', encoding="utf-8")
    code, _, err = run(store_file, capsys, "desk")
    assert code == 2
    assert one_line(err) == (
        f"{remotes}: [desk] url 'htp:/x': not an http:// or https:// URL "
        "(e.g. https://cloud.example.org/remote.php/dav/)"
    )


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        ("false", "'false' failed (exit 1)"),
        ("sh -c 'echo locked >&2; exit 3'", "failed (exit 3): locked"),
        ("/nonexistent/pass", "[Errno 2] No such file or directory: '/nonexistent/pass'"),
        ("'unclosed", '"\'unclosed": No closing quotation'),
    ],
)
def test_a_failing_password_command_is_one_line(
    store_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    reason: str,
) -> None:
    monkeypatch.delenv(sync.PASSWORD_ENV, raising=False)
    remotes = tmp_path / "config" / "remotes.toml"
    remotes.parent.mkdir(parents=True, exist_ok=True)
    quoted = command.replace("\\", "\\\\").replace('"', '\\"')
    remotes.write_text(
        f'[desk]\nurl = "http://127.0.0.1:9/"\nuser = "a"\npassword_command = "{quoted}"\n',
        encoding="utf-8",
    )
    before = store_state(store_file)
    code, _, err = run(store_file, capsys, "desk")
    assert code == 5
    line = one_line(err)
    assert line.startswith("remotes.toml [desk] password_command ") and line.endswith(reason)
    assert store_state(store_file) == before


def test_ctrl_c_while_the_password_command_asks(
    store_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(sync.PASSWORD_ENV, raising=False)
    remotes = tmp_path / "config" / "remotes.toml"
    remotes.parent.mkdir(parents=True, exist_ok=True)
    remotes.write_text(
        '[desk]\nurl = "http://127.0.0.1:9/"\nuser = "a"\npassword_command = "pass desk"\n',
        encoding="utf-8",
    )

    def asking(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # the user gave up at the passphrase prompt

    monkeypatch.setattr(subprocess, "run", asking)
    code, out, err = run(store_file, capsys, "desk")
    assert code == 130 and out == ""
    assert err == "agenda: sync interrupted: nothing was changed on either side\n"


@pytest.mark.parametrize(
    ("status", "what"),
    [
        (404, "HTTP 404 Not Found"),
        (500, "HTTP 500 Internal Server Error"),
        (405, "HTTP 405 Method Not Allowed"),
        (200, "HTTP 200 OK, a text/html answer instead of a WebDAV multistatus"),
    ],
)
def test_a_web_server_that_is_not_caldav(
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    web_server: Callable[[int], str],
    before: tuple[int, int, int, int],
    status: int,
    what: str,
) -> None:
    url = web_server(status)
    code, out, err = run(store_file, capsys, "--url", url, "--calendar", "Desk", "--create")
    assert code == 5 and out == ""
    assert one_line(err) == f"{url} does not look like a CalDAV server: {what}"
    assert "html" not in err.lower().replace("text/html", "")  # no page dumped
    assert store_state(store_file) == before


@pytest.mark.parametrize("status", [401, 403])
@pytest.mark.parametrize("password", [None, "s3cret"])
def test_authentication_failed_names_user_and_url_with_a_hint(
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    web_server: Callable[[int], str],
    monkeypatch: pytest.MonkeyPatch,
    before: tuple[int, int, int, int],
    status: int,
    password: str | None,
) -> None:
    if password is None:
        monkeypatch.delenv(sync.PASSWORD_ENV, raising=False)
        hint = (
            "no password was given: set AGENDA_CALDAV_PASSWORD, or password_env / "
            "password_command in remotes.toml"
        )
    else:
        monkeypatch.setenv(sync.PASSWORD_ENV, password)
        hint = "check the user name (--user) and the password (from AGENDA_CALDAV_PASSWORD)"
    url = web_server(status)
    code, out, err = run(store_file, capsys, "--url", url, "--user", "bob", "--calendar", "Desk")
    assert code == 5 and out == ""
    line = one_line(err)
    phrase = {401: "Unauthorized", 403: "Forbidden"}[status]
    assert line.startswith(
        f"authentication failed for bob at {url} (HTTP {status} {phrase}): {hint}"
    )
    assert ("this user may not use this URL" in line) == (status == 403)
    assert store_state(store_file) == before


def test_authentication_without_a_user_asks_for_one(
    store_file: Path, capsys: pytest.CaptureFixture[str], web_server: Callable[[int], str]
) -> None:
    url = web_server(401)
    code, _, err = run(store_file, capsys, "--url", url, "--calendar", "Desk")
    assert code == 5
    assert one_line(err).startswith(
        f"authentication failed at {url} (HTTP 401 Unauthorized): the server wants a user name: "
        "give it with --user"
    )


def test_a_listing_that_is_a_web_page_is_never_read_as_an_empty_calendar(
    web_server: Callable[[int], str],
) -> None:
    # were it read as "no events on the server", a sync would delete everything in agenda
    url = web_server(200)
    side = sync.CalDAVSide(caldav.DAVClient(url, timeout=10), url + "desk/")
    with pytest.raises(sync.SyncError, match="does not look like a CalDAV server: HTTP 200 OK"):
        side.listing()
    with pytest.raises(sync.SyncError, match="does not look like a CalDAV server"):
        side.ctag()


def test_a_server_that_never_answers(
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    before: tuple[int, int, int, int],
) -> None:
    monkeypatch.setattr(sync.transport, "TIMEOUT", 0.3)
    with socket.socket() as silent:  # accepts connections (the backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        code, _, err = run(store_file, capsys, "--url", url, "--calendar", "Desk")
    assert code == 5
    assert one_line(err) == f"{url}: no answer within 0.3 s"
    assert store_state(store_file) == before


def test_sigterm_while_waiting_for_the_server_is_an_interruption(
    store_file: Path, before: tuple[int, int, int, int]
) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        silent.settimeout(TIMEOUT)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        proc = subprocess.Popen(
            [sys.executable, "-m", "agenda", "--store", str(store_file), "sync", "--url", url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, sync.PASSWORD_ENV: "x"},
        )
        try:
            conn, _ = silent.accept()  # agenda sync is connected and waits for an answer
            with conn:
                proc.send_signal(signal.SIGTERM)
                out, err = proc.communicate(timeout=TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(TIMEOUT)
    assert proc.returncode == 130 and out == ""
    assert err == "agenda: sync interrupted: nothing was changed on either side\n"
    assert store_state(store_file) == before


# -- against Radicale --------------------------------------------------------------------------


@pytest.fixture
def env(radicale: Radicale, monkeypatch: pytest.MonkeyPatch) -> Iterator[Radicale]:
    monkeypatch.setenv(sync.PASSWORD_ENV, radicale.password)
    yield radicale


def calendars(radicale: Radicale) -> list[str]:
    client = caldav.DAVClient(
        radicale.url, username=radicale.user, password=radicale.password, timeout=10
    )
    return sorted(c.get_display_name() for c in client.principal().calendars())


def test_an_unknown_calendar_lists_the_calendars_there_and_creates_nothing(
    env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    login = ("--url", env.url, "--user", env.user)
    code, _, err = run(store_file, capsys, *login, "--calendar", "Desk")
    assert code == 5
    assert one_line(err) == (
        f"{env.url}: no calendar 'Desk' for analyst: the server has no calendar at all; "
        "add --create to make it"
    )
    assert calendars(env) == []
    assert run(store_file, capsys, *login, "--calendar", "Desk", "--create")[0] == 0
    other = store_file.with_name("other.sqlite3")
    before = (store_state(store_file), store_state(other))
    code, out, err = run(other, capsys, *login, "--calendar", "NOPE")
    assert code == 5 and out == ""
    line = one_line(err)
    assert line.startswith(
        f"{env.url}: no calendar 'NOPE' for analyst (the server has: 'Desk' (path "
    )
    assert line.endswith("); give one of these with --calendar, or add --create to make 'NOPE'")
    assert calendars(env) == ["Desk"]
    code, _, err = run(other, capsys, *login, "--calendar", "NOPE", "--dry-run")
    assert code == 5 and "no calendar 'NOPE'" in err
    assert (store_state(store_file), store_state(other)) == before


def test_two_calendars_and_no_calendar_named(
    env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client = caldav.DAVClient(env.url, username=env.user, password=env.password, timeout=10)
    for name in ("Desk", "Travel"):
        client.principal().make_calendar(name=name)
    code, _, err = run(store_file, capsys, "--url", env.url, "--user", env.user)
    assert code == 5
    line = one_line(err)
    assert line.startswith(f"{env.url}: say which calendar with --calendar (the server has: ")
    assert "'Desk' (path" in line and "'Travel' (path" in line


@pytest.mark.parametrize("create", [False, True])
def test_ctrl_c_says_whether_anything_changed(
    env: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    create: bool,
) -> None:
    if not create:
        client = caldav.DAVClient(env.url, username=env.user, password=env.password, timeout=10)
        client.principal().make_calendar(name="Desk")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sync.CalDAVSide, "listing", interrupted)
    before = store_state(store_file)
    login = ("--url", env.url, "--user", env.user, "--calendar", "Desk")
    code, out, err = run(store_file, capsys, *login, *(["--create"] if create else []))
    assert code == 130
    if create:  # the calendar was made: the next sync finds it and goes on
        assert out.startswith("calendar 'Desk' created")
        assert err == (
            "agenda: sync interrupted: the steps done so far are complete and recorded on both "
            "sides; run agenda sync again to finish\n"
        )
    else:
        assert out == ""
        assert err == "agenda: sync interrupted: nothing was changed on either side\n"
    assert store_state(store_file) == before
    assert calendars(env) == ["Desk"]
    monkeypatch.undo()
    monkeypatch.setenv(sync.PASSWORD_ENV, env.password)
    code, out, _ = run(store_file, capsys, *login)
    assert code == 0 and "server: 5 add" in out


def test_an_unparsable_url_never_repeats_its_password() -> None:
    with pytest.raises(Exception) as info:
        sync.check_url("https://u:s3cret@[::1/dav", "--url")
    assert "s3cret" not in str(info.value)
    assert "not a usable URL" in str(info.value)


def test_an_expired_login_stops_the_sync_instead_of_refusing_each_event() -> None:
    assert sync._one_event(413) and sync._one_event(400)
    for status in (401, 403, 407, 429):
        assert not sync._one_event(status)


class _Answer:
    def __init__(self, status: int) -> None:
        self.status = status
        self.headers = {"ETag": '"2"'} if status < 300 else {}


class _LockingClient:
    """Answers each write with the next status of `statuses` (Xandikos answers 423 Locked while
    another write holds its git index)."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.sent = 0

    def _next(self) -> _Answer:
        self.sent += 1
        return _Answer(self.statuses.pop(0))

    def put(self, url: str, text: str, headers: dict[str, str]) -> _Answer:
        return self._next()

    def delete(self, url: str, headers: dict[str, str]) -> _Answer:
        return self._next()


def test_a_write_answered_423_locked_is_sent_again_after_a_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sync.transport, "LOCKED_WAITS", (0.0, 0.0, 0.0))
    client = _LockingClient([423, 423, 204, 423, 204])
    side = sync.CalDAVSide(client, "http://127.0.0.1:1/cal/")
    assert side.put("/cal/x.ics", "BEGIN:VCALENDAR", '"1"') == '"2"'
    side.delete("/cal/x.ics", '"2"')
    assert client.sent == 5
    # still locked after every wait: that event is refused (skipped), the sync goes on
    client = _LockingClient([423] * 4)
    side = sync.CalDAVSide(client, "http://127.0.0.1:1/cal/")
    with pytest.raises(sync.Refused, match="HTTP 423"):
        side.put("/cal/x.ics", "BEGIN:VCALENDAR", None)
    assert client.sent == 4


def test_after_a_423_every_worker_of_the_pool_writes_one_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sync.transport, "LOCKED_WAITS", (0.0, 0.0, 0.0))
    answers = [423] + [204] * 20
    lock = threading.Lock()

    class Client(_LockingClient):
        def _next(self) -> _Answer:
            with lock:
                return _Answer(answers.pop(0))

    side = sync.CalDAVSide(
        Client([]), "http://127.0.0.1:1/cal/", connections=4, new_client=lambda: Client([])
    )
    assert not side.gate.serial
    hrefs = [f"/cal/{n}.ics" for n in range(8)]
    done = dict(side.map_unordered(lambda s, h: (s.gate is side.gate, s.put(h, "x", None)), hrefs))
    assert all(shared and etag == '"2"' for shared, etag in done.values())
    assert side.gate.serial  # the rest of this sync's writes wait for each other's turn
