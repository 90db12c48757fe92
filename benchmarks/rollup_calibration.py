"""Calibration of the roll-up: the share of red headlines against the share of red indicator marks.

    .venv/bin/python benchmarks/rollup_calibration.py

Builds the demo database (etl.demo, in a temporary data directory), reads its status table and recomputes the
goal, life-stage and life-stage × goal headlines with the rule in indicators/method.yaml (rollup section) and with
the earlier rule (a red headline from at least 34 % red marks, no minimum count), and prints the shares side by side.
Goal (issue 8): the share of red headlines close to the share of red marks, at goal and at life-stage level
(within rollup.max_headline_gap_points percentage points; tests/demo asserts the same).
"""

from __future__ import annotations

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
from indicators.rollup import build_rollups, red_shares  # noqa: E402

LEVELS = {"goal": "mål", "life_stage": "livsfaser", "life_stage_goal": "livsfas × mål"}


def earlier_rule(method: Method) -> Method:
    """The rule before this calibration: red from 34 % red marks (and more red than green), no minimum count."""
    return method.model_copy(update={"rollup": method.rollup.model_copy(update={"min_marks": 1, "colour_share": 0.34})})


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
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(base_url="http://127.0.0.1:9", data_dir=Path(tmp))
        build_demo(settings)
        con = duckdb.connect(str(settings.db_path), read_only=True)
        try:
            status = con.sql("SELECT indicator_id, area_id, gender, role, mark, mark_label FROM status").pl()
        finally:
            con.close()
    old, new = figures(status, earlier_rule(method)), figures(status, method)
    marks, n_marks = new["marks"]
    gap = method.rollup.max_headline_gap_points
    print(f"Röda indikatormärken (bedömda, färgade) på demodatabasen: {pct(marks)} av {n_marks}.")
    print(f"Mål: andelen röda rubriker inom {gap:g} procentenheter från det.\n")
    print(f"{'nivå':<15} {'rubriker':>9} {'röda, tidigare regel':>21} {'röda, ny regel':>15}   {'avstånd ny':>11}")
    for key, word in LEVELS.items():
        share_old, n = old[key]
        share_new, _ = new[key]
        distance = (share_new - marks) * 100
        verdict = "ok" if abs(distance) <= gap else "UTANFÖR"
        print(f"{word:<15} {n:>9} {pct(share_old):>21} {pct(share_new):>15}   "
              f"{distance:+.1f} pe {verdict}".replace(".", ","))
    green = figures(status, method, "green")
    print(f"\nGröna indikatormärken: {pct(green['marks'][0])}; gröna rubriker (ny regel, samma för båda färgerna):")
    for key, word in LEVELS.items():
        share_new, n = green[key]
        distance = (share_new - green["marks"][0]) * 100
        verdict = "ok" if abs(distance) <= gap else "UTANFÖR"
        print(f"{word:<15} {n:>9} {pct(share_new):>15}   {distance:+.1f} pe {verdict}".replace(".", ","))
    print(f"\n{time.perf_counter() - started:.1f} s".replace(".", ","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
