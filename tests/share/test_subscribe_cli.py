"""The subscription commands through `agenda.cli.main`: subscribe, refresh, subscriptions and
unsubscribe, with --json, --help examples and one-line errors; edits of a subscription's events
refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.share.feeds import FeedSite, Route
from tests.share.test_subscribe_refresh import calendar, vevent


@pytest.fixture
def store(tmp_path: Path) -> str:
    return str(tmp_path / "mine.sqlite3")


def test_subscribe_list_refresh_unsubscribe(
    store: str, feed_site: FeedSite, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("a", "A"), vevent("b", "B")))
    url = feed_site.url("/f.ics")
    code, out, err = run("--store", store, "subscribe", url, "--name", "team", capsys=capsys)
    assert code == 0, err
    assert "subscribed: team: 2 events" in out and "read-only calendar 'team'" in out
    code, out, _ = run("--store", store, "subscriptions", capsys=capsys)
    assert "team  " + url in out and "last ok 2026-11-26 12:00:00 UTC; 2 events" in out
    code, out, _ = run("--store", store, "refresh", capsys=capsys)
    assert (code, out.strip()) == (
        0,
        "no subscription is due (`agenda refresh --force` refreshes them all)",
    )
    feed_site.routes["/f.ics"] = Route(status=500)
    code, out, err = run("--store", store, "refresh", "team", capsys=capsys)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "team: failed, the last good copy is kept" in err
    code, out, _ = run("--store", store, "subscriptions", "--json", capsys=capsys)
    [sub] = json.loads(out)
    assert sub["name"] == "team" and "HTTP 500" in sub["last_error"] and sub["events"] == 2
    code, out, _ = run(
        "--store", store, "list", "--from", "2021-10-01", "--days", "1", capsys=capsys
    )
    assert "A" in out and "B" in out
    code, out, _ = run("--store", store, "unsubscribe", "team", "--json", capsys=capsys)
    assert json.loads(out) == {"name": "team", "removed_events": 2}
    code, out, _ = run("--store", store, "subscriptions", capsys=capsys)
    assert out.startswith("no subscriptions")


def test_json_of_subscribe_and_refresh(
    store: str, feed_site: FeedSite, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("a", "A")), etag='"x"')
    url = feed_site.url("/f.ics")
    code, out, _ = run("--store", store, "subscribe", url, "--name", "t", "--json", capsys=capsys)
    got = json.loads(out)
    assert (got["name"], got["status"], got["events"]) == ("t", "updated", 1)
    code, out, _ = run("--store", store, "refresh", "--force", "--json", capsys=capsys)
    [again] = json.loads(out)
    assert (code, again["status"]) == (0, "unchanged")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["subscribe", "ftp://x/a.ics", "--name", "t"], "not an http, https or webcal URL"),
        (
            ["subscribe", "http://127.0.0.1:9/a.ics", "--name", "bad name"],
            "not a subscription name",
        ),
        (["subscribe", "http://127.0.0.1:9/a.ics", "--name", "t", "--every", "soon"], "--every:"),
        (["subscribe", "http://127.0.0.1:9/a.ics", "--name", "t", "--every", "10s"], "--every:"),
        (
            ["subscribe", "http://127.0.0.1:9/a.ics", "--name", "t", "--colour", "mauve"],
            "--colour:",
        ),
        (["refresh", "nope"], "no subscription named 'nope' (there are none)"),
        (["unsubscribe", "nope"], "no subscription named 'nope'"),
    ],
)
def test_one_line_errors(
    store: str, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from agenda.core.store import EventStore

    EventStore(store).close()  # an existing, empty store
    code, out, err = run("--store", store, *argv, capsys=capsys)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and message in err, err


def test_events_of_a_subscription_cannot_be_edited(
    store: str, feed_site: FeedSite, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("a", "A")))
    run("--store", store, "subscribe", feed_site.url("/f.ics"), "--name", "team", capsys=capsys)
    code, _, err = run("--store", store, "edit", "team:a", "--title", "Mine", capsys=capsys)
    assert code != 0 and "read-only" in err and "agenda copy" in err


@pytest.mark.parametrize("command", ["subscribe", "refresh", "unsubscribe", "subscriptions"])
def test_help_has_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(command, "--help", capsys=capsys)
    out = capsys.readouterr().out
    assert "examples:" in out and f"agenda {command}" in out and "--json" in out


def test_a_copy_is_yours_and_survives_the_next_refresh(
    store: str, feed_site: FeedSite, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("a", "A")))
    run("--store", store, "subscribe", feed_site.url("/f.ics"), "--name", "team", capsys=capsys)
    code, out, err = run(
        "--store", store, "copy", "team:a", "--calendar", "default", "--json", capsys=capsys
    )
    assert code == 0, err
    copy_id = json.loads(out)["id"]
    code, _, err = run("--store", store, "edit", copy_id, "--title", "Mine now", capsys=capsys)
    assert code == 0, err
    feed_site.routes["/f.ics"] = Route(body=calendar(vevent("b", "B")))
    assert run("--store", store, "refresh", "team", capsys=capsys)[0] == 0
    code, out, _ = run("--store", store, "list", "--calendar", "team", "--json", capsys=capsys)
    assert [e["id"] for e in json.loads(out)] == ["team:b"]
    code, out, _ = run("--store", store, "show", copy_id, "--json", capsys=capsys)
    assert json.loads(out)["title"] == "Mine now"
