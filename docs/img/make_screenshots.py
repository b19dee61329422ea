"""Screenshots of the UI made by the app itself (SVG via `save_screenshot`, PNG via cairosvg).

python docs/img/make_screenshots.py              # every screenshot; PNGs need `pip install cairosvg`
python docs/img/make_screenshots.py month-grid   # only the ones named

The SVG asks for Fira Code from the web; offline, cairosvg would set the text in a proportional
font and columns of a grid would drift, so the PNG is drawn with the SVG's font replaced by a
monospaced one installed here (DejaVu Sans Mono).
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from agenda.core import datafile  # noqa: E402
from agenda.core.clock import fixed_clock  # noqa: E402
from agenda.core.config import Settings  # noqa: E402
from agenda.core.store import EventStore  # noqa: E402
from agenda.ui import make_app  # noqa: E402

SHOTS = {
    "timeline": [],
    "span-view": ["2"],
    "narrow-detail": ["j", "j", "j", "enter"],
    "month-grid": ["4"],
}
MONO = "DejaVu Sans Mono"


async def shoot(name: str, keys: list[str]) -> None:
    clock = fixed_clock(datetime(2021, 9, 16, 6, 0))
    store = EventStore(":memory:", clock=clock)
    store.put_many(datafile.load(HERE.parents[1] / "data" / "dushanbe-2021.toml"))
    app = make_app(store, Settings(viewer_tz="Europe/Berlin"), clock)
    size = (80, 24) if name.startswith("narrow") else (120, 40)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        app.save_screenshot(f"{name}.svg", path=str(HERE))
    try:
        import cairosvg
    except ImportError:
        return
    svg = (HERE / f"{name}.svg").read_text()
    svg = svg.replace("Fira Code, monospace", MONO).replace('"Fira Code"', f'"{MONO}"')
    cairosvg.svg2png(bytestring=svg.encode(), write_to=str(HERE / f"{name}.png"), output_width=1400)


for shot, keys in SHOTS.items():
    if len(sys.argv) < 2 or shot in sys.argv[1:]:
        asyncio.run(shoot(shot, keys))
