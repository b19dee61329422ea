"""`agenda sync` against real CalDAV servers on loopback (each test once on Radicale and once on
Xandikos, through `caldav_server`): first sync up, edits on each side,
additions, conflicts, deletions both ways with tombstones, the delete threshold, dry runs,
interrupted syncs, and a re-run with nothing to do that costs one request."""

from __future__ import annotations

import http.client
import subprocess
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import caldav
import pytest
from icalendar import Calendar

from agenda import cli
from agenda.core.clock import fixed_clock
from agenda.core.store import EventStore
from agenda.share import sync
from tests.conftest import NOW
from tests.share.conftest import Radicale

CSTO = "2021-09-16-csto-collective-security-council"
SCO = "2021-09-17-sco-council-of-heads-of-state"
VISIT = "2021-09-japarov-dushanbe-visit"
MEETING = "2021-09-sco-csto-afghanistan-meeting"
BILATERALS = "2021-09-japarov-dushanbe-bilaterals"
ALL = {CSTO, SCO, VISIT, MEETING, BILATERALS}


@pytest.fixture
def env(caldav_server: Radicale, monkeypatch: pytest.MonkeyPatch) -> Radicale:
    monkeypatch.setenv(sync.PASSWORD_ENV, caldav_server.password)
    return caldav_server


def agenda_sync(
    store_file: Path,
    radicale: Radicale,
    *extra: str,
    capsys: pytest.CaptureFixture[str],
    at: datetime = NOW,
    create: bool = True,
) -> tuple[int, str, str]:
    code = cli.main(
        [
            "--store",
            str(store_file),
            "sync",
            "--url",
            radicale.url,
            "--user",
            radicale.user,
            "--calendar",
            radicale.calendar,
            *(["--create"] if create else []),
            *extra,
        ],
        clock=fixed_clock(at),
    )
    out, err = capsys.readouterr()
    return code, out, err


class Server:
    """Direct access to the Radicale calendar, as another CalDAV client would have."""

    def __init__(self, radicale: Radicale, store_file: Path) -> None:
        with EventStore(store_file) as s:
            url = s.conn.execute("SELECT calendar_url FROM sync_remotes").fetchone()[0]
        self.client = caldav.DAVClient(
            radicale.url, username=radicale.user, password=radicale.password, timeout=10
        )
        self.side = sync.CalDAVSide(self.client, url)

    def objects(self) -> dict[str, tuple[str | None, str]]:
        _, listing = self.side.listing()
        return self.side.fetch(listing)

    def by_uid(self) -> dict[str, tuple[str, str | None, Calendar]]:
        out = {}
        for href, (etag, text) in self.objects().items():
            cal = Calendar.from_ical(text)
            for ev in cal.walk("VEVENT"):
                out[str(ev["UID"])] = (href, etag, cal)
        return out

    def edit(self, uid: str, title: str, modified: datetime) -> None:
        href, etag, cal = self.by_uid()[uid]
        ev = cal.walk("VEVENT")[0]
        ev.pop("SUMMARY")
        ev.add("SUMMARY", title)
        ev.pop("LAST-MODIFIED", None)
        ev.add("LAST-MODIFIED", modified)
        self.side.put(href, cal.to_ical().decode(), etag)

    def add(self, uid: str, title: str) -> None:
        text = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other client//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20211001T000000Z\r\nLAST-MODIFIED:20211001T000000Z\r\n"
            f"DTSTART;VALUE=DATE:20211005\r\nDTEND;VALUE=DATE:20211007\r\nSUMMARY:{title}\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        self.side.put(self.side.href_for(uid), text, None)

    def delete(self, uid: str) -> None:
        href, etag, _ = self.by_uid()[uid]
        self.side.delete(href, etag)


def settled(out: str) -> bool:
    """True when a sync report says neither side had anything to do."""
    return out.startswith("nothing to do") or out.count("0 add, 0 change, 0 delete") == 2


def local_ids(store_file: Path) -> set[str]:
    with EventStore(store_file) as s:
        return {r.id for r in s.window()}


