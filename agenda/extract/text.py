"""Article text: reading the date line, checking the input is usable English prose, sentences.

Sentences keep their character offsets in the article body so that evidence can be highlighted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from agenda.core.errors import ExtractError

_DATE_LINE = re.compile(r"^\s*date[:\s]+(\d{4}-\d{2}-\d{2})\s*", re.IGNORECASE)

NUMBER_WORDS: dict[str, int] = {
    word: n
    for n, word in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ],
        start=1,
    )
}
"""Numbers written as words ("a three-day visit", "a two-nation tour"), one to twelve."""

_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
# "ALMATY, Nov 29 (Reuters) -", "ASTANA, 29 October 2023 –", "NEW DELHI, Sept. 7, 2023 (AP) —":
# where and when the article was filed, never an event's place or date.
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z.'’ -]{1,40}?(?:,\s+[A-Z][A-Za-z.'’ -]{1,30}?)?),\s+"
    r"(?:(?P<d1>\d{1,2})\s+(?P<m1>" + _MONTH + r")|(?P<m2>" + _MONTH + r")\s+(?P<d2>\d{1,2}))"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    r"(?:\s*\((?P<agency>[^()\n]{1,40})\))?\s*(?:-+|–|—)\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Dateline:
    """The opening "CITY, Month Day (Agency) -" of a wire story: where and when it was filed."""

    place: str
    month: int
    day: int
    year: int | None
    end: int
    """Offset in the body where the story proper begins."""
    start: int = 0
    """Offset of the dateline: 0, or the start of the paragraph after a headline."""

    def date(self, today: date | None) -> date | None:
        """The filing date: its own year, else the latest such day not after `today`."""
        if self.year is not None:
            return _real_date(self.year, self.month, self.day)
        if today is None:
            return None
        for year in (today.year, today.year - 1):
            day = _real_date(year, self.month, self.day)
            if day is not None and day <= today:
                return day
        return None


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dateline(body: str) -> Dateline | None:
    """The dateline at the start of the body, or after a one-line headline, if the story opens
    with one."""
    found = _dateline_at(body, 0)
    if found is None:
        # a headline is one line, maybe with an abbreviation's point ("under shadow of Sept. 11")
        head = re.match(r"[^\n]{1,200}(?<![.!])\n\s*\n\s*", body)
        if head:
            found = _dateline_at(body, head.end())
    return found


def _dateline_at(body: str, at: int) -> Dateline | None:
    match = _DATELINE.match(body[at : at + 300])
    if not match:
        return None
    place = match.group("place")
    plain = re.match(r"^[A-Z][a-z]+(?:\s[A-Z][a-z]+)?$", place.strip())
    if not place.split(",")[0].strip().isupper() and not match.group("agency") and not plain:
        return None  # mixed case: one or two capitalised words ("Bishkek, 5 May -") or an agency
    month = _MONTH_NUMBERS[(match.group("m1") or match.group("m2")).lower().rstrip(".")]
    day = int(match.group("d1") or match.group("d2"))
    year = int(match.group("year")) if match.group("year") else None
    if _real_date(year or 2000, month, day) is None:
        return None
    return Dateline(place.strip(), month, day, year, at + match.end(), at)


# Common English function words: a text in which almost none of these occur is not English.
_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "will",
        "on",
        "for",
        "with",
        "at",
        "by",
        "be",
        "as",
        "from",
        "that",
        "this",
        "are",
        "was",
        "were",
        "has",
        "have",
        "it",
        "its",
        "their",
        "his",
        "her",
        "which",
        "also",
        "an",
        "or",
        "not",
        "been",
        "would",
        "after",
        "during",
        "between",
        "under",
        "about",
        "into",
        "over",
        "other",
        "than",
        "they",
        "he",
        "she",
        "we",
        "said",
    ]
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article with its place in the body."""

    index: int
    text: str
    start: int
    end: int


def split_date_line(text: str, name: str) -> tuple[str, date | None]:
    """The body of the article and the date of its leading `date YYYY-MM-DD` line, if any."""
    match = _DATE_LINE.match(text)
    if not match:
        return text, None
    try:
        day = date.fromisoformat(match.group(1))
    except ValueError:
        raise ExtractError(
            f"{name}: line 1: {match.group(1)!r} is not a real date (YYYY-MM-DD)"
        ) from None
    return text[match.end() :], day


def decode(raw: bytes, name: str) -> str:
    """The article as text; refuses empty and binary input with a message naming the file."""
    if not raw.strip():
        raise ExtractError(f"{name}: the article is empty")
    if b"\x00" in raw[:8192]:
        raise ExtractError(f"{name}: this is a binary file, not a plain-text article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExtractError(
            f"{name}: not UTF-8 text (byte {exc.start}); is it a binary file?"
        ) from None
    check_text(text, name)
    return text


