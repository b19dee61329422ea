"""Text colours that stay readable in every theme: the theme's own colours, nudged until they
reach the WCAG contrast ratio against the backgrounds text sits on.

Textual's `$text-warning`, `$text-success` and `$foreground-muted` are ~3:1 on some light
themes (textual-light, atom-one-light), and `$text` is `auto`, which a component class's partial
style cannot resolve (day headings drawn white on light grey). The App adds `$readable-*`
variables computed here from the current theme; agenda.tcss uses them.
"""

from __future__ import annotations

from textual.color import Color

TEXT = 4.5
"""WCAG AA for body text."""

SOURCES = {
    "readable-primary": "text-primary",
    "readable-secondary": "text-secondary",
    "readable-accent": "text-accent",
    "readable-success": "text-success",
    "readable-warning": "text-warning",
    "readable-error": "text-error",
    "readable-muted": "foreground-muted",
    "readable-foreground": "foreground",
}
"""Each variable the App adds, from the theme variable it starts from."""

BARS = {
    "readable-on-primary-muted": "primary-muted",
    "readable-on-accent-muted": "accent-muted",
    "readable-on-success-muted": "success-muted",
    "readable-on-secondary-muted": "secondary-muted",
    "readable-on-warning-muted": "warning-muted",
    "readable-on-surface-lighten-2": "surface-lighten-2",
}
"""The foreground for text on each of these backgrounds (the span view's bars, the filter bar)."""


def luminance(color: Color) -> float:
    """Relative luminance (WCAG 2)."""

    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = color.rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a: Color, b: Color) -> float:
    """The WCAG contrast ratio of two opaque colours (1 to 21)."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def readable(color: Color, backgrounds: list[Color], minimum: float = TEXT) -> Color:
    """`color` (made opaque over the first background) moved toward black or white, whichever
    the backgrounds are further from, just far enough to reach `minimum` on each of them."""
    color = backgrounds[0] + color
    light = sum(luminance(b) for b in backgrounds) / len(backgrounds) > 0.18
    target = Color(0, 0, 0) if light else Color(255, 255, 255)
    step = color
    for n in range(21):
        step = color.blend(target, n / 20)
        if min(ratio(step, b) for b in backgrounds) >= minimum:
            break
    return step


def readable_variables(variables: dict[str, str]) -> dict[str, str]:
    """The `readable-*` variables for a theme's generated variables.

    ANSI themes draw in the terminal's own palette, whose colours are not known here: their
    variables are passed through as they are."""
    out: dict[str, str] = {}
    try:
        backgrounds = [
            Color.parse(variables["background"]),
            Color.parse(variables["surface"]),
            Color.parse(variables["panel"]),
        ]
        backgrounds = [backgrounds[0]] + [backgrounds[0] + b for b in backgrounds[1:]]
    except Exception:  # ansi_default, transparent: the terminal decides
        backgrounds = []
    for name, source in SOURCES.items():
        value = variables.get(source, variables.get("foreground", "ansi_default"))
        if not backgrounds or value.startswith("ansi") or value.startswith("auto"):
            out[name] = value
            continue
        out[name] = readable(Color.parse(value), backgrounds).hex
    for name, source in BARS.items():
        value = variables.get(source, "ansi_default")
        if not backgrounds or value.startswith("ansi"):
            out[name] = variables.get("foreground", "ansi_default")
            continue
        bar = backgrounds[0] + Color.parse(value)
        out[name] = readable(Color.parse(variables["foreground"]), [bar]).hex
    return out
