"""The hostile-input sweep of issue 11, as data: one row per input, with the outcome wanted.

Each case writes its input file (if any) as `{file}` in the arguments, runs the steps through the
CLI in order and checks each step's outcome: ACCEPTED (exit 0, no traceback) or REFUSED (exit
non-zero, one line on stderr that contains `names`, and the store byte-for-byte unchanged).
The table in tests/fuzz/README.md lists the same cases; a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ACCEPTED = "accepted"
REFUSED = "refused"


@dataclass(frozen=True)
class Step:
    argv: tuple[str, ...]
    expect: str
    names: str = ""
    """Text the one-line refusal must contain: the flag, the file name, a line number (for an
    accepted step: what its one line on stderr must say)."""


@dataclass(frozen=True)
class Case:
    name: str
    steps: tuple[Step, ...]
    file: str = ""
    """Name of the input file written before the steps (substituted for {file})."""
    content: Callable[[], str] = field(default=lambda: "")


def step(expect: str, *argv: str, names: str = "") -> Step:
    return Step(tuple(argv), expect, names)


def ics(*vevent: str, head: str = "") -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fuzz//EN", *filter(None, [head])]
    lines += ["BEGIN:VEVENT", "UID:fuzz-1", "DTSTAMP:20260101T000000Z", "SUMMARY:Fuzz"]
    lines += [*vevent, "END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines)


def series(count: int, rule: str = "") -> str:
    """`count` weekly series of 10 occurrences each (or all with the RRULE `rule`)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fuzz//EN"]
    for i in range(count):
        lines += [
            "BEGIN:VEVENT",
            f"UID:series-{i}",
            "DTSTAMP:20260101T000000Z",
            f"SUMMARY:Series {i}",
            f"DTSTART;TZID=Europe/Berlin:2027{1 + i % 12:02d}{1 + i % 28:02d}T{i % 24:02d}0000",
            "DURATION:PT1H",
            rule or f"RRULE:FREQ=WEEKLY;BYDAY={['MO', 'TU', 'WE', 'TH', 'FR'][i % 5]};COUNT=10",
            "END:VEVENT",
        ]
    return "\r\n".join([*lines, "END:VCALENDAR", ""])


def toml_event(*fields: str) -> str:
    body = "\n".join(fields)
    return f'format = 1\n[[events]]\nid = "fuzz"\ntitle = "Fuzz"\n{body}\n'


def json_event(fields: str) -> str:
    return '{"format": 1, "events": [{"id": "fuzz", "title": "Fuzz", ' + fields + "}]}"


def nested_json(depth: int) -> str:
    return json_event('"notes": ' + "[" * depth + "]" * depth)


def nested_toml_array(depth: int) -> str:
    return toml_event('start = "2021-09-16"', "notes = " + "[" * depth + "]" * depth)


def nested_toml_table(depth: int) -> str:
    return toml_event('start = "2021-09-16"', "notes = " + "{a = " * depth + "1" + "}" * depth)


def deep_agenda_json(depth: int) -> str:
    return ics("DTSTART:20270101T100000Z", "X-AGENDA-JSON:" + "[" * depth + "]" * depth)


LOAD = ("load", "{file}")
IMPORT = ("import", "{file}")
TOML, JSON, ICS = "in.toml", "in.json", "in.ics"

