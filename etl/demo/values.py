"""Demo values: each KPI's made-up series for the 16 municipalities, the county and Riket, sized by levels.yaml.

A municipality's expected value is Riket's level and drift, plus the Värmland shift, plus its own fixed offset and
slope (drawn once per KPI and area), plus a shift common to all areas in each year (so Riket's line is not
ruler-straight), plus half the gender gap for women and minus half for men. The observed value
is drawn around it: binomial for shares (from the number of people measured, or of answers in a survey) and
Poisson for rates and days, so a small municipality varies more from year to year. Values from too few people are
masked (null). The county value of type-A KPIs pools its municipalities (the denominator-weighted mean, so it lies
inside their range); Riket is drawn from the whole country's population. Deterministic for a given seed.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

import numpy as np

from etl.demo.levels import KpiLevel, Levels
from etl.demo.population import Populations

PER_100K = 100_000.0
Z95 = 1.96
YEAR_SHOCK = 0.2  # a year's common shift for every area (Riket too), as a share of the spread between municipalities


@dataclass(frozen=True)
class Cell:
    """One drawn value: `hits` events among `n` (both per year × years averaged); `value` None when masked."""
    value: float | None
    hits: float
    n: float
    masked: bool


Key = tuple[str, int, str]  # area, year, gender


def rng_for(*parts: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("|".join(map(str, parts)).encode()))


class Generator:
    def __init__(self, levels: Levels, populations: Populations, seed: int):
        self.levels = levels
        self.pops = populations
        self.seed = seed
        self._measured: dict[str, dict[Key, Cell]] = {}

    # --- measured KPIs -----------------------------------------------------------------------------------------
    def _years(self, entry: KpiLevel, area: str) -> list[int]:
        years = range(self.levels.first(entry), self.levels.last(entry) + 1)
        if area == self.pops.country:
            return list(years)
        if entry.survey_years:
            years = [y for y in years if y in entry.survey_years]  # type: ignore[assignment]
        if entry.every_other_year:
            years = [y for y in years if (y + int(area)) % 2 == 0]  # type: ignore[assignment]
        return list(years)

    def year_shift(self, kpi_id: str, entry: KpiLevel, year: int) -> float:
        return YEAR_SHOCK * entry.spread * float(rng_for(self.seed, kpi_id, "year", year).normal())

    def expected(self, entry: KpiLevel, year: int, gender: str, offset: float, slope: float) -> float:
        assert entry.level is not None
        since = year - self.levels.reference_year
        mu = entry.level + (entry.drift + slope) * since + offset
        if entry.by_gender and gender != "T":
            mu += entry.gender_gap / 2 if gender == "K" else -entry.gender_gap / 2
        if entry.unit == "percent":
            return min(max(mu, 0.3), 99.7)
        return max(mu, 0.1 * entry.level)

    def people(self, entry: KpiLevel, area: str, year: int, gender: str) -> float:
        """How many are measured (or answer) in one year."""
        assert entry.group is not None
        group = self.pops.of(entry.group, area, year, gender) * entry.group_share
        n = group * entry.sample
        if entry.min_sample:
            share = 1.0 if gender == "T" else 0.5
            n = max(n, min(entry.min_sample * share, group))
        return n

    def _draw(self, entry: KpiLevel, mu: float, n: float, rng: np.random.Generator) -> tuple[float, float]:
        """(hits, n) for one cell, n already multiplied by the years averaged."""
        if entry.noise == "binomial":
            trials = max(int(round(n)), 1)
            return float(rng.binomial(trials, mu / 100)), float(trials)
        if entry.noise == "poisson":
            per = PER_100K if entry.unit == "per_100k" else entry.event_size
            return float(rng.poisson(mu * n / per)) * per, n
        return mu * n, n

    @staticmethod
    def _value(entry: KpiLevel, hits: float, n: float) -> float:
        """Binomial hits are people (a share in percent); Poisson and noiseless hits are already in the unit × n."""
        return 100 * hits / n if entry.noise == "binomial" else hits / n

    def _area_cells(self, kpi_id: str, entry: KpiLevel, area: str, national: bool) -> dict[Key, Cell]:
        rng = rng_for(self.seed, kpi_id, area)
        offset = 0.0 if national else entry.varmland + entry.spread * float(rng.normal())
        slope_sd = max(entry.spread * 0.04, abs(entry.drift) * 0.5)
        slope = 0.0 if national else slope_sd * float(rng.normal())
        genders = ("K", "M") if entry.by_gender else ("T",)
        cells: dict[Key, Cell] = {}
        for year in self._years(entry, area):
            drawn = {}
            for gender in genders:
                mu = self.expected(entry, year, gender, offset + self.year_shift(kpi_id, entry, year), slope)
                n = self.people(entry, area, year, gender)
                hits, trials = self._draw(entry, mu, n * entry.years_averaged, rng)
                drawn[gender] = (hits, trials, n)
            if entry.by_gender:
                hits_t = drawn["K"][0] + drawn["M"][0]
                drawn["T"] = (hits_t, drawn["K"][1] + drawn["M"][1], drawn["K"][2] + drawn["M"][2])
            for gender, (hits, trials, n) in drawn.items():
                masked = n < entry.mask_below
                value = self._value(entry, hits, trials)
                cells[(area, year, gender)] = Cell(None if masked else value, hits, trials, masked)
        return cells

    def measured(self, kpi_id: str) -> dict[Key, Cell]:
        """Every drawn cell of a measured KPI: municipalities, the county (pooled; type A/L) and Riket."""
        if kpi_id in self._measured:
            return self._measured[kpi_id]
        entry = self.levels.entry(kpi_id)
        cells: dict[Key, Cell] = {}
        for area in self.pops.municipalities:
            cells |= self._area_cells(kpi_id, entry, area, national=False)
        if entry.type in ("A", "L"):
            pooled: dict[tuple[int, str], tuple[float, float]] = {}
            for (_area, year, gender), cell in cells.items():
                hits, n = pooled.get((year, gender), (0.0, 0.0))
                pooled[(year, gender)] = (hits + cell.hits, n + cell.n)
            for (year, gender), (hits, n) in pooled.items():
                cells[(self.pops.county, year, gender)] = Cell(self._value(entry, hits, n), hits, n, False)
        if entry.type == "L":
            cells = {k: c for k, c in cells.items() if k[0] == self.pops.county}
        cells |= self._area_cells(kpi_id, entry, self.pops.country, national=True)
        self._measured[kpi_id] = cells
        return cells

    # --- output --------------------------------------------------------------------------------------------------
    def rows(self, kpi_id: str) -> list[tuple[str, int, str, float | None]]:
        """(area, year, gender, value) rows of one KPI as the source would serve them (rounded, masked as None)."""
        entry = self.levels.entry(kpi_id)
        if entry.population is not None:
            return self._population_rows(entry)
        if entry.uncertainty_of is not None:
            return self._uncertainty_rows(entry)
        return [(area, year, gender, None if cell.value is None else round(cell.value, 1))
                for (area, year, gender), cell in sorted(self.measured(kpi_id).items())
                if entry.by_gender or gender == "T"]

    def interval_rows(self, kpi_id: str) -> dict[Key, tuple[float, float, int, str]]:
        """(ci_low, ci_high, n, period) per (area, year, gender) of a series with `published_interval`: the 95 %
        interval of the share from its number of answers, rounded as the value is; the period is the pooled
        window that ends in the year ("2021-2024" for years_averaged 4)."""
        entry = self.levels.entry(kpi_id)
        k = entry.years_averaged
        out: dict[Key, tuple[float, float, int, str]] = {}
        for key, cell in self.measured(kpi_id).items():
            if cell.value is None or (not entry.by_gender and key[2] != "T"):
                continue
            p = min(max(cell.value / 100, 0.001), 0.999)
            half = 100 * Z95 * math.sqrt(p * (1 - p) / cell.n)
            value = round(cell.value, 1)
            period = f"{key[1] - k + 1}-{key[1]}" if k > 1 else str(key[1])
            out[key] = (round(value - half, 1), round(value + half, 1), int(round(cell.n)), period)
        return out

    def _population_rows(self, entry: KpiLevel) -> list[tuple[str, int, str, float | None]]:
        genders = ("T", "K", "M") if entry.by_gender else ("T",)
        areas = [*self.pops.municipalities, self.pops.county, self.pops.country]
        return [(area, year, gender, float(self.pops.value(entry, area, year, gender)))
                for area in areas for year in range(self.levels.first_year, self.levels.last_year + 1)
                for gender in genders]

    def _uncertainty_rows(self, entry: KpiLevel) -> list[tuple[str, int, str, float | None]]:
        """Half-width of the 95 % interval of the base KPI's share, from its number of answers."""
        assert entry.uncertainty_of is not None
        base = self.measured(entry.uncertainty_of)
        rows = []
        for (area, year, gender), cell in sorted(base.items()):
            if not entry.by_gender and gender != "T":
                continue
            if cell.value is None:
                rows.append((area, year, gender, None))
                continue
            p = min(max(cell.value / 100, 0.001), 0.999)
            rows.append((area, year, gender, round(100 * Z95 * math.sqrt(p * (1 - p) / cell.n), 1)))
        return rows
