"""Screenshots of the UI made by the app itself (SVG via `save_screenshot`, PNG via cairosvg).

python docs/img/make_screenshots.py      # needs `pip install cairosvg` for the PNGs
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

SHOTS = {"timeline": [], "span-view": ["2"], "narrow-detail": ["j", "j", "j", "enter"]}


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
    cairosvg.svg2png(
        url=str(HERE / f"{name}.svg"), write_to=str(HERE / f"{name}.png"), output_width=1400
    )


for shot, keys in SHOTS.items():
    asyncio.run(shoot(shot, keys))