CASES: tuple[Case, ...] = (
    # -- window flags at the edges of the supported range -------------------------------------
    Case("list --from year 1", (step(REFUSED, "list", "--from", "0001-01-01", names="--from"),)),
    Case("list --to 9999-12-31", (step(REFUSED, "list", "--to", "9999-12-31", names="--to"),)),
    Case("list --days 2^40", (step(ACCEPTED, "list", "--days", str(2**40)),)),
    Case("list --days 999999999", (step(ACCEPTED, "list", "--days", "999999999"),)),
    Case(
        "list --from 2200-12-31 --days 9",
        (step(ACCEPTED, "list", "--from", "2200-12-31", "--days", "9"),),
    ),
    Case(
        "list --from 1900-01-01 --to 2200-12-31",
        (step(ACCEPTED, "list", "--from", "1900-01-01", "--to", "2200-12-31"),),
    ),
    Case("list --limit 10^20", (step(ACCEPTED, "list", "--limit", str(10**20)),)),
    Case("search --limit 2^63", (step(ACCEPTED, "search", "csto", "--limit", str(2**63)),)),
    Case("export --to 9999-12-31", (step(REFUSED, "export", "--to", "9999-12-31", names="--to"),)),
    Case(
        "export --from year 1", (step(REFUSED, "export", "--from", "0001-01-01", names="--from"),)
    ),
    Case("export --days 2^40", (step(ACCEPTED, "export", "--days", str(2**40)),)),
    Case(
        "import --expand-until 9999-12-31",
        (step(REFUSED, *IMPORT, "--expand-until", "9999-12-31", names="--expand-until"),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "RRULE:FREQ=YEARLY"),
    ),
    # -- add at the edges -----------------------------------------------------------------------
    Case(
        "add year 1 in Asia/Tokyo",
        (
            step(
                REFUSED,
                *("add", "--title", "x", "--start", "0001-01-01T00:00", "--tz", "Asia/Tokyo"),
                names="start",
            ),
        ),
    ),
    Case(
        "add 9999-12-31T23:00 in America/New_York",
        (
            step(
                REFUSED,
                *("add", "--title", "x", "--start", "9999-12-31T23:00"),
                *("--tz", "America/New_York"),
                names="start",
            ),
        ),
    ),
    Case(
        "add 9999-12-31 then export",
        (
            step(REFUSED, "add", "--title", "x", "--start", "9999-12-31", names="start"),
            step(ACCEPTED, "export"),
        ),
    ),
    Case(
        "add 2200-12-31T23:00 Kiritimati, list, export",
        (
            step(
                ACCEPTED,
                *("add", "--title", "x", "--start", "2200-12-31T23:00"),
                *("--tz", "Pacific/Kiritimati"),
            ),
            step(ACCEPTED, "list", "--from", "2200-12-01", "--days", str(2**40)),
            step(ACCEPTED, "export", "--from", "2200-12-31"),
        ),
    ),
    Case(
        "add 1900-01-01T00:00 Tokyo, list, export",
        (
            step(
                ACCEPTED, "add", "--title", "x", "--start", "1900-01-01T00:00", "--tz", "Asia/Tokyo"
            ),
            step(ACCEPTED, "list", "--from", "1900-01-01", "--days", "3"),
            step(ACCEPTED, "export", "--to", "1900-01-02"),
        ),
    ),
    Case(
        "add --end 9999-12-31",
        (
            step(
                REFUSED,
                *("add", "--title", "x", "--start", "2021-01-01", "--end", "9999-12-31"),
                names="end",
            ),
        ),
    ),
    # -- data files -------------------------------------------------------------------------------
    Case(
        "load 9999-12-31T23:00 Kiritimati",
        (step(REFUSED, *LOAD, names=TOML),),
        TOML,
        lambda: toml_event('start = "9999-12-31T23:00"', 'tz = "Pacific/Kiritimati"'),
    ),
    Case(
        "load 0001-01-01 Asia/Tokyo (JSON)",
        (step(REFUSED, *LOAD, names=JSON),),
        JSON,
        lambda: json_event('"start": "0001-01-01T00:00", "tz": "Asia/Tokyo"'),
    ),
    Case(
        "load all-day 0001-01-01",
        (step(REFUSED, *LOAD, names=TOML),),
        TOML,
        lambda: toml_event('start = "0001-01-01"'),
    ),
    Case(
        "load sequence 2^63",
        (step(REFUSED, *LOAD, names=TOML),),
        TOML,
        lambda: toml_event('start = "2021-09-16"', f"sequence = {2**63}"),
    ),
    Case(
        "load sequence 1e20 (JSON)",
        (step(REFUSED, *LOAD, names=JSON),),
        JSON,
        lambda: json_event('"start": "2021-09-16", "sequence": 1e20'),
    ),
    Case(
        "load sequence 2^31-1, edit twice",
        (
            step(ACCEPTED, *LOAD),
            step(ACCEPTED, "edit", "fuzz", "--title", "edited"),
            step(ACCEPTED, "edit", "fuzz", "--title", "edited again"),
            step(ACCEPTED, "show", "fuzz"),
            step(ACCEPTED, "export"),
        ),
        TOML,
        lambda: toml_event('start = "2021-09-16"', f"sequence = {2**31 - 1}"),
    ),
    Case(
        "load JSON nested 1,000",
        (step(REFUSED, *LOAD, names=JSON),),
        JSON,
        lambda: nested_json(1000),
    ),
    Case(
        "load JSON nested 100,000",
        (step(REFUSED, *LOAD, names=JSON),),
        JSON,
        lambda: nested_json(100_000),
    ),
    Case(
        "load JSON top level nested 100,000",
        (step(REFUSED, *LOAD, names=JSON),),
        JSON,
        lambda: "[" * 100_000 + "]" * 100_000,
    ),
    Case(
        "load TOML arrays nested 1,000",
        (step(REFUSED, *LOAD, names=TOML),),
        TOML,
        lambda: nested_toml_array(1000),
    ),
    Case(
        "load TOML arrays nested 100,000",
        (step(REFUSED, *LOAD, names=TOML),),
        TOML,
        lambda: nested_toml_array(100_000),
    ),
    Case(
        "load TOML inline tables nested 10,000",
        (step(REFUSED, *LOAD, names=TOML),),
        TOML,
        lambda: nested_toml_table(10_000),
    ),
    Case(
        "load TOML nested 3 (schema depth) refused by the model only",
        (step(REFUSED, *LOAD, names=TOML),),
        TOML,
        lambda: nested_toml_array(3),
    ),
    Case(
        "load from stdin nested 100,000",
        (step(REFUSED, "load", "-", names="<stdin>"),),
        "-",
        lambda: nested_json(100_000),
    ),
    # -- iCalendar --------------------------------------------------------------------------------
    Case(
        "import DTSTART 9999-12-31T23:00 New York",
        (step(REFUSED, *IMPORT, names="line 8"),),
        ICS,
        lambda: ics("DTSTART;TZID=America/New_York:99991231T230000"),
    ),
    Case(
        "import DTSTART 0001-01-01 Asia/Tokyo",
        (step(REFUSED, *IMPORT, names="line 8"),),
        ICS,
        lambda: ics("DTSTART;TZID=Asia/Tokyo:00010101T000000"),
    ),
    Case(
        "import DTSTART:00010101T000000Z",
        (step(REFUSED, *IMPORT, names="line 8"), step(ACCEPTED, "list"), step(ACCEPTED, "export")),
        ICS,
        lambda: ics("DTSTART:00010101T000000Z"),
    ),
    Case(
        "import year 1 UTC in an X-WR-TIMEZONE west of UTC",
        (step(REFUSED, *IMPORT, names="line 9"),),
        ICS,
        lambda: ics("DTSTART:00010101T000000Z", head="X-WR-TIMEZONE:America/New_York"),
    ),
    Case(
        "import all-day DTSTART 99991231",
        (step(REFUSED, *IMPORT, names="line 8"),),
        ICS,
        lambda: ics("DTSTART;VALUE=DATE:99991231"),
    ),
    Case(
        "import DTEND in year 9999",
        (step(REFUSED, *IMPORT, names="line 9"),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "DTEND;TZID=Asia/Tokyo:99991231T230000"),
    ),
    Case(
        "import DURATION of millions of days",
        (step(REFUSED, *IMPORT, names="line 9"),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "DURATION:P99999999D"),
    ),
    Case(
        "import DURATION of millions of weeks",
        (step(REFUSED, *IMPORT, names="line 9"),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "DURATION:P9999999W"),
    ),
    Case(
        "import all-day DURATION of a billion days",
        (step(REFUSED, *IMPORT, names="line 9"),),
        ICS,
        lambda: ics("DTSTART;VALUE=DATE:20270101", "DURATION:P1000000000D"),
    ),
    Case(
        "import DURATION past 2200",
        (step(REFUSED, *IMPORT, names="line 9"),),
        ICS,
        lambda: ics("DTSTART:21001231T100000Z", "DURATION:P40000D"),
    ),
    Case(
        "import SEQUENCE 2^63",
        (step(REFUSED, *IMPORT, names="line 9"),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", f"SEQUENCE:{2**63}"),
    ),
    Case(
        "import SEQUENCE of 30 digits",
        (step(REFUSED, *IMPORT, names="line 9"),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "SEQUENCE:" + "9" * 30),
    ),
    Case(
        "import X-AGENDA-JSON nested 50,000",
        (step(REFUSED, *IMPORT, names="line 9"),),
        ICS,
        lambda: deep_agenda_json(50_000),
    ),
    Case(
        "import X-AGENDA-JSON object nested 50,000",
        (step(REFUSED, *IMPORT, names="line 9"),),
        ICS,
        lambda: ics(
            "DTSTART:20270101T100000Z", "X-AGENDA-JSON:" + '{"a":' * 50_000 + "1" + "}" * 50_000
        ),
    ),
    Case(
        "import RRULE INTERVAL=0",
        (step(REFUSED, *IMPORT, names="line 9"),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "RRULE:FREQ=DAILY;INTERVAL=0"),
    ),
    Case(
        "import RRULE INTERVAL=-3",
        (step(REFUSED, *IMPORT, names="INTERVAL"),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "RRULE:FREQ=DAILY;INTERVAL=-3"),
    ),
    Case(
        "import RRULE BYSECOND=99",
        (step(REFUSED, *IMPORT, names="BYSECOND"),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "RRULE:FREQ=DAILY;BYSECOND=99"),
    ),
    Case(
        "import RRULE BYMONTH=13",
        (step(REFUSED, *IMPORT, names="BYMONTH"),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "RRULE:FREQ=YEARLY;BYMONTH=13"),
    ),
    Case(
        "import RRULE BYMONTHDAY=0",
        (step(REFUSED, *IMPORT, names="BYMONTHDAY"),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "RRULE:FREQ=MONTHLY;BYMONTHDAY=0"),
    ),
    Case(
        "import RRULE COUNT of 30 digits",
        (step(ACCEPTED, *IMPORT),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "RRULE:FREQ=DAILY;COUNT=" + "9" * 30),
    ),
    Case(
        "import RRULE with no occurrence (SECONDLY, 31 February)",
        (step(ACCEPTED, *IMPORT),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=31"),
    ),
    Case(
        "import RRULE with no occurrence (DAILY, 30 February)",
        (step(ACCEPTED, *IMPORT),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"),
    ),
    Case(
        "import RRULE MONTHLY BYSETPOS past the month",
        (step(ACCEPTED, *IMPORT),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "RRULE:FREQ=MONTHLY;BYMONTHDAY=1;BYSETPOS=2"),
    ),
    Case(
        "import RRULE UNTIL=99991231T235959Z in a zone",
        (step(ACCEPTED, *IMPORT),),
        ICS,
        lambda: ics(
            "DTSTART;TZID=Pacific/Kiritimati:20270101T100000",
            "RRULE:FREQ=MONTHLY;UNTIL=99991231T235959Z",
        ),
    ),
    Case(
        "import RRULE SECONDLY without end",
        (step(ACCEPTED, *IMPORT),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "RRULE:FREQ=SECONDLY"),
    ),
    Case("import 2,000 series", (step(ACCEPTED, *IMPORT),), ICS, lambda: series(2000)),
    Case(
        "import 2,000 series on 30 February",
        (step(ACCEPTED, *IMPORT),),
        ICS,
        lambda: series(2000, "RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30"),
    ),
    Case(
        "import 2,000 series with BYSETPOS past every month",
        (step(ACCEPTED, *IMPORT),),
        ICS,
        lambda: series(2000, "RRULE:FREQ=MONTHLY;BYMONTHDAY=1;BYSETPOS=2"),
    ),
    Case(
        "import 200 series of week 1 in June",
        (step(ACCEPTED, *IMPORT),),
        ICS,
        lambda: series(200, "RRULE:FREQ=YEARLY;BYWEEKNO=1;BYMONTH=6"),
    ),
    Case(
        "import RRULE DAILY BYWEEKNO",
        (step(REFUSED, *IMPORT, names="BYWEEKNO"),),
        ICS,
        lambda: ics("DTSTART:20270101T100000Z", "RRULE:FREQ=DAILY;BYWEEKNO=1;BYMONTH=6"),
    ),
    # -- export --jobs ------------------------------------------------------------------------------
    Case(
        "export --jobs 10^9",
        (step(ACCEPTED, "export", "--jobs", "1000000000", names="capped at"),),
    ),
    Case("export --jobs 0", (step(ACCEPTED, "export", "--jobs", "0"),)),
)
