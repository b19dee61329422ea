"""`NamedTuple` without importing `typing`: the same classes, for the modules `agenda list` needs.

`typing` costs more to import than anything else on the path of `agenda list`, `search` and
`show` (issue 13.4), and those modules need it for nothing but `NamedTuple`. This base builds the
class exactly as `typing.NamedTuple` does: `collections.namedtuple` with the annotated fields, the
class attributes of annotated fields as defaults, and every other name of the class body (methods,
docstring) copied on; so instances are tuples, equal as tuples, with `_fields`, `_replace` and
`_asdict`. Modules import it as

    TYPE_CHECKING = False
    if TYPE_CHECKING:
        from typing import NamedTuple
    else:
        from agenda.core.records import NamedTuple

so that type checkers still see `typing.NamedTuple`. With `from __future__ import annotations`
the field annotations stay strings (`typing` would wrap them in `ForwardRef`s); nothing reads them.
"""

from __future__ import annotations

from collections import namedtuple

_PROHIBITED = frozenset(
    {
        "__new__",
        "__init__",
        "__slots__",
        "__getnewargs__",
        "_fields",
        "_field_defaults",
        "_make",
        "_replace",
        "_asdict",
        "_source",
    }
)
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})


class _NamedTupleMeta(type):
    def __new__(mcls, typename, bases, ns):  # type: ignore[no-untyped-def]
        if not bases:  # the base class below
            return super().__new__(mcls, typename, bases, ns)
        if bases != (NamedTuple,):
            raise TypeError("can only inherit from NamedTuple")
        types = ns.get("__annotations__", {})
        default_names: list[str] = []
        for name in types:
            if name in ns:
                default_names.append(name)
            elif default_names:
                raise TypeError(
                    f"Non-default namedtuple field {name} cannot follow default field"
                    f"{'s' if len(default_names) > 1 else ''} {', '.join(default_names)}"
                )
        cls = namedtuple(
            typename, list(types), defaults=[ns[n] for n in default_names], module=ns["__module__"]
        )
        cls.__annotations__ = cls.__new__.__annotations__ = dict(types)
        for key in ns:
            if key in _PROHIBITED:
                raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
            if key not in _SPECIAL and key not in cls._fields:
                setattr(cls, key, ns[key])
        return cls


class NamedTuple(metaclass=_NamedTupleMeta):
    """Base of a named tuple class, as `typing.NamedTuple` (see the module's docstring)."""
