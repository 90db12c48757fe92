"""Plain helpers shared by the status tests: a small hand-made catalogue and frame builders.

The small catalogue has three municipalities (Kil 1715, Karlstad 1780, Arvika 1784), the county '0017' and
Riket '0000', so every number in the tests can be checked by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from indicators.catalogue import Area, Catalogue, Goal, Indicator, LifeStage, full_series_id
from indicators.target_model import TargetDecision

POPULATION_KPI = "N01951"
PUPILS_KPI = "N01953"   # inhabitants 6–15: the denominator of pupil KPIs
MUNICIPALITIES = {"1715": "Kil", "1780": "Karlstad", "1784": "Arvika"}


def make_indicator(ident: str, kpi: str, *, direction: str = "higher_is_better",
                   goals: Sequence[str] = ("g1",), life_stage: str = "ls1", unit: str = "percent",
                   short_name: str | None = None, role: str = "outcome", denominator: str = "population",
                   **extra: object) -> Indicator:
    """An indicator; `extra` sets any other catalogue field (survey, uncertainty_kpi, years_averaged, …)."""
    data = {
        "id": ident, "kpi": kpi, "life_stage": life_stage, "short_name": short_name or f"Mått {ident}",
        "goals": list(goals), "direction": direction, "unit": unit, "role": role,
        "denominator": denominator, **extra,
    }
    if role == "watch":
        data.setdefault("role_reason", "Fler fall kan betyda att mer upptäcks.")
    return Indicator.model_validate(data)


def register_target(indicator_id: str, target: dict, *, area: str = "all", ident: str | None = None,
                    **extra: object) -> TargetDecision:
    """A register entry (a proposal unless `extra` says otherwise) from the old inline form
    {kind: value, value: 95, by: 2030, baseline_year: …}."""
    data = {"id": ident or f"{indicator_id}_target", "indicator": indicator_id, "area": area,
            "level": target["value"], "due": target["by"], "status": "förslag", **extra}
    if target.get("baseline_year") is not None:
        data["baseline_year"] = target["baseline_year"]
    return TargetDecision.model_validate(data)


def make_catalogue(indicators: Sequence[Indicator], goals: Sequence[str] = ("g1", "g2"),
                   life_stages: Sequence[str] = ("ls1", "ls2"),
                   targets: Sequence[TargetDecision] = ()) -> Catalogue:
    areas = [Area(id="0000", kind="riket", demo_name="Riket"),
             Area(id="0017", kind="region", demo_name="Region Värmland")]
    areas += [Area(id=i, kind="kommun", demo_name=n) for i, n in MUNICIPALITIES.items()]
    return Catalogue(
        life_stages=[LifeStage(id=s, name=f"Livsfas {s}", group="Grupp") for s in life_stages],
        documents=[],
        goals=[Goal(id=g, kind="shared", number=n, name=f"Mål {g}") for n, g in enumerate(goals, 1)],
        indicators=list(indicators), areas=areas, county_area="0017", country_area="0000",
        support_kpis={"population": POPULATION_KPI, "population_6_15": PUPILS_KPI}, targets=list(targets),
    )


def observations(rows: Sequence[tuple[str, str, int, str, float | None]]) -> pl.DataFrame:
    """(KPI id, area_id, year, gender, value) rows as an observation frame; a bare KPI id is the default
    source's series (`N00001` → `kolada:N00001`)."""
    frame = pl.DataFrame(rows, schema={"series_id": pl.String, "area_id": pl.String, "year": pl.Int64,
                                       "gender": pl.String, "value": pl.Float64}, orient="row")
    return frame.with_columns(pl.col("series_id").map_elements(full_series_id, return_dtype=pl.String))


def kpi_frame(divided: dict[str, bool]) -> pl.DataFrame:
    return pl.DataFrame({
        "series_id": [full_series_id(k) for k in divided], "title": [f"Titel {k}" for k in divided],
        "municipality_type": ["A"] * len(divided), "is_divided_by_gender": list(divided.values()),
    })
