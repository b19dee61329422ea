"""agenda.core.records.NamedTuple builds the same classes as typing.NamedTuple (issue 13.4)."""

from __future__ import annotations

import typing

import pytest

from agenda.core import records


def _make(base: type) -> type:
    class Point(base):  # type: ignore[misc,valid-type]
        """A point."""

        x: int
        y: int = 2
        label: str = "p"

        def norm(self) -> int:
            return self.x + self.y

    return Point


def test_same_behaviour_as_typing() -> None:
    ours, theirs = _make(records.NamedTuple), _make(typing.NamedTuple)
    for cls in (ours, theirs):
        p = cls(1)
        assert p == (1, 2, "p") and isinstance(p, tuple)
        assert p.norm() == 3 and p._replace(y=5).y == 5
        assert cls._fields == ("x", "y", "label")
        assert cls._field_defaults == {"y": 2, "label": "p"}
        assert cls.__doc__ == "A point." and cls.__module__ == __name__
        assert repr(p) == "Point(x=1, y=2, label='p')"
        assert hash(p) == hash((1, 2, "p"))
    assert ours.__qualname__ == theirs.__qualname__


def test_refuses_what_typing_refuses() -> None:
    with pytest.raises(TypeError):

        class Bad(records.NamedTuple):
            x: int = 1
            y: int

    with pytest.raises(AttributeError):

        class Worse(records.NamedTuple):
            x: int

            def _replace(self) -> None: ...
