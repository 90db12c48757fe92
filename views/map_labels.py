"""Readable names on the municipality map: a text colour that contrasts with each fill, and labels that never overlap.

Pure functions. The map is drawn in Mercator with its bounds fitted to the municipalities, so a label's box in
screen pixels can be estimated from the map's size; labels are placed greedily (the chosen municipality first,
then the largest), each at its centre or nudged around it, and a label that fits nowhere is left out (its name is
still in the hover text and in the rank chart beside the map).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

CHAR_EM = 0.58  # average character width of the sans-serif label font, in em
LINE_EM = 1.25  # label box height, in em


@dataclass(frozen=True)
class Label:
    area_id: str
    name: str
    lon: float
    lat: float
    weight: float  # larger first (e.g. the polygon's size); the highlighted area goes before every other


def _hex_rgb(colour: str) -> tuple[float, float, float]:
    c = colour.lstrip("#")
    return int(c[0:2], 16) / 255, int(c[2:4], 16) / 255, int(c[4:6], 16) / 255


def scale_colour(t: float, scale: Sequence[Sequence]) -> tuple[float, float, float]:
    """The colour at position t (0..1) of a plotly colour scale [[0, '#…'], …, [1, '#…']], linearly interpolated."""
    t = min(max(t, 0.0), 1.0)
    for (t0, c0), (t1, c1) in zip(scale, scale[1:], strict=False):
        if t <= t1:
            f = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
            a, b = _hex_rgb(str(c0)), _hex_rgb(str(c1))
            return tuple(x + (y - x) * f for x, y in zip(a, b, strict=True))  # type: ignore[return-value]
    return _hex_rgb(str(scale[-1][1]))


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance of an sRGB colour (0..1 channels)."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(l1: float, l2: float) -> float:
    hi, lo = max(l1, l2), min(l1, l2)
    return (hi + 0.05) / (lo + 0.05)


def text_colour(fill_rgb: tuple[float, float, float]) -> str:
    """'#000000' or '#FFFFFF', whichever contrasts more with the fill."""
    lum = luminance(fill_rgb)
    return "#000000" if contrast(lum, 0.0) >= contrast(lum, 1.0) else "#FFFFFF"


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def place_labels(labels: Sequence[Label], bounds: tuple[float, float, float, float], *, width_px: float,
                 height_px: float, font_px: float) -> list[tuple[Label, float, float]]:
    """Labels that do not overlap, each with the (lon, lat) it is drawn at; `bounds` = (lon0, lat0, lon1, lat1)
    of the fitted map, drawn into at most width_px × height_px (the smaller scale wins, as plotly's fitbounds)."""
    lon0, lat0, lon1, lat1 = bounds
    x_span = max(math.radians(lon1 - lon0), 1e-9)
    y_span = max(_mercator_y(lat1) - _mercator_y(lat0), 1e-9)
    px_per = min(width_px / x_span, height_px / y_span)

    def to_px(lon: float, lat: float) -> tuple[float, float]:
        return math.radians(lon - lon0) * px_per, (_mercator_y(lat1) - _mercator_y(lat)) * px_per

    def to_geo(x: float, y: float) -> tuple[float, float]:
        lon = lon0 + math.degrees(x / px_per)
        lat = math.degrees(2 * math.atan(math.exp(_mercator_y(lat1) - y / px_per)) - math.pi / 2)
        return lon, lat

    h = font_px * LINE_EM
    placed: list[tuple[float, float, float, float]] = []
    out: list[tuple[Label, float, float]] = []
    for label in sorted(labels, key=lambda lb: -lb.weight):
        w = font_px * CHAR_EM * len(label.name) + 4
        cx, cy = to_px(label.lon, label.lat)
        for dx, dy in ((0, 0), (0, -h), (0, h), (w * 0.6, 0), (-w * 0.6, 0)):  # never far from its own area
            x, y = cx + dx, cy + dy
            box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
            if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                continue
            placed.append(box)
            out.append((label, *to_geo(x, y)))
            break
    return out
