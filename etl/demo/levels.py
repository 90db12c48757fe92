"""The demo's plausible levels (etl/demo/levels.yaml), read and validated.

Each entry sizes one KPI of the default source: its real metadata (type, gender split, unit), a national level
with spread, drift and gender gap, the population it is about, how noisy it is and when it is masked. Problems are
reported as `<file>:<line>: kpis.<KPI id>.<field>: <what>`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from indicators.yaml_lines import CatalogueError, line_for, load_yaml_with_lines

LEVELS_PATH = Path(__file__).resolve().parent / "levels.yaml"
POPULATION_BASES = ("total", "age_80_plus", "under_65")


class DemoLevelsError(ValueError):
    """levels.yaml is missing an entry or has a bad one; the message names the file, line and KPI."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KpiLevel(_Strict):
    title: str
    type: Literal["K", "A", "L"]
    by_gender: bool
    unit: Literal["percent", "per_100k", "days", "count"]
    note: str = Field(min_length=10)
    level: float | None = None
    spread: float = Field(default=0.0, ge=0)
    varmland: float = 0.0
    drift: float = 0.0
    gender_gap: float = 0.0
    group: str | None = None
    group_share: float = Field(default=1.0, gt=0)
    sample: float = Field(default=1.0, gt=0, le=1)
    min_sample: int = Field(default=0, ge=0)
    noise: Literal["binomial", "poisson", "none"] = "none"
    event_size: float = Field(default=1.0, gt=0)
    years_averaged: int = Field(default=1, ge=1)
    first_year: int | None = None
    last_year: int | None = None
    every_other_year: bool = False
    survey_years: list[int] = []
    mask_below: int = Field(default=0, ge=0)
    uncertainty_of: str | None = None
    population: dict[Literal["total", "age_80_plus", "under_65"], float] | None = None
    female_share: float = Field(default=0.5, gt=0, lt=1)
    published_interval: bool = False

    @model_validator(mode="after")
    def _complete(self) -> KpiLevel:
        if self.population is None and self.level is None and self.uncertainty_of is None:
            raise ValueError("needs `level` (a measured KPI), `population` or `uncertainty_of`")
        if self.level is not None and self.group is None:
            raise ValueError("a KPI with a `level` needs `group` (the population KPI it is about)")
        if self.published_interval and (self.noise != "binomial" or self.unit != "percent"):
            raise ValueError("published_interval: only binomial shares (percent) carry a published interval")
        if self.unit == "percent" and self.level is not None and not 0 < self.level < 100:
            raise ValueError(f"a share must lie between 0 and 100 (got level {self.level})")
        return self


class History(_Strict):
    snapshot_name: str
    days_before: int = Field(gt=0)
    new_year_kpis: list[str] = Field(min_length=1)
    revised_kpis: list[str] = Field(min_length=1)
    revised_year: int
    revised_areas: list[str] = Field(min_length=1)
    verdict_candidates: list[str] = Field(min_length=1)
    new_targets: list[str] = []  # demo register (etl/demo/targets.yaml) ids decided after the previous meeting


class Levels(_Strict):
    reference_year: int
    first_year: int
    last_year: int
    age_65_plus_per_80_plus: float = Field(gt=1)
    growth: dict[str, float]
    history: History
    kpis: dict[str, KpiLevel]

    def first(self, entry: KpiLevel) -> int:
        return entry.first_year or self.first_year

    def last(self, entry: KpiLevel) -> int:
        return entry.last_year or self.last_year

    def entry(self, kpi_id: str) -> KpiLevel:
        try:
            return self.kpis[kpi_id]
        except KeyError:
            raise DemoLevelsError(f"{LEVELS_PATH}: kpis: no demo level for KPI {kpi_id}: add an entry "
                                  "(title, type, by_gender, unit, level, spread, drift, group, noise, note)") from None


def _where(loc: tuple) -> str:
    return ".".join(str(p) for p in loc) or "file"


def _references(levels: Levels, path: Path, lines: dict) -> list[str]:
    problems = []
    for kpi_id, entry in levels.kpis.items():
        if entry.group is not None:
            group = levels.kpis.get(entry.group)
            if group is None or group.population is None:
                problems.append(f"{path}:{line_for(lines, ('kpis', kpi_id, 'group'))}: kpis.{kpi_id}.group: "
                                f"'{entry.group}' is not a population KPI in this file")
        if entry.uncertainty_of is not None and entry.level is None:
            base = levels.kpis.get(entry.uncertainty_of)
            if base is None or base.level is None:
                problems.append(f"{path}:{line_for(lines, ('kpis', kpi_id, 'uncertainty_of'))}: "
                                f"kpis.{kpi_id}.uncertainty_of: '{entry.uncertainty_of}' has no level here")
    for field in ("new_year_kpis", "revised_kpis", "verdict_candidates"):
        for kpi_id in getattr(levels.history, field):
            if kpi_id not in levels.kpis or levels.kpis[kpi_id].level is None:
                problems.append(f"{path}:{line_for(lines, ('history', field))}: history.{field}: "
                                f"'{kpi_id}' has no level in this file")
    return problems


def load_levels(path: Path = LEVELS_PATH) -> Levels:
    """Read levels.yaml; raise DemoLevelsError listing every problem with its line."""
    try:
        data, lines = load_yaml_with_lines(path)
    except CatalogueError as exc:
        raise DemoLevelsError("\n".join(exc.problems)) from exc
    try:
        levels = Levels.model_validate(data)
    except ValidationError as exc:
        raise DemoLevelsError("\n".join(
            f"{path}:{line_for(lines, tuple(e['loc']))}: {_where(tuple(e['loc']))}: {e['msg']}"
            for e in exc.errors())) from exc
    problems = _references(levels, path, lines)
    if problems:
        raise DemoLevelsError("\n".join(problems))
    return levels
