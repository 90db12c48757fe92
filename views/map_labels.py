"""Readable names on the municipality map: a text colour that contrasts with each fill, and every name on its own
municipality without overlapping another.

Pure functions. The map is drawn in Mercator with its bounds fitted to the municipalities, so a label's box in
screen pixels can be estimated from the map's size. Labels are placed greedily: the chosen municipality first, then
the smallest (the most constrained), each at the point of its polygon farthest from the polygon's edges or, when
that box is taken, at another point inside its polygon; a crowded name steps its font down (to MIN_FONT_PX) before
it would overlap. Every name is placed and its anchor lies inside its own polygon; only when nothing fits even at
the smallest font is it drawn at its deepest point regardless (reported by `overlaps`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

CHAR_EM = 0.58  # average character width of the sans-serif label font, in em
LINE_EM = 1.25  # label box height, in em


MIN_FONT_PX = 10
GRID_PX = 5.0  # spacing of the candidate points inside a polygon, in screen pixels
MAX_RING_POINTS = 150  # a ring is thinned to this many vertices for the distance-to-edge estimate


@dataclass(frozen=True)
class Label:
    area_id: str
    name: str
    lon: float
    lat: float
    weight: float  # the polygon's size; math.inf for the highlighted area (placed before every other)
    ring: tuple[tuple[float, float], ...] = ()  # the polygon's outer ring (lon, lat): the name stays inside it


def inside(x: float, y: float, ring: Sequence[tuple[float, float]]) -> bool:
    """Ray casting: whether (x, y) lies inside the ring (same coordinates)."""
    result = False
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            result = not result
    return result


def _edge_distance(x: float, y: float, ring: Sequence[tuple[float, float]]) -> float:
    best = math.inf
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        dx, dy = x1 - x0, y1 - y0
        t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(x - x0 - t * dx, y - y0 - t * dy))
    return best


def interior_points(ring: Sequence[tuple[float, float]], step: float = GRID_PX) -> list[tuple[float, float]]:
    """Grid points inside the ring (screen pixels), deepest (farthest from the edges) first."""
    if len(ring) < 3:
        return []
    thin = list(ring[:: max(1, len(ring) // MAX_RING_POINTS)])
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    points = []
    y = min(ys) + step / 2
    while y < max(ys):
        x = min(xs) + step / 2
        while x < max(xs):
            if inside(x, y, ring):
                points.append((_edge_distance(x, y, thin), x, y))
            x += step
        y += step
    return [(x, y) for _, x, y in sorted(points, reverse=True)]


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


def screen_projection(bounds: tuple[float, float, float, float], width_px: float, height_px: float
                      ) -> tuple[Callable[[float, float], tuple[float, float]],
                                 Callable[[float, float], tuple[float, float]]]:
    """(to_px, to_geo): (lon, lat) <-> screen pixels of a Mercator map fitted to `bounds` in width × height."""
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

    return to_px, to_geo


def place_labels(labels: Sequence[Label], bounds: tuple[float, float, float, float], *, width_px: float,
                 height_px: float, font_px: float,
                 min_font_px: float = MIN_FONT_PX) -> list[tuple[Label, float, float, float]]:
    """Every label with the (lon, lat) it is drawn at and its font size; `bounds` = (lon0, lat0, lon1, lat1) of
    the fitted map, drawn into at most width_px × height_px (the smaller scale wins, as plotly's fitbounds).
    A label with a ring is anchored inside it; one without is placed at its (lon, lat) or nudged around it."""
    to_px, to_geo = screen_projection(bounds, width_px, height_px)
    placed: list[tuple[float, float, float, float]] = []
    out: list[tuple[Label, float, float, float]] = []
    order = sorted(labels, key=lambda lb: (0 if math.isinf(lb.weight) else 1, lb.weight))
    sizes = [font_px - i for i in range(int(font_px - min_font_px) + 1)]
    for label in order:
        cx, cy = to_px(label.lon, label.lat)
        if label.ring:
            candidates = interior_points([to_px(lon, lat) for lon, lat in label.ring]) or [(cx, cy)]
        else:
            candidates = [(cx, cy)]
        chosen = None
        for size in sizes:
            h, w = size * LINE_EM, size * CHAR_EM * len(label.name) + 4
            tries = candidates if label.ring else [(cx + dx, cy + dy) for dx, dy in
                                                   ((0, 0), (0, -h), (0, h), (w * 0.6, 0), (-w * 0.6, 0))]
            for x, y in tries:
                box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
                if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                    chosen = (x, y, size, box)
                    break
            if chosen:
                break
        if chosen is None:  # nothing fits even at the smallest font: the deepest point, smallest font
            size = sizes[-1]
            x, y = candidates[0]
            h, w = size * LINE_EM, size * CHAR_EM * len(label.name) + 4
            chosen = (x, y, size, (x - w / 2, y - h / 2, x + w / 2, y + h / 2))
        x, y, size, box = chosen
        placed.append(box)
        out.append((label, *to_geo(x, y), size))
    return out
