"""The words the pages, slides and handouts use for places, trends and marks: each defined once, in
indicators/method.yaml `labels` (read here), so the dashboard, the exports and the CLI report say the same.

    COUNTY_NAME   "Hela Värmland"  the county as a whole (labels.county_name)
    RIKET_NAME    "Riket"          the country, capitalised for headings (labels.riket_name)
    COUNTY_ONLY   "Finns bara för länet"  a county-grain series on a municipality (labels.target_status)
    period_text(2024, "2021-2024")              "2021–2024" (a pooled window shown as the window;
    period_phrase(2024, "2021-2024")            "åren 2021–2024"   both from indicators/explain.py)
    trend_word("improving") / arrow_word("↑")   "förbättras"
    mark_word("green")                          "Går åt rätt håll" (labels.rollup: a mark without its own label)
    comparison_word("same")                     "ingen säkerställd skillnad" (labels.comparison, without "mot")
    uncertainty_words()                         {"wilson": "Wilsonintervall för en andel av befolkningen", ...}
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

# the one period formatter, shared with the method's explanations (re-exported for pages and exports)
from indicators.explain import period_phrase as period_phrase
from indicators.explain import period_text as period_text
from indicators.method import Labels, load_method


@cache
def labels() -> Labels:
    return load_method().labels


COUNTY_NAME: str = labels().county_name
RIKET_NAME: str = labels().riket_name[:1].upper() + labels().riket_name[1:]
COUNTY_ONLY: str = labels().target_status.county_only


def is_county_grain(municipality_type: str | None) -> bool:
    """A series the source gives for the county and Riket only (series.municipality_type 'L')."""
    return municipality_type == "L"


def county_only_line(county: str = COUNTY_NAME) -> str:
    """What a municipality view shows instead of an empty chart for a county-grain series."""
    return f"{COUNTY_ONLY} – redovisas för {county} och riket, inte per kommun."


def county_label(facts: Mapping[str, str]) -> str:
    """The county as one area ('Hela Dalarna'): the build's `county_label` fact (indicators/areas.yaml
    county_name), else COUNTY_NAME (a database built before the fact existed)."""
    return facts.get("county_label") or COUNTY_NAME


def trend_word(trend: str) -> str:
    """'improving' | 'stable' | 'worsening' | 'short_series' → the Swedish words."""
    return getattr(labels().trend, trend)


def arrow_word(arrow: str) -> str:
    """The words for a trend arrow ('↑' → 'förbättras'); '' for anything else."""
    arrows = labels().arrows.model_dump()
    return next((trend_word(k) for k, a in arrows.items() if a == arrow), "")


def mark_word(mark: str) -> str:
    """'green' | 'neutral' | 'yellow' | 'red' | 'grey' → the words for a mark that carries no label of its own."""
    return getattr(labels().rollup, mark)


def comparison_label(result: str, reference: str) -> str:
    """A comparison verdict with its reference named, as the status table words it: ('better', 'riket') →
    'Bättre än riket', ('same', 'county') → the method's words for 'same' against the county; 'not_compared' and
    'not_comparable' → their own words (labels.target_status)."""
    ts = labels().target_status
    if result in ("not_compared", "not_comparable"):
        return getattr(ts, result)
    suffix = "riket" if reference == "riket" else "lan"
    return getattr(ts, f"{result}_{suffix}")


def comparison_word(result: str) -> str:
    """'better' | 'same' | 'worse' | 'not_compared' → 'bättre' | 'ingen säkerställd skillnad' | 'sämre' |
    'kan inte jämföras': labels.comparison without its last word (the "än"/"mot"/"med" before a reference's name),
    for a place where the reference is already named ("Riket 74,6 % (ingen säkerställd skillnad)")."""
    words = getattr(labels().comparison, result)
    return words.rsplit(" ", 1)[0].lower()


def uncertainty_words() -> dict[str, str]:
    """The status table's uncertainty_source → the words naming it (labels.uncertainty_source)."""
    return labels().uncertainty_source.model_dump()
