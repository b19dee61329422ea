"""A text far longer than an article ends with a clear message, not a hang (issue 15.4).

The time it takes is measured by benchmarks/bench_extract.py, not asserted here."""

from __future__ import annotations

from datetime import date

import pytest

from agenda.extract import ExtractError, extract, read_article
from agenda.extract.text import LONGEST_ARTICLE

PARAGRAPH = (
    "President Ilham Aliyev will pay a state visit to Kazakhstan on 12-13 March. The leaders "
    "will hold talks in narrow and extended formats in Astana, followed by a state dinner.\n\n"
)


def two_megabytes() -> str:
    return PARAGRAPH * (2_000_000 // len(PARAGRAPH) + 1)


def test_a_2_mb_text_is_refused_with_a_message_naming_the_file() -> None:
    text = "date 2025-03-10\n\n" + two_megabytes()
    with pytest.raises(ExtractError, match=r"^big\.txt: 2,0\d\d,\d{3} characters is longer"):
        read_article(text, "big.txt", None)


def test_extract_itself_refuses_a_2_mb_text() -> None:
    with pytest.raises(ExtractError, match="longer than any article"):
        extract(two_megabytes(), date(2025, 3, 10))


def test_an_article_just_under_the_limit_is_read() -> None:
    text = PARAGRAPH * (LONGEST_ARTICLE // len(PARAGRAPH))
    body, day = read_article(text, "long.txt", date(2025, 3, 10))
    assert any(p.kind == "visit" for p in extract(body, day))
