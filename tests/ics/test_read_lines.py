"""The chunked line reader against the plain one it replaced (one Python step per physical line):
the same logical lines, numbers, raw bytes and errors for any mix of line ends, folds, blank
lines, BOMs, NUL bytes and broken UTF-8, also when a piece boundary falls anywhere."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO

from hypothesis import given, settings
from hypothesis import strategies as st

import agenda.ics_read
from agenda.ics import IcsError
from agenda.ics_read import _decode, logical_lines


def plain_logical_lines(
    fh: IO[bytes], name: str, counter: list[int]
) -> Iterator[tuple[int, str, bytes]]:
    """The reader as it was: a loop over physical lines (the reference)."""
    current: list[bytes] = []
    raw_parts: list[bytes] = []
    start = 0
    lineno = 0
    for raw in fh:
        lineno += 1
        counter[0] += len(raw)
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if b"\x00" in raw:
            raise IcsError(
                f"{name}: line {lineno}: binary data (a NUL byte); not an iCalendar file"
            )
        line = raw.rstrip(b"\r\n")
        if line[:1] in (b" ", b"\t") and current:
            current.append(line[1:])
            raw_parts.append(raw)
            continue
        if current:
            yield start, _decode(b"".join(current), start, name), b"".join(raw_parts)
        if line.strip():
            current, raw_parts, start = [line], [raw], lineno
        else:
            current, raw_parts = [], []
    if current:
        yield start, _decode(b"".join(current), start, name), b"".join(raw_parts)


def _run(reader, data: bytes) -> tuple[list[tuple[int, str, bytes]], str | None, int]:
    out: list[tuple[int, str, bytes]] = []
    counter = [0]
    try:
        for item in reader(io.BytesIO(data), "f.ics", counter):
            out.append(item)
    except IcsError as exc:
        return out, str(exc), counter[0]
    return out, None, counter[0]


pieces = st.lists(
    st.sampled_from(
        [
            b"BEGIN:VEVENT",
            b"SUMMARY:a",
            b"X:\xd0\x94",
            b"\xd0",
            b"\x94",
            b" ",
            b"\t",
            b"\r",
            b"\n",
            b"\r\n",
            b"\r\n ",
            b"\n\t",
            b"\x0c",
            b"\x00",
            b"\xef\xbb\xbf",
            b"\xff",
            b"DESCRIPTION:" + b"x" * 80,
        ]
    ),
    max_size=40,
)


@given(pieces, st.integers(1, 64))
@settings(max_examples=1500, deadline=None)
def test_same_lines_and_errors_as_the_plain_reader(parts: list[bytes], chunk: int) -> None:
    data = b"".join(parts)
    expected, error, read = _run(plain_logical_lines, data)
    saved = agenda.ics_read._CHUNK
    agenda.ics_read._CHUNK = chunk  # piece boundaries anywhere
    try:
        got, got_error, got_read = _run(logical_lines, data)
    finally:
        agenda.ics_read._CHUNK = saved
    assert (got, got_error) == (expected, error)
    if error is None:
        assert got_read == read == len(data)


def test_a_large_folded_file_is_read_alike() -> None:
    line = b"X-AGENDA-JSON:" + b"\\,abc" * 400
    folded = b"\r\n ".join(line[i : i + 74] for i in range(0, len(line), 74))
    data = b"BEGIN:VCALENDAR\r\n" + (b"BEGIN:VEVENT\r\n" + folded + b"\r\nEND:VEVENT\r\n") * 3000
    assert _run(logical_lines, data) == _run(plain_logical_lines, data)
