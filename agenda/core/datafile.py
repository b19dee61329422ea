"""Data files: the model to and from human-editable TOML or JSON, and the JSON Schema of that file.

A data file is `format = 1` plus a list of `events` (TOML `[[events]]` tables or a JSON array);
each event has the fields of `agenda.core.models.Event` (`calendar` names the calendar it belongs
to; left out for the default one). `dump` writes what `load` reads back unchanged.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from agenda.core.errors import DataFileError, ValidationProblem
from agenda.core.limits import MAX_DEPTH, MAX_FILE
from agenda.core.models import DEFAULT_CALENDAR, Event, parse_event

FORMAT_VERSION = 1


def read_text(path: Path | str) -> tuple[str, str]:
    """The text of a data file (or of stdin for "-") and the name to show in messages.

    A file larger than MAX_FILE is refused before it is read; stdin once that much has come."""
    import sys

    if str(path) == "-":
        name = "<stdin>"
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text stream without bytes beneath (tests, embedding)
            text = sys.stdin.read(MAX_FILE + 1)
            if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE:
                raise _too_big(name)
            return text, name
        raw = stream.read(MAX_FILE + 1)
        if len(raw) > MAX_FILE:
            raise _too_big(name)
        return _decoded(raw, name), name
    p = Path(path)
    try:
        if p.is_file() and p.stat().st_size > MAX_FILE:
            size = p.stat().st_size
            raise DataFileError(
                f"{p}: {size:,} bytes; a data file may be at most {MAX_FILE:,} ({MAX_FILE // 2**20} MB)"
            )
        with p.open("rb") as fh:
            raw = fh.read(MAX_FILE + 1)  # a file that grew since its size was read
    except OSError as exc:
        raise DataFileError(f"{p}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_FILE:
        raise _too_big(str(p))
    return _decoded(raw, str(p)), str(p)


def _too_big(name: str) -> DataFileError:
    return DataFileError(
        f"{name}: more than {MAX_FILE:,} bytes; a data file may be at most {MAX_FILE:,}"
    )


def _decoded(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{name}: not UTF-8 text (byte {exc.start})") from None


def parse(text: str, name: str, fmt: str | None = None) -> list[Event]:
    """Events from the text of a TOML or JSON data file; every problem is reported at once."""
    return _events(_decode(text, name, fmt), name)


def _decode(text: str, name: str, fmt: str | None = None) -> dict[str, Any]:
    """The checked top level of a data file: `format` and the list of event tables."""
    fmt = fmt or ("json" if name.endswith(".json") or text.lstrip().startswith("{") else "toml")
    try:
        if fmt == "json":
            raw: Any = json.loads(text, object_pairs_hook=_unique_keys)
        else:
            raw = tomllib.loads(text)
    except RecursionError:
        raise DataFileError(
            f"{name}: lists or tables nested too deeply{_deep_line(text)} "
            f"(a data file needs fewer than {MAX_DEPTH} levels)"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        where = str(exc).replace(
            "at end of document", f"at line {text.count(chr(10)) + 1}, the end"
        )
        raise DataFileError(f"{name}: malformed TOML: {where}") from None
    except json.JSONDecodeError as exc:
        raise DataFileError(
            f"{name}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except _DuplicateKey as exc:
        key, line = _duplicate_key(text) or (exc.key, None)
        where = f"line {line}: " if line else ""
        raise DataFileError(
            f"{name}: {where}key {key!r} appears twice in one object (which one is meant?)"
        ) from None
    if isinstance(raw, list):
        raw = {"events": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("events", []), list):
        raise DataFileError(f"{name}: expected `events`, a list of event tables")
    version = raw.get("format", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise DataFileError(f"{name}: format {version!r} is not one this agenda reads (1)")
    unknown = set(raw) - {"format", "events", "$schema"}
    if unknown:
        raise DataFileError(f"{name}: unknown top-level key(s): {', '.join(sorted(unknown))}")
    return raw


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused when a key appears twice (json would keep the last silently)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"\s*:?|[{}\[\]]')


def _duplicate_key(text: str) -> tuple[str, int] | None:
    """The first key that appears twice in one object of a JSON text, and the line of its second
    appearance. Only run once the parser has found one: the parser itself keeps no positions."""
    stack: list[set[str] | None] = []
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token == "{":
            stack.append(set())
        elif token == "[":
            stack.append(None)
        elif token in "}]":
            if stack:
                stack.pop()
        elif token.endswith(":") and stack and stack[-1] is not None:
            key = json.loads(token[:-1].rstrip())
            if key in stack[-1]:
                return key, text.count("\n", 0, match.start()) + 1
            stack[-1].add(key)
    return None


def _events(raw: dict[str, Any], name: str) -> list[Event]:
    """The validated events of a decoded data file, every problem at once.

    Each table is dropped once validated, so that a large file never holds its parsed tables
    and all its models at the same time.
    """
    entries: list[Any] = raw.pop("events", [])
    events: list[Event] = []
    problems: list[str] = []
    for index in range(len(entries)):
        number, entry = index + 1, entries[index]
        entries[index] = None
        if not isinstance(entry, dict):
            problems.append(f"{name}: event #{number}: expected a table of fields")
            continue
        label = f"{name}: event #{number} {entry.get('id', '(no id)')!r}"
        try:
            events.append(parse_event(entry, label))
        except ValidationProblem as exc:
            problems += exc.problems
    if problems:
        raise ValidationProblem(problems)
    return events


_BRACKETS = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|[\[\]{}]')


def _deep_line(text: str) -> str:
    """ ", from line N": where lists or tables first nest MAX_DEPTH deep (strings skipped)."""
    depth = 0
    for m in _BRACKETS.finditer(text):
        bracket = m.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return f", from line {text.count(chr(10), 0, m.start()) + 1}"
        elif bracket in "]}":
            depth -= 1
    return ""


def load(path: Path | str) -> list[Event]:
    """Events from a TOML or JSON data file (or "-" for TOML/JSON on stdin)."""
    text, name = read_text(path)
    raw = _decode(text, name)
    del text  # the text of a large file is several times its size on disk: not kept past here
    return _events(raw, name)


_ALWAYS = ("kind", "status", "precision")


def _plain(event: Event, mode: str = "python") -> dict[str, Any]:
    """The fields a person would write: no empty lists, no nulls, but kind/status/precision;
    the calendar only when it is not the default one (a file dumped before calendars existed
    is dumped the same)."""
    full = event.model_dump(mode=mode, exclude_none=True)
    return {
        k: v
        for k, v in full.items()
        if k in _ALWAYS
        or (
            v != []
            and v != {}
            and not (k == "sequence" and v == 0)
            and not (k == "calendar" and v == DEFAULT_CALENDAR)
        )
    }


def dump(events: list[Event], fmt: str = "toml") -> str:
    """The events as a data file that `load` reads back unchanged."""
    if fmt == "json":
        body = {
            "format": FORMAT_VERSION,
            "events": [_plain(e, "json") for e in events],
        }
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    if fmt != "toml":
        raise DataFileError(f"unknown format {fmt!r} (toml or json)")
    import tomli_w

    return tomli_w.dumps(
        {"format": FORMAT_VERSION, "events": [_plain(e) for e in events]}, multiline_strings=True
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a data file, generated from the model."""
    event_schema = Event.model_json_schema(mode="validation")
    defs = event_schema.pop("$defs", {})
    defs["Event"] = event_schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://agenda.invalid/agenda.schema.json",
        "title": "agenda data file",
        "description": (
            "Summits, visits and meetings for `agenda load`. Generated by `agenda schema`."
        ),
        "type": "object",
        "properties": {
            "format": {"const": FORMAT_VERSION},
            "events": {"type": "array", "items": {"$ref": "#/$defs/Event"}},
        },
        "required": ["events"],
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_text() -> str:
    """The JSON Schema as the text committed in data/agenda.schema.json."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
