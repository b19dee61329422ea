"""The twelve articles of tests/extract/articles, scored as benchmarks/score_extract.py does."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import ROOT

ARTICLES = sorted((Path(__file__).parent / "articles").glob("*.txt"))

_spec = importlib.util.spec_from_file_location(
    "score_extract", ROOT / "benchmarks" / "score_extract.py"
)
assert _spec and _spec.loader
score_extract = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_extract)


def test_there_are_at_least_twelve_articles_with_expectations() -> None:
    assert len(ARTICLES) >= 12
    assert all(a.with_suffix(".toml").is_file() for a in ARTICLES)


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_article_entries_are_found(article: Path) -> None:
    row = score_extract.score_article(article)
    assert row["matched"] == row["expected"], f"missed: {row['missed']}"
    assert row["proposed"] == row["expected"], f"extra: {row['unmatched']}"
    assert row["parents_ok"] == row["matched"]


def test_overall_scores() -> None:
    result = score_extract.score()
    assert result["precision"] >= 0.9
    assert result["recall"] >= 0.9
    assert result["date_accuracy"] >= 0.9
