"""Score `agenda extract` over the articles of tests/extract/articles: precision, recall, dates.

Each article `NN_name.txt` has `NN_name.toml` beside it with `[[expected]]` entries (kind, start,
end, precision, city, country, orgs, status, tz, parent as the index of another expected entry).
A proposal matches an expected entry of the same kind whose city, country and organizations
(each when given) agree; among those, the one with right dates first. Date accuracy is the share
of matched pairs whose start, end, precision (and tz when given) are all right. Detail accuracy is
the share of matched pairs whose optional `participants` (names), `participant_countries`,
`location_tz` and `outcome_counts` are all right.

An article that the extractor refuses (ExtractError) counts as proposing nothing.

    python benchmarks/score_extract.py [--verbose] [--dir DIR]      # DIR: tests/extract/articles
    python benchmarks/score_extract.py --dir tests/extract/holdout   # the hold-out articles
    python benchmarks/score_extract.py --dir DIR --against DIR2      # two readers' agreement

`--against DIR2` scores a second reader's gold (the `.toml` of the same names in DIR2, written
from the text alone) as if it were the extractor's proposals: the agreement of two people under
the same matcher, the ceiling a figure of the extractor can be read against.
"""

from __future__ import annotations

import sys
import tomllib
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "tests" / "extract" / "articles"


def _day(value: Any) -> Any:
    return value


def _matches(p: Any, e: dict[str, Any]) -> bool:
    if p.kind != e["kind"]:
        return False
    city = (p.location or {}).get("city")
    if "city" in e and city != e["city"]:
        return False
    if "country" in e and (p.location or {}).get("country") != e["country"]:
        return False
    if "orgs" in e and sorted(p.organizations) != sorted(e["orgs"]):
        return False
    return p.status == e.get("status", "announced")


def _date_right(p: Any, e: dict[str, Any]) -> bool:
    if e.get("status") == "postponed" and "start" not in e:
        return p.start is None
    start = e.get("start")
    end = e.get("end", None if isinstance(start, datetime) else start)
    ok = (
        p.start == start and (p.end or p.start if not isinstance(start, datetime) else p.end) == end
    )
    ok = ok and p.precision == e.get("precision", "exact")
    if "tz" in e:
        ok = ok and p.tz == e["tz"]
    return ok


def _details_right(p: Any, e: dict[str, Any]) -> bool:
    people = p.participants
    if "participants" in e and not set(e["participants"]) <= {x["name"] for x in people}:
        return False
    # a participant without a country sorts as "" (a None beside text cannot be sorted)
    if "participant_countries" in e and sorted(e["participant_countries"]) != sorted(
        x.get("country") or "" for x in people if x["name"] in e.get("participants", [])
    ):
        return False
    if "location_tz" in e and (p.location or {}).get("tz") != e["location_tz"]:
        return False
    counts = sorted(o["count"] for o in p.outcomes if o.get("count") is not None)
    return "outcome_counts" not in e or sorted(e["outcome_counts"]) == counts


