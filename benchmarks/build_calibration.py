"""Calibration of the status method through the build (issue 19): a known truth, raw runs, the real build.

    .venv/bin/python benchmarks/build_calibration.py [--reps 3] [--seed 19] [--rate-cv 0.05] [--share-sd 1.0]
                                                    [--write]

Generates whole observation sets with the demo generator (etl/demo: the catalogue's KPIs with realistic n from their
denominators and group shares, survey samples with published intervals, multi-year averages, women/men rows,
masked small cells, the county pooled from its municipalities, Riket from the whole country) for a world whose
truth is known, and adds **real year-to-year variation** per municipality and year (a share of the level for rates
and days: --rate-cv; percentage points for shares: --share-sd; Riket has none). Each world is then written as raw
runs and built for real (benchmarks/raw_world.py): the fake Kolada v3 API serves the default source's series as v3
data objects (masked cells as null), the fake Folkhälsodata (PxWeb v1) serves the catalogue's FoHM series as
"Andel och konfidensintervall" cells per pooled window, `etl.fetch.fetch_run` fetches a full run of each into a
temporary data folder (one per world), `etl.build.build_database` replays them (plausibility checks included),
computes the status and publishes the DuckDB file, and the status and roll-up tables are read from that file.
Worlds:

  flat      every municipality at Riket's level, no drift: municipality rows judged red or "försämras" are false
            alarms (per size band: under 10 000, 10 000–20 000, over 20 000 inhabitants); red headlines per number
            of judged indicators are headline false alarms;
  worse 3/5 the same, then worsening by twice the meaningful change a year (method.yaml calibration) for the last 3
            (5) years: rows judged red or "försämras" are detections;
  target    the flat world judged against a calibration target register (instead of indicators/targets.yaml): every
            outcome indicator in percent gets a level target 2 points on the better side of its flat level, so the
            truth stays 2 points on the wrong side: rows judged green (Målet nått / På väg) are target errors, with
            the share of each target verdict.

--write stores the table in indicators/calibration_table.md, which docs/method.md includes
(`python -m indicators.method`). About 3 s per world (fetch and build) on one core: a minute at --reps 3.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.raw_world import STATUS_TABLES, build_from_raw  # noqa: E402
from etl.build import RUN_SCHEMA  # noqa: E402
from etl.demo import _assemble, _kpi_frame, demo_areas, demo_kpi_ids, generated_observation  # noqa: E402
from etl.demo.levels import KpiLevel, Levels, load_levels  # noqa: E402
from etl.demo.population import Populations  # noqa: E402
from etl.demo.values import Generator, rng_for  # noqa: E402
from indicators.catalogue import Catalogue, load_catalogue  # noqa: E402
from indicators.method import load_method  # noqa: E402
from indicators.target_model import TargetDecision  # noqa: E402

TABLE_PATH = ROOT / "indicators" / "calibration_table.md"
BANDS = (("under 10 000", 0, 10_000), ("10 000–20 000", 10_000, 20_000), ("över 20 000", 20_000, 10**9))
OVER_10_000 = ("10 000–20 000", "över 20 000")  # the detection goal: municipalities over 10 000
HEADLINE_GROUPS = (("2–4", 2, 4), ("5–8", 5, 8), ("9–12", 9, 12), ("13 eller fler", 13, 10**6))


class World(Generator):
    """The demo generator with a known truth: optional worsening in the last years, and real year-to-year
    variation per municipality and year on top of sampling noise."""

    def __init__(self, levels: Levels, populations: Populations, seed: int, *, rate_cv: float, share_sd: float,
                 worse_years: int = 0, worse_sign: dict[str, float] | None = None,
                 step: dict[str, float] | None = None):
        super().__init__(levels, populations, seed)
        self.rate_cv, self.share_sd = rate_cv, share_sd
        self.worse_years, self.worse_sign, self.step = worse_years, worse_sign or {}, step or {}
        self._area: str | None = None
        self._kpi: str | None = None

    def _area_cells(self, kpi_id, entry, area, national):  # type: ignore[no-untyped-def]
        self._area, self._kpi = (None if national else area), kpi_id
        return super()._area_cells(kpi_id, entry, area, national)

    def expected(self, entry: KpiLevel, year: int, gender: str, offset: float, slope: float) -> float:
        mu = super().expected(entry, year, gender, offset, slope)
        if self._area is None or entry.level is None:
            return mu
        last = self.levels.last(entry)
        if self.worse_years and year > last - self.worse_years and self._kpi in self.worse_sign:
            mu += self.worse_sign[self._kpi] * self.step[self._kpi] * (year - (last - self.worse_years))
        noise = float(rng_for(self.seed, "extra", self._kpi, self._area, year).normal())
        mu += noise * (self.share_sd if entry.unit == "percent" else self.rate_cv * entry.level)
        if entry.unit == "percent":
            return min(max(mu, 0.3), 99.7)
        return max(mu, 0.05 * entry.level)


def flat_levels(levels: Levels, overrides: dict[str, float] | None = None) -> Levels:
    """Every municipality at Riket's level (no Värmland shift, no spread, no drift); `overrides` sets levels."""
    kpis = {}
    for kpi_id, entry in levels.kpis.items():
        if entry.level is None:
            kpis[kpi_id] = entry
            continue
        update: dict[str, float] = {"varmland": 0.0, "spread": 0.0, "drift": 0.0}
        if overrides and kpi_id in overrides:
            update["level"] = overrides[kpi_id]
        kpis[kpi_id] = entry.model_copy(update=update)
    return levels.model_copy(update={"kpis": kpis})


