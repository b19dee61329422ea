"""The registry of intergovernmental bodies: codes (CSTO, SCO, ...) and their full names.

The bundled list lives in `data/organizations.toml`; a user file of the same shape named
`organizations.toml` beside the settings file adds to it. Read once per process, on first use.

`agenda show` names organizations on every call, and tomllib (with typing) costs it ~4 ms of
start-up (issue 13.4), so the bundled list is also kept as Python in `organizations_bundled.py`,
generated from the TOML file by `bundled_source()`; a test keeps the two equal. tomllib is
imported only when the user has a file of their own.
"""

from __future__ import annotations

import os
from functools import cache

from agenda.core import paths
from agenda.core.errors import DataFileError

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (issue 13.4)

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from agenda.core.records import NamedTuple


class Organization(NamedTuple):
    """One intergovernmental body (immutable, as the frozen dataclass it was: `agenda show` does
    not import dataclasses, with inspect and ast, to name an organization)."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()


def _read(path: str) -> dict[str, Organization]:
    import tomllib  # here: only a user's own file is read as TOML at run time

    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{path}: {exc}") from None
    out: dict[str, Organization] = {}
    for code, entry in raw.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise DataFileError(f"{path}: [{code}] needs a `name` string")
        aliases = entry.get("aliases", [])
        out[code.upper()] = Organization(code, entry["name"], tuple(str(a) for a in aliases))
    return out


@cache
def registry() -> dict[str, Organization]:
    """All known organizations by upper-case code: the bundled list plus the user's additions."""
    # paths as strings: `agenda show` need not import pathlib (~3 ms; see core.paths)
    from agenda.core.organizations_bundled import BUNDLED

    known = {code.upper(): Organization(code, name, aliases) for code, name, aliases in BUNDLED}
    user = paths.joined(paths.parent_text(paths.config_file()), "organizations.toml")
    if os.path.isfile(user):
        known.update(_read(user))
    return known


def lookup(code: str) -> Organization | None:
    """The organization with this code (case-insensitive), or None."""
    return registry().get(code.upper())


def full_name(code: str) -> str:
    """The full name of a code, or the code itself when it is unknown."""
    org = lookup(code)
    return org.name if org else code


def bundled_source() -> str:
    """The text of `organizations_bundled.py`: the bundled TOML file's entries as Python."""
    entries = _read(paths.joined(paths.bundled_data_folder(), "organizations.toml"))
    lines = [
        '"""The bundled organizations as Python, generated from data/organizations.toml: do not',
        "edit; after changing the TOML file, run `python -m agenda.core.organizations >",
        "agenda/core/organizations_bundled.py && ruff format agenda` (a test checks the two agree).",
        '"""',
        "",
        "BUNDLED: tuple[tuple[str, str, tuple[str, ...]], ...] = (",
    ]
    lines += [f"    ({o.code!r}, {o.name!r}, {o.aliases!r})," for o in entries.values()]
    lines.append(")")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(bundled_source(), end="")
