"""Own calculations for the municipality profile: better/worse than a reference, in the indicator's direction.

Pure functions ("egen bearbetning av data från Kolada" wherever they are shown).
"""

from __future__ import annotations

import math

SAME_TOLERANCE = 0.005   # relative: within 0.5 % of the reference counts as "about the same"


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def versus_reference(value: float | None, reference: float | None, direction: str) -> str | None:
    """'better' | 'same' | 'worse' for `value` against `reference`; None if either is missing."""
    if _missing(value) or _missing(reference):
        return None
    diff = value - reference
    if abs(diff) <= SAME_TOLERANCE * max(abs(reference), 1e-9):
        return "same"
    better = diff > 0 if direction == "higher_is_better" else diff < 0
    return "better" if better else "worse"


VERSUS_WORDS = {"better": "Bättre", "same": "Som", "worse": "Sämre", None: "Kan inte jämföras"}
TREND_LABELS = {"improving": "Förbättras", "stable": "Oförändrat", "worsening": "Försämras",
                "short_series": "För kort serie", None: "Underlag saknas"}