def world_observation(catalogue: Catalogue, levels: Levels, seed: int, **world: object) -> pl.DataFrame:
    """The observation frame of one generated world (the demo generator's shape: bare ids for the default source)."""
    populations = Populations(levels, catalogue.municipality_ids, catalogue.county_area, catalogue.country_area)
    generator = World(levels, populations, seed, **world)  # type: ignore[arg-type]
    return generated_observation(generator, levels, demo_kpi_ids(catalogue), "cal")


def build(catalogue: Catalogue, levels: Levels, seed: int, **world: object) -> dict[str, pl.DataFrame]:
    """The status and roll-up tables of one generated world: raw runs, fetched and built in a temporary folder."""
    observation = world_observation(catalogue, levels, seed, **world)
    with tempfile.TemporaryDirectory(prefix="np-calibration-") as tmp:
        return build_from_raw(catalogue, levels, observation, Path(tmp))


def build_from_frames(catalogue: Catalogue, levels: Levels, observation: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The same tables with the fetch and the replay left out: the observation frame handed to the build's
    assemble_frames as the demo does. Only for checking that the raw runs carry every figure (tests/status)."""
    kpi_ids = demo_kpi_ids(catalogue)
    frames = _assemble(catalogue, observation, _kpi_frame(levels, kpi_ids), demo_areas(catalogue),
                       pl.DataFrame(schema=RUN_SCHEMA), {})
    return {k: frames[k] for k in STATUS_TABLES}


def calibration_targets(catalogue: Catalogue, levels: Levels) -> list[TargetDecision]:
    """A target register for the target world: for every outcome indicator in percent with a generated level, a
    level target (all areas, due 2030) 2 points on the better side of that level, inside 0–100."""
    register = []
    for ind in catalogue.indicators:
        key = ind.kpi or ind.series_id
        entry = levels.kpis.get(key)
        if ind.role != "outcome" or ind.unit != "percent" or entry is None or entry.level is None:
            continue
        level = entry.level + (2.0 if ind.direction == "higher_is_better" else -2.0)
        if 0 < level < 100:
            register.append(TargetDecision(id=f"kalibrering_{ind.id}", indicator=ind.id, level=level, due=2030,
                                           status="förslag", document="Kalibrering (benchmarks/build_calibration.py)"))
    return register


def band_of(people: float) -> str:
    return next(name for name, low, high in BANDS if low <= people < high)


def municipality_rows(status: pl.DataFrame, county: str) -> pl.DataFrame:
    return status.filter((pl.col("role") == "outcome") & (pl.col("area_id") != county)
                         & pl.col("latest_value").is_not_null() & (pl.col("target_status") != "county_only"))


def judgeable(frame: pl.DataFrame) -> pl.Series:
    """Rows the method can judge at all: with some uncertainty source. A row without one (a survey measure without
    Osäkerhetstal and too few years for the series' own variation) is grey in every world, flat or worsening."""
    return frame["uncertainty_source"] != "none"


def alarm(frame: pl.DataFrame) -> pl.Series:
    return (frame["mark"] == "red") | (frame["trend"] == "worsening")


def pct(x: float) -> str:
    return "–" if x != x else f"{x * 100:.1f}".replace(".", ",") + " %"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--rate-cv", type=float, default=0.05)
    parser.add_argument("--share-sd", type=float, default=1.0)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    catalogue, method, base = load_catalogue(), load_method(), load_levels()
    cal = method.calibration
    county = catalogue.county_area
    direction = {i.kpi: i.direction for i in catalogue.indicators if i.kpi}
    worse_sign = {k: (-1.0 if d == "higher_is_better" else 1.0) for k, d in direction.items()}
    flat = flat_levels(base)
    step = {k: 2 * (cal.meaningful_points_per_year if e.unit == "percent"
                    else cal.meaningful_relative_per_year * (e.level or 0.0))
            for k, e in flat.kpis.items() if e.level is not None}
    target_register = calibration_targets(catalogue, flat)
    target_catalogue = catalogue.model_copy(update={"targets": target_register})
    target_ids = [t.indicator for t in target_register]
    world = {"rate_cv": args.rate_cv, "share_sd": args.share_sd}

    alarms: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    unjudged: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    headlines: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    target_counts: dict[str, int] = defaultdict(int)
    sizes: dict[str, float] = {}
    for rep in range(args.reps):
        seed = args.seed * 1000 + rep
        for scenario, cat, extra in (("flat", catalogue, {}),
                                     ("worse 3", catalogue, {"worse_years": 3, "worse_sign": worse_sign, "step": step}),
                                     ("worse 5", catalogue, {"worse_years": 5, "worse_sign": worse_sign, "step": step}),
                                     ("target", target_catalogue, {})):
            tables = build(cat, flat, seed, **world, **extra)
            status = tables["status"]
            if not sizes:
                pop_kpi = catalogue.support_kpis["population"]
                generator = Generator(flat, Populations(flat, catalogue.municipality_ids, county,
                                                        catalogue.country_area), seed)
                sizes = {a: v for a, y, g, v in generator.rows(pop_kpi)
                         if g == "T" and y == flat.last_year and a in catalogue.municipality_ids and v}
            if scenario == "target":
                rows = municipality_rows(status, county).filter(
                    pl.col("indicator_id").is_in(target_ids)
                    & pl.col("target_value").is_not_null()
                    & pl.col("target_status").is_in(["met", "on_pace", "too_slow", "wrong_direction", "not_yet"]))
                for ts, mark in rows.select("target_status", "mark").iter_rows():
                    target_counts[ts] += 1
                    target_counts["green"] += mark == "green"
                    target_counts["n"] += 1
                continue
            rows = municipality_rows(status, county)
            for area_id, flag, judged in zip(rows["area_id"], alarm(rows), judgeable(rows), strict=True):
                band = band_of(sizes.get(area_id, 0.0))
                cell = alarms[scenario][band] if judged else unjudged[scenario][band]
                cell[0] += int(flag)
                cell[1] += 1
            if scenario == "flat":
                for table in ("goal_status", "life_stage_status", "life_stage_goal_status"):
                    frame = tables[table].filter((pl.col("area_id") != county)
                                                 & (pl.col("headline_basis") == "distribution"))
                    for mark, n in frame.select("mark", "n_judged").iter_rows():
                        group = next(name for name, low, high in HEADLINE_GROUPS if low <= n <= high)
                        headlines[group][0] += mark == "red"
                        headlines[group][1] += 1

    def share(cell: list[int]) -> float:
        return cell[0] / cell[1] if cell[1] else float("nan")

    lines = ["| Kommunstorlek (invånare) | Falsklarm (oförändrad sanning) | Upptäckt efter 3 år | Upptäckt efter 5 år "
             "| Rader |",
             "|---|---:|---:|---:|---:|"]
    for name, _, _ in BANDS:
        lines.append(f"| {name} | {pct(share(alarms['flat'][name]))} | {pct(share(alarms['worse 3'][name]))} "
                     f"| {pct(share(alarms['worse 5'][name]))} | {alarms['flat'][name][1]} |")
    over = {s: [sum(alarms[s][b][i] for b in OVER_10_000) for i in (0, 1)] for s in ("flat", "worse 3", "worse 5")}
    lines.append(f"| över 10 000 (sammantaget) | {pct(share(over['flat']))} | {pct(share(over['worse 3']))} "
                 f"| {pct(share(over['worse 5']))} | {over['flat'][1]} |")
    left_out = sum(unjudged["flat"][b][1] for b, _, _ in BANDS)
    rows_all = left_out + sum(alarms["flat"][b][1] for b, _, _ in BANDS)
    over_all = [over["worse 5"][0] + sum(unjudged["worse 5"][b][0] for b in OVER_10_000),
                over["worse 5"][1] + sum(unjudged["worse 5"][b][1] for b in OVER_10_000)]
    lines += ["", f"Andelarna räknas på de rader som kan bedömas. {left_out} av {rows_all} kommunrader "
              f"({pct(left_out / rows_all if rows_all else float('nan'))}) saknar varje osäkerhetskälla (enkätmått "
              "utan osäkerhetstal och med för få år för seriens egen variation) och är grå i varje värld; räknade som "
              f"missade blir upptäckten efter 5 år i kommuner över 10 000 invånare {pct(share(over_all))}."]
    lines += ["", "| Bedömda indikatorer i målet/livsfasen | Röd rubrik i en oförändrad värld | Rubriker |",
              "|---|---:|---:|"]
    for name, _, _ in HEADLINE_GROUPS:
        lines.append(f"| {name} | {pct(share(headlines[name]))} | {headlines[name][1]} |")
    n = target_counts["n"]
    lines += ["", f"Mål i procent, oförändrat 2 procentenheter från målet ({n} rader): grönt (målet nått eller på väg) "
              f"{pct(target_counts['green'] / n if n else float('nan'))}; "
              + ", ".join(f"{word} {pct(target_counts[key] / n if n else float('nan'))}" for key, word in
                          (("met", "målet nått"), ("on_pace", "på väg"), ("too_slow", "för långsamt"),
                           ("wrong_direction", "fel riktning"), ("not_yet", "kan inte bedömas ännu"))) + ".",
              "",
              f"({args.reps} omgångar av hela katalogen; verklig variation mellan åren {pct(args.rate_cv)} av "
              f"nivån för antal och {str(args.share_sd).replace('.', ',')} procentenheter för andelar; försämring "
              "2 × den meningsfulla per år.)"]
    table = "\n".join(lines)
    print(table)
    if args.write:
        TABLE_PATH.write_text(table + "\n", encoding="utf-8")
        print(f"wrote {TABLE_PATH}")
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