def _expected(toml: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = tomllib.loads(toml.read_text(encoding="utf-8")).get(
        "expected", []
    )
    return entries


def _as_proposals(entries: list[dict[str, Any]]) -> list[Any]:
    """A reader's gold entries in the shape of the extractor's proposals (for `--against`)."""
    proposals = []
    for i, e in enumerate(entries):
        start = e.get("start")
        names = e.get("participants", [])
        countries = e.get("participant_countries", [])
        proposals.append(
            SimpleNamespace(
                key=str(i),
                parent=None if e.get("parent") is None else str(e["parent"]),
                kind=e["kind"],
                title=e.get("title", ""),
                location={"city": e.get("city"), "country": e.get("country"),
                          "tz": e.get("location_tz")},
                organizations=list(e.get("orgs", [])),
                status=e.get("status", "announced"),
                start=start,
                end=e.get("end", None if isinstance(start, datetime) else start),
                precision=e.get("precision", "exact"),
                tz=e.get("tz"),
                participants=[
                    {"name": n, "country": countries[k] if k < len(countries) else None}
                    for k, n in enumerate(names)
                ],
                outcomes=[{"count": c} for c in e.get("outcome_counts", [])],
            )
        )  # fmt: skip
    return proposals


def score_article(txt: Path, against: Path | None = None) -> dict[str, Any]:
    """Matched, proposed and expected counts (and date hits) for one article; with `against`,
    the proposals are the gold of that folder's reader instead of the extractor's."""
    from agenda.extract import ExtractError, extract, read_article

    expected = _expected(txt.with_suffix(".toml"))
    if against is not None:
        proposals = _as_proposals(_expected(against / txt.with_suffix(".toml").name))
    else:
        try:
            body, day = read_article(txt.read_text(encoding="utf-8"), txt.name, None)
            proposals = extract(body, day)
        except ExtractError:
            proposals = []
    free = list(range(len(proposals)))
    pairs: list[tuple[int, int]] = []
    for i, e in enumerate(expected):
        candidates = [j for j in free if _matches(proposals[j], e)]
        candidates.sort(key=lambda j: not _date_right(proposals[j], e))
        if candidates:
            pairs.append((i, candidates[0]))
            free.remove(candidates[0])
    dates_ok = sum(_date_right(proposals[j], expected[i]) for i, j in pairs)
    details_ok = sum(_details_right(proposals[j], expected[i]) for i, j in pairs)
    parents_ok = 0
    keys = {j: proposals[j].key for _, j in pairs}
    by_expected = dict(pairs)
    for i, j in pairs:
        want = expected[i].get("parent")
        got = proposals[j].parent
        if (want is None and got is None) or (
            want is not None and want in by_expected and keys.get(by_expected[want]) == got
        ):
            parents_ok += 1
    return {
        "article": txt.name,
        "expected": len(expected),
        "proposed": len(proposals),
        "matched": len(pairs),
        "dates_ok": dates_ok,
        "parents_ok": parents_ok,
        "details_ok": details_ok,
        "unmatched": [proposals[j] for j in free],
        "missed": [e for i, e in enumerate(expected) if i not in dict(pairs)],
    }


def score(folder: Path = DEFAULT_DIR, against: Path | None = None) -> dict[str, Any]:
    """Totals over every article of `folder` (`against`: a second reader's gold, see above)."""
    rows = [score_article(p, against) for p in sorted(folder.glob("*.txt"))]
    expected = sum(r["expected"] for r in rows)
    proposed = sum(r["proposed"] for r in rows)
    matched = sum(r["matched"] for r in rows)
    return {
        "rows": rows,
        "articles": len(rows),
        "precision": matched / proposed if proposed else 1.0,
        "recall": matched / expected if expected else 1.0,
        "date_accuracy": sum(r["dates_ok"] for r in rows) / matched if matched else 1.0,
        "parent_accuracy": sum(r["parents_ok"] for r in rows) / matched if matched else 1.0,
        "detail_accuracy": sum(r["details_ok"] for r in rows) / matched if matched else 1.0,
    }


def _f1(result: dict[str, Any]) -> float:
    p, r = result["precision"], result["recall"]
    return 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    args = [a for a in argv if a != "--verbose"]
    against = None
    if "--against" in args:
        at = args.index("--against")
        if at + 1 >= len(args) or not Path(args[at + 1]).is_dir():
            print("--against needs a folder of a second reader's .toml files", file=sys.stderr)
            return 2
        against = Path(args[at + 1])
        del args[at : at + 2]
    folder = DEFAULT_DIR
    if args and args[0] == "--dir":
        if len(args) < 2:
            print("--dir needs a folder", file=sys.stderr)
            return 2
        folder = Path(args[1])
    elif args:
        folder = Path(args[0])
    if not folder.is_dir():
        print(f"{folder}: not a folder of articles", file=sys.stderr)
        return 2
    result = score(folder, against)
    for r in result["rows"]:
        print(
            f"{r['article']:<32} expected {r['expected']}  proposed {r['proposed']}  "
            f"matched {r['matched']}  dates ok {r['dates_ok']}  parents ok {r['parents_ok']}  "
            f"details ok {r['details_ok']}"
        )
        if verbose:
            for p in r["unmatched"]:
                print(
                    f"    extra:  {p.kind} {p.start}..{p.end} {p.precision} "
                    f"{p.location and p.location.get('city')} {p.organizations} {p.status} "
                    f"{p.title!r}"
                )
            for e in r["missed"]:
                print(f"    missed: {e}")
    print(
        f"\n{result['articles']} articles: precision {result['precision']:.2f}  "
        f"recall {result['recall']:.2f}  F1 {_f1(result):.2f}  "
        f"date accuracy {result['date_accuracy']:.2f}  "
        f"parent accuracy {result['parent_accuracy']:.2f}  "
        f"detail accuracy {result['detail_accuracy']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    _ = date
    raise SystemExit(main(sys.argv[1:]))