LONGEST_ARTICLE = 100_000
"""Characters in the longest text read as one article: a long feature is some 30 000; the
per-sentence rules take about 2 ms a sentence, so a 2 MB text would take minutes (issue 15.4)."""


def check_size(text: str, name: str) -> None:
    """Refuse a text longer than any article, at once and with a message that says so."""
    if len(text) > LONGEST_ARTICLE:
        raise ExtractError(
            f"{name}: {len(text):,} characters is longer than any article extract reads "
            f"(at most {LONGEST_ARTICLE:,}); give it one article at a time"
        )


def check_text(text: str, name: str) -> None:
    """Refuse text that is empty, longer than an article, mostly control characters, or not
    English."""
    if not text.strip():
        raise ExtractError(f"{name}: the article is empty")
    check_size(text, name)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(3, len(text) // 100):
        raise ExtractError(f"{name}: this is a binary file, not a plain-text article")
    words = re.findall(r"[^\W\d_]+", text.lower())
    letters = sum(len(w) for w in words)
    latin = sum(1 for w in words for ch in w if "a" <= ch <= "z")
    english = sum(1 for w in words if w in _ENGLISH)
    if not words or latin < letters * 0.7 or english < max(1, len(words) * 0.08):
        raise ExtractError(
            f"{name}: the article does not look like English text; extract reads English only"
        )


_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Smt|Shri|Prof|St|Gen|Lt|Col|Sen|Rep|Gov|No|Jr|Sr|vs|etc|Inc|Ltd|Co|approx)"
    r"|\b[A-Z]|\b(?:U\.S|U\.K|U\.N|a\.m|p\.m|e\.g|i\.e)"
    r"|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))\.$"
)
_BOUNDARY = re.compile(r"[.!?…]+[»”\"’']*\s+|\n\s*\n+|[»”]\s*(?=[«“A-Z])")


def sentences(body: str) -> list[Sentence]:
    """The sentences of the body, each with its offsets; abbreviations do not end a sentence.

    A leading dateline ("ALMATY, Nov 29 (Reuters) -") belongs to no sentence.
    """
    out: list[Sentence] = []
    dateline = find_dateline(body)
    begin = dateline.end if dateline else 0
    if dateline and dateline.start:
        _add(out, body, 0, dateline.start)  # the headline before it is a sentence of its own
    for match in _BOUNDARY.finditer(body, begin):
        head = body[begin : match.start() + 1]
        nxt = body[match.end() : match.end() + 1]
        if _ABBREV.search(head.rstrip()) and "\n\n" not in match.group(0):
            continue
        if nxt and nxt.islower():
            continue
        _add(out, body, begin, match.end())
        begin = match.end()
    _add(out, body, begin, len(body))
    return out


def _add(out: list[Sentence], body: str, start: int, end: int) -> None:
    chunk = body[start:end]
    line = chunk.find("\n", len(chunk) - len(chunk.lstrip()))
    if 0 < line < 200 and _is_heading(chunk[:line]):
        # "Monday 6 – Tuesday 7 November: Beijing" over a section: a sentence of its own,
        # not the start of the section's first sentence
        _add(out, body, start, start + line)
        _add(out, body, start + line, end)
        return
    lead = len(chunk) - len(chunk.lstrip(" \t\r\n«“\"'"))
    text = chunk.strip(" \t\r\n«»“”\"'")
    if not text or not re.search(r"\w", text):
        return
    start += lead
    if len(text) <= _LONGEST:
        out.append(Sentence(len(out), text, start, start + len(text)))
        return
    # a "sentence" of thousands of characters is a list or a run-on line, not prose: cut at
    # commas (else anywhere) so that the per-sentence rules stay fast on hostile input
    pos = 0
    while pos < len(text):
        cut = len(text)
        if cut - pos > _LONGEST:
            comma = text.rfind(", ", pos + 1, pos + _LONGEST)
            cut = comma + 1 if comma > pos else pos + _LONGEST
        piece = text[pos:cut]
        skip = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            begin = start + pos + skip
            out.append(Sentence(len(out), piece, begin, begin + len(piece)))
        pos = cut


def _is_heading(line: str) -> bool:
    """A day heading of a programme or a week ahead ("Friday, 14 June – Tashkent")."""
    from agenda.extract.headings import is_day_heading

    return is_day_heading(line)


_LONGEST = 1500
"""Characters in the longest sentence read as one (news sentences are under 400)."""
