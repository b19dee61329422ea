"""The first question of a sync, sent before caldav is loaded (`agenda.share.sync.early`): a sync
with nothing to do needs no caldav client, a changed one asks what changed once, and any answer
the early path cannot use leaves the question to caldav (its errors are the ones reported)."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import caldav
import pytest

from agenda.core.store import EventStore
from agenda.share import sync
from agenda.share.sync import early
from tests.conftest import NOW
from tests.share.conftest import Radicale
from tests.share.test_sync import (
    CSTO,
    SCO,
    Server,
    agenda_sync,
    edit_local,
    settled,
)


@pytest.fixture
def env(caldav_server: Radicale, monkeypatch: pytest.MonkeyPatch) -> Radicale:
    monkeypatch.setenv(sync.PASSWORD_ENV, caldav_server.password)
    return caldav_server


@pytest.fixture
def synced(env: Radicale, store_file: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Server]:
    code, _, err = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0, err
    assert settled(agenda_sync(store_file, env, capsys=capsys)[1])
    yield Server(env, store_file)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every request of a sync, early or through caldav: the method, and `sync-collection` after
    it for a REPORT of what changed."""
    out: list[str] = []

    def name(method: str, body: object) -> str:
        text = body.decode() if isinstance(body, bytes) else str(body or "")
        return f"{method} sync-collection" if "sync-collection" in text else method

    through_caldav = caldav.DAVClient.request

    def by_caldav(self, url, method="GET", body="", *a, **k):  # type: ignore[no-untyped-def]
        out.append(name(method, body))
        return through_caldav(self, url, method, body, *a, **k)

    through_http = http.client.HTTPConnection.request

    def by_http(self, method, url, body=None, *a, **k):  # type: ignore[no-untyped-def]
        out.append(name(method, body))
        return through_http(self, method, url, body, *a, **k)

    monkeypatch.setattr(caldav.DAVClient, "request", by_caldav)
    monkeypatch.setattr(http.client.HTTPConnection, "request", by_http)
    return out


def no_client(*_: object, **__: object) -> None:
    raise AssertionError("a caldav client was made")


def test_nothing_to_do_needs_no_caldav_client(
    synced: Server,
    env: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sent: list[str],
) -> None:
    monkeypatch.setattr(sync.transport, "connect", no_client)
    code, out, err = agenda_sync(store_file, env, capsys=capsys)
    assert code == 0, err
    assert out.startswith("nothing to do")
    assert sent == ["PROPFIND"]


def test_a_change_on_the_server_is_seen_through_the_early_answer(
    synced: Server,
    env: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    sent: list[str],
) -> None:
    synced.edit(SCO, "SCO council (edited on the server)", NOW + timedelta(hours=1))
    sent.clear()
    code, out, err = agenda_sync(store_file, env, capsys=capsys, at=NOW + timedelta(hours=2))
    assert code == 0, err
    assert f"change {SCO}" in out
    with EventStore(store_file) as s:
        assert s.get(SCO).title == "SCO council (edited on the server)"
    # the early PROPFIND said the version moved; what changed was asked once
    assert sent[0] == "PROPFIND" and sent.count("REPORT sync-collection") == 1
    assert settled(agenda_sync(store_file, env, capsys=capsys)[1])


def test_changes_on_both_sides_ask_what_changed_once(
    synced: Server,
    env: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    sent: list[str],
) -> None:
    edit_local(store_file, CSTO, "CSTO council (edited in agenda)", NOW + timedelta(hours=1))
    synced.edit(SCO, "SCO council (edited on the server)", NOW + timedelta(hours=1))
    sent.clear()
    code, out, err = agenda_sync(store_file, env, capsys=capsys, at=NOW + timedelta(hours=2))
    assert code == 0, err
    assert f"change {CSTO}" in out and f"change {SCO}" in out
    assert sent[0] == "REPORT sync-collection"
    assert sent.count("REPORT sync-collection") == 1 or env.kind != "radicale"
    remote = synced.by_uid()
    assert str(remote[CSTO][2].walk("VEVENT")[0]["SUMMARY"]) == "CSTO council (edited in agenda)"
    assert settled(agenda_sync(store_file, env, capsys=capsys)[1])


def test_an_early_answer_it_cannot_use_leaves_the_question_to_caldav(
    radicale: Radicale,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sent: list[str],
) -> None:
    """A password changed since the last sync: the early question gets a 401, caldav asks again
    and its error is the one reported, in the same words as on a first sync."""
    monkeypatch.setenv(sync.PASSWORD_ENV, radicale.password)
    assert agenda_sync(store_file, radicale, capsys=capsys)[0] == 0
    monkeypatch.setenv(sync.PASSWORD_ENV, "wrong")
    sent.clear()
    code, _, err = agenda_sync(store_file, radicale, capsys=capsys)
    assert code == 5 and err.count("\n") == 1
    assert err.startswith(f"agenda: authentication failed for analyst at {radicale.url} (HTTP 401")
    assert len(sent) >= 2 and sent[1] == sent[0]  # early, then caldav's own


@pytest.mark.parametrize(
    "url",
    [
        "http://calendar.example.org/dav/desk/",  # the password would travel in clear
        "ftp://127.0.0.1/desk/",
        "http://user:pw@127.0.0.1/desk/",
    ],
)
def test_no_early_question_in_clear_to_another_machine(url: str) -> None:
    assert early.ask(url, "analyst", "s3cret", early.VERSION, "sync-token x") is None


def test_no_early_question_through_a_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """caldav's HTTP stack would go through the proxy: the early path does not try to."""
    monkeypatch.setenv("https_proxy", "http://proxy.example.org:3128")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    url = "https://dav.example.org/desk/"
    assert early.ask(url, "analyst", "s3cret", early.VERSION, "sync-token x") is None