def edit_local(store_file: Path, event_id: str, title: str, at: datetime) -> None:
    with EventStore(store_file, clock=fixed_clock(at)) as s:
        e = s.get(event_id)
        s.put(e.model_copy(update={"title": title}))


@pytest.fixture
def synced(env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Server]:
    code, out, err = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0, err
    assert f"calendar '{env.calendar}' created" in out
    assert "server: 5 add" in out
    yield Server(env, store_file)


@pytest.fixture
def requests_sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    sent: list[str] = []
    original = caldav.DAVClient.request

    def counting(self: caldav.DAVClient, url: str, method: str = "GET", *a: object, **k: object):  # type: ignore[no-untyped-def]
        sent.append(method)
        return original(self, url, method, *a, **k)

    monkeypatch.setattr(caldav.DAVClient, "request", counting)
    early_request = http.client.HTTPConnection.request

    def counting_early(self: http.client.HTTPConnection, method: str, *a: object, **k: object):  # type: ignore[no-untyped-def]
        sent.append(method)  # the first question, sent before caldav is loaded (sync.early)
        return early_request(self, method, *a, **k)

    monkeypatch.setattr(http.client.HTTPConnection, "request", counting_early)
    return sent


def test_first_sync_pushes_everything_then_nothing_to_do_costs_one_request(
    synced: Server,
    env: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    requests_sent: list[str],
) -> None:
    assert set(synced.by_uid()) == ALL
    code, out, _ = agenda_sync(store_file, env, capsys=capsys)
    # with sync-collection the first sync already knows the version after its own writes
    assert code == 0 and settled(out)
    requests_sent.clear()
    code, out, _ = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0 and out.startswith("nothing to do")
    assert requests_sent == ["PROPFIND"]
    assert local_ids(store_file) == ALL and set(synced.by_uid()) == ALL


