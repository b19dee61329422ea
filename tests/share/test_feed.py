"""`agenda serve`: the feed through a real HTTP client on loopback — filters, validators and 304,
gzip, the token, bad parameters and malformed requests, the CLI itself, and a bounded load test."""

from __future__ import annotations

import base64
import gzip
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from email.utils import format_datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from agenda.core.errors import UsageError
from agenda.core.models import parse_event
from agenda.core.store import EventStore
from agenda.share.feed import (
    FeedServer,
    accepts_gzip,
    check_exposure,
    etag_matches,
    is_loopback,
)
from tests.share.conftest import TIMEOUT, get, wait_for

ALL = {
    "2021-09-japarov-dushanbe-visit",
    "2021-09-16-csto-collective-security-council",
    "2021-09-17-sco-council-of-heads-of-state",
    "2021-09-sco-csto-afghanistan-meeting",
    "2021-09-japarov-dushanbe-bilaterals",
}

Start = Callable[..., FeedServer]


def uids(body: bytes) -> set[str]:
    cal = Calendar.from_ical(body.decode("utf-8"))
    return {str(c["UID"]) for c in cal.walk("VEVENT")}


def add_event(store_file: Path, event_id: str = "2021-10-01-new-summit") -> None:
    with EventStore(store_file) as s:
        s.put(
            parse_event(
                {"id": event_id, "title": "New summit", "kind": "summit", "start": "2021-10-01"}
            )
        )


def test_whole_feed_is_a_calendar_with_every_event(serve_feed: Start) -> None:
    reply = get(serve_feed(), "/calendar.ics")
    assert reply.status == 200
    assert reply.headers["content-type"] == "text/calendar; charset=utf-8"
    assert reply.headers["etag"].startswith('"') and not reply.headers["etag"].startswith("W/")
    assert "last-modified" in reply.headers
    assert int(reply.headers["content-length"]) == len(reply.body)
    assert uids(reply.body) == ALL


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "org=SCO",
            {"2021-09-17-sco-council-of-heads-of-state", "2021-09-sco-csto-afghanistan-meeting"},
        ),
        ("org=sco&kind=summit", {"2021-09-17-sco-council-of-heads-of-state"}),
        (
            "kind=summit,meeting&org=CSTO",
            {"2021-09-16-csto-collective-security-council", "2021-09-sco-csto-afghanistan-meeting"},
        ),
        (
            "kind=summit&kind=visit",
            {
                "2021-09-16-csto-collective-security-council",
                "2021-09-17-sco-council-of-heads-of-state",
                "2021-09-japarov-dushanbe-visit",
            },
        ),
        ("from=2021-09-17&kind=summit", {"2021-09-17-sco-council-of-heads-of-state"}),
        ("to=2021-09-16&kind=summit", {"2021-09-16-csto-collective-security-council"}),
        ("from=2021-10-01", set()),
        (
            "from=16+Sep+2021&to=2021-09-16&kind=summit",
            {"2021-09-16-csto-collective-security-council"},
        ),
    ],
)
def test_filters_are_those_of_export(serve_feed: Start, query: str, expected: set[str]) -> None:
    reply = get(serve_feed(), f"/calendar.ics?{query}")
    assert reply.status == 200, reply.body
    assert uids(reply.body) == expected


@pytest.mark.parametrize(
    "query", ["text=Afghanistan", "text=Japarov&kind=bilateral", "country=Tajikistan"]
)
def test_feed_selects_what_the_store_window_selects(
    serve_feed: Start, store_file: Path, query: str
) -> None:
    from datetime import date

    from agenda.share.feed import parse_query

    wanted = parse_query(query, date(2021, 9, 1))
    with EventStore(store_file) as s:
        expected = {r.id for r in s.window(filters=wanted.filters)}
    assert expected  # the query selects something
    assert uids(get(serve_feed(), f"/calendar.ics?{query}").body) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("color=red", "unknown parameter 'color'"),
        ("from=yesterdayish", "parameter 'from': 'yesterdayish' is not a date"),
        ("to=2021-02-30", "parameter 'to'"),
        ("kind=party", "unknown kind 'party'"),
        ("status=maybe", "unknown status 'maybe'"),
        ("from=2021-09-17&to=2021-09-01", "is before parameter 'from'"),
        ("org=", "parameter 'org' is empty"),
        ("from=2021-09-01&from=2021-09-02", "takes one date"),
        ("text=%ff%fe", "cannot be read"),
        ("org=FOO", "parameter 'org': unknown organization code 'FOO' (known: CSTO, SCO,"),
        ("org=SCO,FOO&kind=summit", "unknown organization code 'FOO'"),
        ("foo=1", "unknown parameter 'foo' (known: from, to, kind, org,"),
        ("kind=nonsense", "parameter 'kind': unknown kind 'nonsense' (visit, summit,"),
        ("status=x", "parameter 'status': unknown status 'x' (announced,"),
        ("from=2021-13-45", "parameter 'from': '2021-13-45' is not a date (use YYYY-MM-DD"),
        ("from=2021-09-20&to=2021-09-01", "parameter 'to' (2021-09-01) is before parameter"),
    ],
)
def test_bad_parameters_get_400_with_a_clear_message(
    serve_feed: Start, query: str, message: str
) -> None:
    reply = get(serve_feed(), f"/calendar.ics?{query}")
    assert reply.status == 400
    assert reply.headers["content-type"].startswith("text/plain")
    assert message in reply.body.decode()


