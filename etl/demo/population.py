"""Demo populations from real SCB figures (etl/demo/population_reference.csv, copied from shared/reference).

Totals are real for 2023 and the population aged 80+ for 2019 and 2023; other years follow each area's yearly
change (levels.yaml `growth` for totals, the real 2019→2023 change for 80+). Age groups are documented shares
(levels.yaml `population`). The county is the sum of its municipalities, as in Kolada.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from etl.demo.levels import KpiLevel, Levels

REFERENCE_PATH = Path(__file__).resolve().parent / "population_reference.csv"
TOTAL_YEAR = 2023
OLD_GROWTH_BEFORE = 1 / 3  # SCB: Riket 80+ about 495 000 in 2012, 536 000 in 2019


class PopulationReferenceError(ValueError):
    """population_reference.csv lacks an area or a year; the message names the file and area."""


@dataclass(frozen=True)
class Reference:
    total: dict[str, int]                   # area -> inhabitants 2023
    age_80_plus: dict[str, dict[int, int]]  # area -> year -> inhabitants 80+


def load_reference(path: Path = REFERENCE_PATH) -> Reference:
    total: dict[str, int] = {}
    old: dict[str, dict[int, int]] = {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            area, year = row["area_id"], int(row["year"])
            if row["total"]:
                total[area] = int(row["total"])
            old.setdefault(area, {})[year] = int(row["age_80_plus"])
    return Reference(total=total, age_80_plus=old)


class Populations:
    """Inhabitants per population KPI, area, year and gender; integers, K + M = T."""

    def __init__(self, levels: Levels, municipality_ids: list[str], county: str, country: str,
                 reference: Reference | None = None):
        self.levels = levels
        self.municipalities = list(municipality_ids)
        self.county = county
        self.country = country
        self.ref = reference or load_reference()
        for area in [*self.municipalities, country]:
            if area not in self.ref.total or len(self.ref.age_80_plus.get(area, {})) < 2:
                raise PopulationReferenceError(f"{REFERENCE_PATH}: area {area} needs a 2023 total and two years "
                                               "of inhabitants 80+")
        self._cache: dict[tuple[str, str, int], float] = {}

    def _total(self, area: str, year: int) -> float:
        growth = self.levels.growth.get(area, self.levels.growth["default"])
        return round(self.ref.total[area] * (1 + growth) ** (year - TOTAL_YEAR))

    def _old(self, area: str, year: int) -> float:
        known = self.ref.age_80_plus[area]
        (y0, v0), (y1, v1) = sorted(known.items())[:2]
        if year in known:
            return known[year]
        rate = (v1 / v0) ** (1 / (y1 - y0))
        if year < y0:  # before 2019 the 80+ grew far slower (the small 1930s cohorts): a third of the rate
            return round(v0 * rate ** ((year - y0) * OLD_GROWTH_BEFORE))
        return round(v0 * rate ** (year - y0))

    def base(self, name: str, area: str, year: int) -> float:
        key = (name, area, year)
        if key not in self._cache:
            if area == self.county:
                value = sum(self.base(name, m, year) for m in self.municipalities)
            elif name == "total":
                value = self._total(area, year)
            elif name == "age_80_plus":
                value = self._old(area, year)
            else:  # under_65
                value = self._total(area, year) - self.levels.age_65_plus_per_80_plus * self._old(area, year)
            self._cache[key] = value
        return self._cache[key]

    def value(self, entry: KpiLevel, area: str, year: int, gender: str = "T") -> int:
        """Inhabitants of a population KPI; the county as the sum of its municipalities (so K + M = T there too)."""
        if area == self.county:
            return sum(self.value(entry, m, year, gender) for m in self.municipalities)
        assert entry.population is not None
        total = round(sum(coef * self.base(name, area, year) for name, coef in entry.population.items()))
        women = round(total * entry.female_share)
        return {"T": total, "K": women, "M": total - women}[gender]

    def of(self, kpi_id: str, area: str, year: int, gender: str = "T") -> int:
        return self.value(self.levels.entry(kpi_id), area, year, gender)