def test_edit_on_each_side_travels(
    synced: Server, env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_local(store_file, CSTO, "CSTO council (edited in agenda)", NOW + timedelta(hours=1))
    synced.edit(SCO, "SCO council (edited on the server)", NOW + timedelta(hours=1))
    code, out, _ = agenda_sync(store_file, env, capsys=capsys, at=NOW + timedelta(hours=2))
    assert code == 0
    assert f"change {CSTO}" in out and f"change {SCO}" in out and "conflicts" not in out
    remote = synced.by_uid()
    assert str(remote[CSTO][2].walk("VEVENT")[0]["SUMMARY"]) == "CSTO council (edited in agenda)"
    with EventStore(store_file) as s:
        assert s.get(SCO).title == "SCO council (edited on the server)"
        assert s.count() == 5
    assert settled(agenda_sync(store_file, env, capsys=capsys)[1])


def test_additions_on_the_server_come_into_agenda(
    synced: Server, env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    synced.add("2021-10-05-remote-meeting", "Meeting added on the server")
    synced.add("meeting-42@other.example", "Foreign UID")
    code, out, _ = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0 and "agenda: 2 add" in out
    with EventStore(store_file) as s:
        assert s.get("2021-10-05-remote-meeting").title == "Meeting added on the server"
        assert s.get("meeting-42@other.example").title == "Foreign UID"
    assert settled(agenda_sync(store_file, env, capsys=capsys)[1])


@pytest.mark.parametrize("newer", ["server", "agenda"])
def test_conflict_newer_wins_and_the_other_is_kept_as_a_copy(
    synced: Server,
    env: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    newer: str,
) -> None:
    local_at = NOW + timedelta(hours=1 if newer == "server" else 3)
    remote_at = NOW + timedelta(hours=2)
    edit_local(store_file, CSTO, "Title from agenda", local_at)
    synced.edit(CSTO, "Title from the server", remote_at)
    code, out, _ = agenda_sync(store_file, env, capsys=capsys, at=NOW + timedelta(hours=4))
    assert code == 0 and "conflicts" in out and CSTO in out
    winner = "Title from the server" if newer == "server" else "Title from agenda"
    loser = "Title from agenda" if newer == "server" else "Title from the server"
    with EventStore(store_file) as s:
        assert s.get(CSTO).title == winner
        copies = [r for r in s.window() if r.id.startswith(f"{CSTO}-conflict-")]
        assert len(copies) == 1
        copy = s.get(copies[0].id)
        assert copy.title == f"Conflict copy: {loser}" and sync.CONFLICT_TAG in copy.tags
    assert str(synced.by_uid()[CSTO][2].walk("VEVENT")[0]["SUMMARY"]) == winner
    # the next sync shares the copy and settles
    agenda_sync(store_file, env, capsys=capsys, at=NOW + timedelta(hours=5))
    assert settled(agenda_sync(store_file, env, capsys=capsys)[1])


def test_deletes_travel_both_ways_and_do_not_come_back(
    synced: Server, env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with EventStore(store_file) as s:
        s.delete(CSTO)
    synced.delete(SCO)
    code, out, _ = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0
    assert f"delete {CSTO}" in out and f"delete {SCO}" in out
    assert set(synced.by_uid()) == ALL - {CSTO, SCO}
    assert local_ids(store_file) == ALL - {CSTO, SCO}
    with EventStore(store_file) as s:
        assert SCO in s.tombstones() and CSTO in s.tombstones()
    for _ in range(2):
        agenda_sync(store_file, env, capsys=capsys)
        assert local_ids(store_file) == ALL - {CSTO, SCO}
        assert set(synced.by_uid()) == ALL - {CSTO, SCO}


def test_a_tombstone_keeps_a_server_copy_from_coming_back(
    env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # another desk member pushed the dataset before this agenda ever synced; here it was deleted
    with EventStore(store_file) as s:
        s.delete(CSTO)
    other = store_file.with_name("other.sqlite3")
    with EventStore(other) as o, EventStore(store_file) as s:
        o.put_many([*s.get_many(r.id for r in s.window()), _csto()])
    assert agenda_sync(other, env, capsys=capsys)[0] == 0
    code, out, _ = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0 and f"{CSTO}: deleted in agenda" in out
    assert CSTO not in local_ids(store_file)


def _csto():  # type: ignore[no-untyped-def]
    from agenda.core import datafile
    from tests.conftest import DATASET

    return next(e for e in datafile.load(DATASET) if e.id == CSTO)


def test_dry_run_shows_both_sides_and_touches_nothing(
    synced: Server, env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_local(store_file, CSTO, "Edited", NOW + timedelta(hours=1))
    synced.delete(SCO)
    synced.add("2021-10-05-remote-meeting", "Remote")
    before_server = synced.objects()
    with EventStore(store_file) as s:
        before_counter = s.change_counter()
        before_state = s.conn.execute("SELECT * FROM sync_items ORDER BY id").fetchall()
    code, out, _ = agenda_sync(store_file, env, "--dry-run", capsys=capsys)
    assert code == 0
    assert "agenda: 1 add, 0 change, 1 delete (dry run)" in out
    assert "server: 0 add, 1 change, 0 delete (dry run)" in out
    assert "nothing was changed" in out
    assert synced.objects() == before_server
    with EventStore(store_file) as s:
        assert s.change_counter() == before_counter
        assert s.conn.execute("SELECT * FROM sync_items ORDER BY id").fetchall() == before_state


def test_dry_run_before_the_first_sync_creates_nothing(
    env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = agenda_sync(store_file, env, "--dry-run", capsys=capsys)
    assert code == 0 and "would be created" in out and "server: 5 add" in out
    client = caldav.DAVClient(env.url, username=env.user, password=env.password, timeout=10)
    names = [c.get_display_name() for c in client.principal().calendars()]
    assert env.calendar not in names  # the server is shared by the session's tests


def test_too_many_deletes_stop_and_ask(
    synced: Server, env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for uid in (CSTO, SCO, MEETING):
        synced.delete(uid)
    code, _, err = agenda_sync(store_file, env, "--max-delete", "2", capsys=capsys)
    assert code == 5 and "would delete 3 of 5 events in agenda" in err
    assert local_ids(store_file) == ALL  # nothing touched
    code, _, _ = agenda_sync(store_file, env, "--max-delete", "2", "--yes", capsys=capsys)
    assert code == 0 and local_ids(store_file) == {VISIT, BILATERALS}


def test_an_interrupted_sync_is_finished_by_the_next(
    env: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = sync.CalDAVSide.put
    calls = []

    def dropping(self: sync.CalDAVSide, href: str, text: str, etag: str | None) -> str | None:
        calls.append(href)
        if len(calls) == 3:
            raise ConnectionResetError("network dropped")
        return original(self, href, text, etag)

    monkeypatch.setattr(sync.CalDAVSide, "put", dropping)
    code, _, err = agenda_sync(store_file, env, capsys=capsys)
    assert code == 5 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"agenda: {env.url}: the connection failed (network dropped); ")
    assert "recorded on both sides; run agenda sync again to finish" in err
    server = Server(env, store_file)
    # the PUTs run in parallel: those in flight when the third failed finish, unrecorded
    on_server = set(server.by_uid())
    with EventStore(store_file) as s:
        recorded = {r[0] for r in s.conn.execute("SELECT id FROM sync_items")}
    assert 2 <= len(on_server) <= 4 and recorded <= on_server
    monkeypatch.setattr(sync.CalDAVSide, "put", original)
    code, out, _ = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0 and f"server: {5 - len(on_server)} add" in out
    assert set(server.by_uid()) == ALL and local_ids(store_file) == ALL
    assert len(server.objects()) == len(ALL)  # no duplicates


def test_a_kill_between_a_server_write_and_its_record_is_healed(
    env: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = sync.SyncState.record
    calls = []

    def dying(
        self: sync.SyncState, event_id: str, base: sync.Base, *, written: bool = False
    ) -> None:
        calls.append(event_id)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as if killed right after the PUT succeeded
        original(self, event_id, base, written=written)

    monkeypatch.setattr(sync.SyncState, "record", dying)
    code, out, err = agenda_sync(store_file, env, capsys=capsys)
    assert code == 130 and out.startswith(f"calendar '{env.calendar}' created")
    assert err == (
        "agenda: sync interrupted: the steps done so far are complete and recorded on both "
        "sides; run agenda sync again to finish\n"
    )
    monkeypatch.setattr(sync.SyncState, "record", original)
    server = Server(env, store_file)
    # at least two PUTs happened (more were in flight: they run in parallel), one recorded
    on_server = len(server.by_uid())
    assert on_server >= 2
    with EventStore(store_file) as s:
        assert s.conn.execute("SELECT count(*) FROM sync_items").fetchone()[0] == 1
    code, out, _ = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0 and f"server: {5 - on_server} add" in out and "conflicts" not in out
    assert set(server.by_uid()) == ALL and local_ids(store_file) == ALL
    assert len(server.objects()) == len(ALL)  # no duplicates


def test_named_remote_with_a_password_command(
    env: Radicale,
    store_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(sync.PASSWORD_ENV)
    remotes = Path(str(tmp_path / "config" / "remotes.toml"))
    remotes.parent.mkdir(parents=True, exist_ok=True)
    remotes.write_text(
        f'[desk]\nurl = "{env.url}"\nuser = "{env.user}"\ncalendar = "{env.calendar}"\n'
        f'password_command = "echo {env.password}"\n',
        encoding="utf-8",
    )
    code = cli.main(
        ["--store", str(store_file), "sync", "desk", "--create"], clock=fixed_clock(NOW)
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "server: 5 add" in out
    remotes.write_text('[desk]\nurl = "x"\npassword = "plain"\n', encoding="utf-8")
    code = cli.main(["--store", str(store_file), "sync", "desk"], clock=fixed_clock(NOW))
    assert code == 2 and "never stored in plain text" in capsys.readouterr().err


def test_wrong_password_is_a_clear_error(
    radicale: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(sync.PASSWORD_ENV, "wrong")
    code, _, err = agenda_sync(store_file, radicale, capsys=capsys)
    assert code == 5 and err.count("\n") == 1
    assert err.startswith(f"agenda: authentication failed for analyst at {radicale.url} (HTTP 401")
    assert "check the user name (--user) and the password (from AGENDA_CALDAV_PASSWORD)" in err


def test_events_travel_as_the_vevents_export_writes(synced: Server, store_file: Path) -> None:
    from agenda.ics import export_events

    with EventStore(store_file) as s:
        event = s.get(VISIT)
    _, _, cal = synced.by_uid()[VISIT]
    exported = Calendar.from_ical(export_events([event], "agenda", now=NOW))
    ours = exported.walk("VEVENT")[0]
    theirs = cal.walk("VEVENT")[0]
    for prop in ("SUMMARY", "DTSTART", "DTEND", "UID", "CATEGORIES", "DESCRIPTION"):
        assert theirs[prop].to_ical() == ours[prop].to_ical(), prop


@pytest.mark.parametrize("odd_id", ["meeting-42@other.example", "a/b:c%41?x#y", "Réunion+été;1"])
def test_ids_that_need_quoting_in_a_url_survive_the_round_trip(
    env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str], odd_id: str
) -> None:
    # Radicale lists `meeting-42@other.example.ics` for what was put as `...%40...`: read as two
    # hrefs, the event looked deleted on the server and the next sync deleted it in agenda
    from agenda.core.models import parse_event

    with EventStore(store_file) as s:
        s.put(
            parse_event({"id": odd_id, "title": "Odd id", "kind": "meeting", "start": "2021-10-01"})
        )
    code, out, _ = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0 and "server: 6 add" in out
    for _ in range(2):
        code, out, _ = agenda_sync(store_file, env, capsys=capsys)
        assert code == 0 and settled(out), out
        assert local_ids(store_file) == ALL | {odd_id}
    assert set(Server(env, store_file).by_uid()) == ALL | {odd_id}


def test_an_event_the_server_refuses_is_skipped_not_the_whole_sync(
    env: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = sync.CalDAVSide.put

    def picky(self: sync.CalDAVSide, href: str, text: str, etag: str | None) -> str | None:
        if CSTO in text:
            raise sync.Refused(f"{href}: the server refused the event (HTTP 413 Content Too Large)")
        return original(self, href, text, etag)

    monkeypatch.setattr(sync.CalDAVSide, "put", picky)
    code, out, err = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0, err
    assert "server: 4 add" in out and f"add {CSTO}" not in out
    assert (
        f"  {CSTO}: " in out and "HTTP 413 Content Too Large); it stays as it is in agenda" in out
    )
    monkeypatch.setattr(sync.CalDAVSide, "put", original)
    code, out, _ = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0 and "server: 1 add" in out and f"add {CSTO}" in out
    assert set(Server(env, store_file).by_uid()) == ALL


def test_a_calendar_gone_from_the_server_then_forget_starts_over(
    synced: Server, env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    synced.client.calendar(url=synced.side.calendar_url).delete()
    with EventStore(store_file) as s:
        before = (s.change_counter(), s.conn.execute("SELECT count(*) FROM sync_items").fetchone())
    code, out, err = agenda_sync(store_file, env, capsys=capsys, create=False)
    assert code == 5 and out == ""
    assert err == (
        f"agenda: {synced.side.calendar_url}: the calendar is gone from the server (HTTP 404 Not "
        "Found); to start over with a new one, run sync again with --forget --create (--dry-run "
        "first shows what that would do)\n"
    )
    code, out, _ = agenda_sync(store_file, env, "--forget", "--dry-run", capsys=capsys)
    assert code == 0 and "would be created" in out and "server: 5 add" in out
    with EventStore(store_file) as s:
        after = (s.change_counter(), s.conn.execute("SELECT count(*) FROM sync_items").fetchone())
    assert after == before  # a dry run forgets nothing
    code, out, _ = agenda_sync(store_file, env, "--forget", capsys=capsys)
    assert code == 0 and "created" in out and "server: 5 add" in out
    assert local_ids(store_file) == ALL
    assert settled(agenda_sync(store_file, env, capsys=capsys)[1])
    assert set(Server(env, store_file).by_uid()) == ALL


def test_forget_with_both_sides_full_deletes_nothing(
    synced: Server, env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    synced.delete(SCO)
    synced.add("2021-10-05-remote-meeting", "Remote")
    code, out, _ = agenda_sync(store_file, env, "--forget", capsys=capsys)
    assert code == 0
    assert "agenda: 1 add, 0 change, 0 delete" in out and "server: 1 add, 0 change, 0 delete" in out
    assert local_ids(store_file) == ALL | {"2021-10-05-remote-meeting"}
    assert set(synced.by_uid()) == ALL | {"2021-10-05-remote-meeting"}


def test_a_conflict_copy_reaches_the_server_on_the_next_sync(
    synced: Server, env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the server's version wins: this sync writes only to agenda (the pull and the copy)
    edit_local(store_file, CSTO, "Title from agenda", NOW + timedelta(hours=1))
    synced.edit(CSTO, "Title from the server", NOW + timedelta(hours=2))
    code, out, err = agenda_sync(store_file, env, capsys=capsys, at=NOW + timedelta(hours=4))
    assert code == 0 and "conflicts" in out, err
    with EventStore(store_file) as s:
        (copy_id,) = [r.id for r in s.window() if r.id.startswith(f"{CSTO}-conflict-")]
    code, out, err = agenda_sync(store_file, env, capsys=capsys, at=NOW + timedelta(hours=5))
    assert code == 0 and f"add {copy_id}" in out, out + err
    remote = synced.by_uid()
    assert copy_id in remote
    assert (
        str(remote[copy_id][2].walk("VEVENT")[0]["SUMMARY"]) == "Conflict copy: Title from agenda"
    )
    assert settled(agenda_sync(store_file, env, capsys=capsys)[1])


def _serve_also(monkeypatch: pytest.MonkeyPatch, objects: dict[str, str]) -> None:
    """Make the server side list and fetch these objects (href name -> VEVENT lines) besides
    what Radicale holds: Radicale itself refuses to store or serve such events ("date value
    out of range"), other servers and other clients' files do not."""
    listing, fetch_each = sync.CalDAVSide.listing, sync.CalDAVSide.fetch_each

    def href(side: sync.CalDAVSide, name: str) -> str:
        return sync.href_path(side.calendar_url.rstrip("/") + "/" + name)

    def text(uid: str, lines: str) -> str:
        return (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other client//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20211001T000000Z\r\nSUMMARY:Hostile {uid}\r\n{lines}"
            "END:VEVENT\r\nEND:VCALENDAR\r\n"
        )

    def no_changes(self: sync.CalDAVSide, version: str | None) -> None:
        return None  # as a server without sync-collection: every sync lists

    def more_listing(self: sync.CalDAVSide) -> tuple[str | None, dict[str, str | None]]:
        ctag, found = listing(self)
        return ctag, {**found, **{href(self, n): f'"{n}"' for n in objects}}

    def more_fetch(
        self: sync.CalDAVSide, hrefs: Iterable[str]
    ) -> Iterator[tuple[str, sync.ServerObject]]:
        ours = {href(self, n): n for n in objects}
        wanted = list(hrefs)
        yield from fetch_each(self, [h for h in wanted if h not in ours])
        for h in wanted:
            if h in ours:
                name = ours[h]
                yield (
                    h,
                    sync.ServerObject(f'"{name}"', text(name.removesuffix(".ics"), objects[name])),
                )

    monkeypatch.setattr(sync.CalDAVSide, "changes_since", no_changes)
    monkeypatch.setattr(sync.CalDAVSide, "listing", more_listing)
    monkeypatch.setattr(sync.CalDAVSide, "fetch_each", more_fetch)


def test_a_server_event_whose_time_cannot_be_converted_is_skipped_not_the_sync(
    synced: Server,
    env: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _serve_also(
        monkeypatch, {"far-future.ics": "DTSTART;TZID=America/New_York:99991231T230000\r\n"}
    )
    synced.add("2021-10-05-remote-meeting", "Meeting added on the server")
    code, out, err = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0 and "Traceback" not in err, err
    assert "agenda: 1 add" in out and "add 2021-10-05-remote-meeting" in out
    (line,) = [ln for ln in out.splitlines() if "far-future" in ln]
    # refused by the reader's date range (1900-2200) or, past it, by the conversion to UTC
    assert line.startswith("  server ") and (
        "outside the supported range" in line or "cannot be converted" in line
    ), line
    assert "far-future" not in local_ids(store_file)
    code, out, err = agenda_sync(store_file, env, capsys=capsys)  # and again: still no traceback
    assert code == 0 and "Traceback" not in err, err
    assert "far-future" not in err


def test_server_rules_the_reader_refuses_are_skipped_not_a_hang(
    synced: Server,
    env: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The RRULE reader refuses INTERVAL=0 and finds rules without occurrences empty; were it to
    # expand them forever again, the sync would hang, so the reader is tried first in a
    # subprocess with a timeout and the test fails (not hangs) when it does not return.
    start = "DTSTART:20210901T100000Z\r\nDTEND:20210901T110000Z\r\n"
    objects = {
        "interval-zero.ics": f"{start}RRULE:FREQ=DAILY;INTERVAL=0\r\n",
        "never.ics": f"{start}RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=31\r\n",
    }
    probe = (
        "import sys, datetime; from agenda.share import sync\n"
        "for text in sys.argv[1:]:\n"
        "    t = 'BEGIN:VCALENDAR\\r\\nVERSION:2.0\\r\\nPRODID:-//p//EN\\r\\nBEGIN:VEVENT\\r\\n'"
        " + 'UID:p\\r\\nDTSTAMP:20211001T000000Z\\r\\nSUMMARY:p\\r\\n' + text"
        " + 'END:VEVENT\\r\\nEND:VCALENDAR\\r\\n'\n"
        "    sync._parse_remote('p.ics', t, datetime.date(2021, 9, 1))\n"
    )
    try:
        subprocess.run([sys.executable, "-c", probe, *objects.values()], timeout=20, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail("reading these server rules did not end in 20 s: the sync would hang")
    _serve_also(monkeypatch, objects)
    synced.add("2021-10-05-remote-meeting", "Meeting added on the server")
    code, out, err = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0 and "Traceback" not in err, err
    assert "add 2021-10-05-remote-meeting" in out
    # a rule that never matches is dropped: the event keeps its own start (RFC 5545 counts it)
    assert "/never.ics" not in out and "never" in local_ids(store_file)
    for name in ("interval-zero",):
        (line,) = [ln for ln in out.splitlines() if f"/{name}.ics" in ln]
        assert line.startswith("  server "), line
    assert not {i for i in local_ids(store_file) if i.startswith("interval-zero")}


def test_an_agenda_edit_during_the_sync_is_not_overwritten_by_a_pull(
    synced: Server,
    env: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The plan reads agenda's side, then asks the server (no lock held meanwhile): an `agenda
    edit` in that gap was overwritten by the server's version, with no conflict copy."""
    synced.edit(SCO, "SCO council (edited on the server)", NOW + timedelta(hours=1))
    real = sync.plan

    def plan_then_local_edit(*args, **kwargs):  # type: ignore[no-untyped-def]
        ops = real(*args, **kwargs)
        edit_local(store_file, SCO, "SCO council (edited in agenda meanwhile)", NOW)
        return ops

    monkeypatch.setattr(sync.run, "plan", plan_then_local_edit)
    code, out, _ = agenda_sync(store_file, env, capsys=capsys, at=NOW + timedelta(hours=2))
    monkeypatch.setattr(sync.run, "plan", real)
    assert code == 0
    assert f"{SCO}: changed in agenda during this sync; left alone" in out
    with EventStore(store_file) as s:
        assert s.get(SCO).title == "SCO council (edited in agenda meanwhile)"
    # the next sync sees both sides changed: the newer wins, the other is kept as a copy
    code, out, err = agenda_sync(store_file, env, capsys=capsys, at=NOW + timedelta(hours=3))
    assert code == 0 and "conflicts" in out, out + err


def test_a_series_and_an_edited_occurrence_round_trip_as_one_object(
    synced: Server, env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from agenda.core.models import parse_event

    later = NOW + timedelta(hours=1)
    with EventStore(store_file, clock=fixed_clock(later)) as s:
        s.put(
            parse_event(
                {
                    "id": "council",
                    "title": "Weekly council",
                    "kind": "meeting",
                    "start": "2021-10-04T10:00:00",
                    "end": "2021-10-04T11:00:00",
                    "tz": "Europe/Berlin",
                    "repeat": {"rule": "FREQ=WEEKLY;COUNT=5"},
                }
            )
        )
    code, out, err = agenda_sync(store_file, env, capsys=capsys, at=later)
    assert code == 0 and "add council" in out, (out, err)
    ((href, _, cal),) = [v for k, v in synced.by_uid().items() if k == "council"]
    (master,) = cal.walk("VEVENT")
    assert master["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=5"

    # agenda: one occurrence moved (an override); the sync writes the series' object whole
    moved_id = "council/20211018T100000"
    with EventStore(store_file, clock=fixed_clock(later)) as s:
        s.put(
            s.get(moved_id).model_copy(
                update={
                    "title": "Weekly council (Tuesday)",
                    "start": datetime(2021, 10, 19, 10),
                    "end": datetime(2021, 10, 19, 11),
                }
            )
        )
        assert s.get(moved_id).recurrence_of == "council"
    code, out, err = agenda_sync(store_file, env, capsys=capsys, at=later + timedelta(hours=1))
    assert code == 0 and f"add {moved_id}" in out, (out, err)
    objects = {h: t for h, (_, t) in synced.objects().items() if "UID:council" in t}
    assert list(objects) == [href]  # one object: master and override of one UID
    vevents = Calendar.from_ical(objects[href]).walk("VEVENT")
    assert len(vevents) == 2 and {str(v["UID"]) for v in vevents} == {"council"}
    (override,) = [v for v in vevents if "RECURRENCE-ID" in v]
    assert override["RECURRENCE-ID"].to_ical() == b"20211018T100000"
    assert str(override["SUMMARY"]) == "Weekly council (Tuesday)"

    # another client renames the occurrence on the server: it comes back to the override only
    _, etag, cal = synced.by_uid()["council"]
    for v in cal.walk("VEVENT"):
        if "RECURRENCE-ID" in v:
            v.pop("SUMMARY")
            v.add("SUMMARY", "Council moved to Tuesday")
            v.pop("LAST-MODIFIED", None)
            v.add("LAST-MODIFIED", later + timedelta(hours=2))
    synced.side.put(href, cal.to_ical().decode(), etag)
    code, out, err = agenda_sync(store_file, env, capsys=capsys, at=later + timedelta(hours=3))
    assert code == 0 and f"change {moved_id}" in out, (out, err)
    with EventStore(store_file) as s:
        assert s.get(moved_id).title == "Council moved to Tuesday"
        assert s.get(moved_id).recurrence_start == datetime(2021, 10, 18, 10)
        master_event = s.get("council")
        assert master_event.title == "Weekly council" and master_event.repeat is not None
    code, out, err = agenda_sync(store_file, env, capsys=capsys, at=later + timedelta(hours=4))
    assert code == 0 and settled(out), out

    # deleting the series in agenda deletes its object (with the override) on the server
    with EventStore(store_file, clock=fixed_clock(later)) as s:
        s.delete("council")
    code, out, err = agenda_sync(store_file, env, capsys=capsys, at=later + timedelta(hours=5))
    assert code == 0 and "Traceback" not in err, err
    assert "council" not in synced.by_uid()
    assert not any("UID:council" in t for _, t in synced.objects().values())


def test_a_read_only_calendar_is_neither_pushed_nor_written_by_a_sync(
    env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from agenda.core.models import parse_event

    with EventStore(store_file) as s:
        s.add_calendar("feed", writable=False)
        s.replace_calendar_events(
            "feed",
            [parse_event({"id": f"feed-{i}", "title": "Theirs", "start": "2021-09-20"})
             for i in range(2)],
        )  # fmt: skip
    code, out, err = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0, err
    server = Server(env, store_file)
    assert set(server.by_uid()) == ALL  # the subscription's events stay off the server
    server.add("feed-0", "Same UID on the server")
    code, out, err = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0, err
    assert "feed-0 is held by the read-only calendar 'feed'" in out + err
    with EventStore(store_file) as s:
        assert s.get("feed-0").title == "Theirs" and s.get("feed-0").calendar == "feed"
