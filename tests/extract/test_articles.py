"""The articles of tests/extract (own set and hold-out batches), scored as
benchmarks/score_extract.py does."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import ROOT

HERE = Path(__file__).parent
ARTICLES = sorted((HERE / "articles").glob("*.txt"))
HOLDOUT_DIRS = sorted(p for p in HERE.glob("holdout*") if p.is_dir())
EVERY = ARTICLES + sorted(a for d in HOLDOUT_DIRS for a in d.glob("*.txt"))

_spec = importlib.util.spec_from_file_location(
    "score_extract", ROOT / "benchmarks" / "score_extract.py"
)
assert _spec and _spec.loader
score_extract = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_extract)


def test_there_are_at_least_twelve_articles_with_expectations() -> None:
    assert len(ARTICLES) >= 12
    assert all(a.with_suffix(".toml").is_file() for a in ARTICLES)


def test_there_are_at_least_eight_hold_out_articles() -> None:
    holdout = [a for a in EVERY if a not in ARTICLES]
    assert len(holdout) >= 8
    assert all(a.with_suffix(".toml").is_file() for a in holdout)


@pytest.mark.parametrize("article", EVERY, ids=[f"{a.parent.name}/{a.stem}" for a in EVERY])
def test_article_entries_are_found(article: Path) -> None:
    row = score_extract.score_article(article)
    assert row["matched"] == row["expected"], f"missed: {row['missed']}"
    assert row["proposed"] == row["expected"], f"extra: {row['unmatched']}"
    assert row["parents_ok"] == row["matched"]
    assert row["dates_ok"] == row["matched"]
    assert row["details_ok"] == row["matched"]


def test_overall_scores() -> None:
    result = score_extract.score()
    assert result["precision"] >= 0.9
    assert result["recall"] >= 0.9
    assert result["date_accuracy"] >= 0.9


def test_a_readers_gold_scored_against_itself_agrees_whole(tmp_path: Path) -> None:
    """`score_extract.py --against`: a second reader's gold in the place of the proposals. The
    same gold on both sides matches every entry with its dates and parent; one entry moved by a
    day or left out is counted as a wrong date and a miss."""
    import shutil

    blind = HERE / "blind_final3"
    result = score_extract.score(blind, against=blind)
    assert result["precision"] == result["recall"] == 1.0
    assert result["date_accuracy"] == result["parent_accuracy"] == 1.0
    article = sorted(blind.glob("*.txt"))[0]
    shutil.copy(article, tmp_path / article.name)
    gold = article.with_suffix(".toml").read_text(encoding="utf-8")
    (tmp_path / article.with_suffix(".toml").name).write_text(gold, encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    entries = gold.split("[[expected]]")
    (other / article.with_suffix(".toml").name).write_text(
        "[[expected]]".join(entries[:-1]), encoding="utf-8"
    )  # the second reader left out the last entry
    row = score_extract.score_article(tmp_path / article.name, against=other)
    assert row["matched"] == row["expected"] - 1 == row["proposed"]
