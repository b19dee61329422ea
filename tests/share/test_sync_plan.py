"""The three-way plan of `agenda sync` as a truth table, without a server or a store: rows of
(base, agenda, server) states of one event and the steps `decide` gives for them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from agenda.core.models import Event
from agenda.share.sync import Agreed, Base, Report, ServerItem, Verb, content_hash, decide

ID = "2021-09-16-council"
HREF = "/cal/2021-09-16-council.ics"
EARLY = datetime(2021, 9, 1, tzinfo=UTC)
LATE = datetime(2021, 9, 2, tzinfo=UTC)


def version(title: str, modified: datetime = EARLY) -> Event:
    return Event(id=ID, title=title, start=date(2021, 9, 16), last_modified=modified)


AGREED = version("Council")  # what both sides held at the last sync

# base: "none" (never synced), "base", "readonly" (in a server object that holds other events than one series)
# agenda: "absent", "same" (as agreed), "edited", "edited-late" (edited, newer LAST-MODIFIED)
# server: "absent" (not listed), "unchanged" (listed, same ETag: not fetched), "same" (fetched,
#   same content), "edited", "edited-late", "unreadable" (fetched, could not be read)
# expected: the verbs of the steps, then (report table, action) where the event is listed
ROWS = [
    ("none", "edited", "absent", [Verb.PUSH], ("server", "add")),
    ("none", "absent", "edited", [Verb.PULL], ("agenda", "add")),
    ("none", "same", "same", [Verb.RECORD], None),
    ("none", "edited-late", "edited", [Verb.PUSH], ("server", "change")),
    ("none", "edited", "edited-late", [Verb.PULL], ("agenda", "change")),
    ("base", "same", "unchanged", [], None),
    ("base", "same", "same", [Verb.RECORD], None),
    ("base", "edited", "unchanged", [Verb.PUSH], ("server", "change")),
    ("base", "same", "edited", [Verb.PULL], ("agenda", "change")),
    ("base", "absent", "unchanged", [Verb.DELETE_REMOTE], ("server", "delete")),
    ("base", "same", "absent", [Verb.DELETE_LOCAL], ("agenda", "delete")),
    ("base", "absent", "absent", [Verb.DROP], None),
    ("base", "absent", "edited", [Verb.PULL], ("agenda", "add")),
    ("base", "edited", "absent", [Verb.PUSH], ("server", "add")),
    ("base", "edited", "edited-late", [Verb.PULL], ("agenda", "change")),
    ("base", "edited-late", "edited", [Verb.PUSH], ("server", "change")),
    ("base", "edited", "edited", [Verb.PUSH], ("server", "change")),  # a tie: agenda wins
    ("base", "same", "unreadable", [], None),
    ("base", "absent", "unreadable", [], None),
    ("readonly", "edited", "unchanged", [], None),
    ("readonly", "absent", "unchanged", [Verb.DROP], None),
    ("readonly", "same", "edited", [Verb.PULL], ("agenda", "change")),
]


def plan_one(
    base: str,
    agenda: str,
    server: str,
    tombstones: dict[str, str] | None = None,
    hashed_only: bool = False,
    server_hashed: bool = False,
) -> tuple[list[Verb], Report]:
    """`hashed_only`: agenda's event is given by its content hash alone (the plan's skip path);
    `server_hashed`: the server's event too (`Agreed`: read, found to agree, not kept)."""
    bases = {}
    if base != "none":
        bases[ID] = Base(HREF, '"agreed"', content_hash(AGREED), readonly=base == "readonly")
    local = {
        "absent": {},
        "same": {ID: AGREED},
        "edited": {ID: version("Council (edited in agenda)")},
        "edited-late": {ID: version("Council (edited in agenda)", LATE)},
    }[agenda]
    remote_event = {
        "same": AGREED,
        "edited": version("Council (edited on the server)"),
        "edited-late": version("Council (edited on the server)", LATE),
    }.get(server)
    remote = {}
    agreed = {}
    if remote_event is not None and server_hashed:
        agreed[ID] = Agreed(HREF, '"new"', base == "readonly", content_hash(remote_event))
    elif remote_event is not None:
        remote[ID] = ServerItem(remote_event, HREF, '"new"', base == "readonly")
    report = Report()
    hashes = {i: content_hash(e) for i, e in local.items()} if hashed_only else None
    ops = decide(
        base=bases,
        local={} if hashed_only else local,
        remote=remote,
        listed=set() if server == "absent" else {HREF},
        fetched=set() if server in ("absent", "unchanged") else {HREF},
        unreadable={HREF} if server == "unreadable" else set(),
        tombstones=tombstones or {},
        href_for=lambda event_id: f"/cal/{event_id}.ics",
        report=report,
        hashes=hashes,
        agreed=agreed,
    )
    assert all(o.id == ID for o in ops)
    return [o.verb for o in ops], report


