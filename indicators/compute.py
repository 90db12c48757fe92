"""One entry point for the build: observations + catalogue + method → the five status tables.

The tables and their columns are fixed by etl/sql/status_schema.sql: county_series, status, gender_gap,
goal_status, life_stage_status. Everything here is pure (frames in, frames out).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

import polars as pl

from indicators.catalogue import Catalogue, Indicator
from indicators.county import build_county_series
from indicators.explain import format_number
from indicators.gender_gap import gap_rows, gender_gap_frame
from indicators.intervals import interval_frame, interval_rows
from indicators.method import Method
from indicators.overdispersion import MIN_VALUES, extra_variation
from indicators.published_interval import IntervalError
from indicators.rollup import build_rollups
from indicators.status import RowContext, choose_uncertainty, judge, observed_points, rank_values

OBSERVATION_COLUMNS = ("series_id", "area_id", "year", "gender", "value")
KPI_COLUMNS = ("series_id", "is_divided_by_gender")

STATUS_SCHEMA = {
    "indicator_id": pl.String, "series_id": pl.String, "area_id": pl.String, "gender": pl.String,
    "role": pl.String, "latest_year": pl.Int32, "latest_value": pl.Float64,
    "ci_low": pl.Float64, "ci_high": pl.Float64, "uncertainty_source": pl.String,
    "county_value": pl.Float64, "county_source": pl.String, "county_note": pl.String,
    "riket_value": pl.Float64, "vs_riket": pl.String, "vs_riket_label": pl.String,
    "vs_county": pl.String, "vs_county_label": pl.String,
    "trend": pl.String, "trend_slope": pl.Float64, "trend_points": pl.Int32, "trend_first_year": pl.Int32,
    "trend_band": pl.Float64, "detectable_change": pl.Float64, "target_status": pl.String, "target_value": pl.Float64,
    "pace_ratio": pl.Float64, "pace_base_year": pl.Int32, "kpi_latest_year": pl.Int32, "is_stale": pl.Boolean,
    "rank_in_county": pl.Int32, "rank_of": pl.Int32, "rank_year": pl.Int32,
    "mark": pl.String, "mark_label": pl.String, "arrow": pl.String, "explanation": pl.String,
    "target_id": pl.String, "target_met_years": pl.Int32,
    "latest_period": pl.String,
}

# series[kpi_id][gender][area_id] = [(year, value or None), ...]
Series = dict[str, dict[str, dict[str, list[tuple[int, float | None]]]]]
# bounds[series_id][gender][area_id] = {year: (ci_low, ci_high)}: the intervals a source publishes
Bounds = dict[str, dict[str, dict[str, dict[int, tuple[float, float]]]]]
# periods[series_id][gender][area_id] = {year: '2021-2024'}: pooled windows as the source labels them
Periods = dict[str, dict[str, dict[str, dict[int, str]]]]


def _require_columns(frame: pl.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"compute_status_tables: the {what} frame lacks column(s) {', '.join(missing)} "
                         f"(has {', '.join(frame.columns)})")


def _series(frame: pl.DataFrame) -> Series:
    out: Series = {}
    grouped = frame.group_by("series_id", "gender", "area_id").agg(
        pl.col("year").sort_by("year"), pl.col("value").sort_by("year"))
    for kpi_id, gender, area_id, years, values in grouped.iter_rows():
        out.setdefault(kpi_id, {}).setdefault(gender, {})[area_id] = list(zip(years, values, strict=True))
    return out


def published_bounds(frame: pl.DataFrame) -> Bounds:
    """The intervals published with the values (observation columns ci_low, ci_high; none when absent)."""
    if "ci_low" not in frame.columns or "ci_high" not in frame.columns:
        return {}
    out: Bounds = {}
    rows = frame.filter(pl.col("value").is_not_null() & pl.col("ci_low").is_not_null()
                        & pl.col("ci_high").is_not_null())
    for sid, area, year, gender, low, high in rows.select(
            "series_id", "area_id", "year", "gender", "ci_low", "ci_high").iter_rows():
        out.setdefault(sid, {}).setdefault(gender, {}).setdefault(area, {})[int(year)] = (float(low), float(high))
    return out


def pooled_periods(frame: pl.DataFrame) -> Periods:
    """The source's labels of pooled windows ('2021-2024'; observation column `period`), for the explanations.
    Plain years are left out (they are shown as the year); none when the frame has no period column."""
    if "period" not in frame.columns:
        return {}
    out: Periods = {}
    rows = frame.filter(pl.col("period").is_not_null() & pl.col("period").str.contains("-", literal=True))
    for sid, area, year, gender, period in rows.select(
            "series_id", "area_id", "year", "gender", "period").iter_rows():
        out.setdefault(sid, {}).setdefault(gender, {}).setdefault(area, {})[int(year)] = str(period)
    return out


def _frame(rows: list[dict], schema: dict) -> pl.DataFrame:
    """Rows (dicts with every schema column) as a frame, built column by column (faster than from_dicts)."""
    return pl.DataFrame({c: [r[c] for r in rows] for c in schema}, schema=schema)


def with_latest_period(status: pl.DataFrame, observation: pl.DataFrame) -> pl.DataFrame:
    """`latest_period`: the window of a row the method judged on pooled years (set by status.judge, '2022-2024'),
    else the source's period label of the area's own value in latest_year ('2021-2024' for a window the source
    pooled), NULL where it has none (no label, or the year's figure is not the area's own observation)."""
    if "period" not in observation.columns:
        return status.select(list(STATUS_SCHEMA))
    periods = (observation.lazy()
               .filter(pl.col("period").is_not_null())
               .join(status.lazy().select("series_id", "area_id", "gender").unique(),
                     on=["series_id", "area_id", "gender"], how="semi")
               .select("series_id", "area_id", pl.col("year").cast(pl.Int32).alias("latest_year"), "gender",
                       pl.col("period").cast(pl.String).alias("found_period"))
               .collect())
    return (status.join(periods, on=["series_id", "area_id", "latest_year", "gender"], how="left",
                        maintain_order="left")
            .with_columns(pl.coalesce("latest_period", "found_period").alias("latest_period"))
            .select(list(STATUS_SCHEMA)))


def area_names_from(area: pl.DataFrame | None, catalogue: Catalogue, method: Method) -> dict[str, str]:
    """Names for explanations: the area table's names where given, else the catalogue's; the county is
    always called by the catalogue's county label ("Hela Värmland", areas.yaml county_name), or the method's
    county name for a catalogue without one."""
    names = {a.id: a.demo_name for a in catalogue.areas}
    if area is not None:
        _require_columns(area, ("area_id", "name"), "area")
        names.update(dict(area.select("area_id", "name").iter_rows()))
    names[catalogue.county_area] = catalogue.county_label if catalogue.county_name else method.labels.county_name
    return names


def _genders(ind: Indicator, divided: Mapping[str, bool], with_value: set[tuple[str, str]],
             county: Series) -> list[str]:
    """T always; K and M when the KPI is gender-divided and that gender has a value somewhere (`with_value`:
    the (series, gender) pairs with a value in any area)."""
    genders = ["T"]
    if divided.get(ind.series_id):
        for g in ("K", "M"):
            in_county = county.get(ind.series_id, {}).get(g, {})
            if (ind.series_id, g) in with_value or any(v is not None for pts in in_county.values() for _, v in pts):
                genders.append(g)
    return genders


def _latest_values(by_area: Mapping[str, list[tuple[int, float | None]]],
                   municipalities: list[str]) -> tuple[int | None, dict[str, float]]:
    """(rank_year, {municipality: value in rank_year}): the latest year any municipality has a value."""
    years = [y for a in municipalities for y, v in by_area.get(a, []) if v is not None]
    if not years:
        return None, {}
    rank_year = max(years)
    return rank_year, {a: v for a in municipalities for y, v in by_area.get(a, [])
                       if y == rank_year and v is not None}


def _by_year(points: list[tuple[int, float | None]]) -> dict[int, float]:
    return {y: v for y, v in points if v is not None}


@dataclass
class Inputs:
    """What status_rows needs besides the catalogue and the method (all precomputed once per build)."""
    series: Series
    county: Series
    county_sources: dict[str, str]
    refused: dict[tuple[str, int, str], float]   # (kpi_id, year, gender) -> coverage of a withheld county figure
    kpi_latest: dict[str, int]
    names: Mapping[str, str]
    populations: dict[tuple[str, str, str], dict[int, float]] = field(default_factory=dict)  # memo
    municipalities: list[str] = field(default_factory=list)  # catalogue.municipality_ids, computed once
    bounds: Bounds = field(default_factory=dict)
    county_only: frozenset[str] = frozenset()  # series with figures for the county and Riket only
    periods: Periods = field(default_factory=dict)  # pooled windows' labels (explanations say 'åren 2021–2024')
    intervals: list[dict] = field(default_factory=list)  # value_interval rows, filled by status_rows


def population_for(catalogue: Catalogue, ind: Indicator, area_id: str, gender: str,
                   series: Series, municipalities: list[str] | None = None) -> dict[int, float]:
    """The indicator's denominator population per year for one area and gender (people).

    The gender's own population where the source splits it, else half the T population for K and M; the county
    area's own figure, else the sum of the municipalities'.
    """
    kpi = catalogue.denominator_kpi(ind)
    if kpi is None:
        return {}
    by_gender = series.get(kpi, {})

    def one(area: str) -> dict[int, float]:
        own = _by_year(by_gender.get(gender, {}).get(area, []))
        if own or gender == "T":
            return own
        return {y: v / 2 for y, v in _by_year(by_gender.get("T", {}).get(area, [])).items()}

    values = one(area_id)
    if values or area_id != catalogue.county_area:
        return values
    total: dict[int, float] = {}
    for m in catalogue.municipality_ids if municipalities is None else municipalities:
        for y, v in one(m).items():
            total[y] = total.get(y, 0.0) + v
    return total


def _population(inputs: Inputs, catalogue: Catalogue, ind: Indicator, area_id: str,
                gender: str) -> dict[int, float]:
    """population_for, computed once per (denominator, area, gender) and shared by the indicators."""
    key = (ind.denominator, area_id, gender)
    if key not in inputs.populations:
        inputs.populations[key] = population_for(catalogue, ind, area_id, gender, inputs.series,
                                                 inputs.municipalities or None)
    return inputs.populations[key]


def denominator_words(key: str) -> str:
    """A support-KPI key from areas.yaml in Swedish: population_6_15 -> 'invånare 6–15 år',
    population_65_plus -> 'invånare 65 år och äldre', population -> 'invånare'."""
    parts = key.split("_")
    if parts[0] != "population" or len(parts) == 1:
        return "invånare" if key == "population" else key.replace("_", " ")
    if parts[-1] == "plus" and len(parts) == 3:
        return f"invånare {parts[1]} år och äldre"
    if len(parts) == 3:
        return f"invånare {parts[1]}–{parts[2]} år"
    return key.replace("_", " ")


def county_note(ind: Indicator, year: int | None, gender: str, inputs: Inputs, catalogue: Catalogue,
                method: Method) -> str | None:
    """Why the county has no figure for `year` (None when it has one or there is no year)."""
    if year is None:
        return None
    has_region = inputs.county_sources.get(ind.series_id) == "region"
    if ind.survey and not has_region:
        return "Enkätmått: ingen beräknad länssiffra (källan har ingen regionsiffra)."
    coverage = inputs.refused.get((ind.series_id, year, gender))
    if coverage is not None:
        return (f"Ingen länssiffra {year}: kommunerna med värde har {format_number(coverage * 100, 0)} % av "
                f"länets {denominator_words(ind.denominator)} (minst "
                f"{format_number(method.county.min_coverage * 100, 0)} % krävs).")
    return f"Ingen länssiffra {year}."


def status_rows(ind: Indicator, gender: str, inputs: Inputs, catalogue: Catalogue,
                method: Method) -> list[dict]:
    """Status rows for one indicator and gender: the municipalities, then the county."""
    series, county = inputs.series, inputs.county
    by_area = series.get(ind.series_id, {}).get(gender, {})
    riket = _by_year(by_area.get(catalogue.country_area, []))
    county_points = county.get(ind.series_id, {}).get(gender, {}).get(catalogue.county_area, [])
    county_by_year = _by_year(county_points)
    municipalities = inputs.municipalities or catalogue.municipality_ids
    rank_year, latest = _latest_values(by_area, municipalities) if ind.rank else (None, {})
    ranks = rank_values(latest, ind.direction)
    unc_series = series.get(ind.uncertainty_series, {}).get(gender, {}) if ind.uncertainty_series else {}
    county_source = inputs.county_sources.get(ind.series_id)
    bounds = inputs.bounds.get(ind.series_id, {}).get(gender, {})
    periods = inputs.periods.get(ind.series_id, {}).get(gender, {})
    county_only = ind.series_id in inputs.county_only
    extra = indicator_variation(ind, gender, inputs, catalogue, method)
    rows = []
    for area_id in [*municipalities, catalogue.county_area]:
        is_county = area_id == catalogue.county_area
        own = county_points if is_county else by_area.get(area_id, [])
        own_latest = max((y for y, v in own if v is not None), default=None)
        ctx = RowContext(
            indicator=ind, area_id=area_id, area_name=inputs.names.get(area_id, area_id), gender=gender,
            is_county=is_county, riket_by_year=riket, county_by_year=county_by_year,
            county_source=county_source, rank=ranks.get(area_id), rank_of=len(latest) or None,
            rank_year=rank_year, kpi_latest_year=inputs.kpi_latest.get(ind.series_id),
            half_widths=_by_year(unc_series.get(area_id, [])),
            population=_population(inputs, catalogue, ind, area_id, gender),
            county_note=None if is_county else county_note(ind, own_latest, gender, inputs, catalogue, method),
            county_name=inputs.names.get(catalogue.county_area),
            published=bounds.get(area_id), riket_bounds=bounds.get(catalogue.country_area),
            county_bounds=bounds.get(catalogue.county_area), county_only=county_only,
            periods=periods.get(area_id), extra_variation=extra,
            target_for=partial(catalogue.target_in_force, ind.id, area_id) if catalogue.targets else None,
        )
        try:
            rows.append(judge(own, ctx, method))
            inputs.intervals += interval_rows(own, ctx, method)
        except IntervalError as exc:
            raise IntervalError(f"{ind.series_id} (indicator {ind.id}), area {area_id}, gender {gender}: "
                                f"{exc}") from exc
    return rows


def indicator_variation(ind: Indicator, gender: str, inputs: Inputs, catalogue: Catalogue, method: Method) -> float:
    """The indicator's real year-to-year variation beyond sampling, estimated from its municipalities' series
    (indicators/overdispersion.py); 0 for a series judged on its own variation or with no municipality values."""
    by_area = inputs.series.get(ind.series_id, {}).get(gender, {})
    unc_series = inputs.series.get(ind.uncertainty_series, {}).get(gender, {}) if ind.uncertainty_series else {}
    bounds = inputs.bounds.get(ind.series_id, {}).get(gender, {})
    areas = []
    for area_id in inputs.municipalities or catalogue.municipality_ids:
        points = observed_points(by_area.get(area_id, []))
        if len(points) < MIN_VALUES:
            continue
        unc = choose_uncertainty(ind, points[:-1], _by_year(unc_series.get(area_id, [])),
                                 _population(inputs, catalogue, ind, area_id, gender), method, bounds.get(area_id))
        areas.append((points, unc))
    return extra_variation(areas, ind.unit, method.uncertainty.variation_years, method.uncertainty.z)


def county_grain_series(kpi: pl.DataFrame) -> list[str]:
    """Series the source publishes for the county and Riket only (series.municipality_type 'L'): their
    municipalities get no value of their own, only "Finns bara för länet" beside the county's figure."""
    if "municipality_type" not in kpi.columns:
        return []
    return kpi.filter(pl.col("municipality_type") == "L")["series_id"].to_list()


