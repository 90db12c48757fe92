"""Dashboard data layer at national scale: every views.db query each page runs, timed uncached, p95 per query.

    .venv/bin/python benchmarks/dashboard_queries.py [--areas 312] [--kpis 35] [--repeat 20]

Builds (once, kept in --cache) a database from a full fake-Kolada run at areas × KPIs (see build_scale.py), runs
each dashboard page once through Streamlit's AppTest while recording the (sql file, parameters) pairs it asks
views.db for, then runs each recorded query `--repeat` times against the file on a fresh cursor (the result cache
bypassed) and prints p50/p95 per query and the page's total. Goal: every query p95 under 50 ms at 312 × 35.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_scale import prepared, timed_build  # noqa: E402
from national import ROOT  # noqa: E402

PAGES = {
    "Översikt": (None, {}),
    "Livsskede": ("app_pages/livsskede.py", {"kommun": "1780"}),
    "Indikator": ("app_pages/indikator.py", {"kommun": "1780"}),
    "Kommunprofil": ("app_pages/kommunprofil.py", {"kommun": "1780"}),
    "Nytt sedan": ("app_pages/nytt_sedan.py", {}),
    "Data och metod": ("app_pages/metod.py", {}),
}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=312)
    parser.add_argument("--kpis", type=int, default=35)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("NP_BENCH_CACHE", "/tmp/np-bench")))
    args = parser.parse_args()
    _, data_dir = prepared(args.cache, args.areas, args.kpis)
    from core.settings import DB_NAME

    if not (data_dir / DB_NAME).is_file():
        timed_build(data_dir)
    os.environ["NP_DATA_DIR"] = str(data_dir)

    from streamlit.testing.v1 import AppTest

    from views import db

    calls: list[tuple[str, tuple]] = []
    real_query = db.query

    def recording(db_path: Path, sql_name: str, params=()):  # noqa: ANN001, ANN202 (same signature as db.query)
        calls.append((sql_name, db._freeze(params)))
        return real_query(db_path, sql_name, params)

    db.query = recording
    app = str(ROOT / "dashboard" / "app.py")
    per_page: dict[str, list[tuple[str, tuple]]] = {}
    for page, (path, query) in PAGES.items():
        db.clear_caches()
        calls.clear()
        at = AppTest.from_file(app, default_timeout=300)
        for k, v in query.items():
            at.query_params[k] = v
        at.run()
        if path:
            calls.clear()
            at.switch_page(path).run()
        if at.exception:
            raise SystemExit(f"{page}: {[e.value for e in at.exception]}")
        per_page[page] = list(dict.fromkeys(calls))
    db.query = real_query
    db_file = data_dir / DB_NAME
    print(f"dashboard queries at {args.areas} areas × {args.kpis} KPIs, each run {args.repeat}× uncached "
          f"(ms; machine shared, load average {os.getloadavg()[0]:.1f})")
    print(f"{'page':<16}{'query':<34}{'p50':>8}{'p95':>8}{'CPU p50':>9}")
    worst, worst_cpu = 0.0, 0.0
    for page, page_calls in per_page.items():
        total = 0.0
        for sql_name, params in page_calls:
            times, cpu = timed_query(db, db_file, sql_name, params, args.repeat)
            worst, worst_cpu = max(worst, p95(times)), max(worst_cpu, p95(cpu))
            total += statistics.median(times)
            print(f"{page:<16}{sql_name:<34}{statistics.median(times):>8.1f}{p95(times):>8.1f}"
                  f"{statistics.median(cpu):>9.1f}")
        print(f"{page:<16}{'= ' + str(len(page_calls)) + ' queries, sum of medians':<34}{total:>8.1f}")
    print(f"worst query p95: {worst:.1f} ms wall, {worst_cpu:.1f} ms CPU (goal < 50 ms)")
    print("CPU = user + system time of this process (all DuckDB threads) during the query: steadier than wall "
          "time on a busy machine")


def timed_query(db, db_file: Path, sql_name: str, params: tuple, repeat: int  # noqa: ANN001 (the views.db module)
                ) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of `repeat` runs of one query, each on a fresh cursor (no result cache)."""
    times, cpu = [], []
    bound = [list(p) if isinstance(p, tuple) else p for p in params]
    for _ in range(repeat):
        cur, _gen = db._cursor(db_file)
        t0, c0 = time.perf_counter(), time.process_time()
        cur.sql(db.sql_text(sql_name), params=bound).pl()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        cur.close()
    return times, cpu

if __name__ == "__main__":
    main()