@pytest.mark.parametrize(("base", "agenda", "server", "verbs", "listed"), ROWS)
def test_the_plan_of_one_event(
    base: str,
    agenda: str,
    server: str,
    verbs: list[Verb],
    listed: tuple[str, str] | None,
) -> None:
    got, report = plan_one(base, agenda, server)
    assert got == verbs
    tables = {"agenda": report.agenda, "server": report.server}
    where = [(side, action) for side, t in tables.items() for action, ids in t.items() if ids]
    assert where == ([listed] if listed else [])


@pytest.mark.parametrize(
    ("base", "agenda", "server", "verbs", "listed"),
    [row for row in ROWS if row[1] != "absent"],  # no event in agenda: nothing to hash
)
def test_the_plan_of_one_event_given_by_its_hash(
    base: str,
    agenda: str,
    server: str,
    verbs: list[Verb],
    listed: tuple[str, str] | None,
) -> None:
    # the skip path: where no step can concern agenda's event, its hash is enough and the plan
    # is the same; anywhere else the event must have been read, and a plan without it refuses
    # (agenda's event unchanged since the base, and the server's object listed, unchanged, is
    # the one row that may be planned from the hash alone)
    if (base, agenda, server) in (("base", "same", "unchanged"), ("readonly", "same", "unchanged")):
        got, report = plan_one(base, agenda, server, hashed_only=True)
        assert got == verbs == [] and report.titles == {}
    else:
        with pytest.raises(ValueError, match="needed but was not read"):
            plan_one(base, agenda, server, hashed_only=True)


@pytest.mark.parametrize(
    ("base", "agenda", "server", "verbs", "listed"),
    [
        row
        for row in ROWS
        if row[1] != "absent" and row[2] not in ("absent", "unchanged", "unreadable")
    ],
)
def test_the_plan_of_one_event_whose_server_version_is_given_by_its_hash(
    base: str,
    agenda: str,
    server: str,
    verbs: list[Verb],
    listed: tuple[str, str] | None,
) -> None:
    # a server event that agrees with agenda's and with the base (if any) is kept as its hash
    # alone: it is recorded, with no model held on either side; anywhere else the plan refuses
    agrees = agenda == "same" and server == "same"
    for hashed_only in (False, True):
        if agrees:
            got, report = plan_one(
                base, agenda, server, hashed_only=hashed_only, server_hashed=True
            )
            assert got == verbs == [Verb.RECORD] and report.titles == {}
        else:
            with pytest.raises(ValueError, match="needed but was not"):
                plan_one(base, agenda, server, hashed_only=hashed_only, server_hashed=True)


def test_an_agreed_event_is_recorded_by_its_hash() -> None:
    ops = decide(
        base={},
        local={},
        remote={},
        listed={HREF},
        fetched={HREF},
        unreadable=set(),
        tombstones={},
        href_for=lambda event_id: f"/cal/{event_id}.ics",
        report=Report(),
        hashes={ID: content_hash(AGREED)},
        agreed={ID: Agreed(HREF, '"new"', False, content_hash(AGREED))},
    )
    (op,) = ops
    assert (op.verb, op.event, op.href, op.etag, op.hash) == (
        Verb.RECORD,
        None,
        HREF,
        '"new"',
        content_hash(AGREED),
    )


def test_both_sides_edited_keeps_the_loser_as_a_copy() -> None:
    verbs, report = plan_one("base", "edited", "edited-late")
    assert verbs == [Verb.PULL] and len(report.conflicts) == 1
    ops = decide(
        base={ID: Base(HREF, '"agreed"', content_hash(AGREED))},
        local={ID: version("mine")},
        remote={ID: ServerItem(version("theirs", LATE), HREF, '"new"', False)},
        listed={HREF},
        fetched={HREF},
        unreadable=set(),
        tombstones={},
        href_for=lambda event_id: f"/cal/{event_id}.ics",
        report=Report(),
    )
    (op,) = ops
    assert op.event is not None and op.event.title == "theirs"
    assert op.copy_of_loser is not None and op.copy_of_loser.title == "mine"
    assert op.seen == content_hash(version("mine"))


def test_an_event_deleted_in_agenda_is_not_brought_back() -> None:
    verbs, report = plan_one("none", "absent", "edited", tombstones={ID: "2021-09-10"})
    assert verbs == [] and report.skipped == [
        f"{ID}: deleted in agenda on 2021-09-10; not brought back (delete it on the server, "
        "or re-add it in agenda)"
    ]


def test_a_new_event_goes_where_href_for_says() -> None:
    _, report = plan_one("none", "edited", "absent")
    assert report.server["add"] == [ID] and report.titles == {ID: "Council (edited in agenda)"}


def test_the_verbs_keep_their_words() -> None:
    assert [str(v) for v in Verb] == [
        "pull",
        "push",
        "delete_remote",
        "delete_local",
        "record",
        "drop",
    ]
    assert Verb.PULL == "pull"