@pytest.mark.parametrize(
    ("flag", "value"),
    [("org", "FOO"), ("kind", "nonsense"), ("status", "x"), ("from", "2021-13-45")],
)
def test_a_bad_filter_gets_the_same_message_from_the_feed_and_from_list_and_export(
    serve_feed: Start,
    store_file: Path,
    capsys: pytest.CaptureFixture[str],
    flag: str,
    value: str,
) -> None:
    from agenda import cli

    reply = get(serve_feed(), f"/calendar.ics?{flag}={value}")
    assert reply.status == 400
    said = reply.body.decode().removeprefix("400 Bad Request: ").rstrip("\n")
    for command in ("list", "export"):
        assert cli.main(["--store", str(store_file), command, f"--{flag}", value]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err.replace(f"--{flag}", f"parameter '{flag}'") == f"agenda: {said}\n"


def test_etag_and_last_modified_give_304_until_the_store_changes(
    serve_feed: Start, store_file: Path
) -> None:
    server = serve_feed()
    first = get(server, "/calendar.ics?org=SCO")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert get(server, "/calendar.ics?org=SCO", {"If-None-Match": etag}).status == 304
    assert get(server, "/calendar.ics?org=SCO", {"If-None-Match": f'W/{etag}, "x"'}).status == 304
    assert get(server, "/calendar.ics?org=SCO", {"If-Modified-Since": modified}).status == 304
    not_modified = get(server, "/calendar.ics?org=SCO", {"If-None-Match": etag})
    assert not_modified.body == b"" and not_modified.headers["etag"] == etag
    # another query is another representation
    assert get(server, "/calendar.ics?org=CSTO", {"If-None-Match": etag}).status == 200

    add_event(store_file)  # as `agenda add` does: another connection commits

    changed = get(server, "/calendar.ics", {"If-None-Match": etag})
    assert changed.status == 200
    assert "2021-10-01-new-summit" in uids(changed.body)
    again = get(server, "/calendar.ics?org=SCO", {"If-None-Match": etag})
    assert again.status == 200 and again.headers["etag"] != etag
    later = get(server, "/calendar.ics?org=SCO", {"If-Modified-Since": modified})
    assert later.status == 200
    assert later.headers["last-modified"] != modified


def test_if_none_match_wins_over_if_modified_since(serve_feed: Start) -> None:
    server = serve_feed()
    first = get(server, "/calendar.ics")
    reply = get(
        server,
        "/calendar.ics",
        {"If-None-Match": '"stale"', "If-Modified-Since": first.headers["last-modified"]},
    )
    assert reply.status == 200


def test_gzip_when_asked_with_its_own_etag(serve_feed: Start) -> None:
    server = serve_feed()
    plain = get(server, "/calendar.ics")
    zipped = get(server, "/calendar.ics", {"Accept-Encoding": "br;q=1.0, gzip;q=0.5"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(zipped.body) == plain.body
    assert len(zipped.body) < len(plain.body)
    assert zipped.headers["etag"] != plain.headers["etag"]
    assert get(server, "/calendar.ics", {"If-None-Match": zipped.headers["etag"]}).status == 304
    refused = get(server, "/calendar.ics", {"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers and refused.body == plain.body


def test_head_sends_headers_only(serve_feed: Start) -> None:
    server = serve_feed()
    reply = get(server, "/calendar.ics", method="HEAD")
    assert reply.status == 200 and reply.body == b""
    assert int(reply.headers["content-length"]) == len(get(server, "/calendar.ics").body)


def test_token_is_required_when_set(serve_feed: Start) -> None:
    server = serve_feed(token="open-sesame")
    assert get(server, "/calendar.ics").status == 401
    assert get(server, "/calendar.ics?token=wrong").status == 401
    assert get(server, "/").status == 401
    assert get(server, "/calendar.ics?token=open-sesame").status == 200
    assert get(server, "/calendar.ics?org=SCO&token=open-sesame").status == 200
    assert get(server, "/calendar.ics", {"Authorization": "Bearer open-sesame"}).status == 200
    basic = base64.b64encode(b"anyone:open-sesame").decode()
    assert get(server, "/calendar.ics", {"Authorization": f"Basic {basic}"}).status == 200
    assert get(server, "/calendar.ics", {"Authorization": "Basic !!!"}).status == 401
    index = get(server, "/?token=open-sesame")
    assert b"token=open-sesame" in index.body  # the subscribe links carry it


def test_no_token_means_loopback_only_unless_said_explicitly() -> None:
    check_exposure("127.0.0.1", None, False)
    check_exposure("::1", None, False)
    check_exposure("localhost", None, False)
    with pytest.raises(UsageError, match="needs a token"):
        check_exposure("0.0.0.0", None, False)
    with pytest.raises(UsageError, match="needs a token"):
        check_exposure("desk.example.org", None, False)
    check_exposure("0.0.0.0", "secret", False)
    check_exposure("0.0.0.0", None, True)
    assert is_loopback("127.0.0.2") and not is_loopback("192.168.1.1")


def test_index_page_lists_feeds_with_webcal_links(serve_feed: Start) -> None:
    reply = get(serve_feed(), "/", {"Host": "localhost:8765"})
    assert reply.status == 200
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    page = reply.body.decode()
    assert 'href="webcal://localhost:8765/calendar.ics"' in page
    assert 'href="webcal://localhost:8765/calendar.ics?org=SCO"' in page
    assert 'href="webcal://localhost:8765/calendar.ics?kind=summit"' in page
    hostile = get(serve_feed(), "/", {"Host": '"><script>x</script>'})
    assert hostile.status == 400 and b"<script>" not in hostile.body


def test_other_paths_and_methods(serve_feed: Start) -> None:
    server = serve_feed()
    assert get(server, "/../../etc/passwd").status == 404
    assert get(server, "/calendar.ics/x").status == 404
    reply = get(server, "/calendar.ics", method="POST")
    assert reply.status == 405 and reply.headers["allow"] == "GET, HEAD"
    assert get(server, "/calendar.ics", method="DELETE").status == 405


def test_malformed_requests_do_not_hurt_the_server(serve_feed: Start) -> None:
    server = serve_feed()
    port = server.server_address[1]
    for raw in (
        b"GARBAGE\r\n\r\n",
        b"GET /calendar.ics HTTP/9.9\r\n\r\n",
        b"GET " + b"/" * 70000 + b" HTTP/1.1\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,  # a TLS hello
        b"GET /calendar.ics HTTP/1.1\r\nHost: x\r\n" + b"X: y\r\n" * 200 + b"\r\n",
    ):
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
            sock.sendall(raw)
            sock.shutdown(socket.SHUT_WR)
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        # a clear refusal with a status line (4xx, or 505 for an unknown HTTP version)
        assert answer.startswith(b"HTTP/1.1 4") or answer.startswith(b"HTTP/1.1 505"), answer[:80]
    # a client that connects and says nothing does not block the others
    idle = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    try:
        assert get(server, "/calendar.ics").status == 200
    finally:
        idle.close()


def test_load_200_concurrent_clients(serve_feed: Start, store_file: Path) -> None:
    server = serve_feed()
    clients = 200
    barrier = threading.Barrier(clients, timeout=TIMEOUT)
    results: list[tuple[int, str] | BaseException] = []
    lock = threading.Lock()

    def client(i: int) -> None:
        try:
            barrier.wait()
            query = "/calendar.ics" if i % 2 else "/calendar.ics?org=SCO"
            headers = {"Accept-Encoding": "gzip"} if i % 3 == 0 else {}
            reply = get(server, query, headers)
            out: tuple[int, str] | BaseException = (reply.status, reply.headers.get("etag", ""))
        except BaseException as exc:  # report every failure, not only the first
            out = exc
        with lock:
            results.append(out)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT * 3)
    assert not any(t.is_alive() for t in threads), "clients still waiting: the load test hung"
    failures = [r for r in results if not isinstance(r, tuple) or r[0] != 200]
    assert failures == [] and len(results) == clients
    assert len({etag for _, etag in results}) == 4  # 2 queries x 2 encodings, all consistent
    assert get(server, "/calendar.ics").status == 200  # still up


def test_agenda_serve_command_reflects_agenda_add_on_the_next_request(
    store_file: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "AGENDA_FEED_TOKEN": "tok"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "agenda", "--store", str(store_file), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        assert proc.stdout is not None
        lines: list[str] = []
        reader = threading.Thread(
            target=lambda: lines.append(proc.stdout.readline().decode()),
            daemon=True,  # type: ignore[union-attr]
        )
        reader.start()
        reader.join(TIMEOUT)
        assert lines and lines[0].startswith("serving http://127.0.0.1:"), lines
        port = int(lines[0].split("127.0.0.1:")[1].split("/")[0])
        assert get(port, "/calendar.ics").status == 401  # the token came from the environment
        first = get(port, "/calendar.ics?token=tok")
        assert uids(first.body) == ALL
        added = subprocess.run(
            [
                sys.executable,
                "-m",
                "agenda",
                "--store",
                str(store_file),
                "add",
                "--title",
                "Extra summit",
                "--start",
                "2021-11-02",
                "--kind",
                "summit",
                "--id",
                "2021-11-02-extra-summit",
            ],
            capture_output=True,
            timeout=TIMEOUT * 3,
            check=True,
        )
        assert b"added" in added.stdout
        second = get(port, "/calendar.ics?token=tok", {"If-None-Match": first.headers["etag"]})
        assert second.status == 200
        assert uids(second.body) == ALL | {"2021-11-02-extra-summit"}
    finally:
        proc.terminate()
        proc.wait(TIMEOUT)
    wait_for(lambda: proc.poll() is not None, "agenda serve to stop")


def test_agenda_serve_stops_cleanly_on_sigterm(store_file: Path) -> None:
    import signal

    proc = subprocess.Popen(
        [sys.executable, "-m", "agenda", "--store", str(store_file), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # bounded by the communicate() timeout below
        assert first.startswith("serving http://127.0.0.1:")
        port = int(first.split("127.0.0.1:")[1].split("/")[0])
        assert get(port, "/calendar.ics").status == 200
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(TIMEOUT)
    assert proc.returncode == 0 and out == "stopped\n"
    assert "Traceback" not in err


def test_agenda_serve_refuses_a_public_address_without_token(store_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "agenda", "--store", str(store_file), "serve", "--host", "0.0.0.0"],
        capture_output=True,
        timeout=TIMEOUT * 3,
        env={k: v for k, v in os.environ.items() if k != "AGENDA_FEED_TOKEN"},
    )
    assert done.returncode == 2
    assert b"needs a token" in done.stderr


def test_header_helpers() -> None:
    assert accepts_gzip("gzip, deflate")
    assert accepts_gzip("*")
    assert not accepts_gzip("gzip;q=0")
    assert not accepts_gzip("identity")
    assert not accepts_gzip(None)
    assert etag_matches('"1-abc"', '"1-abc"')
    assert etag_matches('W/"1-abc-gz"', '"1-abc"')
    assert etag_matches("*", '"1-abc"')
    assert not etag_matches('"1-abd"', '"1-abc"')


def test_last_modified_is_an_http_date(serve_feed: Start) -> None:
    reply = get(serve_feed(), "/calendar.ics")
    assert reply.headers["last-modified"].endswith(" GMT")
    assert format_datetime  # the header parses back with the standard library


def test_the_feed_serves_a_series_as_a_series(serve_feed: Start, store_file: Path) -> None:
    """One VEVENT with the rule and one per override, also when a window is asked for (and an
    override moved out of the window comes too: without it the replaced occurrence would show)."""
    with EventStore(store_file) as s:
        s.put(
            parse_event(
                {
                    "id": "council",
                    "title": "Monthly council",
                    "kind": "meeting",
                    "start": "2021-09-06T10:00:00",
                    "end": "2021-09-06T12:00:00",
                    "tz": "Europe/Berlin",
                    "repeat": {"rule": "FREQ=MONTHLY;BYDAY=1MO", "exdates": ["2021-11-01T10:00"]},
                }
            )
        )
        s.put(
            parse_event(
                {
                    "id": "council-moved",
                    "title": "Monthly council (moved)",
                    "kind": "meeting",
                    "start": "2021-12-14T10:00:00",
                    "end": "2021-12-14T12:00:00",
                    "tz": "Europe/Berlin",
                    "recurrence_of": "council",
                    "recurrence_start": "2021-10-04T10:00:00",
                }
            )
        )
    server = serve_feed()
    for query in ("", "?from=2021-09-01&to=2021-10-31&kind=meeting"):
        cal = Calendar.from_ical(get(server, f"/calendar.ics{query}").body.decode())
        series = [c for c in cal.walk("VEVENT") if str(c["UID"]) == "council"]
        assert len(series) == 2, query
        master = next(c for c in series if "RRULE" in c)
        assert master["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=1MO"
        assert b"20211101T100000" in master["EXDATE"].to_ical()
        moved = next(c for c in series if "RECURRENCE-ID" in c)
        assert moved["RECURRENCE-ID"].to_ical() == b"20211004T100000"
        assert moved["RECURRENCE-ID"].params["TZID"] == "Europe/Berlin"
