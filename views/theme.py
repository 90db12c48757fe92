"""Colours, type sizes and mark styling: defined once, shared by the dashboard and the slide/PDF exports.

The palette is Okabe–Ito (safe for the common colour-vision deficiencies). A mark is never shown by colour
alone: it always comes with an arrow and words (see `mark_style`).

Stable names other modules may import:
    PALETTE, MARK_COLOURS, MARK_TEXT_COLOUR, SERIES_COLOURS, FONT_FAMILY, FONT_SIZE,
    TITLE_SIZE, SEQUENTIAL_SCALE, PLOTLY_SEPARATORS, mark_style(mark) -> MarkStyle
"""

from __future__ import annotations

from dataclasses import dataclass

from views.words import mark_word

# Okabe–Ito, plus black and a dark grey for text and references.
PALETTE: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "dark_grey": "#3C3C3C",
    "mid_grey": "#8C8C8C",
    "light_grey": "#D9D9D9",
    "paper": "#FFFFFF",
}

# Status marks. Text on every mark background is black (contrast ≥ 4.5:1 on all five). Neutral ("no clear
# difference") is sky blue with a square: neither good nor bad, and never mistaken for yellow ("mixed").
MARK_COLOURS: dict[str, str] = {
    "green": PALETTE["bluish_green"],
    "neutral": PALETTE["sky_blue"],
    "yellow": PALETTE["orange"],
    "red": PALETTE["vermillion"],
    "grey": "#BDBDBD",
}
MARK_TEXT_COLOUR = "#000000"
# A shape per mark as a second non-colour cue (readable in black and white print).
MARK_SYMBOLS: dict[str, str] = {"green": "●", "neutral": "■", "yellow": "◆", "red": "▲", "grey": "○"}

# Lines in the trend chart and friends: municipality, county, country, target, women, men.
SERIES_COLOURS: dict[str, str] = {
    "area": PALETTE["blue"],
    "county": PALETTE["orange"],
    "riket": PALETTE["dark_grey"],
    "target": PALETTE["bluish_green"],
    "women": PALETTE["reddish_purple"],
    "men": PALETTE["sky_blue"],
    "highlight": PALETTE["vermillion"],
    "others": "#9DB9D3",
}
SERIES_DASH: dict[str, str] = {"area": "solid", "county": "dash", "riket": "dot", "target": "longdash"}

# Sequential scale for the map (cividis-like, light = low, dark = high; colour-blind safe).
SEQUENTIAL_SCALE: list[list[float | str]] = [
    [0.0, "#FFEA46"], [0.25, "#BCAF6F"], [0.5, "#7C7B78"], [0.75, "#3B496C"], [1.0, "#00204D"],
]

FONT_FAMILY = "\"Source Sans Pro\", \"Source Sans 3\", \"DejaVu Sans\", Arial, sans-serif"
FONT_SIZE = 18          # chart body text, px (projector)
TITLE_SIZE = 24         # chart titles, px
TICK_SIZE = 16
PLOTLY_SEPARATORS = ",\u00a0"   # plotly: decimal comma, non-breaking space as thousands separator


@dataclass(frozen=True)
class MarkStyle:
    background: str
    text: str
    symbol: str
    words: str


def mark_style(mark: str) -> MarkStyle:
    """Colour, text colour, symbol and fallback words for a mark ('green'|'neutral'|'yellow'|'red'|'grey')."""
    key = mark if mark in MARK_COLOURS else "grey"
    return MarkStyle(MARK_COLOURS[key], MARK_TEXT_COLOUR, MARK_SYMBOLS[key], mark_word(key))