def compute_status_tables(observation: pl.DataFrame, kpi: pl.DataFrame, catalogue: Catalogue, method: Method,
                          area: pl.DataFrame | None = None) -> dict[str, pl.DataFrame]:
    """{"county_series", "status", "gender_gap", "goal_status", "life_stage_status", "life_stage_goal_status",
    "value_interval"} as in status_schema.sql.

    observation: kpi_id, area_id, year, gender, value (null allowed). kpi: kpi_id, is_divided_by_gender (and
    more). area (optional): area_id, name — names for the explanations; default the catalogue's demo names.
    """
    _require_columns(observation, OBSERVATION_COLUMNS, "observation")
    _require_columns(kpi, KPI_COLUMNS, "kpi")
    obs = observation.select(
        pl.col("series_id").cast(pl.String), pl.col("area_id").cast(pl.String), pl.col("year").cast(pl.Int32),
        pl.col("gender").cast(pl.String), pl.col("value").cast(pl.Float64),
    )
    wanted_ids = list(dict.fromkeys(i.series_id for i in catalogue.indicators))
    bounds = published_bounds(observation.filter(pl.col("series_id").is_in(wanted_ids)))
    periods = pooled_periods(observation.filter(pl.col("series_id").is_in(wanted_ids)))
    names = area_names_from(area, catalogue, method)
    kpi_ids = list(dict.fromkeys(i.series_id for i in catalogue.indicators))
    denominators = {i.series_id: catalogue.denominator_kpi(i) for i in catalogue.indicators}
    surveys = {i.series_id for i in catalogue.indicators if i.survey}
    municipalities = catalogue.municipality_ids  # a property that walks every area: once per build
    county_series, refused = build_county_series(obs, denominators, surveys, catalogue.county_area,
                                                 municipalities, method.county.min_coverage)
    sources = dict(county_series.select("series_id", "source").unique(subset="series_id").iter_rows())
    wanted = set(catalogue.series_ids)
    relevant = obs.filter(pl.col("series_id").is_in(list(wanted)))
    # Rows are judged for the county, its municipalities and Riket only: other areas (comparators, a national
    # catalogue) never become Python series. What needs every area is taken from the frame: the latest year of a
    # series (staleness) and which genders have a value anywhere.
    judged_areas = [*municipalities, catalogue.county_area, catalogue.country_area]
    series = _series(relevant.filter(pl.col("area_id").is_in(judged_areas)))
    # One small frame for both (lazy: only the three columns are filtered, never a copy of the whole frame; at
    # 1.8 M rows that copy and its hash table were the build's peak, +240 MB from a checkpoint's chunked state)
    latest_by_gender = (relevant.lazy().filter(pl.col("value").is_not_null())
                        .group_by("series_id", "gender").agg(pl.col("year").max()).collect())
    with_value = set(latest_by_gender.select("series_id", "gender").iter_rows())
    kpi_latest = dict(
        latest_by_gender.filter(pl.col("series_id").is_in(kpi_ids))
        .group_by("series_id").agg(pl.col("year").max()).iter_rows()
    )
    inputs = Inputs(
        series=series,
        county=_series(county_series.with_columns(pl.lit(catalogue.county_area).alias("area_id"))),
        county_sources=sources,
        refused={(k, y, g): c for k, y, g, c in refused.iter_rows()},
        kpi_latest=kpi_latest, names=names, municipalities=municipalities, bounds=bounds,
        county_only=frozenset(county_grain_series(kpi)), periods=periods,
    )
    divided = {k: bool(d) for k, d in kpi.select("series_id", "is_divided_by_gender").iter_rows()}

    status: list[dict] = []
    gaps: list[dict] = []
    for ind in catalogue.indicators:
        genders = _genders(ind, divided, with_value, inputs.county)
        for gender in genders:
            status += status_rows(ind, gender, inputs, catalogue, method)
        if "K" in genders and "M" in genders:
            for area_id in [*municipalities, catalogue.county_area]:
                source = inputs.county if area_id == catalogue.county_area else series
                by_gender = source.get(ind.series_id, {})
                women = dict(by_gender.get("K", {}).get(area_id, []))
                men = dict(by_gender.get("M", {}).get(area_id, []))
                gaps += gap_rows(ind.id, area_id, women, men, method.gender_gap)

    status_df = with_latest_period(_frame(status, STATUS_SCHEMA), observation)
    goal_status, life_stage_status, life_stage_goal_status = build_rollups(status_df, catalogue, method, names)
    return {
        "county_series": county_series,
        "status": status_df,
        "gender_gap": gender_gap_frame(gaps),
        "goal_status": goal_status,
        "life_stage_status": life_stage_status,
        "life_stage_goal_status": life_stage_goal_status,
        "value_interval": interval_frame(inputs.intervals),
    }
