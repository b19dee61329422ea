"""TEXT values and content lines of RFC 5545, both ways: escaping and unescaping (3.3.11), folding
at 75 octets exactly as `icalendar.parser.foldline` folds (never inside a UTF-8 character, never
after the backslash of an escape). Shared by the reader and the writer; imports nothing else of
`agenda.ics`.

The one difference from `icalendar`: it turns a literal backslash-N in a text into a line break
before escaping (lossy); here a backslash is always escaped as `\\\\`, so every text round-trips.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(text: str) -> str:
    """TEXT escaping of RFC 5545 (3.3.11): backslash, semicolon, comma, line breaks.

    Control characters, which a TEXT value may not hold, are dropped (after CR and CRLF became
    line breaks); the exact text of the model travels in X-AGENDA-JSON.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isprintable() and _CONTROLS.search(text):
        text = _CONTROLS.sub("", text)
    # a few C-speed replaces beat one translate() with a table by far on long texts
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if ";" in text:
        text = text.replace(";", "\\;")
    if "," in text:
        text = text.replace(",", "\\,")
    if "\n" in text:
        text = text.replace("\n", "\\n")
    return text


_FOLD_ASCII = re.compile(r".{73}(?=[\\^].)|.{1,74}", re.S)
"""The pieces of an ASCII line: 74 characters, or 73 when the 74th is a backslash or caret and
more follows (icalendar never ends a piece on an escape's first character), the rest last."""


_FOLD_UTF8 = re.compile(
    rb"(?=.{75})(?>.{71,74}(?![\x80-\xbf]))(?<![\\^])|(?=.{75}).{70,73}(?=[\\^])|.+", re.S
)
"""The pieces of a UTF-8 line: when 75 bytes or more are left, the longest run of at most 74
bytes that ends between characters (the atomic group: no backtracking into it), unless it ends on
a backslash or caret, which then starts the next piece; else the rest."""


def fold(line: str) -> bytes:
    """The line as UTF-8, folded at 75 octets exactly as `icalendar.parser.foldline` folds it.

    Never splits a UTF-8 character; like icalendar, never ends a piece on the backslash of an
    escape. One regular expression finds the pieces (no loop per character).
    """
    raw = line.encode()
    if len(raw) <= 74:
        return raw + b"\r\n"
    return b"\r\n ".join(_FOLD_UTF8.findall(raw)) + b"\r\n"


def fold_str(line: str) -> str:
    """`fold` in text form, without its line end."""
    if line.isascii():
        if len(line) <= 74:
            return line
        return "\r\n ".join(_FOLD_ASCII.findall(line))
    if len(line) <= 18:  # at most 4 octets a character: 72
        return line
    return fold(line)[:-2].decode()


def unescape(text: str) -> str:
    """RFC 5545 TEXT unescaping (an escaped backslash before n stays a backslash and an n)."""
    if "\\" not in text:
        return text
    # escaped backslashes first split the text, so "\\\\n" stays a backslash and an n
    parts = text.split("\\\\")
    for i, part in enumerate(parts):
        if "\\" in part:
            parts[i] = (
                part.replace("\\n", "\n")
                .replace("\\N", "\n")
                .replace("\\,", ",")
                .replace("\\;", ";")
            )
    return "\\".join(parts)


def split_list(value: str) -> list[str]:
    """A comma-separated TEXT list, unescaped (escaped commas stay inside their item)."""
    items, current, i = [], [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            current.append(value[i : i + 2])
            i += 2
            continue
        if ch == ",":
            items.append(unescape("".join(current)))
            current = []
        else:
            current.append(ch)
        i += 1
    items.append(unescape("".join(current)))
    return [x for x in items if x]
