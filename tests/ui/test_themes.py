"""Every built-in Textual theme is readable: the key text styles of the timeline, the detail
pane and the form reach the WCAG contrast ratio on their background (4.5:1; 3:1 for bold
headings), measured on the colours the running App resolves and draws."""

from __future__ import annotations

import pytest
from rich.color import Color as RichColor
from rich.style import Style
from textual.color import Color
from textual.pilot import Pilot
from textual.theme import BUILTIN_THEMES
from textual.widget import Widget

from agenda.ui import AgendaApp
from agenda.ui.forms import EventForm
from tests.ui.conftest import CSTO, drive, new_app

# ANSI themes draw in the terminal's own 16 colours, whose values only the terminal knows
THEMES = [name for name in BUILTIN_THEMES if not name.startswith("ansi")]
DECORATION = {"timeline--grid", "timeline--cursor", "detail--link-cursor"}
"""Not text: the day view's grid lines and the cursor bars (Textual's block-cursor colours)."""


def wcag(a: Color, b: Color) -> float:
    def lum(c: Color) -> float:
        def ch(v: int) -> float:
            x = v / 255
            return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.rgb[0]) + 0.7152 * ch(c.rgb[1]) + 0.0722 * ch(c.rgb[2])

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def problem(what: str, style: Style) -> str | None:
    """What is wrong with text drawn in `style` (resolved: colour and background set)."""
    assert isinstance(style.color, RichColor) and isinstance(style.bgcolor, RichColor), what
    r = wcag(Color.from_rich_color(style.color), Color.from_rich_color(style.bgcolor))
    need = 3.0 if style.bold else 4.5
    return None if r >= need else f"{what}: {r:.1f}:1 (needs {need})"


def component_problems(widget: Widget) -> list[str]:
    # as the panes draw: their own style, then the component's partial style over it
    found = []
    for name in sorted(widget.COMPONENT_CLASSES - DECORATION):
        style = widget.rich_style + widget.get_component_rich_style(name, partial=True)
        found.append(problem(name, style))
    return [p for p in found if p]


@pytest.mark.parametrize("theme", THEMES)
def test_text_is_readable_in_every_theme(theme: str) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.theme = theme
        app.timeline.select(CSTO)
        await pilot.pause()
        found = component_problems(app.timeline) + component_problems(app.detail)
        # the drawn lines: the detail title and a day heading as they are on the screen
        title = app.detail._strips[0]
        found += [problem(f"drawn title {s.text!r}", s.style) for s in title if s.text.strip()]
        lines = [app.timeline.render_line(y) for y in range(app.timeline.size.height)]
        day = next(line for line in lines if "Sep 2021" in line.text and "━" not in line.text)
        found += [problem(f"drawn day {s.text!r}", s.style) for s in day if s.text.strip()]
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EventForm)
        for selector in ("#form-title", ".field-label", ".hint"):
            widget = form.query(selector).first()
            found.append(problem(selector, widget.rich_style))
        assert not [p for p in found if p], f"{theme}: {[p for p in found if p]}"

    drive(new_app(), scenario)


def test_the_detail_pane_takes_a_new_theme_at_once() -> None:
    # the pane's text holds the styles it was built with: switching theme from the palette
    # left the title dark grey on nord's dark blue until another event was selected
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.timeline.select(CSTO)
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
        title = app.detail._strips[0]
        assert not [p for s in title if s.text.strip() and (p := problem(s.text, s.style))]
        wanted = app.detail.get_component_rich_style("detail--title", partial=True).color
        assert next(s for s in title if s.text.strip()).style.color == wanted

    drive(new_app(), scenario)
