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


def _boxes(placed, font_px, px_per_degree):
    """Approximate screen boxes (in the same units for x and y) of placed labels."""
    h = font_px * map_labels.LINE_EM
    out = []
    for label, lon, lat in placed:
        w = font_px * map_labels.CHAR_EM * len(label.name) + 4
        x, y = lon * px_per_degree, -lat * px_per_degree * 2  # ~60° N: a degree of latitude is twice as long
        out.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    return out


def test_labels_never_overlap_and_the_highlighted_one_is_always_placed():
    # a crowd of small areas around one point (as around Karlstad) and a few large ones
    crowd = [Label(f"c{i}", f"Kommun{i}", 13.5 + 0.02 * i, 59.4 + 0.01 * i, 1.0) for i in range(6)]
    big = [Label("b1", "Torsby", 12.8, 60.6, 9.0), Label("b2", "Årjäng", 12.1, 59.4, 8.0)]
    highlight = Label("h", "Karlstad", 13.55, 59.42, float("inf"))
    bounds = (11.7, 58.9, 14.5, 61.1)
    placed = place_labels([*crowd, *big, highlight], bounds, width_px=230, height_px=360, font_px=14)
    names = [lb.name for lb, _, _ in placed]
    assert names[0] == "Karlstad" and {"Torsby", "Årjäng"} <= set(names)
    assert len(names) < 9  # some of the crowd had to be left out
    px_per_degree = 230 / (bounds[2] - bounds[0])
    for a, b in itertools.combinations(_boxes(placed, 14, px_per_degree), 2):
        assert not (a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1), (a, b)
    for label, lon, lat in placed:  # never far from its own area
        assert abs(lon - label.lon) < 0.6 and abs(lat - label.lat) < 0.15


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
