"""Plain helpers shared by the status tests: a small hand-made catalogue and frame builders.

The small catalogue has three municipalities (Kil 1715, Karlstad 1780, Arvika 1784), the county '0017' and
Riket '0000', so every number in the tests can be checked by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from indicators.catalogue import Area, Catalogue, Goal, Indicator, LifeStage

POPULATION_KPI = "N01951"
PUPILS_KPI = "N01953"   # inhabitants 6–15: the denominator of pupil KPIs
MUNICIPALITIES = {"1715": "Kil", "1780": "Karlstad", "1784": "Arvika"}


def make_indicator(ident: str, kpi: str, *, direction: str = "higher_is_better", target: dict | None = None,
                   goals: Sequence[str] = ("g1",), life_stage: str = "ls1", unit: str = "percent",
                   short_name: str | None = None, role: str = "outcome", denominator: str = "population",
                   **extra: object) -> Indicator:
    """An indicator; `extra` sets any other catalogue field (survey, uncertainty_kpi, years_averaged, …)."""
    data = {
        "id": ident, "kpi": kpi, "life_stage": life_stage, "short_name": short_name or f"Mått {ident}",
        "goals": list(goals), "direction": direction, "unit": unit, "target": target, "role": role,
        "denominator": denominator, **extra,
    }
    if role == "watch":
        data.setdefault("role_reason", "Fler fall kan betyda att mer upptäcks.")
    return Indicator.model_validate(data)


def make_catalogue(indicators: Sequence[Indicator], goals: Sequence[str] = ("g1", "g2"),
                   life_stages: Sequence[str] = ("ls1", "ls2")) -> Catalogue:
    areas = [Area(id="0000", kind="riket", demo_name="Riket"),
             Area(id="0017", kind="region", demo_name="Region Värmland")]
    areas += [Area(id=i, kind="kommun", demo_name=n) for i, n in MUNICIPALITIES.items()]
    return Catalogue(
        life_stages=[LifeStage(id=s, name=f"Livsfas {s}", group="Grupp") for s in life_stages],
        documents=[],
        goals=[Goal(id=g, kind="shared", number=n, name=f"Mål {g}") for n, g in enumerate(goals, 1)],
        indicators=list(indicators), areas=areas, county_area="0017", country_area="0000",
        support_kpis={"population": POPULATION_KPI, "population_6_15": PUPILS_KPI},
    )


def observations(rows: Sequence[tuple[str, str, int, str, float | None]]) -> pl.DataFrame:
    """(kpi_id, area_id, year, gender, value) rows as an observation frame."""
    return pl.DataFrame(rows, schema={"kpi_id": pl.String, "area_id": pl.String, "year": pl.Int64,
                                      "gender": pl.String, "value": pl.Float64}, orient="row")


def kpi_frame(divided: dict[str, bool]) -> pl.DataFrame:
    return pl.DataFrame({
        "kpi_id": list(divided), "title": [f"Titel {k}" for k in divided],
        "municipality_type": ["A"] * len(divided), "is_divided_by_gender": list(divided.values()),
    })
