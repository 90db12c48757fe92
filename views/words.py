"""The words the pages, slides and handouts use for places, trends and marks: each defined once, in
indicators/method.yaml `labels` (read here), so the dashboard, the exports and the CLI report say the same.

    COUNTY_NAME   "Hela Värmland"  the county as a whole (labels.county_name)
    RIKET_NAME    "Riket"          the country, capitalised for headings (labels.riket_name)
    trend_word("improving") / arrow_word("↑")   "förbättras"
    mark_word("green")                          "Går åt rätt håll" (labels.rollup: a mark without its own label)
"""

from __future__ import annotations

from functools import cache

from indicators.method import Labels, load_method


@cache
def labels() -> Labels:
    return load_method().labels


COUNTY_NAME: str = labels().county_name
RIKET_NAME: str = labels().riket_name[:1].upper() + labels().riket_name[1:]


def trend_word(trend: str) -> str:
    """'improving' | 'stable' | 'worsening' | 'short_series' → the Swedish words."""
    return getattr(labels().trend, trend)


def arrow_word(arrow: str) -> str:
    """The words for a trend arrow ('↑' → 'förbättras'); '' for anything else."""
    arrows = labels().arrows.model_dump()
    return next((trend_word(k) for k, a in arrows.items() if a == arrow), "")


def mark_word(mark: str) -> str:
    """'green' | 'yellow' | 'red' | 'grey' → the words for a mark that carries no label of its own."""
    return getattr(labels().rollup, mark)
