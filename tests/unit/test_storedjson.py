"""storedjson.loads reads what json.loads reads, the same way, without importing json."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agenda.core import storedjson

_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_values, st.booleans(), st.sampled_from(["", " ", "\n", " \t\r\n "]))
def test_same_value_as_json_loads(value: Any, ascii_only: bool, pad: str) -> None:
    text = pad + json.dumps(value, ensure_ascii=ascii_only) + pad
    assert storedjson.loads(text) == json.loads(text)


def test_the_constants_json_accepts() -> None:
    got = storedjson.loads('[NaN, Infinity, -Infinity, 1e400, "\\ud83d\\ude00"]')
    assert math.isnan(got[0]) and got[1:4] == [math.inf, -math.inf, math.inf]
    assert got[4] == "\U0001f600"


@pytest.mark.parametrize(
    "text", ['{"a": ', '{"a": 1} x', "", "   ", "[1,]", '{"a": nan}', "\ufeff{}"]
)
def test_malformed_text_raises_what_json_raises(text: str) -> None:
    with pytest.raises(json.JSONDecodeError) as theirs:
        json.loads(text)
    with pytest.raises(json.JSONDecodeError) as ours:
        storedjson.loads(text)
    assert str(ours.value) == str(theirs.value)


def test_reading_stored_json_does_not_import_json() -> None:
    code = (
        "import sys; from agenda.core import storedjson; "
        'storedjson.loads(\'{"id": "x", "n": [1, 2.5, null]}\'); print(\'json\' in sys.modules)'
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
