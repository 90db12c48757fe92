"""Calibration of the roll-up: red headlines by chance per group size, power, and the demo database's shares.

    .venv/bin/python benchmarks/rollup_calibration.py

1. A flat world: every judged indicator red with rollup.mark_false_alarm_rate and green as often (the rest
   neutral), exactly (trinomial enumeration): the chance of a red headline per number of judged indicators under
   the rule in indicators/method.yaml (a binomial test, issue 19) and under the earlier rule (at least 2 red marks
   and at least 25 % of the coloured ones, more red than green): the earlier rule's sawtooth.
2. Power: the chance of a red headline when 2 or 4 of 8 and of 17 are truly worse (indicators.rollup.headline_power).
3. The demo database (etl.demo, in a temporary data directory): the share of red and green headlines against the
   share of red and green marks. Goal (issue 19): a red headline by chance at most rollup.headline_alpha for every
   group size; tests/status and tests/demo assert the same.
"""

from __future__ import annotations

import math
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.settings import load_settings  # noqa: E402
from etl.demo import build_demo  # noqa: E402
from indicators.catalogue import load_catalogue  # noqa: E402
from indicators.method import Method, load_method  # noqa: E402
from indicators.rollup import build_rollups, headline, headline_power, red_shares  # noqa: E402

LEVELS = {"goal": "mål", "life_stage": "livsfaser", "life_stage_goal": "livsfas × mål"}


def earlier_rule(n: int, n_red: int, n_green: int) -> bool:
    """The rule before issue 19: a red headline from 2 red marks and 25 % of the coloured ones, more red than green."""
    return n_red >= 2 and n_red / n >= 0.25 and n_red > n_green


def flat_world(n: int, method: Method) -> tuple[float, float]:
    """(new rule, earlier rule): the exact chance of a red headline among n judged indicators in a flat world."""
    p = method.rollup.mark_false_alarm_rate
    new = old = 0.0
    for red in range(n + 1):
        for green in range(n - red + 1):
            prob = (math.factorial(n) / (math.factorial(red) * math.factorial(green) * math.factorial(n - red - green))
                    * p ** red * p ** green * (1 - 2 * p) ** (n - red - green))
            slots = [("r", "red")] * red + [("g", "green")] * green + [("n", "neutral")] * (n - red - green)
            if headline(slots, method.rollup)[0] == "red":
                new += prob
            if earlier_rule(n, red, green):
                old += prob
    return new, old


def pct(x: float) -> str:
    return f"{x * 100:.1f}".replace(".", ",") + " %"


def figures(status, method: Method, colour: str = "red") -> dict[str, tuple[float, int]]:
    catalogue = load_catalogue()
    names = {a.id: a.demo_name for a in catalogue.areas}
    goals, stages, pairs = build_rollups(status, catalogue, method, names)
    return red_shares(status, {"goal": goals, "life_stage": stages, "life_stage_goal": pairs}, colour)


def main() -> int:
    started = time.perf_counter()
    method = load_method()
    alpha = method.rollup.headline_alpha
    print(f"1. En värld där inget skiljer (varje indikator röd i {pct(method.rollup.mark_false_alarm_rate)} av fallen, "
          f"grön lika ofta): röd rubrik av en slump. Mål: högst {pct(alpha)} för varje antal.")
    print(f"{'bedömda':>8} {'ny regel':>10} {'tidigare regel':>15}")
    worst = 0.0
    for n in range(2, 21):
        new, old = flat_world(n, method)
        worst = max(worst, new)
        print(f"{n:>8} {pct(new):>10} {pct(old):>15}")
    print(f"högst {pct(worst)} med den nya regeln: {'ok' if worst <= alpha else 'ÖVER MÅLET'}\n")
    detection = method.calibration.min_detection_rate
    print(f"2. Styrka (en verkligt sämre indikator röd i {pct(detection)} av fallen):")
    for n in (8, 17):
        print(f"   {n} bedömda: 2 sämre {pct(headline_power(n, 2, detection, method.rollup))}, "
              f"4 sämre {pct(headline_power(n, 4, detection, method.rollup))}")
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(base_url="http://127.0.0.1:9", data_dir=Path(tmp))
        build_demo(settings)
        con = duckdb.connect(str(settings.db_path), read_only=True)
        try:
            status = con.sql("SELECT indicator_id, area_id, gender, role, mark, mark_label FROM status").pl()
        finally:
            con.close()
    print("\n3. Demodatabasen: andel rubriker av en färg mot andel märken av samma färg (grått räknas inte).")
    for colour in ("red", "green"):
        shares = figures(status, method, colour)
        marks, n_marks = shares["marks"]
        print(f"   {colour}: märken {pct(marks)} av {n_marks}; " + ", ".join(
            f"{word} {pct(shares[key][0])} av {shares[key][1]}" for key, word in LEVELS.items()))
    print(f"\n{time.perf_counter() - started:.1f} s".replace(".", ","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
