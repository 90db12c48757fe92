"""Calibration of the status method: false alarms and detection at Värmland's municipality sizes.

    .venv/bin/python benchmarks/method_calibration.py [--reps 400] [--seed 8]

Simulates yearly series with a known truth and Kolada-like noise (binomial for a share, Poisson for a rate per
100 000) at the population of each of the 16 municipalities, judges them with the REAL status code
(indicators.status.judge with the thresholds in indicators/method.yaml) and with a frozen copy of the method
before issue 8 (±3 % band around Riket, relative slope over the last five values), and prints per size band:

  false alarms – truth flat at Riket's level: share of series judged red or "försämras" in the last year;
  detection    – truth flat, then worsening by the change method.yaml calls meaningful (calibration section) for
                 `detection_years` years: share judged red or "försämras" in that last year;
  improving    – truth slowly improving (the same size of change, better direction): share judged red or
                 "försämras" (should be near 0) and share judged "förbättras".

Goals (method.yaml calibration): false alarms ≤ max_false_alarm_rate in every band, detection ≥ min_detection_rate.
It also prints what cannot be seen: per band the minimum detectable change of indicators.detectable (the change
sustained over a trend window that the trend catches min_detection_rate of the time, at the band's municipality
sizes) and, from the simulation, how many times the meaningful change a worsening must be to be caught that often
within detection_years. Where the detectable change is larger than the meaningful one the detection goal cannot be
met by any honest method; the product says so in the explanation (docs/method.md §10).
The two simulated measures are method.yaml's examples (calibration.example_*): the same as docs/method.md's table.
Synthetic series only; no real data is used. Runs in well under a minute.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from statistics import NormalDist

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indicators.catalogue import Indicator  # noqa: E402
from indicators.detectable import detectable_change, meaningful_change, population_uncertainty  # noqa: E402
from indicators.method import Method, load_method  # noqa: E402
from indicators.status import RowContext, judge  # noqa: E402

# Inhabitants of the 16 municipalities, rounded (SCB, 2023; shared/reference/pxweb). Data, not a KPI id.
POPULATION = {
    "Kil": 12_100, "Eda": 8_400, "Torsby": 11_500, "Storfors": 4_000, "Hammarö": 17_000, "Munkfors": 3_600,
    "Forshaga": 11_500, "Grums": 9_100, "Årjäng": 10_100, "Sunne": 13_200, "Karlstad": 95_900,
    "Kristinehamn": 24_200, "Filipstad": 10_300, "Hagfors": 11_300, "Arvika": 25_900, "Säffle": 15_200,
}
BANDS = (("under 10 000", 0, 10_000), ("10 000–20 000", 10_000, 20_000), ("över 20 000", 20_000, 10**9))
YEARS = list(range(2012, 2025))

# Two kinds of indicator, both judged against Riket (no value target), lower is better; levels and bases from
# method.yaml (calibration.example_*): a share of 25 % of half the inhabitants, a rate of 600 per 100 000 of all.
_CAL = load_method().calibration
KINDS = {
    "share": {"unit": "percent", "level": _CAL.example_share_level, "fraction": _CAL.example_share_fraction},
    "rate": {"unit": "per_100k", "level": _CAL.example_rate_level, "fraction": _CAL.example_rate_fraction},
}


def indicator(kind: str) -> Indicator:
    spec = KINDS[kind]
    return Indicator.model_validate({
        "id": f"sim_{kind}", "kpi": "N00000", "life_stage": "sim", "short_name": f"Simulerad {kind}",
        "goals": ["sim"], "direction": "lower_is_better", "unit": spec["unit"], "role": "outcome",
        "denominator": "population", "denominator_fraction": spec["fraction"],
    })


def truth(kind: str, shape: str, method: Method, factor: float = 1.0) -> np.ndarray:
    """The true value per year: flat, or flat then changing by `factor` × the meaningful amount per year for the
    last `detection_years` years (worsening = higher, lower is better)."""
    spec, cal = KINDS[kind], method.calibration
    level = spec["level"]
    step = cal.meaningful_points_per_year if kind == "share" else cal.meaningful_relative_per_year * level
    step *= factor
    values = np.full(len(YEARS), level)
    if shape == "flat":
        return values
    k = cal.detection_years
    sign = 1.0 if shape == "worsening" else -1.0
    values[-k:] += sign * step * np.arange(1, k + 1)
    return values


def simulate(kind: str, true_values: np.ndarray, people: int, reps: int, rng: np.random.Generator) -> np.ndarray:
    """reps × years observed values, rounded to one decimal as Kolada publishes them."""
    n = people * KINDS[kind]["fraction"]
    if kind == "share":
        counts = rng.binomial(int(round(n)), true_values / 100.0, size=(reps, len(true_values)))
        return np.round(counts / n * 100.0, 1)
    counts = rng.poisson(true_values * n / 100_000.0, size=(reps, len(true_values)))
    return np.round(counts / n * 100_000.0, 1)


# --- the method before issue 8, frozen (git show c152ce7:indicators/status.py) -------------------------------

OLD_MAX_POINTS, OLD_MIN_POINTS, OLD_STABLE, OLD_TOLERANCE = 5, 3, 0.01, 0.03


def _slope(points: Sequence[tuple[int, float]]) -> float:
    n = len(points)
    mx = sum(p[0] for p in points) / n
    my = sum(p[1] for p in points) / n
    return sum((p[0] - mx) * (p[1] - my) for p in points) / sum((p[0] - mx) ** 2 for p in points)


def old_judge(points: Sequence[tuple[int, float]], riket: float, direction_sign: float) -> tuple[str, str]:
    """(colour, trend) by the old rule: slope over the last 5 values / mean of the earlier ones vs 1 %, and
    'som riket' within ±3 % of Riket; position 2/1/0 plus the trend ±1."""
    window = list(points)[-OLD_MAX_POINTS:]
    trend = "short_series"
    if len(window) >= OLD_MIN_POINTS:
        level = sum(v for _, v in window[:-1]) / (len(window) - 1)
        rel = direction_sign * _slope(window) / abs(level) if level else 0.0
        trend = "improving" if rel >= OLD_STABLE else "worsening" if rel <= -OLD_STABLE else "stable"
    value = points[-1][1]
    diff = value - riket
    base = 1 if abs(diff) <= OLD_TOLERANCE * abs(riket) else 2 if direction_sign * diff > 0 else 0
    score = max(0, min(2, base + {"improving": 1, "worsening": -1}.get(trend, 0)))
    return ("red", "yellow", "green")[score], trend


# --- running both ------------------------------------------------------------------------------------------

def new_judge(points: list[tuple[int, float]], riket: float, people: int, ind: Indicator,
              method: Method) -> tuple[str, str]:
    ctx = RowContext(indicator=ind, area_id="0000", area_name="Sim", gender="T", is_county=False,
                     riket_by_year={y: riket for y, _ in points}, county_by_year={}, county_source=None,
                     rank=None, rank_of=None, rank_year=None, kpi_latest_year=YEARS[-1],
                     population={y: float(people) for y, _ in points})
    row = judge(points, ctx, method)
    return row["mark"], row["trend"]


def flagged(result: tuple[str, str]) -> bool:
    return result[0] == "red" or result[1] == "worsening"


def run(reps: int, seed: int) -> list[dict]:
    method = load_method()
    rng = np.random.default_rng(seed)
    rows = []
    for kind in KINDS:
        ind = indicator(kind)
        riket = KINDS[kind]["level"]
        for shape in ("flat", "worsening", "improving"):
            true_values = truth(kind, shape, method)
            for name, people in POPULATION.items():
                sims = simulate(kind, true_values, people, reps, rng)
                for sim in sims:
                    points = list(zip(YEARS, sim.tolist(), strict=True))
                    new = new_judge(points, riket, people, ind, method)
                    old = old_judge(points, riket, -1.0)
                    rows.append({"kind": kind, "shape": shape, "area": name, "people": people,
                                 "new_flag": flagged(new), "old_flag": flagged(old),
                                 "new_improving": new[1] == "improving", "old_improving": old[1] == "improving"})
        for factor in LARGER:  # how large a change must be to be caught in time
            true_values = truth(kind, "worsening", method, factor)
            for name, people in POPULATION.items():
                for sim in simulate(kind, true_values, people, max(reps // 3, 1), rng):
                    points = list(zip(YEARS, sim.tolist(), strict=True))
                    rows.append({"kind": kind, "shape": f"worsening×{factor:g}", "area": name, "people": people,
                                 "new_flag": flagged(new_judge(points, riket, people, ind, method)),
                                 "old_flag": flagged(old_judge(points, riket, -1.0)),
                                 "new_improving": False, "old_improving": False})
    return rows


LARGER = (1.5, 2.0, 3.0, 4.0, 6.0)


def pct(x: float, decimals: int = 1) -> str:
    """0.123 -> '12,3 %' (Swedish number format)."""
    return f"{x * 100:.{decimals}f}".replace(".", ",") + " %"


def rate(rows: list[dict], key: str) -> float:
    return sum(r[key] for r in rows) / len(rows) if rows else float("nan")


def report(rows: list[dict], method: Method) -> str:
    cal = method.calibration
    lines = [
        f"Kalibrering av statusmetoden – {len(rows)} simulerade serier "
        f"({len(POPULATION)} kommuner × 2 mått × 3 sanningar + större försämringar), {len(YEARS)} år, "
        f"bedömt {YEARS[-1]}.",
        f"Meningsfull försämring: andel +{cal.meaningful_points_per_year:g} procentenheter/år, antal per 100 000 "
        f"+{pct(cal.meaningful_relative_per_year, 0)} av nivån/år, i {cal.detection_years} år. "
        f"Mål: falsklarm ≤ {pct(cal.max_false_alarm_rate, 0)}, upptäckt ≥ {pct(cal.min_detection_rate, 0)}.",
        "",
        f"{'mått':<6} {'storlek (inv.)':<15} {'falsklarm gammal':>17} {'ny':>6}   {'upptäckt gammal':>16} {'ny':>6}"
        f"   {'förbättring: röd/↓ gammal':>26} {'ny':>6}   {'↑ gammal':>9} {'ny':>6}",
    ]
    verdicts = []
    for kind in KINDS:
        for band, low, high in BANDS:
            def sel(shape: str, kind: str = kind, low: int = low, high: int = high) -> list[dict]:
                return [r for r in rows if r["kind"] == kind and r["shape"] == shape and low <= r["people"] < high]
            flat, worse, better = sel("flat"), sel("worsening"), sel("improving")
            fa_old, fa_new = rate(flat, "old_flag"), rate(flat, "new_flag")
            det_old, det_new = rate(worse, "old_flag"), rate(worse, "new_flag")
            verdicts.append((kind, band, fa_new, det_new))
            lines.append(
                f"{kind:<6} {band:<15} {pct(fa_old):>17} {pct(fa_new):>6}   {pct(det_old):>16} {pct(det_new):>6}"
                f"   {pct(rate(better, 'old_flag')):>26} {pct(rate(better, 'new_flag')):>6}"
                f"   {pct(rate(better, 'old_improving')):>9} {pct(rate(better, 'new_improving')):>6}"
            )
    lines.append("")
    lines.append(f"Upptäckt (ny metod) av större försämringar (× den meningsfulla), samma {cal.detection_years} år:")
    needed: dict[tuple[str, str], float | None] = {}
    for kind in KINDS:
        for band, low, high in BANDS:
            parts = []
            for factor in (1.0, *LARGER):
                shape = "worsening" if factor == 1.0 else f"worsening×{factor:g}"
                chosen = [r for r in rows if r["kind"] == kind and r["shape"] == shape and low <= r["people"] < high]
                caught = rate(chosen, "new_flag")
                if caught >= cal.min_detection_rate and (kind, band) not in needed:
                    needed[(kind, band)] = factor
                parts.append(f"×{factor:g}".replace(".", ",") + f": {pct(caught)}")
            needed.setdefault((kind, band), None)
            lines.append(f"  {kind:<6} {band:<15} " + ", ".join(parts))
    lines.append("")
    lines.append(f"Minsta upptäckbara försämring per år (fångas i {pct(cal.min_detection_rate, 0)} av fallen), "
                 "jämfört med den meningsfulla:")
    lines.append(f"  {'mått':<6} {'storlek (inv.)':<15} {'meningsfull':>12} {'analytisk (hela fönstret)':>27} "
                 f"{'simulerad (inom ' + str(cal.detection_years) + ' år)':>24}")
    for kind in KINDS:
        spec = KINDS[kind]
        level = spec["level"]
        meaningful = meaningful_change(level, spec["unit"], cal.meaningful_points_per_year,
                                       cal.meaningful_relative_per_year)
        for band, low, high in BANDS:
            sizes = [p for p in POPULATION.values() if low <= p < high]
            found = [analytic_mdc(kind, p, method) for p in (min(sizes), max(sizes))]
            factor = needed[(kind, band)]
            sim = "över ×" + f"{LARGER[-1]:g}" if factor is None else change_text(kind, factor * meaningful)
            lines.append(f"  {kind:<6} {band:<15} {change_text(kind, meaningful):>12} "
                         f"{change_text(kind, found[0]) + '–' + change_text(kind, found[1]):>27} {sim:>24}")
    lines.append("")
    for known, words in ((True, "känner baslinjen exakt (= rikets nivå, som i simuleringen)"),
                         (False, f"skattar baslinjen ur seriens egna {len(YEARS) - cal.detection_years} tidigare år")):
        lines.append(f"Övre gräns: ett tänkt test som {words} och känner försämringens form (falsklarm "
                     f"{pct(cal.max_false_alarm_rate, 0)}) fångar den meningsfulla försämringen inom "
                     f"{cal.detection_years} år i:")
        for kind in KINDS:
            parts = []
            for band, low, high in BANDS:
                sizes = [p for p in POPULATION.values() if low <= p < high]
                bound = sum(oracle_power(kind, p, method, known) for p in sizes) / len(sizes)
                parts.append(f"{band}: {pct(bound)}")
            lines.append(f"  {kind:<6} " + ", ".join(parts))
    lines.append("")
    for kind, band, fa, det in verdicts:
        ok_fa = "ok" if fa <= cal.max_false_alarm_rate else "ÖVER MÅLET"
        if det >= cal.min_detection_rate:
            ok_det = "ok"
        else:
            factor = needed[(kind, band)]
            ok_det = ("under målet: underlaget räcker inte – en försämring fångas i "
                      f"{pct(cal.min_detection_rate, 0)} av fallen först när den är "
                      + (f"×{factor:g} den meningsfulla".replace(".", ",") if factor else f"över ×{LARGER[-1]:g}")
                      + "; förklaringen visar den minsta upptäckbara förändringen")
        lines.append(f"ny metod, {kind}, {band}: falsklarm {pct(fa)} ({ok_fa}), upptäckt {pct(det)} ({ok_det})")
    return "\n".join(lines)


def oracle_power(kind: str, people: int, method: Method, baseline_known: bool = True) -> float:
    """Power of the best possible one-sided test of the benchmark's worsening (matched filter, shape known exactly,
    Gaussian approximation) at false-alarm rate max_false_alarm_rate: no method can do better.

    baseline_known: the flat level before the change is known exactly (in the benchmark it equals Riket's, which
    no real municipality can count on); otherwise it is estimated from the series' own earlier years (all of
    YEARS), which is the bound for a method that looks only at the municipality's series."""
    spec, cal = KINDS[kind], method.calibration
    n = people * spec["fraction"]
    level = spec["level"]
    share = level / 100
    variance = share * (1 - share) / n * 100 ** 2 if kind == "share" else level * 100_000.0 / n
    ramp = truth(kind, "worsening", method) - level
    if not baseline_known:
        ramp = ramp - ramp.mean()  # the regression on [1, ramp]: the baseline costs the ramp's mean
    signal = math.sqrt(float((ramp ** 2).sum()) / variance)
    dist = NormalDist()
    return dist.cdf(signal - dist.inv_cdf(1 - cal.max_false_alarm_rate))


def analytic_mdc(kind: str, people: int, method: Method) -> float:
    """indicators.detectable's minimum detectable change for the example measure in a municipality of `people`."""
    spec, t = KINDS[kind], method.trend
    found = detectable_change(spec["level"], YEARS[-1], spec["unit"],
                              population_uncertainty(spec["unit"], people * spec["fraction"]), years_averaged=1,
                              window=t.window_years, min_years=t.min_years, z_trend=t.z,
                              z_uncertainty=method.uncertainty.z, power=method.calibration.min_detection_rate,
                              floor=0.0)
    assert found is not None
    return found


def change_text(kind: str, change: float) -> str:
    """'1,1 pe' for a share; '8 %' of the level for a rate."""
    if kind == "share":
        return f"{change:.1f} pe".replace(".", ",")
    return f"{change / KINDS[kind]['level'] * 100:.0f} %"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=300, help="simulated series per municipality, kind and truth")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    started = time.perf_counter()
    rows = run(args.reps, args.seed)
    print(report(rows, load_method()))
    print(f"\n{time.perf_counter() - started:.1f} s".replace(".", ","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
