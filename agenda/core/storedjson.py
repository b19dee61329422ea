"""Reading the JSON the store wrote (an event's `data` column) without importing `json`.

`json` imports `re` and `enum` for its pure-Python scanner and its error messages: about 3.5 ms
of every `agenda show` (issue 13.4). The C scanner in CPython's `_json`, which `json.loads` runs
anyway, needs neither. `loads` calls it directly and returns what `json.loads` returns for every
document (tests/unit/test_storedjson.py compares the two); anything it cannot read whole goes to
`json.loads`, so malformed text raises the same `JSONDecodeError` with its position, and an
interpreter without `_json` simply uses `json`.
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_WHITESPACE = " \t\n\r"
_CONSTANTS = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}


class _Context:
    """The settings `json.JSONDecoder()` gives its C scanner (the defaults of `json.loads`)."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = staticmethod(_CONSTANTS.__getitem__)


def _scanner() -> Callable[[str, int], tuple[Any, int]] | None:
    try:
        from _json import make_scanner
    except ImportError:  # another interpreter: json's own pure-Python scanner
        return None
    return make_scanner(_Context())  # type: ignore[arg-type]  # typeshed: a JSONDecoder; read: its attributes


_SCAN = _scanner()


def loads(text: str) -> Any:
    """`json.loads(text)`, without importing `json` when the text is well-formed."""
    if _SCAN is not None:
        start = len(text) - len(text.lstrip(_WHITESPACE))
        try:
            value, end = _SCAN(text, start)
        except (StopIteration, ValueError, KeyError):
            pass
        else:
            if not text[end:].strip(_WHITESPACE):
                return value
    import json  # malformed (or no C scanner): json says where, as it always did

    return json.loads(text)
