"""Downloading a subscribed feed (agenda.share.subscriptions.fetch) from a plain http.server on
loopback: validators and 304, redirects, and a one-line FetchError for each way it fails."""

from __future__ import annotations

import gzip

import pytest

from agenda.share.subscriptions.fetch import FetchError, fetch, http_url, shown_url
from tests.share.feeds import FeedSite, Route, cut_short, hang, redirect_to

CAL = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nEND:VCALENDAR\r\n"


def failure(site: FeedSite, path: str, **kw: object) -> str:
    with pytest.raises(FetchError) as info:
        fetch(site.url(path), **kw)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(site.url(path))
    return message


def test_body_and_validators_then_304_keeps_the_copy(feed_site: FeedSite) -> None:
    feed_site.routes["/f.ics"] = Route(
        body=CAL, etag='"v1"', headers={"Content-Type": "text/calendar", "Last-Modified": "Sat"}
    )
    got = fetch(feed_site.url("/f.ics"))
    try:
        assert got.path is not None and got.path.read_bytes() == CAL
        assert (got.etag, got.last_modified, got.size) == ('"v1"', "Sat", len(CAL))
    finally:
        got.discard()
    again = fetch(feed_site.url("/f.ics"), etag=got.etag, last_modified=got.last_modified)
    assert again.not_modified and again.etag == '"v1"'
    sent = feed_site.requests[-1][1]
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == "Sat"


def test_gzip_is_undone(feed_site: FeedSite) -> None:
    feed_site.routes["/z.ics"] = Route(
        body=gzip.compress(CAL),
        headers={"Content-Type": "text/calendar", "Content-Encoding": "gzip"},
    )
    got = fetch(feed_site.url("/z.ics"))
    assert got.path is not None and got.path.read_bytes() == CAL
    got.discard()
    assert not got.path.exists()


def test_webcal_is_http_on_loopback_and_https_elsewhere(feed_site: FeedSite) -> None:
    assert http_url("webcal://example.org/a.ics") == "https://example.org/a.ics"
    assert http_url("webcals://localhost/a.ics") == "https://localhost/a.ics"
    feed_site.routes["/w.ics"] = Route(body=CAL)
    got = fetch(feed_site.url("/w.ics", scheme="webcal"))
    assert got.path is not None
    got.discard()


@pytest.mark.parametrize("url", ["ftp://example.org/a.ics", "/tmp/a.ics", "http:///a.ics"])
def test_other_urls_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match=r"not an http, https or webcal URL|no host"):
        fetch(url)


def test_redirects_are_followed_and_bounded(feed_site: FeedSite) -> None:
    feed_site.routes["/old.ics"] = Route(behaviour=redirect_to("/new.ics", 301))
    feed_site.routes["/new.ics"] = Route(body=CAL)
    got = fetch(feed_site.url("/old.ics"))
    assert got.url == feed_site.url("/new.ics")
    got.discard()
    feed_site.routes["/loop.ics"] = Route(behaviour=redirect_to("/loop.ics"))
    assert "more than 5 redirects" in failure(feed_site, "/loop.ics")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (500, "HTTP 500 Internal Server Error (the server failed)"),
        (404, "HTTP 404 Not Found (no feed at this address)"),
        (401, "needs a login"),
    ],
)
def test_http_errors_are_one_line(feed_site: FeedSite, status: int, expected: str) -> None:
    feed_site.routes["/e.ics"] = Route(status=status, body=b"oops")
    assert expected in failure(feed_site, "/e.ics")


def test_missing_route_is_404(feed_site: FeedSite) -> None:
    assert "HTTP 404" in failure(feed_site, "/nothing.ics")


def test_a_hanging_server_times_out(feed_site: FeedSite) -> None:
    feed_site.routes["/hang.ics"] = Route(behaviour=hang(feed_site))
    assert "no answer within 0.3 s (timeout)" in failure(feed_site, "/hang.ics", timeout=0.3)


def test_the_overall_deadline_stops_a_slow_download(feed_site: FeedSite) -> None:
    feed_site.routes["/hang.ics"] = Route(behaviour=hang(feed_site))
    message = failure(feed_site, "/hang.ics", timeout=5, deadline=0.3)
    assert "timeout" in message or "deadline" in message


def test_html_is_not_a_feed(feed_site: FeedSite) -> None:
    feed_site.routes["/page"] = Route(
        body=b"<html>hi</html>", headers={"Content-Type": "text/html"}
    )
    assert "an HTML page, not an iCalendar feed" in failure(feed_site, "/page")
    feed_site.routes["/lying.ics"] = Route(body=b"\n<!DOCTYPE html><html></html>")
    assert "an HTML page" in failure(feed_site, "/lying.ics")


def test_empty_truncated_and_too_large(feed_site: FeedSite) -> None:
    feed_site.routes["/empty.ics"] = Route(body=b"")
    assert "empty answer" in failure(feed_site, "/empty.ics")
    feed_site.routes["/cut.ics"] = Route(behaviour=cut_short(CAL[:20], len(CAL)))
    assert "(truncated)" in failure(feed_site, "/cut.ics")
    feed_site.routes["/big.ics"] = Route(body=CAL)
    assert "at most 10 bytes" in failure(feed_site, "/big.ics", max_bytes=10)
    feed_site.routes["/bigz.ics"] = Route(
        body=gzip.compress(CAL * 10),
        headers={"Content-Type": "text/calendar", "Content-Encoding": "gzip"},
    )
    assert "at most 100 bytes" in failure(feed_site, "/bigz.ics", max_bytes=100)


def test_refused_and_unknown_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="refused the connection"):
        fetch(f"http://127.0.0.1:{port}/a.ics", timeout=2)

    def no_dns(*args: object, **kw: object) -> None:  # no query leaves the machine
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(FetchError, match=r"cannot find the host .feeds\.example\.org."):
        fetch("https://feeds.example.org/a.ics", timeout=2)


def test_messages_hide_secrets_in_the_url(feed_site: FeedSite) -> None:
    assert shown_url("https://h/c.ics?token=s3cret&org=SCO") == "https://h/c.ics?token=***&org=SCO"
    assert shown_url("https://ann:pw@h/c.ics") == "https://ann:***@h/c.ics"
    assert shown_url("https://h/c.ics?org=SCO") == "https://h/c.ics?org=SCO"
    with pytest.raises(FetchError) as info:
        fetch(feed_site.url("/nothing.ics?token=s3cret"))
    assert "s3cret" not in str(info.value) and "token=***" in str(info.value)
