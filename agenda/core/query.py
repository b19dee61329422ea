"""Filters as people write them, parsed once for the CLI (`--kind summit,visit`) and the feed
(`?kind=summit`): values split on commas, case made canonical, kinds, statuses and organization
codes checked against the vocabulary with one message each.

`what(name)` says how the caller names a filter in messages ("--org", "parameter 'org'");
problems are `UsageError`s naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from agenda.core.errors import UsageError
from agenda.core.store import Filters


def split_values(values: Iterable[str] | None) -> tuple[str, ...]:
    """`["summit,visit", " bilateral "]` -> `("summit", "visit", "bilateral")`."""
    out: list[str] = []
    for value in values or []:
        out += [v.strip() for v in value.split(",") if v.strip()]
    return tuple(out)


def check_orgs(orgs: tuple[str, ...], what: str) -> None:
    """Refuse an organization code the registry does not know: events can only carry known
    codes (the model checks), so such a filter is a typo that would silently match nothing."""
    from agenda.core.organizations import lookup, registry  # only when an org filter is given

    for code in orgs:
        if lookup(code) is None:
            known = ", ".join(o.code for o in registry().values())
            raise UsageError(
                f"{what}: unknown organization code {code!r} (known: {known}; add others to "
                "organizations.toml beside your config file)"
            )


def check_vocabulary(
    kinds: tuple[str, ...], statuses: tuple[str, ...], what: Callable[[str], str]
) -> None:
    """Refuse a kind or status the model does not have."""
    from agenda.core.models import Kind, Status  # only when such a filter is given

    known_kinds = [k.value for k in Kind]
    known_statuses = [s.value for s in Status]
    for kind in kinds:
        if kind not in known_kinds:
            raise UsageError(f"{what('kind')}: unknown kind {kind!r} ({', '.join(known_kinds)})")
    for status in statuses:
        if status not in known_statuses:
            raise UsageError(
                f"{what('status')}: unknown status {status!r} ({', '.join(known_statuses)})"
            )


def make_filters(
    *,
    kinds: Iterable[str] | None = None,
    orgs: Iterable[str] | None = None,
    countries: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    text: str | None = None,
    calendars: Iterable[str] | None = None,
    what: Callable[[str], str] = lambda name: f"--{name}",
) -> Filters:
    """Checked `Filters` from raw values (each may hold several, separated by commas)."""
    kind_values = tuple(k.lower() for k in split_values(kinds))
    status_values = tuple(s.lower() for s in split_values(statuses))
    if kind_values or status_values:
        check_vocabulary(kind_values, status_values, what)
    org_values = tuple(o.upper() for o in split_values(orgs))
    if org_values:
        check_orgs(org_values, what("org"))
    return Filters(
        kinds=kind_values,
        orgs=org_values,
        countries=split_values(countries),
        statuses=status_values,
        text=text,
        calendars=split_values(calendars),
    )
